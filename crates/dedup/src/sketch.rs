//! The MinHash sketch: `k` universal hash functions over 32-bit shingle keys.
//!
//! Value `i` of a signature is `min over shingles x of h_i(x)`, with
//! `h_i(x) = (a_i · x + b_i) mod 2^32`, `x` the 32-bit shingle hash and `a_i`
//! odd. Each `h_i` is a bijection of the 32-bit keys, and the
//! keys themselves are XXH3 outputs, i.e. already uniformly spread; the
//! multiply-add family then decorrelates the `k` orderings. The estimate of
//! Jaccard similarity is the fraction of equal values, with standard
//! deviation `sqrt(J(1−J)/k)` (checked by the property test in
//! `tests/minhash_error.rs`).
//!
//! The inner loop is branch-free 32-bit multiply/add/min over blocks of 16
//! values kept in registers across all shingles, which the compiler
//! vectorizes; on x86-64 an AVX-512 or AVX2 copy of the same loop is selected
//! at run time. Integer arithmetic is exact, so every code
//! path and platform gives bit-identical signatures.
//!
//! # Stability
//!
//! The coefficients come from SplitMix64 seeded with [`SKETCH_SEED`]:
//! `a_i = (next() as u32) | 1`, `b_i = next() as u32`, in order `i = 0..k`.
//! Changing the seed, the generator, the derivation or the hash family
//! changes every stored signature and must bump
//! [`crate::SKETCH_FORMAT_VERSION`].

/// Seed of the coefficient generator. Unchanged since format 1.
pub const SKETCH_SEED: u64 = 0x6B68_6162_6172_0001; // "khabar" + format 1

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fully specified generator.
#[derive(Debug, Clone, Copy)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut mixed = self.state;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        mixed ^ (mixed >> 31)
    }
}

/// Value of a slot before any shingle (the signature of an empty set).
pub const EMPTY_SLOT: u32 = u32::MAX;

/// The `k` hash functions, derived once from [`SKETCH_SEED`].
#[derive(Debug, Clone)]
pub struct MinHasher {
    multipliers: Vec<u32>,
    increments: Vec<u32>,
}

impl MinHasher {
    pub fn new(num_values: usize) -> Self {
        let mut generator = SplitMix64::new(SKETCH_SEED);
        let mut multipliers = Vec::with_capacity(num_values);
        let mut increments = Vec::with_capacity(num_values);
        for _ in 0..num_values {
            multipliers.push((generator.next_u64() as u32) | 1);
            increments.push(generator.next_u64() as u32);
        }
        MinHasher {
            multipliers,
            increments,
        }
    }

    pub fn num_values(&self) -> usize {
        self.multipliers.len()
    }

    /// The signature of a set of 32-bit shingle hashes (order and repeats do
    /// not matter). An empty set gives all [`EMPTY_SLOT`].
    pub fn sketch(&self, shingles: &[u32]) -> Vec<u32> {
        let mut signature = vec![EMPTY_SLOT; self.multipliers.len()];
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f") {
                // SAFETY: the CPU supports AVX-512F, checked just above.
                unsafe {
                    sketch_avx512(
                        &self.multipliers,
                        &self.increments,
                        shingles,
                        &mut signature,
                    )
                };
                return signature;
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU supports AVX2, checked just above.
                unsafe {
                    sketch_avx2(
                        &self.multipliers,
                        &self.increments,
                        shingles,
                        &mut signature,
                    )
                };
                return signature;
            }
        }
        sketch_portable(
            &self.multipliers,
            &self.increments,
            shingles,
            &mut signature,
        );
        signature
    }
}

/// Signature values computed together: the running minima of one block stay
/// in vector registers across all shingles (4 AVX-512 or 8 AVX2 registers)
/// instead of being loaded and stored once per shingle.
const BLOCK_VALUES: usize = 16;

#[inline(always)]
fn sketch_block(
    multipliers: &[u32; BLOCK_VALUES],
    increments: &[u32; BLOCK_VALUES],
    shingles: &[u32],
    block: &mut [u32; BLOCK_VALUES],
) {
    let mut minima = *block;
    for &key in shingles {
        for lane in 0..BLOCK_VALUES {
            let hashed = multipliers[lane]
                .wrapping_mul(key)
                .wrapping_add(increments[lane]);
            minima[lane] = minima[lane].min(hashed);
        }
    }
    *block = minima;
}

