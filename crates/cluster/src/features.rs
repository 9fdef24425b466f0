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
use crate::prehashed_map::ClearableIndexMap;

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
    // The `all` test first: a word fails it at its first letter, while the
    // `any` test would scan the whole word.
    term.bytes()
        .all(|byte| byte.is_ascii_digit() || byte == b'.' || byte == b',')
        && term.bytes().any(|byte| byte.is_ascii_digit())
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
    /// Where the feature first occurs, to label it when a decision is
    /// explained (a bigram: the position of its second term).
    pub first_occurrence: TermPosition,
}

/// A term's position in an article: in the title or the body, and its index
/// among that field's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TermPosition {
    pub in_title: bool,
    pub index: u32,
}

/// Buffers reused from one article to the next, so that steady-state
/// clustering does not allocate per feature.
#[derive(Debug, Clone, Default)]
pub(crate) struct FeatureScratch {
    /// Feature hash → position in `raw`.
    positions: ClearableIndexMap,
    /// The article's distinct features, in order of first occurrence.
    pub raw: Vec<RawFeature>,
}

impl FeatureScratch {
    /// The article's feature with this hash.
    pub fn feature(&self, hash: u64) -> Option<&RawFeature> {
        let position = self.positions.get(hash)?;
        self.raw.get(position as usize)
    }

    /// Adds one occurrence; returns the feature's position.
    fn add(
        &mut self,
        hash: u64,
        frequency: f32,
        kind: FeatureKind,
        parts: (u32, u32),
        occurrence: TermPosition,
    ) -> u32 {
        let next_position = self.raw.len() as u32;
        // The map is cleared for every occurrence of the article, so it is
        // never full; were it, the occurrence would count as a new feature.
        let position = self
            .positions
            .get_or_insert(hash, next_position)
            .unwrap_or(next_position);
        if position == next_position {
            self.raw.push(RawFeature {
                hash,
                frequency,
                kind,
                part_positions: parts,
                background_frequency: 0,
                idf: 0.0,
                first_occurrence: occurrence,
            });
        } else {
            self.raw[position as usize].frequency += frequency;
        }
        position
    }
}

/// Buffers reused by the vector operations of story updates (centroid
/// merge, capping, indexed-feature selection).
#[derive(Debug, Clone, Default)]
pub(crate) struct VectorScratch {
    pub merged: Vec<WeightedFeature>,
    pub selection: Vec<WeightedFeature>,
    pub hashes: Vec<u64>,
    /// Buffers of stories that left the active set, reused by new stories
    /// (most stories are short-lived singletons: this saves an allocation
    /// and a free per vector).
    spare_vectors: Vec<Vec<WeightedFeature>>,
    spare_hash_lists: Vec<Vec<u64>>,
}

/// How many spare buffers of each kind [`VectorScratch`] keeps.
const MAX_SPARE_BUFFERS: usize = 64;

impl VectorScratch {
    /// An empty vector, reusing a spare buffer when there is one.
    pub fn take_vector(&mut self) -> Vec<WeightedFeature> {
        self.spare_vectors.pop().unwrap_or_default()
    }

    /// An empty hash list, reusing a spare buffer when there is one.
    pub fn take_hash_list(&mut self) -> Vec<u64> {
        self.spare_hash_lists.pop().unwrap_or_default()
    }

    /// Keeps `vector`'s buffer for reuse (up to a bound).
    pub fn recycle_vector(&mut self, mut vector: Vec<WeightedFeature>) {
        if self.spare_vectors.len() < MAX_SPARE_BUFFERS {
            vector.clear();
            self.spare_vectors.push(vector);
        }
    }

