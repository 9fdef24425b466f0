//! The seeds: two articles with the fields the foundation issue names, and a
//! second ingest that adds nothing.

mod common;

use common::{export_lines, run_khabar, shared_dir};

#[test]
fn seeds_ingest_into_two_articles_and_reingest_adds_nothing() {
    let Some(shared) = shared_dir("seeds_ingest_into_two_articles_and_reingest_adds_nothing")
    else {
        return;
    };
    let data_dir = tempfile::tempdir().unwrap();
    let seeds = shared.join("seeds").display().to_string();
    let first = run_khabar(data_dir.path(), &["ingest", &seeds]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let articles = export_lines(data_dir.path());
    assert_eq!(articles.len(), 2);
    let rt = &articles[0];
    assert_eq!(rt["id"], "000_02649756a4642aab");
    assert_eq!(rt["source"], "arabic.rt.com");
    assert_eq!(rt["url"], "https://arabic.rt.com/news/31106/");
    assert_eq!(
        rt["title"],
        "سخيفر: روسيا والناتو إتفقا على إستئناف تعاونهما العسكري"
    );
    let other = &articles[1];
    assert_eq!(other["id"], "004_1b6dd3335869aadd");
    assert!(other["title"].is_null());
    assert!(other["url"].is_null());
    for article in &articles {
        for field in [
            "id",
            "source",
            "url",
            "published",
            "title",
            "story",
            "duplicate_of",
            "text",
            "removed",
        ] {
            assert!(article.get(field).is_some(), "export line lacks `{field}`");
        }
        assert!(!article["text"].as_str().unwrap().is_empty());
    }

    let second = run_khabar(data_dir.path(), &["ingest", &seeds]);
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stdout).contains("0 new"));
    assert_eq!(export_lines(data_dir.path()).len(), 2);
}
