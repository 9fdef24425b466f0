//! The days of the week an article's title and lead name: when its event
//! happened, stated in the text.
//!
//! News names the day of its event in the lead («قتل 40 مدنياً، السبت»,
//! "checked into rehab on Tuesday"). Articles about one event (same-day and
//! next-day coverage) name the same day or the next; two events of the same
//! actors, a rate cut on a Tuesday and another on a Sunday, name days
//! further apart. Measured on the development sets (pairs of articles with
//! tf-idf cosine ≥ 0.2 whose leads, the first 600 characters, both name a
//! day): on the Arabic set 2 of 122 same-event pairs name days two or more
//! apart against 111 of 285 pairs of different events; on ECB+ 186 of 1,713
//! against 268 of 606. So days that disagree are evidence against a join
//! (`ClusterConfig::weekday_conflict_factor`); days that agree say little
//! (one day in seven), and no day named says nothing.
//!
//! Days are a bit set (bit 0 Sunday … bit 6 Saturday). Arabic, English and
//! French day names are read from the raw text, with the Arabic article and
//! one-letter prepositions («ويوم السبت», «بالأحد», «للجمعة»).

/// Characters of the title and body read for day names: the title and the
/// first paragraph or two, where news states the day of its event (later
/// paragraphs recall earlier days).
pub const LEAD_CHARACTERS: usize = 600;

/// Arabic day names with the article, after folding (alef forms → ا, ة → ه,
/// diacritics and tatweel removed), Sunday first.
const ARABIC_DAYS: [&[&str]; 7] = [
    &["الاحد"],
    &["الاثنين"],
    &["الثلاثاء", "الثلثاء"],
    &["الاربعاء"],
    &["الخميس"],
    &["الجمعه"],
    &["السبت"],
];

/// English and French day names, lowercase, Sunday first.
const LATIN_DAYS: [&[&str]; 7] = [
    &["sunday", "dimanche"],
    &["monday", "lundi"],
    &["tuesday", "mardi"],
    &["wednesday", "mercredi"],
    &["thursday", "jeudi"],
    &["friday", "vendredi"],
    &["saturday", "samedi"],
];

/// The days named in `title` and the first [`LEAD_CHARACTERS`] characters
/// of `body`, as a bit set.
pub fn stated_weekdays(title: &str, body: &str) -> u8 {
    let lead_end = body
        .char_indices()
        .nth(LEAD_CHARACTERS)
        .map_or(body.len(), |(index, _)| index);
    weekdays_in(title) | weekdays_in(&body[..lead_end])
}

fn weekdays_in(text: &str) -> u8 {
    let mut days = 0u8;
    for word in
        text.split(|character: char| !character.is_alphabetic() && !is_arabic_mark(character))
    {
        if word.is_empty() {
            continue;
        }
        if let Some(day) = arabic_day(word).or_else(|| latin_day(word)) {
            days |= 1 << day;
        }
    }
    days
}