    /// Keeps `hashes`' buffer for reuse (up to a bound).
    pub fn recycle_hash_list(&mut self, mut hashes: Vec<u64>) {
        if self.spare_hash_lists.len() < MAX_SPARE_BUFFERS {
            hashes.clear();
            self.spare_hash_lists.push(hashes);
        }
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
    scratch.raw.clear();
    let with_bigrams = config.bigram_weight > 0.0;
    let body_terms = if config.max_body_terms == 0 {
        &input.body_terms[..]
    } else {
        &input.body_terms[..input.body_terms.len().min(config.max_body_terms)]
    };
    // At most one new feature per term and per bigram occurrence.
    let bigram_occurrences = if with_bigrams {
        input.title_terms.len() + body_terms.len().min(config.bigram_body_terms)
    } else {
        0
    };
    let expected = input.title_terms.len() + body_terms.len() + bigram_occurrences;
    scratch.positions.clear_for(expected);
    scratch.raw.reserve(expected);
    // The terms' text is on the heap, one allocation per term: reading the
    // first byte of each before hashing lets their cache misses overlap.
    let warmed = input
        .title_terms
        .iter()
        .chain(body_terms)
        .fold(0u8, |folded, term| {
            folded ^ term.as_bytes().first().copied().unwrap_or(0)
        });
    std::hint::black_box(warmed);
    let mut push_field = |terms: &[String],
                          in_title: bool,
                          bigram_terms: usize,
                          weight_at: &dyn Fn(usize) -> f32| {
        let mut previous: Option<(u64, u32)> = None;
        for (position, term) in terms.iter().enumerate() {
            let weight = weight_at(position);
            let occurrence = TermPosition {
                in_title,
                index: position as u32,
            };
            let hash = unigram_hash(term);
            let kind = if is_number(term) {
                FeatureKind::Number
            } else {
                FeatureKind::Word
            };
            let term_position = scratch.add(hash, weight, kind, (0, 0), occurrence);
            if with_bigrams && position < bigram_terms {
                if let Some((previous_hash, previous_position)) = previous {
                    scratch.add(
                        bigram_hash(previous_hash, hash),
                        weight,
                        FeatureKind::Bigram(previous_hash, hash),
                        (previous_position, term_position),
                        occurrence,
                    );
                }
            }
            previous = Some((hash, term_position));
        }
    };
    let title_weight = config.title_weight;
    push_field(&input.title_terms, true, usize::MAX, &|_| title_weight);
    let lead_terms = config.lead_terms;
    let lead_weight = config.lead_weight;
    push_field(body_terms, false, config.bigram_body_terms, &|position| {
        if position < lead_terms {
            lead_weight
        } else {
            1.0
        }
    });
}

/// Weights raw features (their `idf` filled) by sublinear TF times IDF times
/// their kind's weight, keeps the strongest `max_article_features`, and
/// L2-normalizes, into `weighted` (reused). The result is sorted by hash.
pub(crate) fn weighted_vector_into(
    raw: &[RawFeature],
    config: &ClusterConfig,
    weighted: &mut Vec<WeightedFeature>,
) {
    let plain_idf = config.idf_exponent == 1.0;
    weighted.clear();
    weighted.extend(raw.iter().filter_map(|feature| {
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
    }));
    keep_strongest(weighted, config.max_article_features);
    normalize(weighted);
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
        keep_first_by_score(features, maximum, |feature| feature.1, heaviest_first);
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

/// The `count` heaviest features, heaviest first (ties by hash), into
/// `strongest` (reused).
pub(crate) fn strongest_features_into(
    features: &[WeightedFeature],
    count: usize,
    strongest: &mut Vec<WeightedFeature>,
) {
    strongest.clear();
    if count == 0 {
        return;
    }
    strongest.extend_from_slice(features);
    keep_first_by_score(strongest, count, |feature| feature.1, heaviest_first);
    strongest.sort_unstable_by(heaviest_first);
}

/// The hashes of the `count` heaviest features, sorted by hash, into
/// `hashes` (reused); `selection` is a reused buffer.
pub(crate) fn strongest_hashes_sorted_into(
    features: &[WeightedFeature],
    count: usize,
    selection: &mut Vec<WeightedFeature>,
    hashes: &mut Vec<u64>,
) {
    hashes.clear();
    if count == 0 {
        return;
    }
    selection.clear();
    selection.extend_from_slice(features);
    keep_first_by_score(selection, count, |feature| feature.1, heaviest_first);
    hashes.extend(selection.iter().map(|(hash, _)| *hash));
    hashes.sort_unstable();
}

/// [`keep_strongest`] for a vector already sorted by hash: the same
/// survivors, found by selecting the cut-off weight in a copy (`selection`,
/// reused) and filtering in place, so the survivors need no re-sort.
pub(crate) fn keep_strongest_sorted(
    features: &mut Vec<WeightedFeature>,
    maximum: usize,
    selection: &mut Vec<WeightedFeature>,
) {
    if features.len() <= maximum {
        return;
    }
    if maximum == 0 {
        features.clear();
        return;
    }
    selection.clear();
    selection.extend_from_slice(features);
    let (_, &mut cutoff, _) = selection.select_nth_unstable_by(maximum - 1, heaviest_first);
    // (weight, hash) is a total order over distinct hashes: exactly
    // `maximum` features are at or before the cut-off.
    features.retain(|feature| heaviest_first(feature, &cutoff) != std::cmp::Ordering::Greater);
}

/// Keeps the `count` entries that come first in `order` (not in order).
///
/// `order` must be a total order by `score`, highest first, with ties broken
/// by something else. The selection compares scores only (one float
/// comparison instead of two keys); the entries tying with the cut-off score
/// are then settled by `order`. The kept set is exactly that of selecting
/// with `order` throughout.
pub(crate) fn keep_first_by_score<T>(
    entries: &mut Vec<T>,
    count: usize,
    score: impl Fn(&T) -> f32,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) {
    if entries.len() <= count {
        return;
    }
    if count == 0 {
        entries.clear();
        return;
    }
    let (_, cutoff_entry, _) = entries.select_nth_unstable_by(count - 1, |left, right| {
        score(right).total_cmp(&score(left))
    });
    let cutoff = score(cutoff_entry);
    // Entries after the cut-off score at most `cutoff`: bring the ties
    // forward, next to the candidates.
    let mut kept = count;
    for position in count..entries.len() {
        if score(&entries[position]).total_cmp(&cutoff).is_eq() {
            entries.swap(kept, position);
            kept += 1;
        }
    }
    entries.truncate(kept);
    if kept > count {
        entries.select_nth_unstable_by(count - 1, order);
        entries.truncate(count);
    }
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
#[cfg(test)]
pub(crate) fn add_into(sum: &mut Vec<WeightedFeature>, addition: &[WeightedFeature]) {
    add_into_with(sum, addition, &mut Vec::new());
}

/// Adds `addition` into `sum` (both hash-sorted), keeping the result sorted;
/// the merge is written to `merged` (a reused buffer), which then swaps with
/// `sum`.
pub(crate) fn add_into_with(
    sum: &mut Vec<WeightedFeature>,
    addition: &[WeightedFeature],
    merged: &mut Vec<WeightedFeature>,
) {
    merged.clear();
    merged.reserve(sum.len() + addition.len());
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
    std::mem::swap(sum, merged);
}

/// The readable label of a feature of `input` (a bigram reads "first
/// second"), from where it first occurs.
pub(crate) fn label_of(input: &ClusterInput, feature: &RawFeature) -> Option<String> {
    let TermPosition { in_title, index } = feature.first_occurrence;
    let terms = if in_title {
        &input.title_terms
    } else {
        &input.body_terms
    };
    let index = index as usize;
    match feature.kind {
        FeatureKind::Word | FeatureKind::Number => terms.get(index).cloned(),
        FeatureKind::Bigram(..) => {
            let first = terms.get(index.checked_sub(1)?)?;
            let second = terms.get(index)?;
            Some(format!("{first} {second}"))
        }
    }
}

/// The distinct number hashes of an article, sorted, into `numbers` (reused).
pub(crate) fn number_hashes_into(raw: &[RawFeature], numbers: &mut Vec<u64>) {
    numbers.clear();
    numbers.extend(
        raw.iter()
            .filter(|feature| feature.kind == FeatureKind::Number)
            .map(|feature| feature.hash),
    );
    numbers.sort_unstable();
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
    fn keep_first_by_score_keeps_what_a_full_sort_would() {
        // Few distinct weights: many ties straddle every cut-off.
        let features: Vec<WeightedFeature> = (0..60u64)
            .map(|index| (index * 7_919 % 211, (index % 4) as f32 * 0.5))
            .collect();
        for count in [0, 1, 5, 14, 15, 16, 30, 59, 60, 80] {
            let mut expected = features.clone();
            expected.sort_unstable_by(heaviest_first);
            expected.truncate(count);
            let mut kept = features.clone();
            keep_first_by_score(&mut kept, count, |feature| feature.1, heaviest_first);
            kept.sort_unstable_by(heaviest_first);
            assert_eq!(kept, expected, "count {count}");
        }
    }

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
            stated_weekdays: 0,
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
        let mut numbers = Vec::new();
        number_hashes_into(&scratch.raw, &mut numbers);
        assert_eq!(numbers, vec![unigram_hash("2020")]);
        let label = |hash: u64| {
            let feature = scratch.raw.iter().find(|feature| feature.hash == hash)?;
            label_of(&input, feature)
        };
        assert_eq!(label(fed_rate).as_deref(), Some("fed rate"));
        assert_eq!(label(unigram_hash("2020")).as_deref(), Some("2020"));
        let cut_rate = bigram_hash(unigram_hash("cut"), unigram_hash("rate"));
        assert_eq!(label(cut_rate).as_deref(), Some("cut rate"));
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

    #[test]
    fn keep_strongest_sorted_keeps_what_keep_strongest_keeps() {
        let mut selection = Vec::new();
        for maximum in [0usize, 1, 5, 37, 200, 400] {
            // Many equal weights, so ties decide part of the kept set.
            let mut features: Vec<WeightedFeature> = (0..300u64)
                .map(|index| {
                    (
                        index.wrapping_mul(0x9E37_79B9_7F4A_7C15),
                        (index % 13) as f32,
                    )
                })
                .collect();
            features.sort_unstable_by_key(|feature| feature.0);
            let mut expected = features.clone();
            keep_strongest(&mut expected, maximum);
            keep_strongest_sorted(&mut features, maximum, &mut selection);
            assert_eq!(features, expected, "maximum {maximum}");
        }
    }
}
