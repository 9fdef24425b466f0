//! Writes: articles, their stage outputs, rejections and stage state, all inside
//! one transaction per batch.

use khabar_core::{RawArticle, Removal};
use rusqlite::{params, OptionalExtension};

use crate::error::{SqliteContext, StoreError};

/// What happened to an incoming article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleOutcome {
    /// A new id: stored with this ingest sequence number.
    Inserted { seq: i64 },
    /// A known id whose content changed: updated, the change recorded.
    Updated { seq: i64 },
    /// A known id with the same content hash: nothing to do.
    Unchanged { seq: i64 },
}

/// Everything the stages after ingest computed for one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StageOutputs {
    pub clean_text: String,
    pub removed: Vec<Removal>,
    pub flags: Vec<String>,
    pub language: Option<String>,
    pub duplicate_of: Option<String>,
    pub story: Option<String>,
    /// Per-stage explanations, keyed by stage name.
    pub decisions: serde_json::Map<String, serde_json::Value>,
    /// Fields that cleaning discovered (e.g. from HTML) and that fill empty ones.
    pub discovered_title: Option<String>,
    pub discovered_url: Option<String>,
    pub discovered_source: Option<String>,
    pub discovered_published: Option<i64>,
}

/// A write transaction over the store.
pub struct StoreTransaction<'connection> {
    transaction: rusqlite::Transaction<'connection>,
}

impl<'connection> StoreTransaction<'connection> {
    pub(crate) fn new(transaction: rusqlite::Transaction<'connection>) -> Self {
        StoreTransaction { transaction }
    }

    /// Stores `article` unless an article with the same id and content hash is
    /// already there. A changed article keeps its sequence number; its previous
    /// original bytes go to `article_changes`.
    pub fn upsert_article(
        &self,
        article: &RawArticle,
        content_hash: &str,
    ) -> Result<ArticleOutcome, StoreError> {
        let existing: Option<(i64, String, i64)> = self
            .transaction
            .prepare_cached("SELECT seq, content_hash, revision FROM articles WHERE id = ?1")
            .and_then(|mut statement| {
                statement
                    .query_row([&article.id], |row| {
                        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                    })
                    .optional()
            })
            .context(|| format!("cannot look up article {}", article.id))?;
        let metadata =
            serde_json::to_string(&article.metadata).map_err(|source| StoreError::Json {
                context: format!("cannot serialise metadata of article {}", article.id),
                source,
            })?;
        let published = article.published.map(|date| date.timestamp());
        match existing {
            Some((seq, existing_hash, _)) if existing_hash == content_hash => {
                Ok(ArticleOutcome::Unchanged { seq })
            }
            Some((seq, existing_hash, revision)) => {
                self.transaction
                    .prepare_cached(
                        "INSERT INTO article_changes (article_id, revision, previous_hash, new_hash, previous_original, provenance_path, provenance_line)
                         SELECT id, revision, content_hash, ?2, original, ?3, ?4 FROM articles WHERE seq = ?1",
                    )
                    .and_then(|mut statement| {
                        statement.execute(params![seq, content_hash, article.provenance.path, article.provenance.line.map(|line| line as i64)])
                    })
                    .context(|| format!("cannot record change of article {}", article.id))?;
                debug_assert_ne!(existing_hash, content_hash);
                self.transaction
                    .prepare_cached(
                        "UPDATE articles SET source = ?2, url = ?3, published = ?4, title = ?5, format = ?6,
                         provenance_path = ?7, provenance_line = ?8, metadata = ?9, original = ?10, content_hash = ?11,
                         body = ?12, clean_text = NULL, removed = '[]', flags = '[]', language = NULL,
                         duplicate_of = NULL, story = NULL, decisions = '{}', revision = ?13 WHERE seq = ?1",
                    )
                    .and_then(|mut statement| {
                        statement.execute(params![
                            seq,
                            article.source,
                            article.url,
                            published,
                            article.title,
                            article.format.as_str(),
                            article.provenance.path,
                            article.provenance.line.map(|line| line as i64),
                            metadata,
                            article.original,
                            content_hash,
                            article.body,
                            revision + 1,
                        ])
                    })
                    .context(|| format!("cannot update article {}", article.id))?;
                Ok(ArticleOutcome::Updated { seq })
            }
            None => {
                self.transaction
                    .prepare_cached(
                        "INSERT INTO articles (id, source, url, published, title, format, provenance_path, provenance_line,
                         metadata, original, content_hash, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                    )
                    .and_then(|mut statement| {
                        statement.execute(params![
                            article.id,
                            article.source,
                            article.url,
                            published,
                            article.title,
                            article.format.as_str(),
                            article.provenance.path,
                            article.provenance.line.map(|line| line as i64),
                            metadata,
                            article.original,
                            content_hash,
                            article.body,
                        ])
                    })
                    .context(|| format!("cannot insert article {}", article.id))?;
                Ok(ArticleOutcome::Inserted {
                    seq: self.transaction.last_insert_rowid(),
                })
            }
        }
    }

