//! The bundled example corpus as an end-to-end test: every labelled article is
//! ingested, the designed noise is removed and recorded, the wire story copied
//! by three outlets is one duplicate group, and the stories agree with the
//! labels file.

mod common;

use std::collections::BTreeMap;

use common::{export_lines, repository_root, run_khabar, stdout_of};

fn labels() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(repository_root().join("examples/labels.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (id, event) = line.split_once('\t').expect("id<TAB>event");
            (id.to_string(), event.to_string())
        })
        .collect()
}

#[test]
fn example_corpus_runs_end_to_end_and_matches_its_labels() {
    let data_dir = tempfile::tempdir().unwrap();
    let corpus = repository_root()
        .join("examples/corpus")
        .display()
        .to_string();
    let output = run_khabar(data_dir.path(), &["ingest", &corpus]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let articles = export_lines(data_dir.path());
    let labels = labels();
    assert!(
        labels.len() >= 40,
        "the example corpus must hold at least 40 articles"
    );
    let exported_ids: Vec<&str> = articles
        .iter()
        .map(|article| article["id"].as_str().unwrap())
        .collect();
    let mut sorted_ids = exported_ids.clone();
    sorted_ids.sort();
    let labelled_ids: Vec<&str> = labels.keys().map(String::as_str).collect();
    assert_eq!(
        sorted_ids, labelled_ids,
        "exported ids and labelled ids differ"
    );

    // Designed noise: comment-service footers and copy-link widgets are removed, with their rule.
    let removed_rules: Vec<String> = articles
        .iter()
        .flat_map(|article| article["removed"].as_array().unwrap().iter())
        .map(|removal| removal["rule"].as_str().unwrap().to_string())
        .collect();
    for expected_rule in [
        "comment_service_instructions",
        "copy_link_url",
        "repeated_paragraph",
        "share_bar",
    ] {
        assert!(
            removed_rules.iter().any(|rule| rule == expected_rule),
            "no removal by rule {expected_rule}"
        );
    }
    for article in &articles {
        let text = article["text"].as_str().unwrap();
        assert!(
            !text.contains("انسخ الرابط"),
            "copy-link widget left in {}",
            article["id"]
        );
        assert!(
            !text.trim().is_empty(),
            "article {} lost all its text",
            article["id"]
        );
    }

    // The agency story copied by three outlets: the two verbatim copies are one
    // duplicate group; the third (new headline, added source line and footer,
    // raw word-5-gram Jaccard below 0.8) is not a near-copy by the definition,
    // but all three are one story.
    let wire_copies = ["wadi-0001", "zt-0001", "barid-0001"];
    let canonical_of = |id: &str| {
        let article = articles.iter().find(|article| article["id"] == id).unwrap();
        article["duplicate_of"].as_str().unwrap_or(id).to_string()
    };
    assert_eq!(
        canonical_of("zt-0001"),
        canonical_of("wadi-0001"),
        "verbatim wire copies in different groups"
    );
    let stories: Vec<&str> = wire_copies
        .iter()
        .map(|id| {
            articles
                .iter()
                .find(|article| article["id"] == *id)
                .unwrap()["story"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        stories.iter().all(|story| *story == stories[0]),
        "wire copies in different stories"
    );

    // Stories against the labels.
    let gold: Vec<&str> = exported_ids.iter().map(|id| labels[*id].as_str()).collect();
    let predicted: Vec<&str> = articles
        .iter()
        .map(|article| article["story"].as_str().unwrap())
        .collect();
    let metrics = khabar_cluster::metrics::score_clustering(&gold, &predicted);
    eprintln!(
        "example corpus clustering: {}",
        serde_json::to_string(&metrics).unwrap()
    );
    assert!(
        metrics.bcubed_precision >= 0.9,
        "stories mix events: {metrics:?}"
    );
    assert!(
        metrics.bcubed_f1 >= 0.9,
        "stories disagree with the labels: {metrics:?}"
    );

    let stories_listing = stdout_of(&run_khabar(data_dir.path(), &["stories"]));
    assert!(stories_listing.lines().count() >= 9);

    // Cards are built in parallel but listed in order: biggest first, then
    // most recent; the card listing and the short listing agree.
    let short: Vec<serde_json::Value> =
        stdout_of(&run_khabar(data_dir.path(), &["--json", "stories"]))
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
    let cards: Vec<serde_json::Value> = stdout_of(&run_khabar(
        data_dir.path(),
        &["--json", "stories", "--cards"],
    ))
    .lines()
    .map(|line| serde_json::from_str(line).unwrap())
    .collect();
    let short_ids: Vec<&str> = short
        .iter()
        .map(|story| story["id"].as_str().unwrap())
        .collect();
    let card_ids: Vec<&str> = cards
        .iter()
        .map(|card| card["id"].as_str().unwrap())
        .collect();
    assert_eq!(short_ids, card_ids, "the card listing is out of order");
    let sizes: Vec<(u64, String)> = short
        .iter()
        .map(|story| {
            (
                story["articles"].as_u64().unwrap(),
                story["last_seen"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for pair in sizes.windows(2) {
        assert!(
            pair[0].0 > pair[1].0 || (pair[0].0 == pair[1].0 && pair[0].1 >= pair[1].1),
            "stories not listed biggest and most recent first: {sizes:?}"
        );
    }
}
