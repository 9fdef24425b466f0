//! A hash map for keys that are already uniform 64-bit hashes (xxh3 feature
//! hashes), built for the hot tables of clustering: the live and background
//! document frequencies, probed once per distinct feature of every article.
//!
//! Entries are stored inline as `(key, value)` in one open-addressing array
//! with linear probing, so a lookup usually touches one cache line (a
//! `std` map reads a control byte group, then the bucket). The key is
//! spread by one multiply, which is enough for hashes and keeps adversarial
//! or sequential keys from clustering. Key 0 marks an empty slot; the key 0
//! itself is kept aside. Nothing depends on the iteration order: callers
//! sort what they persist.
//!
//! [`ClearableIndexMap`] is the per-article variant: feature hash → position,
//! emptied in O(1) between articles by a generation stamp.

/// Open-addressing map from pre-hashed `u64` keys to small `Copy` values.
#[derive(Debug, Clone)]
pub(crate) struct PrehashedMap<V: Copy + Default> {
    /// `(key, value)`; key 0 is an empty slot. Length is 0 or a power of two.
    slots: Vec<(u64, V)>,
    /// The value of the key 0, which cannot live in `slots`.
    zero_key_value: Option<V>,
    /// Entries in `slots` (not counting the key 0).
    slot_entries: usize,
    /// `64 − log2(slots.len())`: the slot is the top bits of the spread key.
    shift: u32,
}

/// The table grows before more than `MAX_LOAD_NUMERATOR / MAX_LOAD_DENOMINATOR`
/// of its slots are used: linear probing stays short below ~3/4.
const MAX_LOAD_NUMERATOR: usize = 3;
const MAX_LOAD_DENOMINATOR: usize = 4;
const MIN_SLOTS: usize = 16;
/// Fibonacci hashing multiplier (2^64 / φ).
const SPREAD_MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

impl<V: Copy + Default> Default for PrehashedMap<V> {
    fn default() -> PrehashedMap<V> {
        PrehashedMap {
            slots: Vec::new(),
            zero_key_value: None,
            slot_entries: 0,
            shift: 64,
        }
    }
}

impl<V: Copy + Default> PrehashedMap<V> {
    /// A map that holds `entries` entries without growing.
    pub fn with_capacity(entries: usize) -> PrehashedMap<V> {
        let mut map = PrehashedMap::default();
        map.reserve(entries);
        map
    }

    pub fn len(&self) -> usize {
        self.slot_entries + usize::from(self.zero_key_value.is_some())
    }

    fn home_slot(&self, key: u64) -> usize {
        (key.wrapping_mul(SPREAD_MULTIPLIER) >> self.shift) as usize
    }

