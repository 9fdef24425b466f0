//! Bringing the index up to date with the store: articles stored after the
//! last indexed sequence number are added (replacing any older version of the
//! same id), the cards of the stories they joined feed the alias table, and the
//! new high-water mark is committed with them.

use std::collections::BTreeSet;
use std::path::Path;

use khabar_analyze::{Analyzer, Language};
use khabar_store::{Store, StoredArticle};
use khabar_story::{StoryArticle, StoryCardBuilder, StoryCardConfig};
use serde::Serialize;
use tantivy::index::SegmentId;
use tantivy::{IndexWriter, TantivyDocument, Term};

use crate::aliases::AliasTable;
use crate::config::IndexConfig;
use crate::error::{IndexError, TantivyContext};
use crate::search_index::{IndexMetadata, SearchIndex, INDEX_FORMAT_VERSION};

/// The fields of an article the index keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexableArticle {
    pub id: String,
    pub story: Option<String>,
    pub source: Option<String>,
    pub published: Option<chrono::DateTime<chrono::Utc>>,
    pub title: Option<String>,
    pub text: String,
}

/// What one update did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IndexUpdateReport {
    pub articles_indexed: usize,
    /// Articles indexed before and changed since, indexed again.
    pub articles_reindexed: usize,
    pub last_indexed_seq: i64,
    pub stories_carded: usize,
    pub alias_terms: usize,
}

/// Indexes the articles of `store` that `index_dir` has not seen. Called at
/// the end of every ingest run.
pub fn update_from_store(
    store: &Store,
    index_dir: &Path,
    config: IndexConfig,
) -> Result<IndexUpdateReport, IndexError> {
    let search_index = SearchIndex::open_or_create(index_dir, config)?;
    search_index.update_from_store(store)
}

/// Deletes the index in `index_dir` and builds it again from every article.
pub fn rebuild_from_store(
    store: &Store,
    index_dir: &Path,
    config: IndexConfig,
) -> Result<IndexUpdateReport, IndexError> {
    if index_dir.exists() {
        std::fs::remove_dir_all(index_dir).map_err(|source| IndexError::Io {
            context: format!("cannot remove old index {}", index_dir.display()),
            source,
        })?;
    }
    let search_index = SearchIndex::open_or_create(index_dir, config)?;
    search_index.update_from_store(store)
}

/// How far the index has followed the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct IndexProgress {
    last_indexed_seq: i64,
    last_indexed_change: i64,
}

fn metadata_progress(metadata: &IndexMetadata) -> IndexProgress {
    IndexProgress {
        last_indexed_seq: metadata.last_indexed_seq,
        last_indexed_change: metadata.last_indexed_change,
    }
}

