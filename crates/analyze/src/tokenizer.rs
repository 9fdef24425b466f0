//! Cutting text into words, with byte offsets into the original text.
//!
//! Search highlights matches later, so every token keeps the byte range of its
//! surface form in the text it came from. The tokenizer is a hand-written
//! scanner over character classes, in the spirit of Unicode word boundaries
//! (UAX #29) but tuned for Arabic news:
//! - a run of Arabic letters is one word; harakat, tatweel and zero-width
//!   characters inside it do not break it;
//! - a change of script breaks a word, so the copy-link widget glued to a URL,
//!   `الرابطhttps://…`, gives `الرابط`, then `https`, …;
//! - Arabic letters glued to digits are split (`2015م` → `2015`, `م`), but Latin
//!   letters and digits stay together (`G20`, `mp3`);
//! - numbers keep their decimal and thousands separators between digits
//!   (`3.5`, `1,000`, `٣٫٥`), and Latin words keep an apostrophe or a period
//!   between letters (`don't`, `arabic.rt.com`).
//!
//! The keyword tokenizer makes the whole input one token, as in Elasticsearch.

use serde::{Deserialize, Serialize};

use crate::char_class::{classify, decode_at, CharClass};

/// Which tokenizer cuts the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenizerKind {
    /// Words, numbers and script runs, as described in the module docs.
    #[default]
    Standard,
    /// The whole (non-empty) input is one token.
    Keyword,
}

impl TokenizerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenizerKind::Standard => "standard",
            TokenizerKind::Keyword => "keyword",
        }
    }
}

impl std::str::FromStr for TokenizerKind {
    type Err = crate::ParseNameError;

    fn from_str(name: &str) -> Result<TokenizerKind, crate::ParseNameError> {
        match name {
            "standard" => Ok(TokenizerKind::Standard),
            "keyword" => Ok(TokenizerKind::Keyword),
            _ => Err(crate::ParseNameError::new(
                "tokenizer",
                name,
                "standard, keyword",
            )),
        }
    }
}

/// A byte range `start..end` of the original text holding one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// What kind of word is being scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordKind {
    Arabic,
    /// Letters of other scripts and digits (a number is an alphanumeric word
    /// that starts with a digit).
    Alphanumeric,
}

/// Characters that join two digits into one number.
fn joins_digits(character: char) -> bool {
    matches!(character, '.' | ',' | '\u{066B}' | '\u{066C}')
}

/// Characters that join two non-Arabic letters into one word.
fn joins_letters(character: char) -> bool {
    matches!(character, '\'' | '\u{2019}' | '.')
}

/// Calls `sink` with the span of every token of `text`, in order, for the
/// given tokenizer kind.
pub fn for_each_span(text: &str, kind: TokenizerKind, sink: impl FnMut(Span)) {
    match kind {
        TokenizerKind::Standard => for_each_word_span(text, sink),
        TokenizerKind::Keyword => for_each_keyword_span(text, sink),
    }
}

fn for_each_keyword_span(text: &str, mut sink: impl FnMut(Span)) {
    if !text.is_empty() {
        sink(Span {
            start: 0,
            end: text.len(),
        });
    }
}

/// Returns the spans of every token of `text`.
pub fn tokenize(text: &str, kind: TokenizerKind) -> Vec<Span> {
    let mut spans = Vec::new();
    for_each_span(text, kind, |span| spans.push(span));
    spans
}

/// The class of the character at `position`, or `None` at the end of the text.
#[inline]
fn class_at(text: &str, position: usize) -> Option<(char, usize, CharClass)> {
    if position >= text.len() {
        return None;
    }
    let (character, length) = decode_at(text, position);
    Some((character, length, classify(character)))
}

fn for_each_word_span(text: &str, mut sink: impl FnMut(Span)) {
    let bytes = text.as_bytes();
    let mut position = 0;
    while position < bytes.len() {
        // Skip to the first character that can start a word. ASCII separators
        // (spaces, punctuation) are the common case, so they are skipped inline.
        let byte = bytes[position];
        if byte < 0x80 && !byte.is_ascii_alphanumeric() {
            position += 1;
            continue;
        }
        let (character, length) = decode_at(text, position);
        let word_kind = match classify(character) {
            CharClass::ArabicLetter => WordKind::Arabic,
            CharClass::OtherLetter | CharClass::Digit => WordKind::Alphanumeric,
            CharClass::Mark | CharClass::Invisible | CharClass::Separator => {
                position += length;
                continue;
            }
        };
        let start = position;
        let word_end = scan_word(text, start + length, classify(character), word_kind);
        sink(Span {
            start,
            end: word_end.content_end,
        });
        position = word_end.resume_at;
    }
}

struct WordEnd {
    /// Where the word's last letter, digit or mark ends.
    content_end: usize,
    /// Where scanning for the next word resumes.
    resume_at: usize,
}

