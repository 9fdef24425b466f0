//! `khabar search QUERY`: Arabic-aware full-text search, grouped by story.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use khabar_index::{index_dir, IndexConfig, SearchIndex, Snippet};
use khabar_store::Store;

use crate::commands::Outcome;
use crate::hiargs::{OutputMode, SearchPlan};
use crate::output::{format_date, one_line};

const TITLE_MAX_CHARS: usize = 90;
/// Matching articles printed under each story.
const ARTICLES_SHOWN_PER_STORY: usize = 3;

pub fn run(
    data_dir: &Path,
    index_config: IndexConfig,
    output_mode: OutputMode,
    plan: &SearchPlan,
) -> anyhow::Result<Outcome> {
    let store = Store::open(data_dir)
        .with_context(|| format!("cannot open store in {}", data_dir.display()))?;
    let index = SearchIndex::open_or_create(&index_dir(data_dir), index_config)?;
    // A store ingested before the index existed is indexed on first use.
    if let Err(error) = index.update_from_store(&store) {
        eprintln!("khabar: search index not updated: {error}");
    }
    let current_story = |indexed: &str| -> String {
        store
            .resolve_story_alias(indexed)
            .ok()
            .flatten()
            .unwrap_or_else(|| indexed.to_string())
    };
    let results = index.search(&plan.request, &current_story)?;
    let mut stdout = std::io::stdout().lock();
    if output_mode == OutputMode::Json {
        serde_json::to_writer_pretty(&mut stdout, &results)?;
        writeln!(stdout)?;
        return Ok(Outcome::Success);
    }
    writeln!(
        stdout,
        "{} matching articles in {} stories",
        results.total_articles,
        results.stories.len()
    )?;
    if !results.expanded_aliases.is_empty() {
        writeln!(
            stdout,
            "also searched: {}",
            results.expanded_aliases.join(", ")
        )?;
    }
    for story in &results.stories {
        writeln!(stdout)?;
        writeln!(
            stdout,
            "story {}  ({} matching articles, score {:.2})",
            story.story,
            story.articles.len(),
            story.score
        )?;
        for hit in story.articles.iter().take(ARTICLES_SHOWN_PER_STORY) {
            writeln!(
                stdout,
                "  {}  {}  {}  {}",
                hit.id,
                hit.source,
                format_date(hit.published),
                one_line(hit.title.as_deref().unwrap_or("—"), TITLE_MAX_CHARS)
            )?;
            if let Some(snippet) = &hit.snippet {
                writeln!(stdout, "    {}", marked_snippet(snippet))?;
            }
        }
    }
    Ok(Outcome::Success)
}

/// The snippet on one line with each match in [brackets].
fn marked_snippet(snippet: &Snippet) -> String {
    let mut marked = String::with_capacity(snippet.fragment.len() + 8 * snippet.highlighted.len());
    let mut position = 0;
    for [start, end] in &snippet.highlighted {
        let (Some(before), Some(matched)) = (
            snippet.fragment.get(position..*start),
            snippet.fragment.get(*start..*end),
        ) else {
            continue;
        };
        marked.push_str(before);
        marked.push('[');
        marked.push_str(matched);
        marked.push(']');
        position = *end;
    }
    marked.push_str(snippet.fragment.get(position..).unwrap_or(""));
    one_line(&marked, usize::MAX)
}
