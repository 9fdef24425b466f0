//! Rules for widget and footer lines, kept as data: the built-in list lives in
//! `rules/builtin.toml` (format documented in the crate README), users add their own
//! per site through [`crate::CleanConfig::extra_rules`]. This module parses rule
//! definitions and compiles them into a [`RuleSet`] that answers one question per
//! line: "which rule, if any, says this line (or this part of it) is boilerplate?".

use regex::{Regex, RegexSet, RegexSetBuilder};
use serde::{Deserialize, Serialize};

use crate::error::CleanError;
use crate::normalize::{normalize, DigitFolding};

const BUILTIN_RULES_TOML: &str = include_str!("../rules/builtin.toml");

/// Cache of the lazy DFA of each whole-line `RegexSet`: the built-in rules' set needs
/// far more states than the regex crate's default (2 MiB) before the cache stops being
/// cleared and rebuilt (measured on SaudiNewsNet).
const SET_DFA_CACHE_BYTES: usize = 64 << 20;

/// How a rule's `pattern` is matched against a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// The normalized line equals the normalized pattern.
    ExactLine,
    /// The normalized line starts with the normalized pattern (at a word boundary)
    /// and has at most `max_words` words.
    LinePrefix,
    /// The regex matches the whole *normalized* line (write patterns without hamza on
    /// alef, with `ه` for `ة`, `ي` for `ى`, no punctuation, lowercase Latin).
    Regex,
    /// The regex matches the whole *raw* line (trimmed), punctuation included.
    RawRegex,
    /// The pattern is a regex for a label glued to a URL (`انسخ الرابطhttps://…`): the
    /// line is removed and the URL returned as metadata.
    UrlGluedToLabel,
    /// The regex matches at the start of the raw line; the match is removed and the
    /// rest of the line is kept (and checked again by the whole-line rules).
    LeadingFragment,
    /// The regex matches inside the raw line; everything from the match (or from its
    /// named group `tail`, if any) to the end of the line is removed when that tail has
    /// at most `max_words` words.
    TrailingFragment,
}

/// Where in the article a rule may fire.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinePosition {
    #[default]
    Anywhere,
    /// Among the first `CleanConfig::edge_window_lines` non-empty lines.
    Head,
    /// Among the last `CleanConfig::edge_window_lines` non-empty lines.
    Tail,
    /// Head or tail, not the middle of the article.
    Edge,
}

/// One rule as written in a rules file or a configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDefinition {
    /// Recorded in every `Removal` the rule makes.
    pub name: String,
    pub kind: RuleKind,
    pub pattern: String,
    /// Only articles whose `source` is one of these (empty: any source).
    #[serde(default)]
    pub sources: Vec<String>,
    /// Only articles whose URL host is one of these or a subdomain (empty: any host).
    #[serde(default)]
    pub hosts: Vec<String>,
    #[serde(default)]
    pub position: LinePosition,
    /// Longest line (or tail, for `trailing_fragment`) in words the rule may remove;
    /// `None` uses `CleanConfig::rule_max_words`.
    #[serde(default)]
    pub max_words: Option<usize>,
    /// A "read also" header: also remove the related-article titles listed under it.
    #[serde(default)]
    pub then_drop_titles: bool,
    /// A cheap gate: when not empty, the rule is tried only on lines containing at least
    /// one of these literal strings (exact bytes of the raw line), so most lines are
    /// rejected by a `memchr` search instead of a regex run.
    #[serde(default)]
    pub requires: Vec<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    rule: Vec<RuleDefinition>,
}

/// Parses a rules file in the documented TOML format (`[[rule]]` tables).
pub fn parse_rules_toml(text: &str) -> Result<Vec<RuleDefinition>, CleanError> {
    let file: RulesFile =
        toml::from_str(text).map_err(|error| CleanError::RulesFile(error.to_string()))?;
    Ok(file.rule)
}

/// The built-in rule definitions shipped with the crate.
pub fn builtin_rule_definitions() -> Result<Vec<RuleDefinition>, CleanError> {
    parse_rules_toml(BUILTIN_RULES_TOML)
}

#[derive(Debug)]
enum Matcher {
    Exact(String),
    Prefix(String),
    NormalizedRegex(Regex),
    RawRegex(Regex),
    UrlGlued(Regex),
    Leading(Regex),
    Trailing(Regex),
}

#[derive(Debug)]
struct CompiledRule {
    definition: RuleDefinition,
    matcher: Matcher,
    /// `definition.requires`, compiled.
    required_literals: Vec<memchr::memmem::Finder<'static>>,
    /// Index of the pattern in the rule set's `RegexSet` of its kind, if any.
    set_index: Option<usize>,
}

