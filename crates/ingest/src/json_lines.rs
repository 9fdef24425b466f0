//! JSON Lines records: one article per line, read with a bounded buffer so that
//! a pathological line cannot exhaust memory.

use std::io::BufRead;

use khabar_core::{InputFormat, Provenance, RawArticle};
use serde_json::{Map, Value};

use crate::date::{parse_published, parse_unix_timestamp};
use crate::fields::{FieldMapping, CANONICAL_FIELDS};
use crate::rejection::Rejection;
use crate::source_name::source_from_url;

/// One physical line of input, or the fact that it was longer than allowed.
#[derive(Debug)]
pub enum BoundedLine {
    Line { number: u64, bytes: Vec<u8> },
    TooLong { number: u64, length: u64 },
}

/// Reads lines of at most `max_line_bytes`; longer lines are skipped without
/// being buffered and reported as [`BoundedLine::TooLong`].
pub struct BoundedLineReader<R> {
    reader: R,
    max_line_bytes: usize,
    line_number: u64,
}

impl<R: BufRead> BoundedLineReader<R> {
    pub fn new(reader: R, max_line_bytes: usize) -> Self {
        BoundedLineReader {
            reader,
            max_line_bytes,
            line_number: 0,
        }
    }

    /// The next line, `Ok(None)` at the end of input.
    pub fn next_line(&mut self) -> std::io::Result<Option<BoundedLine>> {
        let mut bytes = Vec::new();
        let mut total_length: u64 = 0;
        let mut overflowed = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if available.is_empty() {
                if total_length == 0 {
                    return Ok(None);
                }
                break;
            }
            let (chunk_length, found_newline) = match memchr::memchr(b'\n', available) {
                Some(position) => (position + 1, true),
                None => (available.len(), false),
            };
            total_length += chunk_length as u64;
            if !overflowed {
                if bytes.len() + chunk_length > self.max_line_bytes + 1 {
                    overflowed = true;
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&available[..chunk_length]);
                }
            }
            self.reader.consume(chunk_length);
            if found_newline {
                break;
            }
        }
        self.line_number += 1;
        if overflowed {
            return Ok(Some(BoundedLine::TooLong {
                number: self.line_number,
                length: total_length,
            }));
        }
        while matches!(bytes.last(), Some(b'\n' | b'\r')) {
            bytes.pop();
        }
        Ok(Some(BoundedLine::Line {
            number: self.line_number,
            bytes,
        }))
    }
}

/// Turns one JSON line into an article. `fallback_id` is used when the record
/// has no `id`.
pub fn json_line_article(
    line_bytes: Vec<u8>,
    provenance: Provenance,
    fallback_id: String,
    mapping: &FieldMapping,
) -> Result<RawArticle, Rejection> {
    let line_text = match std::str::from_utf8(&line_bytes) {
        Ok(text) => text,
        Err(error) => {
            return Err(Rejection::new(
                provenance,
                "invalid_utf8",
                format!("invalid utf-8 at byte {} of the line", error.valid_up_to()),
            ))
        }
    };
    let value: Value = match serde_json::from_str(line_text) {
        Ok(value) => value,
        Err(error) => {
            return Err(Rejection::new(
                provenance,
                "malformed_json",
                format!("malformed json: {error}"),
            ))
        }
    };
    let Value::Object(object) = value else {
        return Err(Rejection::new(
            provenance,
            "malformed_json",
            "json record is not an object",
        ));
    };
    let article = article_from_object(object, provenance, fallback_id, mapping)?;
    Ok(RawArticle {
        original: line_bytes,
        ..article
    })
}

/// Builds an article from a JSON object whose keys follow `mapping`.
pub fn article_from_object(
    mut object: Map<String, Value>,
    provenance: Provenance,
    fallback_id: String,
    mapping: &FieldMapping,
) -> Result<RawArticle, Rejection> {
    let mut take = |canonical: &str| object.remove(mapping.key_for(canonical));
    let id_value = take("id");
    let source_value = take("source");
    let url_value = take("url");
    let published_value = take("published");
    let title_value = take("title");
    let text_value = take("text");

    let id = match id_value {
        Some(Value::String(text)) if !text.trim().is_empty() => text.trim().to_string(),
        Some(Value::Number(number)) => number.to_string(),
        None | Some(Value::Null) => fallback_id,
        Some(Value::String(_)) => fallback_id,
        Some(other) => {
            return Err(Rejection::new(
                provenance,
                "bad_field",
                format!(
                    "field `id` must be a string or a number, found {}",
                    json_kind(&other)
                ),
            ))
        }
    };
    let url = optional_string(url_value, "url", &provenance)?;
    let title = optional_string(title_value, "title", &provenance)?
        .filter(|title| !title.trim().is_empty());
    let text = optional_string(text_value, "text", &provenance)?;
    let source = optional_string(source_value, "source", &provenance)?
        .filter(|source| !source.trim().is_empty())
        .or_else(|| url.as_deref().and_then(source_from_url));
    if text.is_none() && title.is_none() {
        return Err(Rejection::new(
            provenance,
            "missing_field",
            format!(
                "record `{id}` has neither `{}` nor `{}`",
                mapping.key_for("text"),
                mapping.key_for("title")
            ),
        ));
    }
    let mut metadata = object;
    let published = match published_value {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => {
            let parsed = parse_published(&text);
            if parsed.is_none() && !text.trim().is_empty() {
                metadata.insert("published_unparsed".to_string(), Value::String(text));
            }
            parsed
        }
        Some(Value::Number(number)) => number.as_i64().and_then(parse_unix_timestamp),
        Some(other) => {
            metadata.insert("published_unparsed".to_string(), other);
            None
        }
    };
    debug_assert!(CANONICAL_FIELDS
        .iter()
        .all(|field| !metadata.contains_key(mapping.key_for(field))));
    Ok(RawArticle {
        id,
        source,
        url,
        published,
        title,
        body: text.unwrap_or_default(),
        metadata,
        provenance,
        format: InputFormat::JsonLines,
        original: Vec::new(),
    })
}

