//! A small multiplicative hasher for the integer and word keys of a card's
//! maps: the hot loops hash every word and every 1–4 word phrase of a story,
//! and SipHash's DoS resistance buys nothing for story-local term ids.

use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub(crate) struct IntegerHasher {
    state: u64,
}

const MULTIPLIER: u64 = 0x517c_c1b7_2722_0a95;

impl Hasher for IntegerHasher {
    /// A final avalanche (MurmurHash3's fmix64): the multiply-rotate steps
    /// leave the low bits, which pick the bucket, poorly mixed for string
    /// keys whose bytes share their high bits (UTF-8 Arabic: 0xD8/0xD9 …).
    fn finish(&self) -> u64 {
        let mut state = self.state;
        state ^= state >> 33;
        state = state.wrapping_mul(0xff51_afd7_ed55_8ccd);
        state ^= state >> 33;
        state = state.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        state ^ (state >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.state = (self.state.rotate_left(5) ^ u64::from(byte)).wrapping_mul(MULTIPLIER);
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.state = (self.state.rotate_left(5) ^ u64::from(value)).wrapping_mul(MULTIPLIER);
    }

    fn write_u64(&mut self, value: u64) {
        self.state = (self.state.rotate_left(5) ^ value).wrapping_mul(MULTIPLIER);
    }

    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }
}

pub(crate) type IntegerMap<K, V> =
    std::collections::HashMap<K, V, BuildHasherDefault<IntegerHasher>>;

/// A 64-bit key for a sequence of term ids. Collisions are possible but, at
/// one story's few thousand phrases against 2^64, negligible; a collision
/// would only add one phrase's count to another's.
pub(crate) fn sequence_key(term_ids: impl Iterator<Item = u32>) -> u64 {
    let mut state: u64 = 0xcbf2_9ce4_8422_2325;
    let mut length: u64 = 0;
    for term_id in term_ids {
        state = (state.rotate_left(23) ^ u64::from(term_id)).wrapping_mul(MULTIPLIER);
        length += 1;
    }
    (state ^ length).wrapping_mul(MULTIPLIER) ^ (state >> 29)
}

/// A 64-bit key for a written word (its bytes and length). As with
/// [`sequence_key`], a collision between two of one story's few thousand
/// distinct words is possible in principle but negligible at 2^64; it would
/// give one word the other's analysis.
pub(crate) fn text_key(text: &str) -> u64 {
    let mut hasher = IntegerHasher::default();
    hasher.write(text.as_bytes());
    hasher.write_usize(text.len());
    hasher.finish()
}
