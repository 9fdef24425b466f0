//! Document frequencies computed offline from large news corpora, shipped
//! inside the binary, so that term rarity is meaningful from the very first
//! article (a 2-article corpus has no statistics of its own).
//!
//! The table is a gzip'd TSV (`<TAB>` is a tab) written by `examples/build_background.rs`:
//! ```text
//! #khabar-cluster-background<TAB>1
//! #analyzer<TAB>{"tokenizer":"standard",...}      the AnalyzerConfig it was built with
//! #documents<TAB>ar<TAB>62555                          documents per language
//! term<TAB>df                                      one line per term, most frequent first
//! ```
//! Terms are analyzer output, so the table is only valid with the analyzer
//! settings in its header; [`BackgroundStatistics::analyzer_config`] returns
//! them and the crate's tests check that they equal the default analyzer.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::{Arc, OnceLock};

use khabar_analyze::{AnalyzerConfig, Language};

use crate::features::unigram_hash;
use crate::prehashed_map::PrehashedMap;

const FORMAT_MAGIC: &str = "#khabar-cluster-background";
const FORMAT_VERSION: &str = "1";

static SHIPPED_TABLE: &[u8] = include_bytes!("../data/background_df.tsv.gz");

/// Background document frequencies, keyed by term hash.
#[derive(Debug, Clone)]
pub struct BackgroundStatistics {
    analyzer_config: AnalyzerConfig,
    documents_per_language: Vec<(Language, u64)>,
    document_frequency: PrehashedMap<u32>,
    fingerprint: u64,
}

impl BackgroundStatistics {
    /// No background at all: term statistics come from the live corpus only.
    pub fn empty() -> BackgroundStatistics {
        BackgroundStatistics {
            analyzer_config: AnalyzerConfig::default(),
            documents_per_language: Vec::new(),
            document_frequency: PrehashedMap::default(),
            fingerprint: 0,
        }
    }

    /// The table shipped with the crate (parsed once, then shared).
    pub fn shipped() -> Arc<BackgroundStatistics> {
        static SHIPPED: OnceLock<Arc<BackgroundStatistics>> = OnceLock::new();
        SHIPPED
            .get_or_init(|| {
                // The shipped table is tested to parse; an empty background is
                // a safe (if weaker) fallback that never panics.
                Arc::new(
                    BackgroundStatistics::from_gzip_tsv(SHIPPED_TABLE)
                        .unwrap_or_else(|_| BackgroundStatistics::empty()),
                )
            })
            .clone()
    }

    /// Parses a table in the format written by [`BackgroundTableBuilder`].
    pub fn from_gzip_tsv(bytes: &[u8]) -> Result<BackgroundStatistics, String> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|error| format!("background table is not gzip'd utf-8: {error}"))?;
        BackgroundStatistics::from_tsv(&text)
    }

    fn from_tsv(text: &str) -> Result<BackgroundStatistics, String> {
        let mut lines = text.lines();
        let magic_line = lines.next().unwrap_or("");
        if magic_line != format!("{FORMAT_MAGIC}\t{FORMAT_VERSION}") {
            return Err(format!(
                "background table has unknown header `{magic_line}`"
            ));
        }
        let mut analyzer_config = None;
        let mut documents_per_language = Vec::new();
        let mut document_frequency = PrehashedMap::default();
        for line in lines {
            let mut fields = line.split('\t');
            let first = fields.next().unwrap_or("");
            match first {
                "#analyzer" => {
                    let json = fields.next().unwrap_or("");
                    analyzer_config = Some(serde_json::from_str::<AnalyzerConfig>(json).map_err(
                        |error| format!("background table has a bad analyzer header: {error}"),
                    )?);
                }
                "#documents" => {
                    let language = fields
                        .next()
                        .unwrap_or("")
                        .parse::<Language>()
                        .map_err(|error| format!("background table: {error}"))?;
                    let count = parse_number(fields.next(), line)?;
                    documents_per_language.push((language, count));
                }
                "" => {}
                term => {
                    let count = parse_number(fields.next(), line)?;
                    let count = u32::try_from(count).unwrap_or(u32::MAX);
                    document_frequency.insert(unigram_hash(term), count);
                }
            }
        }
        let analyzer_config =
            analyzer_config.ok_or_else(|| "background table has no analyzer header".to_string())?;
        let fingerprint = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
        Ok(BackgroundStatistics {
            analyzer_config,
            documents_per_language,
            document_frequency,
            fingerprint,
        })
    }

    /// The analyzer settings the terms of this table were produced with.
    pub fn analyzer_config(&self) -> &AnalyzerConfig {
        &self.analyzer_config
    }

    /// How many background documents were in `language` (0 when none: the
    /// background then does not apply to articles in that language).
    pub fn documents(&self, language: Language) -> u64 {
        self.documents_per_language
            .iter()
            .find(|(table_language, _)| *table_language == language)
            .map_or(0, |(_, count)| *count)
    }

    /// Background document frequency of a feature hash (0 when absent).
    pub fn document_frequency(&self, feature_hash: u64) -> u32 {
        self.document_frequency
            .get(feature_hash)
            .copied()
            .unwrap_or(0)
    }

    /// Number of terms in the table.
    pub fn term_count(&self) -> usize {
        self.document_frequency.len()
    }

    /// A hash of the table's content, stored in the clusterer's state so that
    /// a state is never resumed with a different background.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }
}

