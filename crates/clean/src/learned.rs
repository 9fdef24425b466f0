//! Learned boilerplate, as in CCNet's line-level deduplication but per source: a line
//! that recurs in many distinct articles of one source is that source's furniture.
//!
//! The statistics are a small state machine the store persists (serde): for each
//! source, the set of distinct articles seen and, for each normalized line, the number
//! of distinct articles it occurs in. An article is identified by the hash of its set
//! of line hashes, so observing the same article twice, or an exact copy filed under a
//! second id, counts once: ingesting in batches yields exactly the same statistics as
//! one big batch, in any order.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed, Xxh3};

use crate::config::LearnedBoilerplateConfig;
use crate::normalize::{normalized_hash_and_words, DigitFolding};

/// A normalized line's identity in the statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LineKey(pub u64);

/// Seed of the keys of long lines, so that they never equal a normalized line's key.
const LONG_LINE_KEY_SEED: u64 = 0x6c6f_6e67_6c69_6e65;

/// The key of one line (trimmed), or `None` when the line is too long to be counted
/// (`max_counted_line_chars`, on the raw line) or empty after normalization.
///
/// Lines longer than `max_line_chars` are never boilerplate on their own; they are
/// counted only for the tail-block rule, whose teasers are verbatim copies, so they are
/// keyed by their exact (trimmed) text: hashing raw bytes runs at memory speed, while
/// normalizing every paragraph of every article was most of the cost of the
/// statistics pass. Lines up to `max_line_chars` are keyed by their normalized form
/// with digits folded, so templated furniture that differs in a number, a diacritic or
/// punctuation is one line.
pub fn line_key(line: &str, config: &LearnedBoilerplateConfig) -> Option<LineKey> {
    if exceeds_chars(line, config.max_counted_line_chars) {
        return None;
    }
    if exceeds_chars(line, config.max_line_chars) {
        return Some(LineKey(xxh3_64_with_seed(
            line.as_bytes(),
            LONG_LINE_KEY_SEED,
        )));
    }
    let (hash, words) = normalized_hash_and_words(line, DigitFolding::FoldToZero);
    if words == 0 {
        return None;
    }
    Some(LineKey(hash))
}

/// The key [`line_key`] gives a line of at most `max_line_chars` characters, from its
/// normalized form with digits kept (`normalize(line, DigitFolding::Keep)`), which the
/// cleaner has already built for the rules: folding the digits of that form to `0`
/// gives the form with digits folded. `scratch` is reused between calls.
pub fn line_key_from_normalized(normalized_keep: &str, scratch: &mut Vec<u8>) -> Option<LineKey> {
    if normalized_keep.is_empty() {
        return None;
    }
    let bytes = normalized_keep.as_bytes();
    if !bytes.iter().any(u8::is_ascii_digit) {
        return Some(LineKey(xxh3_64(bytes)));
    }
    scratch.clear();
    scratch.extend(
        bytes
            .iter()
            .map(|byte| if byte.is_ascii_digit() { b'0' } else { *byte }),
    );
    Some(LineKey(xxh3_64(scratch)))
}

/// Whether `line` has more than `limit` characters (a byte-length shortcut first).
pub fn exceeds_chars(line: &str, limit: usize) -> bool {
    line.len() > limit && line.chars().count() > limit
}

/// The keys of the lines of `body`, with the same normalization the cleaner uses, to
/// feed [`BoilerplateStats::observe_article`].
pub fn lines_for_stats<'body>(
    body: &'body str,
    config: &'body LearnedBoilerplateConfig,
) -> impl Iterator<Item = LineKey> + 'body {
    body.lines()
        .filter_map(move |line| line_key(line.trim(), config))
}

/// Per-source line statistics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceLineStats {
    /// Distinct articles observed (by content key).
    article_keys: HashSet<u64>,
    /// For each line, in how many distinct articles it occurs.
    line_article_counts: HashMap<LineKey, u32>,
}

impl SourceLineStats {
    pub fn article_count(&self) -> usize {
        self.article_keys.len()
    }

    pub fn line_article_count(&self, key: LineKey) -> u32 {
        self.line_article_counts.get(&key).copied().unwrap_or(0)
    }

