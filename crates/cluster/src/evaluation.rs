//! Runs the clusterer over a labelled corpus and scores it, and sweeps one
//! parameter to show how sensitive the score is to it.
//!
//! Pure: the caller reads the corpus (e.g. `khabar eval clusters` or
//! `examples/eval_clusters.rs`) and prints the results. Articles are analyzed
//! once; every sweep point replays the same inputs in the same order.

use std::collections::HashMap;
use std::sync::Arc;

use khabar_analyze::AnalyzerConfig;
use serde::{Deserialize, Serialize};

use crate::background::BackgroundStatistics;
use crate::clusterer::StoryClusterer;
use crate::config::ClusterConfig;
use crate::input::ClusterInput;
use crate::metrics::{score_clustering, ClusteringMetrics};

/// One article of a labelled corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelledArticle {
    pub id: String,
    pub source: Option<String>,
    /// Unix seconds.
    pub published: Option<i64>,
    pub title: Option<String>,
    pub text: String,
    /// The gold cluster label.
    pub gold: String,
}

/// Analyzes every article, keyed by its position (the ingest order).
pub fn analyze_all(
    articles: &[LabelledArticle],
    analyzer_config: &AnalyzerConfig,
) -> Vec<ClusterInput> {
    articles
        .iter()
        .enumerate()
        .map(|(position, article)| {
            ClusterInput::from_text(
                position as u64,
                &article.id,
                article.source.as_deref(),
                article.published,
                article.title.as_deref(),
                &article.text,
                analyzer_config,
            )
        })
        .collect()
}

/// Clusters `inputs` in order and returns each article's final story id,
/// following every merge recorded along the way.
pub fn cluster_all(
    inputs: &[ClusterInput],
    config: &ClusterConfig,
    background: &Arc<BackgroundStatistics>,
) -> Vec<String> {
    let mut clusterer = StoryClusterer::new(config.clone(), Arc::clone(background));
    let mut assigned = Vec::with_capacity(inputs.len());
    let mut merged_into: HashMap<String, String> = HashMap::new();
    for input in inputs {
        let decision = clusterer.observe(input);
        for (from, into) in decision.merged_stories {
            merged_into.insert(from, into);
        }
        assigned.push(decision.story_id);
    }
    assigned
        .into_iter()
        .map(|story_id| resolve_merges(&merged_into, story_id))
        .collect()
}

/// Follows `from → into` links to the surviving story id.
pub fn resolve_merges(merged_into: &HashMap<String, String>, story_id: String) -> String {
    let mut current = story_id;
    let mut hops = 0;
    while let Some(next) = merged_into.get(&current) {
        if hops > merged_into.len() {
            break;
        }
        current = next.clone();
        hops += 1;
    }
    current
}

/// Clusters and scores against `gold` (one label per input).
pub fn evaluate(
    inputs: &[ClusterInput],
    gold: &[String],
    config: &ClusterConfig,
    background: &Arc<BackgroundStatistics>,
) -> ClusteringMetrics {
    let predicted = cluster_all(inputs, config, background);
    score_clustering(gold, &predicted)
}

/// One parameter and the values to try, parsed from `name=start:end:step` or
/// `name=v1,v2,v3`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepSpec {
    pub parameter: String,
    pub values: Vec<f64>,
}

impl std::str::FromStr for SweepSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<SweepSpec, String> {
        let Some((parameter, range)) = text.split_once('=') else {
            return Err(format!(
                "sweep `{text}` is not name=start:end:step or name=v1,v2"
            ));
        };
        let parse = |value: &str| {
            value
                .trim()
                .parse::<f64>()
                .map_err(|_| format!("sweep `{text}` has a bad number `{value}`"))
        };
        let values = if range.contains(':') {
            let bounds: Vec<&str> = range.split(':').collect();
            let [start, end, step] = bounds.as_slice() else {
                return Err(format!("sweep `{text}` needs start:end:step"));
            };
            let (start, end, step) = (parse(start)?, parse(end)?, parse(step)?);
            if step <= 0.0 || end < start {
                return Err(format!("sweep `{text}` needs start <= end and step > 0"));
            }
            // Points are computed from an integer count so rounding never
            // drops the end point.
            let steps = ((end - start) / step + 1e-9).floor() as usize;
            (0..=steps)
                .map(|index| start + index as f64 * step)
                .collect()
        } else {
            range
                .split(',')
                .map(parse)
                .collect::<Result<Vec<f64>, String>>()?
        };
        Ok(SweepSpec {
            parameter: parameter.trim().to_string(),
            values,
        })
    }
}

