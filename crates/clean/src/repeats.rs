//! Repeated paragraphs and sentences inside one article: crawls paste a body twice or
//! repeat the lead as the first body paragraph. The first occurrence is kept, later
//! ones are removed; "repeat" is decided on the normalized form (diacritics, tatweel,
//! letter variants, punctuation and whitespace folded), so near-identical copies count.
//!
//! Speed: [`ArticleRepeats`] (what the cleaner uses) gives every sentence a cheap
//! *fingerprint*: sentence ends are found with `memchr`, and only the first and last
//! few bytes of each sentence's normalized form are computed and hashed. Equal
//! normalized forms have equal fingerprints, so a sentence whose fingerprint is new
//! cannot be a repeat; only on a fingerprint collision are the whole normalized forms
//! hashed and compared. The decisions are exactly those of [`RepeatTracker`], which
//! normalizes every sentence (tested).

use std::collections::{HashMap, HashSet};

use xxhash_rust::xxh3::xxh3_64;

use crate::normalize::{
    is_closing_mark, is_sentence_terminator, normalized_hash_and_words, DigitFolding, FoldCursor,
    FoldEntry, NormalizedHasher, NormalizedSink, NormalizedWriter,
};

/// Rule names recorded in `Removal`s made by this module.
pub const REPEATED_PARAGRAPH_RULE: &str = "repeated_paragraph";
pub const REPEATED_SENTENCE_RULE: &str = "repeated_sentence";

/// What to do with one line (paragraph).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepeatOutcome {
    Keep,
    /// The whole paragraph already appeared.
    RemoveParagraph,
    /// Some sentences already appeared: keep `kept` (possibly empty), remove `removed`.
    RemoveSentences {
        kept: String,
        removed: Vec<String>,
    },
}

/// One sentence of a paragraph: its byte range, the value accumulated over its
/// normalized characters (a hash or a fingerprint) and a count (words or characters,
/// zero exactly when the normalized form is empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SentenceSpan {
    start: usize,
    end: usize,
    value: u64,
    count: usize,
}

/// What [`scan_sentences`] accumulates over each sentence's characters.
trait SentenceAccumulator {
    fn push(&mut self, entry: FoldEntry);
    /// The value and count of the sentence so far; starts the next sentence.
    fn finish(&mut self) -> (u64, usize);
}

/// The hash and word count of the normalized form.
#[derive(Default)]
struct ExactAccumulator {
    writer: NormalizedWriter,
    hasher: NormalizedHasher,
}

impl SentenceAccumulator for ExactAccumulator {
    #[inline(always)]
    fn push(&mut self, entry: FoldEntry) {
        self.writer.push(entry, &mut self.hasher);
    }

    fn finish(&mut self) -> (u64, usize) {
        let words = self.writer.words();
        self.writer = NormalizedWriter::new();
        (self.hasher.finish(), words)
    }
}

/// Splits `paragraph` into sentences as [`split_sentences`] does, accumulating each
/// sentence's normalized characters (digits kept), in one pass over the text. Every
/// terminator, closing mark and whitespace character is a separator for the
/// normalization, so sentence boundaries never fall inside a word.
fn scan_sentences(
    paragraph: &str,
    accumulator: &mut impl SentenceAccumulator,
    sentences: &mut Vec<SentenceSpan>,
) {
    sentences.clear();
    let mut cursor = FoldCursor::new(paragraph, DigitFolding::Keep);
    let mut sentence_start = 0;
    // After a terminator (and any closing marks or further terminators), the next
    // whitespace ends the sentence.
    let mut after_terminator = false;
    loop {
        let offset = cursor.offset();
        let Some(entry) = cursor.next_entry() else {
            break;
        };
        if entry.starts_character() {
            if after_terminator && !entry.is_sentence_terminator() && !entry.is_closing_mark() {
                after_terminator = false;
                if entry.is_whitespace() {
                    let (value, count) = accumulator.finish();
                    sentences.push(SentenceSpan {
                        start: sentence_start,
                        end: offset,
                        value,
                        count,
                    });
                    sentence_start = offset;
                    continue;
                }
            }
            after_terminator |= entry.is_sentence_terminator();
        }
        accumulator.push(entry);
    }
    let (value, count) = accumulator.finish();
    if sentence_start < paragraph.len() {
        sentences.push(SentenceSpan {
            start: sentence_start,
            end: paragraph.len(),
            value,
            count,
        });
    }
}

