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
//!
//! Most stories are short-lived singletons, so postings are added and removed
//! about as often as they are read: short lists live inside the feature's
//! table entry (one cache line per update), and features left without a
//! posting are dropped in bulk once they outnumber the others.

use crate::prehashed_map::PrehashedMap;

/// Posting lists up to this long live inside the feature's table entry
/// (most features are indexed by a handful of stories), so adding or
/// removing a posting touches one cache line; longer lists spill to the heap.
const INLINE_POSTINGS: usize = 5;

/// Posting slots (`u32`) in a 64-byte cache line.
const SLOTS_PER_CACHE_LINE: usize = 16;

/// The stories indexed under one feature.
#[derive(Debug, Clone, Copy, Default)]
struct Postings {
    len: u32,
    /// The slots when `len <= INLINE_POSTINGS`; otherwise `slots[0]` is the
    /// list's number in [`InvertedIndex::spilled`].
    slots: [u32; INLINE_POSTINGS],
}

#[derive(Debug, Clone, Default)]
pub(crate) struct InvertedIndex {
    /// Feature → its postings. A feature whose last posting left keeps an
    /// empty entry until the table is compacted (the map has no removal).
    postings: PrehashedMap<Postings>,
    /// Posting lists longer than [`INLINE_POSTINGS`].
    spilled: Vec<Vec<u32>>,
    /// Spilled lists not in use (their numbers), reused first.
    free_spilled: Vec<u32>,
    /// Entries of `postings` with no posting.
    empty_features: usize,
}

impl InvertedIndex {
    /// Moves the story in `slot` from the features `old` to the features
    /// `new` (both sorted ascending); features in both are not touched.
    pub fn update(&mut self, slot: u32, old: &[u64], new: &[u64]) {
        debug_assert!(old.windows(2).all(|pair| pair[0] < pair[1]));
        debug_assert!(new.windows(2).all(|pair| pair[0] < pair[1]));
        let warmed = old.iter().chain(new).fold(0u64, |folded, feature| {
            folded ^ self.postings.warm(*feature)
        });
        std::hint::black_box(warmed);
        let mut old_index = 0;
        let mut new_index = 0;
        loop {
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
                    self.add_posting(new_hash, slot);
                    new_index += 1;
                }
                (None, None) => break,
            }
        }
        self.compact_if_mostly_empty();
    }

    fn add_posting(&mut self, feature: u64, slot: u32) {
        let (postings, inserted) = self.postings.get_or_insert_default_reporting(feature);
        let len = postings.len as usize;
        if len == 0 && !inserted {
            self.empty_features = self.empty_features.saturating_sub(1);
        }
        if len < INLINE_POSTINGS {
            postings.slots[len] = slot;
        } else if len == INLINE_POSTINGS {
            let number = match self.free_spilled.pop() {
                Some(number) => number,
                None => {
                    self.spilled.push(Vec::new());
                    (self.spilled.len() - 1) as u32
                }
            };
            let list = &mut self.spilled[number as usize];
            list.clear();
            list.extend_from_slice(&postings.slots);
            list.push(slot);
            postings.slots[0] = number;
        } else if let Some(list) = self.spilled.get_mut(postings.slots[0] as usize) {
            list.push(slot);
        }
        postings.len += 1;
    }

    /// Removes `slot` from `feature`'s postings (order is not kept).
    fn remove_posting(&mut self, feature: u64, slot: u32) {
        let Some(postings) = self.postings.get_mut(feature) else {
            return;
        };
        let len = postings.len as usize;
        if len <= INLINE_POSTINGS {
            let inline = &mut postings.slots[..len];
            let Some(position) = inline.iter().position(|posted| *posted == slot) else {
                return;
            };
            inline[position] = inline[len - 1];
            postings.len -= 1;
            if postings.len == 0 {
                self.empty_features += 1;
            }
            return;
        }
        let number = postings.slots[0];
        let Some(list) = self.spilled.get_mut(number as usize) else {
            return;
        };
        let Some(position) = position_of_slot(list, slot) else {
            return;
        };
        list.swap_remove(position);
        postings.len -= 1;
        if list.len() == INLINE_POSTINGS {
            postings.slots.copy_from_slice(list);
            list.clear();
            self.free_spilled.push(number);
        }
    }

    /// Drops the empty entries once they outnumber the others, so probes
    /// stay short and memory follows the active set.
    fn compact_if_mostly_empty(&mut self) {
        let live_features = self.postings.len() - self.empty_features;
        if self.empty_features <= live_features.max(1024) {
            return;
        }
        self.postings.retain(|_, postings| postings.len > 0);
        self.empty_features = 0;
    }

    /// Reads where `feature`'s postings would be (see [`PrehashedMap::warm`]).
    pub fn warm(&self, feature: u64) -> u64 {
        self.postings.warm(feature)
    }

    /// Reads every cache line of `feature`'s postings and folds what it read:
    /// issued for many features before their lists are walked, the reads'
    /// cache misses overlap (see [`InvertedIndex::warm`]).
    pub fn warm_postings(&self, feature: u64) -> u32 {
        self.stories_with(feature)
            .iter()
            .step_by(SLOTS_PER_CACHE_LINE)
            .fold(0, |folded, slot| folded ^ slot)
    }

    /// The slots of the stories indexed under `feature`, in no particular order.
    pub fn stories_with(&self, feature: u64) -> &[u32] {
        let Some(postings) = self.postings.get(feature) else {
            return &[];
        };
        let len = postings.len as usize;
        if len <= INLINE_POSTINGS {
            return &postings.slots[..len];
        }
        self.spilled
            .get(postings.slots[0] as usize)
            .map_or(&[], Vec::as_slice)
    }

    #[cfg(test)]
    pub fn feature_count(&self) -> usize {
        self.postings.len() - self.empty_features
    }
}

