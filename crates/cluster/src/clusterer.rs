//! The online story clusterer: a pure, persistable state machine.
//!
//! [`StoryClusterer::observe`] takes one article, scores it against the active
//! stories found through the inverted index, and joins the best story scoring
//! at least [`ClusterConfig::threshold`], or starts a new story. When the
//! article also scores above the threshold against another story whose
//! centroid has become close to the chosen one, the two merge: the older story
//! (first ingested) keeps its id and the decision reports `from → into`.
//!
//! Determinism: every choice is ordered by (score, story number) and every
//! float sum is taken in an order that does not depend on hash-map layout, so
//! the same articles in the same order give the same decisions, and
//! [`StoryClusterer::to_state`] / [`StoryClusterer::from_state`] resume
//! bit-for-bit (weights are persisted as `f32` bits).

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::anchors::{stated_years, year_sets_conflict};
use crate::background::BackgroundStatistics;
use crate::config::ClusterConfig;
use crate::features::{
    keep_first_by_score, label_of, number_hashes_into, overlap_coefficient, raw_features,
    strongest_features_into, strongest_hashes, weighted_vector_into, ArticleLookup, FeatureScratch,
    VectorScratch, WeightedFeature,
};
use crate::input::ClusterInput;
use crate::inverted_index::InvertedIndex;
use crate::story::{ArticleEvidence, Story, StoryState};
use crate::term_statistics::TermStatistics;
use crate::weekdays::{weekday_names, weekday_sets_conflict};
use crate::KeyMap;

const SECONDS_PER_DAY: f64 = 86_400.0;
const STATE_FORMAT_VERSION: u32 = 1;
/// `(hash, weight)` pairs in a 64-byte cache line.
const FEATURES_PER_CACHE_LINE: usize = 4;

/// What happened to one article, with what is needed to explain it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterDecision {
    /// The story the article belongs to now (after any merge).
    pub story_id: String,
    pub is_new_story: bool,
    /// The score against the joined story; for a new story, the best score
    /// that fell short of the threshold (0 when no story was a candidate).
    pub score: f32,
    /// For a join, the second-best story; for a new story, the best story
    /// that fell short.
    pub runner_up: Option<(String, f32)>,
    pub threshold: f32,
    /// Features shared with the joined (or best) story, by their contribution
    /// to the cosine; bigrams read "first second".
    pub top_shared_terms: Vec<(String, f32)>,
    /// Stories merged by this article: `(from, into)`; `from` no longer exists
    /// and its articles now belong to `into`.
    pub merged_stories: Vec<(String, String)>,
    /// The days of the week the article's title and lead name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weekdays_named: Vec<String>,
    /// The best story's members named other days (two or more apart), so
    /// its score was multiplied by `weekday_conflict_factor`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub weekday_conflict: bool,
}

/// The similarity signals of one candidate story, recorded for analysis
/// when [`StoryClusterer::record_signals`] is on (never part of the state).
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateSignals {
    pub story_id: String,
    pub score: f32,
    pub centroid_cosine: f32,
    /// Cosines to the kept member vectors, best first.
    pub member_cosines: Vec<f32>,
    pub article_count: u32,
    pub article_numbers: usize,
    pub story_numbers: usize,
    pub shared_numbers: usize,
    /// For k in 5, 10, 20: the share of the article's k strongest features
    /// present in the story's centroid, and of the story's k strongest
    /// centroid features present in the article.
    pub article_coverage: [f32; 3],
    pub story_coverage: [f32; 3],
}

/// The clusterer's persisted state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClustererState {
    pub format_version: u32,
    /// [`BackgroundStatistics::fingerprint`] of the table the state was built with.
    pub background_fingerprint: u64,
    pub next_story_number: u64,
    /// The newest publication date seen (unix seconds).
    pub watermark: Option<i64>,
    pub live_documents: u64,
    /// Live document frequencies, sorted by feature hash.
    pub live_document_frequency: Vec<(u64, u32)>,
    /// Active stories, sorted by number.
    pub stories: Vec<StoryState>,
}

