//! The two seed articles that define the product (read from `../shared/seeds`).

use std::path::PathBuf;

use khabar_clean::{clean_article, rule_set_for, BoilerplateStats, CleanConfig, CleanOutput};
use khabar_core::{InputFormat, Provenance, RawArticle};

fn seeds_dir() -> Option<PathBuf> {
    let directory = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if directory.is_dir() {
        Some(directory)
    } else {
        eprintln!("SKIPPED: ../shared not found");
        None
    }
}

/// The text-file convention: the first line is the headline when it is short, has no
/// sentence-final punctuation and is followed by a blank line; the body is the rest.
fn raw_article_from_text_file(id: &str, text: &str) -> RawArticle {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default().trim();
    let second = lines.next();
    let is_headline = first.split_whitespace().count() <= 20
        && !first.ends_with(['.', '!', '?', '؟'])
        && second.is_some_and(|line| line.trim().is_empty());
    let (title, body) = if is_headline {
        let body_start = text.find('\n').map_or(text.len(), |index| index + 1);
        (Some(first.to_string()), text[body_start..].to_string())
    } else {
        (None, text.to_string())
    };
    RawArticle {
        id: id.to_string(),
        source: None,
        url: None,
        published: None,
        title,
        body,
        metadata: serde_json::Map::new(),
        provenance: Provenance {
            path: format!("{id}.txt"),
            line: None,
        },
        format: InputFormat::Text,
        original: text.as_bytes().to_vec(),
    }
}

fn clean_seed(directory: &std::path::Path, id: &str) -> (RawArticle, CleanOutput) {
    let text = std::fs::read_to_string(directory.join(format!("{id}.txt"))).expect("seed reads");
    let raw = raw_article_from_text_file(id, &text);
    let config = CleanConfig::default();
    let rules = rule_set_for(&config).expect("rules compile");
    let output = clean_article(&raw, &rules, &BoilerplateStats::new(), &config);
    (raw, output)
}

const WIDGET_LINE: &str = "انسخ الرابطhttps://arabic.rt.com/news/31106/";
const FOOTER_LINE: &str =
    "تعليمات استخدام خدمة التعليقات على صفحات موقع قناة \"RT Arabic\" (اضغط هنا)";
const SUB_HEADING: &str = "لافروف يشير إلى ضرورة إعادة الثقة بين";

#[test]
fn seed_000_widget_and_footer_removed_every_sentence_once() {
    let Some(directory) = seeds_dir() else {
        return;
    };
    let (raw, output) = clean_seed(&directory, "000_02649756a4642aab");
    assert!(raw.title.is_some(), "headline detected");
    assert!(!output.text.contains("انسخ الرابط"), "{}", output.text);
    assert!(!output.text.contains("https://"), "{}", output.text);
    assert!(!output.text.contains("تعليمات استخدام خدمة التعليقات"));
    assert!(output.flags.is_empty(), "flags: {:?}", output.flags);
    assert!(output
        .removed
        .iter()
        .any(|removal| removal.text == WIDGET_LINE && removal.rule == "copy_link_url"));
    assert!(output
        .removed
        .iter()
        .any(|removal| removal.text == FOOTER_LINE));
    assert_eq!(
        output.extracted_urls,
        vec!["https://arabic.rt.com/news/31106/"]
    );
    assert_eq!(output.text.matches(SUB_HEADING).count(), 1);

    // Every other sentence of the original, split independently on ". ", exactly once.
    let mut checked = 0;
    for line in raw.body.lines() {
        let line = line.trim();
        if line.is_empty() || line == WIDGET_LINE || line == FOOTER_LINE {
            continue;
        }
        for sentence in line.split(". ") {
            let sentence = sentence.trim().trim_end_matches('.').trim();
            if sentence.is_empty() {
                continue;
            }
            checked += 1;
            assert_eq!(
                output.text.matches(sentence).count(),
                1,
                "sentence not exactly once: {sentence}\n--- cleaned:\n{}",
                output.text
            );
        }
    }
    assert!(checked >= 12, "only {checked} sentences checked");
}

#[test]
fn seed_004_each_distinct_paragraph_once() {
    let Some(directory) = seeds_dir() else {
        return;
    };
    let (raw, output) = clean_seed(&directory, "004_1b6dd3335869aadd");
    assert!(raw.title.is_none(), "seed 004 has no headline");
    let all_paragraphs: Vec<&str> = raw
        .body
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let mut distinct = all_paragraphs.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let distinct_count = distinct.len();
    assert!(
        distinct_count < all_paragraphs.len(),
        "seed 004 has repeats"
    );
    for paragraph in distinct {
        assert_eq!(
            output.text.matches(paragraph).count(),
            1,
            "paragraph not exactly once: {paragraph}"
        );
    }
    assert_eq!(output.text.lines().count(), distinct_count);
    assert!(output
        .removed
        .iter()
        .all(|removal| removal.rule == "repeated_paragraph"));
    assert!(output.flags.is_empty());
}