/// Where `slot` first occurs in `list`. Long lists are scanned a cache line
/// at a time with a branch-free test per line (which the compiler
/// vectorizes): a story leaving the active set is searched for in lists of
/// hundreds of slots.
fn position_of_slot(list: &[u32], slot: u32) -> Option<usize> {
    let mut lines = list.chunks_exact(SLOTS_PER_CACHE_LINE);
    let mut line_start = 0;
    for line in &mut lines {
        let holds_slot = line
            .iter()
            .fold(false, |found, &posted| found | (posted == slot));
        if holds_slot {
            return line
                .iter()
                .position(|&posted| posted == slot)
                .map(|offset| line_start + offset);
        }
        line_start += SLOTS_PER_CACHE_LINE;
    }
    lines
        .remainder()
        .iter()
        .position(|&posted| posted == slot)
        .map(|offset| line_start + offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_of_slot_finds_the_first_occurrence_anywhere() {
        let list: Vec<u32> = (0..40).map(|value| value * 3).collect();
        for (expected, &slot) in list.iter().enumerate() {
            assert_eq!(position_of_slot(&list, slot), Some(expected));
        }
        assert_eq!(position_of_slot(&list, 1), None);
        assert_eq!(position_of_slot(&list, 120), None);
        assert_eq!(position_of_slot(&[], 0), None);
        let repeated = [5, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 9, 9];
        assert_eq!(position_of_slot(&repeated, 7), Some(1));
        assert_eq!(position_of_slot(&repeated, 9), Some(16));
    }

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

    #[test]
    fn long_posting_lists_spill_and_come_back_inline() {
        // One feature indexed by many slots (spilled), another by few
        // (inline); removals in an order that shrinks the long list back.
        let mut index = InvertedIndex::default();
        let features_of = |slot: u32| -> Vec<u64> {
            if slot.is_multiple_of(2) {
                vec![7, 9]
            } else {
                vec![7]
            }
        };
        for slot in 0..50u32 {
            index.update(slot, &[], &features_of(slot));
        }
        assert_eq!(index.stories_with(7).len(), 50);
        for slot in (0..50u32).filter(|slot| slot % 3 != 0) {
            index.update(slot, &features_of(slot), &[]);
        }
        let mut with_7 = index.stories_with(7).to_vec();
        with_7.sort_unstable();
        let expected: Vec<u32> = (0..50u32).filter(|slot| slot % 3 == 0).collect();
        assert_eq!(with_7, expected);
        let mut with_9 = index.stories_with(9).to_vec();
        with_9.sort_unstable();
        let expected: Vec<u32> = (0..50u32).filter(|slot| slot % 6 == 0).collect();
        assert_eq!(with_9, expected);
        for slot in (0..50u32).filter(|slot| slot % 3 == 0) {
            index.update(slot, &features_of(slot), &[]);
        }
        assert!(index.stories_with(7).is_empty());
        assert_eq!(index.feature_count(), 0);
        index.update(3, &[], &[7]);
        assert_eq!(index.stories_with(7), &[3]);
    }

    #[test]
    fn many_short_lived_features_are_compacted_away() {
        let mut index = InvertedIndex::default();
        for slot in 0..10_000u32 {
            let feature = u64::from(slot) * 0x9E37_79B9;
            index.update(slot % 7, &[], &[feature]);
            index.update(slot % 7, &[feature], &[]);
        }
        assert_eq!(index.feature_count(), 0);
        assert!(index.postings.len() <= 2 * 1024 + 1);
    }
}
