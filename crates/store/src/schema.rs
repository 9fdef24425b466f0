//! The database layout and its versioned migrations.

use crate::error::{SqliteContext, StoreError};

const SCHEMA_VERSION: i64 = 2;

const SCHEMA_V1: &str = r#"
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT,
    url TEXT,
    published INTEGER,
    title TEXT,
    format TEXT NOT NULL,
    provenance_path TEXT NOT NULL,
    provenance_line INTEGER,
    metadata TEXT NOT NULL,
    original BLOB NOT NULL,
    content_hash TEXT NOT NULL,
    body TEXT NOT NULL,
    clean_text TEXT,
    removed TEXT NOT NULL DEFAULT '[]',
    flags TEXT NOT NULL DEFAULT '[]',
    language TEXT,
    duplicate_of TEXT,
    story TEXT,
    decisions TEXT NOT NULL DEFAULT '{}',
    revision INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX articles_story ON articles(story);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
CREATE INDEX articles_source ON articles(source);

CREATE TABLE article_changes (
    change_seq INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    previous_hash TEXT NOT NULL,
    new_hash TEXT NOT NULL,
    previous_original BLOB NOT NULL,
    provenance_path TEXT NOT NULL,
    provenance_line INTEGER
);
CREATE INDEX article_changes_article ON article_changes(article_id);

CREATE TABLE rejections (
    path TEXT NOT NULL,
    line INTEGER NOT NULL,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (path, line, kind)
);

CREATE TABLE story_aliases (
    from_story TEXT PRIMARY KEY,
    into_story TEXT NOT NULL
);

CREATE TABLE stage_state (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
"#;

/// Version 2: articles removed by the user are kept here, whole, so a removal
/// loses nothing: the stored row as JSON and the original bytes.
const SCHEMA_V2: &str = r#"
CREATE TABLE removed_articles (
    removal_seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    removed_at INTEGER NOT NULL,
    reason TEXT NOT NULL,
    article TEXT NOT NULL,
    original BLOB NOT NULL
);
CREATE INDEX removed_articles_id ON removed_articles(id);
"#;

/// Sets the pragmas and brings the schema up to date.
pub(crate) fn prepare(connection: &rusqlite::Connection) -> Result<(), StoreError> {
    connection
        .execute_batch(
            "PRAGMA page_size = 16384;
             PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -65536;
             PRAGMA temp_store = MEMORY;",
        )
        .context(|| "cannot set database pragmas".to_string())?;
    connection
        .busy_timeout(std::time::Duration::from_secs(30))
        .context(|| "cannot set busy timeout".to_string())?;
    let version: i64 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .context(|| "cannot read schema version".to_string())?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version == 0 {
        connection
            .execute_batch(&format!(
                "BEGIN; {SCHEMA_V1} {SCHEMA_V2} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
            ))
            .context(|| "cannot create schema".to_string())?;
        return Ok(());
    }
    if version == 1 {
        connection
            .execute_batch(&format!(
                "BEGIN; {SCHEMA_V2} PRAGMA user_version = 2; COMMIT;"
            ))
            .context(|| "cannot migrate schema to version 2".to_string())?;
    }
    Ok(())
}
