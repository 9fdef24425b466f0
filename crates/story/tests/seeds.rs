//! The two seed articles (RT Arabic and an unnamed paper on the NATO–Russia
//! Council meeting in Corfu) must give the card issue 7 describes. Reads
//! `../shared/seeds`; skips visibly when it is absent.

use std::collections::HashSet;
use std::path::PathBuf;

use khabar_analyze::{analyze, AnalyzerConfig, Language};
use khabar_story::{render_terminal, StoryArticle, StoryCard, StoryCardBuilder, StoryCardConfig};

const RT_SEED: &str = "000_02649756a4642aab";
const OTHER_SEED: &str = "004_1b6dd3335869aadd";

fn seeds_directory() -> Option<PathBuf> {
    let directory = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if directory.is_dir() {
        Some(directory)
    } else {
        eprintln!("SKIPPED: ../shared not found");
        None
    }
}

/// The minimum of cleaning the card needs: the copy-link widget and the
/// comment-service footer go, and repeated paragraphs are kept once.
fn minimally_cleaned(lines: &[&str]) -> String {
    let mut seen = HashSet::new();
    let mut kept = Vec::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() || line.starts_with("انسخ الرابط") || line.starts_with("تعليمات استخدام")
        {
            continue;
        }
        if seen.insert(line.to_string()) {
            kept.push(line);
        }
    }
    kept.join("\n")
}

fn seed_articles(directory: &std::path::Path) -> Vec<StoryArticle> {
    let rt = std::fs::read_to_string(directory.join(format!("{RT_SEED}.txt")))
        .unwrap_or_else(|error| panic!("cannot read seed {RT_SEED}: {error}"));
    let other = std::fs::read_to_string(directory.join(format!("{OTHER_SEED}.txt")))
        .unwrap_or_else(|error| panic!("cannot read seed {OTHER_SEED}: {error}"));
    let rt_lines: Vec<&str> = rt.lines().collect();
    let other_lines: Vec<&str> = other.lines().collect();
    vec![
        StoryArticle {
            id: RT_SEED.to_string(),
            source: Some("arabic.rt.com".to_string()),
            url: Some("https://arabic.rt.com/news/31106/".to_string()),
            published: None,
            title: rt_lines.first().map(|line| line.trim().to_string()),
            text: minimally_cleaned(rt_lines.get(1..).unwrap_or(&[])),
            duplicate_of: None,
        },
        StoryArticle {
            id: OTHER_SEED.to_string(),
            source: None,
            url: None,
            published: None,
            title: None,
            text: minimally_cleaned(&other_lines),
            duplicate_of: None,
        },
    ]
}

fn seed_card() -> Option<StoryCard> {
    let directory = seeds_directory()?;
    let articles = seed_articles(&directory);
    let mut builder = StoryCardBuilder::with_shipped_background(StoryCardConfig::default());
    let card = builder.build("seed-story", &articles);
    eprintln!("{}", render_terminal(&card));
    Some(card)
}

#[test]
fn one_card_holds_both_seed_articles_under_two_outlets() {
    let Some(card) = seed_card() else { return };
    let ids: HashSet<&str> = card.articles.iter().map(String::as_str).collect();
    assert_eq!(ids, HashSet::from([RT_SEED, OTHER_SEED]));
    let outlets: HashSet<&str> = card
        .sources
        .iter()
        .map(|source| source.source.as_str())
        .collect();
    // The unnamed paper is shown under its article id.
    assert_eq!(outlets, HashSet::from(["arabic.rt.com", OTHER_SEED]));
    assert_eq!(card.copy_count, 0);
    // The only title is RT's.
    assert!(
        card.headline.contains("روسيا والناتو"),
        "headline: {}",
        card.headline
    );
}

