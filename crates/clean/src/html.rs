//! HTML pages (`.html`/`.htm`, or HTML found in a JSON text field): extract the
//! article's title, body, publication date and author with `rs-trafilatura` (a Rust
//! port of trafilatura, the best scorer on the public article-extraction benchmark;
//! pure Rust, no C dependencies). Measured on the fictional Arabic pages in
//! `examples/corpus/html/` (see the crate README and `tests/html_pages.rs`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::CleanError;

/// What [`extract_html`] found on a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractedPage {
    pub title: Option<String>,
    /// The article text, one paragraph per line.
    pub text: String,
    pub published: Option<DateTime<Utc>>,
    pub author: Option<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    /// The page's canonical URL when it declares one, else the URL passed in.
    pub url: Option<String>,
}

/// Whether `text` looks like an HTML document or fragment rather than plain text:
/// it holds at least a few known block-level tags, or starts like a document.
pub fn looks_like_html(text: &str) -> bool {
    const DOCUMENT_STARTS: [&str; 3] = ["<!doctype html", "<html", "<?xml"];
    const BLOCK_TAGS: [&str; 10] = [
        "<p>", "<p ", "</p>", "<div", "</div>", "<br", "<article", "<span", "<a href", "<li",
    ];
    const MIN_BLOCK_TAGS_FOR_FRAGMENT: usize = 2;
    let head: String = text
        .trim_start()
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    if DOCUMENT_STARTS.iter().any(|start| head.starts_with(start)) {
        return true;
    }
    let lowercase = text.to_ascii_lowercase();
    let tag_hits: usize = BLOCK_TAGS
        .iter()
        .map(|tag| lowercase.matches(tag).count())
        .sum();
    tag_hits >= MIN_BLOCK_TAGS_FOR_FRAGMENT
}

/// Extracts title, body text, date and author from `html`. `url` (if known) helps
/// resolve relative links and the host. Fails when the page has no article text.
pub fn extract_html(html: &str, url: Option<&str>) -> Result<ExtractedPage, CleanError> {
    let options = rs_trafilatura::Options {
        include_comments: false,
        include_tables: true,
        include_images: false,
        include_links: false,
        url: url.map(str::to_string),
        ..rs_trafilatura::Options::default()
    };
    let result = rs_trafilatura::extract_with_options(html, &options)
        .map_err(|error| CleanError::HtmlExtraction(error.to_string().to_lowercase()))?;
    let text = tidy_paragraphs(&result.content_text);
    if text.is_empty() {
        return Err(CleanError::HtmlEmpty);
    }
    let metadata = result.metadata;
    Ok(ExtractedPage {
        title: non_empty(metadata.title),
        text,
        published: metadata.date,
        author: non_empty(metadata.author),
        site_name: non_empty(metadata.sitename),
        language: non_empty(metadata.language),
        url: non_empty(metadata.url).or_else(|| url.map(str::to_string)),
    })
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty())
}

/// One paragraph per line, trimmed, no runs of blank lines.
fn tidy_paragraphs(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_documents_and_fragments_not_plain_text() {
        assert!(looks_like_html("<!DOCTYPE html><html><body></body></html>"));
        assert!(looks_like_html("<p>فقرة أولى</p><p>فقرة ثانية</p>"));
        assert!(!looks_like_html("قال الوزير إن 3 < 5 وإن النتيجة جيدة."));
        assert!(!looks_like_html(""));
    }

    #[test]
    fn garbage_does_not_panic() {
        for input in ["", "<", "<html>", "<<<>>>", "\u{0}\u{1}"] {
            let _ = extract_html(input, None);
        }
    }
}
