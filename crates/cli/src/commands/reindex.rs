//! `khabar reindex`: rebuild the search index from every stored article.

use std::path::Path;

use anyhow::Context;
use khabar_index::{index_dir, rebuild_from_store, IndexConfig};
use khabar_store::Store;

use crate::commands::Outcome;
use crate::hiargs::OutputMode;

pub fn run(
    data_dir: &Path,
    index_config: IndexConfig,
    output_mode: OutputMode,
) -> anyhow::Result<Outcome> {
    let store = Store::open(data_dir)
        .with_context(|| format!("cannot open store in {}", data_dir.display()))?;
    let started = std::time::Instant::now();
    let report = rebuild_from_store(&store, &index_dir(data_dir), index_config)?;
    if output_mode == OutputMode::Json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(Outcome::Success);
    }
    println!(
        "indexed {} articles (up to seq {}), {} story cards gave {} alias terms, in {:.1} s",
        report.articles_indexed,
        report.last_indexed_seq,
        report.stories_carded,
        report.alias_terms,
        started.elapsed().as_secs_f64()
    );
    Ok(Outcome::Success)
}