/// Why a state could not be resumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateError {
    UnsupportedVersion(u32),
    BackgroundMismatch { state: u64, given: u64 },
}

impl std::fmt::Display for StateError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StateError::UnsupportedVersion(version) => {
                write!(formatter, "unsupported clusterer state version {version}")
            }
            StateError::BackgroundMismatch { state, given } => write!(
                formatter,
                "clusterer state was built with background table {state:016x}, not {given:016x}"
            ),
        }
    }
}

impl std::error::Error for StateError {}

/// Online story clustering over a stream of articles.
#[derive(Debug, Clone)]
pub struct StoryClusterer {
    config: ClusterConfig,
    statistics: TermStatistics,
    stories: KeyMap<Story>,
    index: InvertedIndex,
    /// Dated stories by (latest date, number): time-window eviction.
    stories_by_date: BTreeSet<(i64, u64)>,
    /// All stories by (last ingest key, number): count-cap eviction.
    stories_by_recency: BTreeSet<(u64, u64)>,
    /// The story number in each inverted-index slot (stale for free slots).
    slot_numbers: Vec<u64>,
    /// Slots freed by stories that left, reused last-freed first.
    free_slots: Vec<u32>,
    next_story_number: u64,
    watermark: Option<i64>,
    scratch: ObserveScratch,
    record_signals: bool,
    last_signals: Vec<CandidateSignals>,
}

impl StoryClusterer {
    pub fn new(config: ClusterConfig, background: Arc<BackgroundStatistics>) -> StoryClusterer {
        let statistics = TermStatistics::new(
            background,
            config.background_weight,
            config.max_live_features,
        );
        StoryClusterer {
            config,
            statistics,
            stories: KeyMap::default(),
            index: InvertedIndex::default(),
            stories_by_date: BTreeSet::new(),
            stories_by_recency: BTreeSet::new(),
            slot_numbers: Vec::new(),
            free_slots: Vec::new(),
            next_story_number: 0,
            watermark: None,
            scratch: ObserveScratch::default(),
            record_signals: false,
            last_signals: Vec::new(),
        }
    }

    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    /// Records every candidate's similarity signals at each `observe`
    /// (analysis tooling; costs time).
    #[doc(hidden)]
    pub fn record_signals(&mut self, on: bool) {
        self.record_signals = on;
    }

    /// The signals recorded by the last `observe`, best score first.
    #[doc(hidden)]
    pub fn last_signals(&self) -> &[CandidateSignals] {
        &self.last_signals
    }

    /// Number of stories in the active set.
    pub fn active_story_count(&self) -> usize {
        self.stories.len()
    }

    /// Number of features in the live document-frequency table.
    pub fn live_feature_count(&self) -> usize {
        self.statistics.live_feature_count()
    }

    /// Counts an article in the live term statistics without clustering it
    /// (e.g. to prime statistics from an archive before replaying it).
    pub fn observe_statistics_only(&mut self, input: &ClusterInput) {
        raw_features(input, &self.config, &mut self.scratch.features);
        self.statistics.observe_document(&self.scratch.features.raw);
    }

