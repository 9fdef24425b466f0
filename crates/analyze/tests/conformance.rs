//! Conformance with the reference outputs of Lucene and Snowball over the
//! 200,359-word vocabulary in `../shared/data/arabic-stemming/`.
//!
//! Skipped, with a visible message, when `../shared` is absent.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use khabar_analyze::{
    AnalyzerConfig, LanguageChoice, NormalizerConfig, StemmerKind, TokenizerKind,
};

fn stemming_data_dir() -> Option<PathBuf> {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let directory = shared.join("data/arabic-stemming");
    if directory.is_dir() {
        Some(directory)
    } else {
        eprintln!("SKIPPED: ../shared not found");
        None
    }
}

fn read_gzip_lines(path: &Path) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap_or_else(|error| panic!("open {path:?}: {error}"));
    BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .map(|line| line.unwrap_or_else(|error| panic!("read {path:?}: {error}")))
        .collect()
}

struct LuceneRow {
    word: String,
    lucene_normalized: String,
    lucene_stem_of_normalized: String,
}

fn lucene_rows(directory: &Path) -> Vec<LuceneRow> {
    let lines = read_gzip_lines(&directory.join("lucene_arabic_output.tsv.gz"));
    let mut rows = Vec::new();
    for line in lines.iter().skip(1) {
        let columns: Vec<&str> = line.split('\t').collect();
        assert_eq!(columns.len(), 4, "malformed row {line:?}");
        rows.push(LuceneRow {
            word: columns[0].to_string(),
            lucene_normalized: columns[1].to_string(),
            lucene_stem_of_normalized: columns[3].to_string(),
        });
    }
    rows
}

fn keyword_config(normalizer: NormalizerConfig, stemmer: StemmerKind) -> AnalyzerConfig {
    AnalyzerConfig {
        tokenizer: TokenizerKind::Keyword,
        normalizer,
        stemmer,
        remove_stopwords: false,
        ..AnalyzerConfig::default()
    }
}

const VOCABULARY_SIZE: usize = 200_359;

#[test]
fn vocabulary_matches_lucene_rows() {
    let Some(directory) = stemming_data_dir() else {
        return;
    };
    let vocabulary = read_gzip_lines(&directory.join("voc.txt.gz"));
    let rows = lucene_rows(&directory);
    assert_eq!(vocabulary.len(), VOCABULARY_SIZE);
    assert_eq!(rows.len(), VOCABULARY_SIZE);
    for (word, row) in vocabulary.iter().zip(&rows) {
        assert_eq!(word, &row.word);
    }
}

#[test]
fn lucene_normalizer_reproduces_lucene_on_the_whole_vocabulary() {
    let Some(directory) = stemming_data_dir() else {
        return;
    };
    let mut analyzer = khabar_analyze::Analyzer::new(keyword_config(
        NormalizerConfig::lucene(),
        StemmerKind::None,
    ));
    let rows = lucene_rows(&directory);
    let mismatches: Vec<(&str, String, &str)> = rows
        .iter()
        .filter_map(|row| {
            let ours = analyzer.analyze_line(&row.word, LanguageChoice::Auto);
            (ours != row.lucene_normalized).then_some((
                row.word.as_str(),
                ours,
                row.lucene_normalized.as_str(),
            ))
        })
        .collect();
    eprintln!(
        "lucene_normalized: {} of {} words equal",
        rows.len() - mismatches.len(),
        rows.len()
    );
    assert!(
        mismatches.is_empty(),
        "first mismatches (word, ours, lucene): {:?}",
        &mismatches[..mismatches.len().min(20)]
    );
}

#[test]
fn light10_reproduces_lucene_on_the_whole_vocabulary() {
    let Some(directory) = stemming_data_dir() else {
        return;
    };
    let mut analyzer = khabar_analyze::Analyzer::new(keyword_config(
        NormalizerConfig::lucene(),
        StemmerKind::Light10,
    ));
    let rows = lucene_rows(&directory);
    let mismatches: Vec<(&str, String, &str)> = rows
        .iter()
        .filter_map(|row| {
            let ours = analyzer.analyze_line(&row.word, LanguageChoice::Auto);
            (ours != row.lucene_stem_of_normalized).then_some((
                row.word.as_str(),
                ours,
                row.lucene_stem_of_normalized.as_str(),
            ))
        })
        .collect();
    eprintln!(
        "lucene_stem_of_normalized: {} of {} words equal",
        rows.len() - mismatches.len(),
        rows.len()
    );
    assert!(
        mismatches.is_empty(),
        "first mismatches (word, ours, lucene): {:?}",
        &mismatches[..mismatches.len().min(20)]
    );
}

