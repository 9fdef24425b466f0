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

/// What one character becomes in the normalized form, independent of digit folding:
/// dropped, a separator (folded with its neighbours into one space), a digit (kept or
/// folded to `0` by the caller), or a kept (possibly replaced) character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldClass {
    Drop,
    Separator,
    Digit(u8),
    Keep(char),
}

impl FoldClass {
    /// The character written to the normalized form, or `None` for drop/separator.
    #[inline(always)]
    pub fn kept_character(self, digit_folding: DigitFolding) -> Option<char> {
        match self {
            FoldClass::Drop | FoldClass::Separator => None,
            FoldClass::Digit(value) => Some(match digit_folding {
                DigitFolding::FoldToZero => '0',
                DigitFolding::Keep => char::from(b'0' + value),
            }),
            FoldClass::Keep(kept) => Some(kept),
        }
    }
}

/// The fold of any character (the slow path; see [`fold_step`] for the fast one).
fn fold_character(character: char) -> FoldClass {
    match character {
        ' ' => FoldClass::Separator,
        'a'..='z' => FoldClass::Keep(character),
        'A'..='Z' => FoldClass::Keep(character.to_ascii_lowercase()),
        '0'..='9' => FoldClass::Digit(character as u8 - b'0'),
        'أ' | 'إ' | 'آ' | 'ٱ' => FoldClass::Keep('ا'),
        'ى' | 'ی' => FoldClass::Keep('ي'),
        'ة' => FoldClass::Keep('ه'),
        'ک' => FoldClass::Keep('ك'),
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => FoldClass::Keep(character),
        // Arabic comma, semicolon, question mark and other signs.
        '\u{0600}'..='\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}' => FoldClass::Separator,
        // Arabic harakat, tanween, shadda, sukun, superscript alef, Quranic marks, tatweel.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{06D6}'..='\u{06ED}' => {
            FoldClass::Drop
        }
        // Zero-width and directional marks.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => FoldClass::Drop,
        '٠'..='٩' => FoldClass::Digit((character as u32 - '٠' as u32) as u8),
        '۰'..='۹' => FoldClass::Digit((character as u32 - '۰' as u32) as u8),
        _ if character.is_ascii() => FoldClass::Separator,
        _ if character.is_alphabetic() => FoldClass::Keep(character),
        _ => FoldClass::Separator,
    }
}

/// Sentence-final punctuation (used by repeat detection to split sentences).
pub fn is_sentence_terminator(character: char) -> bool {
    matches!(character, '.' | '!' | '?' | '؟' | '…' | '۔')
}

/// Closing quotes and brackets, which stay with the sentence they close.
pub fn is_closing_mark(character: char) -> bool {
    matches!(character, '"' | '\'' | '»' | '”' | '’' | ')' | ']' | '}')
}

/// What one character contributes to the normalized form, precomputed for a digit
/// folding mode: the UTF-8 bytes it writes (none for dropped characters and
/// separators), whether it is a separator, and the punctuation facts sentence
/// splitting needs, so that one pass over a text can do both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoldEntry(u64);

impl FoldEntry {
    const LENGTH_MASK: u64 = 0x7;
    const SEPARATOR: u64 = 1 << 8;
    const TERMINATOR: u64 = 1 << 9;
    const CLOSING: u64 = 1 << 10;
    const WHITESPACE: u64 = 1 << 11;
    const CHARACTER_START: u64 = 1 << 12;
    const OUTPUT_SHIFT: u32 = 32;

    fn for_character(character: char, digit_folding: DigitFolding) -> FoldEntry {
        let class = fold_character(character);
        let mut bits = FoldEntry::CHARACTER_START;
        if let Some(kept) = class.kept_character(digit_folding) {
            let mut encoded = [0u8; 4];
            let length = kept.encode_utf8(&mut encoded).len() as u64;
            bits |= length | (u64::from(u32::from_le_bytes(encoded)) << FoldEntry::OUTPUT_SHIFT);
        }
        if class == FoldClass::Separator {
            bits |= FoldEntry::SEPARATOR;
        }
        if is_sentence_terminator(character) {
            bits |= FoldEntry::TERMINATOR;
        }
        if is_closing_mark(character) {
            bits |= FoldEntry::CLOSING;
        }
        if character.is_whitespace() {
            bits |= FoldEntry::WHITESPACE;
        }
        FoldEntry(bits)
    }

