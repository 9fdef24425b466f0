//! Property: the MinHash estimate stays within the expected error of the true
//! Jaccard similarity. For k signature values the estimator's standard
//! deviation is sqrt(J(1−J)/k), so a 4σ band plus one quantisation step 1/k
//! must hold.

use khabar_dedup::jaccard::exact_jaccard;
use khabar_dedup::sketch::{estimate_jaccard, MinHasher, SplitMix64};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// Two sets with exactly `shared` common elements and `only_left` /
/// `only_right` private ones, drawn as random 32-bit values (shingle hashes).
fn overlapping_sets(
    seed: u64,
    shared: usize,
    only_left: usize,
    only_right: usize,
) -> (Vec<u32>, Vec<u32>) {
    let mut generator = SplitMix64::new(seed);
    let mut draw =
        |count: usize| -> Vec<u32> { (0..count).map(|_| generator.next_u64() as u32).collect() };
    let common = draw(shared);
    let mut left = common.clone();
    left.extend(draw(only_left));
    let mut right = common;
    right.extend(draw(only_right));
    left.sort_unstable();
    left.dedup();
    right.sort_unstable();
    right.dedup();
    (left, right)
}

fn check_within_bound(
    num_values: usize,
    seed: u64,
    shared: usize,
    only_left: usize,
    only_right: usize,
) -> Result<(), TestCaseError> {
    let (left, right) = overlapping_sets(seed, shared, only_left, only_right);
    let true_jaccard = exact_jaccard(&left, &right);
    let hasher = MinHasher::new(num_values);
    let estimate = estimate_jaccard(&hasher.sketch(&left), &hasher.sketch(&right));
    let k = num_values as f64;
    let bound = 4.0 * (true_jaccard * (1.0 - true_jaccard) / k).sqrt() + 1.0 / k;
    prop_assert!(
        (estimate - true_jaccard).abs() <= bound,
        "estimate {estimate} true {true_jaccard} bound {bound} (k {num_values}, sizes {} {})",
        left.len(),
        right.len()
    );
    Ok(())
}

proptest! {
    // A fixed seed keeps the run reproducible: the 4σ band fails by chance
    // with probability ~6·10⁻⁵ per case.
    #![proptest_config(Config { cases: 512, rng_seed: RngSeed::Fixed(20_240_601), ..Config::default() })]

    #[test]
    fn estimate_is_within_four_sigma_for_default_size(
        seed in any::<u64>(),
        shared in 1usize..600,
        only_left in 0usize..300,
        only_right in 0usize..300,
    ) {
        check_within_bound(64, seed, shared, only_left, only_right)?;
    }

    #[test]
    fn estimate_is_within_four_sigma_for_small_sets_and_larger_sketches(
        seed in any::<u64>(),
        shared in 1usize..40,
        only_left in 0usize..20,
        only_right in 0usize..20,
        num_values in prop::sample::select(vec![32usize, 128, 256]),
    ) {
        check_within_bound(num_values, seed, shared, only_left, only_right)?;
    }
}

#[test]
fn mean_error_is_unbiased_over_many_pairs() {
    // Average over many independent pairs at J = 0.8: the mean estimate must
    // be within a few standard errors of 0.8.
    let hasher = MinHasher::new(64);
    let trials = 400;
    let mut total = 0.0;
    for trial in 0..trials {
        let (left, right) = overlapping_sets(trial, 400, 50, 50);
        total += estimate_jaccard(&hasher.sketch(&left), &hasher.sketch(&right));
    }
    let mean = total / trials as f64;
    let standard_error = (0.8f64 * 0.2 / 64.0 / trials as f64).sqrt();
    assert!((mean - 0.8).abs() < 4.0 * standard_error, "mean {mean}");
}
