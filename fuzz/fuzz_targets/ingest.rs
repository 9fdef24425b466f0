//! Fuzz target: no input may make an ingest parser panic. The same bytes
//! are read as a text article, a JSON line, an RSS/Atom feed, a WARC file,
//! a date and a URL line; each either gives articles or a rejection.
//!
//! Run with `cargo +nightly fuzz run ingest` from this directory.

#![no_main]

use khabar_core::Provenance;
use khabar_ingest::date::parse_published;
use khabar_ingest::json_lines::{json_line_article, BoundedLineReader};
use khabar_ingest::source_name::{find_url, source_from_url};
use khabar_ingest::syndication::{feed_articles, warc_articles, WarcItem};
use khabar_ingest::text_file::text_article;
use khabar_ingest::FieldMapping;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let provenance = || Provenance {
        path: "fuzz".to_string(),
        line: Some(1),
    };
    if let Ok(text) = std::str::from_utf8(data) {
        let article = text_article("fuzz".to_string(), text, data.to_vec(), provenance());
        assert!(article.body.len() <= text.len());
        let _ = parse_published(text);
        if let Some(range) = find_url(text) {
            assert!(text.get(range.clone()).is_some());
            let _ = source_from_url(&text[range]);
        }
    }
    let mapping = FieldMapping::default();
    let _ = json_line_article(data.to_vec(), provenance(), "fuzz:1".to_string(), &mapping);
    let mut lines = BoundedLineReader::new(data, 1 << 12);
    while let Ok(Some(_line)) = lines.next_line() {}
    let _ = feed_articles(data, "fuzz.xml");
    warc_articles(std::io::Cursor::new(data), "fuzz.warc", |item| match item {
        WarcItem::Article(article) => assert!(!article.id.is_empty()),
        WarcItem::Rejected(rejection) => assert!(!rejection.to_string().is_empty()),
    });
});