    pub fn get(&self, key: u64) -> Option<&V> {
        if key == 0 {
            return self.zero_key_value.as_ref();
        }
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.home_slot(key);
        loop {
            let (slot_key, value) = &self.slots[slot];
            if *slot_key == key {
                return Some(value);
            }
            if *slot_key == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }

    pub fn get_mut(&mut self, key: u64) -> Option<&mut V> {
        if key == 0 {
            return self.zero_key_value.as_mut();
        }
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.home_slot(key);
        loop {
            let slot_key = self.slots[slot].0;
            if slot_key == key {
                return Some(&mut self.slots[slot].1);
            }
            if slot_key == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Reads the first slot `key` would be found in and returns its key:
    /// issued for many keys in a row before they are looked up, the reads'
    /// cache misses overlap instead of being waited for one by one.
    pub fn warm(&self, key: u64) -> u64 {
        if self.slots.is_empty() {
            return 0;
        }
        self.slots[self.home_slot(key)].0
    }

    /// The value of `key`, inserted as `V::default()` when absent.
    pub fn get_or_insert_default(&mut self, key: u64) -> &mut V {
        self.get_or_insert_default_reporting(key).0
    }

    /// [`PrehashedMap::get_or_insert_default`], and whether `key` was inserted.
    pub fn get_or_insert_default_reporting(&mut self, key: u64) -> (&mut V, bool) {
        if key == 0 {
            let inserted = self.zero_key_value.is_none();
            return (self.zero_key_value.get_or_insert_with(V::default), inserted);
        }
        if (self.slot_entries + 1) * MAX_LOAD_DENOMINATOR > self.slots.len() * MAX_LOAD_NUMERATOR {
            self.reserve(self.slot_entries + 1);
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.home_slot(key);
        let mut inserted = false;
        loop {
            let slot_key = self.slots[slot].0;
            if slot_key == key {
                break;
            }
            if slot_key == 0 {
                self.slots[slot] = (key, V::default());
                self.slot_entries += 1;
                inserted = true;
                break;
            }
            slot = (slot + 1) & mask;
        }
        (&mut self.slots[slot].1, inserted)
    }

    /// Sets the value of `key` (replacing any previous value).
    pub fn insert(&mut self, key: u64, value: V) {
        *self.get_or_insert_default(key) = value;
    }

    /// Grows the table so that `entries` entries fit under the maximum load.
    fn reserve(&mut self, entries: usize) {
        let needed_slots = (entries.saturating_mul(MAX_LOAD_DENOMINATOR) / MAX_LOAD_NUMERATOR + 1)
            .max(MIN_SLOTS)
            .next_power_of_two();
        if needed_slots <= self.slots.len() {
            return;
        }
        let old_slots = std::mem::take(&mut self.slots);
        self.slots = vec![(0, V::default()); needed_slots];
        self.shift = 64 - needed_slots.trailing_zeros();
        self.slot_entries = 0;
        for (key, value) in old_slots {
            if key != 0 {
                self.place_new(key, value);
            }
        }
    }

    /// Places a key known to be absent (the table has room).
    fn place_new(&mut self, key: u64, value: V) {
        let mask = self.slots.len() - 1;
        let mut slot = self.home_slot(key);
        while self.slots[slot].0 != 0 {
            slot = (slot + 1) & mask;
        }
        self.slots[slot] = (key, value);
        self.slot_entries += 1;
    }

    /// Keeps the entries for which `keep` returns true (it may change the
    /// value); the table keeps its size.
    pub fn retain(&mut self, mut keep: impl FnMut(u64, &mut V) -> bool) {
        if let Some(mut value) = self.zero_key_value {
            self.zero_key_value = keep(0, &mut value).then_some(value);
        }
        let mut kept: Vec<(u64, V)> = Vec::with_capacity(self.slot_entries);
        for (key, value) in self.slots.iter_mut() {
            if *key != 0 && keep(*key, value) {
                kept.push((*key, *value));
            }
        }
        self.slots.fill((0, V::default()));
        self.slot_entries = 0;
        for (key, value) in kept {
            self.place_new(key, value);
        }
    }

    /// Every `(key, value)`, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, V)> + '_ {
        self.zero_key_value
            .map(|value| (0, value))
            .into_iter()
            .chain(
                self.slots
                    .iter()
                    .filter(|(key, _)| *key != 0)
                    .map(|&(key, value)| (key, value)),
            )
    }
}

/// Map from pre-hashed `u64` keys to `u32` values, emptied in O(1)
/// ([`ClearableIndexMap::clear_for`]): a slot whose stamp is not the current
/// generation is empty. Only the first `2 × expected` slots (a power of two)
/// are used after a clear, so a short article touches few cache lines even
/// after a long one grew the table.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClearableIndexMap {
    /// `(key, value, generation)`.
    slots: Vec<(u64, u32, u32)>,
    generation: u32,
    mask: usize,
}

impl ClearableIndexMap {
    /// Empties the map, sized for up to `expected` keys.
    pub fn clear_for(&mut self, expected: usize) {
        let used_slots = (expected.saturating_mul(2))
            .max(MIN_SLOTS)
            .next_power_of_two();
        if self.slots.len() < used_slots {
            self.slots = vec![(0, 0, 0); used_slots];
            self.generation = 0;
        }
        self.mask = used_slots - 1;
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // Stamps wrapped around: forget every old stamp once.
            self.slots.fill((0, 0, 0));
            self.generation = 1;
        }
    }

    fn home_slot(&self, key: u64) -> usize {
        (key.wrapping_mul(SPREAD_MULTIPLIER) >> 32) as usize & self.mask
    }

    pub fn get(&self, key: u64) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mut slot = self.home_slot(key);
        // At most half the used slots are filled (callers keep within
        // `expected`); the bound only guards against misuse.
        for _ in 0..=self.mask {
            let (slot_key, value, generation) = self.slots[slot];
            if generation != self.generation {
                return None;
            }
            if slot_key == key {
                return Some(value);
            }
            slot = (slot + 1) & self.mask;
        }
        None
    }

