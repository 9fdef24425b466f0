//! The light10-style Arabic stemmer of Lucene's `ArabicStemmer`, reproduced exactly.
//!
//! Light stemming strips a few frequent prefixes (the article and the
//! conjunctions glued to it) and suffixes (plural, dual, feminine and pronoun
//! endings) without trying to find a root. Lucene's rules:
//! - the first matching prefix of ال, وال, بال, كال, فال, لل, و is removed,
//!   provided at least two characters remain (three for the one-letter و);
//! - then each suffix of ها, ان, ات, ون, ين, يه, ية, ه, ة, ي is tried in that
//!   order and removed whenever it matches, provided at least two characters
//!   remain, so several suffixes can go (ساهدهات → ساهده → ساهد).
//!
//! Lengths are counted in UTF-16 code units as Java does. The stemmer only cuts
//! the ends of its input, so it returns a slice of it and never allocates.
//! Lucene applies it after its normalizer; on unnormalized input it still
//! behaves as Lucene would (ة and ى are then not folded first).

/// A prefix or suffix with its length in UTF-16 code units.
struct Affix {
    text: &'static str,
    utf16_length: usize,
}

const fn affix(text: &'static str, utf16_length: usize) -> Affix {
    Affix { text, utf16_length }
}

/// Lucene's prefixes, in Lucene's order.
const PREFIXES: [Affix; 7] = [
    affix("\u{0627}\u{0644}", 2),         // ال
    affix("\u{0648}\u{0627}\u{0644}", 3), // وال
    affix("\u{0628}\u{0627}\u{0644}", 3), // بال
    affix("\u{0643}\u{0627}\u{0644}", 3), // كال
    affix("\u{0641}\u{0627}\u{0644}", 3), // فال
    affix("\u{0644}\u{0644}", 2),         // لل
    affix("\u{0648}", 1),                 // و
];

/// Lucene's suffixes, in Lucene's order.
const SUFFIXES: [Affix; 10] = [
    affix("\u{0647}\u{0627}", 2), // ها
    affix("\u{0627}\u{0646}", 2), // ان
    affix("\u{0627}\u{062A}", 2), // ات
    affix("\u{0648}\u{0646}", 2), // ون
    affix("\u{064A}\u{0646}", 2), // ين
    affix("\u{064A}\u{0647}", 2), // يه
    affix("\u{064A}\u{0629}", 2), // ية
    affix("\u{0647}", 1),         // ه
    affix("\u{0629}", 1),         // ة
    affix("\u{064A}", 1),         // ي
];

/// Lucene keeps at least this many characters after removing an affix.
const MINIMUM_REMAINING_LENGTH: usize = 2;
/// Lucene removes the one-letter prefix و only from words of at least this length.
const MINIMUM_LENGTH_FOR_WAW_PREFIX: usize = 4;

fn utf16_length(word: &str) -> usize {
    // Arabic letters are two UTF-8 bytes and one UTF-16 unit; count the rest.
    word.chars().map(char::len_utf16).sum()
}

fn prefix_applies(word: &str, word_length: usize, prefix: &Affix) -> bool {
    if prefix.utf16_length == 1 && word_length < MINIMUM_LENGTH_FOR_WAW_PREFIX {
        return false;
    }
    if word_length < prefix.utf16_length + MINIMUM_REMAINING_LENGTH {
        return false;
    }
    word.starts_with(prefix.text)
}

fn suffix_applies(word: &str, word_length: usize, suffix: &Affix) -> bool {
    if word_length < suffix.utf16_length + MINIMUM_REMAINING_LENGTH {
        return false;
    }
    word.ends_with(suffix.text)
}

/// Stems `word` as Lucene's `ArabicStemmer.stem` does.
pub fn stem_light10(word: &str) -> &str {
    let mut stem = word;
    let mut stem_length = utf16_length(word);
    for prefix in &PREFIXES {
        if prefix_applies(stem, stem_length, prefix) {
            stem = &stem[prefix.text.len()..];
            stem_length -= prefix.utf16_length;
            break;
        }
    }
    for suffix in &SUFFIXES {
        if suffix_applies(stem, stem_length, suffix) {
            stem = &stem[..stem.len() - suffix.text.len()];
            stem_length -= suffix.utf16_length;
        }
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_conditions_follow_lucene() {
        // و needs a word of four characters: وحسن has four.
        assert_eq!(stem_light10("وحسن"), "حسن");
        assert_eq!(stem_light10("ولد"), "ولد");
        // ال needs two characters left.
        assert_eq!(stem_light10("الو"), "الو");
        assert_eq!(stem_light10("الحق"), "حق");
        // Suffixes chain.
        assert_eq!(stem_light10("ساهدهات"), "ساهد");
        assert_eq!(stem_light10(""), "");
        assert_eq!(stem_light10("English"), "English");
    }
}
