//! `khabar ingest`: read inputs, run the pipeline, print a summary.

use std::path::Path;

use anyhow::Context;
use khabar_pipeline::{Config, Engine, IngestReport};

use crate::commands::Outcome;
use crate::hiargs::{IngestPlan, OutputMode};

pub fn run(
    data_dir: &Path,
    config: Config,
    index_config: khabar_index::IndexConfig,
    output_mode: OutputMode,
    plan: IngestPlan,
) -> anyhow::Result<Outcome> {
    let mut engine = Engine::open(data_dir, config)
        .with_context(|| format!("cannot open store in {}", data_dir.display()))?;
    let progress_bar = if plan.show_progress {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {elapsed_precise} {human_pos} records ({per_sec})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut on_progress = |records_read: usize| progress_bar.set_position(records_read as u64);
    let report = engine.ingest_paths(&plan.paths, &plan.reader_options, &mut on_progress)?;
    progress_bar.finish_and_clear();
    khabar_index::update_from_store(
        engine.store(),
        &khabar_index::index_dir(data_dir),
        index_config,
    )
    .context("cannot update the search index")?;
    print_report(&report, output_mode)?;
    if report.rejected > 0 {
        return Ok(Outcome::RecordsRejected);
    }
    Ok(Outcome::Success)
}

fn print_report(report: &IngestReport, output_mode: OutputMode) -> anyhow::Result<()> {
    if output_mode == OutputMode::Json {
        println!("{}", serde_json::to_string_pretty(report)?);
        return Ok(());
    }
    for rejection in &report.rejections {
        eprintln!("rejected {rejection}");
    }
    if report.rejected > report.rejections.len() {
        eprintln!(
            "… and {} more rejected records (see `khabar stats`)",
            report.rejected - report.rejections.len()
        );
    }
    for skipped in &report.skipped_files {
        eprintln!("skipped {skipped}: unknown file type");
    }
    println!(
        "ingested {} new and {} changed articles, {} unchanged, {} rejected, from {} files",
        report.inserted, report.updated, report.unchanged, report.rejected, report.files
    );
    if !report.rejected_by_kind.is_empty() {
        let reasons: Vec<String> = report
            .rejected_by_kind
            .iter()
            .map(|(kind, count)| format!("{kind}: {count}"))
            .collect();
        println!("rejected by reason: {}", reasons.join(", "));
    }
    Ok(())
}
