//! `khabar remove`: an article leaves the export, its duplicate group (a copy
//! takes over as canonical), its story and the search index, while the store
//! keeps it in `removed_articles`; later ingests resume from the new state.

mod common;

use common::{export_lines, ingest, repository_root, run_khabar, stdout_of};
use serde_json::Value;

fn search_ids(data_dir: &std::path::Path, query: &str) -> Vec<String> {
    let output = run_khabar(data_dir, &["search", "--json", query]);
    assert!(output.status.success());
    let results: Value = serde_json::from_str(&stdout_of(&output)).unwrap();
    results["stories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|story| story["articles"].as_array().unwrap().clone())
        .map(|hit| hit["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn removing_a_canonical_hands_its_group_to_a_copy() {
    let data_dir = tempfile::tempdir().unwrap();
    ingest(data_dir.path(), &repository_root().join("examples/corpus"));
    let before = export_lines(data_dir.path());
    // The corpus's wire copy: find a canonical with at least one copy.
    let copy = before
        .iter()
        .find(|article| article["duplicate_of"].is_string())
        .expect("the examples corpus holds a wire copy");
    let canonical_id = copy["duplicate_of"].as_str().unwrap().to_string();
    let copy_id = copy["id"].as_str().unwrap().to_string();
    let canonical_title = before
        .iter()
        .find(|article| article["id"] == canonical_id.as_str())
        .and_then(|article| article["title"].as_str())
        .unwrap()
        .to_string();
    assert!(search_ids(data_dir.path(), &canonical_title).contains(&canonical_id));

    let output = run_khabar(
        data_dir.path(),
        &["remove", &canonical_id, "--reason", "test"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout_of(&output).contains(&copy_id),
        "{}",
        stdout_of(&output)
    );

    let after = export_lines(data_dir.path());
    assert_eq!(after.len(), before.len() - 1);
    assert!(after
        .iter()
        .all(|article| article["id"] != canonical_id.as_str()));
    let new_canonical = after
        .iter()
        .find(|article| article["id"] == copy_id.as_str())
        .unwrap();
    assert!(new_canonical["duplicate_of"].is_null());
    assert!(after
        .iter()
        .all(|article| article["duplicate_of"] != canonical_id.as_str()));
    assert!(!search_ids(data_dir.path(), &canonical_title).contains(&canonical_id));
    let shown = run_khabar(data_dir.path(), &["article", &canonical_id]);
    assert!(!shown.status.success());

    // An unknown id is reported and the exit status says so (3).
    let unknown = run_khabar(data_dir.path(), &["remove", "no-such-article"]);
    assert_eq!(unknown.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no-such-article"));

    // The next ingest resumes from the state written with the removal.
    let inputs = tempfile::tempdir().unwrap();
    let late = inputs.path().join("late.jsonl");
    std::fs::write(
        &late,
        serde_json::json!({
            "id": "late-1", "source": "late.example", "title": "خبر متأخر عن سوق السمك",
            "text": "افتتحت بلدية الميناء سوق السمك الجديد صباح اليوم.",
            "published": "2031-05-01T08:00:00Z",
        })
        .to_string()
            + "\n",
    )
    .unwrap();
    ingest(data_dir.path(), &late);
    assert_eq!(export_lines(data_dir.path()).len(), before.len());
}