impl CompiledRule {
    /// Whether the rule's `requires` gate lets `raw_line` through.
    fn gate_passes(&self, raw_line: &str) -> bool {
        self.required_literals.is_empty()
            || self
                .required_literals
                .iter()
                .any(|finder| finder.find(raw_line.as_bytes()).is_some())
    }
}

/// What a rule decided about a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineVerdict<'line> {
    /// The whole line is boilerplate.
    RemoveLine {
        rule: &'line str,
        extracted_url: Option<String>,
        then_drop_titles: bool,
    },
    /// Only `removed` is boilerplate; `kept` is the rest of the line.
    RemoveFragment {
        rule: &'line str,
        removed: String,
        kept: String,
    },
}

/// Facts about the line and its article that scope a rule.
#[derive(Debug, Clone, Copy)]
pub struct LineContext<'article> {
    pub source: Option<&'article str>,
    pub host: Option<&'article str>,
    pub is_head: bool,
    pub is_tail: bool,
}

/// The compiled rules, in the order they are tried (built-ins first, then extras).
/// The whole-line regexes are also compiled into one `RegexSet` per kind (normalized,
/// raw), so that a line is matched against all of them in one pass; the rules are
/// then still decided in order, with their scope and word limits.
#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<CompiledRule>,
    normalized_set: RegexSet,
    raw_set: RegexSet,
    default_max_words: usize,
    /// No whole-line rule can match a line with more words than this.
    longest_whole_line_words: usize,
}

impl RuleSet {
    /// The built-in rules plus `extra_rules`.
    pub fn with_builtin(
        extra_rules: &[RuleDefinition],
        default_max_words: usize,
    ) -> Result<RuleSet, CleanError> {
        let mut definitions = builtin_rule_definitions()?;
        definitions.extend(extra_rules.iter().cloned());
        RuleSet::compile(definitions, default_max_words)
    }

    /// Compiles exactly `definitions` (no built-ins).
    pub fn compile(
        definitions: Vec<RuleDefinition>,
        default_max_words: usize,
    ) -> Result<RuleSet, CleanError> {
        let mut rules = Vec::with_capacity(definitions.len());
        let mut longest_whole_line_words = 0;
        let mut normalized_patterns = Vec::new();
        let mut raw_patterns = Vec::new();
        for definition in definitions {
            let matcher = compile_matcher(&definition)?;
            let rule_words = match &matcher {
                Matcher::Exact(pattern) => crate::normalize::word_count(pattern),
                Matcher::Leading(_) | Matcher::Trailing(_) => 0,
                _ => definition.max_words.unwrap_or(default_max_words),
            };
            longest_whole_line_words = longest_whole_line_words.max(rule_words);
            let set_index = match &matcher {
                Matcher::NormalizedRegex(regex) => {
                    normalized_patterns.push(regex.as_str().to_string());
                    Some(normalized_patterns.len() - 1)
                }
                Matcher::RawRegex(regex) => {
                    raw_patterns.push(regex.as_str().to_string());
                    Some(raw_patterns.len() - 1)
                }
                _ => None,
            };
            let required_literals = definition
                .requires
                .iter()
                .filter(|literal| !literal.is_empty())
                .map(|literal| memchr::memmem::Finder::new(literal.as_bytes()).into_owned())
                .collect();
            rules.push(CompiledRule {
                definition,
                matcher,
                required_literals,
                set_index,
            });
        }
        let compile_set = |patterns: &[String]| {
            RegexSetBuilder::new(patterns)
                .dfa_size_limit(SET_DFA_CACHE_BYTES)
                .build()
                .map_err(|error| CleanError::InvalidPattern {
                    rule: "(rule set)".to_string(),
                    reason: error.to_string(),
                })
        };
        Ok(RuleSet {
            normalized_set: compile_set(&normalized_patterns)?,
            raw_set: compile_set(&raw_patterns)?,
            rules,
            default_max_words,
            longest_whole_line_words,
        })
    }