/// Scans the rest of a word that started before `position`.
#[inline]
fn scan_word(
    text: &str,
    mut position: usize,
    first_class: CharClass,
    word_kind: WordKind,
) -> WordEnd {
    let bytes = text.as_bytes();
    let mut content_end = position;
    let mut last_content_class = first_class;
    while position < bytes.len() {
        let byte = bytes[position];
        // ASCII fast path for Latin words and numbers.
        if byte < 0x80 {
            if word_kind == WordKind::Alphanumeric && byte.is_ascii_alphanumeric() {
                position += 1;
                content_end = position;
                last_content_class = if byte.is_ascii_digit() {
                    CharClass::Digit
                } else {
                    CharClass::OtherLetter
                };
                continue;
            }
            if word_kind == WordKind::Alphanumeric
                && joins_inside_word(text, position, byte as char, last_content_class)
            {
                position += 1;
                continue;
            }
            break;
        }
        let (character, length) = decode_at(text, position);
        let class = classify(character);
        let continues = match (word_kind, class) {
            (_, CharClass::Mark) => true,
            (_, CharClass::Invisible) => {
                // Belongs to the word only if the word goes on after it.
                position += length;
                continue;
            }
            (WordKind::Arabic, CharClass::ArabicLetter) => true,
            (WordKind::Alphanumeric, CharClass::OtherLetter | CharClass::Digit) => true,
            (WordKind::Alphanumeric, CharClass::Separator) => {
                if joins_inside_word(text, position, character, last_content_class) {
                    position += length;
                    continue;
                }
                false
            }
            _ => false,
        };
        if !continues {
            break;
        }
        position += length;
        content_end = position;
        if class != CharClass::Mark {
            last_content_class = class;
        }
    }
    WordEnd {
        content_end,
        resume_at: position.max(content_end),
    }
}

/// True when the joiner at `position` sits between two characters it joins:
/// digits for number separators, non-Arabic letters for apostrophes and periods.
/// The joiner must directly follow the word's content.
#[inline]
fn joins_inside_word(
    text: &str,
    position: usize,
    joiner: char,
    last_content_class: CharClass,
) -> bool {
    let next_position = position + joiner.len_utf8();
    let Some((_, _, next_class)) = class_at(text, next_position) else {
        return false;
    };
    match (last_content_class, next_class) {
        (CharClass::Digit, CharClass::Digit) => joins_digits(joiner),
        (CharClass::OtherLetter, CharClass::OtherLetter) => joins_letters(joiner),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surfaces(text: &str) -> Vec<&str> {
        tokenize(text, TokenizerKind::Standard)
            .into_iter()
            .map(|span| &text[span.start..span.end])
            .collect()
    }

    #[test]
    fn splits_arabic_glued_to_a_url() {
        assert_eq!(
            surfaces("انسخ الرابطhttps://arabic.rt.com/news/31106/"),
            ["انسخ", "الرابط", "https", "arabic.rt.com", "news", "31106"]
        );
    }

    #[test]
    fn keeps_numbers_with_separators() {
        assert_eq!(
            surfaces("في عام 2008 نما 3.5% و1,000 ريال، ٣٫٥ مليون."),
            [
                "في",
                "عام",
                "2008",
                "نما",
                "3.5",
                "و",
                "1,000",
                "ريال",
                "٣٫٥",
                "مليون"
            ]
        );
    }

    #[test]
    fn splits_arabic_letters_from_digits_but_not_latin() {
        assert_eq!(
            surfaces("2015م قمة G20 mp3"),
            ["2015", "م", "قمة", "G20", "mp3"]
        );
    }

    #[test]
    fn marks_tatweel_and_zero_width_stay_inside_words() {
        assert_eq!(
            surfaces("أعلَنَ روبرـــــت كل\u{200C}مة \u{200F}نص\u{200F}"),
            ["أعلَنَ", "روبرـــــت", "كل\u{200C}مة", "نص"]
        );
    }

    #[test]
    fn latin_words_keep_inner_apostrophes_and_periods() {
        assert_eq!(
            surfaces("don't stop U.S. 'quoted' end."),
            ["don't", "stop", "U.S", "quoted", "end"]
        );
    }

    #[test]
    fn keyword_tokenizer_takes_the_whole_input() {
        assert_eq!(
            tokenize("  مرحبا بكم ", TokenizerKind::Keyword),
            [Span {
                start: 0,
                end: "  مرحبا بكم ".len()
            }]
        );
        assert!(tokenize("", TokenizerKind::Keyword).is_empty());
    }

    #[test]
    fn other_scripts_are_words() {
        assert_eq!(
            surfaces("Москва, Ελλάδα; 東京"),
            ["Москва", "Ελλάδα", "東京"]
        );
    }
}
