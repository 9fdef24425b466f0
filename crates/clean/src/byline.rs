//! Bylines glued to the lead: `عين اليوم ـ الرياض ـ أعلنت …`, `سبق ـ أبها: دعا …`.
//! A short "outlet/writer – place" prefix followed by a dash (any dash, or a spaced
//! tatweel) or a colon, at the head of the article. The same shape opens content
//! (`الحدث الذي - ربما - كان …`, `اتفاقية سايكس - بيكو`), so the shape alone is not
//! enough: the prefix is cut only when, as a line of its own, it is learned
//! boilerplate for the source (it recurs as a byline line in many of its articles,
//! see `learned`). The cut is recorded as [`LEARNED_BYLINE_PREFIX_RULE`].

use std::sync::OnceLock;

use regex::Regex;

use crate::config::LearnedBoilerplateConfig;
use crate::learned::{line_key, BoilerplateStats};

/// Rule name of the removals made here.
pub const LEARNED_BYLINE_PREFIX_RULE: &str = "learned_byline_prefix";

/// `A – B` then a dash or colon: `A` one to three Arabic words, `B` one or two. A
/// tatweel counts as a dash only with a space before it (inside a word it lengthens
/// the word: `خطبــــة`).
const GLUED_BYLINE_PATTERN: &str = r"^(?P<byline>\p{Arabic}{2,15}(?:\s+\p{Arabic}{2,15}){0,2}(?:\s*[\-–—]|\s+ـ+)\s*\p{Arabic}{2,15}(?:\s+\p{Arabic}{2,15})?)(?:\s*[\-–—:：]|\s+ـ+)\s*";

fn glued_byline_regex() -> Option<&'static Regex> {
    static REGEX: OnceLock<Option<Regex>> = OnceLock::new();
    REGEX
        .get_or_init(|| Regex::new(GLUED_BYLINE_PATTERN).ok())
        .as_ref()
}

/// When `line` (trimmed) starts with a glued byline that is learned boilerplate for
/// `source`, returns `(removed prefix, kept rest)`.
pub fn split_learned_byline<'line>(
    line: &'line str,
    source: &str,
    stats: &BoilerplateStats,
    config: &LearnedBoilerplateConfig,
) -> Option<(&'line str, &'line str)> {
    let regex = glued_byline_regex()?;
    let captures = regex.captures(line)?;
    let byline = captures.name("byline")?;
    let whole = captures.get(0)?;
    let kept = line[whole.end()..].trim();
    if kept.is_empty() {
        return None;
    }
    let key = line_key(byline.as_str(), config)?;
    if !stats.is_boilerplate_key(source, key, config) {
        return None;
    }
    Some((line[..whole.end()].trim(), kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats_with_byline_lines(byline: &str, articles: usize) -> BoilerplateStats {
        let config = LearnedBoilerplateConfig::default();
        let mut stats = BoilerplateStats::new();
        for index in 0..articles {
            let unique = "م".repeat(index + 1);
            let body = format!("{byline}\nخبر فريد {unique} عن حدث مختلف في المدينة");
            stats.observe_body("outlet", &body, &config);
        }
        stats
    }

    #[test]
    fn learned_byline_glued_with_tatweel_or_dash_is_cut() {
        let config = LearnedBoilerplateConfig::default();
        let stats = stats_with_byline_lines("عين اليوم – الرياض", 20);
        let lead = "أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد.";
        for line in [
            format!("عين اليوم ـ الرياض ـ {lead}"),
            format!("عين اليوم - الرياض - {lead}"),
            format!("عين اليوم – الرياض: {lead}"),
        ] {
            let (removed, kept) = split_learned_byline(&line, "outlet", &stats, &config)
                .unwrap_or_else(|| panic!("not cut: {line}"));
            assert_eq!(kept, lead);
            assert!(removed.starts_with("عين اليوم"), "{removed}");
        }
    }

    #[test]
    fn same_shape_without_learned_byline_is_kept() {
        let config = LearnedBoilerplateConfig::default();
        let stats = stats_with_byline_lines("عين اليوم – الرياض", 20);
        let content = "الحدث الذي - ربما - كان جاذبا حد البهجة هو خبر القبض على الخلية.";
        assert_eq!(
            split_learned_byline(content, "outlet", &stats, &config),
            None
        );
        // The byline of one source is not learned for another.
        let line = "عين اليوم ـ الرياض ـ أعلنت الوزارة افتتاح مستشفى.";
        assert_eq!(split_learned_byline(line, "other", &stats, &config), None);
        // A byline seen in too few articles is not learned.
        let rare = stats_with_byline_lines("عين اليوم – الرياض", 3);
        assert_eq!(split_learned_byline(line, "outlet", &rare, &config), None);
        // Tatweel inside a word is not a dash.
        let elongated = "بعد خطبــــة المرشد ـ العدائية ـ صرح الوزير بأن الرد سيكون حازما.";
        assert_eq!(
            split_learned_byline(elongated, "outlet", &stats, &config),
            None
        );
    }
}