impl SearchIndex {
    /// Adds every article stored after the last indexed one and indexes
    /// again the articles changed since the last update, then commits the
    /// documents, the new high-water marks and the alias table.
    pub fn update_from_store(&self, store: &Store) -> Result<IndexUpdateReport, IndexError> {
        let metadata = self.metadata()?;
        let mut writer = self.writer()?;
        let mut progress = IndexProgress {
            last_indexed_seq: metadata.last_indexed_seq,
            last_indexed_change: metadata.last_indexed_change,
        };
        let mut report = IndexUpdateReport {
            last_indexed_seq: metadata.last_indexed_seq,
            ..IndexUpdateReport::default()
        };
        let mut touched_stories: BTreeSet<String> = BTreeSet::new();
        let mut indexed_since_commit = 0usize;
        store.for_each_article_after(
            metadata.last_indexed_seq,
            |article| -> Result<(), IndexError> {
                self.add_stored_article(&writer, &article)?;
                if let Some(story) = &article.story {
                    touched_stories.insert(story.clone());
                }
                report.articles_indexed += 1;
                progress.last_indexed_seq = progress.last_indexed_seq.max(article.seq);
                indexed_since_commit += 1;
                if indexed_since_commit >= self.config.commit_every_articles {
                    self.commit(&mut writer, &progress)?;
                    indexed_since_commit = 0;
                }
                Ok(())
            },
        )?;
        // A changed article keeps its `seq`: the scan above does not see it
        // unless it is new to this index too.
        let mut reindexed: BTreeSet<String> = BTreeSet::new();
        for (change, article_id) in store.changes_after(metadata.last_indexed_change)? {
            progress.last_indexed_change = progress.last_indexed_change.max(change);
            if !reindexed.insert(article_id.clone()) {
                continue;
            }
            let Some(article) = store.article(&article_id)? else {
                continue;
            };
            if article.seq > metadata.last_indexed_seq {
                continue;
            }
            self.add_stored_article(&writer, &article)?;
            if let Some(story) = &article.story {
                touched_stories.insert(story.clone());
            }
            report.articles_reindexed += 1;
        }
        report.last_indexed_seq = progress.last_indexed_seq;
        if report.articles_indexed == 0 && progress == metadata_progress(&metadata) {
            return Ok(report);
        }
        let (stories_carded, aliases) = self.aliases_with_stories(store, &touched_stories)?;
        report.stories_carded = stories_carded;
        report.alias_terms = aliases.len();
        aliases.save(&self.directory)?;
        self.commit(&mut writer, &progress)?;
        self.compact_segments(writer)?;
        self.reload()?;
        Ok(report)
    }

    /// Deletes articles by id (removed from the store); returns how many ids
    /// were asked for. The high-water marks stay as they are.
    pub fn remove_articles(&self, article_ids: &[String]) -> Result<usize, IndexError> {
        let metadata = self.metadata()?;
        let mut writer = self.writer()?;
        for article_id in article_ids {
            writer.delete_term(Term::from_field_text(self.fields.id, article_id));
        }
        self.commit(&mut writer, &metadata_progress(&metadata))?;
        drop(writer);
        self.reload()?;
        Ok(article_ids.len())
    }

    /// Indexes articles that do not come from a store (evaluations, tests)
    /// and commits them; the store high-water mark is left as it was.
    pub fn index_articles(
        &self,
        articles: impl IntoIterator<Item = IndexableArticle>,
    ) -> Result<usize, IndexError> {
        let metadata = self.metadata()?;
        let mut writer = self.writer()?;
        let mut count = 0;
        for article in articles {
            self.add_article(&writer, &article)?;
            count += 1;
        }
        self.commit(&mut writer, &metadata_progress(&metadata))?;
        drop(writer);
        self.reload()?;
        Ok(count)
    }

    fn add_stored_article(
        &self,
        writer: &IndexWriter,
        article: &StoredArticle,
    ) -> Result<(), IndexError> {
        self.add_article(
            writer,
            &IndexableArticle {
                id: article.id.clone(),
                story: article.story.clone(),
                source: article.source.clone(),
                published: article.published,
                title: article.title.clone(),
                text: article.text.clone(),
            },
        )
    }

    fn add_article(
        &self,
        writer: &IndexWriter,
        article: &IndexableArticle,
    ) -> Result<(), IndexError> {
        let fields = &self.fields;
        writer.delete_term(Term::from_field_text(fields.id, &article.id));
        let mut document = TantivyDocument::default();
        document.add_text(fields.id, &article.id);
        if let Some(story) = &article.story {
            document.add_text(fields.story, story);
        }
        document.add_text(fields.source, article.source.as_deref().unwrap_or(""));
        if let Some(published) = article.published {
            document.add_i64(fields.published, published.timestamp());
        }
        if let Some(title) = &article.title {
            document.add_text(fields.title, title);
        }
        document.add_text(fields.text, &article.text);
        writer
            .add_document(document)
            .context(|| format!("cannot index article {}", article.id))?;
        Ok(())
    }