/// The paragraph identity: a hash of its non-empty sentences' values, in order.
fn paragraph_value(sentences: &[SentenceSpan], key_bytes: &mut Vec<u8>) -> (u64, usize) {
    key_bytes.clear();
    let mut count = 0;
    for sentence in sentences {
        if sentence.count > 0 {
            key_bytes.extend_from_slice(&sentence.value.to_le_bytes());
        }
        count += sentence.count;
    }
    (xxh3_64(key_bytes), count)
}

/// The kept part of `line`: its sentences not marked in `removed`, trimmed, joined by
/// one space.
fn join_kept_sentences(line: &str, sentences: &[SentenceSpan], removed: &[bool]) -> String {
    let mut kept = String::new();
    for (sentence, is_removed) in sentences.iter().zip(removed) {
        let text = line[sentence.start..sentence.end].trim();
        if *is_removed || text.is_empty() {
            continue;
        }
        if !kept.is_empty() {
            kept.push(' ');
        }
        kept.push_str(text);
    }
    kept
}

/// Remembers the paragraphs and sentences already kept in one article, hashing every
/// sentence (the reference implementation; the cleaner uses [`ArticleRepeats`]).
#[derive(Default)]
pub struct RepeatTracker {
    seen_paragraphs: HashSet<u64>,
    seen_sentences: HashSet<u64>,
    /// Scratch buffers reused from line to line.
    sentences: Vec<SentenceSpan>,
    removed: Vec<bool>,
    paragraph_key_bytes: Vec<u8>,
    accumulator: ExactAccumulator,
}

impl std::fmt::Debug for RepeatTracker {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("RepeatTracker")
            .field("seen_paragraphs", &self.seen_paragraphs.len())
            .field("seen_sentences", &self.seen_sentences.len())
            .finish()
    }
}

impl RepeatTracker {
    pub fn new() -> RepeatTracker {
        RepeatTracker::default()
    }

    /// Decides about `line` (a trimmed, non-empty paragraph) and remembers what it keeps.
    pub fn filter_line(
        &mut self,
        line: &str,
        min_paragraph_words: usize,
        min_sentence_words: usize,
    ) -> RepeatOutcome {
        scan_sentences(line, &mut self.accumulator, &mut self.sentences);
        let (paragraph_hash, paragraph_words) =
            paragraph_value(&self.sentences, &mut self.paragraph_key_bytes);
        let paragraph_is_long_enough = paragraph_words >= min_paragraph_words;
        if paragraph_is_long_enough && self.seen_paragraphs.contains(&paragraph_hash) {
            return RepeatOutcome::RemoveParagraph;
        }
        self.removed.clear();
        let mut removed_sentences: Vec<String> = Vec::new();
        for sentence in &self.sentences {
            let is_repeat = sentence.count > 0
                && sentence.count >= min_sentence_words
                && !self.seen_sentences.insert(sentence.value);
            if is_repeat {
                removed_sentences.push(line[sentence.start..sentence.end].trim().to_string());
            }
            self.removed.push(is_repeat);
        }
        if paragraph_is_long_enough {
            self.seen_paragraphs.insert(paragraph_hash);
        }
        if removed_sentences.is_empty() {
            return RepeatOutcome::Keep;
        }
        RepeatOutcome::RemoveSentences {
            kept: join_kept_sentences(line, &self.sentences, &self.removed),
            removed: removed_sentences,
        }
    }
}

/// A sentence or paragraph already seen in the article.
struct Seen<'text> {
    text: &'text str,
    /// The previous entry with the same fingerprint (a chain through the list).
    previous_same_fingerprint: Option<usize>,
    /// Hash and word count of the normalized form, computed on first need.
    exact: Option<(u64, usize)>,
}

