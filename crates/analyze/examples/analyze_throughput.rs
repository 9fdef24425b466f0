//! Single-thread throughput of the whole analysis over SaudiNewsNet.
//!
//! Reads `title` and `text` of every record of
//! `../shared/data/saudinewsnet.jsonl.gz` (or the path given as the first
//! argument) into memory, then times, on one thread, the full analysis
//! (tokenize + normalize + stop words + light10 stem) and its parts, and prints
//! one JSON object. With `--dump-text PATH`, also writes the analyzed text to
//! PATH so `wc -w` can be timed on exactly the same bytes.
//!
//! ```text
//! cargo run --release -p khabar-analyze --example analyze_throughput
//! ```

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use khabar_analyze::{
    tokenizer::for_each_span, Analyzer, AnalyzerConfig, Language, LanguageChoice, Normalizer,
    NormalizerConfig, Token, TokenizerKind,
};

const BYTES_PER_MEGABYTE: f64 = 1_000_000.0;

fn default_corpus_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/saudinewsnet.jsonl.gz")
}

fn read_documents(path: &Path) -> Result<Vec<String>, String> {
    let file = std::fs::File::open(path).map_err(|error| format!("open {path:?}: {error}"))?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut documents = Vec::new();
    for (line_index, line) in reader.lines().enumerate() {
        let line = line.map_err(|error| format!("read {path:?}: {error}"))?;
        let record: serde_json::Value = serde_json::from_str(&line)
            .map_err(|error| format!("parse {path:?} line {}: {error}", line_index + 1))?;
        let field = |name: &str| {
            record
                .get(name)
                .and_then(|value| value.as_str())
                .unwrap_or("")
        };
        let mut document = String::new();
        document.push_str(field("title"));
        document.push('\n');
        document.push_str(field("text"));
        documents.push(document);
    }
    Ok(documents)
}

struct Timing {
    seconds: f64,
    tokens: usize,
}

fn time(documents: &[String], mut analyze_document: impl FnMut(&str) -> usize) -> Timing {
    let started = Instant::now();
    let mut tokens = 0;
    for document in documents {
        tokens += analyze_document(document);
    }
    Timing {
        seconds: started.elapsed().as_secs_f64(),
        tokens,
    }
}

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let mut corpus_path = default_corpus_path();
    let mut dump_path = None;
    let mut index = 0;
    while index < arguments.len() {
        if arguments[index] == "--dump-text" && index + 1 < arguments.len() {
            dump_path = Some(PathBuf::from(&arguments[index + 1]));
            index += 2;
            continue;
        }
        corpus_path = PathBuf::from(&arguments[index]);
        index += 1;
    }
    let documents = match read_documents(&corpus_path) {
        Ok(documents) => documents,
        Err(error) => {
            eprintln!("analyze_throughput: {error}");
            std::process::exit(1);
        }
    };
    if let Some(dump_path) = dump_path {
        let write_result = std::fs::File::create(&dump_path).and_then(|mut file| {
            documents
                .iter()
                .try_for_each(|document| writeln!(file, "{document}"))
        });
        if let Err(error) = write_result {
            eprintln!("analyze_throughput: write {dump_path:?}: {error}");
            std::process::exit(1);
        }
    }
    let total_bytes: usize = documents.iter().map(String::len).sum();

    let tokenize_only = time(&documents, |document| {
        let mut count = 0;
        for_each_span(document, TokenizerKind::Standard, |_| count += 1);
        count
    });

    let normalizer = Normalizer::new(NormalizerConfig::khabar());
    let mut term = String::new();
    let tokenize_normalize = time(&documents, |document| {
        let mut count = 0;
        for_each_span(document, TokenizerKind::Standard, |span| {
            term.clear();
            normalizer.normalize_into(&document[span.start..span.end], &mut term);
            count += usize::from(!term.is_empty());
        });
        count
    });

    let mut analyzer = Analyzer::new(AnalyzerConfig::default());
    let mut checksum = 0usize;
    let full_callback = time(&documents, |document| {
        let mut count = 0;
        analyzer.for_each_term(document, Language::Arabic, |term, _| {
            checksum = checksum.wrapping_add(term.len());
            count += 1;
        });
        count
    });

    let mut tokens: Vec<Token> = Vec::new();
    let full_tokens = time(&documents, |document| {
        analyzer.analyze_into(document, Language::Arabic, &mut tokens);
        tokens.len()
    });

    let full_with_detection = time(&documents, |document| {
        let language = LanguageChoice::Auto.resolve(document);
        let mut count = 0;
        analyzer.for_each_term(document, language, |_, _| count += 1);
        count
    });

    let megabytes = total_bytes as f64 / BYTES_PER_MEGABYTE;
    let report = |timing: &Timing| {
        serde_json::json!({
            "seconds": (timing.seconds * 1000.0).round() / 1000.0,
            "megabytes_per_second": (megabytes / timing.seconds * 10.0).round() / 10.0,
            "tokens": timing.tokens,
            "tokens_per_second": (timing.tokens as f64 / timing.seconds).round(),
        })
    };
    let output = serde_json::json!({
        "corpus": corpus_path.display().to_string(),
        "documents": documents.len(),
        "bytes": total_bytes,
        "megabyte": "10^6 bytes of UTF-8 title + newline + text",
        "threads": 1,
        "tokenize": report(&tokenize_only),
        "tokenize_normalize": report(&tokenize_normalize),
        "full_analysis_callback": report(&full_callback),
        "full_analysis_into_tokens": report(&full_tokens),
        "full_analysis_with_language_detection": report(&full_with_detection),
        "checksum": checksum,
    });
    println!("{output}");
}
