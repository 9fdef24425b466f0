//! Clusters a labelled JSON Lines corpus in file order and prints BCubed,
//! pairwise, ARI and NMI as JSON; optionally sweeps one parameter.
//!
//! cargo run --release -p khabar-cluster --example eval_clusters -- GOLD.jsonl[.gz]
//!     [--gold-field event] [--set name=value]... [--sweep threshold=0.1:0.6:0.05]
//!     [--predictions OUT.jsonl] [--decisions OUT.jsonl] [--no-background] [--prime]
//!
//! `--decisions` writes every `ClusterDecision` (score, runner-up, shared
//! terms, merges) as one JSON line per article: byte-identical files prove a
//! speed change left every decision alone.
//! `--prime` counts every article in the live statistics before clustering (an
//! upper bound on what mature term statistics would give).

mod support;

use std::path::PathBuf;
use std::sync::Arc;

use khabar_cluster::evaluation::{analyze_all, cluster_all, sweep, SweepSpec};
use khabar_cluster::metrics::score_clustering;
use khabar_cluster::{BackgroundStatistics, ClusterConfig};

fn main() -> Result<(), String> {
    let mut arguments = std::env::args().skip(1);
    let mut gold_path: Option<PathBuf> = None;
    let mut gold_field = "event".to_string();
    let mut config = ClusterConfig::default();
    let mut sweep_spec: Option<SweepSpec> = None;
    let mut predictions_path: Option<PathBuf> = None;
    let mut decisions_path: Option<PathBuf> = None;
    let mut use_background = true;
    let mut prime = false;
    while let Some(argument) = arguments.next() {
        match argument.as_str() {
            "--gold-field" => gold_field = arguments.next().ok_or("--gold-field needs a value")?,
            "--set" => config = support::apply_assignment(&config, arguments.next())?,
            "--sweep" => {
                sweep_spec = Some(arguments.next().ok_or("--sweep needs a spec")?.parse()?)
            }
            "--predictions" => {
                predictions_path =
                    Some(arguments.next().ok_or("--predictions needs a path")?.into())
            }
            "--decisions" => {
                decisions_path = Some(arguments.next().ok_or("--decisions needs a path")?.into())
            }
            "--no-background" => use_background = false,
            "--prime" => prime = true,
            path => gold_path = Some(PathBuf::from(path)),
        }
    }
    let gold_path = gold_path.ok_or("usage: eval_clusters GOLD.jsonl[.gz] [options]")?;
    let rows = support::read_json_lines(&gold_path)?;
    let articles = support::labelled_articles(&rows, &gold_field);
    let background = if use_background {
        BackgroundStatistics::shipped()
    } else {
        Arc::new(BackgroundStatistics::empty())
    };
    let inputs = analyze_all(&articles, background.analyzer_config());
    let gold: Vec<String> = articles
        .iter()
        .map(|article| article.gold.clone())
        .collect();
    if let Some(spec) = sweep_spec {
        for point in sweep(&inputs, &gold, &config, &background, &spec)? {
            println!(
                "{}",
                serde_json::to_string(&point).map_err(|error| error.to_string())?
            );
        }
        return Ok(());
    }
    if let Some(path) = &decisions_path {
        write_decisions(&inputs, &config, &background, path)?;
    }
    let started = std::time::Instant::now();
    let predicted = if prime {
        primed_cluster_all(&inputs, &config, &background)
    } else {
        cluster_all(&inputs, &config, &background)
    };
    let seconds = started.elapsed().as_secs_f64();
    let metrics = score_clustering(&gold, &predicted);
    if let Some(path) = predictions_path {
        let lines: Vec<String> = articles
            .iter()
            .zip(&predicted)
            .map(|(article, story)| {
                serde_json::json!({"id": article.id, "story": story}).to_string()
            })
            .collect();
        std::fs::write(&path, lines.join("\n") + "\n")
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    }
    let report = serde_json::json!({"corpus": gold_path.display().to_string(), "cluster_seconds": seconds, "metrics": metrics});
    println!("{report}");
    Ok(())
}

/// Clusters after counting every article in the live statistics first: an
/// upper bound on what mature term statistics would give.
fn primed_cluster_all(
    inputs: &[khabar_cluster::ClusterInput],
    config: &ClusterConfig,
    background: &Arc<BackgroundStatistics>,
) -> Vec<String> {
    let mut clusterer = khabar_cluster::StoryClusterer::new(config.clone(), Arc::clone(background));
    for input in inputs {
        clusterer.observe_statistics_only(input);
    }
    let mut merged_into = std::collections::HashMap::new();
    let assigned: Vec<String> = inputs
        .iter()
        .map(|input| {
            let decision = clusterer.observe(input);
            merged_into.extend(decision.merged_stories);
            decision.story_id
        })
        .collect();
    assigned
        .into_iter()
        .map(|story| khabar_cluster::evaluation::resolve_merges(&merged_into, story))
        .collect()
}

/// Writes every decision of a plain replay (one JSON line per article).
fn write_decisions(
    inputs: &[khabar_cluster::ClusterInput],
    config: &ClusterConfig,
    background: &Arc<BackgroundStatistics>,
    path: &std::path::Path,
) -> Result<(), String> {
    let mut clusterer = khabar_cluster::StoryClusterer::new(config.clone(), Arc::clone(background));
    let mut lines = String::new();
    for input in inputs {
        let decision = clusterer.observe(input);
        let line = serde_json::to_string(&decision).map_err(|error| error.to_string())?;
        lines.push_str(&line);
        lines.push('\n');
    }
    std::fs::write(path, lines).map_err(|error| format!("cannot write {}: {error}", path.display()))
}
