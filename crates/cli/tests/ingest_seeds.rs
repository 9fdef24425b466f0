//! The seeds: two articles with the fields the foundation issue names, and a
//! second ingest that adds nothing.

mod common;

use common::{export_lines, run_khabar, shared_dir, stdout_of};

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

#[test]
fn seeds_are_cleaned_and_told_as_one_story_by_two_outlets() {
    let Some(shared) = shared_dir("seeds_are_cleaned_and_told_as_one_story_by_two_outlets") else {
        return;
    };
    let data_dir = tempfile::tempdir().unwrap();
    let seeds = shared.join("seeds");
    assert!(
        run_khabar(data_dir.path(), &["ingest", &seeds.display().to_string()])
            .status
            .success()
    );
    let articles = export_lines(data_dir.path());
    let rt = &articles[0];
    let rt_text = rt["text"].as_str().unwrap();
    assert!(
        !rt_text.contains("انسخ الرابط"),
        "copy-link widget left in the text"
    );
    assert!(
        !rt_text.contains("تعليمات استخدام خدمة التعليقات"),
        "comment footer left in the text"
    );
    let removed: Vec<&str> = rt["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|removal| removal["text"].as_str().unwrap())
        .collect();
    assert!(removed
        .iter()
        .any(|text| text.contains("انسخ الرابطhttps://arabic.rt.com/news/31106/")));
    assert!(removed
        .iter()
        .any(|text| text.contains("تعليمات استخدام خدمة التعليقات")));
    // Every other sentence of the original body appears exactly once.
    let original = std::fs::read_to_string(seeds.join("000_02649756a4642aab.txt")).unwrap();
    for line in original.lines().skip(1) {
        let line = line.trim();
        if line.is_empty() || line.contains("انسخ الرابط") || line.contains("تعليمات استخدام")
        {
            continue;
        }
        for sentence in line
            .split_inclusive(". ")
            .map(str::trim)
            .filter(|sentence| sentence.len() > 20)
        {
            assert_eq!(
                rt_text.matches(sentence.trim_end_matches('.')).count(),
                1,
                "sentence not exactly once: {sentence}"
            );
        }
    }
    let other_text = articles[1]["text"].as_str().unwrap();
    let other_original = std::fs::read_to_string(seeds.join("004_1b6dd3335869aadd.txt")).unwrap();
    for paragraph in other_original
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
    {
        assert_eq!(
            other_text.matches(paragraph).count(),
            1,
            "paragraph not exactly once: {paragraph}"
        );
    }

    // One story, two outlets, both spellings of Scheffer, and what each outlet alone reports.
    assert_eq!(
        articles[0]["story"], articles[1]["story"],
        "the seeds are one story"
    );
    let story_id = articles[0]["story"].as_str().unwrap();
    let card_output = run_khabar(data_dir.path(), &["story", story_id, "--json"]);
    assert!(
        card_output.status.success(),
        "{}",
        String::from_utf8_lossy(&card_output.stderr)
    );
    let card: serde_json::Value = serde_json::from_str(&stdout_of(&card_output)).unwrap();
    assert_eq!(card["articles"].as_array().unwrap().len(), 2);
    let scheffer = card["entities"].as_array().unwrap().iter().find(|entity| {
        let spellings: Vec<&str> = std::iter::once(&entity["name"])
            .chain(entity["variants"].as_array().unwrap().iter())
            .map(|value| value.as_str().unwrap())
            .collect();
        spellings.iter().any(|spelling| spelling.contains("سخيفر"))
            && spellings
                .iter()
                .any(|spelling| spelling.contains("شيفر") && !spelling.contains("سخيفر"))
    });
    assert!(
        scheffer.is_some(),
        "no entity merges سخيفر and شيفر: {}",
        card["entities"]
    );
    let summary_sources: std::collections::BTreeSet<&str> = card["summary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|sentence| sentence["source"].as_str().unwrap())
        .collect();
    assert_eq!(summary_sources.len(), 2, "summary draws on one outlet only");
    let rt_only: Vec<&str> = card["only_here"]["arabic.rt.com"]
        .as_array()
        .unwrap()
        .iter()
        .map(|value| value.as_str().unwrap())
        .collect();
    assert!(rt_only
        .iter()
        .any(|sentence| sentence.contains("مراقبي هيئة الأمم المتحدة ومنظمة الأمن والتعاون")));
    let other_only: Vec<&str> = card["only_here"]["004_1b6dd3335869aadd"]
        .as_array()
        .unwrap()
        .iter()
        .map(|value| value.as_str().unwrap())
        .collect();
    assert!(other_only
        .iter()
        .any(|sentence| sentence.contains("شتاينماير")));
}