    /// Assigns one article to a story.
    pub fn observe(&mut self, input: &ClusterInput) -> ClusterDecision {
        let mut scratch = std::mem::take(&mut self.scratch);
        raw_features(input, &self.config, &mut scratch.features);
        self.statistics
            .observe_and_weigh(&mut scratch.features.raw, input.language);
        let mut vector = std::mem::take(&mut scratch.vector);
        weighted_vector_into(&scratch.features.raw, &self.config, &mut vector);
        let mut numbers = std::mem::take(&mut scratch.numbers);
        number_hashes_into(&scratch.features.raw, &mut numbers);
        scratch.lookup.fill(&vector);
        let anchor_years = stated_years(
            input
                .title_terms
                .iter()
                .chain(input.body_terms.iter().take(self.config.year_anchor_terms))
                .map(String::as_str),
        );
        if let Some(published) = input.published {
            if !matches!(self.watermark, Some(watermark) if published <= watermark) {
                self.watermark = Some(published);
                self.evict_inactive_stories();
            }
        }
        let evidence = ArticleEvidence {
            vector: &vector,
            numbers: &numbers,
            anchor_years: &anchor_years,
            stated_weekdays: input.stated_weekdays,
        };
        let scored = self.score_candidates(&evidence, input.published, &mut scratch);
        if self.record_signals {
            self.last_signals = scored
                .iter()
                .filter_map(|&(score, number)| {
                    let story = self.stories.get(&number)?;
                    Some(CandidateSignals {
                        story_id: story.id.clone(),
                        score,
                        centroid_cosine: story.centroid_similarity_to(&scratch.lookup, 0.0),
                        member_cosines: story.member_cosines(&vector),
                        article_count: story.article_count,
                        article_numbers: numbers.len(),
                        story_numbers: story.numbers.len(),
                        shared_numbers: numbers
                            .iter()
                            .filter(|hash| story.numbers.binary_search(hash).is_ok())
                            .count(),
                        article_coverage: [5, 10, 20]
                            .map(|k| coverage(&strongest_hashes(&vector, k), &story.centroid)),
                        story_coverage: [5, 10, 20]
                            .map(|k| coverage(&strongest_hashes(&story.centroid, k), &vector)),
                    })
                })
                .collect();
        }
        self.scratch = scratch;
        let threshold = self.config.threshold;
        let best = scored.first().copied();
        let explained_story = best.map(|(_, number)| number);
        let top_shared_terms = match explained_story.and_then(|number| self.stories.get(&number)) {
            Some(story) => self.shared_terms(input, &vector, story, &self.scratch.features),
            None => Vec::new(),
        };
        let weekday_conflict = self.config.weekday_conflict_factor < 1.0
            && explained_story
                .and_then(|number| self.stories.get(&number))
                .is_some_and(|story| {
                    weekday_sets_conflict(input.stated_weekdays, story.stated_weekdays)
                });
        let mut merged_stories = Vec::new();
        let decision_story_number;
        let is_new_story;
        let runner_up;
        match best {
            Some((best_score, best_number)) if best_score >= threshold => {
                runner_up = scored.get(1).copied();
                self.add_to_story(best_number, input, &evidence);
                let mut surviving_number = best_number;
                for &(other_score, other_number) in scored.iter().skip(1) {
                    if other_score < threshold {
                        break;
                    }
                    surviving_number =
                        self.merge_if_close(surviving_number, other_number, &mut merged_stories);
                }
                decision_story_number = surviving_number;
                is_new_story = false;
            }
            _ => {
                runner_up = best;
                decision_story_number = self.start_story(input, &evidence);
                is_new_story = true;
            }
        }
        let story_id = self
            .stories
            .get(&decision_story_number)
            .map_or_else(|| input.article_id.clone(), |story| story.id.clone());
        self.evict_beyond_capacity(decision_story_number);
        self.scratch.vector = vector;
        self.scratch.numbers = numbers;
        ClusterDecision {
            story_id,
            is_new_story,
            score: best.map_or(0.0, |(score, _)| score),
            runner_up: runner_up.and_then(|(score, number)| {
                self.stories
                    .get(&number)
                    .map(|story| (story.id.clone(), score))
            }),
            threshold,
            top_shared_terms,
            merged_stories,
            weekdays_named: weekday_names(input.stated_weekdays),
            weekday_conflict,
        }
    }