    /// Saves what the later stages computed for the article with this sequence number.
    pub fn save_stage_outputs(
        &self,
        seq: i64,
        body: &str,
        outputs: &StageOutputs,
    ) -> Result<(), StoreError> {
        let removed =
            serde_json::to_string(&outputs.removed).map_err(|source| StoreError::Json {
                context: format!("cannot serialise removals of article #{seq}"),
                source,
            })?;
        let flags = serde_json::to_string(&outputs.flags).map_err(|source| StoreError::Json {
            context: format!("cannot serialise flags of article #{seq}"),
            source,
        })?;
        let decisions =
            serde_json::to_string(&outputs.decisions).map_err(|source| StoreError::Json {
                context: format!("cannot serialise decisions of article #{seq}"),
                source,
            })?;
        // The cleaned text is stored only when it differs from the body.
        let clean_text = (outputs.clean_text != body).then_some(outputs.clean_text.as_str());
        self.transaction
            .prepare_cached(
                "UPDATE articles SET clean_text = ?2, removed = ?3, flags = ?4, language = ?5, duplicate_of = ?6,
                 story = ?7, decisions = ?8,
                 title = COALESCE(title, ?9), url = COALESCE(url, ?10), source = COALESCE(source, ?11),
                 published = COALESCE(published, ?12) WHERE seq = ?1",
            )
            .and_then(|mut statement| {
                statement.execute(params![
                    seq,
                    clean_text,
                    removed,
                    flags,
                    outputs.language,
                    outputs.duplicate_of,
                    outputs.story,
                    decisions,
                    outputs.discovered_title,
                    outputs.discovered_url,
                    outputs.discovered_source,
                    outputs.discovered_published,
                ])
            })
            .context(|| format!("cannot save stage outputs of article #{seq}"))?;
        Ok(())
    }

    /// Points an article at a (new) canonical and/or story, e.g. when a group's
    /// canonical changes or two stories merge.
    pub fn set_duplicate_and_story(
        &self,
        article_id: &str,
        duplicate_of: Option<&str>,
        story: Option<&str>,
    ) -> Result<(), StoreError> {
        self.transaction
            .prepare_cached(
                "UPDATE articles SET duplicate_of = ?2, story = COALESCE(?3, story) WHERE id = ?1",
            )
            .and_then(|mut statement| statement.execute(params![article_id, duplicate_of, story]))
            .context(|| format!("cannot update duplicate/story of article {article_id}"))?;
        Ok(())
    }

    /// Moves every article of story `from` into story `into`, and records the
    /// alias so links to `from` keep working.
    pub fn merge_story(&self, from: &str, into: &str) -> Result<usize, StoreError> {
        self.transaction
            .prepare_cached("INSERT INTO story_aliases (from_story, into_story) VALUES (?1, ?2) ON CONFLICT(from_story) DO UPDATE SET into_story = excluded.into_story")
            .and_then(|mut statement| statement.execute(params![from, into]))
            .context(|| format!("cannot record story alias {from} → {into}"))?;
        self.transaction
            .prepare_cached("UPDATE story_aliases SET into_story = ?2 WHERE into_story = ?1")
            .and_then(|mut statement| statement.execute(params![from, into]))
            .context(|| format!("cannot update story aliases into {from}"))?;
        self.transaction
            .prepare_cached("UPDATE articles SET story = ?2 WHERE story = ?1")
            .and_then(|mut statement| statement.execute(params![from, into]))
            .context(|| format!("cannot merge story {from} into {into}"))
    }

