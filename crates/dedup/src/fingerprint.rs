//! From an article's normalized tokens to what dedup compares: the exact-text
//! hash, the set of shingle hashes and the MinHash signature.
//!
//! # Stability (sketch format 2)
//!
//! Every hash here is a fixed, versioned algorithm with fixed seeds, identical
//! on every platform:
//! - **exact hash**: XXH3-128 (seed 0) of the tokens joined by single spaces;
//! - **token hash** `t`: for a token of at most 16 bytes, its bytes read as
//!   two little-endian words `lo`, `hi` (zero-padded), then
//!   `fmix64(fold(lo ^ TOKEN_KEY_LOW) × (hi ^ TOKEN_KEY_HIGH ^ length)) ^ TOKEN_SEED)`
//!   where `fold` xors the two halves of the 128-bit product (the wyhash
//!   construction); a longer token: XXH3-64 of its bytes, seed [`TOKEN_SEED`].
//!   Short tokens (almost all words) are thus hashed in a few instructions
//!   without branching on their length;
//! - **shingle hash**: for a window of `n` consecutive token hashes
//!   `t_0 … t_{n−1}` (`n` = the shingle size, or all tokens of a shorter
//!   document), the polynomial `W = Σ t_j · B^(n−1−j) mod 2^64` with
//!   `B =` [`SHINGLE_BASE`], then the high 32 bits of
//!   `fmix64(W ^ (SHINGLE_SEED + n))` (MurmurHash3's 64-bit finalizer).
//!
//! The shingle hash is a function of the token hashes, not of the token
//! text: each token is hashed once, and consecutive windows are computed by a
//! rolling update (`W' = (W − t_i·B^(n−1))·B + t_{i+n}`) in a few integer
//! operations per shingle. Different windows give different `W` unless two
//! random 64-bit token-hash combinations collide; the 32-bit shingle hash
//! then collides with probability 2^−32 per pair of distinct shingles: two
//! unrelated 1,000-shingle articles share a spurious shingle with probability
//! about 2^−12, which moves their Jaccard by 0.001. The window length enters
//! the seed, so a short document's single shingle and a full window differ
//! (up to that same 2^−32).
//!
//! Changing a seed, the base, the finalizer or the hash function changes every
//! stored signature and must bump [`crate::SKETCH_FORMAT_VERSION`].

use xxhash_rust::xxh3::{xxh3_128, xxh3_64_with_seed};

use crate::sketch::MinHasher;

/// Seed of the per-token hash.
pub const TOKEN_SEED: u64 = 0x6B68_6162_6172_7403; // "khabar" + token
/// Key mixed into the first eight bytes of a short token (wyhash's first
/// secret word).
pub const TOKEN_KEY_LOW: u64 = 0xA076_1D64_78BD_642F;
/// Key mixed into bytes 8–15 of a short token (wyhash's second secret word).
pub const TOKEN_KEY_HIGH: u64 = 0xE703_7ED1_A0B4_28DB;
/// Longest token hashed by the short-token formula.
pub const SHORT_TOKEN_BYTES: usize = 16;
/// Seed of the shingle hash over token hashes (the window length is added).
pub const SHINGLE_SEED: u64 = 0x6B68_6162_6172_5305; // "khabar" + shingle
/// Odd multiplier of the polynomial over a window's token hashes (the 64-bit
/// golden ratio).
pub const SHINGLE_BASE: u64 = 0x9E37_79B9_7F4A_7C15;

/// MurmurHash3's 64-bit finalizer: every input bit affects every output bit.
#[inline(always)]
pub fn fmix64(mut value: u64) -> u64 {
    value ^= value >> 33;
    value = value.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    value ^= value >> 33;
    value = value.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    value ^ (value >> 33)
}

/// The 32-bit shingle hash of a window polynomial `W` over `window_tokens`
/// token hashes.
#[inline(always)]
fn finish_shingle(window_polynomial: u64, window_tokens: usize) -> u32 {
    let seed = SHINGLE_SEED.wrapping_add(window_tokens as u64);
    (fmix64(window_polynomial ^ seed) >> 32) as u32
}

