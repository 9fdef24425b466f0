//! Fuzz target: no input may make cleaning or HTML extraction panic, and
//! every removal cleaning records names a rule.
//!
//! Run with `cargo +nightly fuzz run clean` from this directory.

#![no_main]

use khabar_clean::clean::clean_text;
use khabar_clean::config::CleanConfig;
use khabar_clean::html::{extract_html, looks_like_html};
use khabar_clean::learned::BoilerplateStats;
use khabar_clean::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

/// Compiled once: rule compilation (regular expressions) would dominate
/// every run.
static RULES: std::sync::LazyLock<Option<RuleSet>> = std::sync::LazyLock::new(|| {
    let config = CleanConfig::default();
    RuleSet::with_builtin(&config.extra_rules, config.rule_max_words).ok()
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if looks_like_html(text) {
        let _ = extract_html(text, Some("https://example.org/news/1"));
    }
    let config = CleanConfig::default();
    let Some(rules) = RULES.as_ref() else {
        return;
    };
    let stats = BoilerplateStats::new();
    let output = clean_text(
        text,
        Some("example.org"),
        None,
        rules,
        &stats,
        &config,
    );
    for removal in &output.removed {
        assert!(!removal.rule.is_empty(), "a removal without its rule: {removal:?}");
    }
});