    /// The story of an article, read inside this transaction.
    pub fn story_of(&self, article_id: &str) -> Result<Option<String>, StoreError> {
        self.transaction
            .prepare_cached("SELECT story FROM articles WHERE id = ?1")
            .and_then(|mut statement| {
                statement
                    .query_row([article_id], |row| row.get::<_, Option<String>>(0))
                    .optional()
            })
            .map(Option::flatten)
            .context(|| format!("cannot read story of article {article_id}"))
    }

    /// Every article that named `previous` as its canonical now names `current`
    /// (and `current` itself names none).
    /// Moves `article` out of `articles` into `removed_articles`, with its
    /// stored row as JSON and its original bytes: a removal loses nothing.
    pub fn remove_article(
        &self,
        article: &crate::StoredArticle,
        reason: &str,
        removed_at: i64,
    ) -> Result<(), StoreError> {
        let row = serde_json::to_string(article).map_err(|error| StoreError::Sqlite {
            context: format!("cannot serialize article {}", article.id),
            source: rusqlite::Error::ToSqlConversionFailure(Box::new(error)),
        })?;
        self.transaction
            .prepare_cached(
                "INSERT INTO removed_articles (id, removed_at, reason, article, original)
                 SELECT id, ?2, ?3, ?4, original FROM articles WHERE id = ?1",
            )
            .and_then(|mut statement| {
                statement.execute(params![article.id, removed_at, reason, row])
            })
            .context(|| format!("cannot keep removed article {}", article.id))?;
        self.transaction
            .prepare_cached("DELETE FROM articles WHERE id = ?1")
            .and_then(|mut statement| statement.execute(params![article.id]))
            .context(|| format!("cannot remove article {}", article.id))?;
        Ok(())
    }

    pub fn move_canonical(&self, previous: &str, current: &str) -> Result<(), StoreError> {
        self.transaction
            .prepare_cached(
                "UPDATE articles SET duplicate_of = ?2 WHERE duplicate_of = ?1 AND id != ?2",
            )
            .and_then(|mut statement| statement.execute(params![previous, current]))
            .context(|| format!("cannot move canonical {previous} → {current}"))?;
        self.transaction
            .prepare_cached("UPDATE articles SET duplicate_of = NULL WHERE id = ?1")
            .and_then(|mut statement| statement.execute(params![current]))
            .context(|| format!("cannot clear duplicate_of of new canonical {current}"))?;
        Ok(())
    }

    /// Records a rejected record once, however often it is seen again.
    pub fn record_rejection(
        &self,
        path: &str,
        line: Option<u64>,
        kind: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        self.transaction
            .prepare_cached("INSERT OR IGNORE INTO rejections (path, line, kind, reason) VALUES (?1, ?2, ?3, ?4)")
            .and_then(|mut statement| statement.execute(params![path, line.unwrap_or(0) as i64, kind, reason]))
            .context(|| format!("cannot record rejection of {path}"))?;
        Ok(())
    }

    /// Replaces the named stage state blob.
    pub fn put_state(&self, name: &str, value: &[u8]) -> Result<(), StoreError> {
        self.transaction
            .prepare_cached("INSERT INTO stage_state (name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = excluded.value")
            .and_then(|mut statement| statement.execute(params![name, value]))
            .context(|| format!("cannot save stage state {name}"))?;
        Ok(())
    }

    /// Makes every write of this transaction durable and visible.
    pub fn commit(self) -> Result<(), StoreError> {
        self.transaction
            .commit()
            .context(|| "cannot commit transaction".to_string())
    }
}