    /// The entry of one character (table lookup for one- and two-byte characters).
    #[inline(always)]
    pub fn of_character(character: char, digit_folding: DigitFolding) -> FoldEntry {
        let code_point = character as usize;
        let table = fold_table(digit_folding);
        if code_point < ASCII_LEN {
            return table[code_point];
        }
        if code_point < TWO_BYTE_LEN {
            return table[TWO_BYTE_START + code_point];
        }
        FoldEntry::for_character(character, digit_folding)
    }

    /// Number of bytes the character writes (0 when dropped or a separator).
    #[inline(always)]
    pub fn output_len(self) -> usize {
        (self.0 & FoldEntry::LENGTH_MASK) as usize
    }

    /// The bytes written, little-endian in the low `output_len` bytes.
    #[inline(always)]
    pub fn output_bytes(self) -> u32 {
        (self.0 >> FoldEntry::OUTPUT_SHIFT) as u32
    }

    /// False for the entries of UTF-8 continuation bytes.
    #[inline(always)]
    pub fn starts_character(self) -> bool {
        self.0 & FoldEntry::CHARACTER_START != 0
    }

    #[inline(always)]
    pub fn is_separator(self) -> bool {
        self.0 & FoldEntry::SEPARATOR != 0
    }

    #[inline(always)]
    pub fn is_sentence_terminator(self) -> bool {
        self.0 & FoldEntry::TERMINATOR != 0
    }

    #[inline(always)]
    pub fn is_closing_mark(self) -> bool {
        self.0 & FoldEntry::CLOSING != 0
    }

    #[inline(always)]
    pub fn is_whitespace(self) -> bool {
        self.0 & FoldEntry::WHITESPACE != 0
    }
}

/// Table layout: ASCII bytes, then one slot for UTF-8 continuation bytes (they fold
/// to nothing: their character was classified at its lead byte), then every two-byte
/// character (`U+0000..U+07FF`, which covers Latin-1 punctuation and the Arabic block).
const ASCII_LEN: usize = 0x80;
const CONTINUATION_SLOT: usize = ASCII_LEN;
const TWO_BYTE_START: usize = ASCII_LEN + 1;
const TWO_BYTE_LEN: usize = 0x800;
const TABLE_LEN: usize = TWO_BYTE_START + TWO_BYTE_LEN;

type FoldTable = [FoldEntry; TABLE_LEN];

/// Lookup tables (one per digit folding mode) for every one- and two-byte character,
/// filled from [`fold_character`] so the fast and slow paths cannot disagree.
fn fold_table(digit_folding: DigitFolding) -> &'static FoldTable {
    static TABLES: std::sync::OnceLock<Box<[FoldTable; 2]>> = std::sync::OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        Box::new([DigitFolding::Keep, DigitFolding::FoldToZero].map(|mode| {
            let mut table = [FoldEntry(0); TABLE_LEN];
            for (index, entry) in table.iter_mut().enumerate() {
                let code_point = match index {
                    CONTINUATION_SLOT => continue,
                    index if index < ASCII_LEN => index as u32,
                    index => (index - TWO_BYTE_START) as u32,
                };
                if let Some(character) = char::from_u32(code_point) {
                    *entry = FoldEntry::for_character(character, mode);
                }
            }
            table
        }))
    });
    match digit_folding {
        DigitFolding::Keep => &tables[0],
        DigitFolding::FoldToZero => &tables[1],
    }
}

/// Walks a text one *byte* at a time, yielding the [`FoldEntry`] of the character that
/// starts at that byte (and an empty entry for continuation bytes). Stepping by bytes
/// rather than characters keeps the loop free of a data-dependent stride; one- and
/// two-byte characters (ASCII, Latin-1, Arabic: nearly all of the corpora) are folded
/// by table lookup, longer ones by [`fold_character`].
pub struct FoldCursor<'text> {
    text: &'text str,
    index: usize,
    table: &'static FoldTable,
    digit_folding: DigitFolding,
}

