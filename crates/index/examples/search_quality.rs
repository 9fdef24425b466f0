//! Search quality on the Arabic dev set, with and without analysis, in one run.
//!
//! For every event with several articles, the first article's title (or, when
//! it has none, its first sentence) is the query; the event's other articles
//! are the relevant ones. The query article itself is left out of the ranking.
//! Reports MRR (rank of the first relevant article) and recall@10, for
//! Khabar's analyzer and for whitespace-only tokens.
//!
//! Run: `cargo run --release -p khabar-index --example search_quality [path]`
//! (default path: `../shared/data/arabic-stories-dev.jsonl`).

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use khabar_index::{AnalysisMode, IndexConfig, IndexableArticle, SearchIndex, SearchRequest};

/// Relevant articles looked for in the top this many.
const RECALL_CUTOFF: usize = 10;
/// A first sentence used as a query is cut at this many characters.
const QUERY_MAX_CHARS: usize = 200;

struct DevArticle {
    id: String,
    event: String,
    title: Option<String>,
    text: String,
}

fn load(path: &PathBuf) -> Vec<DevArticle> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| {
        eprintln!("cannot read {}: {error}", path.display());
        std::process::exit(1)
    });
    text.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|record| {
            let field = |name: &str| {
                record
                    .get(name)
                    .and_then(|value| value.as_str())
                    .map(str::to_string)
            };
            let event = record.get("event").map(|value| match value {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            })?;
            Some(DevArticle {
                id: field("id")?,
                event,
                title: field("title").filter(|title| !title.trim().is_empty()),
                text: field("text").unwrap_or_default(),
            })
        })
        .collect()
}

/// The title, or the text up to its first sentence end.
fn query_of(article: &DevArticle) -> String {
    if let Some(title) = &article.title {
        return title.clone();
    }
    let first_sentence: String = article
        .text
        .split(['.', '؟', '!', '\n'])
        .find(|sentence| !sentence.trim().is_empty())
        .unwrap_or("")
        .chars()
        .take(QUERY_MAX_CHARS)
        .collect();
    first_sentence
}

/// Terms a query parser would take as syntax are turned into spaces.
fn plain_words(query: &str) -> String {
    query
        .chars()
        .map(|character| {
            if character.is_alphanumeric() {
                character
            } else {
                ' '
            }
        })
        .collect()
}

struct Scores {
    mean_reciprocal_rank: f64,
    recall_at_cutoff: f64,
    queries: usize,
}

fn evaluate(articles: &[DevArticle], analysis: AnalysisMode) -> Scores {
    let directory = tempfile::tempdir().expect("temporary directory");
    let config = IndexConfig {
        analysis,
        ..IndexConfig::default()
    };
    let index = SearchIndex::open_or_create(directory.path(), config).expect("index opens");
    index
        .index_articles(articles.iter().map(|article| IndexableArticle {
            id: article.id.clone(),
            story: Some(article.event.clone()),
            source: None,
            published: None,
            title: article.title.clone(),
            text: article.text.clone(),
        }))
        .expect("articles index");
    let mut by_event: BTreeMap<&str, Vec<&DevArticle>> = BTreeMap::new();
    for article in articles {
        by_event
            .entry(article.event.as_str())
            .or_default()
            .push(article);
    }
    let (mut reciprocal_rank_sum, mut recall_sum, mut queries) = (0.0, 0.0, 0usize);
    for members in by_event.values().filter(|members| members.len() > 1) {
        let query_article = members[0];
        let relevant: HashSet<&str> = members[1..]
            .iter()
            .map(|article| article.id.as_str())
            .collect();
        let request = SearchRequest {
            query: plain_words(&query_of(query_article)),
            limit: articles.len(),
            ..SearchRequest::default()
        };
        queries += 1;
        let Ok((hits, _, _)) = index.search_articles(&request) else {
            continue;
        };
        let ranked: Vec<&str> = hits
            .iter()
            .map(|hit| hit.id.as_str())
            .filter(|id| *id != query_article.id)
            .collect();
        if let Some(rank) = ranked.iter().position(|id| relevant.contains(id)) {
            reciprocal_rank_sum += 1.0 / (rank as f64 + 1.0);
        }
        let found = ranked
            .iter()
            .take(RECALL_CUTOFF)
            .filter(|id| relevant.contains(*id))
            .count();
        recall_sum += found as f64 / relevant.len() as f64;
    }
    Scores {
        mean_reciprocal_rank: reciprocal_rank_sum / queries.max(1) as f64,
        recall_at_cutoff: recall_sum / queries.max(1) as f64,
        queries,
    }
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/data/arabic-stories-dev.jsonl")
        });
    if !path.exists() {
        eprintln!("SKIPPED: ../shared not found ({})", path.display());
        return;
    }
    let articles = load(&path);
    println!("{} articles from {}", articles.len(), path.display());
    println!(
        "{:<12} {:>8} {:>8} {:>10}",
        "analysis", "queries", "MRR", "recall@10"
    );
    for (name, analysis) in [
        ("khabar", AnalysisMode::Khabar),
        ("whitespace", AnalysisMode::Whitespace),
    ] {
        let scores = evaluate(&articles, analysis);
        println!(
            "{:<12} {:>8} {:>8.3} {:>10.3}",
            name, scores.queries, scores.mean_reciprocal_rank, scores.recall_at_cutoff
        );
    }
}
