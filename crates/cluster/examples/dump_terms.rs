//! Writes every article of a labelled corpus as its analyzed terms with their
//! background document frequencies: the data for prototyping signals offline.
//!
//! cargo run --release -p khabar-cluster --example dump_terms -- GOLD.jsonl[.gz] > terms.jsonl

mod support;

use khabar_cluster::evaluation::analyze_all;
use khabar_cluster::{unigram_hash, BackgroundStatistics};

fn main() -> Result<(), String> {
    let (gold_path, _config) = support::gold_path_and_config("dump_terms")?;
    let rows = support::read_json_lines(&gold_path)?;
    let articles = support::labelled_articles(&rows, "event");
    let background = BackgroundStatistics::shipped();
    let inputs = analyze_all(&articles, background.analyzer_config());
    for (article, input) in articles.iter().zip(&inputs) {
        let with_df = |terms: &[String]| -> Vec<(String, u32)> {
            terms
                .iter()
                .map(|term| {
                    (
                        term.clone(),
                        background.document_frequency(unigram_hash(term)),
                    )
                })
                .collect()
        };
        let line = serde_json::json!({
            "id": input.article_id,
            "gold": article.gold,
            "language": format!("{:?}", input.language),
            "documents": background.documents(input.language),
            "title": with_df(&input.title_terms),
            "body": with_df(&input.body_terms),
            "weekdays": input.stated_weekdays,
        });
        println!("{line}");
    }
    Ok(())
}
