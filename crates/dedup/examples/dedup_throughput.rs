//! End-to-end speed of duplicate detection on SaudiNewsNet: raw text →
//! DEFINITION.md normalization → tokens → exact hash → shingles → MinHash →
//! LSH → verification → groups. Prints one JSON line.
//!
//! ```text
//! cargo run --release -p khabar-dedup --example dedup_throughput [-- CORPUS.jsonl.gz] [--profile | --profile-two-threads]
//! ```
//!
//! Like `../shared/bench/peers.py`, the clock starts after the corpus is
//! loaded and `title + "\n" + text` is built, so the figures compare directly
//! with the peers' `seconds`; it stops once the groups are known (freeing the
//! deduplicator afterwards is not timed). Input MB counts the UTF-8 bytes of
//! those texts.
//! Every run (one thread through `observe` with a token list, one thread
//! through the space-separated-text path, two threads) must give identical
//! decisions; the example fails otherwise.

#[path = "support/definition.rs"]
mod definition;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use definition::{CorpusArticle, DefinitionNormalizer};
use khabar_dedup::{
    ArticleMeta, DedupConfig, DedupDecision, DedupInput, Deduplicator, DuplicateKind,
    Fingerprinter, Fingerprints,
};

const RUNS: usize = 3;
/// Articles per unit of work handed to a thread in the two-thread run.
const CHUNK_ARTICLES: usize = 256;

/// What a run decided about every article: group and kind, in input order.
type Outcome = Vec<(Option<u64>, DuplicateKind)>;

fn meta_of(index: usize, article: &CorpusArticle) -> ArticleMeta {
    ArticleMeta {
        key: index as u64,
        article_id: article.id.clone(),
        source: article.source.clone(),
        published: article.published,
    }
}

fn outcome_of(decision: &DedupDecision) -> (Option<u64>, DuplicateKind) {
    (decision.group_id, decision.kind)
}

/// One thread, the public token-list API (`observe`), as the pipeline calls it.
fn run_token_lists(
    articles: &[CorpusArticle],
    normalizer: &DefinitionNormalizer,
) -> Result<RunResult, Box<dyn std::error::Error>> {
    let mut deduplicator = Deduplicator::new(DedupConfig::default())?;
    let mut normalized = String::new();
    let mut outcome = Vec::with_capacity(articles.len());
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
        outcome.push(outcome_of(&decision));
    }
    let groups = deduplicator.duplicate_groups().len();
    Ok((outcome, groups, deduplicator))
}

/// One thread, normalized text fingerprinted in place.
fn run_text_single_thread(
    articles: &[CorpusArticle],
    normalizer: &DefinitionNormalizer,
) -> Result<RunResult, Box<dyn std::error::Error>> {
    let config = DedupConfig::default();
    let mut fingerprinter = Fingerprinter::new(config.shingle_size, config.num_permutations);
    let mut deduplicator = Deduplicator::new(config.clone())?;
    let mut normalized = Vec::new();
    let mut outcome = Vec::with_capacity(articles.len());
    for (index, article) in articles.iter().enumerate() {
        normalizer.normalize_into_bytes(&article.text, &mut normalized);
        let fingerprints = fingerprinter
            .fingerprints_of_space_separated(&normalized, config.min_tokens_for_near_duplicate);
        let decision = deduplicator.observe_fingerprinted(meta_of(index, article), fingerprints)?;
        outcome.push(outcome_of(&decision));
    }
    let groups = deduplicator.duplicate_groups().len();
    Ok((outcome, groups, deduplicator))
}

