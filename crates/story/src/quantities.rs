//! The quantities a sentence reports: a number with the noun it counts
//! («قتل 39 شخصاً», «وصل 5 قتلى»). Two outlets often give one count in
//! different words and even with different figures («39 شخصاً» per one,
//! «36 شخصاً» per another), sharing little else; the summary uses the
//! quantities to refuse a sentence that reports a count it already reports.
//!
//! A sentence *reports the same quantity* as another when both count the
//! same noun (by consonant skeleton, whatever the figure), or when both
//! state the same figure of at least 2 that is not a year or a day of a
//! month («5 فلسطينيين» and «5 قتلى»: one count of the dead).
//!
//! Figures are read as written in any of the forms outlets use: digits with
//! a decimal point or comma («4.4 مليار» and «4,4 مليار» are one figure; a
//! comma or point before exactly three digits groups thousands, «1,500»),
//! and the cardinal words from two to ten («ستة أطفال» counts children
//! like «6 أطفال»).

use std::sync::LazyLock;

use crate::analyzed_story::{AnalyzedSentence, AnalyzedStory, AnalyzedToken};
use crate::skeleton::consonant_skeleton;

/// Month names (Gregorian and Levantine, light10 stems and common spellings):
/// «11 سبتمبر» is a date, not a count of anything.
const MONTH_SKELETONS_SOURCE: [&str; 26] = [
    "يناير",
    "فبراير",
    "مارس",
    "ابريل",
    "أبريل",
    "مايو",
    "يونيو",
    "يونيه",
    "يوليو",
    "يوليه",
    "اغسطس",
    "أغسطس",
    "سبتمبر",
    "اكتوبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون",
    "شباط",
    "اذار",
    "نيسان",
    "ايار",
    "حزيران",
    "تموز",
    "ايلول",
    "تشرين",
];

/// Words of magnitude, skipped to find what is counted: «583 مليون حساب».
const MAGNITUDE_SOURCE: [&str; 7] = ["ألف", "آلاف", "الف", "مليون", "ملايين", "مليار", "مليارات"];

/// Units: a figure in years, days, dollars or per cent measures, it counts
/// nothing, so two such figures are compared by the figure only («76 عاما»
/// of age and «300 عام» before his birth are two quantities).
const UNIT_SOURCE: [&str; 24] = [
    "ثانية",
    "دقيقة",
    "دقائق",
    "ساعة",
    "ساعات",
    "يوم",
    "أيام",
    "اسبوع",
    "أسبوع",
    "شهر",
    "أشهر",
    "عام",
    "أعوام",
    "سنة",
    "سنوات",
    "دولار",
    "يورو",
    "جنيه",
    "ريال",
    "درهم",
    "دينار",
    "ليرة",
    "بالمئة",
    "كيلومتر",
];

/// Cardinal number words from two to ten, as written (masculine and
/// feminine forms, with and without hamza), with their value.
const NUMBER_WORDS: [(&str, u64); 24] = [
    ("اثنان", 2),
    ("اثنين", 2),
    ("اثنتان", 2),
    ("اثنتين", 2),
    ("ثلاثة", 3),
    ("ثلاث", 3),
    ("أربعة", 4),
    ("اربعة", 4),
    ("أربع", 4),
    ("خمسة", 5),
    ("خمس", 5),
    ("ستة", 6),
    ("سبعة", 7),
    ("سبع", 7),
    ("ثمانية", 8),
    ("ثماني", 8),
    ("تسعة", 9),
    ("تسع", 9),
    ("عشرة", 10),
    ("عشر", 10),
    ("ثلاثه", 3),
    ("اربعه", 4),
    ("خمسه", 5),
    ("سته", 6),
];

/// Figures are kept in thousandths, so that decimals compare exactly.
const FIGURE_SCALE: u64 = 1000;

/// One reported quantity: the figure (in thousandths) and the skeleton of
/// the counted noun (empty when no noun follows the figure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Quantity {
    figure: u64,
    counted_noun: String,
    /// Whether the figure alone ties two sentences: written in digits. The
    /// words two to ten are too common («ثلاثة أيام», «ثلاثة لاعبين») to
    /// tie two sentences without the same counted noun.
    figure_is_distinctive: bool,
}

/// The quantities of the chosen sentences (and of the main event's
/// wordings), which a candidate must not report again.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReportedQuantities {
    quantities: Vec<Quantity>,
}

impl ReportedQuantities {
    pub(crate) fn add(&mut self, quantities: &[Quantity]) {
        for quantity in quantities {
            if !self.quantities.contains(quantity) {
                self.quantities.push(quantity.clone());
            }
        }
    }

