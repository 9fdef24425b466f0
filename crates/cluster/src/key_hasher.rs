//! A fast, deterministic `Hasher` for the clusterer's `u64`-keyed maps.
//!
//! Keys are feature hashes (already uniform) or story numbers (sequential).
//! SipHash is needlessly slow for both. This only affects in-memory layout:
//! no decision ever depends on map iteration order (every iteration that can
//! influence a result is sorted first), and nothing hashed here is persisted.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct KeyHasher {
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
}

/// A `HashMap` keyed by `u64` with [`KeyHasher`].
pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;