    /// Every search pays per segment (term lookups, columns), so after an
    /// update with more than `max_segments` segments the small ones are
    /// merged: all but the largest, or all of them once the small ones
    /// together hold as many articles as the largest (so a big index is not
    /// rewritten for every small update). Waits for the merge.
    fn compact_segments(&self, mut writer: IndexWriter) -> Result<(), IndexError> {
        let mut segments = self
            .index
            .searchable_segment_metas()
            .context(|| "cannot list index segments".to_string())?;
        if segments.len() > self.config.max_segments.max(1) {
            segments.sort_by_key(|segment| std::cmp::Reverse(segment.num_docs()));
            let largest = u64::from(segments[0].num_docs());
            let others: u64 = segments[1..]
                .iter()
                .map(|segment| u64::from(segment.num_docs()))
                .sum();
            let first_merged = if others >= largest { 0 } else { 1 };
            let merged: Vec<SegmentId> = segments[first_merged..]
                .iter()
                .map(|segment| segment.id())
                .collect();
            if merged.len() >= 2 {
                writer
                    .merge(&merged)
                    .wait()
                    .context(|| format!("cannot merge {} index segments", merged.len()))?;
            }
        }
        writer
            .garbage_collect_files()
            .wait()
            .context(|| "cannot remove merged index files".to_string())?;
        writer
            .wait_merging_threads()
            .context(|| "cannot finish index merges".to_string())?;
        Ok(())
    }

    fn commit(&self, writer: &mut IndexWriter, progress: &IndexProgress) -> Result<(), IndexError> {
        let metadata = IndexMetadata {
            format_version: INDEX_FORMAT_VERSION,
            last_indexed_seq: progress.last_indexed_seq,
            last_indexed_change: progress.last_indexed_change,
            analysis: self.config.analysis,
        };
        let payload = serde_json::to_string(&metadata)
            .map_err(|error| IndexError::Metadata(format!("cannot write metadata: {error}")))?;
        let mut prepared = writer
            .prepare_commit()
            .context(|| "cannot prepare index commit".to_string())?;
        prepared.set_payload(&payload);
        prepared
            .commit()
            .context(|| "cannot commit index".to_string())?;
        Ok(())
    }

    /// The current alias table plus the variants of the touched stories'
    /// cards; also returns how many cards were built.
    fn aliases_with_stories(
        &self,
        store: &Store,
        stories: &BTreeSet<String>,
    ) -> Result<(usize, AliasTable), IndexError> {
        let mut aliases = self
            .aliases
            .read()
            .map(|guard| guard.clone())
            .unwrap_or_default();
        let mut builder = StoryCardBuilder::with_shipped_background(StoryCardConfig::default());
        let mut analyzer = Analyzer::new(self.config.analyzer);
        let mut analyze = |text: &str| -> Vec<String> {
            let mut terms = Vec::new();
            analyzer.for_each_term(text, Language::Arabic, |term, _| {
                terms.push(term.to_string())
            });
            terms
        };
        let mut cards_built = 0;
        for story in stories {
            let articles = store.story_articles(story).map_err(IndexError::from)?;
            if articles.len() < self.config.alias_min_story_articles {
                continue;
            }
            let inputs: Vec<StoryArticle> = articles.iter().map(story_article).collect();
            let card = builder.build(story, &inputs);
            aliases.add_card(&card, &mut analyze);
            cards_built += 1;
        }
        Ok((cards_built, aliases))
    }
}

/// The story stage's view of a stored article. The index builds story cards to
/// learn spelling aliases, as the server and the CLI build them to show them;
/// all three use this one conversion.
pub fn story_article(article: &StoredArticle) -> StoryArticle {
    StoryArticle {
        id: article.id.clone(),
        source: article.source.clone(),
        url: article.url.clone(),
        published: article.published,
        title: article.title.clone(),
        text: article.text.clone(),
        duplicate_of: article.duplicate_of.clone(),
    }
}