    /// Does any of `quantities` report a count already reported?
    pub(crate) fn reports_again(&self, quantities: &[Quantity]) -> bool {
        quantities.iter().any(|candidate| {
            self.quantities
                .iter()
                .any(|reported| same_count(candidate, reported))
        })
    }
}

fn same_count(left: &Quantity, right: &Quantity) -> bool {
    let same_noun = !left.counted_noun.is_empty() && left.counted_noun == right.counted_noun;
    let same_distinctive_figure = left.figure_is_distinctive
        && right.figure_is_distinctive
        && left.figure == right.figure
        && left.figure >= 2 * FIGURE_SCALE;
    same_noun || same_distinctive_figure
}

static MONTH_SKELETONS: LazyLock<Vec<String>> = LazyLock::new(|| {
    MONTH_SKELETONS_SOURCE
        .iter()
        .map(|month| consonant_skeleton(month))
        .collect()
});

static MAGNITUDE_SKELETONS: LazyLock<Vec<String>> = LazyLock::new(|| {
    MAGNITUDE_SOURCE
        .iter()
        .map(|word| consonant_skeleton(word))
        .collect()
});

static UNIT_SKELETONS: LazyLock<Vec<String>> = LazyLock::new(|| {
    UNIT_SOURCE
        .iter()
        .map(|word| consonant_skeleton(word))
        .collect()
});

fn is_month(skeleton: &str) -> bool {
    MONTH_SKELETONS.iter().any(|month| month == skeleton)
}

fn is_magnitude(skeleton: &str) -> bool {
    MAGNITUDE_SKELETONS.iter().any(|word| word == skeleton)
}

fn is_unit(skeleton: &str) -> bool {
    UNIT_SKELETONS.iter().any(|word| word == skeleton)
}

/// A year (1900–2100, a whole number) counts nothing.
fn is_year(figure: u64) -> bool {
    figure.is_multiple_of(FIGURE_SCALE) && (1900..=2100).contains(&(figure / FIGURE_SCALE))
}

/// A figure written with digits, in thousandths: «39», «4.4», «4,4» (a
/// decimal comma), «1,500» and «1.500» (a separator before exactly three
/// digits groups thousands). `None` for anything else.
fn written_figure(term: &str) -> Option<u64> {
    let mut parts = term.split(['.', ',']);
    let whole_digits = parts.next()?;
    let fraction_digits = parts.next();
    if parts.next().is_some() || whole_digits.is_empty() {
        return None;
    }
    let all_digits = |digits: &str| digits.chars().all(|character| character.is_ascii_digit());
    if !all_digits(whole_digits) {
        return None;
    }
    let whole: u64 = whole_digits.parse().ok()?;
    let Some(fraction_digits) = fraction_digits else {
        return whole.checked_mul(FIGURE_SCALE);
    };
    if fraction_digits.is_empty() || !all_digits(fraction_digits) {
        return None;
    }
    if fraction_digits.len() == 3 {
        let grouped: u64 = format!("{whole_digits}{fraction_digits}").parse().ok()?;
        return grouped.checked_mul(FIGURE_SCALE);
    }
    let thousandths: String = fraction_digits
        .chars()
        .chain("000".chars())
        .take(3)
        .collect();
    let fraction: u64 = thousandths.parse().ok()?;
    whole.checked_mul(FIGURE_SCALE)?.checked_add(fraction)
}

/// A cardinal number word (two to ten) as written, in thousandths; a glued
/// «و» («وستة») is allowed.
fn number_word_figure(written: &str) -> Option<u64> {
    let word = written.strip_prefix('و').filter(|rest| !rest.is_empty());
    NUMBER_WORDS
        .iter()
        .find(|(number_word, _)| *number_word == written || Some(*number_word) == word)
        .map(|(_, value)| value * FIGURE_SCALE)
}

/// The quantities stated in `sentence`.
pub(crate) fn sentence_quantities(
    story: &AnalyzedStory<'_>,
    sentence: &AnalyzedSentence,
) -> Vec<Quantity> {
    let Some(article) = story.articles.get(sentence.article) else {
        return Vec::new();
    };
    let first_token = article
        .tokens
        .partition_point(|token| token.start < sentence.span.start);
    let last_token = article
        .tokens
        .partition_point(|token| token.start < sentence.span.end);
    let tokens = &article.tokens[first_token..last_token];
    let mut quantities = Vec::new();
    let article_text = story.article_text(article);
    for (position, token) in tokens.iter().enumerate() {
        let written = article_text.get(token.start..token.end).unwrap_or("");
        let digits = written_figure(story.interner.term(token.term_id));
        let figure_is_distinctive = digits.is_some();
        let Some(figure) = digits.or_else(|| number_word_figure(written)) else {
            continue;
        };
        if is_year(figure) {
            continue;
        }
        let counted_noun = counted_noun(story, tokens, position);
        let Some(counted_noun) = counted_noun else {
            // The figure is a day of the month: a date, not a count.
            continue;
        };
        quantities.push(Quantity {
            figure,
            counted_noun,
            figure_is_distinctive,
        });
    }
    quantities
}

