//! Turns an article's analyzed terms into a sparse, L2-normalized TF-IDF
//! vector of hashed features.
//!
//! Features are single terms, numbers (scores, counts, years: a kind of their
//! own so they can be weighted) and bigrams of adjacent terms (multi-word
//! names such as «ياب دي هوب شيفر» or "Betty Ford"). Title occurrences and the
//! lead count more than later body text. Features are 64-bit hashes so that
//! no vocabulary grows with the history; strings are recovered from the input
//! only when a decision is explained.

use crate::config::ClusterConfig;
use crate::input::ClusterInput;
use crate::KeyMap;

/// A feature hash and its weight. Vectors are sorted by hash.
pub(crate) type WeightedFeature = (u64, f32);

/// The hash of a single term; the background table uses the same.
pub fn unigram_hash(term: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(term.as_bytes())
}

/// The hash of two adjacent terms, from their unigram hashes.
pub(crate) fn bigram_hash(first: u64, second: u64) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(&second.to_le_bytes(), first)
}

/// Numbers carry facts (a 2-0 score, 107 dead, the year 2019).
pub(crate) fn is_number(term: &str) -> bool {
    term.bytes().any(|byte| byte.is_ascii_digit())
        && term
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte == b'.' || byte == b',')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FeatureKind {
    Word,
    Number,
    /// Two adjacent terms; the hashes of both parts are kept to estimate the
    /// bigram's background frequency.
    Bigram(u64, u64),
}

/// A feature before weighting: its accumulated term frequency and, once the
/// statistics have seen it, its inverse document frequency.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawFeature {
    pub hash: u64,
    pub frequency: f32,
    pub kind: FeatureKind,
    /// For a bigram, the positions of its two terms in the same feature list
    /// (always earlier than the bigram itself); 0 otherwise.
    pub part_positions: (u32, u32),
    /// Background document frequency (filled by the statistics).
    pub background_frequency: u32,
    /// Filled by [`TermStatistics::observe_and_weigh`](crate::term_statistics::TermStatistics).
    pub idf: f32,
}

/// Buffers reused from one article to the next, so that steady-state
/// clustering does not allocate per feature.
#[derive(Debug, Clone, Default)]
pub(crate) struct FeatureScratch {
    /// Feature hash → position in `raw`.
    positions: KeyMap<u32>,
    /// The article's distinct features, in order of first occurrence.
    pub raw: Vec<RawFeature>,
}

impl FeatureScratch {
    /// Adds one occurrence; returns the feature's position.
    fn add(&mut self, hash: u64, frequency: f32, kind: FeatureKind, parts: (u32, u32)) -> u32 {
        let next_position = self.raw.len() as u32;
        let position = *self.positions.entry(hash).or_insert(next_position);
        if position == next_position {
            self.raw.push(RawFeature {
                hash,
                frequency,
                kind,
                part_positions: parts,
                background_frequency: 0,
                idf: 0.0,
            });
        } else {
            self.raw[position as usize].frequency += frequency;
        }
        position
    }
}