/// The hash of one token, as used in shingles.
#[inline]
pub fn token_hash(token: &[u8]) -> u64 {
    let length = token.len();
    if length > SHORT_TOKEN_BYTES {
        return xxh3_64_with_seed(token, TOKEN_SEED);
    }
    let (low, high) = token.split_at(length.min(8));
    short_token_hash(zero_padded_word(low), zero_padded_word(high), length)
}

/// Up to eight bytes as a little-endian word, zero-padded, without copying:
/// overlapping reads of the first and last bytes are combined with OR, which
/// keeps bytes read twice unchanged.
#[inline(always)]
fn zero_padded_word(bytes: &[u8]) -> u64 {
    let length = bytes.len();
    match length {
        0 => 0,
        1..=3 => {
            let first = u64::from(bytes[0]);
            let middle = u64::from(bytes[length / 2]) << (8 * (length / 2));
            let last = u64::from(bytes[length - 1]) << (8 * (length - 1));
            first | middle | last
        }
        4..=7 => {
            let mut first = [0u8; 4];
            first.copy_from_slice(&bytes[..4]);
            let mut last = [0u8; 4];
            last.copy_from_slice(&bytes[length - 4..]);
            u64::from(u32::from_le_bytes(first))
                | (u64::from(u32::from_le_bytes(last)) << (8 * (length - 4)))
        }
        _ => le_word(bytes),
    }
}

/// The hash of the token `bytes[start..end]`. When 16 bytes can be read from
/// `start`, a short token is read as two whole words and the bytes past its
/// end are masked off, so that nothing depends on the token's length but
/// the masks: the result always equals [`token_hash`] of the token.
#[inline(always)]
fn token_hash_in(bytes: &[u8], start: usize, end: usize) -> u64 {
    let length = end - start;
    let Some(window) = bytes.get(start..start + SHORT_TOKEN_BYTES) else {
        return token_hash(&bytes[start..end]);
    };
    if length > SHORT_TOKEN_BYTES {
        return xxh3_64_with_seed(&bytes[start..end], TOKEN_SEED);
    }
    let (low, high) = window.split_at(8);
    let low_bits = 8 * length.min(8) as u32;
    let high_bits = 8 * length.saturating_sub(8) as u32;
    let low_mask = ((1u128 << low_bits) - 1) as u64;
    let high_mask = ((1u128 << high_bits) - 1) as u64;
    short_token_hash(le_word(low) & low_mask, le_word(high) & high_mask, length)
}

#[inline(always)]
fn le_word(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(word)
}

#[inline(always)]
fn short_token_hash(low: u64, high: u64, length: usize) -> u64 {
    let product =
        u128::from(low ^ TOKEN_KEY_LOW) * u128::from(high ^ TOKEN_KEY_HIGH ^ length as u64);
    fmix64(((product as u64) ^ ((product >> 64) as u64)) ^ TOKEN_SEED)
}

/// The shingle hash of one window of token hashes, straight from the
/// definition (no rolling update): the reference the fast path is tested
/// against, and a way to hash a single shingle.
pub fn shingle_hash(window_token_hashes: &[u64]) -> u32 {
    let polynomial = window_token_hashes.iter().fold(0u64, |polynomial, &token| {
        polynomial.wrapping_mul(SHINGLE_BASE).wrapping_add(token)
    });
    finish_shingle(polynomial, window_token_hashes.len())
}

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
    joined_text: Vec<u8>,
    token_hashes: Vec<u64>,
}

impl Fingerprinter {
    pub fn new(shingle_size: usize, num_permutations: usize) -> Self {
        Fingerprinter {
            shingle_size: shingle_size.max(1),
            min_hasher: MinHasher::new(num_permutations),
            joined_text: Vec::new(),
            token_hashes: Vec::new(),
        }
    }

    /// XXH3-128 of the tokens joined by single spaces.
    pub fn exact_hash<T: AsRef<str>>(&mut self, tokens: &[T]) -> ExactHash {
        self.joined_text.clear();
        for (index, token) in tokens.iter().enumerate() {
            if index > 0 {
                self.joined_text.push(b' ');
            }
            self.joined_text
                .extend_from_slice(token.as_ref().as_bytes());
        }
        ExactHash(xxh3_128(&self.joined_text))
    }

