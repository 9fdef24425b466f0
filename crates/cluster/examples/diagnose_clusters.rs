//! Prints every wrong join and every missed join of a labelled corpus with the
//! decision's explanation: the tool used to find the error classes the crate
//! README describes.
//!
//! cargo run --release -p khabar-cluster --example diagnose_clusters -- GOLD.jsonl[.gz] [--set name=value]...

mod support;

use std::collections::HashMap;

use khabar_cluster::StoryClusterer;

fn main() -> Result<(), String> {
    let support::AnalyzedGold {
        articles,
        inputs,
        config,
        background,
        ..
    } = support::analyzed_gold("diagnose_clusters")?;
    let mut clusterer = StoryClusterer::new(config, background);
    let mut story_gold: HashMap<String, Vec<String>> = HashMap::new();
    let mut seen_gold: HashMap<String, String> = HashMap::new();
    for (article, input) in articles.iter().zip(&inputs) {
        let decision = clusterer.observe(input);
        for (from, into) in &decision.merged_stories {
            let absorbed = story_gold.remove(from).unwrap_or_default();
            story_gold.entry(into.clone()).or_default().extend(absorbed);
            println!("MERGE {from} -> {into}");
        }
        let members = story_gold.entry(decision.story_id.clone()).or_default();
        let title: String = article
            .title
            .clone()
            .unwrap_or_else(|| article.text.chars().take(70).collect())
            .replace('\n', " ");
        let terms: Vec<String> = decision
            .top_shared_terms
            .iter()
            .take(8)
            .map(|(term, weight)| format!("{term}:{weight:.2}"))
            .collect();
        if !decision.is_new_story && !members.contains(&article.gold) {
            println!(
                "WRONG JOIN {} ({}) -> story with {:?} score {:.3} runner {:?}\n   {title}\n   {}",
                article.id,
                article.gold,
                members,
                decision.score,
                decision.runner_up,
                terms.join(" ")
            );
        }
        if decision.is_new_story && seen_gold.contains_key(&article.gold) {
            println!(
                "MISSED {} ({}) best {:.3} {:?}\n   {title}\n   {}",
                article.id,
                article.gold,
                decision.score,
                decision.runner_up,
                terms.join(" ")
            );
        }
        members.push(article.gold.clone());
        seen_gold
            .entry(article.gold.clone())
            .or_insert_with(|| decision.story_id.clone());
    }
    Ok(())
}