impl<'text> FoldCursor<'text> {
    pub fn new(text: &'text str, digit_folding: DigitFolding) -> FoldCursor<'text> {
        FoldCursor {
            text,
            index: 0,
            table: fold_table(digit_folding),
            digit_folding,
        }
    }

    /// Byte offset of the next byte.
    #[inline(always)]
    pub fn offset(&self) -> usize {
        self.index
    }

    /// The next byte's entry, or `None` at the end.
    #[inline(always)]
    pub fn next_entry(&mut self) -> Option<FoldEntry> {
        let bytes = self.text.as_bytes();
        let lead = *bytes.get(self.index)?;
        if lead >= 0xE0 {
            return self.next_entry_slow();
        }
        let continuation = bytes.get(self.index + 1).copied().unwrap_or(0);
        let two_byte_index =
            TWO_BYTE_START + ((usize::from(lead & 0x1F) << 6) | usize::from(continuation & 0x3F));
        let table_index = if lead < 0x80 {
            usize::from(lead)
        } else if lead < 0xC0 {
            CONTINUATION_SLOT
        } else {
            two_byte_index
        };
        self.index += 1;
        Some(self.table[table_index])
    }

    #[cold]
    fn next_entry_slow(&mut self) -> Option<FoldEntry> {
        let character = self.text.get(self.index..)?.chars().next()?;
        self.index += 1;
        Some(FoldEntry::for_character(character, self.digit_folding))
    }
}

/// Receives the bytes of the normalized form.
pub trait NormalizedSink {
    /// Appends the low `length` bytes of `bytes` (little-endian).
    fn append(&mut self, bytes: u64, length: usize);
}

impl NormalizedSink for Vec<u8> {
    #[inline(always)]
    fn append(&mut self, bytes: u64, length: usize) {
        self.extend_from_slice(&bytes.to_le_bytes()[..length]);
    }
}

/// Turns [`FoldEntry`]s into the normalized form: kept characters, one space between
/// words, none at either end. Branch-free per character.
#[derive(Debug, Default, Clone, Copy)]
pub struct NormalizedWriter {
    words: usize,
    pending_space: bool,
}

impl NormalizedWriter {
    pub fn new() -> NormalizedWriter {
        NormalizedWriter::default()
    }

    /// Words written so far.
    pub fn words(&self) -> usize {
        self.words
    }

    #[inline(always)]
    pub fn push(&mut self, entry: FoldEntry, sink: &mut impl NormalizedSink) {
        let length = entry.output_len();
        let emits = length != 0;
        let insert_space = self.pending_space & emits;
        self.words += usize::from(emits & (self.pending_space | (self.words == 0)));
        self.pending_space =
            (self.pending_space | (entry.is_separator() & (self.words > 0))) & !emits;
        let bytes = u64::from(entry.output_bytes());
        let with_space = if insert_space {
            (bytes << 8) | u64::from(b' ')
        } else {
            bytes
        };
        sink.append(with_space, length + usize::from(insert_space));
    }
}

/// Hashes the normalized form as it is produced, without building it: the hash equals
/// [`hash_normalized`] of the normalized string.
pub struct NormalizedHasher {
    buffer: [u8; NormalizedHasher::BUFFER_LEN],
    filled: usize,
    streaming: Option<xxhash_rust::xxh3::Xxh3>,
}

impl Default for NormalizedHasher {
    fn default() -> NormalizedHasher {
        NormalizedHasher::new()
    }
}

impl NormalizedHasher {
    /// Normalized forms up to about this many bytes are hashed in one call, longer ones
    /// are streamed (the result is the same).
    const BUFFER_LEN: usize = 1024;
    /// Room kept free for one unconditional 8-byte write.
    const WRITE_LEN: usize = 8;

    pub fn new() -> NormalizedHasher {
        NormalizedHasher {
            buffer: [0; NormalizedHasher::BUFFER_LEN],
            filled: 0,
            streaming: None,
        }
    }