/// Two threads. Normalizing and fingerprinting are independent per article:
/// both threads take chunks of articles from a shared counter. The main
/// thread also observes the fingerprints strictly in input order, whenever
/// the next chunk is ready, and fingerprints a chunk itself otherwise. The
/// decisions are therefore those of the one-thread run.
fn run_text_two_threads(
    articles: &[CorpusArticle],
    normalizer: &DefinitionNormalizer,
) -> Result<RunResult, Box<dyn std::error::Error>> {
    let config = DedupConfig::default();
    let chunks: Vec<&[CorpusArticle]> = articles.chunks(CHUNK_ARTICLES).collect();
    let next_chunk = AtomicUsize::new(0);
    let fingerprint_chunk = |fingerprinter: &mut Fingerprinter,
                             normalized: &mut Vec<u8>,
                             chunk: &[CorpusArticle]|
     -> Vec<Fingerprints> {
        chunk
            .iter()
            .map(|article| {
                normalizer.normalize_into_bytes(&article.text, normalized);
                fingerprinter.fingerprints_of_space_separated(
                    normalized,
                    config.min_tokens_for_near_duplicate,
                )
            })
            .collect()
    };
    let new_fingerprinter = || Fingerprinter::new(config.shingle_size, config.num_permutations);
    let mut deduplicator = Deduplicator::new(config.clone())?;
    let mut outcome = Vec::with_capacity(articles.len());
    std::thread::scope(|scope| -> Result<(), Box<dyn std::error::Error>> {
        let (sender, receiver) = mpsc::channel::<(usize, Vec<Fingerprints>)>();
        scope.spawn(|| {
            let sender = sender;
            let mut fingerprinter = new_fingerprinter();
            let mut normalized = Vec::new();
            loop {
                let chunk_index = next_chunk.fetch_add(1, Ordering::Relaxed);
                let Some(chunk) = chunks.get(chunk_index) else {
                    return;
                };
                let prepared = fingerprint_chunk(&mut fingerprinter, &mut normalized, chunk);
                if sender.send((chunk_index, prepared)).is_err() {
                    return;
                }
            }
        });
        let mut fingerprinter = new_fingerprinter();
        let mut normalized = Vec::new();
        let mut ready: BTreeMap<usize, Vec<Fingerprints>> = BTreeMap::new();
        let mut observed_chunks = 0;
        while observed_chunks < chunks.len() {
            while let Ok((chunk_index, prepared)) = receiver.try_recv() {
                ready.insert(chunk_index, prepared);
            }
            let Some(prepared) = ready.remove(&observed_chunks) else {
                let chunk_index = next_chunk.fetch_add(1, Ordering::Relaxed);
                match chunks.get(chunk_index) {
                    Some(chunk) => {
                        let prepared =
                            fingerprint_chunk(&mut fingerprinter, &mut normalized, chunk);
                        ready.insert(chunk_index, prepared);
                    }
                    None => {
                        let (chunk_index, prepared) = receiver.recv()?;
                        ready.insert(chunk_index, prepared);
                    }
                }
                continue;
            };
            let first_index = observed_chunks * CHUNK_ARTICLES;
            for (offset, fingerprints) in prepared.into_iter().enumerate() {
                let index = first_index + offset;
                let decision = deduplicator
                    .observe_fingerprinted(meta_of(index, &articles[index]), fingerprints)?;
                outcome.push(outcome_of(&decision));
            }
            observed_chunks += 1;
        }
        Ok(())
    })?;
    let groups = deduplicator.duplicate_groups().len();
    Ok((outcome, groups, deduplicator))
}

/// A run's decisions, its number of duplicate groups, and its deduplicator
/// (returned so that freeing it happens after the clock stops).
type RunResult = (Outcome, usize, Deduplicator);

type Run =
    fn(&[CorpusArticle], &DefinitionNormalizer) -> Result<RunResult, Box<dyn std::error::Error>>;

/// Best wall time of `RUNS` runs, and the last run's outcome and group count.
fn best_of(
    run: Run,
    articles: &[CorpusArticle],
    normalizer: &DefinitionNormalizer,
) -> Result<(f64, Outcome, usize), Box<dyn std::error::Error>> {
    let mut best_seconds = f64::INFINITY;
    let mut last = (Vec::new(), 0);
    for _ in 0..RUNS {
        let started = Instant::now();
        let (outcome, groups, deduplicator) = run(articles, normalizer)?;
        best_seconds = best_seconds.min(started.elapsed().as_secs_f64());
        drop(deduplicator);
        last = (outcome, groups);
    }
    Ok((best_seconds, last.0, last.1))
}

