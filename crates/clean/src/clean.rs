//! The clean stage's entry point: one article in, its cleaned text and a record of
//! every removal out. Order per line: whole-line rules, then fragment rules (and the
//! whole-line rules again on what is left), then learned boilerplate; then repeats
//! over the surviving lines; then the safety check.

use std::borrow::Cow;

use khabar_core::{CleanArticle, RawArticle, Removal};
use serde::{Deserialize, Serialize};

use crate::byline::{split_learned_byline, LEARNED_BYLINE_PREFIX_RULE};
use crate::config::CleanConfig;
use crate::learned::{exceeds_chars, line_key, line_key_from_normalized, BoilerplateStats};
use crate::normalize::{count_visible_chars, has_more_words_than, normalize_into, DigitFolding};
use crate::repeats::{
    ArticleRepeats, RepeatOutcome, REPEATED_PARAGRAPH_RULE, REPEATED_SENTENCE_RULE,
};
use crate::rules::{LineContext, LineVerdict, RuleSet};

/// Rule name of removals made by learned boilerplate.
pub const LEARNED_BOILERPLATE_RULE: &str = "learned_boilerplate";
/// Rule name of removals made by the learned tail-block rule (teasers of other stories).
pub const LEARNED_TAIL_BLOCK_RULE: &str = "learned_tail_block";
/// Flag set when cleaning would have removed too much and the original text was kept.
pub const KEPT_ORIGINAL_FLAG: &str = "cleaning_kept_original";
/// Prefix of the rule name of removals that were *not* applied because the original
/// text was kept (`withheld:share_bar`): they say what cleaning would have removed.
pub const WITHHELD_RULE_PREFIX: &str = "withheld:";
/// Suffix of the rule name of related-article titles removed under a "read also" header.
pub const RELATED_TITLE_SUFFIX: &str = "/title";

/// The result of cleaning one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CleanOutput {
    pub text: String,
    pub removed: Vec<Removal>,
    pub flags: Vec<String>,
    /// URLs found glued to widget labels (`انسخ الرابطhttps://…`), in order.
    pub extracted_urls: Vec<String>,
}

impl CleanOutput {
    /// The pipeline's `CleanArticle` (extracted URLs stay in `CleanOutput`; they are
    /// also visible in the removed widget line).
    pub fn into_clean_article(self, raw: RawArticle) -> CleanArticle {
        CleanArticle {
            raw,
            text: self.text,
            removed: self.removed,
            flags: self.flags,
        }
    }
}

/// Cleans `raw.body`, using `raw.source` for learned boilerplate and scoped rules and
/// `raw.url`'s host for host-scoped rules.
pub fn clean_article(
    raw: &RawArticle,
    rules: &RuleSet,
    stats: &BoilerplateStats,
    config: &CleanConfig,
) -> CleanOutput {
    clean_text(
        &raw.body,
        raw.source.as_deref(),
        raw.url.as_deref(),
        rules,
        stats,
        config,
    )
}

enum Slot<'body> {
    Blank,
    Kept(Cow<'body, str>),
    Removed,
}

struct RemovalLog {
    removals: Vec<Removal>,
    /// Non-whitespace characters removed by rules and learned boilerplate.
    boilerplate_chars: usize,
    /// Non-whitespace characters removed as repeats.
    repeat_chars: usize,
    /// Non-whitespace characters removed by the learned tail block (a part of
    /// `boilerplate_chars`).
    tail_block_chars: usize,
}

impl RemovalLog {
    fn record(&mut self, rule: &str, text: &str) {
        let characters = count_visible_chars(text);
        if rule == REPEATED_PARAGRAPH_RULE || rule == REPEATED_SENTENCE_RULE {
            self.repeat_chars += characters;
        } else {
            if rule == LEARNED_TAIL_BLOCK_RULE {
                self.tail_block_chars += characters;
            }
            self.boilerplate_chars += characters;
        }
        self.removals.push(Removal {
            rule: rule.to_string(),
            text: text.to_string(),
        });
    }
}