    /// The hash of everything appended since the last `finish` (and starts over).
    pub fn finish(&mut self) -> u64 {
        let filled = std::mem::take(&mut self.filled);
        match self.streaming.take() {
            Some(mut streaming) => {
                streaming.update(&self.buffer[..filled]);
                streaming.digest()
            }
            None => xxh3_64(&self.buffer[..filled]),
        }
    }

    #[cold]
    fn flush(&mut self) {
        let streaming = self
            .streaming
            .get_or_insert_with(xxhash_rust::xxh3::Xxh3::new);
        streaming.update(&self.buffer[..self.filled]);
        self.filled = 0;
    }
}

impl NormalizedSink for NormalizedHasher {
    #[inline(always)]
    fn append(&mut self, bytes: u64, length: usize) {
        if self.filled + NormalizedHasher::WRITE_LEN > NormalizedHasher::BUFFER_LEN {
            self.flush();
        }
        if let Some(slot) = self
            .buffer
            .get_mut(self.filled..self.filled + NormalizedHasher::WRITE_LEN)
        {
            slot.copy_from_slice(&bytes.to_le_bytes());
        }
        self.filled += length;
    }
}

/// Folds `text` into `sink`; returns the number of words written.
#[inline(always)]
pub fn fold_into(text: &str, digit_folding: DigitFolding, sink: &mut impl NormalizedSink) -> usize {
    let mut cursor = FoldCursor::new(text, digit_folding);
    let mut writer = NormalizedWriter::new();
    while let Some(entry) = cursor.next_entry() {
        writer.push(entry, sink);
    }
    writer.words()
}

/// Writes the normalized form of `text` into `output` (cleared first).
pub fn normalize_into(text: &str, digit_folding: DigitFolding, output: &mut String) {
    let mut bytes = std::mem::take(output).into_bytes();
    bytes.clear();
    fold_into(text, digit_folding, &mut bytes);
    // The writer only emits whole UTF-8 characters, so this never fails.
    *output = String::from_utf8(bytes).unwrap_or_default();
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

/// Number of words in `text`, words being runs of bytes other than ASCII whitespace
/// (a byte scan the compiler vectorizes: this gates every line, so it must be cheap).
pub fn word_count(text: &str) -> usize {
    count_word_starts(text.as_bytes(), 0, text.len())
}

/// Number of word starts at byte positions `from..to` of `bytes`.
fn count_word_starts(bytes: &[u8], from: usize, to: usize) -> usize {
    let to = to.min(bytes.len());
    if from >= to {
        return 0;
    }
    let first_starts = match from.checked_sub(1).and_then(|previous| bytes.get(previous)) {
        Some(previous) => previous.is_ascii_whitespace() && !bytes[from].is_ascii_whitespace(),
        None => !bytes[from].is_ascii_whitespace(),
    };
    let later_starts = bytes[from..to]
        .iter()
        .zip(&bytes[from + 1..to])
        .filter(|(previous, current)| {
            previous.is_ascii_whitespace() && !current.is_ascii_whitespace()
        })
        .count();
    usize::from(first_starts) + later_starts
}

/// Whether `text` has more than `limit` words; long texts are scanned in chunks and
/// the scan stops as soon as the answer is known.
pub fn has_more_words_than(text: &str, limit: usize) -> bool {
    const CHUNK_BYTES: usize = 256;
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut from = 0;
    while from < bytes.len() {
        let to = (from + CHUNK_BYTES).min(bytes.len());
        words += count_word_starts(bytes, from, to);
        if words > limit {
            return true;
        }
        from = to;
    }
    false
}

/// Number of characters in `text` that are not ASCII whitespace (a byte scan).
pub fn count_visible_chars(text: &str) -> usize {
    text.bytes()
        .filter(|byte| !byte.is_ascii_whitespace() && (*byte & 0xC0) != 0x80)
        .count()
}

/// The hash and word count of `text`'s normalized form, computed in one pass without
/// building the normalized string. The hash equals [`hash_normalized`] of
/// [`normalize`]`(text, digit_folding)`.
pub fn normalized_hash_and_words(text: &str, digit_folding: DigitFolding) -> (u64, usize) {
    let mut hasher = NormalizedHasher::new();
    let words = fold_into(text, digit_folding, &mut hasher);
    (hasher.finish(), words)
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