/// Entries keyed by fingerprint, with their exact identity computed lazily.
#[derive(Default)]
struct SeenByFingerprint<'text> {
    entries: Vec<Seen<'text>>,
    last_by_fingerprint: HashMap<u64, usize>,
}

impl<'text> SeenByFingerprint<'text> {
    fn has_fingerprint(&self, fingerprint: u64) -> bool {
        self.last_by_fingerprint.contains_key(&fingerprint)
    }

    fn insert(&mut self, fingerprint: u64, text: &'text str, exact: Option<(u64, usize)>) {
        let previous_same_fingerprint = self
            .last_by_fingerprint
            .insert(fingerprint, self.entries.len());
        self.entries.push(Seen {
            text,
            previous_same_fingerprint,
            exact,
        });
    }

    /// Whether an entry with this fingerprint has the exact identity `exact_hash`;
    /// `exact_of` computes an entry's identity from its text.
    fn contains_exact(
        &mut self,
        fingerprint: u64,
        exact_hash: u64,
        exact_of: impl Fn(&str) -> (u64, usize),
    ) -> bool {
        let mut next = self.last_by_fingerprint.get(&fingerprint).copied();
        while let Some(index) = next {
            let entry = &mut self.entries[index];
            let (hash, _) = *entry.exact.get_or_insert_with(|| exact_of(entry.text));
            if hash == exact_hash {
                return true;
            }
            next = entry.previous_same_fingerprint;
        }
        false
    }
}

/// The repeat decisions of [`RepeatTracker`] for one article, hashing the normalized
/// form only of sentences and paragraphs whose fingerprint was seen before.
pub struct ArticleRepeats<'text> {
    min_paragraph_words: usize,
    min_sentence_words: usize,
    sentences: SeenByFingerprint<'text>,
    paragraphs: SeenByFingerprint<'text>,
    /// Scratch buffers reused from line to line.
    spans: Vec<SentenceSpan>,
    removed: Vec<bool>,
    key_bytes: Vec<u8>,
}

impl<'text> ArticleRepeats<'text> {
    pub fn new(min_paragraph_words: usize, min_sentence_words: usize) -> ArticleRepeats<'text> {
        ArticleRepeats {
            min_paragraph_words,
            min_sentence_words,
            sentences: SeenByFingerprint::default(),
            paragraphs: SeenByFingerprint::default(),
            spans: Vec::new(),
            removed: Vec::new(),
            key_bytes: Vec::new(),
        }
    }

    /// Decides about `line` (a trimmed, non-empty paragraph) and remembers it.
    pub fn filter_line(&mut self, line: &'text str) -> RepeatOutcome {
        fingerprint_sentences(line, &mut self.spans);
        let (paragraph_fingerprint, _) = paragraph_value(&self.spans, &mut self.key_bytes);
        let mut paragraph_exact = None;
        if self.paragraphs.has_fingerprint(paragraph_fingerprint) {
            let (hash, words) = exact_paragraph(line);
            paragraph_exact = Some((hash, words));
            if words >= self.min_paragraph_words
                && self
                    .paragraphs
                    .contains_exact(paragraph_fingerprint, hash, exact_paragraph)
            {
                return RepeatOutcome::RemoveParagraph;
            }
        }
        self.removed.clear();
        let mut removed_sentences: Vec<String> = Vec::new();
        for span in &self.spans {
            let text = &line[span.start..span.end];
            let mut is_repeat = false;
            if span.count > 0 {
                let mut exact = None;
                if self.sentences.has_fingerprint(span.value) {
                    let (hash, words) = normalized_hash_and_words(text, DigitFolding::Keep);
                    exact = Some((hash, words));
                    is_repeat = words >= self.min_sentence_words
                        && self
                            .sentences
                            .contains_exact(span.value, hash, exact_sentence);
                }
                if is_repeat {
                    removed_sentences.push(text.trim().to_string());
                } else {
                    self.sentences.insert(span.value, text, exact);
                }
            }
            self.removed.push(is_repeat);
        }
        self.paragraphs
            .insert(paragraph_fingerprint, line, paragraph_exact);
        if removed_sentences.is_empty() {
            return RepeatOutcome::Keep;
        }
        RepeatOutcome::RemoveSentences {
            kept: join_kept_sentences(line, &self.spans, &self.removed),
            removed: removed_sentences,
        }
    }
}

