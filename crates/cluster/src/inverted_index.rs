//! Candidate retrieval: from a feature to the active stories that have it
//! among their strongest centroid features.
//!
//! An article probes the index with its own strongest features, so the
//! stories it is scored against are those sharing a salient term with it,
//! and the cost per article depends on the active set, never on the history.
//!
//! Postings hold a story's *slot*: a small dense number the clusterer reuses
//! once a story leaves the active set, so per-article score accumulation can
//! use an array indexed by slot instead of a hash map.

use crate::KeyMap;

#[derive(Debug, Clone, Default)]
pub(crate) struct InvertedIndex {
    postings: KeyMap<Vec<u32>>,
}

impl InvertedIndex {
    /// Moves the story in `slot` from the features `old` to the features
    /// `new` (both sorted ascending); features in both are not touched.
    pub fn update(&mut self, slot: u32, old: &[u64], new: &[u64]) {
        debug_assert!(old.windows(2).all(|pair| pair[0] < pair[1]));
        debug_assert!(new.windows(2).all(|pair| pair[0] < pair[1]));
        let mut old_index = 0;
        let mut new_index = 0;
        while old_index < old.len() || new_index < new.len() {
            match (old.get(old_index), new.get(new_index)) {
                (Some(&old_hash), Some(&new_hash)) if old_hash == new_hash => {
                    old_index += 1;
                    new_index += 1;
                }
                (Some(&old_hash), Some(&new_hash)) if old_hash < new_hash => {
                    self.remove_posting(old_hash, slot);
                    old_index += 1;
                }
                (Some(&old_hash), None) => {
                    self.remove_posting(old_hash, slot);
                    old_index += 1;
                }
                (_, Some(&new_hash)) => {
                    self.postings.entry(new_hash).or_default().push(slot);
                    new_index += 1;
                }
                (None, None) => break,
            }
        }
    }

    fn remove_posting(&mut self, feature: u64, slot: u32) {
        let Some(stories) = self.postings.get_mut(&feature) else {
            return;
        };
        if let Some(position) = stories.iter().position(|posted| *posted == slot) {
            stories.swap_remove(position);
        }
        if stories.is_empty() {
            self.postings.remove(&feature);
        }
    }

    /// The slots of the stories indexed under `feature`, in no particular order.
    pub fn stories_with(&self, feature: u64) -> &[u32] {
        self.postings.get(&feature).map_or(&[], Vec::as_slice)
    }

    #[cfg(test)]
    pub fn feature_count(&self) -> usize {
        self.postings.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_moves_a_story_between_features() {
        let mut index = InvertedIndex::default();
        index.update(1, &[], &[10, 20, 30]);
        index.update(2, &[], &[20]);
        index.update(1, &[10, 20, 30], &[20, 40]);
        assert!(index.stories_with(10).is_empty());
        assert!(index.stories_with(30).is_empty());
        let mut with_20 = index.stories_with(20).to_vec();
        with_20.sort_unstable();
        assert_eq!(with_20, vec![1, 2]);
        assert_eq!(index.stories_with(40), &[1]);
        index.update(2, &[20], &[]);
        assert_eq!(index.stories_with(20), &[1]);
        assert_eq!(index.feature_count(), 2);
    }
}
