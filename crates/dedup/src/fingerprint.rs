//! From an article's normalized tokens to what dedup compares: the exact-text
//! hash, the set of shingle hashes and the MinHash signature.
//!
//! # Stability
//!
//! Every hash here is a fixed, versioned algorithm (XXH3 from `xxhash-rust`,
//! whose output is specified and identical on every platform) with fixed
//! seeds:
//! - **exact hash**: XXH3-128 (seed 0) of the tokens joined by single spaces;
//! - **token hash**: XXH3-64 of the token's UTF-8 bytes, seed [`TOKEN_SEED`];
//! - **shingle hash**: XXH3-64, seed [`SHINGLE_SEED`], of the little-endian
//!   bytes of the shingle's consecutive *token hashes*. The shingle hash is a
//!   function of the token hashes, not of the token text: each token is hashed
//!   once and every shingle reads a 40-byte window of the token-hash buffer,
//!   with no allocation per shingle. Documents with fewer tokens than the
//!   shingle size get one shingle over all their token hashes; its byte length
//!   differs from a full shingle's, so the two can never be confused.
//!
//! Changing a seed, the byte layout or the hash function changes every stored
//! signature and must bump [`crate::SKETCH_FORMAT_VERSION`].

use xxhash_rust::xxh3::{xxh3_128, xxh3_64_with_seed};

use crate::sketch::MinHasher;

/// Seed of the per-token hash.
pub const TOKEN_SEED: u64 = 0x6B68_6162_6172_7403; // "khabar" + token
/// Seed of the shingle hash over token hashes.
pub const SHINGLE_SEED: u64 = 0x6B68_6162_6172_5305; // "khabar" + shingle

/// Stable 128-bit hash of the normalized token sequence, for exact duplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExactHash(pub u128);

impl ExactHash {
    /// 32 lowercase hex digits, the persisted form.
    pub fn to_hex(self) -> String {
        format!("{:032x}", self.0)
    }

    pub fn from_hex(text: &str) -> Option<ExactHash> {
        if text.len() != 32 {
            return None;
        }
        u128::from_str_radix(text, 16).ok().map(ExactHash)
    }
}

impl serde::Serialize for ExactHash {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> serde::Deserialize<'de> for ExactHash {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ExactHash::from_hex(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid exact hash {text:?}")))
    }
}

/// Computes fingerprints with reusable buffers, so the hot path allocates only
/// the vectors it returns.
#[derive(Debug, Clone)]
pub struct Fingerprinter {
    shingle_size: usize,
    min_hasher: MinHasher,
    joined_text: String,
    token_hash_bytes: Vec<u8>,
}

impl Fingerprinter {
    pub fn new(shingle_size: usize, num_permutations: usize) -> Self {
        Fingerprinter {
            shingle_size: shingle_size.max(1),
            min_hasher: MinHasher::new(num_permutations),
            joined_text: String::new(),
            token_hash_bytes: Vec::new(),
        }
    }

    /// XXH3-128 of the tokens joined by single spaces.
    pub fn exact_hash<T: AsRef<str>>(&mut self, tokens: &[T]) -> ExactHash {
        self.joined_text.clear();
        for (index, token) in tokens.iter().enumerate() {
            if index > 0 {
                self.joined_text.push(' ');
            }
            self.joined_text.push_str(token.as_ref());
        }
        ExactHash(xxh3_128(self.joined_text.as_bytes()))
    }

    /// Sorted, deduplicated shingle hashes. Empty for zero tokens.
    pub fn shingles<T: AsRef<str>>(&mut self, tokens: &[T]) -> Vec<u64> {
        self.token_hash_bytes.clear();
        for token in tokens {
            let token_hash = xxh3_64_with_seed(token.as_ref().as_bytes(), TOKEN_SEED);
            self.token_hash_bytes
                .extend_from_slice(&token_hash.to_le_bytes());
        }
        let token_count = tokens.len();
        if token_count == 0 {
            return Vec::new();
        }
        let window_tokens = self.shingle_size.min(token_count);
        let window_bytes = window_tokens * 8;
        let shingle_count = token_count - window_tokens + 1;
        let mut shingles: Vec<u64> = (0..shingle_count)
            .map(|start| {
                let offset = start * 8;
                xxh3_64_with_seed(
                    &self.token_hash_bytes[offset..offset + window_bytes],
                    SHINGLE_SEED,
                )
            })
            .collect();
        shingles.sort_unstable();
        shingles.dedup();
        shingles
    }

