//! Drives one ingest run: read inputs, batch them, run the stages, commit.

use std::path::Path;

use khabar_core::RawArticle;
use khabar_ingest::{discover_inputs, read_input, IngestItem, ReaderOptions, Rejection};
use khabar_store::{ArticleOutcome, Store, StoreError};

use crate::config::Config;
use crate::content_hash::content_hash;
use crate::report::IngestReport;
use crate::stages::Stages;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The store plus the stages' state.
pub struct Engine {
    store: Store,
    config: Config,
    stages: Stages,
}

/// Progress callbacks during a run: records read so far.
pub type ProgressCallback<'a> = &'a mut dyn FnMut(usize);

enum PendingItem {
    Article(Box<RawArticle>),
    Rejected(Rejection),
}

impl Engine {
    /// Opens the store in `data_dir` and restores every stage's state from it.
    pub fn open(data_dir: &Path, config: Config) -> Result<Engine, EngineError> {
        let store = Store::open(data_dir)?;
        let stages = Stages::load(&store, &config)?;
        Ok(Engine {
            store,
            config,
            stages,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Ingests every article under `paths`. Bad records are reported, never fatal;
    /// only a store failure stops the run.
    pub fn ingest_paths(
        &mut self,
        paths: &[String],
        reader_options: &ReaderOptions,
        progress: ProgressCallback<'_>,
    ) -> Result<IngestReport, EngineError> {
        let discovered = discover_inputs(paths);
        let mut report = IngestReport {
            files: discovered.files.len(),
            skipped_files: discovered
                .skipped_unknown
                .iter()
                .map(|path| path.display().to_string())
                .collect(),
            ..IngestReport::default()
        };
        let mut pending: Vec<PendingItem> = discovered
            .rejections
            .into_iter()
            .map(PendingItem::Rejected)
            .collect();
        let mut records_read = 0usize;
        let mut failure: Option<EngineError> = None;
        for input in &discovered.files {
            read_input(input, reader_options, &mut |item| {
                if failure.is_some() {
                    return;
                }
                records_read += 1;
                pending.push(match item {
                    IngestItem::Article(article) => PendingItem::Article(article),
                    IngestItem::Rejected(rejection) => PendingItem::Rejected(rejection),
                });
                if pending.len() >= self.config.ingest.batch_size {
                    if let Err(error) = self.commit_batch(&mut pending, &mut report) {
                        failure = Some(error);
                    }
                    progress(records_read);
                }
            });
            if let Some(error) = failure.take() {
                return Err(error);
            }
        }
        self.commit_batch(&mut pending, &mut report)?;
        progress(records_read);
        Ok(report)
    }

    /// Ingests articles that arrive already parsed (e.g. over HTTP).
    pub fn ingest_items(&mut self, items: Vec<IngestItem>) -> Result<IngestReport, EngineError> {
        let mut report = IngestReport::default();
        let mut pending = Vec::new();
        for item in items {
            pending.push(match item {
                IngestItem::Article(article) => PendingItem::Article(article),
                IngestItem::Rejected(rejection) => PendingItem::Rejected(rejection),
            });
            if pending.len() >= self.config.ingest.batch_size {
                self.commit_batch(&mut pending, &mut report)?;
            }
        }
        self.commit_batch(&mut pending, &mut report)?;
        Ok(report)
    }

    /// Stores a batch and everything derived from it in one transaction.
    fn commit_batch(
        &mut self,
        pending: &mut Vec<PendingItem>,
        report: &mut IngestReport,
    ) -> Result<(), EngineError> {
        if pending.is_empty() {
            return Ok(());
        }
        let transaction = self.store.transaction()?;
        let mut batch_report = IngestReport::default();
        for item in pending.drain(..) {
            match item {
                PendingItem::Rejected(rejection) => {
                    transaction.record_rejection(
                        &rejection.provenance.path,
                        rejection.provenance.line,
                        rejection.kind,
                        &rejection.reason,
                    )?;
                    batch_report.add_rejection(rejection);
                }
                PendingItem::Article(article) => {
                    let hash = content_hash(&article);
                    let outcome = transaction.upsert_article(&article, &hash)?;
                    let seq = match outcome {
                        ArticleOutcome::Unchanged { .. } => {
                            batch_report.unchanged += 1;
                            continue;
                        }
                        ArticleOutcome::Inserted { seq } => {
                            batch_report.inserted += 1;
                            seq
                        }
                        ArticleOutcome::Updated { seq } => {
                            batch_report.updated += 1;
                            seq
                        }
                    };
                    let outputs = self.stages.process(seq, &article);
                    transaction.save_stage_outputs(seq, &article.body, &outputs)?;
                }
            }
        }
        self.stages.save_state(&transaction)?;
        transaction.commit()?;
        report.merge(batch_report);
        Ok(())
    }
}
