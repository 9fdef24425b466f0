//! The clean stage's configuration: every threshold the cleaner uses, with the
//! reason for its default. Loadable from TOML (`#[serde(default)]` everywhere).

use serde::{Deserialize, Serialize};

use crate::rules::RuleDefinition;

/// Thresholds of the clean stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CleanConfig {
    /// Site rules added after the built-in ones (same format as `rules/builtin.toml`).
    pub extra_rules: Vec<RuleDefinition>,
    /// Longest line, in words, a rule without its own `max_words` may remove. Widget
    /// and footer lines are short; a longer line is a sentence that mentions the words.
    pub rule_max_words: usize,
    /// How many non-empty lines at each end of the body count as its head/tail for
    /// rules scoped to `position = "head" | "tail" | "edge"` (bylines, datelines).
    pub edge_window_lines: usize,
    /// Under a "read also" header, a following line is a related-article title when it
    /// has at most this many words and no sentence-final punctuation.
    pub related_title_max_words: usize,
    /// At most this many titles are removed under one "read also" header.
    pub related_block_max_lines: usize,
    /// A "read also" header drops the titles under it only when it is this short
    /// (a bare label such as `اقرأ أيضاً:`, not a label with an inline title).
    pub related_header_max_words: usize,
    /// A paragraph shorter than this (in words) is never removed as a repeat: short
    /// repeated lines (`س:`, a speaker's name in an interview) are legitimate.
    pub min_repeated_paragraph_words: usize,
    /// A sentence shorter than this (in words) is never removed as a repeat.
    pub min_repeated_sentence_words: usize,
    /// A repeated paragraph or sentence with fewer words than this is removed only when
    /// the kept line before or after it is a repeat too: a body pasted twice repeats
    /// whole runs of lines, while a short formula repeated on its own is content (the
    /// same closing sentence after each decision of a cabinet statement, a poem's
    /// refrain, the same step in two how-tos). 0 disables the exception.
    pub min_isolated_repeat_words: usize,
    /// When rules and learned boilerplate would remove more than this share of the
    /// article's unique text (repeats excluded), the original text is kept and the
    /// article flagged `cleaning_kept_original`.
    pub max_removed_fraction: f64,
    /// Whether the `max_removed_fraction` check measures the article without its
    /// learned tail block (teasers of *other* stories, verbatim lines recurring in ≥
    /// `learned.tail_block_min_articles` articles of the source): the block is left out
    /// of both the removed and the total text, so a short story followed by five
    /// teasers is cleaned instead of kept whole. The article is still never emptied.
    /// With `false`, the tail block counts like any other removal.
    pub safety_excludes_learned_tail_block: bool,
    pub learned: LearnedBoilerplateConfig,
}

impl Default for CleanConfig {
    fn default() -> CleanConfig {
        CleanConfig {
            extra_rules: Vec::new(),
            rule_max_words: 12,
            edge_window_lines: 3,
            related_title_max_words: 15,
            related_block_max_lines: 8,
            related_header_max_words: 4,
            min_repeated_paragraph_words: 5,
            min_repeated_sentence_words: 6,
            min_isolated_repeat_words: 13,
            max_removed_fraction: 0.5,
            safety_excludes_learned_tail_block: true,
            learned: LearnedBoilerplateConfig::default(),
        }
    }
}

/// Thresholds of learned (per-source, CCNet-style) boilerplate.
///
/// A line is boilerplate for a source when it occurs in at least `min_articles`
/// distinct articles of that source AND in at least `min_article_fraction` of them.
/// Measured on SaudiNewsNet and ANT (see the crate README): real furniture (SMS contact
/// lines, bylines, sign-offs, app prompts) sits at 0.3%–98% of a source's articles
/// with counts from 10 upwards, while repeated *content* lines within one source
/// (series titles, condolence verses, greetings) stay below 0.3% or 10 articles once
/// exact duplicate articles are counted once. The absolute floor protects small
/// sources, the fraction protects big ones (13,708 SkyNews articles need 42 hits).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LearnedBoilerplateConfig {
    pub enabled: bool,
    pub min_articles: u32,
    pub min_article_fraction: f64,
    /// Lines longer than this (in characters of the trimmed raw line) are never
    /// boilerplate on their own: the longest furniture line measured is 124 characters
    /// (a CNN disclaimer), and wire paragraphs repeated across a source's articles are
    /// content.
    pub max_line_chars: usize,
    /// Lines up to this length are counted in the statistics (for the tail-block rule).
    /// Those longer than `max_line_chars` are counted by their exact trimmed text, not
    /// their normalized form (see `learned::line_key`).
    pub max_counted_line_chars: usize,
    /// Tail block: teasers of other stories appended at the end of an article (CNN
    /// Arabic appends the leads of 5 related stories). From the end of the body, the
    /// run of lines each found in at least this many distinct articles of the source…
    pub tail_block_min_articles: u32,
    /// …of at least this many lines…
    pub tail_block_min_lines: usize,
    /// …is removed when at most this share of the lines above it recur (count ≥ 2):
    /// an updated re-filing of the same story shares its body too, and keeps it.
    pub tail_block_max_body_recurring_fraction: f64,
    /// A learned line outside the head window (`edge_window_lines`) with at most this
    /// many words is kept when it is in the middle of the article, or in its tail but
    /// followed by a paragraph (a line of more than `rule_max_words` words): short
    /// lines recurring there are the section headings of a recurring format (a market
    /// report's `أداء القطاعات`, a satire column's `عنوان صحفي`), not furniture, which
    /// sits at the edges (bylines, sign-offs ending the text) or is a longer sentence
    /// (disclaimers). 0 disables.
    pub middle_label_max_words: usize,
    /// A learned line ending with a colon and followed by another line is kept: it
    /// introduces that text (a column's `السطر الأخير:`).
    pub keep_colon_labels: bool,
}

impl Default for LearnedBoilerplateConfig {
    fn default() -> LearnedBoilerplateConfig {
        LearnedBoilerplateConfig {
            enabled: true,
            min_articles: 10,
            min_article_fraction: 0.003,
            max_line_chars: 200,
            max_counted_line_chars: 1000,
            tail_block_min_articles: 4,
            tail_block_min_lines: 3,
            tail_block_max_body_recurring_fraction: 0.34,
            middle_label_max_words: 3,
            keep_colon_labels: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_toml_keeps_other_defaults() {
        let text = "max_removed_fraction = 0.4\n[learned]\nmin_articles = 20\n";
        let config: CleanConfig = toml::from_str(text).expect("config parses");
        assert_eq!(config.max_removed_fraction, 0.4);
        assert_eq!(config.learned.min_articles, 20);
        assert_eq!(
            config.learned.min_article_fraction,
            LearnedBoilerplateConfig::default().min_article_fraction
        );
        assert_eq!(config.rule_max_words, CleanConfig::default().rule_max_words);
    }

    #[test]
    fn extra_rules_load_from_toml() {
        let text = r#"
[[extra_rules]]
name = "my_site_footer"
kind = "exact_line"
pattern = "مع تحيات التحرير"
sources = ["mysite"]
description = "sign-off of mysite"
"#;
        let config: CleanConfig = toml::from_str(text).expect("config parses");
        assert_eq!(config.extra_rules.len(), 1);
        assert_eq!(config.extra_rules[0].sources, vec!["mysite".to_string()]);
    }
}
