//! Character classes shared by the tokenizer and the normalizer.
//!
//! Both hot loops need to answer "what kind of character is this?" millions of
//! times per second. General Unicode property look-ups are slow, so this module
//! answers from two small tables for the characters that make up nearly all of
//! Arabic news (ASCII and the Arabic block U+0600–U+06FF) and falls back to the
//! standard library's Unicode properties for everything else.

/// What role a character plays when words are cut out of running text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CharClass {
    /// A letter of the Arabic script, including tatweel and presentation forms.
    ArabicLetter,
    /// A letter of any other script.
    OtherLetter,
    /// A decimal digit of any script, or another numeric character.
    Digit,
    /// A combining mark: it belongs to the character before it.
    Mark,
    /// An invisible formatting control (zero-width or bidi): it neither starts
    /// nor ends a word, so a word interrupted by one stays one word.
    Invisible,
    /// Anything else: spaces, punctuation, symbols.
    Separator,
}

const fn ascii_class(byte: u8) -> CharClass {
    match byte {
        b'a'..=b'z' | b'A'..=b'Z' => CharClass::OtherLetter,
        b'0'..=b'9' => CharClass::Digit,
        _ => CharClass::Separator,
    }
}

const fn arabic_block_class(offset: u8) -> CharClass {
    // `offset` is the code point minus U+0600.
    match offset {
        0x00..=0x0F => CharClass::Separator, // number signs (Cf), symbols, punctuation
        0x10..=0x1A => CharClass::Mark,      // Quranic honorific marks
        0x1C => CharClass::Invisible,        // ARABIC LETTER MARK (bidi)
        0x1B | 0x1D..=0x1F => CharClass::Separator,
        0x20..=0x4A => CharClass::ArabicLetter, // letters and tatweel (U+0640)
        0x4B..=0x5F => CharClass::Mark,         // harakat and extended marks
        0x60..=0x69 => CharClass::Digit,        // Arabic-Indic digits
        0x6A..=0x6D => CharClass::Separator,    // ٪ ٫ ٬ ٭
        0x6E..=0x6F => CharClass::ArabicLetter,
        0x70 => CharClass::Mark, // superscript alef
        0x71..=0xD3 => CharClass::ArabicLetter,
        0xD4 => CharClass::Separator, // ۔ full stop
        0xD5 => CharClass::ArabicLetter,
        0xD6..=0xDC => CharClass::Mark,
        0xDD..=0xDE => CharClass::Separator,
        0xDF..=0xE4 => CharClass::Mark,
        0xE5..=0xE6 => CharClass::ArabicLetter,
        0xE7..=0xE8 => CharClass::Mark,
        0xE9 => CharClass::Separator,
        0xEA..=0xED => CharClass::Mark,
        0xEE..=0xEF => CharClass::ArabicLetter,
        0xF0..=0xF9 => CharClass::Digit, // Extended Arabic-Indic (Persian) digits
        0xFA..=0xFC => CharClass::ArabicLetter,
        0xFD..=0xFE => CharClass::Separator,
        0xFF => CharClass::ArabicLetter,
    }
}

static ASCII_CLASSES: [CharClass; 128] = {
    let mut table = [CharClass::Separator; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = ascii_class(byte as u8);
        byte += 1;
    }
    table
};

static ARABIC_BLOCK_CLASSES: [CharClass; 256] = {
    let mut table = [CharClass::Separator; 256];
    let mut offset = 0;
    while offset < 256 {
        table[offset] = arabic_block_class(offset as u8);
        offset += 1;
    }
    table
};

/// Zero-width characters and bidirectional controls that carry no text.
pub(crate) fn is_invisible_control(character: char) -> bool {
    matches!(
        character,
        '\u{00AD}'              // soft hyphen
        | '\u{061C}'            // arabic letter mark
        | '\u{180E}'            // mongolian vowel separator (used as a zero-width space)
        | '\u{200B}'..='\u{200F}' // zwsp, zwnj, zwj, lrm, rlm
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner and invisible operators
        | '\u{2066}'..='\u{206F}' // bidi isolates and deprecated format controls
        | '\u{FEFF}' // byte order mark, zero-width no-break space
    )
}