    /// Candidate stories from the index, scored exactly, best first.
    fn score_candidates(
        &self,
        evidence: &ArticleEvidence<'_>,
        published: Option<i64>,
        scratch: &mut ObserveScratch,
    ) -> Vec<(f32, u64)> {
        let vector = evidence.vector;
        let partial_scores = &mut scratch.partial_scores;
        partial_scores.resize(self.slot_numbers.len(), 0.0);
        // A slot is touched at most once per article, so the touched list
        // never holds more than the slots; writing unconditionally and
        // advancing only for a first touch avoids an unpredictable branch
        // per posting. Entries beyond the count are stale and never read.
        let touched_slots = &mut scratch.touched_slots;
        if touched_slots.len() <= self.slot_numbers.len() {
            touched_slots.resize(self.slot_numbers.len() + 1, 0);
        }
        let mut touched_count = 0usize;
        let query = &mut scratch.query;
        strongest_features_into(vector, self.config.query_features, query);
        let warmed = query
            .iter()
            .fold(0u64, |folded, (hash, _)| folded ^ self.index.warm(*hash));
        std::hint::black_box(warmed);
        // Then the posting lists themselves (long ones live on the heap), so
        // that their misses too overlap before the lists are walked.
        let warmed_lists = query.iter().fold(0u32, |folded, (hash, _)| {
            folded ^ self.index.warm_postings(*hash)
        });
        std::hint::black_box(warmed_lists);
        for &(hash, weight) in query.iter() {
            let stories = self.index.stories_with(hash);
            if stories.len() > self.config.max_postings_per_probe {
                continue;
            }
            touched_count = accumulate_postings(
                stories,
                weight,
                partial_scores,
                touched_slots,
                touched_count,
            );
        }
        let touched_slots = &touched_slots[..touched_count.min(touched_slots.len())];
        let candidates = &mut scratch.candidates;
        candidates.clear();
        // Every touched slot is reset for the next article; the candidate
        // order (partial score, story number) does not depend on the slots.
        candidates.extend(touched_slots.iter().map(|&slot| {
            let partial = std::mem::take(&mut partial_scores[slot as usize]);
            (partial, self.slot_numbers[slot as usize])
        }));
        // (score, number) is a total order: the kept set does not depend on
        // the slots' order.
        keep_first_by_score(
            candidates,
            self.config.max_candidates,
            |candidate| candidate.0,
            best_first,
        );
        // Reading every candidate's centroid once before scoring lets their
        // cache misses overlap (the scoring then reads cached lines).
        let warmed = candidates
            .iter()
            .filter_map(|(_, number)| self.stories.get(number))
            .flat_map(|story| story.centroid.iter().step_by(FEATURES_PER_CACHE_LINE))
            .fold(0u64, |folded, (hash, _)| folded ^ hash);
        std::hint::black_box(warmed);
        let lookup = &scratch.lookup;
        let mut scored: Vec<(f32, u64)> = candidates
            .iter()
            .filter_map(|&(_, number)| {
                let story = self.stories.get(&number)?;
                Some((self.score_story(story, evidence, lookup, published), number))
            })
            .collect();
        sort_best_first(&mut scored);
        scored
    }

