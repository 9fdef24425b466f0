//! Publication dates in the forms crawlers actually emit.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

const NAIVE_DATE_TIME_FORMATS: [&str; 8] = [
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
];

const OFFSET_DATE_TIME_FORMATS: [&str; 4] = [
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%dT%H:%M%z",
];

const DATE_FORMATS: [&str; 4] = ["%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%Y%m%d"];

/// Parses ISO 8601 / RFC 3339, RFC 2822 and common crawler forms such as
/// `2015-07-21 02:51:32`. Times without an offset are taken as UTC; a bare date
/// is midnight UTC. Returns `None` for anything else rather than guessing.
pub fn parse_published(text: &str) -> Option<DateTime<Utc>> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    if let Ok(parsed) = DateTime::parse_from_rfc3339(trimmed) {
        return Some(parsed.with_timezone(&Utc));
    }
    if let Ok(parsed) = DateTime::parse_from_rfc2822(trimmed) {
        return Some(parsed.with_timezone(&Utc));
    }
    for format in OFFSET_DATE_TIME_FORMATS {
        if let Ok(parsed) = DateTime::parse_from_str(trimmed, format) {
            return Some(parsed.with_timezone(&Utc));
        }
    }
    let without_zulu = trimmed.trim_end_matches(['Z', 'z']).trim_end();
    for format in NAIVE_DATE_TIME_FORMATS {
        if let Ok(parsed) = NaiveDateTime::parse_from_str(without_zulu, format) {
            return Some(Utc.from_utc_datetime(&parsed));
        }
    }
    for format in DATE_FORMATS {
        if let Ok(parsed) = NaiveDate::parse_from_str(without_zulu, format) {
            return Some(Utc.from_utc_datetime(&parsed.and_hms_opt(0, 0, 0)?));
        }
    }
    None
}

/// Interprets a JSON number as Unix seconds (or milliseconds when it is too large
/// to be seconds).
pub fn parse_unix_timestamp(value: i64) -> Option<DateTime<Utc>> {
    const LARGEST_PLAUSIBLE_SECONDS: i64 = 100_000_000_000;
    if value.abs() > LARGEST_PLAUSIBLE_SECONDS {
        return DateTime::from_timestamp_millis(value);
    }
    DateTime::from_timestamp(value, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> String {
        parse_published(text).unwrap().to_rfc3339()
    }

    #[test]
    fn common_forms_parse_to_the_same_instant() {
        let expected = "2015-07-21T02:51:32+00:00";
        assert_eq!(iso("2015-07-21T02:51:32Z"), expected);
        assert_eq!(iso("2015-07-21 02:51:32"), expected);
        assert_eq!(iso("2015-07-21T05:51:32+03:00"), expected);
        assert_eq!(iso("Tue, 21 Jul 2015 02:51:32 +0000"), expected);
        assert_eq!(iso("2015-07-21T02:51:32.000Z"), expected);
        assert_eq!(iso("2015-07-21 05:51:32+0300"), expected);
    }

    #[test]
    fn bare_dates_are_midnight_utc() {
        assert_eq!(iso("2009-06-27"), "2009-06-27T00:00:00+00:00");
        assert_eq!(iso("2009/06/27"), "2009-06-27T00:00:00+00:00");
    }

    #[test]
    fn garbage_is_none() {
        assert!(parse_published("").is_none());
        assert!(parse_published("yesterday").is_none());
        assert!(parse_published("2015-13-45").is_none());
    }

    #[test]
    fn unix_seconds_and_milliseconds() {
        assert_eq!(
            parse_unix_timestamp(1437447092).unwrap().to_rfc3339(),
            "2015-07-21T02:51:32+00:00"
        );
        assert_eq!(
            parse_unix_timestamp(1437447092000).unwrap().to_rfc3339(),
            "2015-07-21T02:51:32+00:00"
        );
    }
}