    /// One shingle hash per window, in text order, repeats kept (a set in
    /// every use: the signature and the exact Jaccard ignore order and
    /// repeats). Empty for zero tokens.
    pub fn shingles<T: AsRef<str>>(&mut self, tokens: &[T]) -> Vec<u32> {
        self.token_hashes.clear();
        self.token_hashes.extend(
            tokens
                .iter()
                .map(|token| token_hash(token.as_ref().as_bytes())),
        );
        shingles_of_token_hashes(&self.token_hashes, self.shingle_size)
    }

    /// MinHash signature of a shingle set.
    pub fn signature(&self, shingles: &[u32]) -> Vec<u32> {
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
        self.assemble(
            tokens.len(),
            exact_hash,
            shingles,
            min_tokens_for_near_duplicate,
        )
    }

    /// [`Fingerprinter::fingerprints`] of the tokens of the UTF-8 `text`,
    /// where tokens are separated by ASCII spaces (byte 0x20) — the usual
    /// output of a normalizer. Runs of spaces and leading or trailing spaces
    /// separate tokens like one space, so for any `text: &str` the result
    /// equals
    /// `fingerprints(&text.split(' ').filter(|t| !t.is_empty()).collect::<Vec<_>>())`;
    /// other whitespace (tabs, newlines) is *not* a separator. Bytes are
    /// hashed as they are, so the text need not be validated as UTF-8 first.
    /// This path never builds a token list: one scan finds the spaces, each
    /// token is hashed in place, and a text already in canonical form (single
    /// spaces, none at the ends) is its own exact-hash input.
    pub fn fingerprints_of_space_separated(
        &mut self,
        bytes: &[u8],
        min_tokens_for_near_duplicate: usize,
    ) -> Fingerprints {
        self.token_hashes.clear();
        let mut is_canonical = true;
        let mut token_start = 0;
        for space in SpacePositions::new(bytes) {
            if space == token_start {
                is_canonical = false;
            } else {
                self.token_hashes
                    .push(token_hash_in(bytes, token_start, space));
            }
            token_start = space + 1;
        }
        if token_start < bytes.len() {
            self.token_hashes
                .push(token_hash_in(bytes, token_start, bytes.len()));
        } else if !bytes.is_empty() {
            is_canonical = false;
        }
        let exact_hash = if is_canonical {
            ExactHash(xxh3_128(bytes))
        } else {
            self.joined_text.clear();
            for token in bytes
                .split(|&byte| byte == b' ')
                .filter(|token| !token.is_empty())
            {
                if !self.joined_text.is_empty() {
                    self.joined_text.push(b' ');
                }
                self.joined_text.extend_from_slice(token);
            }
            ExactHash(xxh3_128(&self.joined_text))
        };
        let shingles = shingles_of_token_hashes(&self.token_hashes, self.shingle_size);
        self.assemble(
            self.token_hashes.len(),
            exact_hash,
            shingles,
            min_tokens_for_near_duplicate,
        )
    }

    fn assemble(
        &self,
        token_count: usize,
        exact_hash: ExactHash,
        shingles: Vec<u32>,
        min_tokens_for_near_duplicate: usize,
    ) -> Fingerprints {
        let signature = if token_count < min_tokens_for_near_duplicate || token_count == 0 {
            Vec::new()
        } else {
            self.signature(&shingles)
        };
        Fingerprints {
            token_count,
            exact_hash,
            shingles,
            signature,
        }
    }
}

/// Bytes whose space positions are found with one comparison mask.
const SCAN_BLOCK_BYTES: usize = 64;

/// Positions of the ASCII spaces in a byte string, in order. Each block of 64
/// bytes is compared with a space in one branch-free pass (which the compiler
/// vectorizes) and turned into a bit mask; the positions are then read off
/// the mask, so the cost does not depend on how short the tokens are.
struct SpacePositions<'a> {
    bytes: &'a [u8],
    block_start: usize,
    mask: u64,
}