/// Collects the distinct features of an article with their weighted term
/// frequencies into `scratch.raw`, in order of first occurrence (terms
/// before the bigrams they form). Frequencies are sums of the configured
/// small weights, so the result does not depend on the summation order.
pub(crate) fn raw_features(
    input: &ClusterInput,
    config: &ClusterConfig,
    scratch: &mut FeatureScratch,
) {
    scratch.positions.clear();
    scratch.raw.clear();
    let expected = 2 * (input.title_terms.len() + input.body_terms.len());
    scratch.positions.reserve(expected);
    scratch.raw.reserve(expected);
    let with_bigrams = config.bigram_weight > 0.0;
    let mut push_field =
        |terms: &[String], bigram_terms: usize, weight_at: &dyn Fn(usize) -> f32| {
            let mut previous: Option<(u64, u32)> = None;
            for (position, term) in terms.iter().enumerate() {
                let weight = weight_at(position);
                let hash = unigram_hash(term);
                let kind = if is_number(term) {
                    FeatureKind::Number
                } else {
                    FeatureKind::Word
                };
                let term_position = scratch.add(hash, weight, kind, (0, 0));
                if with_bigrams && position < bigram_terms {
                    if let Some((previous_hash, previous_position)) = previous {
                        scratch.add(
                            bigram_hash(previous_hash, hash),
                            weight,
                            FeatureKind::Bigram(previous_hash, hash),
                            (previous_position, term_position),
                        );
                    }
                }
                previous = Some((hash, term_position));
            }
        };
    let title_weight = config.title_weight;
    push_field(&input.title_terms, usize::MAX, &|_| title_weight);
    let lead_terms = config.lead_terms;
    let lead_weight = config.lead_weight;
    let body_terms = if config.max_body_terms == 0 {
        &input.body_terms[..]
    } else {
        &input.body_terms[..input.body_terms.len().min(config.max_body_terms)]
    };
    push_field(body_terms, config.bigram_body_terms, &|position| {
        if position < lead_terms {
            lead_weight
        } else {
            1.0
        }
    });
}

/// Weights raw features (their `idf` filled) by sublinear TF times IDF times
/// their kind's weight, keeps the strongest `max_article_features`, and
/// L2-normalizes. The result is sorted by hash.
pub(crate) fn weighted_vector(raw: &[RawFeature], config: &ClusterConfig) -> Vec<WeightedFeature> {
    let plain_idf = config.idf_exponent == 1.0;
    let mut weighted: Vec<WeightedFeature> = raw
        .iter()
        .filter_map(|feature| {
            let kind_weight = match feature.kind {
                FeatureKind::Word => 1.0,
                FeatureKind::Number => config.number_weight,
                FeatureKind::Bigram(..) => config.bigram_weight,
            };
            if kind_weight <= 0.0 || feature.frequency <= 0.0 {
                return None;
            }
            let sublinear_frequency = if feature.frequency >= 1.0 {
                1.0 + feature.frequency.ln()
            } else {
                feature.frequency
            };
            let idf = if plain_idf {
                feature.idf
            } else {
                feature.idf.powf(config.idf_exponent)
            };
            Some((feature.hash, sublinear_frequency * idf * kind_weight))
        })
        .collect();
    keep_strongest(&mut weighted, config.max_article_features);
    normalize(&mut weighted);
    weighted
}

/// Keeps the `maximum` heaviest features (ties broken by hash) and sorts the
/// survivors by hash.
pub(crate) fn keep_strongest(features: &mut Vec<WeightedFeature>, maximum: usize) {
    if features.len() > maximum {
        if maximum == 0 {
            features.clear();
            return;
        }
        // The order is total (weight, then hash), so the kept set is the
        // same whatever the selection algorithm.
        features.select_nth_unstable_by(maximum - 1, heaviest_first);
        features.truncate(maximum);
    }
    features.sort_unstable_by_key(|feature| feature.0);
}

/// The `count` heaviest features' hashes, heaviest first (ties by hash).
pub(crate) fn strongest_hashes(features: &[WeightedFeature], count: usize) -> Vec<u64> {
    let mut by_weight: Vec<WeightedFeature> = features.to_vec();
    if count == 0 {
        return Vec::new();
    }
    if by_weight.len() > count {
        by_weight.select_nth_unstable_by(count - 1, heaviest_first);
        by_weight.truncate(count);
    }
    by_weight.sort_unstable_by(heaviest_first);
    by_weight.into_iter().map(|(hash, _)| hash).collect()
}

/// Heavier first; equal weights by hash.
fn heaviest_first(left: &WeightedFeature, right: &WeightedFeature) -> std::cmp::Ordering {
    right
        .1
        .total_cmp(&left.1)
        .then_with(|| left.0.cmp(&right.0))
}