/// Characters on which the Khabar normalizer deliberately differs from
/// Lucene's, one group per documented rule (see README.md).
fn khabar_rule_that_differs(character: char) -> Option<&'static str> {
    match character {
        '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => Some("digits_to_ascii"),
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => Some("presentation_forms_nfkc"),
        '\u{0671}' => Some("fold_alef_wasla"),
        '\u{0610}'..='\u{061A}'
        | '\u{0653}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}' => Some("remove_extended_marks"),
        '\u{06CC}' | '\u{06A9}' => Some("fold_persian_letters"),
        '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}' => {
            Some("arabic_punctuation_to_ascii")
        }
        '\u{061C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' => Some("remove_invisible_controls"),
        character if character.is_uppercase() => Some("lowercase"),
        _ => None,
    }
}

#[test]
fn khabar_normalizer_agrees_with_lucene_except_where_a_rule_says_so() {
    let Some(directory) = stemming_data_dir() else {
        return;
    };
    let mut analyzer = khabar_analyze::Analyzer::new(keyword_config(
        NormalizerConfig::khabar(),
        StemmerKind::None,
    ));
    let rows = lucene_rows(&directory);
    let mut compared = 0usize;
    let mut words_per_rule: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    let mut unexplained = Vec::new();
    for row in &rows {
        let ours = analyzer.analyze_line(&row.word, LanguageChoice::Auto);
        let rules: std::collections::BTreeSet<&str> = row
            .word
            .chars()
            .filter_map(khabar_rule_that_differs)
            .collect();
        if rules.is_empty() {
            compared += 1;
            if ours != row.lucene_normalized {
                unexplained.push((row.word.clone(), ours, row.lucene_normalized.clone()));
            }
            continue;
        }
        for rule in rules {
            let counts = words_per_rule.entry(rule).or_default();
            counts.0 += 1;
            if ours != row.lucene_normalized {
                counts.1 += 1;
            }
        }
    }
    eprintln!(
        "khabar vs lucene normalizer: {} of {compared} words untouched by khabar-only rules agree",
        compared - unexplained.len()
    );
    for (rule, (words, differing)) in &words_per_rule {
        eprintln!("  rule {rule}: {words} words contain its characters, {differing} normalize differently");
    }
    assert!(compared > 150_000, "too few words compared: {compared}");
    assert!(
        unexplained.is_empty(),
        "unexplained differences (word, khabar, lucene): {:?}",
        &unexplained[..unexplained.len().min(20)]
    );
}

/// The minimum share of the vocabulary on which Snowball Arabic must agree with
/// the reference Snowball output.
const SNOWBALL_MINIMUM_AGREEMENT: f64 = 0.999;

#[test]
fn snowball_arabic_reproduces_the_reference_snowball_output() {
    let Some(directory) = stemming_data_dir() else {
        return;
    };
    let vocabulary = read_gzip_lines(&directory.join("voc.txt.gz"));
    let reference = read_gzip_lines(&directory.join("snowball_arabic_output.txt.gz"));
    assert_eq!(vocabulary.len(), reference.len());
    let mut analyzer = khabar_analyze::Analyzer::new(keyword_config(
        NormalizerConfig::none(),
        StemmerKind::Snowball,
    ));
    let mut mismatches = Vec::new();
    for (word, expected) in vocabulary.iter().zip(&reference) {
        let ours = analyzer.analyze_line(word, LanguageChoice::Auto);
        if &ours != expected {
            mismatches.push((word.as_str(), ours, expected.as_str()));
        }
    }
    let agreement = 1.0 - mismatches.len() as f64 / vocabulary.len() as f64;
    eprintln!(
        "snowball arabic: {} of {} words equal ({:.4}%)",
        vocabulary.len() - mismatches.len(),
        vocabulary.len(),
        agreement * 100.0
    );
    for (word, ours, expected) in mismatches.iter().take(50) {
        eprintln!("  {word}\tours={ours}\treference={expected}");
    }
    assert!(
        agreement >= SNOWBALL_MINIMUM_AGREEMENT,
        "snowball agreement {agreement:.5} below {SNOWBALL_MINIMUM_AGREEMENT}"
    );
}
