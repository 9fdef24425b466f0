//! The MinHash sketch: `k` universal hash functions over 32-bit shingle keys.
//!
//! Value `i` of a signature is `min over shingles x of h_i(x)`, with
//! `h_i(x) = (a_i · x + b_i) mod 2^32`, `x` the low 32 bits of the shingle
//! hash and `a_i` odd. Each `h_i` is a bijection of the 32-bit keys, and the
//! keys themselves are XXH3 outputs, i.e. already uniformly spread; the
//! multiply-add family then decorrelates the `k` orderings. The estimate of
//! Jaccard similarity is the fraction of equal values, with standard
//! deviation `sqrt(J(1−J)/k)` (checked by the property test in
//! `tests/minhash_error.rs`).
//!
//! The inner loop is branch-free 32-bit multiply/add/min over all `k`
//! values, which the compiler vectorizes; on x86-64 an AVX2 copy of the same
//! loop is selected at run time. Integer arithmetic is exact, so every code
//! path and platform gives bit-identical signatures.
//!
//! # Stability
//!
//! The coefficients come from SplitMix64 seeded with [`SKETCH_SEED`]:
//! `a_i = (next() as u32) | 1`, `b_i = next() as u32`, in order `i = 0..k`.
//! Changing the seed, the generator, the derivation or the hash family
//! changes every stored signature and must bump
//! [`crate::SKETCH_FORMAT_VERSION`].

/// Seed of the coefficient generator. Fixed forever for format 1.
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

    /// The signature of a set of shingle hashes (order and repeats do not
    /// matter). An empty set gives all [`EMPTY_SLOT`].
    pub fn sketch(&self, shingles: &[u64]) -> Vec<u32> {
        let mut signature = vec![EMPTY_SLOT; self.multipliers.len()];
        #[cfg(target_arch = "x86_64")]
        {
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

#[inline(always)]
fn sketch_portable(
    multipliers: &[u32],
    increments: &[u32],
    shingles: &[u64],
    signature: &mut [u32],
) {
    let length = signature.len().min(multipliers.len()).min(increments.len());
    let (multipliers, increments, signature) = (
        &multipliers[..length],
        &increments[..length],
        &mut signature[..length],
    );
    for &shingle in shingles {
        let key = shingle as u32;
        for ((slot, &multiplier), &increment) in
            signature.iter_mut().zip(multipliers).zip(increments)
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
    shingles: &[u64],
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
        let hasher = MinHasher::new(16);
        let shingles = [0x1234_5678_9abc_def0u64, 42, 7_777_777];
        let signature = hasher.sketch(&shingles);
        let mut portable = vec![EMPTY_SLOT; 16];
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
                    (u64::from(hasher.multipliers[index]) * u64::from(shingle as u32)
                        + u64::from(hasher.increments[index]))
                        % (1u64 << 32)
                })
                .min()
                .unwrap();
            assert_eq!(u64::from(value), expected);
        }
        assert!(hasher
            .multipliers
            .iter()
            .all(|multiplier| multiplier % 2 == 1));
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
        let left: Vec<u64> = (0..500).map(|_| generator.next_u64()).collect();
        let right: Vec<u64> = (0..500).map(|_| generator.next_u64()).collect();
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