/// Harakat and tatweel, which may sit inside an Arabic word.
fn is_arabic_mark(character: char) -> bool {
    matches!(character, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

fn fold_arabic(word: &str) -> String {
    word.chars()
        .filter(|&character| !is_arabic_mark(character))
        .map(|character| match character {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ة' => 'ه',
            other => other,
        })
        .collect()
}

fn arabic_day(word: &str) -> Option<u8> {
    if !word
        .chars()
        .any(|character| ('\u{0600}'..='\u{06FF}').contains(&character))
    {
        return None;
    }
    let folded = fold_arabic(word);
    // A conjunction, then a preposition: «و», «ف»; «ب», «ك», «ل» (ل + ال
    // is written «لل»).
    let without_conjunction = folded
        .strip_prefix('و')
        .or_else(|| folded.strip_prefix('ف'))
        .filter(|rest| rest.starts_with("ال") || rest.starts_with("بال") || rest.starts_with("لل"))
        .unwrap_or(&folded);
    let with_article = if let Some(rest) = without_conjunction.strip_prefix("لل") {
        format!("ال{rest}")
    } else if let Some(rest) = without_conjunction
        .strip_prefix("بال")
        .or_else(|| without_conjunction.strip_prefix("كال"))
    {
        format!("ال{rest}")
    } else {
        without_conjunction.to_string()
    };
    ARABIC_DAYS
        .iter()
        .position(|names| names.contains(&with_article.as_str()))
        .and_then(|day| u8::try_from(day).ok())
}

fn latin_day(word: &str) -> Option<u8> {
    if word.len() > 9 || !word.is_ascii() {
        return None;
    }
    let lowercase = word.to_ascii_lowercase();
    LATIN_DAYS
        .iter()
        .position(|names| names.contains(&lowercase.as_str()))
        .and_then(|day| u8::try_from(day).ok())
}

/// The English names of the days in a set, Sunday first (for explanations).
pub fn weekday_names(days: u8) -> Vec<String> {
    LATIN_DAYS
        .iter()
        .enumerate()
        .filter(|(day, _)| days & (1 << day) != 0)
        .map(|(_, names)| names[0].to_string())
        .collect()
}

/// Whether both sets name days and every day of one is at least two days
/// (on the weekly circle) from every day of the other: the same day and the
/// next are one event's coverage.
pub(crate) fn weekday_sets_conflict(article_days: u8, story_days: u8) -> bool {
    if article_days == 0 || story_days == 0 {
        return false;
    }
    // Each story day, spread to the day before and after (wrapping the week).
    let week = 0b111_1111u8;
    let spread = story_days
        | ((story_days << 1) & week)
        | (story_days >> 1)
        | ((story_days & 1) << 6)
        | ((story_days >> 6) & 1);
    article_days & spread == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUNDAY: u8 = 1;
    const MONDAY: u8 = 1 << 1;
    const TUESDAY: u8 = 1 << 2;
    const FRIDAY: u8 = 1 << 5;
    const SATURDAY: u8 = 1 << 6;

    #[test]
    fn arabic_day_names_are_read_with_their_prefixes() {
        assert_eq!(
            stated_weekdays("", "قتل 40 مدنياً، السبت، جراء هجوم"),
            SATURDAY
        );
        assert_eq!(stated_weekdays("", "وذلك يوم الأحد الماضي"), SUNDAY);
        assert_eq!(stated_weekdays("", "وأعلنت بالإثنين"), MONDAY);
        assert_eq!(stated_weekdays("", "ويوم الثلاثاء"), TUESDAY);
        assert_eq!(stated_weekdays("", "صلاة الجمعة وللجمعة"), FRIDAY);
        assert_eq!(stated_weekdays("", "والسبت"), SATURDAY);
        assert_eq!(stated_weekdays("مقتل 40 مدنياً", "السَّبْت"), SATURDAY);
        // «أحد» without the article is "one", not Sunday.
        assert_eq!(stated_weekdays("", "أحد المسؤولين وأحدهم"), 0);
        assert_eq!(stated_weekdays("", "سبتمبر"), 0);
    }

    #[test]
    fn english_and_french_day_names_are_read() {
        assert_eq!(
            stated_weekdays("Quake hits on Tuesday", "Rescuers worked through Saturday."),
            TUESDAY | SATURDAY
        );
        assert_eq!(
            stated_weekdays("", "Le sommet s'est ouvert dimanche"),
            SUNDAY
        );
        assert_eq!(stated_weekdays("", "Sundays are quiet"), 0);
    }

    #[test]
    fn only_the_lead_is_read() {
        let far = format!("{} السبت", "كلمة ".repeat(LEAD_CHARACTERS / 5 + 10));
        assert_eq!(stated_weekdays("", &far), 0);
        assert_eq!(stated_weekdays("السبت", &far), SATURDAY);
    }

    #[test]
    fn day_sets_are_named_for_explanations() {
        assert_eq!(
            weekday_names(TUESDAY | SATURDAY),
            vec!["tuesday", "saturday"]
        );
        assert!(weekday_names(0).is_empty());
    }

    #[test]
    fn days_two_or_more_apart_conflict_the_same_or_next_day_do_not() {
        assert!(!weekday_sets_conflict(0, SATURDAY));
        assert!(!weekday_sets_conflict(SATURDAY, 0));
        assert!(!weekday_sets_conflict(SATURDAY, SATURDAY));
        assert!(
            !weekday_sets_conflict(SUNDAY, SATURDAY),
            "Saturday → Sunday wraps"
        );
        assert!(!weekday_sets_conflict(SATURDAY, SUNDAY));
        assert!(!weekday_sets_conflict(MONDAY, SUNDAY | FRIDAY));
        assert!(weekday_sets_conflict(TUESDAY, SUNDAY | FRIDAY));
        assert!(weekday_sets_conflict(MONDAY, SATURDAY));
        assert!(weekday_sets_conflict(SUNDAY, TUESDAY));
    }
}
