//! The on-disk index: opening or creating it, its own metadata (the last store
//! sequence number indexed, the analysis it was built with), and readers.

use std::path::{Path, PathBuf};
use std::sync::RwLock;

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::merge_policy::NoMergePolicy;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy};

use crate::aliases::AliasTable;
use crate::config::IndexConfig;
use crate::error::{IndexError, TantivyContext};
use crate::schema::{build_schema, fields_of, register_tokenizers, IndexFields};
use crate::tokenizer::AnalysisMode;

/// The directory of the index inside a data directory.
pub const INDEX_DIRECTORY_NAME: &str = "index";

/// Bumped when the schema or the meaning of the metadata changes; an index of
/// another version must be rebuilt.
pub const INDEX_FORMAT_VERSION: u32 = 1;

/// Where the index of the store in `data_dir` lives.
pub fn index_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(INDEX_DIRECTORY_NAME)
}

/// Saved as tantivy's commit payload, so it changes atomically with the
/// documents it describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexMetadata {
    pub format_version: u32,
    /// Every store article with `seq` up to this one is indexed.
    pub last_indexed_seq: i64,
    /// Every article change recorded by the store up to this change number
    /// is indexed (a changed article keeps its `seq`).
    #[serde(default)]
    pub last_indexed_change: i64,
    pub analysis: AnalysisMode,
}

/// An open index with a reader that follows new commits.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: IndexFields,
    pub(crate) config: IndexConfig,
    pub(crate) directory: PathBuf,
    pub(crate) aliases: RwLock<AliasTable>,
}

impl SearchIndex {
    /// Opens the index in `directory`, creating an empty one when there is
    /// none. An index built with another analysis or format is an error:
    /// rebuild it.
    pub fn open_or_create(
        directory: &Path,
        config: IndexConfig,
    ) -> Result<SearchIndex, IndexError> {
        std::fs::create_dir_all(directory).map_err(|source| IndexError::Io {
            context: format!("cannot create index directory {}", directory.display()),
            source,
        })?;
        let mmap_directory = MmapDirectory::open(directory).map_err(|error| {
            IndexError::Metadata(format!(
                "cannot open index directory {}: {error}",
                directory.display()
            ))
        })?;
        let exists = Index::exists(&mmap_directory).map_err(|error| {
            IndexError::Metadata(format!(
                "cannot inspect index directory {}: {error}",
                directory.display()
            ))
        })?;
        let index = if exists {
            Index::open(mmap_directory)
                .context(|| format!("cannot open index in {}", directory.display()))?
        } else {
            let (schema, _) = build_schema(config.analysis);
            Index::create(mmap_directory, schema, tantivy::IndexSettings::default())
                .context(|| format!("cannot create index in {}", directory.display()))?
        };
        register_tokenizers(&index, &config);
        let fields = fields_of(&index.schema()).map_err(IndexError::Metadata)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .context(|| format!("cannot open index reader in {}", directory.display()))?;
        let search_index = SearchIndex {
            index,
            reader,
            fields,
            aliases: RwLock::new(AliasTable::load(directory)?),
            directory: directory.to_path_buf(),
            config,
        };
        if exists {
            let metadata = search_index.metadata()?;
            if metadata.format_version != INDEX_FORMAT_VERSION
                || metadata.analysis != search_index.config.analysis
            {
                return Err(IndexError::Metadata(format!(
                    "index in {} was built with format {} and {:?} analysis, expected format {} and {:?}: rebuild it with `khabar reindex`",
                    directory.display(),
                    metadata.format_version,
                    metadata.analysis,
                    INDEX_FORMAT_VERSION,
                    search_index.config.analysis
                )));
            }
        }
        Ok(search_index)
    }

    pub fn config(&self) -> &IndexConfig {
        &self.config
    }

    pub fn directory(&self) -> &Path {
        &self.directory
    }

    /// The metadata of the last commit (a fresh index has indexed nothing).
    pub fn metadata(&self) -> Result<IndexMetadata, IndexError> {
        let metas = self
            .index
            .load_metas()
            .context(|| format!("cannot read index metadata in {}", self.directory.display()))?;
        let Some(payload) = metas.payload else {
            return Ok(IndexMetadata {
                format_version: INDEX_FORMAT_VERSION,
                last_indexed_seq: 0,
                last_indexed_change: 0,
                analysis: self.config.analysis,
            });
        };
        serde_json::from_str(&payload).map_err(|error| {
            IndexError::Metadata(format!(
                "cannot parse index metadata in {}: {error}",
                self.directory.display()
            ))
        })
    }

    /// Number of indexed articles visible to searches.
    pub fn article_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Makes the last commit visible now instead of after the reload delay,
    /// and rereads the alias table.
    pub fn reload(&self) -> Result<(), IndexError> {
        self.reader
            .reload()
            .context(|| "cannot reload index reader".to_string())?;
        let aliases = AliasTable::load(&self.directory)?;
        if let Ok(mut guard) = self.aliases.write() {
            *guard = aliases;
        }
        Ok(())
    }

    /// A writer without background merges: `compact_segments` merges at
    /// the end of each update instead, so a merge never races a commit.
    pub(crate) fn writer(&self) -> Result<IndexWriter, IndexError> {
        let writer: IndexWriter =
            self.index
                .writer(self.config.writer_memory_bytes)
                .context(|| {
                    format!(
                        "cannot open index writer in {} (is another process indexing?)",
                        self.directory.display()
                    )
                })?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        Ok(writer)
    }
}
