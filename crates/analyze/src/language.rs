//! Which language an article is written in, so the right analyzer runs on it.
//!
//! Arabic news is the main input, so the common case is decided without a
//! statistical model: when Arabic-script letters are the majority of the letters
//! in a sample of the text, the article is Arabic. Otherwise whatlang's trigram
//! model picks among the languages Snowball can stem. Text too short for the
//! model falls back to [`LanguageDetectionConfig::short_latin_text_fallback`].

use serde::{Deserialize, Serialize};

use crate::char_class::{classify, is_arabic_script, CharClass};

/// The languages the analyzer knows: Arabic plus every Snowball language of
/// rust-stemmers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Arabic,
    Danish,
    Dutch,
    English,
    Finnish,
    French,
    German,
    Greek,
    Hungarian,
    Italian,
    Norwegian,
    Portuguese,
    Romanian,
    Russian,
    Spanish,
    Swedish,
    Tamil,
    Turkish,
    /// Undetected or unsupported: Arabic-script words still get the Arabic
    /// analysis, other words are only normalized.
    Unknown,
}

impl Language {
    pub const ALL: [Language; 19] = [
        Language::Arabic,
        Language::Danish,
        Language::Dutch,
        Language::English,
        Language::Finnish,
        Language::French,
        Language::German,
        Language::Greek,
        Language::Hungarian,
        Language::Italian,
        Language::Norwegian,
        Language::Portuguese,
        Language::Romanian,
        Language::Russian,
        Language::Spanish,
        Language::Swedish,
        Language::Tamil,
        Language::Turkish,
        Language::Unknown,
    ];

    /// The ISO 639-1 code, or `und` for [`Language::Unknown`].
    pub fn code(self) -> &'static str {
        match self {
            Language::Arabic => "ar",
            Language::Danish => "da",
            Language::Dutch => "nl",
            Language::English => "en",
            Language::Finnish => "fi",
            Language::French => "fr",
            Language::German => "de",
            Language::Greek => "el",
            Language::Hungarian => "hu",
            Language::Italian => "it",
            Language::Norwegian => "no",
            Language::Portuguese => "pt",
            Language::Romanian => "ro",
            Language::Russian => "ru",
            Language::Spanish => "es",
            Language::Swedish => "sv",
            Language::Tamil => "ta",
            Language::Turkish => "tr",
            Language::Unknown => "und",
        }
    }

    fn from_whatlang(language: whatlang::Lang) -> Language {
        use whatlang::Lang;
        match language {
            Lang::Ara => Language::Arabic,
            Lang::Dan => Language::Danish,
            Lang::Nld => Language::Dutch,
            Lang::Eng => Language::English,
            Lang::Fin => Language::Finnish,
            Lang::Fra => Language::French,
            Lang::Deu => Language::German,
            Lang::Ell => Language::Greek,
            Lang::Hun => Language::Hungarian,
            Lang::Ita => Language::Italian,
            Lang::Nob => Language::Norwegian,
            Lang::Por => Language::Portuguese,
            Lang::Ron => Language::Romanian,
            Lang::Rus => Language::Russian,
            Lang::Spa => Language::Spanish,
            Lang::Swe => Language::Swedish,
            Lang::Tam => Language::Tamil,
            Lang::Tur => Language::Turkish,
            _ => Language::Unknown,
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.code())
    }
}

impl std::str::FromStr for Language {
    type Err = crate::ParseNameError;

    /// Accepts the ISO 639-1 code (`ar`, `en`, …) or the English name in lower
    /// case (`arabic`, `english`, …).
    fn from_str(name: &str) -> Result<Language, crate::ParseNameError> {
        for language in Language::ALL {
            let english_name = format!("{language:?}").to_lowercase();
            if name == language.code() || name == english_name {
                return Ok(language);
            }
        }
        Err(crate::ParseNameError::new(
            "language",
            name,
            "an ISO 639-1 code such as ar or en, or und",
        ))
    }
}

/// A language given by the user, or detection per text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LanguageChoice {
    /// Detect the language of each text with [`detect_language`].
    #[default]
    Auto,
    Fixed(Language),
}

impl LanguageChoice {
    /// The language to analyze `text` with.
    pub fn resolve(self, text: &str) -> Language {
        match self {
            LanguageChoice::Auto => detect_language(text),
            LanguageChoice::Fixed(language) => language,
        }
    }
}

