//! Every threshold of duplicate detection, in one documented, TOML-loadable type.
//!
//! # Why these defaults
//!
//! A pair of articles is a near duplicate when the exact Jaccard similarity of
//! their word-shingle sets reaches [`DedupConfig::verification_threshold`]
//! (0.8). MinHash + LSH only *proposes* candidates; every candidate is then
//! verified exactly, so the banding only has to make sure that true pairs are
//! proposed (recall), while precision comes from verification.
//!
//! With `b` bands of `r` rows, two articles of Jaccard `J` become candidates
//! with probability `P(J) = 1 − (1 − J^r)^b` (each row is an independent
//! MinHash value). The default `b = 16, r = 4` (64 sketch values) gives:
//!
//! | J    | J^4    | P(candidate) = 1 − (1 − J^4)^16 |
//! |------|--------|---------------------------------|
//! | 0.3  | 0.0081 | 0.122                           |
//! | 0.5  | 0.0625 | 0.644                           |
//! | 0.7  | 0.2401 | 0.988                           |
//! | 0.8  | 0.4096 | 0.99979 (miss 1 in 4,700)       |
//! | 0.9  | 0.6561 | 1 − 3.8·10⁻⁸                    |
//!
//! The curve's steep part sits below 0.8 on purpose: a missed candidate is a
//! lost duplicate forever, while an extra candidate costs one merge of two
//! sorted vectors. Changing `bands`/`rows_per_band` keeps persisted signatures
//! valid as long as `bands × rows_per_band = num_permutations`; changing
//! `num_permutations` or `shingle_size` invalidates them (see
//! [`crate::SKETCH_FORMAT_VERSION`]).

use serde::{Deserialize, Serialize};

use crate::error::DedupError;

/// How documents too short for shingling are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ShortDocumentPolicy {
    /// Short documents only match identical short documents (same normalized
    /// token sequence). This is exactly what the word-shingle Jaccard says about
    /// them: a document with fewer tokens than the shingle size has a single
    /// shingle made of all its tokens, so its Jaccard with any other document is
    /// either 1 (same tokens) or 0.
    #[default]
    ExactOnly,
    /// Short documents are never grouped: title-only items such as «كاريكاتير»
    /// ("cartoon") share their text but not their content.
    Ignore,
}

/// Configuration of the deduplicator. Loadable from TOML; every field has a
/// default so a partial file works.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DedupConfig {
    /// Tokens per shingle (word n-gram size). Default 5, as the ground truth.
    /// Part of the persisted sketch: changing it invalidates stored signatures.
    pub shingle_size: usize,
    /// Number of MinHash values per signature. Default 64. Part of the
    /// persisted sketch: changing it invalidates stored signatures.
    pub num_permutations: usize,
    /// LSH bands. `bands × rows_per_band` must equal `num_permutations`.
    /// Default 16.
    pub bands: usize,
    /// Signature values per band. Default 4.
    pub rows_per_band: usize,
    /// Minimum exact Jaccard over shingle sets for two articles to be near
    /// duplicates. Default 0.8.
    pub verification_threshold: f64,
    /// Articles with fewer tokens than this are "short" and handled by
    /// [`DedupConfig::short_document_policy`]. Default 5 (the shingle size):
    /// below it an article has a single all-tokens shingle.
    pub min_tokens_for_near_duplicate: usize,
    /// What happens to short articles. Default [`ShortDocumentPolicy::ExactOnly`].
    pub short_document_policy: ShortDocumentPolicy,
    /// At most this many LSH candidates are verified per article, preferring
    /// those sharing the most bands. Bounds the work on pathological buckets
    /// (for example hundreds of copies of one boilerplate text). Default 256.
    pub max_candidates_per_article: usize,
    /// Time window by publication date, in days. Articles published more than
    /// this long before the newest publication date seen (the watermark) are
    /// evicted. Default 30. Zero disables date-based eviction.
    pub ttl_days: u32,
    /// Automatic date-based eviction only runs while more than this many
    /// articles are active, and never goes below it. Memory stays bounded by
    /// `max(min_retained_articles, articles in the TTL window)`, while
    /// re-listings and archive imports that arrive far out of date order (the
    /// watermark months ahead of the article) still find their copies.
    /// Explicit `evict_older_than` ignores it. Default 50,000 (about 60 MB
    /// of 32-bit shingle hashes for news-length articles, 290 each on
    /// SaudiNewsNet). Zero makes the TTL strict.
    pub min_retained_articles: usize,
    /// Evict automatically while observing. When false, only explicit calls to
    /// `evict_older_than` evict dated articles. Default true.
    pub automatic_eviction: bool,
    /// Articles without a publication date cannot age by date; at most this
    /// many of them stay active, the earliest ingested leaving first.
    /// Default 100,000.
    pub max_undated_articles: usize,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            shingle_size: 5,
            num_permutations: 64,
            bands: 16,
            rows_per_band: 4,
            verification_threshold: 0.8,
            min_tokens_for_near_duplicate: 5,
            short_document_policy: ShortDocumentPolicy::ExactOnly,
            max_candidates_per_article: 256,
            ttl_days: 30,
            min_retained_articles: 50_000,
            automatic_eviction: true,
            max_undated_articles: 100_000,
        }
    }
}

