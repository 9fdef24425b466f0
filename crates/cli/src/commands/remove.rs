//! `khabar remove ID...`: takes articles out of the duplicate groups, the
//! stories and the search index; the store keeps each one, whole, in
//! `removed_articles`.

use std::path::Path;

use anyhow::Context;
use khabar_index::{index_dir, IndexConfig, SearchIndex};
use khabar_pipeline::{Config, Engine, EngineError};
use serde_json::json;

use crate::commands::Outcome;
use crate::hiargs::OutputMode;
use crate::lowargs::RemoveArguments;

pub fn run(
    data_dir: &Path,
    config: Config,
    index_config: IndexConfig,
    output_mode: OutputMode,
    arguments: &RemoveArguments,
) -> anyhow::Result<Outcome> {
    let mut engine = Engine::open(data_dir, config)
        .with_context(|| format!("cannot open store in {}", data_dir.display()))?;
    let mut removed_ids = Vec::new();
    let mut unknown_ids = Vec::new();
    for id in &arguments.ids {
        match engine.remove_article(id, &arguments.reason) {
            Ok(report) => {
                if output_mode == OutputMode::Json {
                    println!("{}", serde_json::to_string(&report)?);
                } else {
                    let canonical = report
                        .new_canonical
                        .as_deref()
                        .map(|canonical| format!("; {canonical} is now its group's canonical"))
                        .unwrap_or_default();
                    println!("removed {}{canonical}", report.removed);
                }
                removed_ids.push(report.removed);
            }
            Err(EngineError::UnknownArticle(id)) => {
                eprintln!("khabar: no article with id `{id}`");
                unknown_ids.push(id);
            }
            Err(error) => return Err(error).with_context(|| format!("cannot remove {id}")),
        }
    }
    if !removed_ids.is_empty() {
        let index = SearchIndex::open_or_create(&index_dir(data_dir), index_config)?;
        index
            .remove_articles(&removed_ids)
            .context("cannot remove the articles from the search index")?;
    }
    if output_mode == OutputMode::Json && !unknown_ids.is_empty() {
        println!("{}", json!({ "unknown": unknown_ids }));
    }
    if unknown_ids.is_empty() {
        return Ok(Outcome::Success);
    }
    Ok(Outcome::RecordsRejected)
}
