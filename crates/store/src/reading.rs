//! Reads: articles in ingest order, one article by id, stories, counts and
//! stage state.

use chrono::{DateTime, Utc};
use khabar_core::{Provenance, Removal};
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use crate::error::{SqliteContext, StoreError};
use crate::Store;

/// An article as stored, with every stage's output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredArticle {
    pub seq: i64,
    pub id: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub title: Option<String>,
    pub format: String,
    pub provenance: Provenance,
    pub metadata: serde_json::Map<String, serde_json::Value>,
    pub content_hash: String,
    pub body: String,
    /// The cleaned text.
    pub text: String,
    pub removed: Vec<Removal>,
    pub flags: Vec<String>,
    pub language: Option<String>,
    pub duplicate_of: Option<String>,
    pub story: Option<String>,
    pub decisions: serde_json::Map<String, serde_json::Value>,
    pub revision: i64,
}

/// Articles per source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceCount {
    pub source: Option<String>,
    pub articles: i64,
    pub duplicates: i64,
}

/// Counts over the whole store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoreStats {
    pub articles: i64,
    pub duplicates: i64,
    pub stories: i64,
    pub changed_articles: i64,
    pub sources: Vec<SourceCount>,
    pub rejected: i64,
    pub rejected_by_kind: Vec<(String, i64)>,
}

/// One story with its size and time span, for listings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StorySummaryRow {
    pub story: String,
    pub articles: i64,
    pub first_published: Option<DateTime<Utc>>,
    pub last_published: Option<DateTime<Utc>>,
    pub first_seq: i64,
    pub last_seq: i64,
}

const ARTICLE_COLUMNS: &str = "seq, id, source, url, published, title, format, provenance_path, provenance_line, metadata, content_hash,
    body, COALESCE(clean_text, body), removed, flags, language, duplicate_of, story, decisions, revision";

fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(error))
    })
}

fn article_from_row(row: &Row<'_>) -> rusqlite::Result<StoredArticle> {
    let published: Option<i64> = row.get(4)?;
    Ok(StoredArticle {
        seq: row.get(0)?,
        id: row.get(1)?,
        source: row.get(2)?,
        url: row.get(3)?,
        published: published.and_then(|seconds| DateTime::from_timestamp(seconds, 0)),
        title: row.get(5)?,
        format: row.get(6)?,
        provenance: Provenance {
            path: row.get(7)?,
            line: row.get::<_, Option<i64>>(8)?.map(|line| line as u64),
        },
        metadata: parse_json(&row.get::<_, String>(9)?)?,
        content_hash: row.get(10)?,
        body: row.get(11)?,
        text: row.get(12)?,
        removed: parse_json(&row.get::<_, String>(13)?)?,
        flags: parse_json(&row.get::<_, String>(14)?)?,
        language: row.get(15)?,
        duplicate_of: row.get(16)?,
        story: row.get(17)?,
        decisions: parse_json(&row.get::<_, String>(18)?)?,
        revision: row.get(19)?,
    })
}

