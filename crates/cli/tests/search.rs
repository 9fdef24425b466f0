//! `khabar search`: the index is built by `ingest`, matches spellings the
//! analyzer folds together, expands entity aliases from story cards, filters,
//! and is rebuilt by `khabar reindex`.

mod common;

use common::{ingest, repository_root, run_khabar, shared_dir, stdout_of};
use serde_json::Value;

fn search_json(data_dir: &std::path::Path, arguments: &[&str]) -> Value {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(arguments);
    let output = run_khabar(data_dir, &all);
    assert!(
        output.status.success(),
        "search {arguments:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout_of(&output)).expect("search prints json")
}

fn hits(results: &Value) -> Vec<&Value> {
    results["stories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|story| story["articles"].as_array().unwrap())
        .collect()
}

/// Every highlighted passage of every snippet, as written in the article.
/// The best article of each story always has a snippet; lower ones may not.
fn highlighted_words(results: &Value) -> Vec<String> {
    for story in results["stories"].as_array().unwrap() {
        assert!(
            story["articles"][0]["snippet"].is_object(),
            "the best article of story {} has no snippet",
            story["story"]
        );
    }
    let mut words = Vec::new();
    for hit in hits(results) {
        if hit["snippet"].is_null() {
            continue;
        }
        let fragment = hit["snippet"]["fragment"].as_str().unwrap();
        for range in hit["snippet"]["highlighted"].as_array().unwrap() {
            let start = range[0].as_u64().unwrap() as usize;
            let end = range[1].as_u64().unwrap() as usize;
            words.push(fragment[start..end].to_string());
        }
    }
    words
}

fn ids(results: &Value) -> Vec<String> {
    hits(results)
        .iter()
        .map(|hit| hit["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn examples_corpus_search_folds_hamza_and_filters() {
    let data_dir = tempfile::tempdir().unwrap();
    ingest(data_dir.path(), &repository_root().join("examples/corpus"));
    // The corpus writes «الاتفاق» without hamza; the query writes it with one.
    let results = search_json(data_dir.path(), &["الإتفاق"]);
    assert!(results["total_articles"].as_u64().unwrap() > 0);
    let words = highlighted_words(&results);
    assert!(
        words.iter().any(|word| word == "الاتفاق"),
        "no «الاتفاق» highlighted for «الإتفاق»: {words:?}"
    );
    let first_source = hits(&results)[0]["source"].as_str().unwrap().to_string();
    let filtered = search_json(data_dir.path(), &["الإتفاق", "--source", &first_source]);
    assert!(!hits(&filtered).is_empty());
    assert!(hits(&filtered)
        .iter()
        .all(|hit| hit["source"] == first_source.as_str()));
    assert!(hits(&filtered).len() <= hits(&results).len());
    let future = search_json(data_dir.path(), &["الإتفاق", "--from", "2999-01-01"]);
    assert_eq!(future["total_articles"], 0);

    // A rebuilt index answers the same.
    let reindex = run_khabar(data_dir.path(), &["reindex"]);
    assert!(
        reindex.status.success(),
        "{}",
        String::from_utf8_lossy(&reindex.stderr)
    );
    assert!(stdout_of(&reindex).starts_with("indexed "));
    let again = search_json(data_dir.path(), &["الإتفاق"]);
    assert_eq!(ids(&again), ids(&results));

    // Human output marks the matches.
    let human = run_khabar(data_dir.path(), &["search", "الإتفاق"]);
    assert!(
        stdout_of(&human).contains("[الاتفاق]"),
        "{}",
        stdout_of(&human)
    );
    // A query the parser cannot read is an error, not a crash.
    let invalid = run_khabar(data_dir.path(), &["search", "nosuchfield:word"]);
    assert!(!invalid.status.success());
    assert!(String::from_utf8_lossy(&invalid.stderr).contains("invalid query"));
}

const RT_SEED: &str = "000_02649756a4642aab";
const OTHER_SEED: &str = "004_1b6dd3335869aadd";

#[test]
fn seeds_search_folds_spellings_and_expands_aliases() {
    let Some(shared) = shared_dir("seeds_search_folds_spellings_and_expands_aliases") else {
        return;
    };
    let seeds = shared.join("seeds");
    let rt_text = std::fs::read_to_string(seeds.join(format!("{RT_SEED}.txt"))).unwrap();
    let other_text = std::fs::read_to_string(seeds.join(format!("{OTHER_SEED}.txt"))).unwrap();
    let data_dir = tempfile::tempdir().unwrap();
    ingest(data_dir.path(), &seeds);

    // RT writes «الإتفاق»; the query has no hamza.
    assert!(rt_text.contains("الإتفاق") && !rt_text.contains("الاتفاق"));
    let agreement = search_json(data_dir.path(), &["الاتفاق"]);
    assert!(ids(&agreement).contains(&RT_SEED.to_string()));
    // The hamza spelling (here in «الإتفاقيات», same stem) is what gets highlighted.
    let words = highlighted_words(&agreement);
    assert!(
        words.iter().any(|word| word.starts_with("الإتفاق")),
        "{words:?}"
    );

    // Both write «أوسيتيا»; the query has no hamza.
    let ossetia = search_json(data_dir.path(), &["اوسيتيا"]);
    let mut found = ids(&ossetia);
    found.sort();
    assert_eq!(found, vec![RT_SEED.to_string(), OTHER_SEED.to_string()]);

    // RT only says «سخيفر»; the story card merged it with «شيفر».
    assert!(!rt_text.contains("شيفر") && other_text.contains("شيفر"));
    let secretary = search_json(data_dir.path(), &["شيفر"]);
    assert!(
        ids(&secretary).contains(&RT_SEED.to_string()),
        "alias expansion missed the RT seed: {secretary}"
    );
    let aliases: Vec<&str> = secretary["expanded_aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|alias| alias.as_str().unwrap())
        .collect();
    assert!(
        aliases.iter().any(|alias| alias.contains("سخيفر")),
        "{aliases:?}"
    );
}

#[test]
fn a_changed_article_is_searched_in_its_new_wording() {
    let data_dir = tempfile::tempdir().unwrap();
    let inputs = tempfile::tempdir().unwrap();
    let first = inputs.path().join("first.jsonl");
    let second = inputs.path().join("second.jsonl");
    let article = |body: &str| {
        serde_json::json!({
            "id": "gazette-1", "source": "gazette.example", "title": "افتتاح جسر الميناء",
            "text": body, "published": "2031-03-02T08:00:00Z",
        })
        .to_string()
            + "\n"
    };
    std::fs::write(
        &first,
        article("افتتحت البلدية جسر الميناء الجديد بحضور المهندسين والسكان."),
    )
    .unwrap();
    std::fs::write(
        &second,
        article("أجلت البلدية افتتاح جسر الميناء بسبب عاصفة رملية شديدة."),
    )
    .unwrap();
    ingest(data_dir.path(), &first);
    assert_eq!(
        ids(&search_json(data_dir.path(), &["المهندسين"])),
        ["gazette-1"]
    );
    assert!(ids(&search_json(data_dir.path(), &["عاصفة"])).is_empty());

    ingest(data_dir.path(), &second);
    assert_eq!(
        ids(&search_json(data_dir.path(), &["عاصفة"])),
        ["gazette-1"]
    );
    assert!(ids(&search_json(data_dir.path(), &["المهندسين"])).is_empty());
    let total = search_json(data_dir.path(), &["جسر"])["total_articles"].as_u64();
    assert_eq!(total, Some(1), "the old version must not stay in the index");
}