/// Seconds in a day, for converting `ttl_days` to the unix-seconds clock of
/// publication dates.
pub(crate) const SECONDS_PER_DAY: i64 = 86_400;

impl DedupConfig {
    /// Checks the invariants the deduplicator relies on.
    pub fn validate(&self) -> Result<(), DedupError> {
        if self.shingle_size == 0 {
            return Err(DedupError::InvalidConfig(
                "shingle_size must be at least 1".to_string(),
            ));
        }
        if self.num_permutations == 0 || self.num_permutations > u32::MAX as usize {
            return Err(DedupError::InvalidConfig(format!(
                "num_permutations must be between 1 and {}, got {}",
                u32::MAX,
                self.num_permutations
            )));
        }
        if self.bands == 0 || self.rows_per_band == 0 {
            return Err(DedupError::InvalidConfig(
                "bands and rows_per_band must be at least 1".to_string(),
            ));
        }
        if self.bands.checked_mul(self.rows_per_band) != Some(self.num_permutations) {
            return Err(DedupError::InvalidConfig(format!(
                "bands × rows_per_band ({} × {}) must equal num_permutations ({})",
                self.bands, self.rows_per_band, self.num_permutations
            )));
        }
        if !(self.verification_threshold > 0.0 && self.verification_threshold <= 1.0) {
            return Err(DedupError::InvalidConfig(format!(
                "verification_threshold must be in (0, 1], got {}",
                self.verification_threshold
            )));
        }
        if self.max_candidates_per_article == 0 {
            return Err(DedupError::InvalidConfig(
                "max_candidates_per_article must be at least 1".to_string(),
            ));
        }
        Ok(())
    }

    /// Probability that two articles of Jaccard `jaccard` share at least one
    /// LSH band: `1 − (1 − J^r)^b`.
    pub fn candidate_probability(&self, jaccard: f64) -> f64 {
        let rows = i32::try_from(self.rows_per_band).unwrap_or(i32::MAX);
        let bands = i32::try_from(self.bands).unwrap_or(i32::MAX);
        let band_match_probability = jaccard.clamp(0.0, 1.0).powi(rows);
        1.0 - (1.0 - band_match_probability).powi(bands)
    }

    /// The TTL window in seconds, or `None` when date-based eviction is off.
    pub(crate) fn ttl_seconds(&self) -> Option<i64> {
        if self.ttl_days == 0 {
            return None;
        }
        Some(i64::from(self.ttl_days) * SECONDS_PER_DAY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_banding_covers_the_signature() {
        let config = DedupConfig::default();
        config.validate().unwrap();
        assert_eq!(config.bands * config.rows_per_band, config.num_permutations);
    }

    #[test]
    fn default_s_curve_matches_the_documented_table() {
        let config = DedupConfig::default();
        let at = |jaccard: f64| config.candidate_probability(jaccard);
        assert!((at(0.5) - 0.644).abs() < 0.001, "{}", at(0.5));
        assert!((at(0.7) - 0.988).abs() < 0.001, "{}", at(0.7));
        assert!(at(0.8) > 0.9997 && at(0.8) < 0.9999, "{}", at(0.8));
        assert!(at(0.9) > 0.999_999, "{}", at(0.9));
        assert!(at(0.3) < 0.13);
    }

    #[test]
    fn partial_toml_like_input_keeps_other_defaults() {
        let config: DedupConfig =
            serde_json::from_str(r#"{"verification_threshold": 0.9, "ttl_days": 7}"#).unwrap();
        assert_eq!(config.verification_threshold, 0.9);
        assert_eq!(config.ttl_days, 7);
        assert_eq!(config.num_permutations, 64);
    }

    #[test]
    fn inconsistent_banding_is_rejected() {
        let config = DedupConfig {
            bands: 10,
            ..DedupConfig::default()
        };
        assert!(config.validate().is_err());
        let config = DedupConfig {
            verification_threshold: 1.5,
            ..DedupConfig::default()
        };
        assert!(config.validate().is_err());
    }
}