    fn score_story(
        &self,
        story: &Story,
        evidence: &ArticleEvidence<'_>,
        lookup: &ArticleLookup,
        published: Option<i64>,
    ) -> f32 {
        let ArticleEvidence {
            vector,
            numbers,
            anchor_years,
            stated_weekdays,
            ..
        } = *evidence;
        let member_weight = self.config.member_linkage_weight.clamp(0.0, 1.0);
        let centroid_cosine =
            story.centroid_similarity_to(lookup, self.config.average_linkage_weight);
        let similarity = if member_weight > 0.0 {
            (1.0 - member_weight) * centroid_cosine
                + member_weight * story.best_member_cosine(vector)
        } else {
            centroid_cosine
        };
        let number_weight = self.config.number_agreement_weight.clamp(0.0, 1.0);
        // With weight 0 the factor is exactly 1 whatever the overlap.
        let number_factor = if number_weight == 0.0 {
            1.0
        } else {
            overlap_coefficient(numbers, &story.numbers)
                .map_or(1.0, |overlap| 1.0 - number_weight + number_weight * overlap)
        };
        let year_factor = if year_sets_conflict(anchor_years, &story.anchor_years) {
            self.config.year_conflict_factor.clamp(0.0, 1.0)
        } else {
            1.0
        };
        let weekday_factor = if weekday_sets_conflict(stated_weekdays, story.stated_weekdays) {
            self.config.weekday_conflict_factor.clamp(0.0, 1.0)
        } else {
            1.0
        };
        let floor = self.config.member_similarity_floor;
        let member_factor = if floor > 0.0 && !story.member_vectors.is_empty() {
            (story.best_member_cosine(vector) / floor).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let max_span_days = self.config.max_story_span_days;
        if max_span_days > 0.0 && story.span_days_with(published) > max_span_days {
            return 0.0;
        }
        similarity
            * number_factor
            * year_factor
            * weekday_factor
            * member_factor
            * self.time_factor(story.gap_days(published))
    }

    /// 1 within the grace period, then halving every half-life.
    fn time_factor(&self, gap_days: f64) -> f32 {
        let beyond_grace = gap_days - self.config.time_decay_grace_days;
        if beyond_grace <= 0.0 || self.config.time_decay_half_life_days <= 0.0 {
            return 1.0;
        }
        0.5f64.powf(beyond_grace / self.config.time_decay_half_life_days) as f32
    }

    fn shared_terms(
        &self,
        input: &ClusterInput,
        vector: &[WeightedFeature],
        story: &Story,
        features: &FeatureScratch,
    ) -> Vec<(String, f32)> {
        if story.centroid_norm <= 0.0 {
            return Vec::new();
        }
        let mut contributions = shared_contributions(vector, &story.centroid, story.centroid_norm);
        keep_best_by_weight(&mut contributions, self.config.explained_terms);
        contributions
            .into_iter()
            .filter_map(|(hash, contribution)| {
                let feature = features.feature(hash)?;
                Some((label_of(input, feature)?, contribution))
            })
            .collect()
    }

    fn start_story(&mut self, input: &ClusterInput, evidence: &ArticleEvidence<'_>) -> u64 {
        let number = self.next_story_number;
        self.next_story_number += 1;
        let story = Story::new(
            number,
            &input.article_id,
            input.key,
            input.published,
            evidence,
            &self.config,
            &mut self.scratch.vectors,
        );
        self.insert_story(story);
        number
    }

    fn add_to_story(&mut self, number: u64, input: &ClusterInput, evidence: &ArticleEvidence<'_>) {
        let Some(story) = self.stories.get_mut(&number) else {
            return;
        };
        if let Some(latest) = story.latest_published {
            self.stories_by_date.remove(&(latest, number));
        }
        self.stories_by_recency.remove(&(story.last_key, number));
        let scratch = &mut self.scratch.vectors;
        story.add_article(input.key, input.published, evidence, &self.config, scratch);
        // Only the features that enter or leave the story's strongest set
        // move in the index.
        story.features_to_index_into(&self.config, scratch);
        self.index
            .update(story.slot, &story.indexed_features, &scratch.hashes);
        std::mem::swap(&mut story.indexed_features, &mut scratch.hashes);
        if let Some(latest) = story.latest_published {
            self.stories_by_date.insert((latest, number));
        }
        self.stories_by_recency.insert((story.last_key, number));
    }

    /// Merges `other` and `current` when their centroids are close; returns
    /// the surviving story's number.
    fn merge_if_close(
        &mut self,
        current: u64,
        other: u64,
        merged_stories: &mut Vec<(String, String)>,
    ) -> u64 {
        let (Some(current_story), Some(other_story)) =
            (self.stories.get(&current), self.stories.get(&other))
        else {
            return current;
        };
        if current_story.centroid_similarity(other_story) < self.config.merge_threshold {
            return current;
        }
        let current_is_older = (current_story.first_key, current_story.number)
            < (other_story.first_key, other_story.number);
        let (survivor_number, absorbed_number) = if current_is_older {
            (current, other)
        } else {
            (other, current)
        };
        let (Some(mut survivor), Some(absorbed)) = (
            self.remove_story_from_indexes(survivor_number),
            self.remove_story_from_indexes(absorbed_number),
        ) else {
            return current;
        };
        survivor.absorb(&absorbed, &self.config, &mut self.scratch.vectors);
        merged_stories.push((absorbed.id.clone(), survivor.id.clone()));
        absorbed.recycle_into(&mut self.scratch.vectors);
        self.insert_story(survivor);
        survivor_number
    }

    fn insert_story(&mut self, mut story: Story) {
        story.slot = self.allocate_slot(story.number);
        let scratch = &mut self.scratch.vectors;
        story.features_to_index_into(&self.config, scratch);
        self.index
            .update(story.slot, &story.indexed_features, &scratch.hashes);
        std::mem::swap(&mut story.indexed_features, &mut scratch.hashes);
        if let Some(latest) = story.latest_published {
            self.stories_by_date.insert((latest, story.number));
        }
        self.stories_by_recency
            .insert((story.last_key, story.number));
        self.stories.insert(story.number, story);
    }

    fn remove_story_from_indexes(&mut self, number: u64) -> Option<Story> {
        let mut story = self.stories.remove(&number)?;
        self.index.update(story.slot, &story.indexed_features, &[]);
        story.indexed_features.clear();
        self.free_slots.push(story.slot);
        story.slot = Story::NO_SLOT;
        if let Some(latest) = story.latest_published {
            self.stories_by_date.remove(&(latest, number));
        }
        self.stories_by_recency.remove(&(story.last_key, number));
        Some(story)
    }

    fn allocate_slot(&mut self, number: u64) -> u32 {
        match self.free_slots.pop() {
            Some(slot) => {
                self.slot_numbers[slot as usize] = number;
                slot
            }
            None => {
                self.slot_numbers.push(number);
                (self.slot_numbers.len() - 1) as u32
            }
        }
    }

    fn evict_inactive_stories(&mut self) {
        let Some(watermark) = self.watermark else {
            return;
        };
        let window_seconds = (self.config.story_inactivity_days * SECONDS_PER_DAY) as i64;
        let cutoff = watermark.saturating_sub(window_seconds);
        while let Some(&(latest, number)) = self.stories_by_date.first() {
            if latest >= cutoff || self.stories.len() <= self.config.min_retained_stories {
                break;
            }
            if let Some(story) = self.remove_story_from_indexes(number) {
                story.recycle_into(&mut self.scratch.vectors);
            }
        }
    }

    fn evict_beyond_capacity(&mut self, keep: u64) {
        while self.stories.len() > self.config.max_active_stories.max(1) {
            let Some(&(_, number)) = self
                .stories_by_recency
                .iter()
                .find(|(_, number)| *number != keep)
            else {
                break;
            };
            if let Some(story) = self.remove_story_from_indexes(number) {
                story.recycle_into(&mut self.scratch.vectors);
            }
        }
    }

    /// The persistable state (see [`StoryClusterer::from_state`]).
    pub fn to_state(&self) -> ClustererState {
        let (live_documents, live_document_frequency) = self.statistics.to_state();
        let mut numbers: Vec<u64> = self.stories.keys().copied().collect();
        numbers.sort_unstable();
        ClustererState {
            format_version: STATE_FORMAT_VERSION,
            background_fingerprint: self.statistics.background().fingerprint(),
            next_story_number: self.next_story_number,
            watermark: self.watermark,
            live_documents,
            live_document_frequency,
            stories: numbers
                .iter()
                .filter_map(|number| self.stories.get(number))
                .map(Story::to_state)
                .collect(),
        }
    }

    /// Resumes from a saved state. Must be given the same background table
    /// (checked) and should be given the same config as when it was saved.
    pub fn from_state(
        config: ClusterConfig,
        background: Arc<BackgroundStatistics>,
        state: &ClustererState,
    ) -> Result<StoryClusterer, StateError> {
        if state.format_version != STATE_FORMAT_VERSION {
            return Err(StateError::UnsupportedVersion(state.format_version));
        }
        if state.background_fingerprint != background.fingerprint() {
            return Err(StateError::BackgroundMismatch {
                state: state.background_fingerprint,
                given: background.fingerprint(),
            });
        }
        let mut clusterer = StoryClusterer::new(config, background);
        clusterer
            .statistics
            .restore(state.live_documents, &state.live_document_frequency);
        clusterer.next_story_number = state.next_story_number;
        clusterer.watermark = state.watermark;
        for story_state in &state.stories {
            clusterer.insert_story(Story::from_state(story_state));
        }
        Ok(clusterer)
    }
}

/// Adds `weight` to the partial score of every slot in `slots`, appending a
/// slot to `touched_slots` the first time its score leaves zero; returns the
/// new touched count. Kept out of line so that its loop runs in registers
/// (inlined into `observe`, the count was spilled to the stack, which put a
/// store-to-load round trip on every posting's dependency chain).
#[inline(never)]
fn accumulate_postings(
    slots: &[u32],
    weight: f32,
    partial_scores: &mut [f32],
    touched_slots: &mut [u32],
    mut touched_count: usize,
) -> usize {
    for &slot in slots {
        let Some(partial) = partial_scores.get_mut(slot as usize) else {
            continue;
        };
        if let Some(touched) = touched_slots.get_mut(touched_count) {
            *touched = slot;
        }
        touched_count += usize::from(*partial == 0.0);
        *partial += weight;
    }
    touched_count
}

/// The share of `hashes` present in the hash-sorted `vector`.
fn coverage(hashes: &[u64], vector: &[WeightedFeature]) -> f32 {
    if hashes.is_empty() {
        return 0.0;
    }
    let present = hashes
        .iter()
        .filter(|hash| {
            vector
                .binary_search_by_key(*hash, |(feature, _)| *feature)
                .is_ok()
        })
        .count();
    present as f32 / hashes.len() as f32
}

/// Highest score first; ties by lower story number (older).
fn sort_best_first(entries: &mut [(f32, u64)]) {
    entries.sort_unstable_by(best_first);
}

fn best_first(left: &(f32, u64), right: &(f32, u64)) -> std::cmp::Ordering {
    right
        .0
        .total_cmp(&left.0)
        .then_with(|| left.1.cmp(&right.1))
}

/// Buffers reused across `observe` calls (never part of the state).
#[derive(Debug, Clone, Default)]
struct ObserveScratch {
    features: FeatureScratch,
    lookup: ArticleLookup,
    /// Partial dot products by inverted-index slot (all zero between calls).
    partial_scores: Vec<f32>,
    touched_slots: Vec<u32>,
    candidates: Vec<(f32, u64)>,
    /// The article's strongest features, heaviest first (index probes).
    query: Vec<WeightedFeature>,
    /// The article's vector and number hashes (taken during `observe`).
    vector: Vec<WeightedFeature>,
    numbers: Vec<u64>,
    vectors: VectorScratch,
}

/// Each feature in both `vector` and `centroid` (both sorted by hash) with
/// `vector weight × centroid weight / centroid_norm`, in hash order.
///
/// A branch-free merge walk: both sides advance by comparison results, and
/// each step writes its candidate entry, kept only when the hashes match
/// (the shared features are too irregular for a branch to predict).
fn shared_contributions(
    vector: &[WeightedFeature],
    centroid: &[WeightedFeature],
    centroid_norm: f32,
) -> Vec<(u64, f32)> {
    let mut contributions = vec![(0u64, 0.0f32); vector.len().min(centroid.len()) + 1];
    let mut shared = 0usize;
    let mut vector_index = 0usize;
    let mut centroid_index = 0usize;
    while let (Some(&(hash, weight)), Some(&(centroid_hash, centroid_weight))) =
        (vector.get(vector_index), centroid.get(centroid_index))
    {
        // At most one entry per step and each step advances at least one
        // side, so `shared` stays below the buffer's length.
        if let Some(entry) = contributions.get_mut(shared) {
            *entry = (hash, weight * centroid_weight / centroid_norm);
        }
        shared += usize::from(hash == centroid_hash);
        vector_index += usize::from(hash <= centroid_hash);
        centroid_index += usize::from(centroid_hash <= hash);
    }
    contributions.truncate(shared);
    contributions
}

/// Keeps the `count` heaviest entries, heaviest first (ties by lower hash).
/// The order is total over distinct hashes, so selecting the cut-off before
/// sorting keeps exactly what sorting everything and truncating would.
fn keep_best_by_weight(entries: &mut Vec<(u64, f32)>, count: usize) {
    let heaviest_first = |left: &(u64, f32), right: &(u64, f32)| {
        right
            .1
            .total_cmp(&left.1)
            .then_with(|| left.0.cmp(&right.0))
    };
    if count == 0 {
        entries.clear();
        return;
    }
    if entries.len() > count {
        entries.select_nth_unstable_by(count - 1, heaviest_first);
        entries.truncate(count);
    }
    entries.sort_unstable_by(heaviest_first);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_contributions_are_the_shared_features_in_hash_order() {
        let vector = [(1, 0.5), (3, 0.25), (4, 1.0), (9, 0.5)];
        let centroid = [(2, 2.0), (3, 2.0), (4, 1.0), (8, 1.0), (9, 4.0), (12, 1.0)];
        assert_eq!(
            shared_contributions(&vector, &centroid, 2.0),
            vec![(3, 0.25), (4, 0.5), (9, 1.0)]
        );
        assert!(shared_contributions(&vector, &[], 2.0).is_empty());
        assert!(shared_contributions(&[], &centroid, 2.0).is_empty());
        let all = shared_contributions(&centroid, &centroid, 1.0);
        assert_eq!(all.len(), centroid.len());
    }

    #[test]
    fn keep_best_by_weight_keeps_what_a_full_sort_would() {
        // Ties on weight are broken by the lower hash.
        let entries: Vec<(u64, f32)> = (0..40u64)
            .map(|hash| (hash * 7919 % 101, (hash % 5) as f32 * 0.25))
            .collect();
        for count in [0, 1, 3, 10, 40, 50] {
            let mut expected = entries.clone();
            expected.sort_unstable_by(|left, right| {
                right.1.total_cmp(&left.1).then(left.0.cmp(&right.0))
            });
            expected.truncate(count);
            let mut kept = entries.clone();
            keep_best_by_weight(&mut kept, count);
            assert_eq!(kept, expected, "count {count}");
        }
    }

    #[test]
    fn accumulate_postings_sums_weights_and_lists_each_slot_once() {
        let mut partial_scores = vec![0.0f32; 6];
        let mut touched_slots = vec![0u32; 7];
        let mut touched =
            accumulate_postings(&[4, 1], 0.5, &mut partial_scores, &mut touched_slots, 0);
        touched = accumulate_postings(
            &[1, 2, 9],
            0.25,
            &mut partial_scores,
            &mut touched_slots,
            touched,
        );
        assert_eq!(&touched_slots[..touched], &[4, 1, 2]);
        assert_eq!(partial_scores, vec![0.0, 0.75, 0.25, 0.0, 0.5, 0.0]);
    }
}