    /// Lines with more words than this can skip [`RuleSet::match_whole_line`].
    pub fn longest_whole_line_words(&self) -> usize {
        self.longest_whole_line_words
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub fn definitions(&self) -> impl Iterator<Item = &RuleDefinition> {
        self.rules.iter().map(|rule| &rule.definition)
    }

    /// The first whole-line verdict for `raw_line` (trimmed) whose normalized form is
    /// `normalized_line`, trying whole-line rules only.
    pub fn match_whole_line(
        &self,
        raw_line: &str,
        normalized_line: &str,
        context: LineContext<'_>,
    ) -> Option<LineVerdict<'_>> {
        let line_words = crate::normalize::word_count(raw_line);
        // One pass per set; computed only when a regex rule is reached.
        let mut normalized_matches: Option<regex::SetMatches> = None;
        let mut raw_matches: Option<regex::SetMatches> = None;
        for rule in &self.rules {
            if !rule_applies(&rule.definition, context) || !rule.gate_passes(raw_line) {
                continue;
            }
            let max_words = rule.definition.max_words.unwrap_or(self.default_max_words);
            let verdict_rule = rule.definition.name.as_str();
            let then_drop_titles = rule.definition.then_drop_titles;
            let whole_line = |extracted_url| LineVerdict::RemoveLine {
                rule: verdict_rule,
                extracted_url,
                then_drop_titles,
            };
            match &rule.matcher {
                Matcher::Exact(pattern) => {
                    if normalized_line == pattern {
                        return Some(whole_line(None));
                    }
                }
                Matcher::Prefix(pattern) => {
                    if line_words <= max_words && starts_with_words(normalized_line, pattern) {
                        return Some(whole_line(None));
                    }
                }
                Matcher::NormalizedRegex(_) => {
                    if line_words > max_words {
                        continue;
                    }
                    let matches = normalized_matches
                        .get_or_insert_with(|| self.normalized_set.matches(normalized_line));
                    if rule.set_index.is_some_and(|index| matches.matched(index)) {
                        return Some(whole_line(None));
                    }
                }
                Matcher::RawRegex(_) => {
                    if line_words > max_words {
                        continue;
                    }
                    let matches = raw_matches.get_or_insert_with(|| self.raw_set.matches(raw_line));
                    if rule.set_index.is_some_and(|index| matches.matched(index)) {
                        return Some(whole_line(None));
                    }
                }
                Matcher::UrlGlued(regex) => {
                    if line_words > max_words {
                        continue;
                    }
                    if let Some(captures) = regex.captures(raw_line) {
                        let url = captures.name("url").map(|found| found.as_str().to_string());
                        return Some(whole_line(url));
                    }
                }
                Matcher::Leading(_) | Matcher::Trailing(_) => {}
            }
        }
        None
    }

    /// The first fragment verdict for `raw_line` (trimmed).
    pub fn match_fragment(
        &self,
        raw_line: &str,
        context: LineContext<'_>,
    ) -> Option<LineVerdict<'_>> {
        for rule in &self.rules {
            let is_fragment_rule =
                matches!(rule.matcher, Matcher::Leading(_) | Matcher::Trailing(_));
            if !is_fragment_rule
                || !rule_applies(&rule.definition, context)
                || !rule.gate_passes(raw_line)
            {
                continue;
            }
            let max_words = rule.definition.max_words.unwrap_or(self.default_max_words);
            match &rule.matcher {
                Matcher::Leading(regex) => {
                    let Some(found) = regex.find(raw_line) else {
                        continue;
                    };
                    return Some(LineVerdict::RemoveFragment {
                        rule: &rule.definition.name,
                        removed: found.as_str().trim().to_string(),
                        kept: raw_line[found.end()..].trim().to_string(),
                    });
                }
                Matcher::Trailing(regex) => {
                    let Some(captures) = regex.captures(raw_line) else {
                        continue;
                    };
                    // A `tail` group marks where the removal starts (the rest of the
                    // match is context, such as the end of the previous sentence).
                    let Some(found) = captures.name("tail").or_else(|| captures.get(0)) else {
                        continue;
                    };
                    let tail = raw_line[found.start()..].trim();
                    if crate::normalize::word_count(tail) > max_words {
                        continue;
                    }
                    return Some(LineVerdict::RemoveFragment {
                        rule: &rule.definition.name,
                        removed: tail.to_string(),
                        kept: raw_line[..found.start()].trim().to_string(),
                    });
                }
                _ => {}
            }
        }
        None
    }
}

fn starts_with_words(normalized_line: &str, normalized_prefix: &str) -> bool {
    if normalized_prefix.is_empty() || !normalized_line.starts_with(normalized_prefix) {
        return false;
    }
    let rest = &normalized_line[normalized_prefix.len()..];
    rest.is_empty() || rest.starts_with(' ')
}

