//! Exact Jaccard similarity of two shingle sets, the verification step that
//! turns LSH candidates into reported duplicates.

/// Size of the intersection of two strictly increasing slices. The merge
/// advances without data-dependent branches (each step moves one or both
/// cursors by comparison results), so random hash orders cost no branch
/// mispredictions.
pub fn intersection_size(left: &[u32], right: &[u32]) -> usize {
    debug_assert!(left.windows(2).all(|pair| pair[0] < pair[1]));
    debug_assert!(right.windows(2).all(|pair| pair[0] < pair[1]));
    let (mut left_index, mut right_index, mut shared) = (0, 0, 0);
    while let (Some(&left_value), Some(&right_value)) =
        (left.get(left_index), right.get(right_index))
    {
        shared += usize::from(left_value == right_value);
        left_index += usize::from(left_value <= right_value);
        right_index += usize::from(right_value <= left_value);
    }
    shared
}

/// Exact Jaccard `|A∩B| / |A∪B|` of two strictly increasing slices (sorted,
/// deduplicated shingle hashes). Two empty sets have similarity 0: an empty
/// document is never a duplicate.
pub fn exact_jaccard(left: &[u32], right: &[u32]) -> f64 {
    let shared = intersection_size(left, right);
    let union = left.len() + right.len() - shared;
    if union == 0 {
        return 0.0;
    }
    shared as f64 / union as f64
}

/// Whether `shared / union ≥ threshold`, decided on the counts so that
/// boundary cases such as 4/5 against 0.8 are not lost to division rounding.
pub(crate) fn reaches_threshold(shared: usize, union: usize, threshold: f64) -> bool {
    union > 0 && shared as f64 >= threshold * union as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_of_overlapping_sets() {
        assert_eq!(intersection_size(&[1, 3, 5, 7], &[3, 4, 5, 8, 9]), 2);
        assert!((exact_jaccard(&[1, 3, 5, 7], &[3, 4, 5, 8, 9]) - 2.0 / 7.0).abs() < 1e-12);
        assert_eq!(exact_jaccard(&[1, 2], &[1, 2]), 1.0);
        assert_eq!(exact_jaccard(&[], &[]), 0.0);
        assert_eq!(exact_jaccard(&[1], &[]), 0.0);
    }

    #[test]
    fn intersection_matches_a_set_intersection_on_random_sets() {
        use std::collections::BTreeSet;
        let mut generator = crate::sketch::SplitMix64::new(17);
        for _ in 0..200 {
            let mut draw = |count: u64| -> BTreeSet<u32> {
                let size = generator.next_u64() % count;
                (0..size)
                    .map(|_| (generator.next_u64() % 300) as u32)
                    .collect()
            };
            let (left, right) = (draw(200), draw(200));
            let expected = left.intersection(&right).count();
            let left: Vec<u32> = left.into_iter().collect();
            let right: Vec<u32> = right.into_iter().collect();
            assert_eq!(intersection_size(&left, &right), expected);
        }
    }

    #[test]
    fn threshold_is_inclusive_at_exact_fractions() {
        assert!(reaches_threshold(4, 5, 0.8));
        assert!(!reaches_threshold(3, 4, 0.8));
        assert!(reaches_threshold(9, 10, 0.9));
        assert!(!reaches_threshold(0, 0, 0.5));
    }
}
