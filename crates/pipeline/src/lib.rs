//! The engine: it runs ingest → clean → analyze → dedup → cluster over each batch
//! of new articles and commits the articles, their stage outputs and the stages'
//! state in one store transaction. The CLI and the HTTP server both drive it.

pub mod config;
pub mod content_hash;
pub mod engine;
pub mod report;
pub mod stages;

pub use config::{Config, ConfigError};
pub use engine::{Engine, EngineError, PipelineScope, RemovalReport};
pub use report::IngestReport;
