//! Khabar's full-text search: a tantivy index of the store's cleaned articles,
//! analyzed by Khabar's own Arabic analyzer (registered as a tantivy tokenizer
//! through `tantivy-tokenizer-api`), so index and queries are normalized and
//! stemmed alike — «الاتفاق» finds «الإتفاق», «أوسيتيا» finds «اوسيتيا».
//!
//! - [`SearchIndex`] opens or creates the index in `<data-dir>/index/`;
//! - [`update_from_store`] indexes the articles stored since the last update
//!   (the high-water mark is the index's commit payload, so it survives
//!   restarts); [`rebuild_from_store`] starts over;
//! - [`SearchIndex::search`] ranks with BM25 (titles weighted), filters by
//!   outlet and date, expands entity aliases learnt from story cards
//!   ([`AliasTable`]: «شيفر» also finds «سخيفر»), and groups hits by story
//!   with snippets highlighted at the analyzer's byte offsets.
//!
//! Reading the store and writing the index directory are the only I/O.

mod aliases;
mod config;
mod error;
mod indexing;
mod schema;
mod search;
mod search_index;
mod tokenizer;

pub use aliases::{AliasTable, ALIAS_FILE_NAME};
pub use config::IndexConfig;
pub use error::IndexError;
pub use indexing::{
    rebuild_from_store, story_article, update_from_store, IndexUpdateReport, IndexableArticle,
};
pub use search::{ArticleHit, SearchRequest, SearchResults, Snippet, StoryHits};
pub use search_index::{
    index_dir, IndexMetadata, SearchIndex, INDEX_DIRECTORY_NAME, INDEX_FORMAT_VERSION,
};
pub use tokenizer::{
    AnalysisMode, KhabarTokenizer, WhitespaceLowercaseTokenizer, KHABAR_TOKENIZER_NAME,
    WHITESPACE_TOKENIZER_NAME,
};
