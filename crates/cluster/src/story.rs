//! One active story: its stable id, its time span and its capped centroid.
//!
//! The centroid is the sum of the member articles' unit vectors, capped to the
//! strongest `max_story_features` features after every update, so a story's
//! size in memory does not grow with its number of articles. The first few
//! member vectors are kept too, for single-linkage scoring.

use serde::{Deserialize, Serialize};

use crate::anchors::insert_year;
use crate::config::ClusterConfig;
use crate::features::{
    add_into_with, dot, keep_strongest_sorted, norm, strongest_hashes_sorted_into, ArticleLookup,
    VectorScratch, WeightedFeature,
};

/// What one article contributes to a story.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ArticleEvidence<'a> {
    /// The article's unit vector, sorted by hash.
    pub vector: &'a [WeightedFeature],
    /// Its distinct number hashes, sorted.
    pub numbers: &'a [u64],
    /// The years its title and lead state, sorted.
    pub anchor_years: &'a [u16],
    /// The days of the week its title and lead name (bit set).
    pub stated_weekdays: u8,
}

#[derive(Debug, Clone)]
pub(crate) struct Story {
    /// Internal number, assigned in creation order and never reused.
    pub number: u64,
    /// The public, stable id: the id of the story's first article.
    pub id: String,
    pub first_key: u64,
    pub last_key: u64,
    pub earliest_published: Option<i64>,
    pub latest_published: Option<i64>,
    pub article_count: u32,
    pub centroid: Vec<WeightedFeature>,
    pub centroid_norm: f32,
    pub member_vectors: Vec<Vec<WeightedFeature>>,
    /// Distinct numbers mentioned by the members (hashes, sorted, capped).
    pub numbers: Vec<u64>,
    /// The latest year each member states (sorted, distinct, capped).
    pub anchor_years: Vec<u16>,
    /// The days of the week its members' titles and leads name (bit set).
    pub stated_weekdays: u8,
    /// The features under which the story is currently in the inverted index.
    pub indexed_features: Vec<u64>,
    /// The story's slot in the inverted index while it is active
    /// ([`Story::NO_SLOT`] otherwise); not part of the state.
    pub slot: u32,
}

impl Story {
    pub const NO_SLOT: u32 = u32::MAX;

    pub fn new(
        number: u64,
        id: &str,
        key: u64,
        published: Option<i64>,
        evidence: &ArticleEvidence<'_>,
        config: &ClusterConfig,
        scratch: &mut VectorScratch,
    ) -> Story {
        let mut story = Story {
            number,
            id: id.to_string(),
            first_key: key,
            last_key: key,
            earliest_published: published,
            latest_published: published,
            article_count: 0,
            centroid: scratch.take_vector(),
            centroid_norm: 0.0,
            member_vectors: Vec::new(),
            numbers: Vec::new(),
            anchor_years: Vec::new(),
            stated_weekdays: 0,
            indexed_features: scratch.take_hash_list(),
            slot: Story::NO_SLOT,
        };
        story.add_article(key, published, evidence, config, scratch);
        story
    }

    /// Hands the story's vector buffers to `scratch` for reuse.
    pub fn recycle_into(self, scratch: &mut VectorScratch) {
        scratch.recycle_vector(self.centroid);
        for member in self.member_vectors {
            scratch.recycle_vector(member);
        }
        scratch.recycle_hash_list(self.indexed_features);
    }

    pub fn add_article(
        &mut self,
        key: u64,
        published: Option<i64>,
        evidence: &ArticleEvidence<'_>,
        config: &ClusterConfig,
        scratch: &mut VectorScratch,
    ) {
        let vector = evidence.vector;
        self.add_numbers(evidence.numbers, config);
        for &year in evidence.anchor_years {
            insert_year(&mut self.anchor_years, year, config.max_story_years);
        }
        self.stated_weekdays |= evidence.stated_weekdays;
        self.article_count = self.article_count.saturating_add(1);
        self.last_key = self.last_key.max(key);
        if let Some(date) = published {
            self.earliest_published = Some(self.earliest_published.map_or(date, |d| d.min(date)));
            self.latest_published = Some(self.latest_published.map_or(date, |d| d.max(date)));
        }
        add_into_with(&mut self.centroid, vector, &mut scratch.merged);
        keep_strongest_sorted(
            &mut self.centroid,
            config.max_story_features,
            &mut scratch.selection,
        );
        self.centroid_norm = norm(&self.centroid);
        if self.member_vectors.len() < config.max_member_vectors {
            let mut member = scratch.take_vector();
            member.extend_from_slice(vector);
            self.member_vectors.push(member);
        }
    }

