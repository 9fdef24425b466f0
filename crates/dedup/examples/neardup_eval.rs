//! Scores the deduplicator against the exact near-duplicate ground truth in
//! `../shared/data/neardup/` and prints one JSON object per corpus.
//!
//! ```text
//! cargo run --release -p khabar-dedup --example neardup_eval -- \
//!     [--config '{"verification_threshold":0.8}'] [saudinewsnet] [ant-multisource]
//! ```
//!
//! Articles are observed in file order (key = line number). A pair counts as
//! reported when both articles end up with the same group id. Pairs involving
//! a document of fewer than 5 tokens are scored separately.

#[path = "support/definition.rs"]
mod definition;

use std::collections::HashMap;
use std::time::Instant;

use khabar_dedup::{DedupConfig, DedupInput, Deduplicator, DuplicateKind};

const SHORT_DOCUMENT_TOKENS: usize = 5;

#[derive(Default)]
struct Bucket {
    total: usize,
    found: usize,
}

impl Bucket {
    fn json(&self) -> serde_json::Value {
        let recall = if self.total == 0 {
            None
        } else {
            Some(self.found as f64 / self.total as f64)
        };
        serde_json::json!({"pairs": self.total, "found": self.found, "recall": recall})
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut arguments: Vec<String> = std::env::args().skip(1).collect();
    let mut config = DedupConfig::default();
    if let Some(position) = arguments.iter().position(|argument| argument == "--config") {
        let text = arguments
            .get(position + 1)
            .ok_or("--config needs a JSON value")?
            .clone();
        config = serde_json::from_str(&text)?;
        arguments.drain(position..position + 2);
    }
    if arguments.is_empty() {
        arguments = vec!["saudinewsnet".to_string(), "ant-multisource".to_string()];
    }
    let Some(shared) = definition::shared_dir() else {
        eprintln!("SKIPPED: ../shared not found");
        return Ok(());
    };
    for corpus in arguments {
        let report = evaluate(&shared, &corpus, &config)?;
        println!("{}", serde_json::to_string(&report)?);
    }
    Ok(())
}

fn evaluate(
    shared: &std::path::Path,
    corpus: &str,
    config: &DedupConfig,
) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let articles = definition::read_corpus(&shared.join(format!("data/{corpus}.jsonl.gz")))?;
    let truth =
        definition::read_pairs(&shared.join(format!("data/neardup/{corpus}.pairs.tsv.gz")))?;
    let normalizer = definition::DefinitionNormalizer::new();
    let mut deduplicator = Deduplicator::new(config.clone())?;

    let started = Instant::now();
    let mut normalized = String::new();
    let mut group_of: HashMap<String, u64> = HashMap::new();
    let mut token_count_of: HashMap<String, usize> = HashMap::new();
    let mut key_of: HashMap<String, u64> = HashMap::new();
    let mut kinds: HashMap<&'static str, usize> = HashMap::new();
    let mut candidates_checked = 0usize;
    let mut merged_into: HashMap<u64, u64> = HashMap::new();
    for (index, article) in articles.iter().enumerate() {
        normalizer.normalize_into(&article.text, &mut normalized);
        if normalized != definition::DefinitionNormalizer::normalize_reference(&article.text) {
            return Err(format!(
                "fast normalizer differs from the reference on article {}",
                article.id
            )
            .into());
        }
        let tokens: Vec<&str> = normalized
            .split(' ')
            .filter(|token| !token.is_empty())
            .collect();
        token_count_of.insert(article.id.clone(), tokens.len());
        key_of.insert(article.id.clone(), index as u64);
        let decision = deduplicator.observe(DedupInput {
            key: index as u64,
            article_id: article.id.clone(),
            source: article.source.clone(),
            published: article.published,
            tokens: &tokens,
        })?;
        candidates_checked += decision.candidates_checked;
        let kind = match (decision.skipped, decision.kind) {
            (Some(_), _) => "skipped",
            (None, DuplicateKind::Exact) => "exact",
            (None, DuplicateKind::Near) => "near",
            (None, DuplicateKind::Unique) => "unique",
        };
        *kinds.entry(kind).or_default() += 1;
        if let Some(group_id) = decision.group_id {
            group_of.insert(article.id.clone(), group_id);
        }
        // Merged groups: remember where each absorbed group went.
        if let Some(change) = &decision.canonical_change {
            for absorbed in &change.absorbed_groups {
                merged_into.insert(*absorbed, change.group_id);
            }
        }
    }
    let resolve = |mut group_id: u64| {
        while let Some(&surviving) = merged_into.get(&group_id) {
            group_id = surviving;
        }
        group_id
    };
    for group_id in group_of.values_mut() {
        *group_id = resolve(*group_id);
    }
    let seconds = started.elapsed().as_secs_f64();

