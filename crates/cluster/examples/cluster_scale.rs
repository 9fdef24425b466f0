//! Clustering throughput and memory at scale: replays SaudiNewsNet and ANT in
//! date order, repeated with shifted dates up to the target count. Articles
//! are analyzed once before timing; only `StoryClusterer::observe` is timed.
//! Prints one JSON line per checkpoint (10k, 100k, 1M by default).
//!
//! cargo run --release -p khabar-cluster --example cluster_scale [-- TOTAL]

mod support;

use std::time::{Duration, Instant};

use khabar_cluster::{BackgroundStatistics, ClusterConfig, ClusterInput, StoryClusterer};

const CORPORA: [&str; 2] = ["saudinewsnet.jsonl.gz", "ant-multisource.jsonl.gz"];
const SECONDS_PER_DAY: i64 = 86_400;

/// Peak resident memory of this process in KiB (Linux), 0 elsewhere.
fn peak_memory_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|value| value.parse().ok())
        .unwrap_or(0)
}

fn main() -> Result<(), String> {
    let total: usize = std::env::args()
        .nth(1)
        .map(|value| value.parse().map_err(|_| format!("bad count `{value}`")))
        .transpose()?
        .unwrap_or(1_000_000);
    let background = BackgroundStatistics::shipped();
    let analyzer_config = *background.analyzer_config();
    let mut inputs: Vec<ClusterInput> = Vec::new();
    let analysis_started = Instant::now();
    for corpus in CORPORA {
        let rows = support::read_json_lines(&support::shared_dir().join("data").join(corpus))?;
        for article in support::labelled_articles(&rows, "id") {
            let Some(published) = article.published else {
                continue;
            };
            inputs.push(ClusterInput::from_text(
                0,
                &article.id,
                article.source.as_deref(),
                Some(published),
                article.title.as_deref(),
                &article.text,
                &analyzer_config,
            ));
        }
    }
    inputs.sort_by_key(|input| input.published);
    let first_date = inputs
        .first()
        .and_then(|input| input.published)
        .unwrap_or(0);
    let last_date = inputs.last().and_then(|input| input.published).unwrap_or(0);
    let replay_shift = last_date - first_date + SECONDS_PER_DAY;
    let original_dates: Vec<i64> = inputs
        .iter()
        .map(|input| input.published.unwrap_or(0))
        .collect();
    eprintln!(
        "analyzed {} dated articles in {:.1}s; peak memory before clustering {} MiB",
        inputs.len(),
        analysis_started.elapsed().as_secs_f64(),
        peak_memory_kib() / 1024
    );
    let mut clusterer = StoryClusterer::new(ClusterConfig::default(), background);
    let checkpoints = [10_000usize, 100_000, 1_000_000];
    let mut clustering_time = Duration::ZERO;
    let mut interval_time = Duration::ZERO;
    let mut interval_articles = 0usize;
    let mut new_stories = 0usize;
    let mut observed = 0usize;
    'replay: for round in 0.. {
        for (position, input) in inputs.iter_mut().enumerate() {
            if observed >= total {
                break 'replay;
            }
            input.key = observed as u64;
            input.published = Some(original_dates[position] + round * replay_shift);
            let started = Instant::now();
            let decision = clusterer.observe(input);
            let elapsed = started.elapsed();
            clustering_time += elapsed;
            interval_time += elapsed;
            interval_articles += 1;
            new_stories += usize::from(decision.is_new_story);
            observed += 1;
            if checkpoints.contains(&observed) || observed == total {
                println!(
                    "{}",
                    serde_json::json!({
                        "articles": observed,
                        "articles_per_second": observed as f64 / clustering_time.as_secs_f64(),
                        "interval_articles_per_second": interval_articles as f64 / interval_time.as_secs_f64(),
                        "clustering_seconds": clustering_time.as_secs_f64(),
                        "peak_memory_mib": peak_memory_kib() / 1024,
                        "active_stories": clusterer.active_story_count(),
                        "live_features": clusterer.live_feature_count(),
                        "stories_started": new_stories,
                    })
                );
                interval_time = Duration::ZERO;
                interval_articles = 0;
            }
        }
    }
    Ok(())
}
