//! A fast `Hasher` for in-memory maps keyed by `u64`s: ingest sequence numbers
//! (dense, sequential), story numbers, and values that are already hashes
//! (band and feature hashes).
//!
//! SipHash is needlessly slow for such keys, and the identity is bad for
//! sequential ones (hashbrown reads the top bits); one multiply-xorshift round
//! spreads both well. It only affects in-memory layout: no stage lets a
//! decision depend on map iteration order, and nothing hashed here is persisted.

use std::hash::{BuildHasherDefault, Hasher};

#[derive(Debug, Default, Clone, Copy)]
pub struct KeyHasher {
    state: u64,
}

const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        let mixed = self.state.wrapping_mul(MULTIPLIER);
        mixed ^ (mixed >> 29)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.state = (self.state.rotate_left(8) ^ u64::from(byte)).wrapping_mul(MULTIPLIER);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.state = (self.state ^ value)
            .wrapping_mul(MULTIPLIER)
            .rotate_left(23)
            ^ value;
    }

    fn write_u128(&mut self, value: u128) {
        self.write_u64(value as u64);
        self.write_u64((value >> 64) as u64);
    }

    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }
}

/// A `HashMap` with [`KeyHasher`].
pub type KeyHashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<KeyHasher>>;