/// How many bytes of each end of a sentence's normalized form its fingerprint covers.
const FINGERPRINT_EDGE_BYTES: usize = 24;

/// The sentences of `paragraph` (as [`split_sentences`] cuts them, every byte in one
/// span) with a fingerprint of each: a hash of the first and of the last
/// [`FINGERPRINT_EDGE_BYTES`] bytes of its normalized form, and whether that form is
/// non-empty (`count` 1 or 0). Sentence ends are found with `memchr`, and only the
/// ends of each sentence are normalized, so most of the text is never decoded.
fn fingerprint_sentences(paragraph: &str, sentences: &mut Vec<SentenceSpan>) {
    sentences.clear();
    let mut start = 0;
    for_each_sentence_end(paragraph, |end| {
        sentences.push(fingerprint_span(paragraph, start, end));
        start = end;
    });
    if start < paragraph.len() {
        sentences.push(fingerprint_span(paragraph, start, paragraph.len()));
    }
}

fn fingerprint_span(paragraph: &str, start: usize, end: usize) -> SentenceSpan {
    let text = &paragraph[start..end];
    let mut edges = EdgeBuffer::default();
    let mut cursor = FoldCursor::new(text, DigitFolding::Keep);
    let mut writer = NormalizedWriter::new();
    while edges.filled < FINGERPRINT_EDGE_BYTES {
        let Some(entry) = cursor.next_entry() else {
            break;
        };
        writer.push(entry, &mut edges);
    }
    let is_empty = writer.words() == 0;
    // The end, normalized backwards: kept characters in reverse order, one space for
    // a run of separators between two of them.
    let mut pending_space = false;
    let mut reversed_written = 0;
    for character in text.chars().rev() {
        if reversed_written >= FINGERPRINT_EDGE_BYTES || is_empty {
            break;
        }
        let entry = FoldEntry::of_character(character, DigitFolding::Keep);
        let length = entry.output_len();
        if length == 0 {
            pending_space |= entry.is_separator() && reversed_written > 0;
            continue;
        }
        if pending_space {
            edges.push_suffix_byte(b' ');
            reversed_written += 1;
            pending_space = false;
        }
        for byte in &entry.output_bytes().to_le_bytes()[..length] {
            edges.push_suffix_byte(*byte);
        }
        reversed_written += length;
    }
    SentenceSpan {
        start,
        end,
        value: edges.digest(),
        count: usize::from(!is_empty),
    }
}

/// The first and last bytes of a normalized form, for [`fingerprint_span`].
struct EdgeBuffer {
    prefix: [u8; EdgeBuffer::LEN],
    filled: usize,
    suffix: [u8; EdgeBuffer::LEN],
    suffix_filled: usize,
}

impl Default for EdgeBuffer {
    fn default() -> EdgeBuffer {
        EdgeBuffer {
            prefix: [0; EdgeBuffer::LEN],
            filled: 0,
            suffix: [0; EdgeBuffer::LEN],
            suffix_filled: 0,
        }
    }
}

impl EdgeBuffer {
    /// Room for the edge and the last character and space written past it.
    const LEN: usize = FINGERPRINT_EDGE_BYTES + 16;

    fn push_suffix_byte(&mut self, byte: u8) {
        if let Some(slot) = self.suffix.get_mut(self.suffix_filled) {
            *slot = byte;
            self.suffix_filled += 1;
        }
    }

    fn digest(&self) -> u64 {
        let prefix_hash = xxh3_64(&self.prefix[..self.filled]);
        let suffix_hash = xxh3_64(&self.suffix[..self.suffix_filled]);
        prefix_hash ^ suffix_hash.rotate_left(32)
    }
}

