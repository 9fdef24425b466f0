//! `khabar analyze` reproduces Lucene's ArabicNormalizer and ArabicStemmer on
//! every word of the shared vocabulary, and Snowball Arabic on at least 99.9%.

mod common;

use std::io::{BufRead, Read, Write};
use std::process::{Command, Stdio};

use common::{khabar_binary, shared_dir};

fn gunzip_lines(path: &std::path::Path) -> Vec<String> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text.lines().map(str::to_string).collect()
}

fn analyze_all(words: &[String], flags: &[&str]) -> Vec<String> {
    let mut child = Command::new(khabar_binary())
        .arg("analyze")
        .args(flags)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = words.join("\n") + "\n";
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let lines: Vec<String> = stdout.lines().map(Result::unwrap).collect();
    writer.join().unwrap();
    assert!(child.wait().unwrap().success());
    lines
}

#[test]
fn analyze_command_conforms_to_lucene_and_snowball() {
    let Some(shared) = shared_dir("analyze_command_conforms_to_lucene_and_snowball") else {
        return;
    };
    let stemming = shared.join("data/arabic-stemming");
    let rows: Vec<Vec<String>> = gunzip_lines(&stemming.join("lucene_arabic_output.tsv.gz"))
        .into_iter()
        .skip(1)
        .map(|line| line.split('\t').map(str::to_string).collect())
        .collect();
    let words: Vec<String> = rows.iter().map(|row| row[0].clone()).collect();
    assert!(words.len() > 200_000);
    let keyword = [
        "--tokenizer",
        "keyword",
        "--normalizer",
        "lucene",
        "--no-stopwords",
    ];

    let normalized = analyze_all(&words, &[&keyword[..], &["--stemmer", "none"]].concat());
    let stemmed = analyze_all(&words, &[&keyword[..], &["--stemmer", "light10"]].concat());
    assert_eq!(normalized.len(), words.len());
    let normalized_mismatches = rows
        .iter()
        .zip(&normalized)
        .filter(|(row, got)| row[1] != **got)
        .count();
    let stemmed_mismatches = rows
        .iter()
        .zip(&stemmed)
        .filter(|(row, got)| row[3] != **got)
        .count();
    assert_eq!(normalized_mismatches, 0, "lucene_normalized mismatches");
    assert_eq!(
        stemmed_mismatches, 0,
        "lucene_stem_of_normalized mismatches"
    );

    let vocabulary = gunzip_lines(&stemming.join("voc.txt.gz"));
    let snowball_expected = gunzip_lines(&stemming.join("snowball_arabic_output.txt.gz"));
    let snowball = analyze_all(
        &vocabulary,
        &[
            "--tokenizer",
            "keyword",
            "--normalizer",
            "none",
            "--stemmer",
            "snowball",
            "--no-stopwords",
            "--lang",
            "ar",
        ],
    );
    let agreeing = snowball
        .iter()
        .zip(&snowball_expected)
        .filter(|(got, expected)| got == expected)
        .count();
    let agreement = agreeing as f64 / snowball_expected.len() as f64;
    eprintln!(
        "snowball agreement: {agreeing}/{} = {agreement:.5}",
        snowball_expected.len()
    );
    assert!(agreement >= 0.999);
}

#[test]
fn analyze_command_folds_prefix_and_keeps_one_line_per_input_line() {
    let lines = analyze_all(
        &[
            "والحسن".to_string(),
            String::new(),
            "الإتفاق والاتفاق".to_string(),
        ],
        &["--no-stopwords"],
    );
    assert_eq!(
        lines,
        vec!["حسن".to_string(), String::new(), "اتفاق اتفاق".to_string()]
    );
}
