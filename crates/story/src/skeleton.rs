//! Are two words spellings of one transliterated name? Arabic writes foreign
//! names by ear, so سخيفر/شيفر (Scheffer), ميدفيديف/مدفيديف (Medvedev) and
//! غوغل/جوجل (Google) all occur. Their *consonant skeletons* agree or nearly
//! agree once long vowels and hamza seats are dropped and letters that render
//! the same foreign sound are folded.
//!
//! Native Arabic names differ by exactly such vowels (محمد/محمود, حسن/حسين),
//! so a skeleton match alone is never enough. A merge needs:
//! - both skeletons at least `variant_minimum_skeleton` letters long;
//! - not both words common in the background (common words are established
//!   spellings of distinct words, not variants of one name);
//! - and evidence that grows with the edit distance between the skeletons.
//!   The evidence is *shared context*: the neighbouring words both spellings
//!   have on the same side somewhere in the story, weighed by the sum of their
//!   idf, so that a shared rare name part («ياب دي هوب») counts for much more
//!   than a shared title («الرئيس الأمريكي»). Equal skeletons need any shared
//!   neighbour or a long skeleton; one edit needs strong context, or some
//!   context and a longer skeleton; two edits (سخفر/شفر) need strong context.
//!   Skeletons that differ only in ش/س («سيليتش/شيليتش») need any shared
//!   neighbour.
//!
//! Figures are never variants of each other, unless they write one figure
//! with other separators (24,5 / 24.5).

use crate::config::StoryCardConfig;

/// One-letter prepositions and conjunctions written glued to the next word
/// that light10 does not strip on their own.
pub(crate) const PROCLITICS: [char; 5] = ['ب', 'ل', 'ك', 'ف', 'و'];

/// The word without a glued one-letter proclitic, when it starts with one.
pub(crate) fn without_proclitic(term: &str) -> Option<&str> {
    let first = term.chars().next()?;
    PROCLITICS
        .contains(&first)
        .then(|| &term[first.len_utf8()..])
}

/// The folded consonant skeleton of a (normalized or raw) word: long vowels
/// ا و ي ى and hamza forms dropped, ة → ه, and one letter for each group
/// that transliterates one foreign sound: ج غ (g), ق ك (k/q), ط ت (t),
/// ص س (s), ض د (d), ظ ذ ز (z), ث س (th/s). Harakat and tatweel are dropped;
/// non-Arabic letters are lowercased and kept.
pub fn consonant_skeleton(word: &str) -> String {
    let mut skeleton = String::with_capacity(word.len());
    for character in word.chars() {
        let folded = match character {
            'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'و' | 'ي' | 'ى' | 'ء' | 'ؤ' | 'ئ' | 'ـ' => {
                None
            }
            '\u{064B}'..='\u{065F}' | '\u{0670}' => None,
            'ة' => Some('ه'),
            'غ' => Some('ج'),
            'ق' => Some('ك'),
            'ط' => Some('ت'),
            'ص' | 'ث' => Some('س'),
            'ض' => Some('د'),
            'ظ' | 'ذ' => Some('ز'),
            other @ '\u{0600}'..='\u{06FF}' => Some(other),
            other if other.is_ascii_alphanumeric() => Some(other.to_ascii_lowercase()),
            other if other.is_alphanumeric() => {
                skeleton.extend(other.to_lowercase());
                None
            }
            _ => None,
        };
        if let Some(folded) = folded {
            skeleton.push(folded);
        }
    }
    skeleton
}

/// Do two terms write one figure, whatever separators they use (`,` `.` and
/// the Arabic ٫ ٬ count as one mark)?
fn same_figure(left: &str, right: &str) -> bool {
    let unified = |character: char| match character {
        ',' | '٫' | '٬' => '.',
        other => other,
    };
    left.chars().map(unified).eq(right.chars().map(unified))
}

/// A skeleton with ش written as س.
fn sibilants_folded(skeleton: &str) -> String {
    skeleton.replace('ش', "س")
}

/// Levenshtein distance between two skeletons, in characters.
pub fn skeleton_edit_distance(left: &str, right: &str) -> usize {
    let left: Vec<char> = left.chars().collect();
    let right: Vec<char> = right.chars().collect();
    let mut previous_row: Vec<usize> = (0..=right.len()).collect();
    let mut current_row = vec![0; right.len() + 1];
    for (left_index, left_character) in left.iter().enumerate() {
        current_row[0] = left_index + 1;
        for (right_index, right_character) in right.iter().enumerate() {
            let substitution_cost = usize::from(left_character != right_character);
            current_row[right_index + 1] = (previous_row[right_index] + substitution_cost)
                .min(previous_row[right_index + 1] + 1)
                .min(current_row[right_index] + 1);
        }
        std::mem::swap(&mut previous_row, &mut current_row);
    }
    previous_row[right.len()]
}

