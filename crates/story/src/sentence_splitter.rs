//! Cuts a text into sentences, Arabic and English alike, keeping byte ranges
//! into the original so later steps can quote the exact text.
//!
//! A sentence ends at a newline, or at `.` `!` `?` `؟` `؛` `;` `…` followed
//! by whitespace or the end of the text (closing quotes and brackets stay
//! with the sentence they close). A `.` does not end a sentence inside a
//! number (`3.5`, no whitespace follows), after a lone letter (`د.` for
//! doctor, `U.S.`, initials) or after a common English abbreviation
//! (`Mr.`, `Dr.`, `etc.`).

/// Byte range of one sentence, trimmed of surrounding whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceSpan {
    pub start: usize,
    pub end: usize,
}

const ENGLISH_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "inc", "jr", "sr", "no", "gen", "col",
    "lt", "sgt", "capt", "gov", "sen", "rep", "jan", "feb", "mar", "apr", "aug", "sep", "sept",
    "oct", "nov", "dec", "corp", "ltd", "co",
];

fn is_terminal_punctuation(character: char) -> bool {
    matches!(character, '.' | '!' | '?' | '؟' | '؛' | ';' | '…' | '۔')
}

fn is_closing_mark(character: char) -> bool {
    matches!(
        character,
        '"' | '\'' | '»' | '”' | '’' | ')' | ']' | '}' | '›'
    )
}

/// The word (letters only) that ends right before byte `end`.
fn word_before(text: &str, end: usize) -> &str {
    let before = &text[..end];
    let start = before
        .char_indices()
        .rev()
        .find(|(_, character)| !character.is_alphabetic())
        .map_or(0, |(index, character)| index + character.len_utf8());
    &before[start..]
}

fn period_is_abbreviation(text: &str, period_index: usize) -> bool {
    let word = word_before(text, period_index);
    let letter_count = word.chars().count();
    if letter_count == 0 {
        return false;
    }
    if letter_count == 1 {
        return true;
    }
    word.is_ascii() && ENGLISH_ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str())
}

/// The sentences of `text`, in order, none empty.
pub fn split_sentences(text: &str) -> Vec<SentenceSpan> {
    let mut sentences = Vec::new();
    let mut sentence_start = 0;
    let mut characters = text.char_indices().peekable();
    while let Some((index, character)) = characters.next() {
        let mut sentence_end = None;
        if character == '\n' || character == '\r' {
            sentence_end = Some(index);
        } else if is_terminal_punctuation(character) {
            // Keep runs like `?!` or `...` and closing quotes with the sentence.
            let mut end = index + character.len_utf8();
            while let Some(&(next_index, next_character)) = characters.peek() {
                if is_terminal_punctuation(next_character) || is_closing_mark(next_character) {
                    end = next_index + next_character.len_utf8();
                    characters.next();
                } else {
                    break;
                }
            }
            let followed_by_break = text[end..].chars().next().is_none_or(char::is_whitespace);
            let is_abbreviation = character == '.' && period_is_abbreviation(text, index);
            if followed_by_break && !is_abbreviation {
                sentence_end = Some(end);
            }
        }
        if let Some(end) = sentence_end {
            push_trimmed(text, sentence_start, end, &mut sentences);
            sentence_start = end;
        }
    }
    push_trimmed(text, sentence_start, text.len(), &mut sentences);
    sentences
}

fn push_trimmed(text: &str, start: usize, end: usize, sentences: &mut Vec<SentenceSpan>) {
    if start >= end {
        return;
    }
    let slice = &text[start..end];
    let leading = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if trimmed.is_empty() {
        return;
    }
    sentences.push(SentenceSpan {
        start: start + leading,
        end: start + leading + trimmed.len(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences_of(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|span| &text[span.start..span.end])
            .collect()
    }

    #[test]
    fn splits_arabic_on_full_stops_question_marks_semicolons_and_newlines() {
        let text = "قال الوزير إن الاتفاق نهائي. هل يصمد؟ لا أحد يعلم؛ والمفاوضات مستمرة\nسطر جديد";
        assert_eq!(
            sentences_of(text),
            vec![
                "قال الوزير إن الاتفاق نهائي.",
                "هل يصمد؟",
                "لا أحد يعلم؛",
                "والمفاوضات مستمرة",
                "سطر جديد"
            ]
        );
    }

    #[test]
    fn does_not_split_decimals_initials_or_abbreviations() {
        let text =
            "بلغ النمو 3.5 في المئة. وقال د. محمد إن Mr. Smith visited the U.S. yesterday. Done";
        assert_eq!(
            sentences_of(text),
            vec![
                "بلغ النمو 3.5 في المئة.",
                "وقال د. محمد إن Mr. Smith visited the U.S. yesterday.",
                "Done"
            ]
        );
    }

    #[test]
    fn keeps_closing_quotes_with_their_sentence() {
        let text = "قال: «انتهى الأمر.» ثم غادر.";
        assert_eq!(sentences_of(text), vec!["قال: «انتهى الأمر.»", "ثم غادر."]);
    }

    #[test]
    fn empty_and_blank_texts_have_no_sentences() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences(" \n\n ").is_empty());
    }
}
