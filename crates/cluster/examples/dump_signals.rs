//! Writes, for every article of a labelled corpus, the similarity signals of
//! each candidate story and whether the story's majority gold label is the
//! article's: the data behind the scoring choices in the crate README.
//!
//! cargo run --release -p khabar-cluster --example dump_signals -- GOLD.jsonl[.gz] [--set name=value]... > signals.jsonl

mod support;

use std::collections::HashMap;

use khabar_cluster::StoryClusterer;

fn majority(labels: &[String]) -> Option<String> {
    let mut counts: HashMap<&String, usize> = HashMap::new();
    for label in labels {
        *counts.entry(label).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .max_by(|left, right| left.1.cmp(&right.1).then_with(|| right.0.cmp(left.0)))
        .map(|(label, _)| label.clone())
}

fn main() -> Result<(), String> {
    let support::AnalyzedGold {
        articles,
        inputs,
        config,
        background,
        ..
    } = support::analyzed_gold("dump_signals")?;
    let mut clusterer = StoryClusterer::new(config, background);
    clusterer.record_signals(true);
    let mut story_gold: HashMap<String, Vec<String>> = HashMap::new();
    let mut seen_gold: HashMap<String, usize> = HashMap::new();
    for (position, (article, input)) in articles.iter().zip(&inputs).enumerate() {
        let decision = clusterer.observe(input);
        let candidates: Vec<serde_json::Value> = clusterer
            .last_signals()
            .iter()
            .map(|signals| {
                let story_label = story_gold.get(&signals.story_id).and_then(|l| majority(l));
                let same = story_label.as_deref() == Some(article.gold.as_str());
                serde_json::json!({"same": same, "signals": signals})
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "position": position,
                "id": article.id,
                "gold": article.gold,
                "seen_before": seen_gold.get(&article.gold).copied().unwrap_or(0),
                "candidates": candidates,
            })
        );
        for (from, into) in &decision.merged_stories {
            let absorbed = story_gold.remove(from).unwrap_or_default();
            story_gold.entry(into.clone()).or_default().extend(absorbed);
        }
        story_gold
            .entry(decision.story_id.clone())
            .or_default()
            .push(article.gold.clone());
        *seen_gold.entry(article.gold.clone()).or_insert(0) += 1;
    }
    Ok(())
}
