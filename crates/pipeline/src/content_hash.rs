//! The content hash that decides whether a re-ingested article changed.

use khabar_core::RawArticle;

/// xxh3-128 over the article's content fields, hex-encoded. It ignores
/// provenance and key order, so the same article read from another file or
/// serialised differently is unchanged.
pub fn content_hash(article: &RawArticle) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let fields = [
        article.title.as_deref().unwrap_or(""),
        article.body.as_str(),
        article.url.as_deref().unwrap_or(""),
        article.source.as_deref().unwrap_or(""),
    ];
    for field in fields {
        hasher.update(&(field.len() as u64).to_le_bytes());
        hasher.update(field.as_bytes());
    }
    let published = article
        .published
        .map(|date| date.timestamp())
        .unwrap_or(i64::MIN);
    hasher.update(&published.to_le_bytes());
    format!("{:032x}", hasher.digest128())
}
