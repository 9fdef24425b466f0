//! Every tunable of the index and of search, in one TOML-loadable place.

use khabar_analyze::AnalyzerConfig;
use serde::{Deserialize, Serialize};

use crate::tokenizer::AnalysisMode;

/// How the index is built and searched. Missing TOML fields take the defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IndexConfig {
    /// Which analysis the title and text fields go through.
    pub analysis: AnalysisMode,
    /// The analyzer settings when `analysis` is `khabar`.
    pub analyzer: AnalyzerConfig,
    /// BM25 weight of a title match relative to a text match.
    pub title_boost: f32,
    /// Memory the tantivy writer may use before flushing a segment.
    pub writer_memory_bytes: usize,
    /// Articles indexed between two commits during a (re)build.
    pub commit_every_articles: usize,
    /// After an update leaves more segments than this, the small ones are
    /// merged (each search pays a cost per segment).
    pub max_segments: usize,
    /// Queries longer than this (in bytes) are refused.
    pub max_query_bytes: usize,
    /// Top-scoring articles looked at before grouping them into stories.
    pub max_articles_considered: usize,
    /// Upper bound for a request's `limit` (stories returned).
    pub max_stories_returned: usize,
    /// Length of a highlighted snippet, in characters.
    pub snippet_max_chars: usize,
    /// Snippets are looked for in this many opening bytes of the text first
    /// (the lead, where news puts its facts), and in the whole text only
    /// when the opening has no match.
    pub snippet_scan_bytes: usize,
    /// Articles listed under each returned story (the rest are only counted
    /// in `matching_articles`).
    pub max_articles_per_story: usize,
    /// Of those, how many get a highlighted snippet (the costly part of a
    /// search: the article's text is read and analyzed again).
    pub snippets_per_story: usize,
    /// Stories with fewer articles get no card at index time, so they add no
    /// alias (a card needs several articles to see spelling variants).
    pub alias_min_story_articles: usize,
    /// At most this many alias terms are added for one query term.
    pub max_alias_expansions_per_term: usize,
    /// Weight of an alias match relative to a match of the term itself.
    pub alias_boost: f32,
}

impl Default for IndexConfig {
    fn default() -> IndexConfig {
        IndexConfig {
            analysis: AnalysisMode::Khabar,
            analyzer: AnalyzerConfig::default(),
            title_boost: 2.5,
            writer_memory_bytes: 64 * 1024 * 1024,
            commit_every_articles: 20_000,
            max_segments: 4,
            max_query_bytes: 2048,
            max_articles_considered: 300,
            max_stories_returned: 100,
            snippet_max_chars: 220,
            snippet_scan_bytes: 2_000,
            max_articles_per_story: 3,
            snippets_per_story: 1,
            alias_min_story_articles: 2,
            max_alias_expansions_per_term: 8,
            alias_boost: 0.8,
        }
    }
}
