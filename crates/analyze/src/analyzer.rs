//! The analysis chain: tokenize, normalize each token, drop stop words, stem.
//!
//! Order matters and follows Lucene's Arabic analyzer where it can: tokens are
//! cut from the original text first (so offsets point into it), each token is
//! normalized, stop words are matched on the normalized term, and the survivors
//! are stemmed. [`Analyzer`] holds the compiled normalizer and reusable buffers,
//! so hot loops over a corpus allocate nothing per token when they use
//! [`Analyzer::for_each_term`].

use serde::{Deserialize, Serialize};

use crate::char_class::is_arabic_script;
use crate::config::AnalyzerConfig;
use crate::language::{Language, LanguageChoice};
use crate::normalizer::{Normalizer, NormalizerConfig};
use crate::stemmer::Stemmers;
use crate::stopwords::stopwords_for;
use crate::tokenizer::{for_each_span, Span};

/// One analyzed term and the byte range of its surface form in the original
/// text: `&text[start..end]` is what the term came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Token {
    pub term: String,
    pub start: usize,
    pub end: usize,
}

/// A compiled [`AnalyzerConfig`] plus scratch buffers. Build one per thread and
/// reuse it.
#[derive(Debug)]
pub struct Analyzer {
    config: AnalyzerConfig,
    normalizer: Normalizer,
    /// Set when the configured normalizer does not fold spellings the way the
    /// stop-word lists are stored: terms are then folded again for the lookup.
    stopword_key_normalizer: Option<Normalizer>,
    term_buffer: String,
    stopword_key_buffer: String,
    stemmers: Option<(Language, Stemmers)>,
}

impl Analyzer {
    pub fn new(config: AnalyzerConfig) -> Analyzer {
        let stopword_key_normalizer = if config.normalizer.folds_like_stopword_list() {
            None
        } else {
            Some(Normalizer::new(NormalizerConfig::khabar()))
        };
        Analyzer {
            config,
            normalizer: Normalizer::new(config.normalizer),
            stopword_key_normalizer,
            term_buffer: String::new(),
            stopword_key_buffer: String::new(),
            stemmers: None,
        }
    }

    pub fn config(&self) -> &AnalyzerConfig {
        &self.config
    }

    /// Calls `sink` with every term of `text` and the span it came from, in
    /// order. The term is borrowed from a buffer reused for the next term.
    pub fn for_each_term(
        &mut self,
        text: &str,
        language: Language,
        mut sink: impl FnMut(&str, Span),
    ) {
        let stemmers_are_current =
            matches!(&self.stemmers, Some((cached_language, _)) if *cached_language == language);
        if !stemmers_are_current {
            self.stemmers = Some((language, Stemmers::new(self.config.stemmer, language)));
        }
        let Analyzer {
            config,
            normalizer,
            stopword_key_normalizer,
            term_buffer,
            stopword_key_buffer,
            stemmers,
        } = self;
        let Some((_, stemmers)) = stemmers.as_ref() else {
            return;
        };
        let remove_stopwords = config.remove_stopwords;
        for_each_span(text, config.tokenizer, |span| {
            term_buffer.clear();
            normalizer.normalize_into(&text[span.start..span.end], term_buffer);
            let term = term_buffer.as_str();
            let Some(first_character) = term.chars().next() else {
                return;
            };
            let term_is_arabic_script = is_arabic_script(first_character);
            if remove_stopwords {
                let stopword_key = match stopword_key_normalizer {
                    None => term,
                    Some(key_normalizer) => {
                        stopword_key_buffer.clear();
                        key_normalizer.normalize_into(term, stopword_key_buffer);
                        stopword_key_buffer.as_str()
                    }
                };
                if stopwords_for(term_is_arabic_script, language)
                    .is_some_and(|set| set.contains(stopword_key))
                {
                    return;
                }
            }
            let stemmed = stemmers.stem(term, term_is_arabic_script);
            if !stemmed.is_empty() {
                sink(&stemmed, span);
            }
        });
    }

    /// Clears `out` and fills it with the tokens of `text`. The `String`s of
    /// the tokens already in `out` are reused, so passing the same vector for
    /// every text avoids most allocations.
    pub fn analyze_into(&mut self, text: &str, language: Language, out: &mut Vec<Token>) {
        let mut used = 0;
        self.for_each_term(text, language, |term, span| {
            match out.get_mut(used) {
                Some(token) => {
                    token.term.clear();
                    token.term.push_str(term);
                    token.start = span.start;
                    token.end = span.end;
                }
                None => out.push(Token {
                    term: term.to_string(),
                    start: span.start,
                    end: span.end,
                }),
            }
            used += 1;
        });
        out.truncate(used);
    }

