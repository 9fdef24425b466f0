//! `khabar duplicates`: exact and near-duplicate groups, from the store.

use std::collections::BTreeMap;
use std::path::Path;

use khabar_pipeline::{Config, Engine};
use serde::Serialize;
use serde_json::Value;

use crate::commands::Outcome;
use crate::hiargs::OutputMode;
use crate::lowargs::DuplicatesArguments;

#[derive(Serialize)]
struct GroupMember {
    id: String,
    source: Option<String>,
    kind: Value,
    estimated_jaccard: Value,
    verified_jaccard: Value,
}

#[derive(Serialize)]
struct Group {
    canonical: String,
    canonical_source: Option<String>,
    sources: Vec<String>,
    copies: Vec<GroupMember>,
}

pub fn run(
    data_dir: &Path,
    config: Config,
    output_mode: OutputMode,
    arguments: &DuplicatesArguments,
) -> anyhow::Result<Outcome> {
    let engine = Engine::open(data_dir, config)?;
    let mut sources_by_id: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut copies_by_canonical: BTreeMap<String, Vec<GroupMember>> = BTreeMap::new();
    engine
        .store()
        .for_each_article(|article| -> anyhow::Result<()> {
            if let Some(canonical) = &article.duplicate_of {
                let dedup = article
                    .decisions
                    .get("dedup")
                    .cloned()
                    .unwrap_or(Value::Null);
                let similarity = &dedup["similarity_to_canonical"];
                let (estimated, verified) = if similarity.is_null() {
                    (
                        dedup["estimated_jaccard"].clone(),
                        dedup["verified_jaccard"].clone(),
                    )
                } else {
                    (
                        similarity["estimated_jaccard"].clone(),
                        similarity["verified_jaccard"].clone(),
                    )
                };
                copies_by_canonical
                    .entry(canonical.clone())
                    .or_default()
                    .push(GroupMember {
                        id: article.id.clone(),
                        source: article.source.clone(),
                        kind: dedup["kind"].clone(),
                        estimated_jaccard: estimated,
                        verified_jaccard: verified,
                    });
            }
            sources_by_id.insert(article.id, article.source);
            Ok(())
        })?;
    let mut groups: Vec<Group> = copies_by_canonical
        .into_iter()
        .map(|(canonical, copies)| {
            let canonical_source = sources_by_id.get(&canonical).cloned().flatten();
            let mut sources: Vec<String> = copies
                .iter()
                .filter_map(|copy| copy.source.clone())
                .chain(canonical_source.clone())
                .collect();
            sources.sort();
            sources.dedup();
            Group {
                canonical,
                canonical_source,
                sources,
                copies,
            }
        })
        .collect();
    groups.sort_by(|left, right| {
        right
            .copies
            .len()
            .cmp(&left.copies.len())
            .then_with(|| left.canonical.cmp(&right.canonical))
    });
    for group in groups.iter().take(arguments.limit) {
        if output_mode == OutputMode::Json {
            println!("{}", serde_json::to_string(group)?);
            continue;
        }
        println!(
            "{} ({}) — {} copies from {}",
            group.canonical,
            group.canonical_source.as_deref().unwrap_or("—"),
            group.copies.len(),
            group.sources.join(", ")
        );
        for copy in &group.copies {
            println!(
                "    {:<28} {:<24} {:<6} estimated {} verified {}",
                copy.id,
                copy.source.as_deref().unwrap_or("—"),
                copy.kind.as_str().unwrap_or("?"),
                format_similarity(&copy.estimated_jaccard),
                format_similarity(&copy.verified_jaccard)
            );
        }
    }
    if output_mode == OutputMode::Human {
        println!("{} groups", groups.len());
    }
    Ok(Outcome::Success)
}

fn format_similarity(value: &Value) -> String {
    value
        .as_f64()
        .map(|number| format!("{number:.3}"))
        .unwrap_or_else(|| "—".to_string())
}