impl Store {
    /// Calls `visit` for every article in ingest order; stops at the first error
    /// `visit` returns.
    pub fn for_each_article<E: From<StoreError>>(
        &self,
        mut visit: impl FnMut(StoredArticle) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut statement = self
            .connection()
            .prepare(&format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY seq"
            ))
            .context(|| "cannot prepare article scan".to_string())?;
        let rows = statement
            .query_map([], article_from_row)
            .context(|| "cannot scan articles".to_string())?;
        for row in rows {
            visit(row.context(|| "cannot read article row".to_string())?)?;
        }
        Ok(())
    }

    /// Calls `visit` for every article stored after sequence number `seq`, in order.
    pub fn for_each_article_after<E: From<StoreError>>(
        &self,
        seq: i64,
        mut visit: impl FnMut(StoredArticle) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut statement = self
            .connection()
            .prepare(&format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles WHERE seq > ?1 ORDER BY seq"
            ))
            .context(|| "cannot prepare article scan".to_string())?;
        let rows = statement
            .query_map([seq], article_from_row)
            .context(|| "cannot scan articles".to_string())?;
        for row in rows {
            visit(row.context(|| "cannot read article row".to_string())?)?;
        }
        Ok(())
    }

    /// The story an old id now lives in, following merges.
    pub fn resolve_story_alias(&self, story: &str) -> Result<Option<String>, StoreError> {
        self.connection()
            .query_row(
                "SELECT into_story FROM story_aliases WHERE from_story = ?1",
                [story],
                |row| row.get(0),
            )
            .optional()
            .context(|| format!("cannot resolve story alias {story}"))
    }

    /// The article with this id.
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError> {
        self.connection()
            .query_row(
                &format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1"),
                [id],
                article_from_row,
            )
            .optional()
            .context(|| format!("cannot read article {id}"))
    }

    /// The original bytes of the article with this id.
    pub fn original(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.connection()
            .query_row("SELECT original FROM articles WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()
            .context(|| format!("cannot read original of article {id}"))
    }

    /// The articles of one story, in ingest order.
    pub fn story_articles(&self, story: &str) -> Result<Vec<StoredArticle>, StoreError> {
        let mut statement = self
            .connection()
            .prepare_cached(&format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles WHERE story = ?1 ORDER BY seq"
            ))
            .context(|| "cannot prepare story query".to_string())?;
        let rows = statement
            .query_map([story], article_from_row)
            .context(|| format!("cannot read story {story}"))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .context(|| format!("cannot read articles of story {story}"))
    }

    /// Every story with its size and span, biggest and most recent first.
    pub fn story_summaries(&self) -> Result<Vec<StorySummaryRow>, StoreError> {
        let mut statement = self
            .connection()
            .prepare(
                "SELECT story, COUNT(*), MIN(published), MAX(published), MIN(seq), MAX(seq) FROM articles
                 WHERE story IS NOT NULL GROUP BY story
                 ORDER BY COUNT(*) DESC, COALESCE(MAX(published), 0) DESC, MAX(seq) DESC",
            )
            .context(|| "cannot prepare story listing".to_string())?;
        let rows = statement
            .query_map([], |row| {
                let first: Option<i64> = row.get(2)?;
                let last: Option<i64> = row.get(3)?;
                Ok(StorySummaryRow {
                    story: row.get(0)?,
                    articles: row.get(1)?,
                    first_published: first.and_then(|seconds| DateTime::from_timestamp(seconds, 0)),
                    last_published: last.and_then(|seconds| DateTime::from_timestamp(seconds, 0)),
                    first_seq: row.get(4)?,
                    last_seq: row.get(5)?,
                })
            })
            .context(|| "cannot list stories".to_string())?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .context(|| "cannot read story listing".to_string())
    }

    /// Counts per source, duplicates, stories and rejections.
    pub fn stats(&self) -> Result<StoreStats, StoreError> {
        let connection = self.connection();
        let count = |sql: &str| -> Result<i64, StoreError> {
            connection
                .query_row(sql, [], |row| row.get(0))
                .context(|| format!("cannot count with `{sql}`"))
        };
        let mut sources_statement = connection
            .prepare("SELECT source, COUNT(*), COUNT(duplicate_of) FROM articles GROUP BY source ORDER BY COUNT(*) DESC, source")
            .context(|| "cannot prepare source counts".to_string())?;
        let sources = sources_statement
            .query_map([], |row| {
                Ok(SourceCount {
                    source: row.get(0)?,
                    articles: row.get(1)?,
                    duplicates: row.get(2)?,
                })
            })
            .context(|| "cannot count sources".to_string())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context(|| "cannot read source counts".to_string())?;
        let mut kinds_statement = connection
            .prepare(
                "SELECT kind, COUNT(*) FROM rejections GROUP BY kind ORDER BY COUNT(*) DESC, kind",
            )
            .context(|| "cannot prepare rejection counts".to_string())?;
        let rejected_by_kind = kinds_statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .context(|| "cannot count rejections".to_string())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context(|| "cannot read rejection counts".to_string())?;
        Ok(StoreStats {
            articles: count("SELECT COUNT(*) FROM articles")?,
            duplicates: count("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL")?,
            stories: count("SELECT COUNT(DISTINCT story) FROM articles WHERE story IS NOT NULL")?,
            changed_articles: count("SELECT COUNT(DISTINCT article_id) FROM article_changes")?,
            sources,
            rejected: count("SELECT COUNT(*) FROM rejections")?,
            rejected_by_kind,
        })
    }

    /// The named stage state blob, if any was saved.
    pub fn state(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.connection()
            .query_row(
                "SELECT value FROM stage_state WHERE name = ?1",
                params![name],
                |row| row.get(0),
            )
            .optional()
            .context(|| format!("cannot read stage state {name}"))
    }

    /// Articles changed after change number `change_seq`, as (change
    /// number, article id) in change order: for readers that follow the
    /// store, such as the search index (a changed article keeps its `seq`).
    pub fn changes_after(&self, change_seq: i64) -> Result<Vec<(i64, String)>, StoreError> {
        let mut statement = self
            .connection()
            .prepare_cached(
                "SELECT change_seq, article_id FROM article_changes WHERE change_seq > ?1 ORDER BY change_seq",
            )
            .context(|| "cannot prepare change scan".to_string())?;
        let rows = statement
            .query_map([change_seq], |row| Ok((row.get(0)?, row.get(1)?)))
            .context(|| format!("cannot read changes after {change_seq}"))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .context(|| format!("cannot read changes after {change_seq}"))
    }

    /// The recorded changes of one article: (revision, previous hash, new hash).
    pub fn changes(&self, id: &str) -> Result<Vec<(i64, String, String)>, StoreError> {
        let mut statement = self
            .connection()
            .prepare_cached("SELECT revision, previous_hash, new_hash FROM article_changes WHERE article_id = ?1 ORDER BY change_seq")
            .context(|| "cannot prepare change query".to_string())?;
        let rows = statement
            .query_map([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .context(|| format!("cannot read changes of {id}"))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .context(|| format!("cannot read changes of {id}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::writing::{ArticleOutcome, StageOutputs};
    use khabar_core::{InputFormat, RawArticle};

    fn article(id: &str, body: &str) -> RawArticle {
        RawArticle {
            id: id.to_string(),
            source: Some("outlet".into()),
            url: None,
            published: None,
            title: Some("t".into()),
            body: body.to_string(),
            metadata: serde_json::Map::new(),
            provenance: Provenance {
                path: "in.jsonl".into(),
                line: Some(1),
            },
            format: InputFormat::JsonLines,
            original: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_removed_article_is_kept_whole_in_removed_articles() {
        let directory = tempfile::tempdir().unwrap();
        let mut store = Store::open(directory.path()).unwrap();
        let transaction = store.transaction().unwrap();
        transaction
            .upsert_article(&article("a", "first body"), "h1")
            .unwrap();
        transaction
            .upsert_article(&article("b", "second body"), "h2")
            .unwrap();
        transaction.commit().unwrap();
        let stored = store.article("a").unwrap().unwrap();

        let transaction = store.transaction().unwrap();
        transaction
            .remove_article(&stored, "asked by test", 42)
            .unwrap();
        transaction.commit().unwrap();

        assert!(store.article("a").unwrap().is_none());
        assert!(store.article("b").unwrap().is_some());
        let (reason, removed_at, row, original): (String, i64, String, Vec<u8>) = store
            .connection()
            .query_row(
                "SELECT reason, removed_at, article, original FROM removed_articles WHERE id = 'a'",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .unwrap();
        assert_eq!((reason.as_str(), removed_at), ("asked by test", 42));
        assert_eq!(original, b"first body");
        let kept: serde_json::Value = serde_json::from_str(&row).unwrap();
        assert_eq!(kept["body"], "first body");
    }

    #[test]
    fn upsert_is_idempotent_and_records_changes() {
        let directory = tempfile::tempdir().unwrap();
        let mut store = Store::open(directory.path()).unwrap();
        let transaction = store.transaction().unwrap();
        assert_eq!(
            transaction
                .upsert_article(&article("a", "one"), "h1")
                .unwrap(),
            ArticleOutcome::Inserted { seq: 1 }
        );
        assert_eq!(
            transaction
                .upsert_article(&article("b", "two"), "h2")
                .unwrap(),
            ArticleOutcome::Inserted { seq: 2 }
        );
        transaction.commit().unwrap();
        drop(store);

        let mut reopened = Store::open(directory.path()).unwrap();
        let transaction = reopened.transaction().unwrap();
        assert_eq!(
            transaction
                .upsert_article(&article("a", "one"), "h1")
                .unwrap(),
            ArticleOutcome::Unchanged { seq: 1 }
        );
        assert_eq!(
            transaction
                .upsert_article(&article("a", "uno"), "h3")
                .unwrap(),
            ArticleOutcome::Updated { seq: 1 }
        );
        let outputs = StageOutputs {
            clean_text: "uno!".into(),
            story: Some("a".into()),
            ..StageOutputs::default()
        };
        transaction.save_stage_outputs(1, "uno", &outputs).unwrap();
        transaction
            .record_rejection("bad.jsonl", Some(3), "malformed_json", "malformed json")
            .unwrap();
        transaction
            .record_rejection("bad.jsonl", Some(3), "malformed_json", "malformed json")
            .unwrap();
        transaction.commit().unwrap();

        let stored = reopened.article("a").unwrap().unwrap();
        assert_eq!(
            (stored.body.as_str(), stored.text.as_str(), stored.revision),
            ("uno", "uno!", 2)
        );
        assert_eq!(reopened.original("a").unwrap().unwrap(), b"uno");
        assert_eq!(
            reopened.changes("a").unwrap(),
            vec![(1, "h1".to_string(), "h3".to_string())]
        );
        let stats = reopened.stats().unwrap();
        assert_eq!(
            (
                stats.articles,
                stats.rejected,
                stats.changed_articles,
                stats.stories
            ),
            (2, 1, 1, 1)
        );
        let mut order = Vec::new();
        reopened
            .for_each_article(|stored| -> Result<(), StoreError> {
                order.push(stored.id);
                Ok(())
            })
            .unwrap();
        assert_eq!(order, vec!["a", "b"]);
    }

    #[test]
    fn uncommitted_transactions_leave_no_trace() {
        let directory = tempfile::tempdir().unwrap();
        let mut store = Store::open(directory.path()).unwrap();
        let transaction = store.transaction().unwrap();
        transaction
            .upsert_article(&article("a", "one"), "h1")
            .unwrap();
        transaction.put_state("dedup", b"state").unwrap();
        drop(transaction);
        assert_eq!(store.stats().unwrap().articles, 0);
        assert_eq!(store.state("dedup").unwrap(), None);
    }
}