    fn add_numbers(&mut self, numbers: &[u64], config: &ClusterConfig) {
        insert_capped(&mut self.numbers, numbers, config.max_story_numbers);
    }

    /// Folds `other` into this story (this one keeps its id).
    pub fn absorb(&mut self, other: &Story, config: &ClusterConfig, scratch: &mut VectorScratch) {
        self.add_numbers(&other.numbers, config);
        for &year in &other.anchor_years {
            insert_year(&mut self.anchor_years, year, config.max_story_years);
        }
        self.stated_weekdays |= other.stated_weekdays;
        self.article_count = self.article_count.saturating_add(other.article_count);
        self.first_key = self.first_key.min(other.first_key);
        self.last_key = self.last_key.max(other.last_key);
        for date in [other.earliest_published, other.latest_published]
            .into_iter()
            .flatten()
        {
            self.earliest_published = Some(self.earliest_published.map_or(date, |d| d.min(date)));
            self.latest_published = Some(self.latest_published.map_or(date, |d| d.max(date)));
        }
        add_into_with(&mut self.centroid, &other.centroid, &mut scratch.merged);
        keep_strongest_sorted(
            &mut self.centroid,
            config.max_story_features,
            &mut scratch.selection,
        );
        self.centroid_norm = norm(&self.centroid);
        for member in &other.member_vectors {
            if self.member_vectors.len() >= config.max_member_vectors {
                break;
            }
            self.member_vectors.push(member.clone());
        }
    }

    /// Similarity between a unit article vector and the centroid: the dot
    /// product normalized by `|C|^(1-w) · n^w` (`w` = average-linkage weight;
    /// 0 gives the cosine, 1 the average cosine to the members).
    pub fn centroid_similarity_to(
        &self,
        unit_vector: &ArticleLookup,
        average_linkage_weight: f32,
    ) -> f32 {
        if self.centroid_norm <= 0.0 {
            return 0.0;
        }
        let weight = average_linkage_weight.clamp(0.0, 1.0);
        // `x.powf(1.0)` is `x` and `n.powf(0.0)` is 1: the plain cosine (the
        // default) needs no `powf`.
        let denominator = if weight == 0.0 {
            self.centroid_norm
        } else {
            let members = self.article_count.max(1) as f32;
            self.centroid_norm.powf(1.0 - weight) * members.powf(weight)
        };
        unit_vector.dot(&self.centroid) / denominator
    }

    /// Cosines between a unit article vector and each kept member, best first.
    pub fn member_cosines(&self, unit_vector: &[WeightedFeature]) -> Vec<f32> {
        let mut cosines: Vec<f32> = self
            .member_vectors
            .iter()
            .map(|member| dot(unit_vector, member))
            .collect();
        cosines.sort_unstable_by(|left, right| right.total_cmp(left));
        cosines
    }

    /// The best cosine between a unit article vector and a kept member.
    pub fn best_member_cosine(&self, unit_vector: &[WeightedFeature]) -> f32 {
        self.member_vectors
            .iter()
            .map(|member| dot(unit_vector, member))
            .fold(0.0f32, f32::max)
    }

    pub fn centroid_similarity(&self, other: &Story) -> f32 {
        if self.centroid_norm <= 0.0 || other.centroid_norm <= 0.0 {
            return 0.0;
        }
        dot(&self.centroid, &other.centroid) / (self.centroid_norm * other.centroid_norm)
    }

    /// Days between `published` and the story's dated span (0 inside it, or
    /// when either side is undated).
    /// Days between the story's earliest and latest dates if an article
    /// published at `published` joined it (0 when either side is undated).
    pub fn span_days_with(&self, published: Option<i64>) -> f64 {
        const SECONDS_PER_DAY: f64 = 86_400.0;
        let (Some(date), Some(earliest), Some(latest)) =
            (published, self.earliest_published, self.latest_published)
        else {
            return 0.0;
        };
        (latest.max(date) - earliest.min(date)) as f64 / SECONDS_PER_DAY
    }

