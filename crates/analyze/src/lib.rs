//! Khabar's analyzer: Arabic-first text analysis that turns a text into terms.
//!
//! The chain is tokenize → normalize → drop stop words → stem, with every step
//! public on its own:
//! - [`tokenize`] cuts words and numbers, with byte offsets into the original;
//! - [`normalize`] folds the spellings of a word into one ([`NormalizerConfig`]
//!   has Lucene's rules and Khabar's additions, each switchable);
//! - [`is_stopword`] matches normalized terms against the shipped lists;
//! - [`stem`] applies Lucene's light10-style Arabic stemmer, Snowball Arabic, or
//!   the Snowball stemmer of another language;
//! - [`detect_language`] picks the language of an article.
//!
//! [`analyze`] runs the whole chain; [`Analyzer`] does the same with reusable
//! buffers for hot loops. Everything is pure: no I/O, no global state beyond the
//! lazily built stop-word sets.

mod analyzer;
mod char_class;
mod config;
pub mod language;
pub mod normalizer;
pub mod stemmer;
pub mod stopwords;
pub mod tokenizer;

pub use analyzer::{analyze, analyze_into, analyze_line, Analyzer, Token};
pub use config::{AnalyzerConfig, ParseNameError};
pub use language::{
    detect_language, detect_language_with, Language, LanguageChoice, LanguageDetectionConfig,
};
pub use normalizer::{normalize, Normalizer, NormalizerConfig, NormalizerPreset};
pub use stemmer::{stem, stem_light10, StemmerKind, Stemmers};
pub use stopwords::{is_stopword, StopwordSet};
pub use tokenizer::{tokenize, Span, TokenizerKind};
