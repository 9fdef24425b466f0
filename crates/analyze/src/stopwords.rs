//! Stop words: function words removed before indexing and comparison.
//!
//! The lists ship as data files in `data/` (each says how it was built) and are
//! compiled into the binary. Entries are normalized with the Khabar normalizer
//! when the set is built, and terms are looked up after normalization, so one
//! entry covers every spelling the normalizer folds together. The lookup is on
//! the hot path of analysis, so it uses a small multiplicative hash instead of
//! SipHash and rejects terms longer than the longest entry before hashing.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::language::Language;
use crate::normalizer::{Normalizer, NormalizerConfig};

const ARABIC_STOPWORDS_FILE: &str = include_str!("../data/stopwords_ar.txt");
const ENGLISH_STOPWORDS_FILE: &str = include_str!("../data/stopwords_en.txt");

/// FxHash (rustc's hasher): fast and good enough for a fixed set of short words.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add_word(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add_word(u64::from_le_bytes(word));
        }
        let remainder = chunks.remainder();
        if !remainder.is_empty() {
            let mut word = [0u8; 8];
            word[..remainder.len()].copy_from_slice(remainder);
            self.add_word(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, byte: u8) {
        self.add_word(u64::from(byte));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

type FastHashSet = HashSet<String, BuildHasherDefault<FxHasher>>;

/// A set of normalized stop words.
#[derive(Debug)]
pub struct StopwordSet {
    words: FastHashSet,
    longest_word_bytes: usize,
}

impl StopwordSet {
    /// Builds a set from a list file: one word per line, `#` starts a comment.
    pub fn from_list(list: &str) -> StopwordSet {
        let normalizer = Normalizer::new(NormalizerConfig::khabar());
        let mut words = FastHashSet::default();
        for line in list.lines() {
            let entry = line.split('#').next().unwrap_or("").trim();
            if entry.is_empty() {
                continue;
            }
            let normalized = normalizer.normalize(entry);
            if !normalized.is_empty() {
                words.insert(normalized);
            }
        }
        let longest_word_bytes = words.iter().map(String::len).max().unwrap_or(0);
        StopwordSet {
            words,
            longest_word_bytes,
        }
    }

    /// True when the normalized `term` is in the set.
    #[inline]
    pub fn contains(&self, term: &str) -> bool {
        term.len() <= self.longest_word_bytes && self.words.contains(term)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words, sorted.
    pub fn sorted_words(&self) -> Vec<&str> {
        let mut words: Vec<&str> = self.words.iter().map(String::as_str).collect();
        words.sort_unstable();
        words
    }
}

/// The Arabic stop words, normalized with the Khabar normalizer.
pub fn arabic_stopwords() -> &'static StopwordSet {
    static SET: OnceLock<StopwordSet> = OnceLock::new();
    SET.get_or_init(|| StopwordSet::from_list(ARABIC_STOPWORDS_FILE))
}

/// The English stop words, lowercased.
pub fn english_stopwords() -> &'static StopwordSet {
    static SET: OnceLock<StopwordSet> = OnceLock::new();
    SET.get_or_init(|| StopwordSet::from_list(ENGLISH_STOPWORDS_FILE))
}

/// The stop-word set for terms of a script: Arabic-script terms use the Arabic
/// list whatever the article's language; other terms use the list of the
/// article's language, when Khabar has one.
pub fn stopwords_for(is_arabic_script: bool, language: Language) -> Option<&'static StopwordSet> {
    if is_arabic_script {
        return Some(arabic_stopwords());
    }
    match language {
        Language::English => Some(english_stopwords()),
        _ => None,
    }
}

/// True when `term`, already normalized with the Khabar normalizer, is a stop
/// word for its script in `language`.
pub fn is_stopword(term: &str, language: Language) -> bool {
    let is_arabic_script = term
        .chars()
        .next()
        .is_some_and(crate::char_class::is_arabic_script);
    stopwords_for(is_arabic_script, language).is_some_and(|set| set.contains(term))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_folded_by_the_normalizer_share_one_entry() {
        let set = arabic_stopwords();
        assert!(set.contains("الي"), "إلى is stored normalized");
        assert!(set.contains("ان"));
        assert!(!set.contains("إلى"), "lookups expect normalized terms");
        assert!(!set.contains("حسن"));
        assert!(set.len() > 200);
    }

    #[test]
    fn english_list_applies_to_english_latin_terms_only() {
        assert!(is_stopword("the", Language::English));
        assert!(!is_stopword("the", Language::French));
        assert!(is_stopword("في", Language::English));
        assert!(!is_stopword("corfu", Language::English));
    }

    #[test]
    fn comments_and_blank_lines_are_ignored() {
        let set = StopwordSet::from_list("# heading\n\nفي # inline\n  من  \n");
        assert_eq!(set.sorted_words(), ["في", "من"]);
    }
}