    /// Lines by decreasing article count (for reports).
    pub fn most_frequent_lines(&self, limit: usize) -> Vec<(LineKey, u32)> {
        let mut lines: Vec<(LineKey, u32)> = self
            .line_article_counts
            .iter()
            .map(|(key, count)| (*key, *count))
            .collect();
        lines.sort_by(|left, right| right.1.cmp(&left.1).then(left.0.cmp(&right.0)));
        lines.truncate(limit);
        lines
    }
}

/// Learned-boilerplate statistics for every source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BoilerplateStats {
    sources: HashMap<String, SourceLineStats>,
}

impl BoilerplateStats {
    pub fn new() -> BoilerplateStats {
        BoilerplateStats::default()
    }

    /// Records one article of `source`. Returns `false` (and changes nothing) when the
    /// same content was already observed for this source, or has no countable line.
    pub fn observe_article(
        &mut self,
        source: &str,
        lines: impl IntoIterator<Item = LineKey>,
    ) -> bool {
        let mut distinct_lines: Vec<LineKey> = lines.into_iter().collect();
        distinct_lines.sort_unstable();
        distinct_lines.dedup();
        if distinct_lines.is_empty() {
            return false;
        }
        let mut article_hasher = Xxh3::new();
        for key in &distinct_lines {
            article_hasher.update(&key.0.to_le_bytes());
        }
        let article_key = article_hasher.digest();
        // Look up before inserting: `entry` would allocate the name for every article.
        if !self.sources.contains_key(source) {
            self.sources
                .insert(source.to_string(), SourceLineStats::default());
        }
        let Some(source_stats) = self.sources.get_mut(source) else {
            return false;
        };
        if !source_stats.article_keys.insert(article_key) {
            return false;
        }
        for key in distinct_lines {
            *source_stats.line_article_counts.entry(key).or_insert(0) += 1;
        }
        true
    }

    /// Convenience: observes `body` with [`lines_for_stats`].
    pub fn observe_body(
        &mut self,
        source: &str,
        body: &str,
        config: &LearnedBoilerplateConfig,
    ) -> bool {
        self.observe_article(source, lines_for_stats(body, config))
    }

    pub fn source(&self, source: &str) -> Option<&SourceLineStats> {
        self.sources.get(source)
    }

    pub fn sources(&self) -> impl Iterator<Item = (&str, &SourceLineStats)> {
        self.sources
            .iter()
            .map(|(name, stats)| (name.as_str(), stats))
    }

    /// Whether the line with `key` is boilerplate for `source` under `config`.
    pub fn is_boilerplate_key(
        &self,
        source: &str,
        key: LineKey,
        config: &LearnedBoilerplateConfig,
    ) -> bool {
        if !config.enabled {
            return false;
        }
        let Some(source_stats) = self.sources.get(source) else {
            return false;
        };
        let count = source_stats.line_article_count(key);
        if count < config.min_articles {
            return false;
        }
        let required = config.min_article_fraction * source_stats.article_count() as f64;
        f64::from(count) >= required
    }

    /// In how many distinct articles of `source` the line with `key` occurs.
    pub fn line_article_count(&self, source: &str, key: LineKey) -> u32 {
        self.sources
            .get(source)
            .map_or(0, |source_stats| source_stats.line_article_count(key))
    }

