//! Repeated paragraphs and sentences inside one article: crawls paste a body twice or
//! repeat the lead as the first body paragraph. The first occurrence is kept, later
//! ones are removed; "repeat" is decided on the normalized form (diacritics, tatweel,
//! letter variants, punctuation and whitespace folded), so near-identical copies count.

use std::collections::HashSet;

use xxhash_rust::xxh3::Xxh3;

use crate::normalize::{normalized_hash_and_words, DigitFolding};

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

/// Remembers the paragraphs and sentences already kept in one article.
#[derive(Debug, Default)]
pub struct RepeatTracker {
    seen_paragraphs: HashSet<u64>,
    seen_sentences: HashSet<u64>,
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
        // One pass per sentence; a paragraph is identified by its sentences' hashes.
        let sentences = split_sentences(line);
        let mut sentence_facts: Vec<(u64, usize)> = Vec::with_capacity(sentences.len());
        let mut paragraph_hasher = Xxh3::new();
        let mut paragraph_words = 0;
        for sentence in &sentences {
            let (sentence_hash, words) = normalized_hash_and_words(sentence, DigitFolding::Keep);
            if words > 0 {
                paragraph_hasher.update(&sentence_hash.to_le_bytes());
            }
            paragraph_words += words;
            sentence_facts.push((sentence_hash, words));
        }
        let paragraph_hash = paragraph_hasher.digest();
        let paragraph_is_long_enough = paragraph_words >= min_paragraph_words;
        if paragraph_is_long_enough && self.seen_paragraphs.contains(&paragraph_hash) {
            return RepeatOutcome::RemoveParagraph;
        }
        let mut kept_sentences: Vec<&str> = Vec::with_capacity(sentences.len());
        let mut removed_sentences: Vec<String> = Vec::new();
        for (sentence, (sentence_hash, words)) in sentences.iter().zip(sentence_facts) {
            if words == 0 || words < min_sentence_words {
                kept_sentences.push(sentence);
                continue;
            }
            if self.seen_sentences.insert(sentence_hash) {
                kept_sentences.push(sentence);
            } else {
                removed_sentences.push(sentence.trim().to_string());
            }
        }
        if paragraph_is_long_enough {
            self.seen_paragraphs.insert(paragraph_hash);
        }
        if removed_sentences.is_empty() {
            return RepeatOutcome::Keep;
        }
        let kept = kept_sentences
            .iter()
            .map(|sentence| sentence.trim())
            .filter(|sentence| !sentence.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        RepeatOutcome::RemoveSentences {
            kept,
            removed: removed_sentences,
        }
    }
}

fn is_sentence_terminator(character: char) -> bool {
    matches!(character, '.' | '!' | '?' | '؟' | '…' | '۔')
}

fn is_closing_mark(character: char) -> bool {
    matches!(character, '"' | '\'' | '»' | '”' | '’' | ')' | ']' | '}')
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
