//! `khabar export`: every article as one JSON line, in ingest order. The field
//! set is a contract other tools read; keep it stable.

use std::io::Write;
use std::path::Path;

use khabar_core::Removal;
use khabar_pipeline::{Config, Engine};
use serde::Serialize;

use crate::commands::Outcome;
use crate::output::print_json_line;

#[derive(Serialize)]
struct ExportRecord<'a> {
    id: &'a str,
    source: Option<&'a str>,
    url: Option<&'a str>,
    published: Option<String>,
    title: Option<&'a str>,
    story: Option<&'a str>,
    duplicate_of: Option<&'a str>,
    text: &'a str,
    removed: &'a [Removal],
}

pub fn run(data_dir: &Path, config: Config) -> anyhow::Result<Outcome> {
    let engine = Engine::open(data_dir, config)?;
    let stdout = std::io::stdout();
    let mut writer = std::io::BufWriter::new(stdout.lock());
    engine
        .store()
        .for_each_article(|article| -> anyhow::Result<()> {
            let record = ExportRecord {
                id: &article.id,
                source: article.source.as_deref(),
                url: article.url.as_deref(),
                published: article
                    .published
                    .map(|date| date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                title: article.title.as_deref(),
                story: article.story.as_deref(),
                duplicate_of: article.duplicate_of.as_deref(),
                text: &article.text,
                removed: &article.removed,
            };
            print_json_line(&mut writer, &record)
        })?;
    writer.flush()?;
    Ok(Outcome::Success)
}
