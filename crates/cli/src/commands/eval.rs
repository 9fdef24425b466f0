//! `khabar eval clusters`: ingest a labelled corpus through the whole pipeline
//! into a temporary store, then score the stories against the gold labels.

use std::io::Write;

use khabar_cluster::evaluation::{with_parameter, SweepSpec};
use khabar_cluster::metrics::{score_clustering, ClusteringMetrics};
use khabar_ingest::ReaderOptions;
use khabar_pipeline::{Config, Engine};
use serde_json::json;

use crate::commands::Outcome;
use crate::lowargs::EvalClustersArguments;

struct Prediction {
    id: String,
    story: String,
    gold: String,
}

fn run_once(config: &Config, arguments: &EvalClustersArguments) -> anyhow::Result<Vec<Prediction>> {
    let data_dir = tempfile::tempdir()?;
    let mut engine = Engine::open(data_dir.path(), config.clone())?;
    let reader_options = ReaderOptions {
        max_record_bytes: config.ingest.max_record_bytes,
        ..ReaderOptions::default()
    };
    let report = engine.ingest_paths(
        std::slice::from_ref(&arguments.gold),
        &reader_options,
        &mut |_| {},
    )?;
    if report.rejected > 0 {
        for rejection in &report.rejections {
            eprintln!("rejected {rejection}");
        }
        anyhow::bail!(
            "{} records of {} were rejected",
            report.rejected,
            arguments.gold
        );
    }
    let mut predictions = Vec::new();
    engine
        .store()
        .for_each_article(|article| -> anyhow::Result<()> {
            let Some(gold) = article.metadata.get(&arguments.gold_field) else {
                anyhow::bail!(
                    "article {} has no gold field `{}`",
                    article.id,
                    arguments.gold_field
                );
            };
            let gold = match gold {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            let story = article.story.clone().unwrap_or_else(|| article.id.clone());
            predictions.push(Prediction {
                id: article.id,
                story,
                gold,
            });
            Ok(())
        })?;
    Ok(predictions)
}

fn score(predictions: &[Prediction]) -> ClusteringMetrics {
    let gold: Vec<&str> = predictions
        .iter()
        .map(|prediction| prediction.gold.as_str())
        .collect();
    let predicted: Vec<&str> = predictions
        .iter()
        .map(|prediction| prediction.story.as_str())
        .collect();
    score_clustering(&gold, &predicted)
}

pub fn run_clusters(config: Config, arguments: &EvalClustersArguments) -> anyhow::Result<Outcome> {
    let Some(sweep_text) = &arguments.sweep else {
        let predictions = run_once(&config, arguments)?;
        if let Some(path) = &arguments.predictions {
            let mut writer = std::io::BufWriter::new(std::fs::File::create(path)?);
            for prediction in &predictions {
                writeln!(
                    writer,
                    "{}",
                    json!({"id": prediction.id, "story": prediction.story, "gold": prediction.gold})
                )?;
            }
            writer.flush()?;
        }
        println!("{}", serde_json::to_string_pretty(&score(&predictions))?);
        return Ok(Outcome::Success);
    };
    let spec: SweepSpec = sweep_text
        .parse()
        .map_err(|error: String| anyhow::anyhow!("invalid --sweep: {error}"))?;
    for value in &spec.values {
        let mut point_config = config.clone();
        point_config.cluster =
            with_parameter(&config.cluster, &spec.parameter, *value).map_err(anyhow::Error::msg)?;
        let metrics = score(&run_once(&point_config, arguments)?);
        println!(
            "{}",
            json!({ "parameter": spec.parameter, "value": value, "metrics": metrics })
        );
    }
    Ok(Outcome::Success)
}