/// Cleans a body given its source and URL (see [`clean_article`]).
pub fn clean_text(
    body: &str,
    source: Option<&str>,
    url: Option<&str>,
    rules: &RuleSet,
    stats: &BoilerplateStats,
    config: &CleanConfig,
) -> CleanOutput {
    let host = url.and_then(url_host);
    let raw_lines: Vec<&str> = body.lines().map(str::trim).collect();
    let non_empty_total = raw_lines.iter().filter(|line| !line.is_empty()).count();
    let mut log = RemovalLog {
        removals: Vec::new(),
        boilerplate_chars: 0,
        repeat_chars: 0,
        tail_block_chars: 0,
    };
    let mut extracted_urls = Vec::new();
    let mut slots: Vec<Slot> = Vec::with_capacity(raw_lines.len());
    let mut normalized = String::new();
    let mut key_scratch = Vec::new();
    let mut non_empty_index = 0;
    // Set after a bare "read also" header: (rule name, titles still allowed).
    let mut related_block: Option<(String, usize)> = None;

    for (line_index, raw_line) in raw_lines.iter().enumerate() {
        if raw_line.is_empty() {
            // Related-article titles are one contiguous list.
            related_block = None;
            slots.push(Slot::Blank);
            continue;
        }
        let context = LineContext {
            source,
            host: host.as_deref(),
            is_head: non_empty_index < config.edge_window_lines,
            is_tail: non_empty_index + config.edge_window_lines >= non_empty_total,
        };
        non_empty_index += 1;

        if let Some((header_rule, remaining)) = related_block.take() {
            normalize_into(raw_line, DigitFolding::Keep, &mut normalized);
            let matches_a_rule = rules
                .match_whole_line(raw_line, &normalized, context)
                .is_some();
            if remaining > 0 && !matches_a_rule && looks_like_related_title(raw_line, config) {
                log.record(&format!("{header_rule}{RELATED_TITLE_SUFFIX}"), raw_line);
                slots.push(Slot::Removed);
                related_block = Some((header_rule, remaining - 1));
                continue;
            }
        }

        let mut line: Cow<'_, str> = Cow::Borrowed(raw_line);
        let mut fragment_rounds = 0;
        // Whether `normalized` holds the normalized form of the current `line`.
        let mut normalized_is_current;
        let line_outcome = loop {
            // Most lines are sentences longer than any whole-line rule allows: they
            // are neither normalized nor matched.
            let may_be_whole_line_boilerplate =
                !has_more_words_than(&line, rules.longest_whole_line_words());
            normalized_is_current = may_be_whole_line_boilerplate;
            let whole_line_verdict = if may_be_whole_line_boilerplate {
                normalize_into(&line, DigitFolding::Keep, &mut normalized);
                rules.match_whole_line(&line, &normalized, context)
            } else {
                None
            };
            if let Some(LineVerdict::RemoveLine {
                rule,
                extracted_url,
                then_drop_titles,
            }) = whole_line_verdict
            {
                log.record(rule, &line);
                if let Some(url) = extracted_url {
                    extracted_urls.push(url);
                }
                if then_drop_titles && !has_more_words_than(&line, config.related_header_max_words)
                {
                    related_block = Some((rule.to_string(), config.related_block_max_lines));
                }
                break None;
            }
            // A line has at most a leading and a trailing fragment (and a guard
            // against rules that would keep matching their own output).
            if fragment_rounds >= 2 {
                break Some(line);
            }
            fragment_rounds += 1;
            match rules.match_fragment(&line, context) {
                Some(LineVerdict::RemoveFragment {
                    rule,
                    removed,
                    kept,
                }) => {
                    log.record(rule, &removed);
                    if kept.is_empty() {
                        break None;
                    }
                    line = Cow::Owned(kept);
                }
                _ => break Some(line),
            }
        };
        let Some(mut line) = line_outcome else {
            slots.push(Slot::Removed);
            continue;
        };
        if let (true, Some(source_name)) = (context.is_head, source) {
            let split = split_learned_byline(&line, source_name, stats, &config.learned)
                .map(|(removed, kept)| (removed.to_string(), kept.to_string()));
            if let Some((removed, kept)) = split {
                log.record(LEARNED_BYLINE_PREFIX_RULE, &removed);
                line = Cow::Owned(kept);
                normalized_is_current = false;
            }
        }
        if let Some(source_name) = source {
            let key = if exceeds_chars(&line, config.learned.max_line_chars) {
                None
            } else if normalized_is_current {
                line_key_from_normalized(&normalized, &mut key_scratch)
            } else {
                line_key(&line, &config.learned)
            };
            let learned =
                key.is_some_and(|key| stats.is_boilerplate_key(source_name, key, &config.learned));
            let next_line = raw_lines[line_index + 1..]
                .iter()
                .find(|candidate| !candidate.is_empty())
                .copied();
            if learned && !is_recurring_label(&line, context, next_line, config) {
                log.record(LEARNED_BOILERPLATE_RULE, &line);
                slots.push(Slot::Removed);
                continue;
            }
        }
        slots.push(Slot::Kept(line));
    }

    if let Some(source_name) = source {
        remove_learned_tail_block(&mut slots, source_name, stats, config, &mut log);
    }

    // Repeats: decide over the kept lines first (the decisions borrow them), then apply.
    let mut repeat_outcomes: Vec<(usize, RepeatOutcome)> = Vec::new();
    {
        let mut repeats = ArticleRepeats::new(
            config.min_repeated_paragraph_words,
            config.min_repeated_sentence_words,
        );
        for (index, slot) in slots.iter().enumerate() {
            let Slot::Kept(line) = slot else {
                continue;
            };
            let outcome = repeats.filter_line(line);
            if outcome != RepeatOutcome::Keep {
                repeat_outcomes.push((index, outcome));
            }
        }
    }
    let repeat_outcomes = keep_isolated_short_repeats(&slots, repeat_outcomes, config);
    for (index, outcome) in repeat_outcomes {
        let Some(slot) = slots.get_mut(index) else {
            continue;
        };
        let Slot::Kept(line) = slot else {
            continue;
        };
        match outcome {
            RepeatOutcome::Keep => {}
            RepeatOutcome::RemoveParagraph => {
                log.record(REPEATED_PARAGRAPH_RULE, line);
                *slot = Slot::Removed;
            }
            RepeatOutcome::RemoveSentences { kept, removed } => {
                for sentence in &removed {
                    log.record(REPEATED_SENTENCE_RULE, sentence);
                }
                *slot = if kept.is_empty() {
                    Slot::Removed
                } else {
                    Slot::Kept(Cow::Owned(kept))
                };
            }
        }
    }

    let cleaned_text = assemble_text(&slots);
    if log.removals.is_empty() {
        return CleanOutput {
            text: cleaned_text,
            removed: Vec::new(),
            flags: Vec::new(),
            extracted_urls,
        };
    }
    let original_chars = count_visible_chars(body);
    // The text the safety check protects: unique text (a body pasted twice loses
    // nothing), and, by default, without the teasers of other stories at its end.
    let excluded_tail_chars = if config.safety_excludes_learned_tail_block {
        log.tail_block_chars
    } else {
        0
    };
    let own_chars = original_chars
        .saturating_sub(log.repeat_chars)
        .saturating_sub(excluded_tail_chars);
    let own_removed_chars = log.boilerplate_chars.saturating_sub(excluded_tail_chars);
    let removes_too_much =
        (own_removed_chars as f64) > config.max_removed_fraction * (own_chars as f64);
    let removes_everything = cleaned_text.is_empty() && original_chars > 0;
    if !log.removals.is_empty() && (removes_too_much || removes_everything) {
        let withheld = log
            .removals
            .into_iter()
            .map(|removal| Removal {
                rule: format!("{WITHHELD_RULE_PREFIX}{}", removal.rule),
                text: removal.text,
            })
            .collect();
        return CleanOutput {
            text: assemble_text(
                &raw_lines
                    .iter()
                    .map(|line| {
                        if line.is_empty() {
                            Slot::Blank
                        } else {
                            Slot::Kept(Cow::Borrowed(line))
                        }
                    })
                    .collect::<Vec<_>>(),
            ),
            removed: withheld,
            flags: vec![KEPT_ORIGINAL_FLAG.to_string()],
            extracted_urls,
        };
    }
    CleanOutput {
        text: cleaned_text,
        removed: log.removals,
        flags: Vec::new(),
        extracted_urls,
    }
}