    /// The tokens of `text`.
    pub fn analyze(&mut self, text: &str, language: Language) -> Vec<Token> {
        let mut tokens = Vec::new();
        self.analyze_into(text, language, &mut tokens);
        tokens
    }

    /// The terms of `line` joined by single spaces: one output line of
    /// `khabar analyze`. The language is resolved per line.
    pub fn analyze_line(&mut self, line: &str, language: LanguageChoice) -> String {
        let language = match language {
            LanguageChoice::Auto => {
                crate::language::detect_language_with(line, &self.config.language_detection)
            }
            LanguageChoice::Fixed(language) => language,
        };
        let mut joined = String::with_capacity(line.len());
        self.for_each_term(line, language, |term, _| {
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(term);
        });
        joined
    }
}

/// The tokens of `text`, analyzed as `language` with `config`.
pub fn analyze(text: &str, language: Language, config: &AnalyzerConfig) -> Vec<Token> {
    Analyzer::new(*config).analyze(text, language)
}

/// Clears `out` and fills it with the tokens of `text`, reusing its strings.
/// For a hot loop, keep an [`Analyzer`] instead: this compiles the config on
/// every call.
pub fn analyze_into(text: &str, language: Language, config: &AnalyzerConfig, out: &mut Vec<Token>) {
    Analyzer::new(*config).analyze_into(text, language, out);
}

/// The terms of `line` joined by single spaces, as `khabar analyze` prints them.
pub fn analyze_line(line: &str, language: LanguageChoice, config: &AnalyzerConfig) -> String {
    Analyzer::new(*config).analyze_line(line, language)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stemmer::StemmerKind;
    use crate::tokenizer::TokenizerKind;

    fn no_stopwords() -> AnalyzerConfig {
        AnalyzerConfig {
            remove_stopwords: false,
            ..AnalyzerConfig::default()
        }
    }

    #[test]
    fn cli_example_from_the_issue() {
        assert_eq!(
            analyze_line("والحسن", LanguageChoice::Auto, &no_stopwords()),
            "حسن"
        );
    }

    #[test]
    fn tokens_point_into_the_original_text() {
        let text = "أعلنَ الوزيرُ في ٢٠١٥ عن الإتفاق";
        let tokens = analyze(text, Language::Arabic, &AnalyzerConfig::default());
        let surfaces: Vec<&str> = tokens
            .iter()
            .map(|token| &text[token.start..token.end])
            .collect();
        let terms: Vec<&str> = tokens.iter().map(|token| token.term.as_str()).collect();
        assert_eq!(surfaces, ["أعلنَ", "الوزيرُ", "٢٠١٥", "الإتفاق"]);
        assert_eq!(terms, ["اعلن", "وزير", "2015", "اتفاق"]);
    }

    #[test]
    fn stopwords_are_matched_after_normalization_whatever_the_normalizer() {
        for normalizer in [
            NormalizerConfig::khabar(),
            NormalizerConfig::lucene(),
            NormalizerConfig::none(),
        ] {
            let config = AnalyzerConfig {
                normalizer,
                stemmer: StemmerKind::None,
                ..AnalyzerConfig::default()
            };
            let terms: Vec<String> = analyze("ذهب إلى السوق", Language::Arabic, &config)
                .into_iter()
                .map(|token| token.term)
                .collect();
            assert_eq!(terms, ["ذهب", "السوق"], "normalizer {normalizer:?}");
        }
    }

    #[test]
    fn english_articles_get_english_snowball_and_stopwords() {
        let terms: Vec<String> = analyze(
            "The ministers were meeting in Corfu",
            Language::English,
            &AnalyzerConfig::default(),
        )
        .into_iter()
        .map(|token| token.term)
        .collect();
        assert_eq!(terms, ["minist", "were", "meet", "corfu"]);
    }

    #[test]
    fn keyword_tokenizer_keeps_the_line_whole() {
        let config = AnalyzerConfig {
            tokenizer: TokenizerKind::Keyword,
            remove_stopwords: false,
            stemmer: StemmerKind::None,
            ..AnalyzerConfig::default()
        };
        assert_eq!(
            analyze_line("أحمد  علي", LanguageChoice::Auto, &config),
            "احمد  علي"
        );
    }

    #[test]
    fn analyze_into_reuses_and_trims_the_output() {
        let mut analyzer = Analyzer::new(no_stopwords());
        let mut tokens = Vec::new();
        analyzer.analyze_into("كتب الطلاب دروسهم اليوم", Language::Arabic, &mut tokens);
        assert_eq!(tokens.len(), 4);
        analyzer.analyze_into("الكتاب", Language::Arabic, &mut tokens);
        assert_eq!(
            tokens,
            [Token {
                term: "كتاب".to_string(),
                start: 0,
                end: "الكتاب".len()
            }]
        );
    }
}