    /// Whether `line` is boilerplate for `source` under `config`.
    pub fn is_boilerplate(
        &self,
        source: &str,
        line: &str,
        config: &LearnedBoilerplateConfig,
    ) -> bool {
        let line = line.trim();
        if exceeds_chars(line, config.max_line_chars) {
            return false;
        }
        match line_key(line, config) {
            Some(key) => self.is_boilerplate_key(source, key, config),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(index: usize, footer: &str) -> String {
        let unique_word = "ب".repeat(index + 1);
        format!(
            "هذا خبر {unique_word} عن موضوع مختلف تماما\nفقرة ثانية فريدة {unique_word}\n{footer}"
        )
    }

    fn small_config() -> LearnedBoilerplateConfig {
        LearnedBoilerplateConfig {
            min_articles: 3,
            min_article_fraction: 0.2,
            ..LearnedBoilerplateConfig::default()
        }
    }

    #[test]
    fn recurring_line_becomes_boilerplate_content_does_not() {
        let config = small_config();
        let mut stats = BoilerplateStats::new();
        for index in 0..10 {
            stats.observe_body("site", &article(index, "للتواصل أرسل رسالة 88591"), &config);
        }
        // Digits folded: another code number is the same template.
        assert!(stats.is_boilerplate("site", "للتواصل أرسل رسالة 12345", &config));
        assert!(!stats.is_boilerplate("site", "فقرة ثانية فريدة بببب", &config));
        assert!(!stats.is_boilerplate("site", "هذا خبر عن موضوع آخر", &config));
        assert!(!stats.is_boilerplate("other_site", "للتواصل أرسل رسالة 88591", &config));
    }

    #[test]
    fn thresholds_require_both_count_and_fraction() {
        let config = small_config();
        let mut stats = BoilerplateStats::new();
        for index in 0..20 {
            let footer = if index < 3 {
                "سطر متكرر قليلا"
            } else {
                ""
            };
            stats.observe_body("site", &article(index, footer), &config);
        }
        // 3 of 20 articles = 15% < 20%.
        assert!(!stats.is_boilerplate("site", "سطر متكرر قليلا", &config));
        let permissive = LearnedBoilerplateConfig {
            min_article_fraction: 0.1,
            ..config.clone()
        };
        assert!(stats.is_boilerplate("site", "سطر متكرر قليلا", &permissive));
        let disabled = LearnedBoilerplateConfig {
            enabled: false,
            ..permissive
        };
        assert!(!stats.is_boilerplate("site", "سطر متكرر قليلا", &disabled));
    }

    #[test]
    fn batches_in_any_order_and_reobservation_give_same_stats() {
        let config = small_config();
        let bodies: Vec<String> = (0..30)
            .map(|index| article(index % 25, if index % 2 == 0 { "تابعونا" } else { "" }))
            .collect();
        let mut one_batch = BoilerplateStats::new();
        for body in &bodies {
            one_batch.observe_body("site", body, &config);
        }
        let mut reversed_in_two_batches = BoilerplateStats::new();
        for body in bodies[15..].iter().rev() {
            reversed_in_two_batches.observe_body("site", body, &config);
        }
        for body in bodies[..15].iter().rev() {
            reversed_in_two_batches.observe_body("site", body, &config);
        }
        // Re-observing everything changes nothing.
        for body in &bodies {
            assert!(!reversed_in_two_batches.observe_body("site", body, &config));
        }
        assert_eq!(one_batch, reversed_in_two_batches);
        let serialized = serde_json::to_string(&one_batch).expect("stats serialize");
        let restored: BoilerplateStats =
            serde_json::from_str(&serialized).expect("stats deserialize");
        assert_eq!(restored, one_batch);
    }

    #[test]
    fn key_from_normalized_form_equals_key_of_line() {
        let config = LearnedBoilerplateConfig::default();
        for line in [
            "للتواصل مع الكاتب أرسل رسالة SMS إلى 88548 – Stc",
            "عين اليوم – الرياض",
            "رمز ١٥٣ ثم مسافة",
            "Read MORE »",
        ] {
            let normalized = crate::normalize::normalize(line, DigitFolding::Keep);
            assert_eq!(
                line_key_from_normalized(&normalized, &mut Vec::new()),
                line_key(line, &config),
                "{line}"
            );
        }
        assert_eq!(line_key_from_normalized("", &mut Vec::new()), None);
    }

    #[test]
    fn long_lines_are_counted_by_exact_text() {
        let config = LearnedBoilerplateConfig {
            max_line_chars: 10,
            ..small_config()
        };
        let long = "هذه فقرة طويلة نسبيا";
        let long_variant = "هذه فقرة، طويلة نسبيا";
        assert!(line_key(long, &config).is_some());
        assert_ne!(line_key(long, &config), line_key(long_variant, &config));
        let short = "قصير جدا";
        let short_variant = "قصير، جدا";
        assert_eq!(line_key(short, &config), line_key(short_variant, &config));
    }

    #[test]
    fn long_lines_are_never_counted() {
        let config = LearnedBoilerplateConfig {
            max_counted_line_chars: 12,
            ..small_config()
        };
        let keys: Vec<LineKey> =
            lines_for_stats("قصير\nهذا سطر طويل جدا يتجاوز الحد\n\n", &config).collect();
        assert_eq!(keys.len(), 1);
    }
}