impl NormalizedSink for EdgeBuffer {
    #[inline(always)]
    fn append(&mut self, bytes: u64, length: usize) {
        let end = (self.filled + length).min(EdgeBuffer::LEN);
        let available = end - self.filled;
        self.prefix[self.filled..end].copy_from_slice(&bytes.to_le_bytes()[..available]);
        self.filled = end;
    }
}

/// Calls `on_end` with the byte offset of every sentence end of `paragraph`, as
/// [`split_sentences`] places them: after a terminator and any closing marks or
/// further terminators, at the whitespace that follows. Candidate terminators are
/// found with `memchr`: ASCII `. ! ?`, and the last byte of `؟` (`D8 9F`), `…`
/// (`E2 80 A6`) and `۔` (`DB 94`).
fn for_each_sentence_end(paragraph: &str, mut on_end: impl FnMut(usize)) {
    let bytes = paragraph.as_bytes();
    let mut search_from = 0;
    while search_from < bytes.len() {
        let rest = &bytes[search_from..];
        let ascii = memchr::memchr3(b'.', b'!', b'?', rest);
        let multibyte = memchr::memchr3(0x9F, 0xA6, 0x94, rest);
        let candidate = match (ascii, multibyte) {
            (Some(left), Some(right)) => left.min(right),
            (Some(found), None) | (None, Some(found)) => found,
            (None, None) => return,
        };
        let after_candidate = search_from + candidate + 1;
        search_from = after_candidate;
        let is_terminator = paragraph.is_char_boundary(after_candidate)
            && paragraph[..after_candidate]
                .chars()
                .next_back()
                .is_some_and(is_sentence_terminator);
        if !is_terminator {
            continue;
        }
        let mut following = paragraph[after_candidate..].char_indices();
        for (offset, character) in following.by_ref() {
            if is_sentence_terminator(character) || is_closing_mark(character) {
                search_from = after_candidate + offset + character.len_utf8();
                continue;
            }
            if character.is_whitespace() {
                on_end(after_candidate + offset);
            }
            break;
        }
    }
}

fn exact_sentence(text: &str) -> (u64, usize) {
    normalized_hash_and_words(text, DigitFolding::Keep)
}

/// The exact identity of a paragraph, as [`RepeatTracker`] computes it.
fn exact_paragraph(line: &str) -> (u64, usize) {
    let mut spans = Vec::new();
    scan_sentences(line, &mut ExactAccumulator::default(), &mut spans);
    paragraph_value(&spans, &mut Vec::new())
}

