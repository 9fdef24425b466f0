//! Entity aliases: the spelling variants that story cards merged («سخيفر» /
//! «شيفر»), kept as analyzed terms so a query using one spelling also finds
//! articles that only use another.
//!
//! The table is built at index time from the cards of the stories that new
//! articles joined, and saved beside the index as JSON.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use khabar_story::StoryCard;
use serde::{Deserialize, Serialize};

use crate::error::IndexError;

/// The file in the index directory holding the table.
pub const ALIAS_FILE_NAME: &str = "aliases.json";

/// Analyzed term → the analyzed term sequences of the other spellings of an
/// entity that contains the term.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AliasTable {
    alternatives_by_term: BTreeMap<String, BTreeSet<Vec<String>>>,
}

impl AliasTable {
    pub fn len(&self) -> usize {
        self.alternatives_by_term.len()
    }

    pub fn is_empty(&self) -> bool {
        self.alternatives_by_term.is_empty()
    }

    /// The other spellings of the entities that contain `term`, as term
    /// sequences (one term for a single word, several for a phrase).
    pub fn alternatives(&self, term: &str) -> impl Iterator<Item = &Vec<String>> {
        self.alternatives_by_term
            .get(term)
            .into_iter()
            .flat_map(|alternatives| alternatives.iter())
    }

    /// Records the spelling variants of every entity of `card`; `analyze`
    /// turns a written variant into its terms.
    pub fn add_card(&mut self, card: &StoryCard, analyze: &mut dyn FnMut(&str) -> Vec<String>) {
        for entity in &card.entities {
            if entity.variants.len() < 2 {
                continue;
            }
            let analyzed: BTreeSet<Vec<String>> = entity
                .variants
                .iter()
                .map(|variant| analyze(variant))
                .filter(|terms| !terms.is_empty())
                .collect();
            self.add_variant_group(&analyzed);
        }
    }

    /// Links every term of each spelling to the spellings that lack it.
    pub fn add_variant_group(&mut self, spellings: &BTreeSet<Vec<String>>) {
        if spellings.len() < 2 {
            return;
        }
        for spelling in spellings {
            for other in spellings {
                if other == spelling {
                    continue;
                }
                for term in spelling {
                    if other.contains(term) {
                        continue;
                    }
                    self.alternatives_by_term
                        .entry(term.clone())
                        .or_default()
                        .insert(other.clone());
                }
            }
        }
    }

    /// Loads the table saved in `index_dir`; an absent file is an empty table.
    pub fn load(index_dir: &Path) -> Result<AliasTable, IndexError> {
        let path = index_dir.join(ALIAS_FILE_NAME);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(AliasTable::default())
            }
            Err(source) => {
                return Err(IndexError::Io {
                    context: format!("cannot read alias table {}", path.display()),
                    source,
                })
            }
        };
        serde_json::from_slice(&bytes).map_err(|error| {
            IndexError::Metadata(format!(
                "cannot parse alias table {}: {error}",
                path.display()
            ))
        })
    }

    /// Writes the table into `index_dir` atomically (temporary file, rename).
    pub fn save(&self, index_dir: &Path) -> Result<(), IndexError> {
        let path = index_dir.join(ALIAS_FILE_NAME);
        let temporary_path = index_dir.join(format!("{ALIAS_FILE_NAME}.tmp"));
        let bytes = serde_json::to_vec(self).map_err(|error| {
            IndexError::Metadata(format!("cannot serialize alias table: {error}"))
        })?;
        let io_error = |source| IndexError::Io {
            context: format!("cannot write alias table {}", path.display()),
            source,
        };
        std::fs::write(&temporary_path, bytes).map_err(io_error)?;
        std::fs::rename(&temporary_path, &path).map_err(io_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelling(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| word.to_string()).collect()
    }

    #[test]
    fn each_spelling_points_at_the_others_but_not_at_itself() {
        let mut table = AliasTable::default();
        let group: BTreeSet<Vec<String>> = [
            spelling(&["هوب", "سخيفر"]),
            spelling(&["هوب", "شيفر"]),
            spelling(&["سخيفر"]),
        ]
        .into_iter()
        .collect();
        table.add_variant_group(&group);
        let for_shifer: Vec<&Vec<String>> = table.alternatives("شيفر").collect();
        assert!(for_shifer.contains(&&spelling(&["سخيفر"])));
        assert!(for_shifer.contains(&&spelling(&["هوب", "سخيفر"])));
        assert!(!for_shifer.contains(&&spelling(&["هوب", "شيفر"])));
        // A word every spelling shares needs no alias.
        assert!(table
            .alternatives("هوب")
            .all(|alternative| !alternative.contains(&"هوب".to_string())));
    }

    #[test]
    fn a_table_survives_a_save_and_load() {
        let directory = tempfile::tempdir().unwrap();
        assert!(AliasTable::load(directory.path()).unwrap().is_empty());
        let mut table = AliasTable::default();
        table.add_variant_group(&[spelling(&["أ"]), spelling(&["ب"])].into_iter().collect());
        table.save(directory.path()).unwrap();
        assert_eq!(AliasTable::load(directory.path()).unwrap(), table);
    }
}