    /// The value of `key`, set to `value` first when absent; `None` when
    /// the map is full (more keys than it was cleared for).
    pub fn get_or_insert(&mut self, key: u64, value: u32) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mut slot = self.home_slot(key);
        for _ in 0..=self.mask {
            let (slot_key, slot_value, generation) = self.slots[slot];
            if generation != self.generation {
                self.slots[slot] = (key, value, self.generation);
                return Some(value);
            }
            if slot_key == key {
                return Some(slot_value);
            }
            slot = (slot + 1) & self.mask;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_a_hash_map_through_growth_retain_and_the_zero_key() {
        let mut map: PrehashedMap<u32> = PrehashedMap::default();
        let mut reference = std::collections::HashMap::new();
        // Sequential keys and key 0 exercise clustering and the set-aside slot.
        for round in 0..3u64 {
            for key in 0..5_000u64 {
                let key = if key % 2 == 0 {
                    key
                } else {
                    xxhash_rust::xxh3::xxh3_64(&key.to_le_bytes())
                };
                *map.get_or_insert_default(key) += 1;
                *reference.entry(key).or_insert(0u32) += 1;
                if round == 2 && key % 7 == 0 {
                    map.insert(key, 100);
                    reference.insert(key, 100);
                }
            }
        }
        assert_eq!(map.len(), reference.len());
        map.retain(|key, value| {
            *value /= 2;
            key % 3 != 0
        });
        reference.retain(|key, value| {
            *value /= 2;
            key % 3 != 0
        });
        assert_eq!(map.len(), reference.len());
        for (key, value) in &reference {
            assert_eq!(map.get(*key), Some(value), "key {key}");
        }
        assert_eq!(map.get(3), None);
        assert_eq!(map.get_mut(3), None);
        if let Some(value) = map.get_mut(4) {
            *value += 1;
        }
        if let Some(value) = reference.get_mut(&4) {
            *value += 1;
        }
        assert_eq!(map.get(4), reference.get(&4));
        assert_eq!(map.get(0), None);
        let mut listed: Vec<(u64, u32)> = map.iter().collect();
        listed.sort_unstable();
        let mut expected: Vec<(u64, u32)> = reference.into_iter().collect();
        expected.sort_unstable();
        assert_eq!(listed, expected);
        assert!(!map.get_or_insert_default_reporting(4).1);
        assert!(map.get_or_insert_default_reporting(3).1);
        let mut with_zero: PrehashedMap<u32> = PrehashedMap::with_capacity(4);
        assert!(with_zero.get_or_insert_default_reporting(0).1);
        assert!(!with_zero.get_or_insert_default_reporting(0).1);
        with_zero.insert(0, 9);
        assert_eq!(with_zero.get(0), Some(&9));
        assert_eq!(with_zero.len(), 1);
    }

    #[test]
    fn clearable_index_map_forgets_everything_on_clear() {
        let mut map = ClearableIndexMap::default();
        assert_eq!(map.get(5), None);
        map.clear_for(100);
        for key in 0..100u64 {
            assert_eq!(map.get_or_insert(key * 3, key as u32), Some(key as u32));
        }
        assert_eq!(map.get_or_insert(3, 999), Some(1));
        assert_eq!(map.get(3), Some(1));
        map.clear_for(10);
        assert_eq!(map.get(3), None);
        assert_eq!(map.get_or_insert(3, 7), Some(7));
        // More keys than cleared for: no panic, reports full.
        map.clear_for(1);
        let inserted = (0..100u64)
            .filter(|key| map.get_or_insert(*key, 0).is_some())
            .count();
        assert!(inserted < 100);
    }
}
