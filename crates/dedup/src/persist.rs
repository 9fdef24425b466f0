//! The persisted form of the dedup state: one record per active article plus
//! the canonicals of groups, enough to rebuild the in-memory indexes exactly.
//!
//! The LSH tables and exact-hash map are derived data and are never stored;
//! they are rebuilt from the records' signatures and hashes on restore.

use serde::{Deserialize, Serialize};

use crate::decision::{ArticleRef, DuplicateKind};
use crate::error::DedupError;
use crate::fingerprint::ExactHash;

/// Version of everything that determines a stored signature: the token and
/// shingle hashes, their seeds and layout, and the MinHash coefficients.
/// Bump it whenever any of them changes; restore refuses other versions.
/// Format 2: 32-bit shingle hashes from a rolling polynomial over token
/// hashes (format 1 hashed each 5-gram's token hashes with XXH3-64).
pub const SKETCH_FORMAT_VERSION: u32 = 2;

/// Everything the deduplicator knows about one active article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersistedSignature {
    pub key: u64,
    pub article_id: String,
    pub source: Option<String>,
    pub published: Option<i64>,
    pub exact_hash: ExactHash,
    /// Current group: set at observation, moved only when groups merge.
    pub group_id: u64,
    pub kind: DuplicateKind,
    pub matched_key: Option<u64>,
    /// MinHash signature; empty for short (exact-only) articles.
    pub signature: Vec<u32>,
    /// Sorted, deduplicated 32-bit shingle hashes.
    pub shingles: Vec<u32>,
}

/// A group's canonical, stored because it may have been evicted while members
/// remain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersistedGroup {
    pub group_id: u64,
    pub canonical: ArticleRef,
}

/// A complete, exact snapshot of a deduplicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DedupState {
    pub sketch_format_version: u32,
    pub shingle_size: usize,
    pub num_permutations: usize,
    /// Newest publication date observed: the clock of TTL eviction.
    pub watermark: Option<i64>,
    /// Active articles in key order.
    pub articles: Vec<PersistedSignature>,
    pub groups: Vec<PersistedGroup>,
}

/// Little-endian bytes of a `u64` slice: a compact, platform-independent blob
/// for storing signatures and shingle sets in a database column.
pub fn u64s_to_le_bytes(values: &[u64]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(values.len() * 8);
    for value in values {
        bytes.extend_from_slice(&value.to_le_bytes());
    }
    bytes
}

/// Inverse of [`u64s_to_le_bytes`].
pub fn u64s_from_le_bytes(bytes: &[u8]) -> Result<Vec<u64>, DedupError> {
    let words = bytes.chunks_exact(8);
    if !words.remainder().is_empty() {
        return Err(DedupError::InvalidByteLength(bytes.len()));
    }
    Ok(words
        .map(|chunk| {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            u64::from_le_bytes(word)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn le_bytes_round_trip_and_reject_ragged_input() {
        let values = vec![0, 1, u64::MAX, 0x0102_0304_0506_0708];
        let bytes = u64s_to_le_bytes(&values);
        assert_eq!(bytes.len(), 32);
        assert_eq!(bytes[24], 0x08);
        assert_eq!(u64s_from_le_bytes(&bytes).unwrap(), values);
        assert_eq!(
            u64s_from_le_bytes(&bytes[..5]),
            Err(DedupError::InvalidByteLength(5))
        );
    }
}
