//! Corpus reading shared by the examples: JSON Lines, gzip'd or not, with the
//! shared schema `{id, source, url, published, title, text, ...}`.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use khabar_cluster::evaluation::{analyze_all, with_parameter, LabelledArticle};
use khabar_cluster::{BackgroundStatistics, ClusterConfig, ClusterInput};

/// `<repo>/../shared`, as the tests locate it.
pub fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

pub fn read_json_lines(path: &Path) -> Result<Vec<serde_json::Value>, String> {
    let file = std::fs::File::open(path)
        .map_err(|error| format!("cannot open {}: {error}", path.display()))?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|extension| extension == "gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut rows = Vec::new();
    for (number, line) in BufReader::new(reader).lines().enumerate() {
        let line = line.map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let row = serde_json::from_str(&line)
            .map_err(|error| format!("{} line {}: {error}", path.display(), number + 1))?;
        rows.push(row);
    }
    Ok(rows)
}

/// ISO 8601 (with or without zone, or a bare date) to unix seconds.
pub fn parse_published(value: &serde_json::Value) -> Option<i64> {
    let text = value.as_str()?;
    if let Ok(moment) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(moment.timestamp());
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(moment) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return Some(moment.and_utc().timestamp());
        }
    }
    let date = chrono::NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

fn string_field(row: &serde_json::Value, field: &str) -> Option<String> {
    match row.get(field)? {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Rows as labelled articles, with `gold_field` as the label (missing labels
/// become the article's own id: a singleton).
pub fn labelled_articles(rows: &[serde_json::Value], gold_field: &str) -> Vec<LabelledArticle> {
    rows.iter()
        .enumerate()
        .map(|(position, row)| {
            let id = string_field(row, "id").unwrap_or_else(|| format!("row{position}"));
            LabelledArticle {
                gold: string_field(row, gold_field).unwrap_or_else(|| format!("singleton:{id}")),
                id,
                source: string_field(row, "source"),
                published: row.get("published").and_then(parse_published),
                title: string_field(row, "title").filter(|title| !title.trim().is_empty()),
                text: string_field(row, "text").unwrap_or_default(),
            }
        })
        .collect()
}

/// `config` with one `--set name=value` assignment applied.
pub fn apply_assignment(
    config: &ClusterConfig,
    assignment: Option<String>,
) -> Result<ClusterConfig, String> {
    let assignment = assignment.ok_or("--set needs name=value")?;
    let (name, value) = assignment.split_once('=').ok_or("--set needs name=value")?;
    let value: f64 = value
        .parse()
        .map_err(|_| format!("bad value in `{assignment}`"))?;
    with_parameter(config, name, value)
}

/// The gold file and `--set` overrides of the examples that take only those.
pub fn gold_path_and_config(example: &str) -> Result<(PathBuf, ClusterConfig), String> {
    let mut arguments = std::env::args().skip(1);
    let mut gold_path: Option<PathBuf> = None;
    let mut config = ClusterConfig::default();
    while let Some(argument) = arguments.next() {
        match argument.as_str() {
            "--set" => config = apply_assignment(&config, arguments.next())?,
            path => gold_path = Some(PathBuf::from(path)),
        }
    }
    let gold_path = gold_path
        .ok_or_else(|| format!("usage: {example} GOLD.jsonl[.gz] [--set name=value]..."))?;
    Ok((gold_path, config))
}

/// What the single-corpus examples start from: the labelled articles (gold
/// field `event`), their analyzed inputs, the `--set` configuration and the
/// shipped background.
pub struct AnalyzedGold {
    pub articles: Vec<LabelledArticle>,
    pub inputs: Vec<ClusterInput>,
    pub config: ClusterConfig,
    pub background: Arc<BackgroundStatistics>,
}

/// Reads the command line's gold file and `--set` overrides, and analyzes
/// every article with the shipped background's analyzer settings.
pub fn analyzed_gold(example: &str) -> Result<AnalyzedGold, String> {
    let (gold_path, config) = gold_path_and_config(example)?;
    let rows = read_json_lines(&gold_path)?;
    let articles = labelled_articles(&rows, "event");
    let background = BackgroundStatistics::shipped();
    let inputs = analyze_all(&articles, background.analyzer_config());
    Ok(AnalyzedGold {
        articles,
        inputs,
        config,
        background,
    })
}
