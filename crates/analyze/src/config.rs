//! The analyzer's configuration: which tokenizer, normalizer rules and stemmer
//! run, and whether stop words are removed.

use serde::{Deserialize, Serialize};

use crate::language::LanguageDetectionConfig;
use crate::normalizer::NormalizerConfig;
use crate::stemmer::StemmerKind;
use crate::tokenizer::TokenizerKind;

/// Everything that decides how text becomes terms. Loadable from TOML; missing
/// fields take their default (standard tokenizer, Khabar normalizer, light10
/// stemmer, stop words removed).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnalyzerConfig {
    pub tokenizer: TokenizerKind,
    pub normalizer: NormalizerConfig,
    pub stemmer: StemmerKind,
    pub remove_stopwords: bool,
    /// Used when the language is chosen automatically.
    pub language_detection: LanguageDetectionConfig,
}

impl Default for AnalyzerConfig {
    fn default() -> AnalyzerConfig {
        AnalyzerConfig {
            tokenizer: TokenizerKind::Standard,
            normalizer: NormalizerConfig::khabar(),
            stemmer: StemmerKind::Light10,
            remove_stopwords: true,
            language_detection: LanguageDetectionConfig::default(),
        }
    }
}

/// A name given on the command line or in a config file that names nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseNameError {
    what: &'static str,
    given: String,
    expected: &'static str,
}

impl ParseNameError {
    pub(crate) fn new(what: &'static str, given: &str, expected: &'static str) -> ParseNameError {
        ParseNameError {
            what,
            given: given.to_string(),
            expected,
        }
    }
}

impl std::fmt::Display for ParseNameError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "unknown {} `{}`: expected one of {}",
            self.what, self.given, self.expected
        )
    }
}

impl std::error::Error for ParseNameError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalizer::NormalizerPreset;

    #[test]
    fn cli_names_parse_to_config_values() {
        assert_eq!(
            "keyword".parse::<TokenizerKind>(),
            Ok(TokenizerKind::Keyword)
        );
        assert_eq!("snowball".parse::<StemmerKind>(), Ok(StemmerKind::Snowball));
        assert_eq!(
            "lucene"
                .parse::<NormalizerPreset>()
                .map(NormalizerPreset::config),
            Ok(NormalizerConfig::lucene())
        );
        let error = "porter".parse::<StemmerKind>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown stemmer `porter`: expected one of light10, snowball, none"
        );
    }

    #[test]
    fn loads_from_toml_with_defaults() {
        let config: AnalyzerConfig = toml::from_str(
            "stemmer = \"snowball\"\nremove_stopwords = false\n[normalizer]\nfold_teh_marbuta = false\n",
        )
        .unwrap();
        assert_eq!(config.stemmer, StemmerKind::Snowball);
        assert!(!config.remove_stopwords);
        assert!(!config.normalizer.fold_teh_marbuta);
        assert!(config.normalizer.fold_alef_hamza_madda);
        assert_eq!(config.tokenizer, TokenizerKind::Standard);
        assert!(toml::from_str::<AnalyzerConfig>("stemer = \"none\"").is_err());
    }
}
