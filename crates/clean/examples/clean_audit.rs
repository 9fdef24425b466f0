//! Audit of the cleaner on the real corpora (`../shared/data`): two passes per corpus
//! (feed `BoilerplateStats` with every article, then clean every article), then
//! reports the 30 most frequent removed lines, the share of text removed per source,
//! a fixed-seed sample of 100 removed lines and of 50 cleaned articles, and the
//! cleaning throughput.
//!
//! cargo run --release -p khabar-clean --example clean_audit -- [DATA_DIR] [--dump DIR] [--seed N]
//!
//! With `--dump DIR`, the samples (with their texts, for reading) are written to
//! `DIR/<corpus>.removed_sample.tsv`, `DIR/<corpus>.removed_lines.tsv` (every distinct
//! removed line with its count) and `DIR/<corpus>.article_sample.txt`.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use khabar_clean::{
    clean_text, rule_set_for, BoilerplateStats, CleanConfig, CleanOutput, KEPT_ORIGINAL_FLAG,
};

const CORPORA: [&str; 2] = ["saudinewsnet", "ant-multisource"];
const TOP_REMOVED_LINES: usize = 30;
const REMOVED_SAMPLE_SIZE: usize = 100;
const ARTICLE_SAMPLE_SIZE: usize = 50;
/// Default sample seed (`--seed` overrides it). Audits so far: 20_150_721 (first),
/// 20_260_514 (second), 20_261_129 (third; draws with 20_261_123 to 20_261_128 found
/// the failures fixed before it, see docs/cleaning-audit/summary.md).
const DEFAULT_SAMPLE_SEED: u64 = 20_261_129;

struct Article {
    id: String,
    source: String,
    url: Option<String>,
    text: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut arguments = std::env::args().skip(1);
    let mut data_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let mut dump_dir: Option<PathBuf> = None;
    let mut sample_seed = DEFAULT_SAMPLE_SEED;
    while let Some(argument) = arguments.next() {
        if argument == "--dump" {
            dump_dir = arguments.next().map(PathBuf::from);
        } else if argument == "--seed" {
            let value = arguments.next().unwrap_or_default();
            sample_seed = value
                .parse()
                .map_err(|error| format!("invalid --seed value {value:?}: {error}"))?;
        } else {
            data_dir = PathBuf::from(argument);
        }
    }
    if !data_dir.is_dir() {
        eprintln!("SKIPPED: ../shared not found ({})", data_dir.display());
        return Ok(());
    }
    if let Some(directory) = &dump_dir {
        std::fs::create_dir_all(directory)?;
    }
    for corpus in CORPORA {
        let path = data_dir.join(format!("{corpus}.jsonl.gz"));
        audit_corpus(corpus, &path, dump_dir.as_deref(), sample_seed)?;
    }
    Ok(())
}

fn read_corpus(path: &Path) -> Result<Vec<Article>, Box<dyn std::error::Error>> {
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
            id: field("id").unwrap_or_default(),
            source: field("source").unwrap_or_default(),
            url: field("url"),
            text: field("text").unwrap_or_default(),
        });
    }
    Ok(articles)
}

/// SplitMix64: a tiny deterministic generator for reproducible samples.
struct SampleRandom(u64);

