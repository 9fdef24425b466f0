//! An article's shingle hashes as the deduplicator keeps them: in text order,
//! repeats included, exactly as fingerprinting produced them, until the
//! article is first compared exactly; then sorted and deduplicated in place.
//!
//! Only a small share of articles ever meets an LSH candidate, so sorting
//! every shingle list up front (the most expensive step of fingerprinting
//! after hashing) would mostly be wasted. The MinHash signature does not
//! depend on order or repeats, so it is computed from the raw list.

use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LazyShingleSet {
    hashes: Vec<u32>,
    is_sorted_set: bool,
}

impl LazyShingleSet {
    /// Shingle hashes in any order, repeats allowed.
    pub(crate) fn from_hashes(hashes: Vec<u32>) -> Self {
        LazyShingleSet {
            hashes,
            is_sorted_set: false,
        }
    }

    /// The raw hashes, in whatever order they are held (for the signature).
    pub(crate) fn hashes(&self) -> &[u32] {
        &self.hashes
    }

    /// The strictly increasing set, sorting in place on first use.
    pub(crate) fn as_set(&mut self) -> &[u32] {
        if !self.is_sorted_set {
            self.hashes.sort_unstable();
            self.hashes.dedup();
            self.hashes.shrink_to_fit();
            self.is_sorted_set = true;
        }
        &self.hashes
    }

    /// The strictly increasing set without modifying `self`: borrowed when
    /// already sorted, a sorted copy otherwise.
    pub(crate) fn sorted_set(&self) -> Cow<'_, [u32]> {
        if self.is_sorted_set {
            return Cow::Borrowed(&self.hashes);
        }
        let mut sorted = self.hashes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        Cow::Owned(sorted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_set_is_sorted_and_deduplicated_once_and_the_copy_agrees() {
        let mut shingles = LazyShingleSet::from_hashes(vec![9, 3, 9, 1, 3]);
        assert_eq!(shingles.hashes(), &[9, 3, 9, 1, 3]);
        assert_eq!(shingles.sorted_set().as_ref(), &[1, 3, 9]);
        assert!(matches!(shingles.sorted_set(), Cow::Owned(_)));
        assert_eq!(shingles.as_set(), &[1, 3, 9]);
        assert!(matches!(shingles.sorted_set(), Cow::Borrowed(_)));
        assert_eq!(shingles.as_set(), &[1, 3, 9]);
    }
}
