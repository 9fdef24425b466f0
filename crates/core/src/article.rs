//! The article as each stage sees it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An article's stable identifier: the `id` field of a JSON record, or a file's
/// name without its extension.
pub type ArticleId = String;

/// Which reader produced an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputFormat {
    Text,
    JsonLines,
    Html,
    Rss,
    Warc,
}

impl InputFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::JsonLines => "json_lines",
            InputFormat::Html => "html",
            InputFormat::Rss => "rss",
            InputFormat::Warc => "warc",
        }
    }

    pub fn parse(name: &str) -> Option<InputFormat> {
        match name {
            "text" => Some(InputFormat::Text),
            "json_lines" => Some(InputFormat::JsonLines),
            "html" => Some(InputFormat::Html),
            "rss" => Some(InputFormat::Rss),
            "warc" => Some(InputFormat::Warc),
            _ => None,
        }
    }
}

/// Where an article came from: the file (or `-` for stdin) and, for line-based
/// formats, the 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    pub path: String,
    pub line: Option<u64>,
}

impl std::fmt::Display for Provenance {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(formatter, "{}:{}", self.path, line),
            None => write!(formatter, "{}", self.path),
        }
    }
}

/// An article as read from its source, before any cleaning. `original` keeps the
/// exact bytes it was parsed from, so nothing a later stage does can lose data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawArticle {
    pub id: ArticleId,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub title: Option<String>,
    /// The body as the reader found it: for text files, everything after the
    /// headline; for JSON, the `text` field.
    pub body: String,
    /// Fields of the input record that Khabar has no column for, kept verbatim.
    pub metadata: serde_json::Map<String, serde_json::Value>,
    pub provenance: Provenance,
    pub format: InputFormat,
    pub original: Vec<u8>,
}

/// One piece of text that cleaning removed, and the rule that removed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    pub rule: String,
    pub text: String,
}

/// The output of the clean stage: the text later stages read, plus a record of
/// everything that was taken out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CleanArticle {
    pub raw: RawArticle,
    pub text: String,
    pub removed: Vec<Removal>,
    /// Set when cleaning would have removed too much, so the text was kept.
    pub flags: Vec<String>,
}
