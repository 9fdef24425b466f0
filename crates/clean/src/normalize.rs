//! One normalization shared by every comparison the cleaner makes, so that a
//! rule pattern, a learned line and a repeated sentence are all compared in the
//! same space: Arabic diacritics and tatweel removed, alef/ya/ta-marbuta forms
//! unified, punctuation and whitespace folded to single spaces, Latin lowercased.
//!
//! Digits are optionally folded to `0` (as in CCNet) for learned boilerplate, where
//! templated lines differ only by a number (an SMS code, a date), but not for repeat
//! detection, where "5 dead" and "6 dead" are different sentences.

use xxhash_rust::xxh3::xxh3_64;

/// Whether digits are folded to `0` by [`normalize_into`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigitFolding {
    Keep,
    FoldToZero,
}

/// Writes the normalized form of `text` into `output` (cleared first).
pub fn normalize_into(text: &str, digit_folding: DigitFolding, output: &mut String) {
    output.clear();
    let mut pending_space = false;
    for character in text.chars() {
        let folded = match fold_character(character, digit_folding) {
            Folded::Drop => continue,
            Folded::Separator => {
                pending_space = !output.is_empty();
                continue;
            }
            Folded::Keep(kept) => kept,
        };
        if pending_space {
            output.push(' ');
            pending_space = false;
        }
        output.push(folded);
    }
}

/// The normalized form of `text`, allocated.
pub fn normalize(text: &str, digit_folding: DigitFolding) -> String {
    let mut output = String::with_capacity(text.len());
    normalize_into(text, digit_folding, &mut output);
    output
}

/// A 64-bit hash of an already normalized string.
pub fn hash_normalized(normalized: &str) -> u64 {
    xxh3_64(normalized.as_bytes())
}

enum Folded {
    Drop,
    Separator,
    Keep(char),
}

#[inline(always)]
fn fold_character(character: char, digit_folding: DigitFolding) -> Folded {
    match character {
        // Fast paths first: space, ASCII, the common Arabic letters.
        ' ' => Folded::Separator,
        'a'..='z' => Folded::Keep(character),
        'A'..='Z' => Folded::Keep(character.to_ascii_lowercase()),
        '0'..='9' => fold_digit(character as u32 - '0' as u32, digit_folding),
        'أ' | 'إ' | 'آ' => Folded::Keep('ا'),
        'ى' => Folded::Keep('ي'),
        'ة' => Folded::Keep('ه'),
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => Folded::Keep(character),
        // Arabic comma, semicolon, question mark and other signs.
        '\u{0600}'..='\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}' => Folded::Separator,
        // Arabic harakat, tanween, shadda, sukun, superscript alef, Quranic marks, tatweel.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}' => Folded::Drop,
        // Zero-width and directional marks.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => Folded::Drop,
        'ٱ' => Folded::Keep('ا'),
        'ی' => Folded::Keep('ي'),
        'ک' => Folded::Keep('ك'),
        '٠'..='٩' => fold_digit(character as u32 - '٠' as u32, digit_folding),
        '۰'..='۹' => fold_digit(character as u32 - '۰' as u32, digit_folding),
        _ if character.is_ascii() => Folded::Separator,
        _ if character.is_alphabetic() => Folded::Keep(character),
        _ => Folded::Separator,
    }
}

fn fold_digit(value: u32, digit_folding: DigitFolding) -> Folded {
    match digit_folding {
        DigitFolding::FoldToZero => Folded::Keep('0'),
        DigitFolding::Keep => Folded::Keep(char::from_digit(value, 10).unwrap_or('0')),
    }
}

/// Number of words in `text`, words being runs of bytes other than ASCII whitespace
/// (a byte scan: this gates every line, so it must be cheap).
pub fn word_count(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for byte in text.bytes() {
        let is_space = byte.is_ascii_whitespace();
        if !is_space && !in_word {
            words += 1;
        }
        in_word = !is_space;
    }
    words
}

/// Number of characters in `text` that are not ASCII whitespace (a byte scan).
pub fn count_visible_chars(text: &str) -> usize {
    text.bytes()
        .filter(|byte| !byte.is_ascii_whitespace() && (*byte & 0xC0) != 0x80)
        .count()
}

/// The hash and word count of `text`'s normalized form, computed in one pass without
/// building the normalized string. Equal normalized forms give equal hashes.
pub fn normalized_hash_and_words(text: &str, digit_folding: DigitFolding) -> (u64, usize) {
    const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;
    const WORD_SEPARATOR: u64 = 0x20;
    let mut hash: u64 = 0xCBF2_9CE4_8422_2325;
    let mut words = 0;
    let mut pending_space = false;
    for character in text.chars() {
        let folded = match fold_character(character, digit_folding) {
            Folded::Drop => continue,
            Folded::Separator => {
                pending_space = words > 0;
                continue;
            }
            Folded::Keep(kept) => kept,
        };
        if pending_space || words == 0 {
            if words > 0 {
                hash = (hash ^ WORD_SEPARATOR)
                    .wrapping_mul(MULTIPLIER)
                    .rotate_left(29);
            }
            words += 1;
            pending_space = false;
        }
        hash = (hash ^ u64::from(u32::from(folded)))
            .wrapping_mul(MULTIPLIER)
            .rotate_left(29);
    }
    (hash ^ (hash >> 32), words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_arabic_variants_punctuation_and_whitespace() {
        let with_marks = "  أَعْلَنَ   الأمـــين، العامّ «للحلف» إلى القمة. ";
        let plain = "اعلن الامين العام للحلف الي القمه";
        assert_eq!(normalize(with_marks, DigitFolding::Keep), plain);
    }

    #[test]
    fn digits_fold_only_when_asked() {
        assert_eq!(
            normalize("رمز ١٥٣ و 88548", DigitFolding::Keep),
            "رمز 153 و 88548"
        );
        assert_eq!(
            normalize("رمز ١٥٣ و 88548", DigitFolding::FoldToZero),
            "رمز 000 و 00000"
        );
    }

    #[test]
    fn streaming_hash_agrees_with_normalized_string() {
        let variants = [
            "أعلنَ الوزيرُ، اليوم",
            "اعلن   الوزير اليوم.",
            "«أعلن» الوزير - اليوم",
        ];
        let expected = normalized_hash_and_words(variants[0], DigitFolding::Keep);
        assert_eq!(expected.1, 3);
        for variant in variants {
            assert_eq!(
                normalized_hash_and_words(variant, DigitFolding::Keep),
                expected
            );
        }
        assert_ne!(
            normalized_hash_and_words("اعلن الوزيراليوم", DigitFolding::Keep),
            expected
        );
        assert_eq!(word_count("  a  bb\tc \n"), 3);
        assert_eq!(count_visible_chars(" أب c "), 3);
    }

    #[test]
    fn latin_is_lowercased() {
        assert_eq!(normalize("Read MORE »", DigitFolding::Keep), "read more");
    }
}
