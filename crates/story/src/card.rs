//! The story card itself and the builder that assembles it from the other
//! modules: timeline → analysis → headline → entities → sentence links →
//! summary → per-outlet coverage.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use khabar_analyze::AnalyzerConfig;
use serde::{Deserialize, Serialize};

use crate::analyzed_story::{analyze_story, original_of_each_article, StoryAnalyzers};
use crate::article::StoryArticle;
use crate::background_idf::shipped_background_idf;
use crate::config::StoryCardConfig;
use crate::entities::{find_entities, Entity};
use crate::headline::choose_headline;
use crate::outlet_coverage::sentences_only_here;
use crate::sentence_links::link_sentences;
use crate::summary::{choose_summary, story_centroid, SummarySentence};
use crate::term_vectors::IdfFunction;
use crate::timeline::{build_timeline, SourceCoverage, TimelineEntry};

/// What a reader sees of one story. The first keys are those of
/// `khabar story ID --json`; the rest add detail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryCard {
    pub id: String,
    pub headline: String,
    /// Every article id, copies included, in time order (undated last).
    pub articles: Vec<String>,
    /// Outlets, most articles first, with article and copy counts.
    pub sources: Vec<SourceCoverage>,
    pub first_seen: Option<DateTime<Utc>>,
    pub last_seen: Option<DateTime<Utc>>,
    pub entities: Vec<Entity>,
    pub summary: Vec<SummarySentence>,
    /// Outlet → its sentences no other outlet carries. Empty for a story with
    /// a single outlet.
    pub only_here: BTreeMap<String, Vec<String>>,
    /// Articles that are not copies.
    pub article_count: usize,
    /// Articles that copy another article of the story.
    pub copy_count: usize,
    pub timeline: Vec<TimelineEntry>,
}

/// Builds cards with reusable analyzers. Pure: no I/O.
pub struct StoryCardBuilder {
    config: StoryCardConfig,
    idf: Box<IdfFunction>,
    analyzers: StoryAnalyzers,
}

impl StoryCardBuilder {
    /// `idf` gives the background idf of a term produced by an analyzer with
    /// `analyzer_config` (the story's text is analyzed with the same
    /// settings, whatever their stop-word choice).
    pub fn new(
        config: StoryCardConfig,
        analyzer_config: AnalyzerConfig,
        idf: Box<IdfFunction>,
    ) -> StoryCardBuilder {
        StoryCardBuilder {
            config,
            idf,
            analyzers: StoryAnalyzers::new(analyzer_config),
        }
    }

    /// A builder using the background document frequencies shipped with
    /// `khabar-cluster` (and their analyzer settings).
    pub fn with_shipped_background(config: StoryCardConfig) -> StoryCardBuilder {
        let (idf, analyzer_config) = shipped_background_idf();
        StoryCardBuilder::new(config, analyzer_config, Box::new(idf))
    }

    pub fn config(&self) -> &StoryCardConfig {
        &self.config
    }

    /// The card of story `story_id` made of `articles` (copies included).
    pub fn build(&mut self, story_id: &str, articles: &[StoryArticle]) -> StoryCard {
        assemble_card(
            story_id,
            articles,
            &self.config,
            &mut self.analyzers,
            self.idf.as_ref(),
        )
    }
}

/// One-off convenience: the card of `articles` with the default analyzer
/// settings and the given idf.
pub fn build_story_card(
    story_id: &str,
    articles: &[StoryArticle],
    config: &StoryCardConfig,
    idf: &IdfFunction,
) -> StoryCard {
    let mut analyzers = StoryAnalyzers::new(AnalyzerConfig::default());
    assemble_card(story_id, articles, config, &mut analyzers, idf)
}

fn assemble_card(
    story_id: &str,
    articles: &[StoryArticle],
    config: &StoryCardConfig,
    analyzers: &mut StoryAnalyzers,
    idf: &IdfFunction,
) -> StoryCard {
    let original_of = original_of_each_article(articles);
    let timeline = build_timeline(articles, &original_of);
    let copy_count = timeline
        .entries
        .iter()
        .filter(|entry| entry.copy_of.is_some())
        .count();
    let story = analyze_story(
        articles,
        analyzers,
        &original_of,
        idf,
        config.lead_sentences_for_headline,
    );
    let links = link_sentences(&story, config);
    let centroid = story_centroid(&story, &links);
    let headline = choose_headline(&story, config);
    let entities = find_entities(&story, config, idf);
    let summary = choose_summary(&story, &links, &centroid, headline.article, config);
    let only_here = sentences_only_here(&story, &links, config);
    StoryCard {
        id: story_id.to_string(),
        headline: headline.text,
        articles: timeline
            .entries
            .iter()
            .map(|entry| entry.id.clone())
            .collect(),
        sources: timeline.sources,
        first_seen: timeline.first_seen,
        last_seen: timeline.last_seen,
        entities,
        summary,
        only_here,
        article_count: articles.len() - copy_count,
        copy_count,
        timeline: timeline.entries,
    }
}