    let is_short = |id: &str| token_count_of.get(id).copied().unwrap_or(0) < SHORT_DOCUMENT_TOKENS;
    let same_group = |left: &str, right: &str| match (group_of.get(left), group_of.get(right)) {
        (Some(left_group), Some(right_group)) => left_group == right_group,
        _ => false,
    };
    let mut truth_jaccard: HashMap<(String, String), f64> = HashMap::new();
    let (mut at_least_09, mut from_08_to_09, mut from_07_to_08, mut from_05_to_07) = (
        Bucket::default(),
        Bucket::default(),
        Bucket::default(),
        Bucket::default(),
    );
    let mut short_at_least_08 = Bucket::default();
    // Why pairs at J ≥ 0.8 were missed: grouped apart, or one side unique.
    let group_size = |id: &str| -> usize {
        group_of.get(id).map_or(0, |group| {
            group_of.values().filter(|other| *other == group).count()
        })
    };
    let mut missed_grouped_apart = 0usize;
    let mut missed_with_a_singleton = 0usize;
    for (left, right, jaccard) in &truth {
        let key = if left < right {
            (left.clone(), right.clone())
        } else {
            (right.clone(), left.clone())
        };
        truth_jaccard.insert(key, *jaccard);
        let found = same_group(left, right);
        let bucket = if is_short(left) || is_short(right) {
            if *jaccard < 0.8 {
                continue;
            }
            &mut short_at_least_08
        } else if *jaccard >= 0.9 {
            &mut at_least_09
        } else if *jaccard >= 0.8 {
            &mut from_08_to_09
        } else if *jaccard >= 0.7 {
            &mut from_07_to_08
        } else {
            &mut from_05_to_07
        };
        bucket.total += 1;
        bucket.found += usize::from(found);
        if !found && *jaccard >= 0.8 && !is_short(left) && !is_short(right) {
            if group_size(left) > 1 && group_size(right) > 1 {
                missed_grouped_apart += 1;
            } else {
                missed_with_a_singleton += 1;
                if std::env::var_os("NEARDUP_DEBUG").is_some() {
                    let similarity = deduplicator.similarity(key_of[left], key_of[right]);
                    eprintln!(
                        "missed {left} {right} truth {jaccard} ours {similarity:?} tokens {} {}",
                        token_count_of[left], token_count_of[right]
                    );
                }
            }
        }
    }

    // Reported pairs: every pair inside a group.
    let mut members_by_group: HashMap<u64, Vec<&str>> = HashMap::new();
    for (id, group_id) in &group_of {
        members_by_group
            .entry(*group_id)
            .or_default()
            .push(id.as_str());
    }
    let (mut reported_long, mut reported_short, mut below_07_long, mut below_07_short) =
        (0usize, 0usize, 0usize, 0usize);
    let mut largest_group = 0usize;
    let mut groups_with_duplicates = 0usize;
    for members in members_by_group.values() {
        largest_group = largest_group.max(members.len());
        groups_with_duplicates += usize::from(members.len() > 1);
        for (position, left) in members.iter().enumerate() {
            for right in &members[position + 1..] {
                let key = if left < right {
                    (left.to_string(), right.to_string())
                } else {
                    (right.to_string(), left.to_string())
                };
                let jaccard = truth_jaccard.get(&key).copied().unwrap_or(0.0);
                let short = is_short(left) || is_short(right);
                if short {
                    reported_short += 1;
                    below_07_short += usize::from(jaccard < 0.7);
                } else {
                    reported_long += 1;
                    below_07_long += usize::from(jaccard < 0.7);
                }
            }
        }
    }
    let fraction = |part: usize, whole: usize| {
        if whole == 0 {
            0.0
        } else {
            part as f64 / whole as f64
        }
    };
    Ok(serde_json::json!({
        "corpus": corpus,
        "articles": articles.len(),
        "seconds_dedup_with_normalize": (seconds * 1000.0).round() / 1000.0,
        "decisions": kinds,
        "groups_with_duplicates": groups_with_duplicates,
        "largest_group": largest_group,
        "candidates_checked": candidates_checked,
        "recall": {
            "j_ge_0.9": at_least_09.json(),
            "j_0.8_0.9": from_08_to_09.json(),
            "j_0.7_0.8": from_07_to_08.json(),
            "j_0.5_0.7": from_05_to_07.json(),
        },
        "missed_at_j_ge_0.8": {"grouped_apart": missed_grouped_apart, "one_side_alone": missed_with_a_singleton},
        "precision": {
            "reported_pairs": reported_long,
            "reported_with_truth_j_below_0.7": below_07_long,
            "fraction_below_0.7": fraction(below_07_long, reported_long),
        },
        "short_documents": {
            "recall_j_ge_0.8": short_at_least_08.json(),
            "reported_pairs": reported_short,
            "reported_with_truth_j_below_0.7": below_07_short,
        },
        "config": config,
    }))
}
