//! Whether a sentence can stand alone in a summary, away from the sentence
//! before it in its report.
//!
//! News continues a speaker's statement in the next sentence with a verb of
//! continuation and no subject («وأضاف …», «وتابعت …»): lifted out of its
//! report, such a sentence credits an unnamed or unintroduced speaker. A
//! sentence that opens on a quotation mark is a quote fragment whose speaker
//! is in another sentence, and one ending on a colon announces text that is
//! not in it. Readers of the summary audits marked all three as dangling.

/// Verbs of continuation (past tense, masculine and feminine), as the
/// analyzer's normalizer writes them, compared after the conjunction و or ف.
/// Verbs that also state a fact of their own («وزاد عدد القتلى», «ختم
/// المؤتمر أعماله») are left out.
const CONTINUATION_VERBS: [&str; 10] = [
    "اضاف",
    "اضافت",
    "تابع",
    "تابعت",
    "استطرد",
    "استطردت",
    "اردف",
    "اردفت",
    "استدرك",
    "استدركت",
];

use khabar_analyze::{normalize, NormalizerConfig};

/// Quotation marks that open a quoted passage.
const OPENING_QUOTES: [char; 5] = ['"', '«', '“', '„', '\''];

/// Whether the sentence depends on the one before it in its report.
pub(crate) fn continues_another_sentence(sentence: &str) -> bool {
    let trimmed = sentence.trim();
    if trimmed.starts_with(OPENING_QUOTES) {
        return true;
    }
    if trimmed.ends_with(':') {
        return true;
    }
    let Some(first_word) = trimmed.split_whitespace().next() else {
        return false;
    };
    // The normalizer drops diacritics and tatweel and folds the hamza seats;
    // glued punctuation («وأضاف،») is not part of the word.
    let folded: String = normalize(first_word, &NormalizerConfig::khabar())
        .chars()
        .filter(|character| character.is_alphabetic())
        .collect();
    let without_conjunction = folded
        .strip_prefix('و')
        .or_else(|| folded.strip_prefix('ف'))
        .unwrap_or(&folded);
    CONTINUATION_VERBS.contains(&without_conjunction)
}

#[cfg(test)]
mod tests {
    use super::continues_another_sentence;

    #[test]
    fn a_continuation_verb_without_subject_depends_on_its_neighbour() {
        assert!(continues_another_sentence(
            "وأضاف أن الفرق تعمل على منع امتداد النيران."
        ));
        assert!(continues_another_sentence("وتابعت: لن نتراجع عن قرارنا."));
        assert!(continues_another_sentence("فأضافَ الخولاني أن القوات تقدمت."));
        assert!(continues_another_sentence("واستدرك قائلا إن الحل سياسي."));
    }

    #[test]
    fn quote_fragments_and_announcements_depend_on_another_sentence() {
        assert!(continues_another_sentence(
            "«نحن نساعد إخواننا كما نستطيع»."
        ));
        assert!(continues_another_sentence(
            "\"we are working to reopen the station\""
        ));
        assert!(continues_another_sentence("واتفق الطرفان على ما يلي:"));
    }

    #[test]
    fn a_sentence_naming_its_speaker_or_stating_a_fact_stands_alone() {
        assert!(!continues_another_sentence(
            "وقال مدير الميناء سامر الخطيب إن الحريق اندلع في خزان ديزل."
        ));
        assert!(!continues_another_sentence(
            "أغلقت السلطات ميناء الريحان صباح الثلاثاء بعد حريق كبير."
        ));
        // «أضاف» inside the sentence is not a continuation.
        assert!(!continues_another_sentence(
            "أعلن الاتحاد أنه أضاف ثلاثة لاعبين إلى القائمة."
        ));
        // A verb of increase states a fact of its own.
        assert!(!continues_another_sentence("وزاد عدد القتلى إلى عشرين."));
        assert!(!continues_another_sentence(""));
    }
}
