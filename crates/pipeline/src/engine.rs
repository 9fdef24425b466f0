//! Drives one ingest run: read inputs, batch them, run the stages, commit.

use std::path::Path;

use khabar_core::RawArticle;
use khabar_ingest::{discover_inputs, read_input, IngestItem, ReaderOptions, Rejection};
use khabar_store::{ArticleOutcome, Store, StoreError};

use crate::config::Config;
use crate::content_hash::content_hash;
use crate::report::IngestReport;
use crate::stages::{StageError, StageInput, Stages, StoryAssignment};

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Stage(#[from] StageError),
    #[error("the input reader thread panicked")]
    ReaderPanicked,
    #[error("no article with id `{0}`")]
    UnknownArticle(String),
}

/// What removing an article did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RemovalReport {
    pub removed: String,
    /// The story it belonged to (the story keeps its other articles).
    pub story: Option<String>,
    /// When it was its duplicate group's canonical: the member that took over.
    pub new_canonical: Option<String>,
}

/// Items parsed ahead of the stages: enough to keep both threads busy.
const READ_AHEAD_ITEMS: usize = 1024;

/// The store plus the stages' state.
pub struct Engine {
    store: Store,
    config: Config,
    /// Loaded on the first ingest: reading commands never pay for it.
    stages: Option<Stages>,
    scope: PipelineScope,
    batches_since_snapshot: usize,
}

/// How far the pipeline runs on new articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PipelineScope {
    /// Every stage: the normal mode.
    Full,
    /// Parse and store only; used to benchmark the ingest stage alone.
    IngestOnly,
    /// Every stage except line cleaning (HTML is still extracted, nothing is
    /// removed); used to benchmark what cleaning adds to an ingest.
    WithoutLineCleaning,
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
        Ok(Engine {
            store,
            config,
            stages: None,
            scope,
            batches_since_snapshot: 0,
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
        self.write_snapshot()?;
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
        self.write_snapshot()?;
        Ok(report)
    }

    /// Removes an article for good: it leaves the duplicate groups (a copy
    /// takes over as canonical) and the `articles` table; its stored row and
    /// original bytes move to `removed_articles`. The stage snapshot is
    /// written in the same transaction, so a crash leaves either the old
    /// state or the new one. The clusterer keeps the article's words in its
    /// story's centroid (it has no removal), and the search index is the
    /// caller's to update.
    pub fn remove_article(
        &mut self,
        article_id: &str,
        reason: &str,
    ) -> Result<RemovalReport, EngineError> {
        let article = self
            .store
            .article(article_id)?
            .ok_or_else(|| EngineError::UnknownArticle(article_id.to_string()))?;
        let stages = self.stages()?;
        let canonical_change = stages.remove_from_duplicates(article.seq as u64);
        let snapshot = stages.snapshot();
        let result = (|| -> Result<RemovalReport, EngineError> {
            let snapshot = snapshot?;
            let transaction = self.store.transaction()?;
            transaction.remove_article(&article, reason, chrono::Utc::now().timestamp())?;
            let mut new_canonical = None;
            if let Some((previous, current, repointed)) = &canonical_change {
                transaction.move_canonical(previous, current)?;
                for member in repointed {
                    if member != current {
                        transaction.set_duplicate_and_story(member, Some(current), None)?;
                    }
                }
                new_canonical = Some(current.clone());
            }
            transaction.put_state(Stages::snapshot_state_name(), &snapshot)?;
            transaction.commit()?;
            Ok(RemovalReport {
                removed: article.id.clone(),
                story: article.story.clone(),
                new_canonical,
            })
        })();
        if result.is_err() {
            // The in-memory stages no longer match the store: reload them.
            self.stages = None;
        }
        result
    }

    /// The stages, restored from the store on first use.
    fn stages(&mut self) -> Result<&mut Stages, EngineError> {
        if self.stages.is_none() {
            let mut stages = Stages::load(&self.store, &self.config)?;
            stages.set_line_cleaning(self.scope != PipelineScope::WithoutLineCleaning);
            self.stages = Some(stages);
        }
        Ok(self.stages.as_mut().expect("stages were just loaded"))
    }

    /// Saves the stages' state so the next start replays nothing.
    fn write_snapshot(&mut self) -> Result<(), EngineError> {
        self.batches_since_snapshot = 0;
        let Some(stages) = &self.stages else {
            return Ok(());
        };
        let snapshot = stages.snapshot()?;
        let transaction = self.store.transaction()?;
        transaction.put_state(Stages::snapshot_state_name(), &snapshot)?;
        transaction.commit()?;
        Ok(())
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
        if self.scope != PipelineScope::IngestOnly {
            self.stages()?;
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
                    let Some(stages) = self.stages.as_mut() else {
                        continue;
                    };
                    let input = StageInput {
                        seq,
                        id: &article.id,
                        source: article.source.as_deref(),
                        url: article.url.as_deref(),
                        title: article.title.as_deref(),
                        published: article.published.map(|date| date.timestamp()),
                        format: article.format,
                        body: &article.body,
                    };
                    let mut processed = stages.process(&input);
                    let story = match &processed.story {
                        StoryAssignment::Story(story) => story.clone(),
                        StoryAssignment::SameAsArticle(other_id) => transaction
                            .story_of(other_id)?
                            .unwrap_or_else(|| article.id.clone()),
                    };
                    processed.outputs.story = Some(story);
                    transaction.save_stage_outputs(seq, &article.body, &processed.outputs)?;
                    for (from, into) in &processed.merged_stories {
                        transaction.merge_story(from, into)?;
                    }
                    for (previous, current) in &processed.canonical_moves {
                        transaction.move_canonical(previous, current)?;
                    }
                    for (member_id, duplicate_of) in &processed.repointed {
                        transaction.set_duplicate_and_story(
                            member_id,
                            duplicate_of
                                .as_deref()
                                .filter(|canonical| canonical != member_id),
                            None,
                        )?;
                    }
                }
            }
        }
        transaction.commit()?;
        self.batches_since_snapshot += 1;
        if self.batches_since_snapshot >= self.config.ingest.snapshot_every_batches {
            self.write_snapshot()?;
        }
        report.merge(batch_report);
        Ok(())
    }
}