/// Drops the repeat decisions of short repeats that stand alone (see
/// `CleanConfig::min_isolated_repeat_words`): their lines are kept whole.
fn keep_isolated_short_repeats(
    slots: &[Slot<'_>],
    repeat_outcomes: Vec<(usize, RepeatOutcome)>,
    config: &CleanConfig,
) -> Vec<(usize, RepeatOutcome)> {
    let min_words = config.min_isolated_repeat_words;
    if min_words == 0 || repeat_outcomes.is_empty() {
        return repeat_outcomes;
    }
    let kept_indices: Vec<usize> = slots
        .iter()
        .enumerate()
        .filter_map(|(index, slot)| matches!(slot, Slot::Kept(_)).then_some(index))
        .collect();
    let repeated: std::collections::HashSet<usize> =
        repeat_outcomes.iter().map(|(index, _)| *index).collect();
    let is_short = |text: &str| !has_more_words_than(text, min_words - 1);
    let has_repeated_neighbour = |index: usize| {
        let Ok(position) = kept_indices.binary_search(&index) else {
            return false;
        };
        let previous = position.checked_sub(1).and_then(|p| kept_indices.get(p));
        let next = kept_indices.get(position + 1);
        previous.is_some_and(|p| repeated.contains(p)) || next.is_some_and(|n| repeated.contains(n))
    };
    repeat_outcomes
        .into_iter()
        .filter(|(index, outcome)| {
            let all_short = match outcome {
                RepeatOutcome::Keep => false,
                RepeatOutcome::RemoveParagraph => match &slots[*index] {
                    Slot::Kept(line) => is_short(line),
                    _ => false,
                },
                RepeatOutcome::RemoveSentences { removed, .. } => {
                    removed.iter().all(|sentence| is_short(sentence))
                }
            };
            !all_short || has_repeated_neighbour(*index)
        })
        .collect()
}

/// Removes the run of recurring lines at the end of the body (teasers of other
/// stories), see `LearnedBoilerplateConfig::tail_block_min_articles`.
fn remove_learned_tail_block(
    slots: &mut [Slot<'_>],
    source: &str,
    stats: &BoilerplateStats,
    config: &CleanConfig,
    log: &mut RemovalLog,
) {
    let learned = &config.learned;
    if !learned.enabled {
        return;
    }
    let count_of =
        |line: &str| line_key(line, learned).map_or(0, |key| stats.line_article_count(source, key));
    let kept_indices: Vec<usize> = slots
        .iter()
        .enumerate()
        .filter_map(|(index, slot)| matches!(slot, Slot::Kept(_)).then_some(index))
        .collect();
    let mut block_start = kept_indices.len();
    while block_start > 0 {
        let Slot::Kept(line) = &slots[kept_indices[block_start - 1]] else {
            break;
        };
        if count_of(line) < learned.tail_block_min_articles {
            break;
        }
        block_start -= 1;
    }
    let block_lines = kept_indices.len() - block_start;
    if block_lines < learned.tail_block_min_lines || block_start == 0 {
        return;
    }
    const RECURRING_COUNT: u32 = 2;
    let recurring_body_lines = kept_indices[..block_start]
        .iter()
        .filter(|index| match &slots[**index] {
            Slot::Kept(line) => count_of(line) >= RECURRING_COUNT,
            _ => false,
        })
        .count();
    let recurring_fraction = recurring_body_lines as f64 / block_start as f64;
    if recurring_fraction > learned.tail_block_max_body_recurring_fraction {
        return;
    }
    for index in &kept_indices[block_start..] {
        if let Slot::Kept(line) = &slots[*index] {
            log.record(LEARNED_TAIL_BLOCK_RULE, line);
        }
        slots[*index] = Slot::Removed;
    }
}

/// Whether a learned line is a recurring label of the article's own content (kept),
/// see `LearnedBoilerplateConfig::middle_label_max_words` and `keep_colon_labels`.
fn is_recurring_label(
    line: &str,
    context: LineContext<'_>,
    next_line: Option<&str>,
    config: &CleanConfig,
) -> bool {
    let learned = &config.learned;
    let introduces_next_line =
        learned.keep_colon_labels && next_line.is_some() && line.trim_end().ends_with([':', '：']);
    if introduces_next_line {
        return true;
    }
    let is_short = learned.middle_label_max_words > 0
        && !has_more_words_than(line, learned.middle_label_max_words);
    if !is_short || context.is_head {
        return false;
    }
    // In the middle of the article; or in its tail but heading a paragraph (a sign-off
    // or a credit ends the article or is followed by other furniture, never by prose).
    let heads_a_paragraph =
        next_line.is_some_and(|next| has_more_words_than(next, config.rule_max_words));
    !context.is_tail || heads_a_paragraph
}

/// Joins kept lines with `\n`, keeping one blank line where the original had a
/// paragraph break, and no blank lines at either end.
fn assemble_text(slots: &[Slot]) -> String {
    let mut text = String::new();
    let mut pending_blank = false;
    for slot in slots {
        match slot {
            Slot::Blank => pending_blank = true,
            Slot::Removed => {}
            Slot::Kept(line) => {
                if !text.is_empty() {
                    text.push_str(if pending_blank { "\n\n" } else { "\n" });
                }
                text.push_str(line);
                pending_blank = false;
            }
        }
    }
    text
}

fn looks_like_related_title(line: &str, config: &CleanConfig) -> bool {
    let ends_like_sentence = line
        .chars()
        .last()
        .is_some_and(|last| matches!(last, '.' | '!' | '?' | '؟' | ':' | '؛' | ';' | '،' | ','));
    !ends_like_sentence && crate::normalize::word_count(line) <= config.related_title_max_words
}

/// The lowercase host of `url`, without `www.` and port, if it has one.
pub fn url_host(url: &str) -> Option<String> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = after_scheme.split(['/', '?', '#']).next()?;
    let without_user = authority.rsplit('@').next()?;
    let host = without_user.split(':').next()?.trim().to_ascii_lowercase();
    if host.is_empty() {
        return None;
    }
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LearnedBoilerplateConfig;

    fn clean(body: &str, source: Option<&str>, stats: &BoilerplateStats) -> CleanOutput {
        let config = CleanConfig::default();
        let rules = RuleSet::with_builtin(&config.extra_rules, config.rule_max_words)
            .expect("built-in rules compile");
        clean_text(body, source, None, &rules, stats, &config)
    }

    /// The rule of each removal, in order.
    fn removal_rules(output: &CleanOutput) -> Vec<&str> {
        output
            .removed
            .iter()
            .map(|removal| removal.rule.as_str())
            .collect()
    }

    const PARAGRAPH_ONE: &str = "أعلنت وزارة الصحة اليوم عن افتتاح ثلاثة مستشفيات جديدة في المنطقة الشرقية بطاقة استيعابية تبلغ ألف سرير.";
    const PARAGRAPH_TWO: &str = "وأوضح المتحدث الرسمي أن المشاريع الجديدة تأتي ضمن خطة شاملة لتطوير الخدمات الصحية في جميع المناطق.";
    const PARAGRAPH_THREE: &str = "وأشار إلى أن الوزارة تعمل على توظيف أكثر من خمسة آلاف ممرض وممرضة خلال العامين المقبلين لتشغيل المستشفيات.";

    #[test]
    fn removes_widgets_keeps_paragraph_structure() {
        let body = format!(
            "عين اليوم – متابعات\n{PARAGRAPH_ONE}\n\nشارك: فيسبوك | تويتر | واتساب\n\n{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}\n\nاقرأ أيضاً:\nافتتاح مستشفى الملك فهد الجديد\nوزير الصحة يزور جازان\n\nجميع الحقوق محفوظة © 2015"
        );
        let output = clean(&body, None, &BoilerplateStats::new());
        assert_eq!(
            output.text,
            format!("{PARAGRAPH_ONE}\n\n{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}")
        );
        let rules = removal_rules(&output);
        assert_eq!(
            rules,
            vec![
                "dash_byline",
                "share_bar",
                "read_also",
                "read_also/title",
                "read_also/title",
                "copyright_notice"
            ]
        );
        assert!(output.flags.is_empty());
    }

    #[test]
    fn trailer_is_cut_from_a_content_line() {
        let body = format!(
            "{PARAGRAPH_ONE}\n{PARAGRAPH_TWO} رابط الخبر بصحيفة الوئام: افتتاح ثلاثة مستشفيات"
        );
        let output = clean(&body, None, &BoilerplateStats::new());
        assert_eq!(output.text, format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}"));
        assert_eq!(output.removed.len(), 1);
        assert_eq!(output.removed[0].rule, "report_trailer");
    }

    #[test]
    fn learned_boilerplate_removed_for_its_source_only() {
        let config = CleanConfig::default();
        let mut stats = BoilerplateStats::new();
        for index in 0..12 {
            let unique = "ج".repeat(index + 1);
            let body = format!("خبر فريد {unique} عن حدث ما\nوعلى دروب الخير نلتقي.");
            stats.observe_body("paper", &body, &config.learned);
        }
        let body = format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\nوعلى دروب الخير نلتقي.");
        let output = clean(&body, Some("paper"), &stats);
        assert_eq!(output.text, format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}"));
        assert_eq!(output.removed[0].rule, LEARNED_BOILERPLATE_RULE);
        let other_source = clean(&body, Some("other"), &stats);
        assert!(other_source.removed.is_empty());
    }

    #[test]
    fn too_much_removed_keeps_original_and_flags() {
        let body = format!("{PARAGRAPH_ONE}\nتابعونا على تويتر وفيسبوك وانستغرام ويوتيوب وسناب شات\nجميع الحقوق محفوظة لصحيفة المثال الإلكترونية الأولى في المنطقة\nاشترك في النشرة البريدية ليصلك كل جديد من أخبار المنطقة يوميا");
        let output = clean(&body, None, &BoilerplateStats::new());
        assert_eq!(output.flags, vec![KEPT_ORIGINAL_FLAG.to_string()]);
        assert_eq!(output.text, body);
        assert_eq!(output.removed.len(), 3);
        assert!(output
            .removed
            .iter()
            .all(|removal| removal.rule.starts_with(WITHHELD_RULE_PREFIX)));
    }

    #[test]
    fn all_boilerplate_is_kept_and_flagged_empty_stays_empty() {
        let output = clean("// انتهى //", None, &BoilerplateStats::new());
        assert_eq!(output.text, "// انتهى //");
        assert_eq!(output.flags, vec![KEPT_ORIGINAL_FLAG.to_string()]);
        let empty = clean("  \n\n", None, &BoilerplateStats::new());
        assert_eq!(empty.text, "");
        assert!(empty.flags.is_empty() && empty.removed.is_empty());
    }

    #[test]
    fn body_pasted_twice_is_kept_once_without_flag() {
        let body = format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}\n{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}");
        let output = clean(&body, None, &BoilerplateStats::new());
        assert_eq!(
            output.text,
            format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}")
        );
        assert_eq!(output.removed.len(), 3);
        assert!(output.flags.is_empty());
    }

    #[test]
    fn sms_template_glued_after_columnist_email_is_removed_with_the_email() {
        let body = format!(
            "{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n\nt:@katib_khayali@example.comللتواصل مع الكاتب ارسل رسالة SMS تبدأ بالرمز (321) ثم مسافة ثم نص الرسالة إلى 12345 - Stc 67890 - Zain"
        );
        let output = clean(&body, None, &BoilerplateStats::new());
        assert_eq!(output.text, format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}"));
        let rules = removal_rules(&output);
        assert_eq!(rules, vec!["sms_contact_trailer", "contact_email"]);
        assert!(output.removed[0].text.starts_with("للتواصل مع الكاتب"));
        assert_eq!(output.removed[1].text, "t:@katib_khayali@example.com");
        assert!(output.flags.is_empty());
    }

    #[test]
    fn sms_template_glued_after_last_sentence_keeps_the_sentence() {
        let body = format!(
            "{PARAGRAPH_ONE}\n{PARAGRAPH_TWO} للتواصل مع الكاتبة أرسل رسالة قصيرة إلى 55555"
        );
        let output = clean(&body, None, &BoilerplateStats::new());
        assert_eq!(output.text, format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}"));
        assert_eq!(output.removed.len(), 1);
        assert_eq!(output.removed[0].rule, "sms_contact_trailer");
        // Not in the tail: a sentence that happens to contain the words stays.
        let middle = format!(
            "للتواصل مع الكاتب أرسل رسالة إلى المحرر كما قال الوزير في كلمته أمام الحضور\n{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}\n{PARAGRAPH_ONE} وأضاف"
        );
        let kept = clean(&middle, None, &BoilerplateStats::new());
        assert!(kept
            .removed
            .iter()
            .all(|removal| removal.rule != "sms_contact_trailer"));
    }

    #[test]
    fn agency_credit_glued_after_last_sentence_is_cut() {
        let body = format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO} \"الفرنسية\"");
        let output = clean(&body, None, &BoilerplateStats::new());
        assert_eq!(output.text, format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}"));
        assert_eq!(output.removed.len(), 1);
        assert_eq!(output.removed[0].rule, "agency_credit_trailer");
        assert_eq!(output.removed[0].text, "\"الفرنسية\"");
        // An agency named inside the sentence, not after its end, is content.
        let quoted = format!("{PARAGRAPH_ONE}\nوهو ما نقلته عن مصادر رسمية وكالة \"رويترز\"");
        let kept = clean(&quoted, None, &BoilerplateStats::new());
        assert!(kept.removed.is_empty(), "{:?}", kept.removed);
    }

    const TEASERS: [&str; 3] = [
        "افتتح المعرض الدولي للكتاب أبوابه أمام الزوار صباح اليوم بمشاركة مئات دور النشر من عشرين دولة عربية وأجنبية.",
        "سجلت درجات الحرارة أرقاما قياسية في عدد من المدن الساحلية خلال الأسبوع الماضي وفق بيانات هيئة الأرصاد.",
        "أعلن الاتحاد المحلي لكرة القدم عن جدول مباريات الموسم الجديد الذي ينطلق مطلع الشهر المقبل بمشاركة ستة عشر ناديا.",
    ];

    fn stats_with_teasers(config: &CleanConfig) -> BoilerplateStats {
        let mut stats = BoilerplateStats::new();
        for index in 0..6 {
            let unique = "ق".repeat(index + 2);
            let body = format!(
                "خبر مختلف رقم {unique} عن موضوع آخر تماما\n{}",
                TEASERS.join("\n")
            );
            stats.observe_body("teaser_site", &body, &config.learned);
        }
        stats
    }

    #[test]
    fn short_story_followed_by_teasers_is_cleaned_not_kept_whole() {
        let config = CleanConfig::default();
        let stats = stats_with_teasers(&config);
        let rules = RuleSet::with_builtin(&config.extra_rules, config.rule_max_words)
            .expect("built-in rules compile");
        let body = format!("{PARAGRAPH_ONE}\n{}", TEASERS.join("\n"));
        let output = clean_text(&body, Some("teaser_site"), None, &rules, &stats, &config);
        assert_eq!(output.text, PARAGRAPH_ONE);
        assert!(output.flags.is_empty());
        assert_eq!(output.removed.len(), TEASERS.len());
        assert!(output
            .removed
            .iter()
            .all(|removal| removal.rule == LEARNED_TAIL_BLOCK_RULE));

        // Counting the tail block in the safety check keeps the article whole.
        let counting_config = CleanConfig {
            safety_excludes_learned_tail_block: false,
            ..CleanConfig::default()
        };
        let counted = clean_text(
            &body,
            Some("teaser_site"),
            None,
            &rules,
            &stats,
            &counting_config,
        );
        assert_eq!(counted.text, body);
        assert_eq!(counted.flags, vec![KEPT_ORIGINAL_FLAG.to_string()]);
    }

    #[test]
    fn safety_still_applies_to_the_story_without_its_teasers() {
        let config = CleanConfig::default();
        let stats = stats_with_teasers(&config);
        let rules = RuleSet::with_builtin(&config.extra_rules, config.rule_max_words)
            .expect("built-in rules compile");
        // The story's own text is mostly furniture: kept whole, flagged.
        let body = format!(
            "جولة سريعة\nتابعونا على تويتر وفيسبوك وانستغرام ويوتيوب وسناب شات\nجميع الحقوق محفوظة لصحيفة المثال الإلكترونية الأولى في المنطقة\n{}",
            TEASERS.join("\n")
        );
        let output = clean_text(&body, Some("teaser_site"), None, &rules, &stats, &config);
        assert_eq!(output.text, body);
        assert_eq!(output.flags, vec![KEPT_ORIGINAL_FLAG.to_string()]);
    }

    #[test]
    fn recurring_section_labels_are_kept_furniture_is_removed() {
        let config = CleanConfig::default();
        let mut stats = BoilerplateStats::new();
        let disclaimer = "تنويه من التحرير بأن الأرقام الواردة تقديرية وغير نهائية";
        for index in 0..12 {
            let unique = "ع".repeat(index + 2);
            let body = format!(
                "تقرير السوق {unique} الأول\nأداء القطاعات\nنص متغير {unique} هنا\n{disclaimer}\nنص آخر {unique}\nالسطر الأخير:\nخاتمة {unique}\nإلى اللقاء.."
            );
            stats.observe_body("market", &body, &config.learned);
        }
        let closing = "وفي الختام نتمنى للجميع التوفيق والسداد في مسعاهم.";
        let fourth =
            "وارتفع مؤشر السوق الرئيسي بنسبة طفيفة في ختام تعاملات الأسبوع وسط تداولات هادئة.";
        let sixth = "وتراجعت أسهم قطاع البتروكيماويات بعد إعلان نتائج الربع الثاني لعدد من الشركات.";
        // The middle label is the fourth non-empty line: outside the 3-line head window.
        let body = format!(
            "{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}\nأداء القطاعات\n{fourth}\n{disclaimer}\n{sixth}\nالسطر الأخير:\n{closing}\nإلى اللقاء.."
        );
        let output = clean(&body, Some("market"), &stats);
        assert_eq!(
            output.text,
            format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}\nأداء القطاعات\n{fourth}\n{sixth}\nالسطر الأخير:\n{closing}")
        );
        let removed: Vec<&str> = output
            .removed
            .iter()
            .map(|removal| removal.text.as_str())
            .collect();
        assert_eq!(removed, vec![disclaimer, "إلى اللقاء.."]);

        // With both guards off, the labels go as learned boilerplate too.
        let strict_config = CleanConfig {
            learned: LearnedBoilerplateConfig {
                middle_label_max_words: 0,
                keep_colon_labels: false,
                ..LearnedBoilerplateConfig::default()
            },
            ..CleanConfig::default()
        };
        let rules = RuleSet::with_builtin(&strict_config.extra_rules, strict_config.rule_max_words)
            .expect("built-in rules compile");
        let strict = clean_text(&body, Some("market"), None, &rules, &stats, &strict_config);
        assert_eq!(strict.removed.len(), 4);
    }

    #[test]
    fn share_bar_glued_before_the_lead_is_cut() {
        let body =
            format!("شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك {PARAGRAPH_ONE}\n{PARAGRAPH_TWO}");
        let output = clean(&body, None, &BoilerplateStats::new());
        assert_eq!(output.text, format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}"));
        assert_eq!(output.removed.len(), 1);
        assert_eq!(output.removed[0].rule, "share_bar_prefix");
        // One network named in a sentence is not a share bar.
        let sentence =
            format!("شارك من خلال تويتر آلاف المستخدمين في حملة لدعم المرضى.\n{PARAGRAPH_ONE}");
        let kept = clean(&sentence, None, &BoilerplateStats::new());
        assert!(kept.removed.is_empty(), "{:?}", kept.removed);
    }

    #[test]
    fn tag_list_on_the_last_line_is_removed_in_the_tail_only() {
        let body = format!(
            "{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\nدمتم..\nسمات الصحة المستشفيات المنطقة الشرقية"
        );
        let output = clean(&body, None, &BoilerplateStats::new());
        assert_eq!(
            output.text,
            format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\nدمتم..")
        );
        assert_eq!(output.removed.len(), 1);
        assert_eq!(output.removed[0].rule, "tag_list_sumat_line");
        let heading_in_the_middle = format!(
            "{PARAGRAPH_ONE}\nسمات المرحلة المقبلة\n{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}\nوأضاف المتحدث أن العمل مستمر.\nوختم بالشكر للجميع على تعاونهم."
        );
        let kept = clean(&heading_in_the_middle, None, &BoilerplateStats::new());
        assert!(kept.removed.is_empty(), "{:?}", kept.removed);
    }

    #[test]
    fn agency_alone_before_the_lead_and_embed_captions_are_removed() {
        let body = format!(
            "(CNN)-- {PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\nA post shared by Some Singer (@some.singer) on Mar 3, 2018 at 9:41am PST\n{PARAGRAPH_THREE}"
        );
        let output = clean(&body, None, &BoilerplateStats::new());
        assert_eq!(
            output.text,
            format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}")
        );
        let rules = removal_rules(&output);
        assert_eq!(rules, vec!["agency_dateline_prefix", "embed_caption"]);
    }

    #[test]
    fn versions_of_one_story_keep_their_shared_end() {
        let config = CleanConfig::default();
        let rules = RuleSet::with_builtin(&config.extra_rules, config.rule_max_words)
            .expect("built-in rules compile");
        // Versions of one story: all share the last paragraphs (in 5 articles), three
        // share the middle (in 3): the shared end is the story's own text.
        let mut versions_stats = BoilerplateStats::new();
        let shared_end = TEASERS.join("\n");
        let latest =
            format!("تحديث أخير {PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}\n{shared_end}");
        for version in 0..4 {
            let update = "تحديث ".repeat(version + 1);
            let middle = if version < 2 {
                format!("{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}")
            } else {
                format!("فقرة وسطى مختلفة في النسخة {update}")
            };
            let body = format!("{update}{PARAGRAPH_ONE}\n{middle}\n{shared_end}");
            versions_stats.observe_body("wire", &body, &config.learned);
        }
        versions_stats.observe_body("wire", &latest, &config.learned);
        let kept = clean_text(
            &latest,
            Some("wire"),
            None,
            &rules,
            &versions_stats,
            &config,
        );
        assert_eq!(kept.text, latest);
        assert!(kept.removed.is_empty(), "{:?}", kept.removed);
    }

    #[test]
    fn recurring_heading_in_the_tail_is_kept_when_a_paragraph_follows() {
        let config = CleanConfig::default();
        let mut stats = BoilerplateStats::new();
        for index in 0..12 {
            let unique = "ط".repeat(index + 2);
            let body = format!("افتتاحية {unique}\nأداء الأسهم\nتفاصيل {unique}\nإلى اللقاء..");
            stats.observe_body("market", &body, &config.learned);
        }
        let closing_paragraph = "وتراجعت أسهم ثمانية قطاعات في ختام التعاملات بينما ارتفعت أسهم قطاعي المصارف والتأمين بنسب طفيفة.";
        // The heading is the fourth of six lines: in the 3-line tail window.
        let body = format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}\nأداء الأسهم\n{closing_paragraph}\nإلى اللقاء..");
        let output = clean(&body, Some("market"), &stats);
        assert_eq!(
            output.text,
            format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}\nأداء الأسهم\n{closing_paragraph}")
        );
        // A short learned line in the tail followed by furniture is furniture.
        let signed = format!(
            "{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}\nأداء الأسهم\nإلى اللقاء.."
        );
        let removed = clean(&signed, Some("market"), &stats);
        assert_eq!(
            removed.text,
            format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n{PARAGRAPH_THREE}")
        );
    }

    #[test]
    fn short_formula_repeated_alone_is_kept_short_lines_pasted_twice_are_not() {
        let formula = "وقد صدر قرار وزاري بذلك.";
        let body = format!("أولا:\n{PARAGRAPH_ONE}\n{formula}\nثانيا:\n{PARAGRAPH_TWO}\n{formula}");
        let output = clean(&body, None, &BoilerplateStats::new());
        assert_eq!(output.text, body);
        assert!(output.removed.is_empty(), "{:?}", output.removed);

        let short_one = "وصل الوفد الرسمي إلى العاصمة صباح اليوم.";
        let short_two = "وكان في استقباله عدد من المسؤولين في المطار.";
        let pasted = format!("{short_one}\n{short_two}\n{short_one}\n{short_two}");
        let deduplicated = clean(&pasted, None, &BoilerplateStats::new());
        assert_eq!(deduplicated.text, format!("{short_one}\n{short_two}"));
        assert_eq!(deduplicated.removed.len(), 2);
    }

    #[test]
    fn two_writer_dateline_and_author_bio_note_are_removed() {
        let body = format!(
            "سالم الراوي، فهد الكاتب- سبق- جدة: {PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n* كاتب وباحث في الشؤون الاقتصادية"
        );
        let output = clean(&body, None, &BoilerplateStats::new());
        assert_eq!(output.text, format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}"));
        let rules = removal_rules(&output);
        assert_eq!(rules, vec!["outlet_dateline_prefix", "author_bio_note"]);
        // A bulleted headline naming an official is not a bio note.
        let bullets =
            format!("{PARAGRAPH_ONE}\n{PARAGRAPH_TWO}\n* رئيس الوزراء يفتتح المعرض الدولي");
        let kept = clean(&bullets, None, &BoilerplateStats::new());
        assert!(kept.removed.is_empty(), "{:?}", kept.removed);
    }

    #[test]
    fn url_host_strips_scheme_www_and_port() {
        assert_eq!(
            url_host("https://www.Alweeam.com.sa:443/news/1").as_deref(),
            Some("alweeam.com.sa")
        );
        assert_eq!(
            url_host("arabic.rt.com/news").as_deref(),
            Some("arabic.rt.com")
        );
        assert_eq!(url_host("").as_deref(), None);
    }
}
