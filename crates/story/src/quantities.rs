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

/// One reported quantity: the figure and the skeleton of the counted noun
/// (empty when no noun follows the figure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Quantity {
    figure: u64,
    counted_noun: String,
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
    let same_distinctive_figure = left.figure == right.figure && left.figure >= 2;
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

/// A year (1900–2100) counts nothing.
fn is_year(figure: u64) -> bool {
    (1900..=2100).contains(&figure)
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
    for (position, token) in tokens.iter().enumerate() {
        if !token.is_number {
            continue;
        }
        let Ok(figure) = story.interner.term(token.term_id).parse::<u64>() else {
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
            figure,
            counted_noun: consonant_skeleton(counted_noun),
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
    fn years_and_month_names_are_not_quantities() {
        assert!(is_year(2018));
        assert!(!is_year(39));
        assert!(is_month(&consonant_skeleton("سبتمبر")));
        assert!(is_month(&consonant_skeleton("تشرين")));
        assert!(!is_month(&consonant_skeleton("شخص")));
        assert!(is_unit(&consonant_skeleton("عام")));
        assert!(is_magnitude(&consonant_skeleton("مليار")));
        assert!(!is_unit(&consonant_skeleton("شخص")));
    }
}
