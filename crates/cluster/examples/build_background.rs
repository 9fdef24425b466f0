//! Builds the background document-frequency table shipped in
//! `crates/cluster/data/background_df.tsv.gz` from the Arabic news corpora in
//! `../shared/data` (SaudiNewsNet and ANT). No evaluation set is used: the
//! English development set (ECB+) is an evaluation set, so the table is Arabic
//! only and English articles rely on live statistics.
//!
//! cargo run --release -p khabar-cluster --example build_background [-- OUT.tsv.gz]

mod support;

use khabar_analyze::{analyze, detect_language, AnalyzerConfig};
use khabar_cluster::BackgroundTableBuilder;

const MAXIMUM_TERMS: usize = 200_000;
const MINIMUM_DOCUMENT_FREQUENCY: u64 = 3;
/// Fewer documents than this in a language say nothing about its terms.
const MINIMUM_LANGUAGE_DOCUMENTS: u64 = 1_000;
const CORPORA: [&str; 2] = ["saudinewsnet.jsonl.gz", "ant-multisource.jsonl.gz"];

fn main() -> Result<(), String> {
    let output = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/data/background_df.tsv.gz").to_string()
    });
    let analyzer_config = AnalyzerConfig::default();
    let mut builder = BackgroundTableBuilder::new(analyzer_config);
    let mut documents = 0usize;
    for corpus in CORPORA {
        let path = support::shared_dir().join("data").join(corpus);
        for row in support::read_json_lines(&path)? {
            let title = row.get("title").and_then(|v| v.as_str()).unwrap_or("");
            let text = row.get("text").and_then(|v| v.as_str()).unwrap_or("");
            let whole = format!("{title}\n{text}");
            let language = detect_language(&whole);
            let tokens = analyze(&whole, language, &analyzer_config);
            if tokens.is_empty() {
                continue;
            }
            builder.add_document(language, tokens.iter().map(|token| token.term.as_str()));
            documents += 1;
        }
    }
    let bytes = builder.finish(
        MAXIMUM_TERMS,
        MINIMUM_DOCUMENT_FREQUENCY,
        MINIMUM_LANGUAGE_DOCUMENTS,
    )?;
    std::fs::write(&output, &bytes).map_err(|error| format!("cannot write {output}: {error}"))?;
    println!(
        "{{\"documents\": {documents}, \"bytes\": {}, \"output\": \"{output}\"}}",
        bytes.len()
    );
    Ok(())
}
