//! `khabar article ID`: one article, and with `--explain` why each decision was taken.

use std::path::Path;

use khabar_pipeline::{Config, Engine};

use crate::commands::Outcome;
use crate::hiargs::OutputMode;
use crate::lowargs::ArticleArguments;
use crate::output::format_date;

pub fn run(
    data_dir: &Path,
    config: Config,
    output_mode: OutputMode,
    arguments: &ArticleArguments,
) -> anyhow::Result<Outcome> {
    let engine = Engine::open(data_dir, config)?;
    let Some(article) = engine.store().article(&arguments.id)? else {
        anyhow::bail!("no article with id `{}`", arguments.id);
    };
    let original = if arguments.original {
        engine.store().original(&arguments.id)?
    } else {
        None
    };
    let changes = engine.store().changes(&arguments.id)?;
    if output_mode == OutputMode::Json {
        let mut value = serde_json::to_value(&article)?;
        if let Some(bytes) = &original {
            value["original"] =
                serde_json::Value::String(String::from_utf8_lossy(bytes).into_owned());
        }
        value["changes"] = serde_json::to_value(&changes)?;
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(Outcome::Success);
    }
    println!("id:           {}", article.id);
    println!("title:        {}", article.title.as_deref().unwrap_or("—"));
    println!("source:       {}", article.source.as_deref().unwrap_or("—"));
    println!("url:          {}", article.url.as_deref().unwrap_or("—"));
    println!("published:    {}", format_date(article.published));
    println!(
        "language:     {}",
        article.language.as_deref().unwrap_or("—")
    );
    println!("story:        {}", article.story.as_deref().unwrap_or("—"));
    println!(
        "duplicate of: {}",
        article.duplicate_of.as_deref().unwrap_or("—")
    );
    println!("from:         {} ({})", article.provenance, article.format);
    println!(
        "revision:     {} (content hash {})",
        article.revision, article.content_hash
    );
    if !article.flags.is_empty() {
        println!("flags:        {}", article.flags.join(", "));
    }
    println!();
    println!("{}", article.text);
    if arguments.explain {
        println!();
        println!("— removed by cleaning ({}):", article.removed.len());
        for removal in &article.removed {
            println!("  [{}] {}", removal.rule, removal.text);
        }
        for (stage, decision) in &article.decisions {
            println!("— {stage}:");
            println!("{}", serde_json::to_string_pretty(decision)?);
        }
        for (revision, previous_hash, new_hash) in &changes {
            println!("— changed at revision {revision}: {previous_hash} → {new_hash}");
        }
    }
    if let Some(bytes) = original {
        println!();
        println!("— original ({} bytes):", bytes.len());
        println!("{}", String::from_utf8_lossy(&bytes));
    }
    Ok(Outcome::Success)
}
