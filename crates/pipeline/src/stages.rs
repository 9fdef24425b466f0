//! The stages after ingest, run in order on one article: clean → analyze →
//! dedup → cluster. Each stage is a pure function or a small state machine from
//! its own crate; this file passes one stage's output to the next, and says
//! what the store must change as a consequence.
//!
//! The streaming state (learned boilerplate, the dedup index, the clusterer)
//! is recovered on start from the last snapshot plus a replay of the articles
//! stored after it. A crash therefore never leaves the state and the stored
//! articles out of step: the replay recomputes exactly what the lost process
//! held, because every stage is deterministic in ingest order.

use std::sync::Arc;

use khabar_analyze::{Analyzer, AnalyzerConfig, StemmerKind};
use khabar_clean::{
    clean_text, extract_html, looks_like_html, BoilerplateStats, CleanOutput, RuleSet,
};
use khabar_cluster::weekdays::stated_weekdays;
use khabar_cluster::{BackgroundStatistics, ClusterInput, ClustererState, StoryClusterer};
use khabar_core::InputFormat;
use khabar_dedup::{DedupDecision, DedupInput, DedupState, Deduplicator};
use khabar_store::{StageOutputs, Store, StoreError, StoredArticle};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::config::Config;

/// The name of the snapshot blob in the store's stage state.
const SNAPSHOT_STATE_NAME: &str = "stages_snapshot";
/// Bumped whenever the snapshot layout or a stage's deterministic behaviour
/// changes; an older snapshot is then ignored and everything is replayed.
const SNAPSHOT_FORMAT_VERSION: u32 = 3;

