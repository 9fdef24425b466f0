//! Snowball stemmers, through the rust-stemmers crate.
//!
//! rust-stemmers carries the Snowball project's generated code for Arabic,
//! English and sixteen other languages. Its Arabic stemmer is checked against the
//! reference Snowball output over the whole conformance vocabulary in
//! `tests/conformance.rs`.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

use crate::language::Language;

/// The Snowball algorithm for a language, if Snowball has one.
pub fn snowball_algorithm(language: Language) -> Option<Algorithm> {
    let algorithm = match language {
        Language::Arabic => Algorithm::Arabic,
        Language::Danish => Algorithm::Danish,
        Language::Dutch => Algorithm::Dutch,
        Language::English => Algorithm::English,
        Language::Finnish => Algorithm::Finnish,
        Language::French => Algorithm::French,
        Language::German => Algorithm::German,
        Language::Greek => Algorithm::Greek,
        Language::Hungarian => Algorithm::Hungarian,
        Language::Italian => Algorithm::Italian,
        Language::Norwegian => Algorithm::Norwegian,
        Language::Portuguese => Algorithm::Portuguese,
        Language::Romanian => Algorithm::Romanian,
        Language::Russian => Algorithm::Russian,
        Language::Spanish => Algorithm::Spanish,
        Language::Swedish => Algorithm::Swedish,
        Language::Tamil => Algorithm::Tamil,
        Language::Turkish => Algorithm::Turkish,
        Language::Unknown => return None,
    };
    Some(algorithm)
}

/// A Snowball stemmer for one language.
pub struct SnowballStemmer {
    stemmer: Stemmer,
}

impl SnowballStemmer {
    /// The stemmer for `language`, or `None` when Snowball has none.
    pub fn for_language(language: Language) -> Option<SnowballStemmer> {
        let algorithm = snowball_algorithm(language)?;
        Some(SnowballStemmer {
            stemmer: Stemmer::create(algorithm),
        })
    }

    pub fn stem<'word>(&self, word: &'word str) -> Cow<'word, str> {
        self.stemmer.stem(word)
    }
}

impl std::fmt::Debug for SnowballStemmer {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("SnowballStemmer")
    }
}
