//! Throughput of the clean stage over a whole corpus, single-threaded, measured the
//! way the pipeline calls it. The corpus is decoded into memory first, so only the
//! cleaner is timed.
//!
//! cargo run --release -p khabar-clean --example clean_throughput -- [CORPUS.jsonl.gz] [--rounds N] [--only observe|clean|pipeline]
//!
//! Default corpus: `../shared/data/saudinewsnet.jsonl.gz`. Three measurements, each
//! the best of `--rounds` (default 3), as wall time and as this thread's CPU time
//! (10 ms resolution; less sensitive to other load on a shared machine):
//! - `observe`: `BoilerplateStats::observe_body` over every article (fresh stats);
//! - `clean`: `clean_text` over every article with the full statistics;
//! - `pipeline`: per article `observe_body` then `clean_text`, as
//!   `crates/pipeline/src/stages.rs` does (statistics growing as articles arrive).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::time::Instant;

use khabar_clean::{clean_text, rule_set_for, BoilerplateStats, CleanConfig};

struct Article {
    source: String,
    url: Option<String>,
    text: String,
}

fn read_corpus(path: &std::path::Path) -> Result<Vec<Article>, Box<dyn std::error::Error>> {
    let reader = BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(path)?));
    let mut articles = Vec::new();
    for line in reader.lines() {
        let record: serde_json::Value = serde_json::from_str(&line?)?;
        let field = |name: &str| {
            record
                .get(name)
                .and_then(|value| value.as_str())
                .map(str::to_string)
        };
        articles.push(Article {
            source: field("source").unwrap_or_default(),
            url: field("url"),
            text: field("text").unwrap_or_default(),
        });
    }
    Ok(articles)
}

/// CPU seconds used by this thread so far (`/proc/thread-self/stat`, Linux), so that
/// other processes on a shared machine distort the figures less; `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    const CLOCK_TICKS_PER_SECOND: f64 = 100.0;
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14, 15.
    let after_name = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    Some((user + system) / CLOCK_TICKS_PER_SECOND)
}

/// The shortest of `rounds` runs of `work`: (wall seconds, CPU seconds).
fn best_seconds(rounds: usize, mut work: impl FnMut()) -> (f64, f64) {
    let mut best_wall = f64::INFINITY;
    let mut best_cpu = f64::INFINITY;
    for _ in 0..rounds {
        let cpu_started = thread_cpu_seconds();
        let started = Instant::now();
        work();
        let wall = started.elapsed().as_secs_f64();
        best_wall = best_wall.min(wall);
        let cpu = match (cpu_started, thread_cpu_seconds()) {
            (Some(before), Some(after)) => after - before,
            _ => wall,
        };
        best_cpu = best_cpu.min(cpu);
    }
    (best_wall, best_cpu)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut arguments = std::env::args().skip(1);
    let mut corpus_path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/saudinewsnet.jsonl.gz");
    let mut rounds = 3;
    let mut only: Option<String> = None;
    while let Some(argument) = arguments.next() {
        if argument == "--only" {
            only = arguments.next();
        } else if argument == "--rounds" {
            rounds = arguments
                .next()
                .and_then(|value| value.parse().ok())
                .ok_or("--rounds needs a number")?;
        } else {
            corpus_path = PathBuf::from(argument);
        }
    }
    if !corpus_path.is_file() {
        eprintln!("SKIPPED: ../shared not found ({})", corpus_path.display());
        return Ok(());
    }
    let articles = read_corpus(&corpus_path)?;
    let megabytes = articles
        .iter()
        .map(|article| article.text.len())
        .sum::<usize>() as f64
        / 1e6;
    let config = CleanConfig::default();
    let rules = rule_set_for(&config)?;

    // `--only PASS` runs one pass (for profiling); the others report 0 rounds.
    let rounds_of = |pass: &str| match &only {
        Some(wanted) if wanted != pass => 0,
        _ => rounds,
    };
    let observe_seconds = best_seconds(rounds_of("observe"), || {
        let mut stats = BoilerplateStats::new();
        for article in &articles {
            stats.observe_body(&article.source, &article.text, &config.learned);
        }
        std::hint::black_box(&stats);
    });

    let mut full_stats = BoilerplateStats::new();
    for article in &articles {
        full_stats.observe_body(&article.source, &article.text, &config.learned);
    }
    let mut removals = 0;
    let clean_seconds = best_seconds(rounds_of("clean"), || {
        removals = 0;
        for article in &articles {
            let output = clean_text(
                &article.text,
                Some(&article.source),
                article.url.as_deref(),
                &rules,
                &full_stats,
                &config,
            );
            removals += output.removed.len();
        }
    });

    let pipeline_seconds = best_seconds(rounds_of("pipeline"), || {
        let mut stats = BoilerplateStats::new();
        for article in &articles {
            stats.observe_body(&article.source, &article.text, &config.learned);
            let output = clean_text(
                &article.text,
                Some(&article.source),
                article.url.as_deref(),
                &rules,
                &stats,
                &config,
            );
            std::hint::black_box(output);
        }
    });

    println!(
        "{}: {} articles, {megabytes:.1} MB of text, best of {rounds}",
        corpus_path.display(),
        articles.len()
    );
    println!(
        "{:<14} {:>9} {:>9} {:>9} {:>12}",
        "pass", "wall s", "MB/s", "cpu s", "MB/s (cpu)"
    );
    let observe_and_clean = (
        observe_seconds.0 + clean_seconds.0,
        observe_seconds.1 + clean_seconds.1,
    );
    for (name, (wall, cpu)) in [
        ("observe", observe_seconds),
        ("clean", clean_seconds),
        ("observe+clean", observe_and_clean),
        ("pipeline", pipeline_seconds),
    ] {
        println!(
            "{name:<14} {wall:>9.3} {:>9.0} {cpu:>9.2} {:>12.0}",
            megabytes / wall,
            megabytes / cpu.max(f64::EPSILON),
        );
    }
    println!("removals in the clean pass: {removals}");
    Ok(())
}