/// The skeleton of the noun counted by the number at `position`: the first
/// content word after it (stop words and words of magnitude skipped, no
/// punctuation or other number crossed); "" when there is none or it is a
/// unit, `None` when the number is a day of a month.
fn counted_noun(
    story: &AnalyzedStory<'_>,
    tokens: &[AnalyzedToken],
    position: usize,
) -> Option<String> {
    for token in tokens.iter().skip(position + 1) {
        if token.breaks_phrase_before || token.is_number {
            break;
        }
        if token.is_stopword {
            continue;
        }
        let skeleton = consonant_skeleton(story.interner.term(token.term_id));
        if is_month(&skeleton) {
            return None;
        }
        if is_magnitude(&skeleton) {
            continue;
        }
        if is_unit(&skeleton) {
            return Some(String::new());
        }
        return Some(skeleton);
    }
    Some(String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quantity(figure: u64, counted_noun: &str) -> Quantity {
        Quantity {
            figure: figure * FIGURE_SCALE,
            counted_noun: consonant_skeleton(counted_noun),
            figure_is_distinctive: true,
        }
    }

    #[test]
    fn one_count_in_two_figures_or_two_nouns_is_reported_again() {
        let mut reported = ReportedQuantities::default();
        reported.add(&[quantity(39, "شخص"), quantity(5, "فلسطيني")]);
        // Another outlet's figure for the same count.
        assert!(reported.reports_again(&[quantity(36, "شخص")]));
        // The same figure counting another word for the same people.
        assert!(reported.reports_again(&[quantity(5, "قتلى")]));
        // A different count.
        assert!(!reported.reports_again(&[quantity(12, "طفل")]));
        // A figure of 1 is too common to tie two sentences.
        reported.add(&[quantity(1, "")]);
        assert!(!reported.reports_again(&[quantity(1, "مرحلة")]));
    }

    #[test]
    fn figures_are_read_with_decimal_commas_thousands_groups_and_words() {
        assert_eq!(written_figure("39"), Some(39_000));
        assert_eq!(written_figure("4.4"), Some(4_400));
        assert_eq!(written_figure("4,4"), Some(4_400));
        assert_eq!(written_figure("1,500"), Some(1_500_000));
        assert_eq!(written_figure("1.25"), Some(1_250));
        assert_eq!(written_figure("1.2.3"), None);
        assert_eq!(written_figure("4,"), None);
        assert_eq!(written_figure("100D"), None);
        assert_eq!(number_word_figure("ستة"), Some(6_000));
        assert_eq!(number_word_figure("وأربعة"), Some(4_000));
        assert_eq!(number_word_figure("ستار"), None);
        assert_eq!(number_word_figure("و"), None);
        // One figure in two writings is one count.
        let mut reported = ReportedQuantities::default();
        reported.add(&[Quantity {
            figure: written_figure("4.4").unwrap_or_default(),
            counted_noun: String::new(),
            figure_is_distinctive: true,
        }]);
        assert!(reported.reports_again(&[Quantity {
            figure: written_figure("4,4").unwrap_or_default(),
            counted_noun: String::new(),
            figure_is_distinctive: true,
        }]));
        // A number word ties sentences by its counted noun only.
        let mut reported = ReportedQuantities::default();
        reported.add(&[quantity(3, "يوم")]);
        let three_players = Quantity {
            figure: 3 * FIGURE_SCALE,
            counted_noun: consonant_skeleton("لاعب"),
            figure_is_distinctive: false,
        };
        assert!(!reported.reports_again(&[three_players]));
        let six_children = Quantity {
            figure: 6 * FIGURE_SCALE,
            counted_noun: consonant_skeleton("أطفال"),
            figure_is_distinctive: false,
        };
        reported.add(&[quantity(2, "أطفال")]);
        assert!(reported.reports_again(&[six_children]));
    }

    #[test]
    fn years_and_month_names_are_not_quantities() {
        assert!(is_year(2018 * FIGURE_SCALE));
        assert!(!is_year(39 * FIGURE_SCALE));
        assert!(!is_year(2018 * FIGURE_SCALE + 500));
        assert!(is_month(&consonant_skeleton("سبتمبر")));
        assert!(is_month(&consonant_skeleton("تشرين")));
        assert!(!is_month(&consonant_skeleton("شخص")));
        assert!(is_unit(&consonant_skeleton("عام")));
        assert!(is_magnitude(&consonant_skeleton("مليار")));
        assert!(!is_unit(&consonant_skeleton("شخص")));
    }
}