fn rounded(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    // `--profile` / `--profile-two-threads`: only the one-thread (two-thread)
    // text run, ten times (for `perf record`).
    let profile_run: Option<Run> = if arguments.iter().any(|argument| argument == "--profile") {
        Some(run_text_single_thread)
    } else if arguments
        .iter()
        .any(|argument| argument == "--profile-two-threads")
    {
        Some(run_text_two_threads)
    } else {
        None
    };
    let corpus_argument = arguments
        .iter()
        .find(|argument| !argument.starts_with("--"));
    let corpus_path = match corpus_argument {
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
    let normalizer = DefinitionNormalizer::new();
    if let Some(run) = profile_run {
        for _ in 0..10 {
            let started = Instant::now();
            let result = run(&articles, &normalizer)?;
            eprintln!("run: {:.3} s", started.elapsed().as_secs_f64());
            drop(result);
        }
        return Ok(());
    }

    let (single_seconds, single_outcome, groups) =
        best_of(run_text_single_thread, &articles, &normalizer)?;
    let (parallel_seconds, parallel_outcome, parallel_groups) =
        best_of(run_text_two_threads, &articles, &normalizer)?;
    let (token_list_seconds, token_list_outcome, token_list_groups) =
        best_of(run_token_lists, &articles, &normalizer)?;
    if parallel_outcome != single_outcome || parallel_groups != groups {
        return Err("the two-thread run decided differently from the one-thread run".into());
    }
    if token_list_outcome != single_outcome || token_list_groups != groups {
        return Err("the token-list run decided differently from the text run".into());
    }
    let duplicates = single_outcome
        .iter()
        .filter(|(_, kind)| *kind != DuplicateKind::Unique)
        .count();

    // Stage split, one thread, cumulative (each pass redoes the earlier
    // stages), best of RUNS each.
    let config = DedupConfig::default();
    let mut fingerprinter = Fingerprinter::new(config.shingle_size, config.num_permutations);
    let mut normalized = Vec::new();
    let (mut normalize_seconds, mut through_shingles_seconds, mut through_sketch_seconds) =
        (f64::INFINITY, f64::INFINITY, f64::INFINITY);
    let (mut normalized_bytes, mut token_total, mut shingle_total) = (0usize, 0usize, 0usize);
    for _ in 0..RUNS {
        let started = Instant::now();
        normalized_bytes = 0;
        for article in &articles {
            normalizer.normalize_into_bytes(&article.text, &mut normalized);
            normalized_bytes += normalized.len();
        }
        normalize_seconds = normalize_seconds.min(started.elapsed().as_secs_f64());
        let started = Instant::now();
        (token_total, shingle_total) = (0, 0);
        for article in &articles {
            normalizer.normalize_into_bytes(&article.text, &mut normalized);
            // No article reaches usize::MAX tokens: no signature is computed.
            let fingerprints =
                fingerprinter.fingerprints_of_space_separated(&normalized, usize::MAX);
            token_total += fingerprints.token_count;
            shingle_total += fingerprints.shingles.len();
        }
        through_shingles_seconds = through_shingles_seconds.min(started.elapsed().as_secs_f64());
        let started = Instant::now();
        for article in &articles {
            normalizer.normalize_into_bytes(&article.text, &mut normalized);
            std::hint::black_box(fingerprinter.fingerprints_of_space_separated(
                &normalized,
                config.min_tokens_for_near_duplicate,
            ));
        }
        through_sketch_seconds = through_sketch_seconds.min(started.elapsed().as_secs_f64());
    }

    let report = serde_json::json!({
        "stage": "khabar-dedup",
        "docs": articles.len(),
        "input_mb": rounded(input_megabytes, 2),
        "normalized_mb": rounded(normalized_bytes as f64 / 1e6, 2),
        "runs": RUNS,
        "seconds": rounded(single_seconds, 3),
        "mb_per_s": rounded(input_megabytes / single_seconds, 1),
        "docs_per_s": (articles.len() as f64 / single_seconds).round(),
        "two_threads_seconds": rounded(parallel_seconds, 3),
        "two_threads_mb_per_s": rounded(input_megabytes / parallel_seconds, 1),
        "token_list_api_seconds": rounded(token_list_seconds, 3),
        "duplicates": duplicates,
        "groups": groups,
        "tokens": token_total,
        "shingles": shingle_total,
        "split_cumulative_seconds": {
            "normalize": rounded(normalize_seconds, 3),
            "normalize_tokenize_hash_shingle_sort": rounded(through_shingles_seconds, 3),
            "normalize_through_sketch": rounded(through_sketch_seconds, 3),
            "everything_one_thread": rounded(single_seconds, 3),
        },
    });
    println!("{report}");
    Ok(())
}