impl<'a> SpacePositions<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let mut positions = SpacePositions {
            bytes,
            block_start: 0,
            mask: 0,
        };
        positions.mask = positions.block_mask(0);
        positions
    }

    /// Bit `i` set when byte `block_start + i` is a space.
    fn block_mask(&self, block_start: usize) -> u64 {
        let Some(rest) = self.bytes.get(block_start..) else {
            return 0;
        };
        if let Some(block) = rest
            .get(..SCAN_BLOCK_BYTES)
            .and_then(|slice| <&[u8; SCAN_BLOCK_BYTES]>::try_from(slice).ok())
        {
            let mut is_space = [0u8; SCAN_BLOCK_BYTES];
            for (flag, &byte) in is_space.iter_mut().zip(block) {
                *flag = u8::from(byte == b' ');
            }
            // Gather eight 0/1 bytes into eight bits with one multiplication.
            let mut mask = 0u64;
            for (group_index, group) in is_space.chunks_exact(8).enumerate() {
                let mut word = [0u8; 8];
                word.copy_from_slice(group);
                let bits = u64::from_le_bytes(word).wrapping_mul(0x0102_0408_1020_4080) >> 56;
                mask |= bits << (group_index * 8);
            }
            return mask;
        }
        rest.iter()
            .enumerate()
            .filter(|(_, &byte)| byte == b' ')
            .fold(0u64, |mask, (offset, _)| mask | (1 << offset))
    }
}

impl Iterator for SpacePositions<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.block_start += SCAN_BLOCK_BYTES;
            if self.block_start >= self.bytes.len() {
                return None;
            }
            self.mask = self.block_mask(self.block_start);
        }
        let offset = self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(self.block_start + offset)
    }
}

/// The shingle hashes of a token-hash sequence, in text order: one per window
/// of `shingle_size` tokens, or a single one over all tokens when there are
/// fewer. The windows roll: each step removes the oldest token's term and
/// appends the next token. Not sorted: only the few articles that meet a
/// candidate are ever sorted (see `shingle_set`).
fn shingles_of_token_hashes(token_hashes: &[u64], shingle_size: usize) -> Vec<u32> {
    let token_count = token_hashes.len();
    if token_count == 0 {
        return Vec::new();
    }
    let window_tokens = shingle_size.clamp(1, token_count);
    let (first_window, following_tokens) = token_hashes.split_at(window_tokens);
    let mut polynomial = first_window.iter().fold(0u64, |polynomial, &token| {
        polynomial.wrapping_mul(SHINGLE_BASE).wrapping_add(token)
    });
    let oldest_term_weight =
        (1..window_tokens).fold(1u64, |weight, _| weight.wrapping_mul(SHINGLE_BASE));
    let mut shingles = Vec::with_capacity(token_count - window_tokens + 1);
    shingles.push(finish_shingle(polynomial, window_tokens));
    for (&leaving, &entering) in token_hashes.iter().zip(following_tokens) {
        polynomial = polynomial
            .wrapping_sub(leaving.wrapping_mul(oldest_term_weight))
            .wrapping_mul(SHINGLE_BASE)
            .wrapping_add(entering);
        shingles.push(finish_shingle(polynomial, window_tokens));
    }
    shingles
}