pub(crate) fn norm(features: &[WeightedFeature]) -> f32 {
    features
        .iter()
        .map(|(_, weight)| weight * weight)
        .sum::<f32>()
        .sqrt()
}

pub(crate) fn normalize(features: &mut [WeightedFeature]) {
    let length = norm(features);
    if length > 0.0 {
        for feature in features.iter_mut() {
            feature.1 /= length;
        }
    }
}

/// Dot product of two hash-sorted sparse vectors.
pub(crate) fn dot(left: &[WeightedFeature], right: &[WeightedFeature]) -> f32 {
    let mut left_index = 0;
    let mut right_index = 0;
    let mut sum = 0.0f32;
    while left_index < left.len() && right_index < right.len() {
        let (left_hash, left_weight) = left[left_index];
        let (right_hash, right_weight) = right[right_index];
        match left_hash.cmp(&right_hash) {
            std::cmp::Ordering::Less => left_index += 1,
            std::cmp::Ordering::Greater => right_index += 1,
            std::cmp::Ordering::Equal => {
                sum += left_weight * right_weight;
                left_index += 1;
                right_index += 1;
            }
        }
    }
    sum
}

/// An article vector in a small open-addressing table, so that its dot
/// product with many story vectors costs one probe per story feature instead
/// of a branchy merge. Sums are taken in the story vector's (hash) order, as
/// [`dot`] does, so both give bit-identical results.
#[derive(Debug, Clone, Default)]
pub(crate) struct ArticleLookup {
    /// `(hash, weight)`; a weight of 0 marks an empty slot (a zero-weight
    /// feature contributes nothing to a dot product anyway).
    slots: Vec<WeightedFeature>,
    mask: usize,
    /// One bit per `PRESENCE_BITS` bucket of hashes: most story features are
    /// not in the article, and one bit test (in L1) rules them out before
    /// the table probe.
    presence: Vec<u64>,
}

/// Size of [`ArticleLookup`]'s presence filter: with at most a few hundred
/// article features, a few percent of absent features pass it.
const PRESENCE_BITS: usize = 4096;

fn presence_bit(hash: u64) -> (usize, u64) {
    // Bits 20.. are independent of the slot bits (40..) for tables below 2^20.
    let bit = (hash >> 20) as usize & (PRESENCE_BITS - 1);
    (bit / 64, 1u64 << (bit % 64))
}

impl ArticleLookup {
    pub fn fill(&mut self, vector: &[WeightedFeature]) {
        let size = (vector.len() * 2).next_power_of_two().max(16);
        self.slots.clear();
        self.slots.resize(size, (0, 0.0));
        self.mask = size - 1;
        self.presence.clear();
        self.presence.resize(PRESENCE_BITS / 64, 0);
        for &(hash, weight) in vector {
            if weight == 0.0 {
                continue;
            }
            let (word, bit) = presence_bit(hash);
            self.presence[word] |= bit;
            let mut slot = slot_of(hash, self.mask);
            while self.slots[slot].1 != 0.0 {
                slot = (slot + 1) & self.mask;
            }
            self.slots[slot] = (hash, weight);
        }
    }

