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
use crate::term_statistics::TermStatistics;

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

/// A feature before weighting: its accumulated term frequency.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawFeature {
    pub hash: u64,
    pub frequency: f32,
    pub kind: FeatureKind,
}

/// Collects the distinct features of an article with their weighted term
/// frequencies, sorted by hash.
pub(crate) fn raw_features(input: &ClusterInput, config: &ClusterConfig) -> Vec<RawFeature> {
    let mut occurrences: Vec<RawFeature> =
        Vec::with_capacity(2 * (input.title_terms.len() + input.body_terms.len()));
    let mut push_field = |terms: &[String], weight_at: &dyn Fn(usize) -> f32| {
        let mut previous_hash: Option<u64> = None;
        for (position, term) in terms.iter().enumerate() {
            let weight = weight_at(position);
            let hash = unigram_hash(term);
            let kind = if is_number(term) {
                FeatureKind::Number
            } else {
                FeatureKind::Word
            };
            occurrences.push(RawFeature {
                hash,
                frequency: weight,
                kind,
            });
            if config.bigram_weight > 0.0 {
                if let Some(previous) = previous_hash {
                    occurrences.push(RawFeature {
                        hash: bigram_hash(previous, hash),
                        frequency: weight,
                        kind: FeatureKind::Bigram(previous, hash),
                    });
                }
            }
            previous_hash = Some(hash);
        }
    };
    let title_weight = config.title_weight;
    push_field(&input.title_terms, &|_| title_weight);
    let lead_terms = config.lead_terms;
    let lead_weight = config.lead_weight;
    push_field(&input.body_terms, &|position| {
        if position < lead_terms {
            lead_weight
        } else {
            1.0
        }
    });
    occurrences.sort_unstable_by_key(|feature| feature.hash);
    let mut distinct: Vec<RawFeature> = Vec::with_capacity(occurrences.len());
    for occurrence in occurrences {
        match distinct.last_mut() {
            Some(last) if last.hash == occurrence.hash => last.frequency += occurrence.frequency,
            _ => distinct.push(occurrence),
        }
    }
    distinct
}

/// Weights raw features by sublinear TF times IDF times their kind's weight,
/// keeps the strongest `max_article_features`, and L2-normalizes. The result
/// is sorted by hash.
pub(crate) fn weighted_vector(
    raw: &[RawFeature],
    statistics: &TermStatistics,
    input_language: khabar_analyze::Language,
    config: &ClusterConfig,
) -> Vec<WeightedFeature> {
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
            let idf = statistics.inverse_document_frequency(feature, input_language);
            Some((
                feature.hash,
                sublinear_frequency * idf.powf(config.idf_exponent) * kind_weight,
            ))
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
        features.sort_unstable_by(|left, right| {
            right
                .1
                .total_cmp(&left.1)
                .then_with(|| left.0.cmp(&right.0))
        });
        features.truncate(maximum);
    }
    features.sort_unstable_by_key(|feature| feature.0);
}

/// The `count` heaviest features' hashes, heaviest first (ties by hash).
pub(crate) fn strongest_hashes(features: &[WeightedFeature], count: usize) -> Vec<u64> {
    let mut by_weight: Vec<WeightedFeature> = features.to_vec();
    by_weight.sort_unstable_by(|left, right| {
        right
            .1
            .total_cmp(&left.1)
            .then_with(|| left.0.cmp(&right.0))
    });
    by_weight.truncate(count);
    by_weight.into_iter().map(|(hash, _)| hash).collect()
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
    raw.iter()
        .filter(|feature| feature.kind == FeatureKind::Number)
        .map(|feature| feature.hash)
        .collect()
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
    fn keep_strongest_breaks_ties_by_hash() {
        let mut features = vec![(5, 1.0), (2, 1.0), (9, 3.0), (1, 0.5)];
        keep_strongest(&mut features, 2);
        assert_eq!(features, vec![(2, 1.0), (9, 3.0)]);
    }
}
