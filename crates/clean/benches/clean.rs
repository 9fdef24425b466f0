//! Criterion bench of the clean stage on the first ~1000 SaudiNewsNet articles, read
//! from `../shared` at bench time (skipped, with a message, when it is absent):
//! `observe` is `BoilerplateStats::observe_body` over the articles (fresh statistics),
//! `clean` is `clean_text` over them with the statistics of all of them.
//!
//! CARGO_TARGET_DIR=/work/target-clean cargo bench -p khabar-clean --bench clean

use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use khabar_clean::{clean_text, rule_set_for, BoilerplateStats, CleanConfig};

const BENCH_ARTICLES: usize = 1000;

struct Article {
    source: String,
    url: Option<String>,
    text: String,
}

fn read_articles() -> Option<Vec<Article>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/saudinewsnet.jsonl.gz");
    let file = std::fs::File::open(&path).ok()?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut articles = Vec::with_capacity(BENCH_ARTICLES);
    for line in reader.lines().take(BENCH_ARTICLES) {
        let record: serde_json::Value = serde_json::from_str(&line.ok()?).ok()?;
        let field = |name: &str| record.get(name).and_then(|value| value.as_str());
        articles.push(Article {
            source: field("source").unwrap_or_default().to_string(),
            url: field("url").map(str::to_string),
            text: field("text").unwrap_or_default().to_string(),
        });
    }
    Some(articles)
}

fn bench_clean(criterion: &mut Criterion) {
    let Some(articles) = read_articles() else {
        eprintln!("SKIPPED: ../shared not found");
        return;
    };
    let bytes: usize = articles.iter().map(|article| article.text.len()).sum();
    let config = CleanConfig::default();
    let Ok(rules) = rule_set_for(&config) else {
        eprintln!("built-in rules do not compile");
        return;
    };
    let mut group = criterion.benchmark_group("saudinewsnet_1000");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("observe", |bencher| {
        bencher.iter(|| {
            let mut stats = BoilerplateStats::new();
            for article in &articles {
                stats.observe_body(&article.source, &article.text, &config.learned);
            }
            stats
        })
    });
    let mut stats = BoilerplateStats::new();
    for article in &articles {
        stats.observe_body(&article.source, &article.text, &config.learned);
    }
    group.bench_function("clean", |bencher| {
        bencher.iter(|| {
            articles
                .iter()
                .map(|article| {
                    clean_text(
                        &article.text,
                        Some(&article.source),
                        article.url.as_deref(),
                        &rules,
                        &stats,
                        &config,
                    )
                    .removed
                    .len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_clean);
criterion_main!(benches);