    fn weight_of(&self, hash: u64) -> f32 {
        if self.slots.is_empty() {
            return 0.0;
        }
        let mut slot = slot_of(hash, self.mask);
        loop {
            let (slot_hash, weight) = self.slots[slot];
            if weight == 0.0 {
                return 0.0;
            }
            if slot_hash == hash {
                return weight;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    /// The dot product with a hash-sorted vector.
    pub fn dot(&self, sorted: &[WeightedFeature]) -> f32 {
        let mut sum = 0.0f32;
        if self.presence.is_empty() {
            return 0.0;
        }
        for &(hash, weight) in sorted {
            let (word, bit) = presence_bit(hash);
            if self.presence[word] & bit == 0 {
                continue;
            }
            let article_weight = self.weight_of(hash);
            if article_weight != 0.0 {
                sum += article_weight * weight;
            }
        }
        sum
    }
}

/// Feature hashes are xxh3 outputs: their high bits are already uniform.
fn slot_of(hash: u64, mask: usize) -> usize {
    (hash >> 40) as usize & mask
}

/// Adds `addition` into `sum` (both hash-sorted), keeping the result sorted.
pub(crate) fn add_into(sum: &mut Vec<WeightedFeature>, addition: &[WeightedFeature]) {
    let mut merged = Vec::with_capacity(sum.len() + addition.len());
    let mut sum_index = 0;
    let mut addition_index = 0;
    while sum_index < sum.len() || addition_index < addition.len() {
        let next_sum = sum.get(sum_index);
        let next_addition = addition.get(addition_index);
        match (next_sum, next_addition) {
            (Some(&(sum_hash, sum_weight)), Some(&(addition_hash, addition_weight))) => {
                match sum_hash.cmp(&addition_hash) {
                    std::cmp::Ordering::Less => {
                        merged.push((sum_hash, sum_weight));
                        sum_index += 1;
                    }
                    std::cmp::Ordering::Greater => {
                        merged.push((addition_hash, addition_weight));
                        addition_index += 1;
                    }
                    std::cmp::Ordering::Equal => {
                        merged.push((sum_hash, sum_weight + addition_weight));
                        sum_index += 1;
                        addition_index += 1;
                    }
                }
            }
            (Some(&feature), None) => {
                merged.push(feature);
                sum_index += 1;
            }
            (None, Some(&feature)) => {
                merged.push(feature);
                addition_index += 1;
            }
            (None, None) => break,
        }
    }
    *sum = merged;
}

/// The readable label of every feature of `input` whose hash is in `wanted`
/// (a bigram reads "first second").
pub(crate) fn labels_for(input: &ClusterInput, wanted: &[u64]) -> Vec<(u64, String)> {
    let mut labels = Vec::new();
    for terms in [&input.title_terms, &input.body_terms] {
        let mut previous: Option<(u64, &str)> = None;
        for term in terms.iter() {
            let hash = unigram_hash(term);
            if wanted.contains(&hash) && !labels.iter().any(|(known, _)| *known == hash) {
                labels.push((hash, term.clone()));
            }
            if let Some((previous_hash, previous_term)) = previous {
                let pair_hash = bigram_hash(previous_hash, hash);
                if wanted.contains(&pair_hash)
                    && !labels.iter().any(|(known, _)| *known == pair_hash)
                {
                    labels.push((pair_hash, format!("{previous_term} {term}")));
                }
            }
            previous = Some((hash, term));
        }
    }
    labels
}

/// The distinct number hashes of an article, sorted.
pub(crate) fn number_hashes(raw: &[RawFeature]) -> Vec<u64> {
    let mut numbers: Vec<u64> = raw
        .iter()
        .filter(|feature| feature.kind == FeatureKind::Number)
        .map(|feature| feature.hash)
        .collect();
    numbers.sort_unstable();
    numbers
}

/// Shared elements of two sorted lists over the size of the smaller one
/// (None when either is empty).
pub(crate) fn overlap_coefficient(left: &[u64], right: &[u64]) -> Option<f32> {
    if left.is_empty() || right.is_empty() {
        return None;
    }
    let mut left_index = 0;
    let mut right_index = 0;
    let mut shared = 0usize;
    while left_index < left.len() && right_index < right.len() {
        match left[left_index].cmp(&right[right_index]) {
            std::cmp::Ordering::Less => left_index += 1,
            std::cmp::Ordering::Greater => right_index += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                left_index += 1;
                right_index += 1;
            }
        }
    }
    Some(shared as f32 / left.len().min(right.len()) as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_recognized() {
        assert!(is_number("2019"));
        assert!(is_number("3.5"));
        assert!(!is_number("g20"));
        assert!(!is_number("."));
    }

    #[test]
    fn dot_and_add_merge_sorted_vectors() {
        let mut sum = vec![(1, 1.0), (3, 2.0)];
        add_into(&mut sum, &[(2, 1.0), (3, 1.0), (9, 4.0)]);
        assert_eq!(sum, vec![(1, 1.0), (2, 1.0), (3, 3.0), (9, 4.0)]);
        assert_eq!(dot(&sum, &[(3, 2.0), (9, 0.5), (10, 7.0)]), 8.0);
    }

    #[test]
    fn article_lookup_dot_equals_the_merge_dot() {
        let article: Vec<WeightedFeature> = (0..150u64)
            .map(|index| {
                (
                    index.wrapping_mul(0x9E37_79B9_7F4A_7C15),
                    0.01 * (index % 7) as f32,
                )
            })
            .collect();
        let mut article_sorted = article.clone();
        article_sorted.sort_unstable_by_key(|feature| feature.0);
        let story: Vec<WeightedFeature> = (0..300u64)
            .map(|index| {
                (
                    (index * 2).wrapping_mul(0x9E37_79B9_7F4A_7C15),
                    0.3 + index as f32,
                )
            })
            .collect();
        let mut story_sorted = story.clone();
        story_sorted.sort_unstable_by_key(|feature| feature.0);
        let mut lookup = ArticleLookup::default();
        lookup.fill(&article_sorted);
        let expected = dot(&article_sorted, &story_sorted);
        assert!(expected > 0.0);
        assert_eq!(lookup.dot(&story_sorted).to_bits(), expected.to_bits());
        assert_eq!(ArticleLookup::default().dot(&story_sorted), 0.0);
    }

    #[test]
    fn raw_features_accumulate_title_lead_and_bigrams() {
        let split = |text: &str| {
            text.split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let input = ClusterInput {
            key: 0,
            article_id: "a".to_string(),
            source: None,
            published: None,
            title_terms: split("fed rate"),
            body_terms: split("fed cut rate 2020"),
            language: khabar_analyze::Language::English,
        };
        let config = ClusterConfig {
            lead_terms: 2,
            ..ClusterConfig::default()
        };
        let mut scratch = FeatureScratch::default();
        raw_features(&input, &config, &mut scratch);
        let frequency_of = |hash: u64| {
            scratch
                .raw
                .iter()
                .find(|feature| feature.hash == hash)
                .map(|feature| feature.frequency)
        };
        // title 2 + lead 3
        assert_eq!(frequency_of(unigram_hash("fed")), Some(5.0));
        // title 2 + body beyond the lead 1
        assert_eq!(frequency_of(unigram_hash("rate")), Some(3.0));
        let fed_rate = bigram_hash(unigram_hash("fed"), unigram_hash("rate"));
        assert_eq!(frequency_of(fed_rate), Some(2.0));
        let year = scratch
            .raw
            .iter()
            .find(|f| f.hash == unigram_hash("2020"))
            .unwrap();
        assert_eq!(year.kind, FeatureKind::Number);
        // 4 distinct terms + 4 distinct bigrams
        assert_eq!(scratch.raw.len(), 8);
        assert_eq!(number_hashes(&scratch.raw), vec![unigram_hash("2020")]);
        for feature in &scratch.raw {
            if let FeatureKind::Bigram(first, second) = feature.kind {
                let (first_position, second_position) = feature.part_positions;
                assert_eq!(scratch.raw[first_position as usize].hash, first);
                assert_eq!(scratch.raw[second_position as usize].hash, second);
            }
        }
    }

    #[test]
    fn keep_strongest_breaks_ties_by_hash() {
        let mut features = vec![(5, 1.0), (2, 1.0), (9, 3.0), (1, 0.5)];
        keep_strongest(&mut features, 2);
        assert_eq!(features, vec![(2, 1.0), (9, 3.0)]);
    }
}