#[test]
fn scheffer_is_one_entity_under_both_spellings() {
    let Some(card) = seed_card() else { return };
    let scheffer = card.entities.iter().find(|entity| {
        entity
            .variants
            .iter()
            .any(|variant| variant.contains("سخيفر"))
            && entity
                .variants
                .iter()
                .any(|variant| variant.contains("شيفر"))
    });
    assert!(scheffer.is_some(), "entities: {:#?}", card.entities);
    // No other entity holds either spelling: the name appears once.
    let holding_a_spelling = card
        .entities
        .iter()
        .filter(|entity| {
            entity
                .variants
                .iter()
                .any(|variant| variant.contains("سخيفر") || variant.contains("شيفر"))
        })
        .count();
    assert_eq!(holding_a_spelling, 1, "entities: {:#?}", card.entities);
}

fn content_terms(sentence: &str) -> HashSet<String> {
    analyze(sentence, Language::Arabic, &AnalyzerConfig::default())
        .into_iter()
        .map(|token| token.term)
        .collect()
}

#[test]
fn summary_draws_on_both_outlets_without_repeating_itself() {
    let Some(card) = seed_card() else { return };
    assert_eq!(
        card.summary.len(),
        StoryCardConfig::default().summary_sentences
    );
    let outlets: HashSet<&str> = card
        .summary
        .iter()
        .flat_map(|sentence| sentence.sources.iter().map(String::as_str))
        .collect();
    assert!(
        outlets.contains("arabic.rt.com"),
        "summary: {:#?}",
        card.summary
    );
    assert!(outlets.contains(OTHER_SEED), "summary: {:#?}", card.summary);
    for (index, left) in card.summary.iter().enumerate() {
        for right in &card.summary[index + 1..] {
            let left_terms = content_terms(&left.sentence);
            let right_terms = content_terms(&right.sentence);
            let shared = left_terms.intersection(&right_terms).count();
            let union = left_terms.union(&right_terms).count().max(1);
            assert!(
                (shared as f64) / (union as f64) < 0.5,
                "near-identical summary sentences:\n{}\n{}",
                left.sentence,
                right.sentence
            );
        }
    }
}

#[test]
fn only_here_has_lavrov_on_observers_for_rt_and_steinmeier_for_the_other_paper() {
    let Some(card) = seed_card() else { return };
    let rt_only = card
        .only_here
        .get("arabic.rt.com")
        .cloned()
        .unwrap_or_default();
    assert!(
        rt_only
            .iter()
            .any(|sentence| sentence.contains("مراقبي هيئة الأمم المتحدة ومنظمة الأمن والتعاون")),
        "only_here[arabic.rt.com]: {rt_only:#?}"
    );
    let other_only = card.only_here.get(OTHER_SEED).cloned().unwrap_or_default();
    assert!(
        other_only
            .iter()
            .any(|sentence| sentence.contains("شتاينماير")),
        "only_here[{OTHER_SEED}]: {other_only:#?}"
    );
    // Each outlet's additions are its own sentences.
    let rt_text = &seed_articles(&seeds_directory().unwrap_or_default())[0].text;
    assert!(rt_only
        .iter()
        .all(|sentence| rt_text.contains(sentence.as_str())));
}

#[test]
fn card_serializes_with_the_issue_keys() {
    let Some(card) = seed_card() else { return };
    let json = serde_json::to_value(&card).unwrap_or_default();
    for key in [
        "id",
        "headline",
        "articles",
        "sources",
        "first_seen",
        "last_seen",
        "entities",
        "summary",
        "only_here",
    ] {
        assert!(json.get(key).is_some(), "missing key {key}");
    }
    let first_entity = &json["entities"][0];
    for key in ["name", "variants", "mentions"] {
        assert!(first_entity.get(key).is_some(), "entity lacks {key}");
    }
    let first_sentence = &json["summary"][0];
    for key in ["sentence", "article", "source"] {
        assert!(
            first_sentence.get(key).is_some(),
            "summary sentence lacks {key}"
        );
    }
}