    pub fn gap_days(&self, published: Option<i64>) -> f64 {
        const SECONDS_PER_DAY: f64 = 86_400.0;
        let (Some(date), Some(earliest), Some(latest)) =
            (published, self.earliest_published, self.latest_published)
        else {
            return 0.0;
        };
        let gap_seconds = if date < earliest {
            earliest - date
        } else if date > latest {
            date - latest
        } else {
            0
        };
        gap_seconds as f64 / SECONDS_PER_DAY
    }

    /// The features the story should be indexed under (its strongest
    /// centroid features, sorted by hash), into `scratch.hashes`.
    pub fn features_to_index_into(&self, config: &ClusterConfig, scratch: &mut VectorScratch) {
        strongest_hashes_sorted_into(
            &self.centroid,
            config.indexed_features_per_story,
            &mut scratch.selection,
            &mut scratch.hashes,
        );
    }

    pub fn to_state(&self) -> StoryState {
        StoryState {
            number: self.number,
            id: self.id.clone(),
            first_key: self.first_key,
            last_key: self.last_key,
            earliest_published: self.earliest_published,
            latest_published: self.latest_published,
            article_count: self.article_count,
            centroid: to_bits(&self.centroid),
            member_vectors: self.member_vectors.iter().map(|m| to_bits(m)).collect(),
            numbers: self.numbers.clone(),
            anchor_years: self.anchor_years.clone(),
            stated_weekdays: self.stated_weekdays,
        }
    }

    pub fn from_state(state: &StoryState) -> Story {
        let centroid = from_bits(&state.centroid);
        let centroid_norm = norm(&centroid);
        Story {
            number: state.number,
            id: state.id.clone(),
            first_key: state.first_key,
            last_key: state.last_key,
            earliest_published: state.earliest_published,
            latest_published: state.latest_published,
            article_count: state.article_count,
            centroid,
            centroid_norm,
            member_vectors: state.member_vectors.iter().map(|m| from_bits(m)).collect(),
            numbers: sorted_distinct(&state.numbers),
            anchor_years: {
                let mut years = state.anchor_years.clone();
                years.sort_unstable();
                years.dedup();
                years
            },
            stated_weekdays: state.stated_weekdays,
            indexed_features: Vec::new(),
            slot: Story::NO_SLOT,
        }
    }
}

/// A story as persisted. Weights are stored as the bits of their `f32`, so a
/// restored clusterer is bit-for-bit the one that was saved, whatever the
/// serde format's float handling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryState {
    pub number: u64,
    pub id: String,
    pub first_key: u64,
    pub last_key: u64,
    pub earliest_published: Option<i64>,
    pub latest_published: Option<i64>,
    pub article_count: u32,
    pub centroid: Vec<(u64, u32)>,
    pub member_vectors: Vec<Vec<(u64, u32)>>,
    pub numbers: Vec<u64>,
    /// Absent in states saved before anchors existed.
    #[serde(default)]
    pub anchor_years: Vec<u16>,
    /// Absent in states saved before weekdays existed.
    #[serde(default)]
    pub stated_weekdays: u8,
}

/// Inserts `additions` into the sorted, distinct `set` until it holds `maximum`.
fn insert_capped(set: &mut Vec<u64>, additions: &[u64], maximum: usize) {
    set.reserve(additions.len().min(maximum.saturating_sub(set.len())));
    for &value in additions {
        if set.len() >= maximum {
            break;
        }
        if let Err(position) = set.binary_search(&value) {
            set.insert(position, value);
        }
    }
}

fn sorted_distinct(values: &[u64]) -> Vec<u64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted
}

fn to_bits(features: &[WeightedFeature]) -> Vec<(u64, u32)> {
    features
        .iter()
        .map(|(hash, weight)| (*hash, weight.to_bits()))
        .collect()
}

fn from_bits(features: &[(u64, u32)]) -> Vec<WeightedFeature> {
    let mut restored: Vec<WeightedFeature> = features
        .iter()
        .map(|(hash, bits)| (*hash, f32::from_bits(*bits)))
        .filter(|(_, weight)| weight.is_finite())
        .collect();
    restored.sort_unstable_by_key(|(hash, _)| *hash);
    restored.dedup_by_key(|(hash, _)| *hash);
    restored
}