/// Arabic presentation forms (ligatures and positional glyph forms), which
/// NFKC maps back to ordinary Arabic letters.
pub(crate) fn is_arabic_presentation_form(character: char) -> bool {
    matches!(character, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Arabic-script code points outside the main Arabic block.
fn is_in_other_arabic_block(character: char) -> bool {
    matches!(
        character,
        '\u{0750}'..='\u{077F}' // Arabic Supplement
        | '\u{0870}'..='\u{08FF}' // Arabic Extended-A/B
        | '\u{FB50}'..='\u{FDFF}' // Presentation Forms-A
        | '\u{FE70}'..='\u{FEFE}' // Presentation Forms-B
    )
}

/// Classifies a character that is not ASCII and not in U+0600–U+06FF.
#[cold]
fn classify_general(character: char) -> CharClass {
    if is_invisible_control(character) {
        return CharClass::Invisible;
    }
    if unicode_normalization::char::is_combining_mark(character) {
        return CharClass::Mark;
    }
    if character.is_alphabetic() {
        if is_in_other_arabic_block(character) {
            return CharClass::ArabicLetter;
        }
        return CharClass::OtherLetter;
    }
    if character.is_numeric() {
        return CharClass::Digit;
    }
    CharClass::Separator
}

/// Classifies any character.
#[inline(always)]
pub(crate) fn classify(character: char) -> CharClass {
    let code_point = character as u32;
    if code_point < 0x80 {
        return ASCII_CLASSES[code_point as usize];
    }
    if (0x0600..=0x06FF).contains(&code_point) {
        return ARABIC_BLOCK_CLASSES[(code_point - 0x0600) as usize];
    }
    classify_general(character)
}

/// Decodes the character starting at byte `position` of `text` and returns it
/// with its length in bytes. `position` must be a char boundary inside `text`.
///
/// The two-byte sequences of the Arabic block are decoded inline; everything
/// else goes through the standard decoder.
#[inline(always)]
pub(crate) fn decode_at(text: &str, position: usize) -> (char, usize) {
    let bytes = text.as_bytes();
    let lead = bytes[position];
    if lead < 0x80 {
        return (lead as char, 1);
    }
    if (0xD8..=0xDB).contains(&lead) {
        // U+0600..U+06FF: 110110xx 10xxxxxx.
        let continuation = bytes[position + 1];
        let code_point = (u32::from(lead & 0x1F) << 6) | u32::from(continuation & 0x3F);
        if let Some(character) = char::from_u32(code_point) {
            return (character, 2);
        }
    }
    match text[position..].chars().next() {
        Some(character) => (character, character.len_utf8()),
        None => ('\u{FFFD}', 1),
    }
}

/// True for characters written in the Arabic script (letters, marks, digits).
#[inline]
pub(crate) fn is_arabic_script(character: char) -> bool {
    matches!(character, '\u{0600}'..='\u{06FF}') || is_in_other_arabic_block(character)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_block_table_matches_unicode_properties() {
        for code_point in 0x0600u32..=0x06FF {
            let Some(character) = char::from_u32(code_point) else {
                continue;
            };
            let class = classify(character);
            if unicode_normalization::char::is_combining_mark(character) {
                assert_eq!(
                    class,
                    CharClass::Mark,
                    "U+{code_point:04X} is a combining mark"
                );
            } else if character.is_numeric() {
                assert_eq!(class, CharClass::Digit, "U+{code_point:04X} is numeric");
            } else if character.is_alphabetic() {
                assert_eq!(
                    class,
                    CharClass::ArabicLetter,
                    "U+{code_point:04X} is a letter"
                );
            } else {
                assert!(
                    matches!(class, CharClass::Separator | CharClass::Invisible),
                    "U+{code_point:04X} is neither letter, digit nor mark but was {class:?}"
                );
            }
        }
    }

    #[test]
    fn decode_at_agrees_with_the_standard_decoder() {
        let text = "aب\u{06F1}€😀ـ";
        for (position, expected) in text.char_indices() {
            assert_eq!(decode_at(text, position), (expected, expected.len_utf8()));
        }
    }
}