/// Splits a paragraph after sentence-final punctuation that is followed by whitespace
/// (so `1.45` and `أ.ف.ب` stay whole). Closing quotes stay with their sentence.
pub fn split_sentences(paragraph: &str) -> Vec<&str> {
    let mut sentences = Vec::new();
    let mut sentence_start = 0;
    let mut characters = paragraph.char_indices().peekable();
    while let Some((_, character)) = characters.next() {
        if !is_sentence_terminator(character) {
            continue;
        }
        while let Some(&(_, next)) = characters.peek() {
            if is_sentence_terminator(next) || is_closing_mark(next) {
                characters.next();
            } else {
                break;
            }
        }
        match characters.peek() {
            Some(&(boundary, next)) if next.is_whitespace() => {
                sentences.push(&paragraph[sentence_start..boundary]);
                sentence_start = boundary;
            }
            _ => {}
        }
    }
    if sentence_start < paragraph.len() {
        sentences.push(&paragraph[sentence_start..]);
    }
    sentences
        .into_iter()
        .filter(|sentence| !sentence.trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_final_punctuation_not_decimals() {
        let sentences = split_sentences("ارتفع المؤشر 1.45 في المئة. وقال \"نعم.\" ثم غادر؟ نهاية");
        assert_eq!(
            sentences,
            vec![
                "ارتفع المؤشر 1.45 في المئة.",
                " وقال \"نعم.\"",
                " ثم غادر؟",
                " نهاية"
            ]
        );
    }

    #[test]
    fn fingerprinted_repeats_decide_as_the_reference_tracker() {
        // Near-identical variants (diacritics, alef forms, punctuation, spacing) and
        // repeated sentences, paragraphs, short lines and numbers that differ.
        let lines = [
            "أعلن الأمين العام للحلف أن الطرفين اتفقا على استئناف التعاون. ودعا الوزير إلى إعادة الثقة بين الطرفين.",
            "أعلن الأمينُ العام للحلف ان الطرفين اتفقا على استئناف التعاون.",
            "س: ماذا تقول؟",
            "س: ماذا تقول؟",
            "قتل 5 أشخاص في الهجوم على السوق المركزي للمدينة. وأصيب آخرون.",
            "قتل 6 أشخاص في الهجوم على السوق المركزي للمدينة.",
            "«ودعا الوزير إلى إعادة الثقة بين الطرفين» وأضاف أن الحوار مستمر.",
            "أعلن الأمين العام للحلف أن الطرفين اتفقا على استئناف التعاون. ودعا الوزير إلى إعادة الثقة بين الطرفين.",
            "  أعلن الأمين العام للحلف أن الطرفين اتفقا على استئناف التعاون،   ودعا الوزير إلى إعادة الثقة بين الطرفين!",
            "جملة أولى طويلة بما يكفي لتكون جملة كاملة هنا... جملة أولى طويلة بما يكفي لتكون جملة كاملة هنا.",
        ];
        let mut reference = RepeatTracker::new();
        let mut fingerprinted = ArticleRepeats::new(5, 6);
        let mut removals = 0;
        for line in lines {
            let expected = reference.filter_line(line, 5, 6);
            removals += usize::from(expected != RepeatOutcome::Keep);
            assert_eq!(fingerprinted.filter_line(line), expected, "{line}");
        }
        assert!(removals >= 3, "the lines must exercise removals");
    }

    #[test]
    fn sentence_ends_match_split_sentences() {
        for paragraph in [
            "ارتفع المؤشر 1.45 في المئة. وقال \"نعم.\" ثم غادر؟ نهاية",
            "أ.ف.ب… ثم ماذا؟! «قال» (نعم.) ثم ۔ انتهى",
            "بلا نهاية",
        ] {
            let mut spans = Vec::new();
            fingerprint_sentences(paragraph, &mut spans);
            let pieces: Vec<&str> = spans
                .iter()
                .map(|span| &paragraph[span.start..span.end])
                .filter(|piece| !piece.trim().is_empty())
                .collect();
            assert_eq!(pieces, split_sentences(paragraph), "{paragraph}");
        }
    }

    #[test]
    fn lead_sentence_repeated_as_paragraph_is_removed_later() {
        let mut tracker = RepeatTracker::new();
        let lead = "أعلن الأمين العام للحلف أن الطرفين اتفقا على استئناف التعاون. ودعا الوزير إلى إعادة الثقة بين الطرفين.";
        assert_eq!(tracker.filter_line(lead, 5, 6), RepeatOutcome::Keep);
        // Near-identical: diacritics and a different alef form.
        let repeat = "أعلن الأمينُ العام للحلف ان الطرفين اتفقا على استئناف التعاون.";
        assert_eq!(
            tracker.filter_line(repeat, 5, 6),
            RepeatOutcome::RemoveSentences {
                kept: String::new(),
                removed: vec![repeat.to_string()],
            }
        );
    }

    #[test]
    fn repeated_paragraph_removed_short_ones_kept() {
        let mut tracker = RepeatTracker::new();
        let paragraph = "وعمل وزراء الخارجية أمس على تقييم سبل تجاوز الخلافات";
        assert_eq!(tracker.filter_line(paragraph, 5, 6), RepeatOutcome::Keep);
        assert_eq!(
            tracker.filter_line("س: ماذا تقول؟", 5, 6),
            RepeatOutcome::Keep
        );
        assert_eq!(
            tracker.filter_line("س: ماذا تقول؟", 5, 6),
            RepeatOutcome::Keep
        );
        assert_eq!(
            tracker.filter_line(&format!("  {paragraph}،"), 5, 6),
            RepeatOutcome::RemoveParagraph
        );
    }
}