#[derive(Debug, thiserror::Error)]
pub enum StageError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("invalid clean configuration: {0}")]
    Clean(#[from] khabar_clean::CleanError),
    #[error("invalid dedup configuration: {0}")]
    Dedup(#[from] khabar_dedup::DedupError),
    #[error("cannot resume clusterer: {0}")]
    Cluster(#[from] khabar_cluster::StateError),
    #[error("cannot encode stage snapshot: {0}")]
    Snapshot(#[from] postcard::Error),
}

/// What the stages read from an article: the same whether it just arrived or
/// is replayed from the store.
pub struct StageInput<'a> {
    pub seq: i64,
    pub id: &'a str,
    pub source: Option<&'a str>,
    pub url: Option<&'a str>,
    pub title: Option<&'a str>,
    pub published: Option<i64>,
    pub format: InputFormat,
    pub body: &'a str,
}

impl<'a> StageInput<'a> {
    pub fn from_stored(article: &'a StoredArticle) -> StageInput<'a> {
        StageInput {
            seq: article.seq,
            id: &article.id,
            source: article.source.as_deref(),
            url: article.url.as_deref(),
            title: article.title.as_deref(),
            published: article.published.map(|date| date.timestamp()),
            format: InputFormat::parse(&article.format).unwrap_or(InputFormat::Text),
            body: &article.body,
        }
    }
}

/// Which story an article belongs to, as far as the stages can tell without
/// reading the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoryAssignment {
    /// A story id decided by the clusterer (or the article's own id).
    Story(String),
    /// A copy joins the story of the article it duplicates.
    SameAsArticle(String),
}

/// Everything processing one article produced.
pub struct ProcessedArticle {
    pub outputs: StageOutputs,
    pub story: StoryAssignment,
    /// `(article id, new duplicate_of)` for other articles whose canonical changed.
    pub repointed: Vec<(String, Option<String>)>,
    /// When a group's canonical changed: articles pointing at `previous` now
    /// point at `current`.
    pub canonical_moves: Vec<(String, String)>,
    /// Stories the clusterer merged: `(from, into)`.
    pub merged_stories: Vec<(String, String)>,
}

#[derive(Serialize, Deserialize)]
struct StagesSnapshot {
    version: u32,
    last_seq: i64,
    boilerplate: BoilerplateStats,
    dedup: DedupState,
    cluster: ClustererState,
}

/// The streaming state of every stage.
pub struct Stages {
    config: Config,
    /// Off only to benchmark the pipeline without line cleaning.
    line_cleaning: bool,
    rules: RuleSet,
    boilerplate: BoilerplateStats,
    dedup_analyzer: Analyzer,
    deduplicator: Deduplicator,
    /// Analyzes text for clustering with the settings the shipped background
    /// table was built with, so live and background terms are the same terms.
    cluster_analyzer: Analyzer,
    clusterer: StoryClusterer,
    last_seq: i64,
}

impl Stages {
    /// Restores the stages from the store: the last snapshot, then a replay of
    /// the articles stored after it.
    pub fn load(store: &Store, config: &Config) -> Result<Stages, StageError> {
        let rules = khabar_clean::rule_set_for(&config.clean)?;
        let snapshot = match store.state(SNAPSHOT_STATE_NAME)? {
            Some(bytes) => postcard::from_bytes::<StagesSnapshot>(&bytes)
                .ok()
                .filter(|snapshot| snapshot.version == SNAPSHOT_FORMAT_VERSION),
            None => None,
        };
        let background = BackgroundStatistics::shipped();
        let cluster_analyzer = Analyzer::new(*background.analyzer_config());
        let mut stages = match snapshot {
            Some(snapshot) => Stages {
                config: config.clone(),
                rules,
                boilerplate: snapshot.boilerplate,
                dedup_analyzer: Analyzer::new(dedup_analyzer_config(&config.analyze)),
                deduplicator: Deduplicator::from_state(config.dedup.clone(), snapshot.dedup)?,
                cluster_analyzer,
                clusterer: StoryClusterer::from_state(
                    config.cluster.clone(),
                    Arc::clone(&background),
                    &snapshot.cluster,
                )?,
                last_seq: snapshot.last_seq,
                line_cleaning: true,
            },
            None => Stages {
                config: config.clone(),
                rules,
                boilerplate: BoilerplateStats::new(),
                dedup_analyzer: Analyzer::new(dedup_analyzer_config(&config.analyze)),
                deduplicator: Deduplicator::new(config.dedup.clone())?,
                cluster_analyzer,
                clusterer: StoryClusterer::new(config.cluster.clone(), background),
                last_seq: 0,
                line_cleaning: true,
            },
        };
        let replay_after = stages.last_seq;
        store.for_each_article_after(replay_after, |article| -> Result<(), StageError> {
            stages.process(&StageInput::from_stored(&article));
            Ok(())
        })?;
        Ok(stages)
    }

    /// Takes an article out of the duplicate groups. When it was a group's
    /// canonical and a member took over: (previous canonical id, new
    /// canonical id, members to re-point).
    pub fn remove_from_duplicates(&mut self, key: u64) -> Option<(String, String, Vec<String>)> {
        let outcome = self.deduplicator.remove(key)?;
        let change = outcome.canonical_change?;
        Some((
            change.previous.article_id,
            change.current.article_id,
            change
                .repointed
                .into_iter()
                .map(|member| member.article_id)
                .collect(),
        ))
    }

    /// Turns line cleaning (rules, learned boilerplate, repeats) on or off;
    /// off only serves to measure what cleaning costs.
    pub fn set_line_cleaning(&mut self, enabled: bool) {
        self.line_cleaning = enabled;
    }

    /// The highest ingest sequence number the state reflects.
    pub fn last_seq(&self) -> i64 {
        self.last_seq
    }

    /// Runs clean → analyze → dedup → cluster on one new or changed article.
    pub fn process(&mut self, input: &StageInput<'_>) -> ProcessedArticle {
        self.last_seq = self.last_seq.max(input.seq);
        let mut outputs = StageOutputs::default();
        let key = input.seq as u64;

        // Clean: HTML pages are extracted first, then lines are filtered.
        let mut body = input.body.to_string();
        let mut url = input.url.map(str::to_string);
        let mut title = input.title.map(str::to_string);
        let mut published = input.published;
        let is_markup = matches!(input.format, InputFormat::Html | InputFormat::Warc)
            || looks_like_html(input.body);
        if is_markup {
            match extract_html(input.body, input.url) {
                Ok(page) => {
                    body = page.text;
                    if title.is_none() {
                        title.clone_from(&page.title);
                        outputs.discovered_title = page.title;
                    }
                    if url.is_none() {
                        url.clone_from(&page.url);
                        outputs.discovered_url = page.url.clone();
                        outputs.discovered_source =
                            page.url.as_deref().and_then(khabar_clean::url_host);
                    }
                    if published.is_none() {
                        published = page.published.map(|date| date.timestamp());
                        outputs.discovered_published = published;
                    }
                    if let Some(author) = page.author {
                        outputs
                            .decisions
                            .insert("author".to_string(), Value::String(author));
                    }
                }
                Err(error) => outputs
                    .flags
                    .push(format!("html_extraction_failed: {error}")),
            }
        }
        let source = input
            .source
            .map(str::to_string)
            .or_else(|| outputs.discovered_source.clone());
        let cleaned = if self.line_cleaning {
            if let Some(source_name) = source.as_deref() {
                self.boilerplate
                    .observe_body(source_name, &body, &self.config.clean.learned);
            }
            clean_text(
                &body,
                source.as_deref(),
                url.as_deref(),
                &self.rules,
                &self.boilerplate,
                &self.config.clean,
            )
        } else {
            CleanOutput {
                text: body.clone(),
                removed: Vec::new(),
                flags: Vec::new(),
                extracted_urls: Vec::new(),
            }
        };
        if outputs.discovered_url.is_none() && url.is_none() {
            if let Some(first_url) = cleaned.extracted_urls.first() {
                outputs.discovered_url = Some(first_url.clone());
                outputs.discovered_source = khabar_clean::url_host(first_url);
            }
        }
        outputs.decisions.insert(
            "clean".to_string(),
            json!({ "removed": cleaned.removed.len(), "flags": cleaned.flags, "extracted_urls": cleaned.extracted_urls }),
        );
        outputs.clean_text = cleaned.text;
        outputs.removed = cleaned.removed;
        outputs.flags.extend(cleaned.flags);

        // Analyze: one language per article, detected on title and text.
        let title_text = title.as_deref().unwrap_or("");
        let detection_sample = format!(
            "{title_text}\n{}",
            truncate_on_char_boundary(&outputs.clean_text, LANGUAGE_SAMPLE_BYTES)
        );
        let language = khabar_analyze::detect_language(&detection_sample);
        outputs.language = Some(language.code().to_string());

        // Dedup: exact and near copies over the normalised, unstemmed words of
        // title and body as published (after HTML extraction, before line
        // cleaning). Learned boilerplate evolves as statistics accumulate, so
        // two identical copies could be cleaned differently; the published
        // text cannot.
        let mut dedup_tokens: Vec<String> = Vec::new();
        for part in [title_text, body.as_str()] {
            self.dedup_analyzer
                .for_each_term(part, language, |term, _| {
                    dedup_tokens.push(term.to_string())
                });
        }
        let input_for_dedup = DedupInput {
            key,
            article_id: input.id.to_string(),
            source: source.clone(),
            published,
            tokens: &dedup_tokens,
        };
        if self.deduplicator.contains(key) {
            self.deduplicator.remove(key);
        }
        let mut repointed = Vec::new();
        let mut canonical_moves = Vec::new();
        let dedup_decision = match self.deduplicator.observe(input_for_dedup) {
            Ok(decision) => {
                outputs.duplicate_of = decision
                    .duplicate_of
                    .as_ref()
                    .map(|canonical| canonical.article_id.clone());
                if let Some(change) = &decision.canonical_change {
                    for member in &change.repointed {
                        repointed.push((
                            member.article_id.clone(),
                            Some(change.current.article_id.clone()),
                        ));
                    }
                    if change.previous.article_id != change.current.article_id {
                        canonical_moves.push((
                            change.previous.article_id.clone(),
                            change.current.article_id.clone(),
                        ));
                    }
                }
                outputs.decisions.insert(
                    "dedup".to_string(),
                    serde_json::to_value(&decision).unwrap_or(Value::Null),
                );
                Some(decision)
            }
            Err(error) => {
                outputs.flags.push(format!("dedup_failed: {error}"));
                None
            }
        };

        // Cluster: a copy joins the story of the article it copies (the group
        // counts once); anything else is scored against the active stories.
        let mut cluster_input = ClusterInput {
            key,
            article_id: input.id.to_string(),
            source: source.clone(),
            published,
            title_terms: Vec::new(),
            body_terms: Vec::new(),
            language,
            stated_weekdays: stated_weekdays(title_text, &outputs.clean_text),
        };
        self.cluster_analyzer
            .for_each_term(title_text, language, |term, _| {
                cluster_input.title_terms.push(term.to_string())
            });
        self.cluster_analyzer
            .for_each_term(&outputs.clean_text, language, |term, _| {
                cluster_input.body_terms.push(term.to_string())
            });
        let mut merged_stories = Vec::new();
        let story = match dedup_decision.as_ref().and_then(story_for_duplicate) {
            Some(assignment) => {
                self.clusterer.observe_statistics_only(&cluster_input);
                outputs.decisions.insert(
                    "cluster".to_string(),
                    json!({ "joined_story_of_copy": true }),
                );
                assignment
            }
            None => {
                let decision = self.clusterer.observe(&cluster_input);
                merged_stories.clone_from(&decision.merged_stories);
                outputs.decisions.insert(
                    "cluster".to_string(),
                    serde_json::to_value(&decision).unwrap_or(Value::Null),
                );
                StoryAssignment::Story(decision.story_id)
            }
        };
        ProcessedArticle {
            outputs,
            story,
            repointed,
            canonical_moves,
            merged_stories,
        }
    }

    /// The snapshot blob to store; it reflects every article up to `last_seq`.
    pub fn snapshot(&self) -> Result<Vec<u8>, StageError> {
        let snapshot = StagesSnapshot {
            version: SNAPSHOT_FORMAT_VERSION,
            last_seq: self.last_seq,
            boilerplate: self.boilerplate.clone(),
            dedup: self.deduplicator.to_state(),
            cluster: self.clusterer.to_state(),
        };
        Ok(postcard::to_stdvec(&snapshot)?)
    }

    pub fn snapshot_state_name() -> &'static str {
        SNAPSHOT_STATE_NAME
    }

    pub fn deduplicator(&self) -> &Deduplicator {
        &self.deduplicator
    }
}

/// Language detection reads at most this much text: enough for a confident
/// guess, cheap on long articles.
const LANGUAGE_SAMPLE_BYTES: usize = 2048;

fn truncate_on_char_boundary(text: &str, max_bytes: usize) -> &str {
    if text.len() <= max_bytes {
        return text;
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Dedup compares surface words: normalised, but neither stemmed nor stripped
/// of stop words, as the near-duplicate definition does.
fn dedup_analyzer_config(analyze: &AnalyzerConfig) -> AnalyzerConfig {
    AnalyzerConfig {
        stemmer: StemmerKind::None,
        remove_stopwords: false,
        ..*analyze
    }
}

fn story_for_duplicate(decision: &DedupDecision) -> Option<StoryAssignment> {
    if decision.kind == khabar_dedup::DuplicateKind::Unique {
        return None;
    }
    let matched = decision
        .matched
        .as_ref()
        .or(decision.duplicate_of.as_ref())?;
    Some(StoryAssignment::SameAsArticle(matched.article_id.clone()))
}
