//! Exact Jaccard similarity of two shingle sets, the verification step that
//! turns LSH candidates into reported duplicates.

/// Size of the intersection of two strictly increasing slices.
pub fn intersection_size(left: &[u64], right: &[u64]) -> usize {
    debug_assert!(left.windows(2).all(|pair| pair[0] < pair[1]));
    debug_assert!(right.windows(2).all(|pair| pair[0] < pair[1]));
    let (mut left_index, mut right_index, mut shared) = (0, 0, 0);
    while left_index < left.len() && right_index < right.len() {
        let (left_value, right_value) = (left[left_index], right[right_index]);
        if left_value == right_value {
            shared += 1;
            left_index += 1;
            right_index += 1;
        } else if left_value < right_value {
            left_index += 1;
        } else {
            right_index += 1;
        }
    }
    shared
}

/// Exact Jaccard `|A∩B| / |A∪B|` of two strictly increasing slices (sorted,
/// deduplicated shingle hashes). Two empty sets have similarity 0: an empty
/// document is never a duplicate.
pub fn exact_jaccard(left: &[u64], right: &[u64]) -> f64 {
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
    fn threshold_is_inclusive_at_exact_fractions() {
        assert!(reaches_threshold(4, 5, 0.8));
        assert!(!reaches_threshold(3, 4, 0.8));
        assert!(reaches_threshold(9, 10, 0.9));
        assert!(!reaches_threshold(0, 0, 0.5));
    }
}
