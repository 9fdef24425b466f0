//! The normalization and corpus reading of `../shared/data/neardup/DEFINITION.md`,
//! for the evaluation and throughput examples only (the real pipeline feeds
//! the analyzer's tokens). Kept deliberately small and literal.

use std::io::{BufRead, BufReader};

use unicode_general_category::{get_general_category, GeneralCategory};

/// One article of a corpus: the fields dedup needs.
pub struct CorpusArticle {
    pub id: String,
    pub source: Option<String>,
    pub published: Option<i64>,
    /// `title + "\n" + text`, as DEFINITION.md.
    pub text: String,
}

pub fn shared_dir() -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.is_dir().then_some(dir)
}

pub fn read_corpus(path: &std::path::Path) -> std::io::Result<Vec<CorpusArticle>> {
    let file = std::fs::File::open(path)?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut articles = Vec::new();
    for line in reader.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record: serde_json::Value = serde_json::from_str(&line)
            .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidData, error))?;
        let field = |name: &str| record.get(name).and_then(|value| value.as_str());
        let published = field("published")
            .and_then(|text| chrono::DateTime::parse_from_rfc3339(text).ok())
            .map(|date| date.timestamp());
        articles.push(CorpusArticle {
            id: field("id").unwrap_or_default().to_string(),
            source: field("source").map(str::to_string),
            published,
            text: format!(
                "{}\n{}",
                field("title").unwrap_or(""),
                field("text").unwrap_or("")
            ),
        });
    }
    Ok(articles)
}

/// Ground-truth pairs `(id_a, id_b, jaccard)`.
#[allow(dead_code)] // used by neardup_eval only
pub fn read_pairs(path: &std::path::Path) -> std::io::Result<Vec<(String, String, f64)>> {
    let file = std::fs::File::open(path)?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut pairs = Vec::new();
    for line in reader.lines().skip(1) {
        let line = line?;
        let mut columns = line.split('\t');
        let (Some(left), Some(right), Some(jaccard)) =
            (columns.next(), columns.next(), columns.next())
        else {
            continue;
        };
        pairs.push((
            left.to_string(),
            right.to_string(),
            jaccard.parse().unwrap_or(0.0),
        ));
    }
    Ok(pairs)
}

/// What one character becomes: dropped, a separator, or a (mapped) character.
#[derive(Clone, Copy, PartialEq)]
enum CharClass {
    Drop,
    Separator,
    Keep(char),
}

fn classify_slow(character: char) -> CharClass {
    let code = character as u32;
    if (0x064B..=0x065F).contains(&code) || code == 0x0670 || code == 0x0640 {
        return CharClass::Drop;
    }
    match character {
        'أ' | 'إ' | 'آ' | 'ٱ' => return CharClass::Keep('ا'),
        'ى' => return CharClass::Keep('ي'),
        'ة' => return CharClass::Keep('ه'),
        '\u{0130}' => return CharClass::Keep('i'),
        _ => {}
    }
    if (0x0660..=0x0669).contains(&code) {
        return CharClass::Keep(char::from(b'0' + (code - 0x0660) as u8));
    }
    if (0x06F0..=0x06F9).contains(&code) {
        return CharClass::Keep(char::from(b'0' + (code - 0x06F0) as u8));
    }
    let category = get_general_category(character);
    let is_letter = matches!(
        category,
        GeneralCategory::UppercaseLetter
            | GeneralCategory::LowercaseLetter
            | GeneralCategory::TitlecaseLetter
            | GeneralCategory::ModifierLetter
            | GeneralCategory::OtherLetter
    );
    let is_digit = category == GeneralCategory::DecimalNumber;
    if !is_letter && !is_digit {
        return CharClass::Separator;
    }
    let is_upper = matches!(
        category,
        GeneralCategory::UppercaseLetter | GeneralCategory::TitlecaseLetter
    );
    if is_upper && is_latin(code) {
        let mut lower = character.to_lowercase();
        if let (Some(single), None) = (lower.next(), lower.next()) {
            return CharClass::Keep(single);
        }
    }
    CharClass::Keep(character)
}

/// Blocks whose characters' Unicode names contain LATIN.
fn is_latin(code: u32) -> bool {
    matches!(code, 0x0041..=0x005A | 0x00C0..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xFF21..=0xFF3A)
}

/// Table-driven normalizer: a lookup for the first 0x0800 code points (ASCII,
/// Latin, Arabic), the general-category database beyond.
pub struct DefinitionNormalizer {
    table: Vec<CharClass>,
}

const TABLE_SIZE: u32 = 0x0800;

impl DefinitionNormalizer {
    pub fn new() -> Self {
        let table = (0..TABLE_SIZE)
            .map(|code| char::from_u32(code).map_or(CharClass::Separator, classify_slow))
            .collect();
        DefinitionNormalizer { table }
    }

    /// Appends the normalized text to `output` with single spaces between tokens.
    pub fn normalize_into(&self, text: &str, output: &mut String) {
        output.clear();
        let mut pending_space = false;
        for character in text.chars() {
            let code = character as u32;
            let class = if code < TABLE_SIZE {
                self.table[code as usize]
            } else {
                classify_slow(character)
            };
            match class {
                CharClass::Drop => {}
                CharClass::Separator => pending_space = !output.is_empty(),
                CharClass::Keep(mapped) => {
                    if pending_space {
                        output.push(' ');
                        pending_space = false;
                    }
                    output.push(mapped);
                }
            }
        }
    }
}
