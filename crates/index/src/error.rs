//! The errors of indexing and search. Query errors are the caller's fault and
//! kept apart, so a server can answer them with 400 instead of 500.

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    #[error("query too long: {length} bytes, at most {limit}")]
    QueryTooLong { length: usize, limit: usize },
    #[error("{context}: {source}")]
    Tantivy {
        context: String,
        source: tantivy::TantivyError,
    },
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] khabar_store::StoreError),
    #[error("{0}")]
    Metadata(String),
}

impl IndexError {
    /// True when the request, not the index, is at fault.
    pub fn is_bad_request(&self) -> bool {
        matches!(
            self,
            IndexError::InvalidQuery(_) | IndexError::QueryTooLong { .. }
        )
    }
}

/// Adds a context message to tantivy results.
pub(crate) trait TantivyContext<T> {
    fn context(self, context: impl FnOnce() -> String) -> Result<T, IndexError>;
}

impl<T> TantivyContext<T> for Result<T, tantivy::TantivyError> {
    fn context(self, context: impl FnOnce() -> String) -> Result<T, IndexError> {
        self.map_err(|source| IndexError::Tantivy {
            context: context(),
            source,
        })
    }
}
