//! Writes every article of a labelled corpus as its analyzed terms with their
//! background document frequencies: the data for prototyping signals offline.
//!
//! cargo run --release -p khabar-cluster --example dump_terms -- GOLD.jsonl[.gz] > terms.jsonl

mod support;

use khabar_cluster::unigram_hash;

fn main() -> Result<(), String> {
    let support::AnalyzedGold {
        articles,
        inputs,
        background,
        ..
    } = support::analyzed_gold("dump_terms")?;
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
