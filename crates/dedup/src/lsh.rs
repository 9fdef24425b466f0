//! The LSH banding index: which active articles share a band of signature
//! values with a new one.
//!
//! A signature of `bands × rows` values is cut into `bands` consecutive runs
//! of `rows` values; each run is hashed (a multiply-rotate chain over its
//! values, seeded by the band number, then MurmurHash3's finalizer) and the
//! article is filed under that hash in the band's table. Band hashes live in
//! memory only and are rebuilt from signatures on restore, so they are not
//! part of the persisted format; a band-hash collision only adds a candidate,
//! which verification then rejects.
//!
//! Most buckets hold a single article, so a bucket stores one key inline and
//! only allocates when a second article arrives.

use khabar_core::key_hasher::KeyHashMap;

use crate::fingerprint::fmix64;

/// Multiplier of the band-hash chain (an odd 64-bit constant).
const BAND_HASH_MULTIPLIER: u64 = 0xD6E8_FEB8_6659_FD93;

/// The articles filed under one band hash.
#[derive(Debug, Clone)]
enum Bucket {
    One(u64),
    Many(Vec<u64>),
}

impl Bucket {
    fn keys(&self) -> &[u64] {
        match self {
            Bucket::One(key) => std::slice::from_ref(key),
            Bucket::Many(keys) => keys,
        }
    }