fn parse_number(field: Option<&str>, line: &str) -> Result<u64, String> {
    field
        .unwrap_or("")
        .parse::<u64>()
        .map_err(|_| format!("background table has a bad count on line `{line}`"))
}

/// Counts document frequencies over a corpus and writes the table. Pure: the
/// caller reads the corpus and writes the bytes.
#[derive(Debug)]
pub struct BackgroundTableBuilder {
    analyzer_config: AnalyzerConfig,
    documents_per_language: Vec<(Language, u64)>,
    document_frequency: HashMap<String, u64>,
    seen_in_document: Vec<String>,
}

impl BackgroundTableBuilder {
    pub fn new(analyzer_config: AnalyzerConfig) -> BackgroundTableBuilder {
        BackgroundTableBuilder {
            analyzer_config,
            documents_per_language: Vec::new(),
            document_frequency: HashMap::new(),
            seen_in_document: Vec::new(),
        }
    }

    /// Counts one document's distinct terms.
    pub fn add_document<'a>(&mut self, language: Language, terms: impl Iterator<Item = &'a str>) {
        match self
            .documents_per_language
            .iter_mut()
            .find(|(known, _)| *known == language)
        {
            Some((_, count)) => *count += 1,
            None => self.documents_per_language.push((language, 1)),
        }
        self.seen_in_document.clear();
        self.seen_in_document.extend(terms.map(str::to_string));
        self.seen_in_document.sort_unstable();
        self.seen_in_document.dedup();
        for term in &self.seen_in_document {
            match self.document_frequency.get_mut(term.as_str()) {
                Some(count) => *count += 1,
                None => {
                    self.document_frequency.insert(term.clone(), 1);
                }
            }
        }
    }

    /// The gzip'd table of the `maximum_terms` most frequent terms with a
    /// document frequency of at least `minimum_document_frequency`. Terms
    /// left out count as df 0 (rare), which is what they are. Languages with
    /// fewer than `minimum_language_documents` documents are not listed, so
    /// the background does not apply to them (a handful of stray English
    /// pages says nothing about English term rarity). Sorted by descending
    /// df, then term, so the output is deterministic.
    pub fn finish(
        &self,
        maximum_terms: usize,
        minimum_document_frequency: u64,
        minimum_language_documents: u64,
    ) -> Result<Vec<u8>, String> {
        let mut rows: Vec<(&String, u64)> = self
            .document_frequency
            .iter()
            .filter(|(term, count)| {
                **count >= minimum_document_frequency && !term.contains(['\t', '\n', '#'])
            })
            .map(|(term, count)| (term, *count))
            .collect();
        rows.sort_unstable_by(|left, right| right.1.cmp(&left.1).then_with(|| left.0.cmp(right.0)));
        rows.truncate(maximum_terms);
        let mut documents = self.documents_per_language.clone();
        documents.retain(|(_, count)| *count >= minimum_language_documents);
        documents.sort_unstable_by_key(|(language, _)| language.code());
        let analyzer_json = serde_json::to_string(&self.analyzer_config)
            .map_err(|error| format!("cannot serialize analyzer config: {error}"))?;
        let mut text = format!("{FORMAT_MAGIC}\t{FORMAT_VERSION}\n#analyzer\t{analyzer_json}\n");
        for (language, count) in documents {
            text.push_str(&format!("#documents\t{}\t{count}\n", language.code()));
        }
        for (term, count) in rows {
            text.push_str(&format!("{term}\t{count}\n"));
        }
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder
            .write_all(text.as_bytes())
            .map_err(|error| format!("cannot compress background table: {error}"))?;
        encoder
            .finish()
            .map_err(|error| format!("cannot compress background table: {error}"))
    }
}