/// What is known about one of two words when deciding whether they are
/// spellings of one name.
#[derive(Debug, Clone, Copy)]
pub struct VariantCandidate<'a> {
    /// The word, normalized and stemmed as the analyzer gives it.
    pub term: &'a str,
    /// Its background idf (high = rare).
    pub idf: f64,
}

/// Decides whether `left` and `right` spell the same name, given the summed
/// idf of the consecutive neighbouring words they share on one side in the
/// story (`shared_context_idf`: the idf of «ياب» + «دي» + «هوب» for
/// «ياب دي هوب» سخيفر / «ياب دي هوب» شيفر; 0 when they share none).
pub fn are_spelling_variants(
    left: VariantCandidate<'_>,
    right: VariantCandidate<'_>,
    shared_context_idf: f64,
    config: &StoryCardConfig,
) -> bool {
    let has_context = shared_context_idf > 0.0;
    let has_strong_context = shared_context_idf >= config.variant_strong_context_minimum_idf;
    if left.term == right.term {
        return false;
    }
    // Figures are not spelled by ear: 6.4550 and 6.4850 are two rates. Only
    // the separator may differ (24,5 / 24.5; 20,000 / 20.000).
    let has_digit = |term: &str| term.chars().any(|character| character.is_numeric());
    if has_digit(left.term) || has_digit(right.term) {
        return same_figure(left.term, right.term);
    }
    let is_common =
        |candidate: VariantCandidate<'_>| candidate.idf <= config.variant_common_word_maximum_idf;
    if is_common(left) && is_common(right) {
        return false;
    }
    let left_skeleton = consonant_skeleton(left.term);
    let right_skeleton = consonant_skeleton(right.term);
    let shorter = left_skeleton
        .chars()
        .count()
        .min(right_skeleton.chars().count());
    let longer = left_skeleton
        .chars()
        .count()
        .max(right_skeleton.chars().count());
    if shorter < config.variant_minimum_skeleton {
        return false;
    }
    let distance = skeleton_edit_distance(&left_skeleton, &right_skeleton);
    // ش and س both render a foreign "s"/"sh" (German "sch": شيفر/سخيفر,
    // كوشيلني/كوسييلني), but they also tell many native words apart
    // (تفشل/تنفصل, كشف/يكثف): a difference in them alone is forgiven only
    // for a word sharing a neighbour in the story.
    if distance > 0
        && has_context
        && shorter >= config.variant_minimum_skeleton_for_sibilant_difference
        && sibilants_folded(&left_skeleton) == sibilants_folded(&right_skeleton)
    {
        return true;
    }
    match distance {
        0 => has_context || longer >= config.variant_minimum_skeleton_without_context,
        1 => {
            has_strong_context
                || (has_context && longer >= config.variant_minimum_skeleton_for_one_edit)
        }
        // Two edits between a rare name and a common word (مظفر/مصادر)
        // are two words, whatever context a garbled phrase gives them.
        2 => {
            has_strong_context
                && longer >= config.variant_minimum_skeleton_for_two_edits
                && !is_common(left)
                && !is_common(right)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RARE: f64 = 10.0;
    const COMMON: f64 = 3.0;
    const NO_CONTEXT: f64 = 0.0;
    /// A shared title such as «الرئيس الأمريكي».
    const TITLE_CONTEXT: f64 = 7.0;
    /// One shared rare name part such as «ديمتري».
    const ONE_NAME_PART: f64 = 10.0;
    /// Shared «ياب دي هوب».
    const THREE_NAME_PARTS: f64 = 28.0;

    fn variants(left: &str, right: &str, idf: (f64, f64), context: f64) -> bool {
        are_spelling_variants(
            VariantCandidate {
                term: left,
                idf: idf.0,
            },
            VariantCandidate {
                term: right,
                idf: idf.1,
            },
            context,
            &StoryCardConfig::default(),
        )
    }

    #[test]
    fn skeleton_drops_long_vowels_and_folds_transliteration_letters() {
        assert_eq!(
            consonant_skeleton("ميدفيديف"),
            consonant_skeleton("مدفيديف")
        );
        assert_eq!(consonant_skeleton("غوغل"), consonant_skeleton("جوجل"));
        assert_eq!(consonant_skeleton("سخيفر"), "سخفر");
        assert_eq!(consonant_skeleton("شيفر"), "شفر");
        assert_eq!(skeleton_edit_distance("سخفر", "شفر"), 2);
    }

    #[test]
    fn merges_transliteration_variants() {
        // Equal skeletons, long enough to need no context.
        assert!(variants("ميدفيديف", "مدفيديف", (RARE, RARE), NO_CONTEXT));
        assert!(variants("ميدفيديف", "مدفيديف", (COMMON, RARE), NO_CONTEXT));
        // Equal short skeletons with a shared neighbour («شركة غوغل/جوجل»).
        assert!(variants("غوغل", "جوجل", (RARE, RARE), TITLE_CONTEXT));
        // Two edits, but three shared name parts «ياب دي هوب».
        assert!(variants("سخيفر", "شيفر", (RARE, RARE), THREE_NAME_PARTS));
        // One edit in a long skeleton, one shared name part.
        assert!(variants("لافروف", "لافرورف", (RARE, RARE), ONE_NAME_PART));
    }

    #[test]
    fn figures_are_never_spelling_variants() {
        // One digit apart, with strong shared context («سعر الليرة»).
        assert!(!variants(
            "6.4550",
            "6.4850",
            (RARE, RARE),
            THREE_NAME_PARTS
        ));
        assert!(!variants("٦٤٥٥٠", "٦٤٨٥٠", (RARE, RARE), THREE_NAME_PARTS));
        assert!(!variants("2018", "2019", (RARE, RARE), THREE_NAME_PARTS));
        // The same figure with another separator is one.
        assert!(variants("24,5", "24.5", (RARE, RARE), NO_CONTEXT));
        assert!(variants("20,000", "20.000", (RARE, RARE), NO_CONTEXT));
        assert!(!variants("44.03", "44.030", (RARE, RARE), THREE_NAME_PARTS));
    }

    #[test]
    fn a_sibilant_difference_alone_needs_a_shared_neighbour() {
        // «مارين سيليتش / مارين شيليتش», «ويسلي سنايدر / ويسلي شنايدر».
        assert!(variants("سيليتش", "شيليتش", (RARE, RARE), ONE_NAME_PART));
        assert!(variants("سنايدر", "شنايدر", (RARE, RARE), TITLE_CONTEXT));
        // Without one, ش/س tells native words apart.
        assert!(!variants("سنايدر", "شنايدر", (RARE, RARE), NO_CONTEXT));
        // Another letter differs too: not a sibilant variant.
        assert!(!variants("تفشل", "تنفصل", (RARE, RARE), TITLE_CONTEXT));
    }

    #[test]
    fn refuses_different_words_and_different_people() {
        // Distinct common Arabic names and words, even with strong context.
        assert!(!variants(
            "محمد",
            "محمود",
            (COMMON, COMMON),
            THREE_NAME_PARTS
        ));
        assert!(!variants("حسن", "حسين", (COMMON, COMMON), ONE_NAME_PART));
        assert!(!variants("روسيا", "روسيه", (COMMON, COMMON), TITLE_CONTEXT));
        // Too short without context: a country and its adjective (stems as
        // the analyzer gives them), a noun and its verb.
        assert!(!variants("غوغل", "جوجل", (RARE, RARE), NO_CONTEXT));
        assert!(!variants("مقدونيا", "مقدون", (RARE, RARE), NO_CONTEXT));
        assert!(!variants("اغتصاب", "اغتصب", (COMMON, RARE), NO_CONTEXT));
        // Scheffer's two spellings with no or weak shared context.
        assert!(!variants("سخيفر", "شيفر", (RARE, RARE), NO_CONTEXT));
        assert!(!variants("سخيفر", "شيفر", (RARE, RARE), ONE_NAME_PART));
        // Different people sharing a title.
        assert!(!variants("ماكرون", "ماكين", (RARE, RARE), TITLE_CONTEXT));
        assert!(!variants("ترامب", "ترومان", (RARE, RARE), TITLE_CONTEXT));
        assert!(!variants("بوتين", "بوش", (RARE, RARE), THREE_NAME_PARTS));
        // A one-letter difference without any shared context.
        assert!(!variants("لافروف", "لافوف", (RARE, RARE), NO_CONTEXT));
        // Same word.
        assert!(!variants("لافروف", "لافروف", (RARE, RARE), THREE_NAME_PARTS));
    }
}