    /// Adds `key` unless it is already there.
    fn add(&mut self, key: u64) {
        match self {
            Bucket::One(existing) if *existing == key => {}
            Bucket::One(existing) => *self = Bucket::Many(vec![*existing, key]),
            Bucket::Many(keys) => {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct LshIndex {
    rows_per_band: usize,
    tables: Vec<KeyHashMap<u64, Bucket>>,
    colliding_keys: Vec<u64>,
}

impl LshIndex {
    pub fn new(bands: usize, rows_per_band: usize) -> Self {
        LshIndex {
            rows_per_band,
            tables: (0..bands).map(|_| KeyHashMap::default()).collect(),
            colliding_keys: Vec::new(),
        }
    }

    fn band_hash(band_index: usize, values: &[u32]) -> u64 {
        let mut state = (band_index as u64)
            .wrapping_add(1)
            .wrapping_mul(BAND_HASH_MULTIPLIER);
        for &value in values {
            state = (state ^ u64::from(value))
                .wrapping_mul(BAND_HASH_MULTIPLIER)
                .rotate_left(29);
        }
        fmix64(state)
    }

    /// The hash of every band of `signature`, in band order: compute once,
    /// then use for [`LshIndex::candidates`] and [`LshIndex::insert`].
    pub fn band_hashes(&self, signature: &[u32]) -> Vec<u64> {
        signature
            .chunks_exact(self.rows_per_band.max(1))
            .take(self.tables.len())
            .enumerate()
            .map(|(band_index, values)| Self::band_hash(band_index, values))
            .collect()
    }

    pub fn insert(&mut self, key: u64, band_hashes: &[u64]) {
        for (table, &hash) in self.tables.iter_mut().zip(band_hashes) {
            match table.entry(hash) {
                std::collections::hash_map::Entry::Vacant(vacant) => {
                    vacant.insert(Bucket::One(key));
                }
                std::collections::hash_map::Entry::Occupied(mut occupied) => {
                    occupied.get_mut().add(key);
                }
            }
        }
    }

    pub fn remove(&mut self, key: u64, band_hashes: &[u64]) {
        for (table, &hash) in self.tables.iter_mut().zip(band_hashes) {
            let Some(bucket) = table.get_mut(&hash) else {
                continue;
            };
            let now_empty = match bucket {
                Bucket::One(existing) => *existing == key,
                Bucket::Many(keys) => {
                    keys.retain(|&member| member != key);
                    if let [only] = keys.as_slice() {
                        *bucket = Bucket::One(*only);
                    }
                    matches!(bucket, Bucket::Many(keys) if keys.is_empty())
                }
            };
            if now_empty {
                table.remove(&hash);
            }
        }
    }

    /// Every `(key, bands shared)` colliding with the band hashes of a
    /// signature, most shared bands first, then lowest key.
    pub fn candidates(&mut self, band_hashes: &[u64]) -> Vec<(u64, usize)> {
        self.colliding_keys.clear();
        for (table, hash) in self.tables.iter().zip(band_hashes) {
            if let Some(bucket) = table.get(hash) {
                self.colliding_keys.extend_from_slice(bucket.keys());
            }
        }
        self.count_colliding_keys()
    }

    /// `(key, occurrences)` of the collected colliding keys, most first, then
    /// lowest key.
    fn count_colliding_keys(&mut self) -> Vec<(u64, usize)> {
        self.colliding_keys.sort_unstable();
        let mut counted: Vec<(u64, usize)> = Vec::new();
        for &key in &self.colliding_keys {
            match counted.last_mut() {
                Some((last_key, count)) if *last_key == key => *count += 1,
                _ => counted.push((key, 1)),
            }
        }
        counted.sort_unstable_by(|left, right| right.1.cmp(&left.1).then(left.0.cmp(&right.0)));
        counted
    }

    /// [`LshIndex::candidates`] of a new `key`, then [`LshIndex::insert`] of
    /// it, with one table probe per band instead of two. `key` itself is
    /// never among the candidates.
    pub fn candidates_then_insert(&mut self, key: u64, band_hashes: &[u64]) -> Vec<(u64, usize)> {
        self.colliding_keys.clear();
        for (table, &hash) in self.tables.iter_mut().zip(band_hashes) {
            match table.entry(hash) {
                std::collections::hash_map::Entry::Vacant(vacant) => {
                    vacant.insert(Bucket::One(key));
                }
                std::collections::hash_map::Entry::Occupied(mut occupied) => {
                    let bucket = occupied.get_mut();
                    self.colliding_keys.extend(
                        bucket
                            .keys()
                            .iter()
                            .copied()
                            .filter(|&member| member != key),
                    );
                    bucket.add(key);
                }
            }
        }
        self.count_colliding_keys()
    }

    pub fn is_empty(&self) -> bool {
        self.tables.iter().all(|table| table.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_sharing_a_band_are_candidates_and_removal_forgets_them() {
        let mut index = LshIndex::new(2, 2);
        let first = index.band_hashes(&[1, 2, 3, 4]);
        let second = index.band_hashes(&[1, 2, 9, 9]);
        let third = index.band_hashes(&[7, 7, 7, 7]);
        let fourth = index.band_hashes(&[5, 5, 9, 9]);
        assert_eq!(first.len(), 2);
        assert_eq!(first[0], second[0], "same values in band 0");
        assert_ne!(first[1], second[1]);
        index.insert(1, &first);
        index.insert(2, &second);
        index.insert(3, &third);
        index.insert(4, &fourth);
        assert_eq!(index.candidates(&first), vec![(1, 2), (2, 1)]);
        assert_eq!(index.candidates(&second), vec![(2, 2), (1, 1), (4, 1)]);
        index.remove(1, &first);
        assert_eq!(index.candidates(&first), vec![(2, 1)]);
        index.remove(4, &fourth);
        assert_eq!(index.candidates(&second), vec![(2, 2)]);
        index.remove(2, &second);
        index.remove(3, &third);
        assert!(index.is_empty());
    }

    #[test]
    fn candidates_then_insert_equals_candidates_followed_by_insert() {
        let signatures: [[u32; 4]; 5] = [
            [1, 2, 3, 4],
            [1, 2, 9, 9],
            [7, 7, 3, 4],
            [1, 2, 3, 4],
            [5, 5, 5, 5],
        ];
        let mut separate = LshIndex::new(2, 2);
        let mut combined = LshIndex::new(2, 2);
        for (key, signature) in signatures.iter().enumerate() {
            let hashes = separate.band_hashes(signature);
            let expected = separate.candidates(&hashes);
            separate.insert(key as u64, &hashes);
            assert_eq!(
                combined.candidates_then_insert(key as u64, &hashes),
                expected
            );
        }
        for signature in &signatures {
            let hashes = separate.band_hashes(signature);
            assert_eq!(combined.candidates(&hashes), separate.candidates(&hashes));
        }
    }

    #[test]
    fn equal_values_in_different_bands_hash_differently() {
        let index = LshIndex::new(2, 2);
        let hashes = index.band_hashes(&[5, 6, 5, 6]);
        assert_ne!(hashes[0], hashes[1]);
    }
}