fn optional_string(
    value: Option<Value>,
    field: &str,
    provenance: &Provenance,
) -> Result<Option<String>, Rejection> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(Rejection::new(
            provenance.clone(),
            "bad_field",
            format!(
                "field `{field}` must be a string, found {}",
                json_kind(&other)
            ),
        )),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provenance() -> Provenance {
        Provenance {
            path: "input.jsonl".to_string(),
            line: Some(3),
        }
    }

    fn parse(line: &str) -> Result<RawArticle, Rejection> {
        json_line_article(
            line.as_bytes().to_vec(),
            provenance(),
            "input:3".to_string(),
            &FieldMapping::default(),
        )
    }

    #[test]
    fn full_record_keeps_extra_fields_as_metadata() {
        let article = parse(r#"{"id":"a1","source":"okaz","url":"https://okaz.com.sa/x","published":"2015-07-21 02:51:32","title":"t","text":"body","category":"sport"}"#).unwrap();
        assert_eq!(article.id, "a1");
        assert_eq!(article.source.as_deref(), Some("okaz"));
        assert_eq!(
            article.published.unwrap().to_rfc3339(),
            "2015-07-21T02:51:32+00:00"
        );
        assert_eq!(
            article.metadata.get("category"),
            Some(&Value::String("sport".into()))
        );
        assert_eq!(article.original, article.original.clone());
        assert!(!article.original.is_empty());
    }

    #[test]
    fn source_falls_back_to_url_host_and_id_to_fallback() {
        let article = parse(r#"{"url":"https://www.alarabiya.net/a","text":"x"}"#).unwrap();
        assert_eq!(article.source.as_deref(), Some("alarabiya.net"));
        assert_eq!(article.id, "input:3");
    }

    #[test]
    fn mapping_reads_other_schemas() {
        let mapping = FieldMapping::from_pairs(["text=content", "id=uid"]).unwrap();
        let article = json_line_article(
            br#"{"uid":7,"content":"hello"}"#.to_vec(),
            provenance(),
            "f".into(),
            &mapping,
        )
        .unwrap();
        assert_eq!(article.id, "7");
        assert_eq!(article.body, "hello");
    }

    #[test]
    fn bad_records_are_rejections_naming_the_line() {
        let malformed = parse("{not json").unwrap_err();
        assert_eq!(malformed.kind, "malformed_json");
        assert!(malformed
            .to_string()
            .starts_with("input.jsonl:3: malformed json"));
        assert_eq!(parse("[1,2]").unwrap_err().kind, "malformed_json");
        assert_eq!(parse(r#"{"id":"x"}"#).unwrap_err().kind, "missing_field");
        assert_eq!(
            parse(r#"{"id":"x","text":5}"#).unwrap_err().kind,
            "bad_field"
        );
        let invalid = json_line_article(
            vec![b'{', 0xff, b'}'],
            provenance(),
            "f".into(),
            &FieldMapping::default(),
        )
        .unwrap_err();
        assert_eq!(invalid.kind, "invalid_utf8");
    }

    #[test]
    fn unparseable_dates_are_kept_in_metadata() {
        let article = parse(r#"{"id":"a","text":"x","published":"last tuesday"}"#).unwrap();
        assert!(article.published.is_none());
        assert_eq!(
            article.metadata["published_unparsed"],
            Value::String("last tuesday".into())
        );
    }

    #[test]
    fn bounded_reader_skips_long_lines_and_counts_them() {
        let input = format!("short\n{}\nafter\nend", "x".repeat(100));
        let mut reader =
            BoundedLineReader::new(std::io::BufReader::with_capacity(8, input.as_bytes()), 10);
        let mut seen = Vec::new();
        while let Some(line) = reader.next_line().unwrap() {
            seen.push(match line {
                BoundedLine::Line { number, bytes } => {
                    format!("{number}:{}", String::from_utf8(bytes).unwrap())
                }
                BoundedLine::TooLong { number, length } => format!("{number}:too-long:{length}"),
            });
        }
        assert_eq!(seen, vec!["1:short", "2:too-long:101", "3:after", "4:end"]);
    }
}