#[inline(always)]
fn sketch_portable(
    multipliers: &[u32],
    increments: &[u32],
    shingles: &[u32],
    signature: &mut [u32],
) {
    let length = signature.len().min(multipliers.len()).min(increments.len());
    let (multipliers, increments, signature) = (
        &multipliers[..length],
        &increments[..length],
        &mut signature[..length],
    );
    let mut multiplier_blocks = multipliers.chunks_exact(BLOCK_VALUES);
    let mut increment_blocks = increments.chunks_exact(BLOCK_VALUES);
    let mut signature_blocks = signature.chunks_exact_mut(BLOCK_VALUES);
    for ((multiplier_block, increment_block), signature_block) in (&mut multiplier_blocks)
        .zip(&mut increment_blocks)
        .zip(&mut signature_blocks)
    {
        let (Ok(multiplier_block), Ok(increment_block), Ok(signature_block)) = (
            <&[u32; BLOCK_VALUES]>::try_from(multiplier_block),
            <&[u32; BLOCK_VALUES]>::try_from(increment_block),
            <&mut [u32; BLOCK_VALUES]>::try_from(signature_block),
        ) else {
            continue; // chunks_exact yields full blocks only
        };
        sketch_block(multiplier_block, increment_block, shingles, signature_block);
    }
    let remaining_slots = signature_blocks.into_remainder();
    for &key in shingles {
        for ((slot, &multiplier), &increment) in remaining_slots
            .iter_mut()
            .zip(multiplier_blocks.remainder())
            .zip(increment_blocks.remainder())
        {
            let hashed = multiplier.wrapping_mul(key).wrapping_add(increment);
            *slot = (*slot).min(hashed);
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn sketch_avx2(
    multipliers: &[u32],
    increments: &[u32],
    shingles: &[u32],
    signature: &mut [u32],
) {
    sketch_portable(multipliers, increments, shingles, signature)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn sketch_avx512(
    multipliers: &[u32],
    increments: &[u32],
    shingles: &[u32],
    signature: &mut [u32],
) {
    sketch_portable(multipliers, increments, shingles, signature)
}

/// Fraction of positions where two signatures agree: the MinHash estimate of
/// Jaccard similarity. Signatures of different lengths (different configs)
/// are not comparable and give 0.
pub fn estimate_jaccard(left: &[u32], right: &[u32]) -> f64 {
    if left.len() != right.len() || left.is_empty() {
        return 0.0;
    }
    let agreeing = left
        .iter()
        .zip(right)
        .filter(|(left_value, right_value)| left_value == right_value)
        .count();
    agreeing as f64 / left.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_reference_vector() {
        // Reference outputs of SplitMix64 seeded with 1234567 (Vigna's
        // public-domain C implementation).
        let mut generator = SplitMix64::new(1_234_567);
        assert_eq!(generator.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(generator.next_u64(), 3_203_168_211_198_807_973);
        assert_eq!(generator.next_u64(), 9_817_491_932_198_370_423);
    }

    #[test]
    fn signature_is_the_minimum_of_each_hash_function() {
        // 16 is one register block; 70 adds a partial block.
        for num_values in [16usize, 70] {
            let hasher = MinHasher::new(num_values);
            let shingles = [0x9abc_def0u32, 42, 7_777_777, u32::MAX, 0];
            let signature = hasher.sketch(&shingles);
            let mut portable = vec![EMPTY_SLOT; num_values];
            sketch_portable(
                &hasher.multipliers,
                &hasher.increments,
                &shingles,
                &mut portable,
            );
            assert_eq!(signature, portable, "dispatched and portable paths agree");
            for (index, &value) in signature.iter().enumerate() {
                let expected = shingles
                    .iter()
                    .map(|&shingle| {
                        (u64::from(hasher.multipliers[index]) * u64::from(shingle)
                            + u64::from(hasher.increments[index]))
                            % (1u64 << 32)
                    })
                    .min()
                    .unwrap();
                assert_eq!(u64::from(value), expected, "value {index} of {num_values}");
            }
            assert!(hasher
                .multipliers
                .iter()
                .all(|multiplier| multiplier % 2 == 1));
        }
    }

    #[test]
    fn sketch_ignores_order_and_duplicates() {
        let hasher = MinHasher::new(64);
        assert_eq!(
            hasher.sketch(&[10, 20, 30, 40]),
            hasher.sketch(&[40, 10, 30, 20, 10])
        );
        assert!(hasher.sketch(&[]).iter().all(|&value| value == EMPTY_SLOT));
    }

    #[test]
    fn estimate_of_identical_and_disjoint_sets() {
        let hasher = MinHasher::new(64);
        let mut generator = SplitMix64::new(3);
        let left: Vec<u32> = (0..500).map(|_| generator.next_u64() as u32).collect();
        let right: Vec<u32> = (0..500).map(|_| generator.next_u64() as u32).collect();
        let left_signature = hasher.sketch(&left);
        assert_eq!(
            estimate_jaccard(&left_signature, &hasher.sketch(&left)),
            1.0
        );
        assert_eq!(
            estimate_jaccard(&left_signature, &hasher.sketch(&right)),
            0.0
        );
    }
}
