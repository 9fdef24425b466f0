//! The LSH banding index: which active articles share a band of signature
//! values with a new one.
//!
//! A signature of `bands × rows` values is cut into `bands` consecutive runs
//! of `rows` values; each run is hashed (XXH3-64 of its little-endian bytes,
//! seeded by the band number) and the article is filed under that hash in the
//! band's table. Band hashes live in memory only and are rebuilt from
//! signatures on restore, so they are not part of the persisted format.

use xxhash_rust::xxh3::xxh3_64_with_seed;

use khabar_core::key_hasher::KeyHashMap;

#[derive(Debug, Clone, Default)]
pub struct LshIndex {
    rows_per_band: usize,
    tables: Vec<KeyHashMap<u64, Vec<u64>>>,
    band_bytes: Vec<u8>,
}

impl LshIndex {
    pub fn new(bands: usize, rows_per_band: usize) -> Self {
        LshIndex {
            rows_per_band,
            tables: (0..bands).map(|_| KeyHashMap::default()).collect(),
            band_bytes: Vec::with_capacity(rows_per_band * 4),
        }
    }

    fn band_hash(band_bytes: &mut Vec<u8>, band_index: usize, values: &[u32]) -> u64 {
        band_bytes.clear();
        for value in values {
            band_bytes.extend_from_slice(&value.to_le_bytes());
        }
        xxh3_64_with_seed(band_bytes, band_index as u64)
    }

    fn bands<'s>(&self, signature: &'s [u32]) -> impl Iterator<Item = (usize, &'s [u32])> {
        signature
            .chunks_exact(self.rows_per_band.max(1))
            .take(self.tables.len())
            .enumerate()
    }

    pub fn insert(&mut self, key: u64, signature: &[u32]) {
        let rows = self.rows_per_band.max(1);
        for (band_index, values) in signature
            .chunks_exact(rows)
            .take(self.tables.len())
            .enumerate()
        {
            let hash = Self::band_hash(&mut self.band_bytes, band_index, values);
            let bucket = self.tables[band_index].entry(hash).or_default();
            if !bucket.contains(&key) {
                bucket.push(key);
            }
        }
    }

    pub fn remove(&mut self, key: u64, signature: &[u32]) {
        let rows = self.rows_per_band.max(1);
        for (band_index, values) in signature
            .chunks_exact(rows)
            .take(self.tables.len())
            .enumerate()
        {
            let hash = Self::band_hash(&mut self.band_bytes, band_index, values);
            let table = &mut self.tables[band_index];
            let Some(bucket) = table.get_mut(&hash) else {
                continue;
            };
            bucket.retain(|&member| member != key);
            if bucket.is_empty() {
                table.remove(&hash);
            }
        }
    }

    /// Every `(key, bands shared)` colliding with `signature`, most shared
    /// bands first, then lowest key.
    pub fn candidates(&mut self, signature: &[u32]) -> Vec<(u64, usize)> {
        let mut colliding_keys: Vec<u64> = Vec::new();
        let band_list: Vec<(usize, &[u32])> = self.bands(signature).collect();
        for (band_index, values) in band_list {
            let hash = Self::band_hash(&mut self.band_bytes, band_index, values);
            if let Some(bucket) = self.tables[band_index].get(&hash) {
                colliding_keys.extend_from_slice(bucket);
            }
        }
        colliding_keys.sort_unstable();
        let mut counted: Vec<(u64, usize)> = Vec::new();
        for key in colliding_keys {
            match counted.last_mut() {
                Some((last_key, count)) if *last_key == key => *count += 1,
                _ => counted.push((key, 1)),
            }
        }
        counted.sort_unstable_by(|left, right| right.1.cmp(&left.1).then(left.0.cmp(&right.0)));
        counted
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
        index.insert(1, &[1, 2, 3, 4]);
        index.insert(2, &[1, 2, 9, 9]);
        index.insert(3, &[7, 7, 7, 7]);
        let found = index.candidates(&[1, 2, 3, 4]);
        assert_eq!(found, vec![(1, 2), (2, 1)]);
        index.remove(1, &[1, 2, 3, 4]);
        assert_eq!(index.candidates(&[1, 2, 3, 4]), vec![(2, 1)]);
        index.remove(2, &[1, 2, 9, 9]);
        index.remove(3, &[7, 7, 7, 7]);
        assert!(index.is_empty());
    }
}
