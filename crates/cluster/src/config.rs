//! Every threshold and weight of story clustering, in one documented type.
//!
//! Loadable from TOML (`#[serde(default)]`: missing fields take the default),
//! overridable by CLI flags and sweepable by name (see [`crate::evaluation`]).
//! The defaults were chosen by measurement on the English and Arabic
//! development sets with one parameter set for both (see the crate README).

use serde::{Deserialize, Serialize};

/// How articles become vectors, how they are scored against stories, and how
/// long stories stay active.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClusterConfig {
    /// An article joins the best-scoring story when the score (cosine
    /// similarity after time decay, in 0..=1) is at least this; otherwise it
    /// starts a new story.
    pub threshold: f32,
    /// How many times a title occurrence of a term counts, relative to a body
    /// occurrence: headlines name the event.
    pub title_weight: f32,
    /// How many leading body terms count as the lead paragraph and get
    /// `lead_weight`: news is written as an inverted pyramid.
    pub lead_terms: usize,
    /// Only the first this many body terms are read (0: all). News puts what
    /// happened first; the tail of a long article (background, quotes,
    /// related items) adds cost per distinct term, not evidence.
    pub max_body_terms: usize,
    /// Weight of a term occurrence inside the lead, relative to later body text.
    pub lead_weight: f32,
    /// Feature weight = sublinear tf × idf^idf_exponent: above 1, rare terms
    /// (names, places, specific numbers) dominate the vector more than in
    /// plain TF-IDF.
    pub idf_exponent: f32,
    /// Weight of the bigram features (two adjacent terms, e.g. a two-word
    /// name), relative to single terms. 0 disables bigrams.
    pub bigram_weight: f32,
    /// Bigrams are formed in the title and the first this many body terms
    /// only: multi-word names are introduced early, and later bigrams are
    /// mostly one-off pairs that cost a live-statistics update each.
    pub bigram_body_terms: usize,
    /// Weight of number features (scores, counts, years) relative to words.
    pub number_weight: f32,
    /// How much the numbers an article and a story both mention decide the
    /// score: when both mention numbers, the similarity is multiplied by
    /// `1 − w + w·overlap`, where overlap = shared numbers / the smaller set.
    /// Agreeing figures (a 2-0 score, 107 dead, the year) keep the score,
    /// conflicting ones (3-1 vs 2-0 in two different finals) lower it.
    pub number_agreement_weight: f32,
    /// When an article's latest stated year (see `anchors.rs`) is not among
    /// the latest stated years of the story's members (and they state any),
    /// the score is multiplied by this: 1 disables, 0 forbids the join.
    pub year_conflict_factor: f32,

    /// When the article's title and lead name days of the week (see
    /// `weekdays.rs`) and all are two or more days from every day the
    /// story's members named, the score is multiplied by this: the same
    /// actors on another day are another event. 1 disables, 0 forbids.
    pub weekday_conflict_factor: f32,

    /// Years are read from the title and this many leading body terms (the
    /// dateline and lead state when; later paragraphs recall background).
    pub year_anchor_terms: usize,
    /// A story remembers at most this many distinct anchor years.
    pub max_story_years: usize,
    /// Chaining guard: when the best cosine between the article and a kept
    /// member vector (the story's first `max_member_vectors` articles) is
    /// below this, the score is scaled by `best / floor`, so a story cannot
    /// drift away from what its first articles reported. 0 disables.
    pub member_similarity_floor: f32,
    /// A story remembers at most this many distinct numbers (its first ones).
    pub max_story_numbers: usize,
    /// Only this many of an article's strongest features (by TF-IDF weight)
    /// form its vector: bounds the cost per article.
    pub max_article_features: usize,
    /// A story's centroid keeps only this many strongest features.
    pub max_story_features: usize,
    /// A story is findable in the inverted index by this many of its strongest
    /// centroid features.
    pub indexed_features_per_story: usize,
    /// An article probes the inverted index with this many of its strongest
    /// features.
    pub query_features: usize,
    /// A probe feature indexed by more active stories than this is skipped
    /// for candidate retrieval (it names an actor of many stories, not an
    /// event); the article still finds stories through its rarer features.
    pub max_postings_per_probe: usize,
    /// Stories scored exactly per article: the best by the index's partial
    /// dot product. Bounds the cost per article.
    pub max_candidates: usize,
    /// How far the score blends the centroid cosine with the best cosine to a
    /// single member article (single linkage): 0 = centroid only, 1 = best
    /// member only.
    pub member_linkage_weight: f32,
    /// How the centroid dot product is normalized: 0 = by the centroid's
    /// length (cosine to the centroid), 1 = by the story's article count
    /// (the average cosine to its members, i.e. average linkage, which keeps
    /// large mixed stories from attracting everything nearby). In between:
    /// geometric blend `|C|^(1-w) · n^w`.
    pub average_linkage_weight: f32,
    /// How many member vectors a story keeps for member linkage (the first
    /// ones, which define the story).
    pub max_member_vectors: usize,
    /// Two stories merge when an article scores at least `threshold` against
    /// both and their centroids are at least this similar.
    pub merge_threshold: f32,
    /// A story leaves the active set when the newest publication date seen is
    /// more than this many days after the story's last dated article…
    pub story_inactivity_days: f64,
    /// …but only while more than this many stories are active. Archives often
    /// arrive out of date order (one outlet's dump after another's), and the
    /// newest date seen can run months ahead of the next article; the time
    /// decay of the score already keeps distant stories apart, so small and
    /// medium corpora keep every story, and endless streams stay bounded.
    pub min_retained_stories: usize,
    /// A story is one happening and its immediate coverage, not a topic: an
    /// article cannot join a story if the story's dated span would then exceed
    /// this many days (0 disables). Without it, a topic covered daily (a war,
    /// a trade dispute) chains follow-ups into one story for months; later
    /// follow-ups start their own story instead.
    pub max_story_span_days: f64,
    /// No time penalty while the gap between the article's date and the
    /// story's dates is at most this many days.
    pub time_decay_grace_days: f64,
    /// Beyond the grace period, the score halves every this many days of gap.
    pub time_decay_half_life_days: f64,
    /// The active set never holds more stories than this: beyond it, the
    /// story least recently joined (by ingest order) leaves. This is what
    /// bounds memory for undated archives.
    pub max_active_stories: usize,
    /// Blend weight of the shipped background document frequencies: the
    /// background counts as this fraction of its documents.
    pub background_weight: f64,
    /// The live document-frequency table holds at most this many features;
    /// beyond it every count (and the document count) is halved and zeros are
    /// dropped, so memory stays bounded while rare terms stay rare.
    pub max_live_features: usize,
    /// How many shared terms a decision reports for explanation.
    pub explained_terms: usize,
}

