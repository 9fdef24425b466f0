//! RSS/Atom feeds and WARC archives: containers that hold many articles each.
//! Their entries become articles whose body may still be HTML; the clean stage
//! extracts the text.

use khabar_core::{InputFormat, Provenance, RawArticle};
use serde_json::{json, Map, Value};

use crate::rejection::Rejection;
use crate::source_name::source_from_url;

/// Every entry of an RSS or Atom feed, in document order.
pub fn feed_articles(bytes: &[u8], path: &str) -> Result<Vec<RawArticle>, Rejection> {
    let feed = feed_rs::parser::parse(bytes).map_err(|error| {
        Rejection::new(
            Provenance {
                path: path.to_string(),
                line: None,
            },
            "malformed_feed",
            format!(
                "cannot parse rss/atom feed: {}",
                error.to_string().to_lowercase()
            ),
        )
    })?;
    let mut articles = Vec::with_capacity(feed.entries.len());
    for (entry_index, entry) in feed.entries.into_iter().enumerate() {
        let url = entry.links.first().map(|link| link.href.clone());
        let title = entry.title.map(|text| text.content);
        let summary = entry.summary.map(|text| text.content);
        let content = entry.content.and_then(|content| content.body);
        let body = content
            .clone()
            .or_else(|| summary.clone())
            .unwrap_or_default();
        let published = entry.published.or(entry.updated);
        let authors: Vec<String> = entry
            .authors
            .into_iter()
            .filter_map(|person| person.name)
            .collect();
        let original = json!({
            "id": entry.id, "title": title, "link": url, "published": published.map(|date| date.to_rfc3339()),
            "summary": summary, "content": content, "authors": authors,
        });
        let mut metadata = Map::new();
        if !authors.is_empty() {
            metadata.insert("authors".to_string(), json!(authors));
        }
        let id = if entry.id.trim().is_empty() {
            format!("{path}#{}", entry_index + 1)
        } else {
            entry.id
        };
        articles.push(RawArticle {
            id,
            source: url.as_deref().and_then(source_from_url),
            url,
            published,
            title,
            body,
            metadata,
            provenance: Provenance {
                path: path.to_string(),
                line: Some(entry_index as u64 + 1),
            },
            format: InputFormat::Rss,
            original: serde_json::to_vec(&original).unwrap_or_default(),
        });
    }
    Ok(articles)
}

/// One WARC `response` record holding an HTML page, or a reason to skip it.
pub enum WarcItem {
    Article(Box<RawArticle>),
    Rejected(Rejection),
}

/// Reads the HTML responses of a WARC file. Other record types (request,
/// metadata, warcinfo) are not articles and are passed over silently.
pub fn warc_articles(reader: impl std::io::BufRead, path: &str, mut emit: impl FnMut(WarcItem)) {
    let warc_reader = warc::WarcReader::new(reader);
    for (record_index, record) in warc_reader.iter_records().enumerate() {
        let provenance = Provenance {
            path: path.to_string(),
            line: Some(record_index as u64 + 1),
        };
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                emit(WarcItem::Rejected(Rejection::new(
                    provenance,
                    "malformed_warc",
                    format!(
                        "cannot read warc record: {}",
                        error.to_string().to_lowercase()
                    ),
                )));
                return;
            }
        };
        if *record.warc_type() != warc::RecordType::Response {
            continue;
        }
        let payload = record.body();
        let (http_headers, html_bytes) = split_http_response(payload);
        if !http_headers.to_ascii_lowercase().contains("text/html") {
            continue;
        }
        let html = match std::str::from_utf8(html_bytes) {
            Ok(text) => text.to_string(),
            Err(error) => {
                emit(WarcItem::Rejected(Rejection::new(
                    provenance,
                    "invalid_utf8",
                    format!("html payload is not utf-8 (byte {})", error.valid_up_to()),
                )));
                continue;
            }
        };
        let url = record
            .header(warc::WarcHeader::TargetURI)
            .map(|uri| uri.trim().to_string());
        let mut metadata = Map::new();
        metadata.insert(
            "crawled".to_string(),
            Value::String(record.date().to_rfc3339()),
        );
        let id = url
            .clone()
            .unwrap_or_else(|| record.warc_id().trim_matches(['<', '>']).to_string());
        emit(WarcItem::Article(Box::new(RawArticle {
            id,
            source: url.as_deref().and_then(source_from_url),
            url,
            published: None,
            title: None,
            body: html,
            metadata,
            provenance,
            format: InputFormat::Warc,
            original: payload.to_vec(),
        })));
    }
}

/// Splits an HTTP response into its header block and its body.
fn split_http_response(payload: &[u8]) -> (String, &[u8]) {
    let separator = memchr::memmem::find(payload, b"\r\n\r\n").map(|index| (index, 4));
    let separator =
        separator.or_else(|| memchr::memmem::find(payload, b"\n\n").map(|index| (index, 2)));
    match separator {
        Some((index, length)) => (
            String::from_utf8_lossy(&payload[..index]).into_owned(),
            &payload[index + length..],
        ),
        None => (String::new(), payload),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_entries_become_articles() {
        let rss = r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>
<item><title>عنوان أول</title><link>https://www.example-news.com/a/1</link><guid>g1</guid>
<pubDate>Tue, 21 Jul 2015 02:51:32 +0000</pubDate><description>نص الخبر الأول.</description></item>
<item><title>عنوان ثان</title><link>https://example-news.com/a/2</link><guid>g2</guid><description>نص ثان.</description></item>
</channel></rss>"#;
        let articles = feed_articles(rss.as_bytes(), "feed.xml").unwrap();
        assert_eq!(articles.len(), 2);
        assert_eq!(articles[0].id, "g1");
        assert_eq!(articles[0].title.as_deref(), Some("عنوان أول"));
        assert_eq!(articles[0].source.as_deref(), Some("example-news.com"));
        assert_eq!(
            articles[0].published.unwrap().to_rfc3339(),
            "2015-07-21T02:51:32+00:00"
        );
        assert_eq!(articles[0].body, "نص الخبر الأول.");
        assert!(articles[1].published.is_none());
    }

    #[test]
    fn broken_feed_is_a_rejection() {
        let rejection = feed_articles(b"<rss><channel><item>", "bad.xml").unwrap_err();
        assert_eq!(rejection.kind, "malformed_feed");
    }

    #[test]
    fn warc_html_responses_become_articles() {
        let html = "<html><head><title>خبر</title></head><body><p>نص</p></body></html>";
        let http =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
        let mut record = warc::Record::<warc::BufferedBody>::with_body(http.into_bytes());
        record.set_warc_type(warc::RecordType::Response);
        record
            .set_header(warc::WarcHeader::TargetURI, "https://news.example.org/x")
            .unwrap();
        let mut file = Vec::new();
        {
            let mut writer = warc::WarcWriter::new(&mut file);
            writer.write(&record).unwrap();
        }
        let mut items = Vec::new();
        warc_articles(std::io::BufReader::new(&file[..]), "crawl.warc", |item| {
            items.push(item)
        });
        assert_eq!(items.len(), 1);
        let WarcItem::Article(article) = &items[0] else {
            panic!("expected an article")
        };
        assert_eq!(article.url.as_deref(), Some("https://news.example.org/x"));
        assert_eq!(article.source.as_deref(), Some("news.example.org"));
        assert_eq!(article.body, html);
    }
}