fn rule_applies(definition: &RuleDefinition, context: LineContext<'_>) -> bool {
    let position_ok = match definition.position {
        LinePosition::Anywhere => true,
        LinePosition::Head => context.is_head,
        LinePosition::Tail => context.is_tail,
        LinePosition::Edge => context.is_head || context.is_tail,
    };
    if !position_ok {
        return false;
    }
    let source_ok = definition.sources.is_empty()
        || context
            .source
            .is_some_and(|source| definition.sources.iter().any(|wanted| wanted == source));
    let host_ok = definition.hosts.is_empty()
        || context.host.is_some_and(|host| {
            definition
                .hosts
                .iter()
                .any(|wanted| host == wanted || host.ends_with(&format!(".{wanted}")))
        });
    match (definition.sources.is_empty(), definition.hosts.is_empty()) {
        (true, true) => true,
        // Scoped by both: either scope is enough.
        (false, false) => source_ok || host_ok,
        _ => source_ok && host_ok,
    }
}

fn compile_matcher(definition: &RuleDefinition) -> Result<Matcher, CleanError> {
    if definition.name.trim().is_empty() {
        return Err(CleanError::InvalidRule {
            rule: definition.pattern.clone(),
            reason: "rule has an empty name".to_string(),
        });
    }
    let compile = |source: String| {
        Regex::new(&source).map_err(|error| CleanError::InvalidPattern {
            rule: definition.name.clone(),
            reason: error.to_string(),
        })
    };
    let pattern = &definition.pattern;
    let matcher = match definition.kind {
        RuleKind::ExactLine | RuleKind::LinePrefix => {
            let normalized = normalize(pattern, DigitFolding::Keep);
            if normalized.is_empty() {
                return Err(CleanError::InvalidRule {
                    rule: definition.name.clone(),
                    reason: "pattern is empty after normalization".to_string(),
                });
            }
            if definition.kind == RuleKind::ExactLine {
                Matcher::Exact(normalized)
            } else {
                Matcher::Prefix(normalized)
            }
        }
        RuleKind::Regex => Matcher::NormalizedRegex(compile(format!("^(?:{pattern})$"))?),
        RuleKind::RawRegex => Matcher::RawRegex(compile(format!("^(?:{pattern})$"))?),
        RuleKind::UrlGluedToLabel => Matcher::UrlGlued(compile(format!(
            r"^\s*(?:{pattern})\s*[:：\-–]?\s*(?P<url>https?://\S+)\s*$"
        ))?),
        RuleKind::LeadingFragment => Matcher::Leading(compile(format!(r"^\s*(?:{pattern})\s*"))?),
        RuleKind::TrailingFragment => Matcher::Trailing(compile(format!(r"(?:{pattern})"))?),
    };
    Ok(matcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anywhere() -> LineContext<'static> {
        LineContext {
            source: None,
            host: None,
            is_head: false,
            is_tail: false,
        }
    }

    fn verdict_rule(rules: &RuleSet, line: &str, context: LineContext<'_>) -> Option<String> {
        let normalized = normalize(line, DigitFolding::Keep);
        match rules.match_whole_line(line.trim(), &normalized, context) {
            Some(LineVerdict::RemoveLine { rule, .. }) => Some(rule.to_string()),
            _ => None,
        }
    }

    #[test]
    fn builtin_rules_parse_and_compile() {
        let rules = RuleSet::with_builtin(&[], 12).expect("built-in rules compile");
        assert!(rules.len() > 20, "only {} built-in rules", rules.len());
        for definition in rules.definitions() {
            assert!(
                !definition.description.is_empty(),
                "rule {} has no description",
                definition.name
            );
        }
    }

    #[test]
    fn url_glued_to_label_extracts_url() {
        let rules = RuleSet::with_builtin(&[], 12).expect("built-in rules compile");
        let line = "انسخ الرابطhttps://arabic.rt.com/news/31106/";
        let normalized = normalize(line, DigitFolding::Keep);
        let verdict = rules.match_whole_line(line, &normalized, anywhere());
        match verdict {
            Some(LineVerdict::RemoveLine { extracted_url, .. }) => {
                assert_eq!(
                    extracted_url.as_deref(),
                    Some("https://arabic.rt.com/news/31106/")
                );
            }
            other => panic!("expected a url removal, got {other:?}"),
        }
    }

    #[test]
    fn widget_lines_match_but_sentences_mentioning_them_do_not() {
        let rules = RuleSet::with_builtin(&[], 12).expect("built-in rules compile");
        for widget in [
            "شارك عبر: فيسبوك | تويتر | واتساب",
            "اقرأ أيضاً:",
            "Read more",
            "جميع الحقوق محفوظة © 2024",
            "تابعونا على تويتر",
            "تصوير: محمد العلي",
            "Photo: AFP",
            "// انتهى //",
            "اشترك في النشرة البريدية",
            "للتواصل : katib@example.com",
            "الفرنسية",
        ] {
            assert!(
                verdict_rule(&rules, widget, anywhere()).is_some(),
                "widget line not matched: {widget}"
            );
        }
        for sentence in [
            "وقال الوزير إن جميع الحقوق محفوظة للمواطنين بموجب الدستور الجديد الذي أقر العام الماضي.",
            "شارك آلاف المواطنين في المسيرة التي جابت شوارع العاصمة أمس.",
            "وأضاف أن تويتر وفيسبوك وواتساب أصبحت مصادر رئيسية للأخبار لدى الشباب في المنطقة.",
            "انتهى الاجتماع دون اتفاق.",
        ] {
            assert_eq!(
                verdict_rule(&rules, sentence, anywhere()),
                None,
                "content sentence matched: {sentence}"
            );
        }
    }

    #[test]
    fn staff_byline_needs_a_colon_after_nouns() {
        let rules = RuleSet::with_builtin(&[], 12).expect("built-in rules compile");
        let head = LineContext {
            is_head: true,
            ..anywhere()
        };
        for byline in ["كتب: سالم الراوي", "بقلم سالم الراوي", "إعداد: قسم الأخبار"]
        {
            assert_eq!(
                verdict_rule(&rules, byline, head).as_deref(),
                Some("staff_byline"),
                "{byline}"
            );
        }
        for heading in ["تحرير الصور", "ترجمة الأفلام القصيرة"] {
            assert_eq!(verdict_rule(&rules, heading, head), None, "{heading}");
        }
    }

    #[test]
    fn contact_handle_only_in_the_tail() {
        let rules = RuleSet::with_builtin(&[], 12).expect("built-in rules compile");
        let tail = LineContext {
            is_tail: true,
            ..anywhere()
        };
        assert_eq!(
            verdict_rule(&rules, "تويتر: @katib_kh", tail).as_deref(),
            Some("contact_handle")
        );
        assert_eq!(verdict_rule(&rules, "تويتر: @katib_kh", anywhere()), None);
    }

    #[test]
    fn scoped_rule_only_fires_for_its_source_or_host() {
        let definition = RuleDefinition {
            name: "site_footer".to_string(),
            kind: RuleKind::ExactLine,
            pattern: "مع تحيات أسرة التحرير".to_string(),
            sources: vec!["examplenews".to_string()],
            hosts: vec!["example-news.test".to_string()],
            position: LinePosition::Anywhere,
            max_words: None,
            then_drop_titles: false,
            requires: vec![],
            description: "a site's sign-off".to_string(),
        };
        let rules = RuleSet::compile(vec![definition], 12).expect("rule compiles");
        let line = "مع تحيات أسرة التحرير";
        assert_eq!(verdict_rule(&rules, line, anywhere()), None);
        let by_source = LineContext {
            source: Some("examplenews"),
            ..anywhere()
        };
        assert_eq!(
            verdict_rule(&rules, line, by_source).as_deref(),
            Some("site_footer")
        );
        let by_host = LineContext {
            host: Some("www.example-news.test"),
            ..anywhere()
        };
        assert_eq!(
            verdict_rule(&rules, line, by_host).as_deref(),
            Some("site_footer")
        );
    }

    #[test]
    fn invalid_regex_is_reported_with_rule_name() {
        let definition = RuleDefinition {
            name: "broken".to_string(),
            kind: RuleKind::Regex,
            pattern: "(unclosed".to_string(),
            sources: vec![],
            hosts: vec![],
            position: LinePosition::Anywhere,
            max_words: None,
            then_drop_titles: false,
            requires: vec![],
            description: String::new(),
        };
        let error = RuleSet::compile(vec![definition], 12).expect_err("must fail");
        assert!(error.to_string().contains("broken"), "{error}");
    }

    #[test]
    fn trailing_fragment_keeps_content_part() {
        let rules = RuleSet::with_builtin(&[], 12).expect("built-in rules compile");
        let line = "وجرى خلال الاجتماع استعراض مستجدات الأوضاع. رابط الخبر بصحيفة الوئام: الأمير يجتمع مع رئيس الحزب";
        match rules.match_fragment(line, anywhere()) {
            Some(LineVerdict::RemoveFragment { kept, removed, .. }) => {
                assert_eq!(kept, "وجرى خلال الاجتماع استعراض مستجدات الأوضاع.");
                assert!(removed.starts_with("رابط الخبر"), "{removed}");
            }
            other => panic!("expected a fragment removal, got {other:?}"),
        }
    }
}
