//! Khabar's analyzer as a tantivy tokenizer, so documents and queries go
//! through the same normalization, stop words and stemming, and every token
//! keeps the byte offsets of its surface form in the original text (tantivy's
//! snippet generator highlights with them).

use khabar_analyze::{Analyzer, AnalyzerConfig, Language};
use tantivy_tokenizer_api::{Token, TokenStream, Tokenizer};

/// The name the Khabar tokenizer is registered under in the index.
pub const KHABAR_TOKENIZER_NAME: &str = "khabar_arabic";
/// The name of the whitespace-only baseline tokenizer (no normalization, no
/// stemming): used to measure what analysis brings.
pub const WHITESPACE_TOKENIZER_NAME: &str = "khabar_whitespace";

/// Which analysis a field's text goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnalysisMode {
    /// Khabar's analyzer: normalize, drop stop words, stem.
    Khabar,
    /// Whitespace-separated tokens, lowercased, nothing else: the baseline.
    Whitespace,
}

impl AnalysisMode {
    pub fn tokenizer_name(self) -> &'static str {
        match self {
            AnalysisMode::Khabar => KHABAR_TOKENIZER_NAME,
            AnalysisMode::Whitespace => WHITESPACE_TOKENIZER_NAME,
        }
    }
}

/// Tantivy tokenizer over [`khabar_analyze::Analyzer`]. The analyzer (with its
/// buffers) is built lazily in each clone, since tantivy clones tokenizers per
/// thread.
pub struct KhabarTokenizer {
    config: AnalyzerConfig,
    analyzer: Option<Analyzer>,
    tokens: Vec<Token>,
}

impl KhabarTokenizer {
    pub fn new(config: AnalyzerConfig) -> KhabarTokenizer {
        KhabarTokenizer {
            config,
            analyzer: None,
            tokens: Vec::new(),
        }
    }
}

impl Clone for KhabarTokenizer {
    fn clone(&self) -> KhabarTokenizer {
        KhabarTokenizer::new(self.config)
    }
}

/// The tokens of one text, produced eagerly and handed out one by one.
pub struct VecTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    next_index: usize,
}

impl TokenStream for VecTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next_index >= self.tokens.len() {
            return false;
        }
        self.next_index += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next_index.saturating_sub(1).min(self.tokens.len() - 1)]
    }

    fn token_mut(&mut self) -> &mut Token {
        let index = self.next_index.saturating_sub(1).min(self.tokens.len() - 1);
        &mut self.tokens[index]
    }
}

impl Tokenizer for KhabarTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        let analyzer = self
            .analyzer
            .get_or_insert_with(|| Analyzer::new(self.config));
        self.tokens.clear();
        let tokens = &mut self.tokens;
        // Arabic-script words get the Arabic analysis whatever the article's
        // language; other words are normalized (and stop-listed) only.
        analyzer.for_each_term(text, Language::Arabic, |term, span| {
            tokens.push(Token {
                offset_from: span.start,
                offset_to: span.end,
                position: tokens.len(),
                text: term.to_string(),
                position_length: 1,
            });
        });
        if self.tokens.is_empty() {
            // `token()` must always have something to point at.
            self.tokens.push(Token::default());
            return VecTokenStream {
                tokens: &mut self.tokens,
                next_index: usize::MAX,
            };
        }
        VecTokenStream {
            tokens: &mut self.tokens,
            next_index: 0,
        }
    }
}

/// Splits on whitespace and lowercases: the no-analysis baseline.
#[derive(Clone, Default)]
pub struct WhitespaceLowercaseTokenizer {
    tokens: Vec<Token>,
}

impl Tokenizer for WhitespaceLowercaseTokenizer {
    type TokenStream<'a> = VecTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream<'a> {
        self.tokens.clear();
        let mut word_start: Option<usize> = None;
        let push_word = |tokens: &mut Vec<Token>, start: usize, end: usize| {
            tokens.push(Token {
                offset_from: start,
                offset_to: end,
                position: tokens.len(),
                text: text[start..end].to_lowercase(),
                position_length: 1,
            });
        };
        for (index, character) in text.char_indices() {
            match (character.is_whitespace(), word_start) {
                (true, Some(start)) => {
                    push_word(&mut self.tokens, start, index);
                    word_start = None;
                }
                (false, None) => word_start = Some(index),
                _ => {}
            }
        }
        if let Some(start) = word_start {
            push_word(&mut self.tokens, start, text.len());
        }
        if self.tokens.is_empty() {
            self.tokens.push(Token::default());
            return VecTokenStream {
                tokens: &mut self.tokens,
                next_index: usize::MAX,
            };
        }
        VecTokenStream {
            tokens: &mut self.tokens,
            next_index: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms_and_surfaces(tokenizer: &mut impl Tokenizer, text: &str) -> Vec<(String, String)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push((
                token.text.clone(),
                text[token.offset_from..token.offset_to].to_string(),
            ));
        }
        out
    }

    #[test]
    fn hamza_spellings_share_a_term_and_offsets_point_at_the_original() {
        let mut tokenizer = KhabarTokenizer::new(AnalyzerConfig::default());
        let with_hamza = terms_and_surfaces(&mut tokenizer, "وقع الإتفاق");
        let without_hamza = terms_and_surfaces(&mut tokenizer, "الاتفاق");
        assert_eq!(with_hamza.last().unwrap().0, without_hamza[0].0);
        assert_eq!(with_hamza.last().unwrap().1, "الإتفاق");
        assert_eq!(without_hamza[0].1, "الاتفاق");
    }

    #[test]
    fn empty_text_yields_no_token() {
        let mut tokenizer = KhabarTokenizer::new(AnalyzerConfig::default());
        assert!(terms_and_surfaces(&mut tokenizer, "  ، . ").is_empty());
        let mut whitespace = WhitespaceLowercaseTokenizer::default();
        assert!(terms_and_surfaces(&mut whitespace, "   ").is_empty());
    }

    #[test]
    fn whitespace_baseline_keeps_words_as_written() {
        let mut whitespace = WhitespaceLowercaseTokenizer::default();
        let terms: Vec<String> = terms_and_surfaces(&mut whitespace, "الإتفاق  NATO")
            .into_iter()
            .map(|(term, _)| term)
            .collect();
        assert_eq!(terms, vec!["الإتفاق", "nato"]);
    }
}