impl Default for ClusterConfig {
    fn default() -> ClusterConfig {
        ClusterConfig {
            threshold: 0.275,
            title_weight: 2.0,
            lead_terms: 30,
            lead_weight: 3.0,
            max_body_terms: 0,
            idf_exponent: 1.0,
            bigram_weight: 0.25,
            number_weight: 2.0,
            bigram_body_terms: 60,
            max_postings_per_probe: 1000,
            number_agreement_weight: 0.0,
            year_conflict_factor: 1.0,
            weekday_conflict_factor: 0.7,

            year_anchor_terms: 30,
            max_story_years: 8,
            member_similarity_floor: 0.0,
            max_story_numbers: 64,
            max_article_features: 150,
            max_story_features: 200,
            indexed_features_per_story: 40,
            query_features: 40,
            max_candidates: 10,
            member_linkage_weight: 0.0,
            average_linkage_weight: 0.0,
            max_member_vectors: 4,
            merge_threshold: 0.6,
            story_inactivity_days: 5.0,
            min_retained_stories: 5_000,
            max_story_span_days: 4.0,
            time_decay_grace_days: 2.0,
            time_decay_half_life_days: 3.0,
            max_active_stories: 50_000,
            background_weight: 1.0,
            max_live_features: 1_000_000,
            explained_terms: 10,
        }
    }
}
