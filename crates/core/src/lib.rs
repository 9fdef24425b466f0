//! The vocabulary every Khabar stage shares: the article types that flow one way
//! through the pipeline (`RawArticle` → `CleanArticle` → …). Each stage crate owns
//! its own configuration section; `khabar-pipeline` assembles them into one `Config`.

pub mod article;
pub mod key_hasher;

pub use article::{ArticleId, CleanArticle, InputFormat, Provenance, RawArticle, Removal};
