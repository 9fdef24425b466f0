//! Stemming: reducing inflected forms of a word to one term.
//!
//! Arabic-script terms are stemmed by the chosen Arabic algorithm (Lucene's
//! light10-style stemmer by default, or Snowball Arabic); terms of other scripts
//! by the Snowball stemmer of the article's language, when Snowball has one.

mod light10;
mod snowball;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

pub use light10::stem_light10;
pub use snowball::{snowball_algorithm, SnowballStemmer};

use crate::language::Language;

/// Which stemmer is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StemmerKind {
    /// Arabic: Lucene's light10-style `ArabicStemmer`. Other scripts: the
    /// Snowball stemmer of the article's language.
    #[default]
    Light10,
    /// Arabic: Snowball Arabic. Other scripts: the Snowball stemmer of the
    /// article's language.
    Snowball,
    /// No stemming.
    None,
}

impl StemmerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StemmerKind::Light10 => "light10",
            StemmerKind::Snowball => "snowball",
            StemmerKind::None => "none",
        }
    }
}

impl std::str::FromStr for StemmerKind {
    type Err = crate::ParseNameError;

    fn from_str(name: &str) -> Result<StemmerKind, crate::ParseNameError> {
        match name {
            "light10" => Ok(StemmerKind::Light10),
            "snowball" => Ok(StemmerKind::Snowball),
            "none" => Ok(StemmerKind::None),
            _ => Err(crate::ParseNameError::new(
                "stemmer",
                name,
                "light10, snowball, none",
            )),
        }
    }
}

/// The stemmers one analysis needs, built once per analyzer and language.
#[derive(Debug)]
pub struct Stemmers {
    kind: StemmerKind,
    arabic_snowball: Option<SnowballStemmer>,
    other_script: Option<SnowballStemmer>,
}

impl Stemmers {
    pub fn new(kind: StemmerKind, language: Language) -> Stemmers {
        let arabic_snowball = match kind {
            StemmerKind::Snowball => SnowballStemmer::for_language(Language::Arabic),
            StemmerKind::Light10 | StemmerKind::None => None,
        };
        let other_script = match (kind, language) {
            (StemmerKind::None, _) | (_, Language::Arabic) => None,
            (_, language) => SnowballStemmer::for_language(language),
        };
        Stemmers {
            kind,
            arabic_snowball,
            other_script,
        }
    }

    /// Stems a normalized term. `is_arabic_script` says which stemmer applies.
    #[inline]
    pub fn stem<'term>(&self, term: &'term str, is_arabic_script: bool) -> Cow<'term, str> {
        if is_arabic_script {
            return match (self.kind, &self.arabic_snowball) {
                (StemmerKind::Light10, _) => Cow::Borrowed(stem_light10(term)),
                (StemmerKind::Snowball, Some(stemmer)) => stemmer.stem(term),
                _ => Cow::Borrowed(term),
            };
        }
        match &self.other_script {
            Some(stemmer) => stemmer.stem(term),
            None => Cow::Borrowed(term),
        }
    }
}

/// Stems one term with `kind`, choosing the algorithm from the term's script
/// and `language` as [`Stemmers`] does. For many terms, build a [`Stemmers`].
pub fn stem(term: &str, kind: StemmerKind, language: Language) -> String {
    let is_arabic_script = term
        .chars()
        .next()
        .is_some_and(crate::char_class::is_arabic_script);
    Stemmers::new(kind, language)
        .stem(term, is_arabic_script)
        .into_owned()
}
