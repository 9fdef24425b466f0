//! The store answers "what do we know about this article?": it keeps the
//! original bytes of every article with its provenance and content hash, every
//! stage's output, the rejected records, and the state that streaming stages
//! carry between runs. It is SQLite in WAL mode; a batch of articles and all the
//! state derived from it commit in one transaction, so a crash at any moment
//! leaves the store as it was after the last whole batch.

mod error;
mod reading;
mod schema;
mod writing;

pub use error::StoreError;
pub use reading::{SourceCount, StoreStats, StoredArticle, StorySummaryRow};
pub use writing::{ArticleOutcome, StageOutputs, StoreTransaction};

use std::path::{Path, PathBuf};

/// The file inside the data directory that holds the database.
pub const DATABASE_FILE_NAME: &str = "khabar.sqlite3";

/// An open store.
pub struct Store {
    connection: rusqlite::Connection,
    data_dir: PathBuf,
}

impl Store {
    /// Opens (creating when needed) the store in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::Io {
            context: format!("cannot create data directory {}", data_dir.display()),
            source,
        })?;
        let database_path = data_dir.join(DATABASE_FILE_NAME);
        let connection =
            rusqlite::Connection::open(&database_path).map_err(|source| StoreError::Sqlite {
                context: format!("cannot open database {}", database_path.display()),
                source,
            })?;
        schema::prepare(&connection)?;
        Ok(Store {
            connection,
            data_dir: data_dir.to_path_buf(),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Starts a write transaction; nothing is visible to readers until `commit`.
    pub fn transaction(&mut self) -> Result<StoreTransaction<'_>, StoreError> {
        let transaction = self
            .connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|source| StoreError::Sqlite {
                context: "cannot begin transaction".to_string(),
                source,
            })?;
        Ok(StoreTransaction::new(transaction))
    }

    pub(crate) fn connection(&self) -> &rusqlite::Connection {
        &self.connection
    }
}