impl SampleRandom {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut mixed = self.0;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        mixed ^ (mixed >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

fn visible_chars(text: &str) -> usize {
    text.chars()
        .filter(|character| !character.is_whitespace())
        .count()
}

fn line_hash(text: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

#[derive(Default)]
struct SourceTally {
    articles: usize,
    chars: usize,
    removed_chars: usize,
    kept_original: usize,
}

fn audit_corpus(
    corpus: &str,
    path: &Path,
    dump_dir: Option<&Path>,
    sample_seed: u64,
) -> Result<(), Box<dyn std::error::Error>> {
    let articles = read_corpus(path)?;
    let total_bytes: usize = articles.iter().map(|article| article.text.len()).sum();
    let config = CleanConfig::default();
    let rules = rule_set_for(&config)?;

    let stats_started = Instant::now();
    let mut stats = BoilerplateStats::new();
    for article in &articles {
        stats.observe_body(&article.source, &article.text, &config.learned);
    }
    let stats_seconds = stats_started.elapsed().as_secs_f64();

    let clean_started = Instant::now();
    let outputs: Vec<CleanOutput> = articles
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
        })
        .collect();
    let clean_seconds = clean_started.elapsed().as_secs_f64();
    let megabytes = total_bytes as f64 / 1e6;

    println!(
        "# corpus {corpus}: {} articles, {megabytes:.1} MB of text",
        articles.len()
    );
    println!(
        "stats pass {stats_seconds:.2}s ({:.0} MB/s); clean pass {clean_seconds:.2}s ({:.0} MB/s)",
        megabytes / stats_seconds,
        megabytes / clean_seconds
    );

    let mut removed_line_counts: HashMap<(String, String), usize> = HashMap::new();
    let mut rule_counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut tallies: BTreeMap<String, SourceTally> = BTreeMap::new();
    // (article index, removal index) of every applied removal.
    let mut applied: Vec<(usize, usize)> = Vec::new();
    for (article_index, (article, output)) in articles.iter().zip(&outputs).enumerate() {
        let tally = tallies.entry(article.source.clone()).or_default();
        tally.articles += 1;
        tally.chars += visible_chars(&article.text);
        if output.flags.iter().any(|flag| flag == KEPT_ORIGINAL_FLAG) {
            tally.kept_original += 1;
            continue;
        }
        for (removal_index, removal) in output.removed.iter().enumerate() {
            tally.removed_chars += visible_chars(&removal.text);
            *removed_line_counts
                .entry((removal.rule.clone(), removal.text.clone()))
                .or_insert(0) += 1;
            *rule_counts.entry(removal.rule.clone()).or_insert(0) += 1;
            applied.push((article_index, removal_index));
        }
    }

    println!("\n## removals per rule");
    for (rule, count) in &rule_counts {
        println!("{count:>7}  {rule}");
    }
    println!("\n## {TOP_REMOVED_LINES} most frequent removed lines (count, rule, hash, text)");
    let mut frequent: Vec<(&(String, String), &usize)> = removed_line_counts.iter().collect();
    frequent.sort_by(|left, right| right.1.cmp(left.1).then(left.0.cmp(right.0)));
    for ((rule, text), count) in frequent.iter().take(TOP_REMOVED_LINES) {
        let shown: String = text.chars().take(90).collect();
        println!("{count:>6}  {rule:<28} {}  {shown}", line_hash(text));
    }
    println!("\n## share of text removed per source (non-whitespace characters)");
    println!(
        "{:<14} {:>8} {:>9} {:>8}",
        "source", "articles", "removed", "kept_orig"
    );
    let mut all = SourceTally::default();
    for (source, tally) in &tallies {
        println!(
            "{source:<14} {:>8} {:>8.2}% {:>8}",
            tally.articles,
            100.0 * tally.removed_chars as f64 / tally.chars.max(1) as f64,
            tally.kept_original
        );
        all.articles += tally.articles;
        all.chars += tally.chars;
        all.removed_chars += tally.removed_chars;
        all.kept_original += tally.kept_original;
    }
    println!(
        "{:<14} {:>8} {:>8.2}% {:>8}",
        "ALL",
        all.articles,
        100.0 * all.removed_chars as f64 / all.chars.max(1) as f64,
        all.kept_original
    );

    let mut random = SampleRandom(sample_seed);
    let mut removed_sample: Vec<(usize, usize)> = Vec::new();
    let mut pool = applied.clone();
    while removed_sample.len() < REMOVED_SAMPLE_SIZE && !pool.is_empty() {
        let picked = random.below(pool.len());
        removed_sample.push(pool.swap_remove(picked));
    }
    let mut article_pool: Vec<usize> = (0..articles.len())
        .filter(|index| !outputs[*index].text.is_empty())
        .collect();
    let mut article_sample: Vec<usize> = Vec::new();
    while article_sample.len() < ARTICLE_SAMPLE_SIZE && !article_pool.is_empty() {
        let picked = random.below(article_pool.len());
        article_sample.push(article_pool.swap_remove(picked));
    }

    println!(
        "\n## sample of {} removed lines (article id, rule, line hash)",
        removed_sample.len()
    );
    for (article_index, removal_index) in &removed_sample {
        let removal = &outputs[*article_index].removed[*removal_index];
        println!(
            "{}\t{}\t{}",
            articles[*article_index].id,
            removal.rule,
            line_hash(&removal.text)
        );
    }
    println!(
        "\n## sample of {} cleaned article ids",
        article_sample.len()
    );
    let ids: Vec<&str> = article_sample
        .iter()
        .map(|index| articles[*index].id.as_str())
        .collect();
    println!("{}", ids.join(" "));
    println!();

    if let Some(directory) = dump_dir {
        let mut removed_file =
            std::fs::File::create(directory.join(format!("{corpus}.removed_sample.tsv")))?;
        for (article_index, removal_index) in &removed_sample {
            let removal = &outputs[*article_index].removed[*removal_index];
            writeln!(
                removed_file,
                "{}\t{}\t{}\t{}",
                articles[*article_index].id,
                removal.rule,
                line_hash(&removal.text),
                removal.text.replace('\n', " ")
            )?;
        }
        let mut lines_file =
            std::fs::File::create(directory.join(format!("{corpus}.removed_lines.tsv")))?;
        for ((rule, text), count) in &frequent {
            writeln!(lines_file, "{rule}\t{count}\t{}", text.replace('\n', " "))?;
        }
        let mut article_file =
            std::fs::File::create(directory.join(format!("{corpus}.article_sample.txt")))?;
        for index in &article_sample {
            writeln!(
                article_file,
                "=== {} ({}) flags={:?}\n{}\n--- removed: {:?}\n",
                articles[*index].id,
                articles[*index].source,
                outputs[*index].flags,
                outputs[*index].text,
                outputs[*index].removed
            )?;
        }
    }
    Ok(())
}