    /// MinHash signature of a sorted shingle set.
    pub fn signature(&self, shingles: &[u64]) -> Vec<u32> {
        self.min_hasher.sketch(shingles)
    }

    /// Every fingerprint of one article at once, so that the costly part of
    /// dedup can run on other threads before the sequential
    /// [`crate::Deduplicator::observe_fingerprinted`]. Articles shorter than
    /// `min_tokens_for_near_duplicate` get no signature (exact matching only),
    /// exactly as [`crate::Deduplicator::observe`] treats them.
    pub fn fingerprints<T: AsRef<str>>(
        &mut self,
        tokens: &[T],
        min_tokens_for_near_duplicate: usize,
    ) -> Fingerprints {
        let exact_hash = self.exact_hash(tokens);
        let shingles = self.shingles(tokens);
        let signature = if tokens.len() < min_tokens_for_near_duplicate || tokens.is_empty() {
            Vec::new()
        } else {
            self.signature(&shingles)
        };
        Fingerprints {
            token_count: tokens.len(),
            exact_hash,
            shingles,
            signature,
        }
    }
}

/// One article's fingerprints, computed ahead of the deduplicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprints {
    pub token_count: usize,
    pub exact_hash: ExactHash,
    /// Sorted, deduplicated shingle hashes.
    pub shingles: Vec<u64>,
    /// MinHash signature; empty for short articles.
    pub signature: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_hash_is_the_xxh3_128_of_the_space_joined_tokens() {
        let mut fingerprinter = Fingerprinter::new(5, 64);
        let expected = ExactHash(xxh3_128("وزير الخارجية يلتقي".as_bytes()));
        assert_eq!(
            fingerprinter.exact_hash(&["وزير", "الخارجية", "يلتقي"]),
            expected
        );
        assert_ne!(
            fingerprinter.exact_hash(&["وزير", "الخارجيةيلتقي"]),
            expected
        );
        let hex = expected.to_hex();
        assert_eq!(ExactHash::from_hex(&hex), Some(expected));
        assert_eq!(ExactHash::from_hex("xyz"), None);
    }

    #[test]
    fn shingles_follow_the_token_window_definition() {
        let mut fingerprinter = Fingerprinter::new(3, 8);
        let tokens = ["a", "b", "c", "d", "a", "b", "c"];
        let shingles = fingerprinter.shingles(&tokens);
        // windows abc, bcd, cda, dab, abc → 4 distinct
        assert_eq!(shingles.len(), 4);
        assert!(shingles.windows(2).all(|pair| pair[0] < pair[1]));
        let token_hash = |token: &str| xxh3_64_with_seed(token.as_bytes(), TOKEN_SEED);
        let mut window = Vec::new();
        for token in ["b", "c", "d"] {
            window.extend_from_slice(&token_hash(token).to_le_bytes());
        }
        let bcd = xxh3_64_with_seed(&window, SHINGLE_SEED);
        assert!(shingles.contains(&bcd));
    }

    #[test]
    fn short_documents_get_one_shingle_of_all_tokens() {
        let mut fingerprinter = Fingerprinter::new(5, 8);
        let short = fingerprinter.shingles(&["صور", "اقتصاديه"]);
        assert_eq!(short.len(), 1);
        let longer = fingerprinter.shingles(&["صور", "اقتصاديه", "من", "الرياض", "اليوم"]);
        assert_eq!(longer.len(), 1);
        assert_ne!(short, longer);
        assert!(fingerprinter.shingles::<&str>(&[]).is_empty());
    }
}