/// One article's fingerprints, computed ahead of the deduplicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprints {
    pub token_count: usize,
    pub exact_hash: ExactHash,
    /// 32-bit shingle hashes, one per window in text order (repeats kept).
    pub shingles: Vec<u32>,
    /// MinHash signature; empty for short articles.
    pub signature: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::SplitMix64;

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
        // windows abc, bcd, cda, dab, abc: 5 in text order, 4 distinct
        assert_eq!(shingles.len(), 5);
        assert_eq!(shingles[0], shingles[4]);
        let mut distinct = shingles.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 4);
        let hashes = |window: &[&str]| -> Vec<u64> {
            window
                .iter()
                .map(|token| token_hash(token.as_bytes()))
                .collect()
        };
        for window in tokens.windows(3) {
            assert!(shingles.contains(&shingle_hash(&hashes(window))));
        }
        // The definition, written out for the window b c d.
        let [b, c, d] = [hashes(&["b"])[0], hashes(&["c"])[0], hashes(&["d"])[0]];
        let polynomial = b
            .wrapping_mul(SHINGLE_BASE.wrapping_mul(SHINGLE_BASE))
            .wrapping_add(c.wrapping_mul(SHINGLE_BASE))
            .wrapping_add(d);
        let expected = (fmix64(polynomial ^ (SHINGLE_SEED + 3)) >> 32) as u32;
        assert!(shingles.contains(&expected));
    }

    #[test]
    fn rolling_windows_equal_windows_hashed_from_scratch() {
        let mut generator = SplitMix64::new(11);
        for shingle_size in [1usize, 2, 5, 9] {
            let token_hashes: Vec<u64> = (0..300).map(|_| generator.next_u64() % 50).collect();
            let rolled = shingles_of_token_hashes(&token_hashes, shingle_size);
            let direct: Vec<u32> = token_hashes
                .windows(shingle_size)
                .map(shingle_hash)
                .collect();
            assert_eq!(rolled, direct, "shingle size {shingle_size}");
        }
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

    #[test]
    fn token_hash_follows_its_definition_at_every_length_and_position() {
        let text = "abcdefghijklmnopqrstuvwxyz0123456789 وزير الخارجية".as_bytes();
        for start in 0..text.len() {
            for end in start + 1..=text.len() {
                let token = &text[start..end];
                assert_eq!(
                    token_hash_in(text, start, end),
                    token_hash(token),
                    "{start}..{end}"
                );
            }
        }
        // The short-token formula, written out for "ab".
        let low = u64::from(b'a') | (u64::from(b'b') << 8);
        let product = u128::from(low ^ TOKEN_KEY_LOW) * u128::from(TOKEN_KEY_HIGH ^ 2);
        let expected = fmix64((product as u64) ^ ((product >> 64) as u64) ^ TOKEN_SEED);
        assert_eq!(token_hash(b"ab"), expected);
        // Long tokens are XXH3-64 with the token seed.
        let long = "والاستراتيجية".as_bytes();
        assert!(long.len() > SHORT_TOKEN_BYTES);
        assert_eq!(token_hash(long), xxh3_64_with_seed(long, TOKEN_SEED));
        // Zero padding does not make a token equal to its zero-extended self.
        assert_ne!(token_hash(b"ab"), token_hash(b"ab\0"));
    }

    #[test]
    fn zero_padded_words_equal_a_padded_copy() {
        let bytes = [0x11u8, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88];
        for length in 0..=8 {
            let mut padded = [0u8; 8];
            padded[..length].copy_from_slice(&bytes[..length]);
            assert_eq!(
                zero_padded_word(&bytes[..length]),
                u64::from_le_bytes(padded),
                "length {length}"
            );
        }
    }

    #[test]
    fn space_positions_are_found_in_every_block() {
        let mut generator = SplitMix64::new(9);
        for length in [0usize, 1, 63, 64, 65, 130, 1000] {
            let bytes: Vec<u8> = (0..length)
                .map(|_| {
                    if generator.next_u64().is_multiple_of(4) {
                        b' '
                    } else {
                        b'x'
                    }
                })
                .collect();
            let expected: Vec<usize> = (0..length).filter(|&index| bytes[index] == b' ').collect();
            assert_eq!(SpacePositions::new(&bytes).collect::<Vec<_>>(), expected);
        }
        assert_eq!(SpacePositions::new(&[b' '; 64]).count(), 64);
    }

    #[test]
    fn space_separated_text_gives_the_fingerprints_of_its_tokens() {
        let mut fingerprinter = Fingerprinter::new(5, 16);
        let mut generator = SplitMix64::new(5);
        let words = ["قال", "وزير", "الخارجيه", "a", "b", "123", "ﷺ"];
        let mut texts: Vec<String> = vec![
            String::new(),
            " ".to_string(),
            "  وزير   قال ".to_string(),
            "one".to_string(),
        ];
        for length in [3usize, 4, 5, 6, 40] {
            let mut text = String::new();
            for position in 0..length {
                if position > 0 || generator.next_u64().is_multiple_of(4) {
                    let spaces = if generator.next_u64().is_multiple_of(5) {
                        2
                    } else {
                        1
                    };
                    text.push_str(&" ".repeat(spaces));
                }
                text.push_str(words[(generator.next_u64() % words.len() as u64) as usize]);
            }
            texts.push(text);
        }
        for text in texts {
            let tokens: Vec<&str> = text.split(' ').filter(|token| !token.is_empty()).collect();
            assert_eq!(
                fingerprinter.fingerprints_of_space_separated(text.as_bytes(), 5),
                fingerprinter.fingerprints(&tokens, 5),
                "text {text:?}"
            );
        }
    }
}