/// `config` with the field `parameter` set to `value` (any numeric field of
/// [`ClusterConfig`], by its TOML name).
pub fn with_parameter(
    config: &ClusterConfig,
    parameter: &str,
    value: f64,
) -> Result<ClusterConfig, String> {
    let mut fields = serde_json::to_value(config)
        .map_err(|error| format!("cannot represent cluster config: {error}"))?;
    let Some(field) = fields.get_mut(parameter) else {
        return Err(format!("unknown cluster parameter `{parameter}`"));
    };
    *field = if field.is_u64() {
        if value < 0.0 || value.fract() != 0.0 {
            return Err(format!(
                "parameter `{parameter}` needs a whole number, not {value}"
            ));
        }
        serde_json::Value::from(value as u64)
    } else if field.is_number() {
        serde_json::Value::from(value)
    } else {
        return Err(format!("parameter `{parameter}` is not numeric"));
    };
    serde_json::from_value(fields)
        .map_err(|error| format!("bad value {value} for `{parameter}`: {error}"))
}

/// One point of a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    pub parameter: String,
    pub value: f64,
    pub metrics: ClusteringMetrics,
}

/// Evaluates `base` with each value of `spec` in turn.
pub fn sweep(
    inputs: &[ClusterInput],
    gold: &[String],
    base: &ClusterConfig,
    background: &Arc<BackgroundStatistics>,
    spec: &SweepSpec,
) -> Result<Vec<SweepPoint>, String> {
    spec.values
        .iter()
        .map(|&value| {
            let config = with_parameter(base, &spec.parameter, value)?;
            Ok(SweepPoint {
                parameter: spec.parameter.clone(),
                value,
                metrics: evaluate(inputs, gold, &config, background),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_specs_parse_ranges_and_lists() {
        let range: SweepSpec = "threshold=0.1:0.6:0.05".parse().unwrap();
        assert_eq!(range.parameter, "threshold");
        assert_eq!(range.values.len(), 11);
        assert!((range.values[10] - 0.6).abs() < 1e-9);
        let list: SweepSpec = "max_candidates=8,16".parse().unwrap();
        assert_eq!(list.values, vec![8.0, 16.0]);
        assert!("threshold".parse::<SweepSpec>().is_err());
        assert!("threshold=0.5:0.1:0.1".parse::<SweepSpec>().is_err());
    }

    #[test]
    fn parameters_are_set_by_name() {
        let base = ClusterConfig::default();
        let changed = with_parameter(&base, "threshold", 0.42).unwrap();
        assert!((changed.threshold - 0.42).abs() < 1e-6);
        let changed = with_parameter(&base, "max_candidates", 7.0).unwrap();
        assert_eq!(changed.max_candidates, 7);
        assert!(with_parameter(&base, "max_candidates", 7.5).is_err());
        assert!(with_parameter(&base, "no_such_field", 1.0).is_err());
    }

    #[test]
    fn merges_are_followed_to_the_survivor() {
        let merged: HashMap<String, String> = [("c", "b"), ("b", "a")]
            .into_iter()
            .map(|(from, into)| (from.to_string(), into.to_string()))
            .collect();
        assert_eq!(resolve_merges(&merged, "c".to_string()), "a");
        assert_eq!(resolve_merges(&merged, "z".to_string()), "z");
    }
}
