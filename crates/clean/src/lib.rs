//! The clean stage: turns a `RawArticle`'s body into the text later stages read,
//! and records every piece it takes out (`Removal { rule, text }`) so a cleaning
//! decision can always be explained.
//!
//! - [`rules`]: built-in and user rules for widget/footer lines, kept as data
//!   (`rules/builtin.toml`).
//! - [`learned`]: per-source learned boilerplate (CCNet-style line statistics).
//! - [`repeats`]: repeated paragraphs and sentences inside one article.
//! - [`byline`]: learned bylines glued to the lead (`عين اليوم ـ الرياض ـ …`).
//! - [`clean`]: the entry point [`clean_article`] and the safety rule.
//! - [`html`]: title/body/date/author extraction from HTML pages.
//!
//! The crate is pure: no I/O apart from `include_str!` of the built-in rules.

pub mod byline;
pub mod clean;
pub mod config;
pub mod error;
pub mod html;
pub mod learned;
pub mod normalize;
pub mod repeats;
pub mod rules;

pub use byline::LEARNED_BYLINE_PREFIX_RULE;
pub use clean::{
    clean_article, clean_text, url_host, CleanOutput, KEPT_ORIGINAL_FLAG, LEARNED_BOILERPLATE_RULE,
    RELATED_TITLE_SUFFIX, WITHHELD_RULE_PREFIX,
};
pub use config::{CleanConfig, LearnedBoilerplateConfig};
pub use error::CleanError;
pub use html::{extract_html, looks_like_html, ExtractedPage};
pub use learned::{line_key, lines_for_stats, BoilerplateStats, LineKey, SourceLineStats};
pub use repeats::{REPEATED_PARAGRAPH_RULE, REPEATED_SENTENCE_RULE};
pub use rules::{
    builtin_rule_definitions, parse_rules_toml, LinePosition, RuleDefinition, RuleKind, RuleSet,
};

/// Compiles the built-in rules plus `config.extra_rules`.
pub fn rule_set_for(config: &CleanConfig) -> Result<RuleSet, CleanError> {
    RuleSet::with_builtin(&config.extra_rules, config.rule_max_words)
}
