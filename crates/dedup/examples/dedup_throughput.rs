//! End-to-end speed of duplicate detection on SaudiNewsNet, single thread:
//! raw text → DEFINITION.md normalization → tokens → exact hash → shingles →
//! SuperMinHash → LSH → verification → groups. Prints one JSON line.
//!
//! ```text
//! cargo run --release -p khabar-dedup --example dedup_throughput [-- CORPUS.jsonl.gz]
//! ```
//!
//! Like `../shared/bench/peers.py`, the clock starts after the corpus is
//! loaded and `title + "\n" + text` is built, so the figures compare directly
//! with the peers' `seconds`. Input MB counts the UTF-8 bytes of those texts.

#[path = "support/definition.rs"]
mod definition;

use std::time::Instant;

use khabar_dedup::{
    ArticleMeta, DedupConfig, DedupInput, Deduplicator, DuplicateKind, Fingerprinter, Fingerprints,
};

const RUNS: usize = 3;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let corpus_path = match std::env::args().nth(1) {
        Some(path) => std::path::PathBuf::from(path),
        None => {
            let Some(shared) = definition::shared_dir() else {
                eprintln!("SKIPPED: ../shared not found");
                return Ok(());
            };
            shared.join("data/saudinewsnet.jsonl.gz")
        }
    };
    let articles = definition::read_corpus(&corpus_path)?;
    let input_megabytes = articles
        .iter()
        .map(|article| article.text.len())
        .sum::<usize>() as f64
        / 1e6;
    let normalizer = definition::DefinitionNormalizer::new();

    let mut best_seconds = f64::INFINITY;
    let mut duplicates = 0;
    let mut groups = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut deduplicator = Deduplicator::new(DedupConfig::default())?;
        let mut normalized = String::new();
        duplicates = 0;
        for (index, article) in articles.iter().enumerate() {
            normalizer.normalize_into(&article.text, &mut normalized);
            let tokens: Vec<&str> = normalized
                .split(' ')
                .filter(|token| !token.is_empty())
                .collect();
            let decision = deduplicator.observe(DedupInput {
                key: index as u64,
                article_id: article.id.clone(),
                source: article.source.clone(),
                published: article.published,
                tokens: &tokens,
            })?;
            duplicates += usize::from(decision.kind != DuplicateKind::Unique);
        }
        groups = deduplicator.duplicate_groups().len();
        best_seconds = best_seconds.min(started.elapsed().as_secs_f64());
    }

    // Two threads: normalisation, shingling and sketching are independent per
    // article and run on both cores; the deduplicator then observes the
    // fingerprints in input order, so the groups are identical.
    let mut best_parallel_seconds = f64::INFINITY;
    let mut parallel_duplicates = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let config = DedupConfig::default();
        let half = articles.len() / 2;
        let (first_half, second_half) = articles.split_at(half);
        let prepare = |chunk: &[definition::CorpusArticle]| -> Vec<Fingerprints> {
            let mut fingerprinter =
                Fingerprinter::new(config.shingle_size, config.num_permutations);
            let mut normalized = String::new();
            chunk
                .iter()
                .map(|article| {
                    normalizer.normalize_into(&article.text, &mut normalized);
                    let tokens: Vec<&str> = normalized
                        .split(' ')
                        .filter(|token| !token.is_empty())
                        .collect();
                    fingerprinter.fingerprints(&tokens, config.min_tokens_for_near_duplicate)
                })
                .collect()
        };
        let (mut prepared, second_prepared) = std::thread::scope(|scope| {
            let second = scope.spawn(|| prepare(second_half));
            let first = prepare(first_half);
            (first, second.join().expect("fingerprint thread"))
        });
        prepared.extend(second_prepared);
        let mut deduplicator = Deduplicator::new(config.clone())?;
        parallel_duplicates = 0;
        for (index, (article, fingerprints)) in articles.iter().zip(prepared).enumerate() {
            let meta = ArticleMeta {
                key: index as u64,
                article_id: article.id.clone(),
                source: article.source.clone(),
                published: article.published,
            };
            let decision = deduplicator.observe_fingerprinted(meta, fingerprints)?;
            parallel_duplicates += usize::from(decision.kind != DuplicateKind::Unique);
        }
        best_parallel_seconds = best_parallel_seconds.min(started.elapsed().as_secs_f64());
    }
    assert_eq!(
        parallel_duplicates, duplicates,
        "two-thread run found other duplicates"
    );

    // Stage split (one pass each, cumulative): how the time divides.
    let started = Instant::now();
    let mut normalized = String::new();
    let mut token_total = 0usize;
    for article in &articles {
        normalizer.normalize_into(&article.text, &mut normalized);
        token_total += normalized
            .split(' ')
            .filter(|token| !token.is_empty())
            .count();
    }
    let normalize_seconds = started.elapsed().as_secs_f64();
    let config = DedupConfig::default();
    let mut fingerprinter = Fingerprinter::new(config.shingle_size, config.num_permutations);
    let started = Instant::now();
    let mut shingle_total = 0usize;
    for article in &articles {
        normalizer.normalize_into(&article.text, &mut normalized);
        let tokens: Vec<&str> = normalized
            .split(' ')
            .filter(|token| !token.is_empty())
            .collect();
        shingle_total += fingerprinter.shingles(&tokens).len();
    }
    let through_shingles_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for article in &articles {
        normalizer.normalize_into(&article.text, &mut normalized);
        let tokens: Vec<&str> = normalized
            .split(' ')
            .filter(|token| !token.is_empty())
            .collect();
        let shingles = fingerprinter.shingles(&tokens);
        std::hint::black_box(fingerprinter.signature(&shingles));
    }
    let through_sketch_seconds = started.elapsed().as_secs_f64();

    let report = serde_json::json!({
        "stage": "khabar-dedup",
        "docs": articles.len(),
        "input_mb": (input_megabytes * 100.0).round() / 100.0,
        "seconds": (best_seconds * 1000.0).round() / 1000.0,
        "runs": RUNS,
        "two_threads_seconds": (best_parallel_seconds * 1000.0).round() / 1000.0,
        "two_threads_mb_per_s": (input_megabytes / best_parallel_seconds * 10.0).round() / 10.0,
        "mb_per_s": (input_megabytes / best_seconds * 10.0).round() / 10.0,
        "docs_per_s": (articles.len() as f64 / best_seconds).round(),
        "duplicates": duplicates,
        "groups": groups,
        "tokens": token_total,
        "distinct_shingles": shingle_total,
        "split_cumulative_seconds": {
            "normalize": (normalize_seconds * 1000.0).round() / 1000.0,
            "normalize_shingle": (through_shingles_seconds * 1000.0).round() / 1000.0,
            "normalize_shingle_sketch": (through_sketch_seconds * 1000.0).round() / 1000.0,
        },
    });
    println!("{report}");
    Ok(())
}