impl std::str::FromStr for LanguageChoice {
    type Err = crate::ParseNameError;

    /// `auto`, or anything [`Language`] parses (`ar`, `en`, …).
    fn from_str(name: &str) -> Result<LanguageChoice, crate::ParseNameError> {
        if name == "auto" {
            return Ok(LanguageChoice::Auto);
        }
        name.parse::<Language>()
            .map(LanguageChoice::Fixed)
            .map_err(|_| crate::ParseNameError::new("language", name, "ar, en, auto"))
    }
}

/// Thresholds of language detection.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LanguageDetectionConfig {
    /// Only this many leading bytes are examined: a news article's language
    /// shows in its first paragraph, and the trigram model's cost grows with
    /// its input.
    pub sample_bytes: usize,
    /// Below this many letters in the sample, the trigram model is not asked:
    /// it is unreliable on a few words.
    pub minimum_letters_for_model: usize,
    /// The language of a short sample whose letters are mostly not Arabic.
    pub short_latin_text_fallback: Language,
}

impl Default for LanguageDetectionConfig {
    fn default() -> LanguageDetectionConfig {
        LanguageDetectionConfig {
            sample_bytes: 2048,
            minimum_letters_for_model: 24,
            short_latin_text_fallback: Language::Unknown,
        }
    }
}

/// The longest prefix of `text` of at most `maximum_bytes` bytes ending on a
/// char boundary.
fn prefix_on_char_boundary(text: &str, maximum_bytes: usize) -> &str {
    if text.len() <= maximum_bytes {
        return text;
    }
    let mut end = maximum_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Detects the language of `text` with the default thresholds.
pub fn detect_language(text: &str) -> Language {
    detect_language_with(text, &LanguageDetectionConfig::default())
}

/// Detects the language of `text`.
pub fn detect_language_with(text: &str, config: &LanguageDetectionConfig) -> Language {
    let sample = prefix_on_char_boundary(text, config.sample_bytes);
    let mut arabic_letters = 0usize;
    let mut other_letters = 0usize;
    for character in sample.chars() {
        match classify(character) {
            CharClass::ArabicLetter => arabic_letters += 1,
            CharClass::OtherLetter if !is_arabic_script(character) => other_letters += 1,
            _ => {}
        }
    }
    if arabic_letters == 0 && other_letters == 0 {
        return Language::Unknown;
    }
    if arabic_letters >= other_letters {
        return Language::Arabic;
    }
    if arabic_letters + other_letters < config.minimum_letters_for_model {
        return config.short_latin_text_fallback;
    }
    match whatlang::detect_lang(sample) {
        Some(language) => Language::from_whatlang(language),
        None => Language::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_arabic_english_and_french() {
        assert_eq!(
            detect_language("أعلن وزير الخارجية الروسي سيرغي لافروف"),
            Language::Arabic
        );
        assert_eq!(
            detect_language("The foreign ministers met in Corfu to restore relations with Russia."),
            Language::English
        );
        assert_eq!(
            detect_language(
                "Les ministres des affaires étrangères se sont réunis à Corfou hier soir."
            ),
            Language::French
        );
    }

    #[test]
    fn short_or_empty_text_falls_back() {
        assert_eq!(detect_language("والحسن"), Language::Arabic);
        assert_eq!(detect_language("قمة NATO الطارئة"), Language::Arabic);
        assert_eq!(detect_language("NATO"), Language::Unknown);
        assert_eq!(detect_language("2015 !!"), Language::Unknown);
        assert_eq!(detect_language(""), Language::Unknown);
    }

    #[test]
    fn parses_cli_names() {
        assert_eq!(
            "ar".parse::<LanguageChoice>(),
            Ok(LanguageChoice::Fixed(Language::Arabic))
        );
        assert_eq!(
            "en".parse::<LanguageChoice>(),
            Ok(LanguageChoice::Fixed(Language::English))
        );
        assert_eq!("auto".parse::<LanguageChoice>(), Ok(LanguageChoice::Auto));
        assert!("xx".parse::<LanguageChoice>().is_err());
        for language in Language::ALL {
            assert_eq!(language.code().parse::<Language>(), Ok(language));
        }
    }
}
