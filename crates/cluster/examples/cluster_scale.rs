//! Clustering throughput and memory at scale: replays SaudiNewsNet and ANT in
//! date order, repeated with shifted dates up to the target count. Articles
//! are analyzed once before timing; only `StoryClusterer::observe` is timed.
//! Prints one JSON line per checkpoint (10k, 100k, 1M by default), with
//! throughput by wall-clock time spent in `observe` and by the thread's CPU
//! time (the fair figure on a shared machine), peak and current resident
//! memory, what clustering added to it, the active-set size, and checksums
//! over every decision (a speed-only change must leave them as they were).
//!
//! cargo run --release -p khabar-cluster --example cluster_scale [-- TOTAL] [--set name=value]...

mod support;

use std::time::{Duration, Instant};

use khabar_cluster::{BackgroundStatistics, ClusterConfig, ClusterInput, StoryClusterer};

const CORPORA: [&str; 2] = ["saudinewsnet.jsonl.gz", "ant-multisource.jsonl.gz"];
const SECONDS_PER_DAY: i64 = 86_400;

/// A `/proc/self/status` memory figure of this process in KiB (Linux), 0
/// elsewhere: `VmHWM` is the peak resident set, `VmRSS` the current one.
fn process_memory_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|line| line.starts_with(field))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|value| value.parse().ok())
        .unwrap_or(0)
}

fn peak_memory_kib() -> u64 {
    process_memory_kib("VmHWM:")
}

fn resident_memory_kib() -> u64 {
    process_memory_kib("VmRSS:")
}

/// CPU time this thread has run, from `/proc/thread-self/schedstat` (Linux;
/// `None` elsewhere): throughput by CPU time does not depend on how busy the
/// machine is, unlike wall-clock time.
fn thread_cpu_time() -> Option<Duration> {
    let schedstat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanoseconds: u64 = schedstat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanoseconds))
}

fn main() -> Result<(), String> {
    let mut total = 1_000_000usize;
    let mut config = ClusterConfig::default();
    let mut arguments = std::env::args().skip(1);
    while let Some(argument) = arguments.next() {
        if argument == "--set" {
            config = support::apply_assignment(&config, arguments.next())?;
        } else {
            total = argument
                .parse()
                .map_err(|_| format!("bad count `{argument}`"))?;
        }
    }
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
    // What the clusterer adds to the resident set (the pre-analyzed corpus
    // dominates the peak).
    let resident_before_clustering = resident_memory_kib();
    let mut clusterer = StoryClusterer::new(config, background);
    let checkpoints = [10_000usize, 100_000, 1_000_000];
    let mut clustering_time = Duration::ZERO;
    let mut interval_time = Duration::ZERO;
    let mut interval_articles = 0usize;
    let mut new_stories = 0usize;
    let mut observed = 0usize;
    // The loop's bookkeeping is negligible next to `observe`, so the thread's
    // CPU time over the replay is the clustering's CPU time.
    let cpu_started = thread_cpu_time();
    let mut interval_cpu_started = cpu_started;
    // Changes meant for speed only must leave every decision as it was.
    let mut decisions_checksum = 0u64;
    // Over the whole decision (runner-up, explained terms) as JSON.
    let mut full_decisions_checksum = 0u64;
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
            {
                use std::hash::{Hash, Hasher};
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                (
                    decisions_checksum,
                    &decision.story_id,
                    decision.score.to_bits(),
                )
                    .hash(&mut hasher);
                decision.merged_stories.hash(&mut hasher);
                decisions_checksum = hasher.finish();
                let json = serde_json::to_string(&decision).unwrap_or_default();
                full_decisions_checksum =
                    xxhash_rust::xxh3::xxh3_64_with_seed(json.as_bytes(), full_decisions_checksum);
            }
            observed += 1;
            if checkpoints.contains(&observed) || observed == total {
                let cpu_now = thread_cpu_time();
                println!(
                    "{}",
                    serde_json::json!({
                        "articles": observed,
                        "articles_per_second": observed as f64 / clustering_time.as_secs_f64(),
                        "interval_articles_per_second": interval_articles as f64 / interval_time.as_secs_f64(),
                        "clustering_seconds": clustering_time.as_secs_f64(),
                        "articles_per_cpu_second": cpu_started
                            .zip(cpu_now)
                            .map(|(started, now)| observed as f64 / (now - started).as_secs_f64()),
                        "interval_articles_per_cpu_second": interval_cpu_started
                            .zip(cpu_now)
                            .map(|(started, now)| interval_articles as f64 / (now - started).as_secs_f64()),
                        "peak_memory_mib": peak_memory_kib() / 1024,
                        "resident_memory_mib": resident_memory_kib() / 1024,
                        "clustering_resident_mib": resident_memory_kib()
                            .saturating_sub(resident_before_clustering) / 1024,
                        "active_stories": clusterer.active_story_count(),
                        "live_features": clusterer.live_feature_count(),
                        "stories_started": new_stories,
                        "decisions_checksum": format!("{decisions_checksum:016x}"),
                        "full_decisions_checksum": format!("{full_decisions_checksum:016x}"),
                    })
                );
                interval_time = Duration::ZERO;
                interval_articles = 0;
                interval_cpu_started = cpu_now;
            }
        }
    }
    Ok(())
}
