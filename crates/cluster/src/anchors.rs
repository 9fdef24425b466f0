//! Temporal anchors stated inside an article's text: the years it mentions.
//!
//! Stories about the same actors recur (successive rate decisions, finals of
//! different editions, attacks years apart) and share almost all their
//! vocabulary; what tells them apart is when they happened. Publication dates
//! are often missing (archives, excerpts), but the text often states a year,
//! most reliably in the title and lead (the dateline); later paragraphs
//! recall background years. An article whose lead years share none of the
//! lead years a story's members stated is treated as conflicting evidence
//! (`ClusterConfig::year_conflict_factor`). A year agreeing says little
//! (same-year stories are common), so anchors only ever lower a score.
//!
//! Measured (crate README): on the development sets this did not help and is
//! off by default; kept so it can be swept on new data.

use crate::features::is_number;

/// The smallest and largest number read as a year (a Gregorian year of
/// modern news; Hijri years such as 1442 fall outside).
const EARLIEST_YEAR: u32 = 1900;
const LATEST_YEAR: u32 = 2100;

/// The year a term states, when it is a plain four-digit number in range.
pub(crate) fn year_of(term: &str) -> Option<u16> {
    if term.len() != 4 || !is_number(term) {
        return None;
    }
    let value: u32 = term.parse().ok()?;
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&value) {
        u16::try_from(value).ok()
    } else {
        None
    }
}

/// The distinct years mentioned in `terms`, sorted.
pub(crate) fn stated_years<'a>(terms: impl IntoIterator<Item = &'a str>) -> Vec<u16> {
    let mut years: Vec<u16> = terms.into_iter().filter_map(year_of).collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// Whether two sorted year lists are both non-empty and share no year.
pub(crate) fn year_sets_conflict(article_years: &[u16], story_years: &[u16]) -> bool {
    if article_years.is_empty() || story_years.is_empty() {
        return false;
    }
    !article_years
        .iter()
        .any(|year| story_years.binary_search(year).is_ok())
}

/// Adds `year` to a sorted list of distinct years, keeping at most `maximum`.
pub(crate) fn insert_year(years: &mut Vec<u16>, year: u16, maximum: usize) {
    if years.len() >= maximum {
        return;
    }
    if let Err(position) = years.binary_search(&year) {
        years.insert(position, year);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_four_digit_numbers_in_range() {
        assert_eq!(year_of("2019"), Some(2019));
        assert_eq!(year_of("1442"), None);
        assert_eq!(year_of("107"), None);
        assert_eq!(year_of("20190"), None);
        assert_eq!(year_of("2.01"), None);
        assert_eq!(
            stated_years(["قطر", "2024", "2019", "3", "2024"]),
            vec![2019, 2024]
        );
    }

    #[test]
    fn only_disjoint_stated_years_conflict() {
        let mut story_years = Vec::new();
        assert!(!year_sets_conflict(&[2019], &story_years));
        insert_year(&mut story_years, 2024, 4);
        insert_year(&mut story_years, 2019, 4);
        insert_year(&mut story_years, 2024, 4);
        assert_eq!(story_years, vec![2019, 2024]);
        assert!(!year_sets_conflict(&[2019, 2013], &story_years));
        assert!(year_sets_conflict(&[2018], &story_years));
        assert!(!year_sets_conflict(&[], &story_years));
    }
}
