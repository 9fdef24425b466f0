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
    #[error("the input reader thread panicked")]
    ReaderPanicked,
}

/// Items parsed ahead of the stages: enough to keep both threads busy.
const READ_AHEAD_ITEMS: usize = 1024;

/// The store plus the stages' state.
pub struct Engine {
    store: Store,
    config: Config,
    stages: Stages,
    scope: PipelineScope,
}

/// How far the pipeline runs on new articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PipelineScope {
    /// Every stage: the normal mode.
    Full,
    /// Parse and store only; used to benchmark the ingest stage alone.
    IngestOnly,
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
        Engine::open_with_scope(data_dir, config, PipelineScope::Full)
    }

    /// Opens the engine running only the stages `scope` names.
    pub fn open_with_scope(
        data_dir: &Path,
        config: Config,
        scope: PipelineScope,
    ) -> Result<Engine, EngineError> {
        let store = Store::open(data_dir)?;
        let stages = Stages::load(&store, &config)?;
        Ok(Engine {
            store,
            config,
            stages,
            scope,
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
        // Reading (decompression, parsing) runs on its own thread so it overlaps
        // with the stages and the store; the bounded channel keeps memory bounded.
        let (sender, receiver) = std::sync::mpsc::sync_channel::<IngestItem>(READ_AHEAD_ITEMS);
        let files = discovered.files;
        let thread_options = reader_options.clone();
        let reader_thread = std::thread::spawn(move || {
            for input in &files {
                let mut receiver_gone = false;
                read_input(input, &thread_options, &mut |item| {
                    if !receiver_gone && sender.send(item).is_err() {
                        receiver_gone = true;
                    }
                });
                if receiver_gone {
                    return;
                }
            }
        });
        for item in receiver.iter() {
            records_read += 1;
            pending.push(match item {
                IngestItem::Article(article) => PendingItem::Article(article),
                IngestItem::Rejected(rejection) => PendingItem::Rejected(rejection),
            });
            if pending.len() >= self.config.ingest.batch_size {
                self.commit_batch(&mut pending, &mut report)?;
                progress(records_read);
            }
        }
        if reader_thread.join().is_err() {
            return Err(EngineError::ReaderPanicked);
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
                    if self.scope == PipelineScope::IngestOnly {
                        continue;
                    }
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
