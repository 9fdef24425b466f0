//! `khabar stats`: what the store holds.

use std::path::Path;

use khabar_pipeline::{Config, Engine};

use crate::commands::Outcome;
use crate::hiargs::OutputMode;

pub fn run(data_dir: &Path, config: Config, output_mode: OutputMode) -> anyhow::Result<Outcome> {
    let engine = Engine::open(data_dir, config)?;
    let stats = engine.store().stats()?;
    if output_mode == OutputMode::Json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
        return Ok(Outcome::Success);
    }
    println!("articles:   {}", stats.articles);
    println!("duplicates: {}", stats.duplicates);
    println!("stories:    {}", stats.stories);
    println!("changed:    {}", stats.changed_articles);
    println!("rejected:   {}", stats.rejected);
    for (kind, count) in &stats.rejected_by_kind {
        println!("  {kind}: {count}");
    }
    println!("sources:");
    for source in &stats.sources {
        println!(
            "  {:<32} {:>8} articles {:>6} duplicates",
            source.source.as_deref().unwrap_or("(unknown)"),
            source.articles,
            source.duplicates
        );
    }
    Ok(Outcome::Success)
}
