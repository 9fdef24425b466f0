//! `khabar bench ingest`: throughput of parsing alone, of parsing and storing
//! (the ingest stage), of the whole pipeline, and of the whole pipeline
//! without line cleaning (what cleaning adds), on the same files in one run.
//! Each measurement uses a fresh temporary store and reports the fastest of
//! `--repeat` runs, because shared machines are noisy.

use std::time::Instant;

use khabar_ingest::{discover_inputs, read_input, IngestItem, ReaderOptions};
use khabar_pipeline::{Config, Engine, PipelineScope};
use serde_json::json;

use crate::commands::Outcome;
use crate::lowargs::BenchIngestArguments;

struct Measurement {
    seconds: f64,
    articles: usize,
}

fn fastest(
    repeat: usize,
    mut run: impl FnMut() -> anyhow::Result<Measurement>,
) -> anyhow::Result<Measurement> {
    let mut best: Option<Measurement> = None;
    for _ in 0..repeat {
        let measurement = run()?;
        if best
            .as_ref()
            .map(|best| measurement.seconds < best.seconds)
            .unwrap_or(true)
        {
            best = Some(measurement);
        }
    }
    best.ok_or_else(|| anyhow::anyhow!("no measurement taken"))
}

pub fn run_ingest(config: Config, arguments: &BenchIngestArguments) -> anyhow::Result<Outcome> {
    let reader_options = ReaderOptions {
        max_record_bytes: config.ingest.max_record_bytes,
        ..ReaderOptions::default()
    };
    let mut input_bytes = 0u64;
    let parse_only = fastest(arguments.repeat, || {
        let started = Instant::now();
        let discovered = discover_inputs(&arguments.paths);
        let mut articles = 0usize;
        let mut text_bytes = 0u64;
        for file in &discovered.files {
            read_input(file, &reader_options, &mut |item| {
                if let IngestItem::Article(article) = item {
                    articles += 1;
                    text_bytes += (article.body.len()
                        + article.title.as_deref().map(str::len).unwrap_or(0))
                        as u64;
                }
            });
        }
        input_bytes = text_bytes;
        Ok(Measurement {
            seconds: started.elapsed().as_secs_f64(),
            articles,
        })
    })?;
    let run_engine = |scope: PipelineScope| {
        fastest(arguments.repeat, || {
            let data_dir = tempfile::tempdir()?;
            let started = Instant::now();
            let mut engine = Engine::open_with_scope(data_dir.path(), config.clone(), scope)?;
            let report = engine.ingest_paths(&arguments.paths, &reader_options, &mut |_| {})?;
            Ok(Measurement {
                seconds: started.elapsed().as_secs_f64(),
                articles: report.inserted,
            })
        })
    };
    let ingest_stage = run_engine(PipelineScope::IngestOnly)?;
    let full_pipeline = run_engine(PipelineScope::Full)?;
    let without_cleaning = run_engine(PipelineScope::WithoutLineCleaning)?;
    let describe = |measurement: &Measurement| {
        json!({
            "seconds": round3(measurement.seconds),
            "articles": measurement.articles,
            "articles_per_second": (measurement.articles as f64 / measurement.seconds).round(),
            "text_mb_per_second": round3(input_bytes as f64 / 1e6 / measurement.seconds),
        })
    };
    let result = json!({
        "inputs": arguments.paths,
        "text_mb": round3(input_bytes as f64 / 1e6),
        "repeat": arguments.repeat,
        "parse_only": describe(&parse_only),
        "ingest_stage_parse_and_store": describe(&ingest_stage),
        "full_pipeline": describe(&full_pipeline),
        "full_pipeline_without_line_cleaning": describe(&without_cleaning),
        "stages_after_ingest_overhead": round3(full_pipeline.seconds / ingest_stage.seconds - 1.0),
        // What line cleaning adds to the time of a whole ingest.
        "line_cleaning_overhead": round3(full_pipeline.seconds / without_cleaning.seconds - 1.0),
    });
    println!("{}", serde_json::to_string_pretty(&result)?);
    Ok(Outcome::Success)
}

fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}
