//! What the clusterer needs to know about one article: analyzed terms, its
//! source, its date and its ingest position.
//!
//! The pipeline builds it from its analyzed article; [`ClusterInput::from_text`]
//! runs the analyzer itself for callers that only have text (evaluation,
//! benchmarks, tests). Both paths must use the analyzer settings the shipped
//! background table was built with ([`crate::BackgroundStatistics::analyzer_config`]).

use khabar_analyze::{analyze, detect_language, AnalyzerConfig, Language};
use serde::{Deserialize, Serialize};

use crate::weekdays::stated_weekdays;

/// One article as the clusterer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterInput {
    /// Ingest sequence number: strictly increasing in arrival order. Decides
    /// which story is older when two merge, and eviction order for undated
    /// stories.
    pub key: u64,
    pub article_id: String,
    pub source: Option<String>,
    /// Publication time in unix seconds, when known.
    pub published: Option<i64>,
    /// Analyzed title terms (normalized, stemmed, stop words removed), in order.
    pub title_terms: Vec<String>,
    /// Analyzed body terms, in order.
    pub body_terms: Vec<String>,
    pub language: Language,
    /// Days of the week the title and lead name (bit 0 Sunday … bit 6
    /// Saturday; see [`crate::weekdays::stated_weekdays`]), read from the
    /// raw text. Absent in inputs saved before it existed.
    #[serde(default)]
    pub stated_weekdays: u8,
}

impl ClusterInput {
    /// Detects the article's language (from its title and the start of its
    /// body) and analyzes title and body with it. Pure.
    pub fn from_text(
        key: u64,
        article_id: &str,
        source: Option<&str>,
        published: Option<i64>,
        title: Option<&str>,
        body: &str,
        analyzer_config: &AnalyzerConfig,
    ) -> ClusterInput {
        let title_text = title.unwrap_or("");
        let language = if title_text.is_empty() {
            detect_language(body)
        } else {
            detect_language(&format!("{title_text}\n{body}"))
        };
        let terms_of = |text: &str| -> Vec<String> {
            analyze(text, language, analyzer_config)
                .into_iter()
                .map(|token| token.term)
                .collect()
        };
        ClusterInput {
            key,
            article_id: article_id.to_string(),
            source: source.map(str::to_string),
            published,
            title_terms: terms_of(title_text),
            body_terms: terms_of(body),
            language,
            stated_weekdays: stated_weekdays(title_text, body),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_text_detects_language_and_analyzes_title_and_body() {
        let input = ClusterInput::from_text(
            7,
            "a1",
            Some("rt"),
            None,
            Some("الناتو وروسيا"),
            "أعلن الأمين العام لحلف الناتو",
            &AnalyzerConfig::default(),
        );
        assert_eq!(input.language, Language::Arabic);
        assert_eq!(input.key, 7);
        assert_eq!(input.source.as_deref(), Some("rt"));
        assert!(input.title_terms.contains(&"ناتو".to_string()));
        let expected_body: Vec<String> = analyze(
            "أعلن الأمين العام لحلف الناتو",
            Language::Arabic,
            &AnalyzerConfig::default(),
        )
        .into_iter()
        .map(|token| token.term)
        .collect();
        assert_eq!(input.body_terms, expected_body);
        assert_eq!(input.body_terms.len(), 5);
        let english = ClusterInput::from_text(
            8,
            "b1",
            None,
            None,
            None,
            "The foreign ministers met in Corfu to restore relations with Russia.",
            &AnalyzerConfig::default(),
        );
        assert_eq!(english.language, Language::English);
        assert!(english.title_terms.is_empty());
        assert!(english.body_terms.contains(&"corfu".to_string()));
    }
}
