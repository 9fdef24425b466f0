//! The raw command line, exactly as typed: clap definitions and nothing else.
//! `hiargs` turns these into a resolved configuration.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "khabar",
    version,
    about = "Turns crawled Arabic news into clean, deduplicated, cross-outlet stories."
)]
pub struct RawArguments {
    #[command(flatten)]
    pub global: GlobalArguments,
    #[command(subcommand)]
    pub command: RawCommand,
}

#[derive(Debug, Args)]
pub struct GlobalArguments {
    /// Directory of the embedded store.
    #[arg(
        long,
        global = true,
        env = "KHABAR_DATA_DIR",
        default_value = "./khabar-data"
    )]
    pub data_dir: PathBuf,
    /// TOML configuration file (default: khabar.toml in the data directory, if present).
    #[arg(long, global = true, env = "KHABAR_CONFIG")]
    pub config: Option<PathBuf>,
    /// Machine-readable JSON output.
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum RawCommand {
    /// Read articles from files, directories or `-` (JSON Lines on stdin) and run the whole pipeline on them.
    Ingest(IngestArguments),
    /// Write every article as JSON Lines, in ingest order.
    Export,
    /// List the stories, biggest and most recent first.
    Stories(StoriesArguments),
    /// Show one story.
    Story(StoryArguments),
    /// Show one article.
    Article(ArticleArguments),
    /// Counts per source, duplicates, stories and rejected records.
    Stats,
    /// Analyze stdin line by line, like Elasticsearch's `_analyze`: one output line of terms per input line.
    Analyze(AnalyzeArguments),
    /// List exact and near-duplicate groups with their members, sources and similarities.
    Duplicates(DuplicatesArguments),
    /// Evaluate the pipeline against labelled data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure throughput on real files, each stage in a fresh temporary store.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Full-text search: Arabic-aware, results grouped by story with highlighted snippets.
    Search(SearchArguments),
    /// Serve the JSON API and the web page.
    Serve(ServeArguments),
    /// Rebuild the search index from the store.
    Reindex,
    /// Remove articles for good: from duplicate groups, stories and search. The stored row and
    /// original bytes are kept in the store's `removed_articles` table.
    Remove(RemoveArguments),
}

#[derive(Debug, Args)]
pub struct SearchArguments {
    /// The query: words (ranked by BM25), `"phrases"`, `+required`, `-excluded`, `title:word`.
    pub query: String,
    /// Only articles of this outlet.
    #[arg(long)]
    pub source: Option<String>,
    /// Only articles published on or after this date (YYYY-MM-DD or RFC 3339).
    #[arg(long)]
    pub from: Option<String>,
    /// Only articles published on or before this date (YYYY-MM-DD or RFC 3339).
    #[arg(long)]
    pub to: Option<String>,
    /// Show at most this many stories.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct ServeArguments {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Environment variable holding the bearer token for `POST /api/articles`;
    /// when it is unset or empty the server is read-only.
    #[arg(long, default_value = "KHABAR_API_TOKEN")]
    pub token_env: String,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Parse only, parse + store, and the full pipeline, over the same inputs.
    Ingest(BenchIngestArguments),
}

#[derive(Debug, Args)]
pub struct BenchIngestArguments {
    /// Files or directories to read.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Repeat each measurement this many times and report the fastest.
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
}

#[derive(Debug, Args)]
pub struct IngestArguments {
    /// Files or directories to read; `-` reads JSON Lines from stdin.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Read a canonical field from another key, e.g. `--field text=content`. Repeatable.
    #[arg(long = "field", value_name = "NAME=KEY")]
    pub field_mappings: Vec<String>,
    /// Source (outlet) for articles that have neither a `source` field nor a URL.
    #[arg(long)]
    pub source: Option<String>,
    /// Articles per store transaction.
    #[arg(long)]
    pub batch_size: Option<usize>,
    /// Never show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(Debug, Args)]
pub struct StoriesArguments {
    /// Show at most this many stories.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Print each listed story's full card instead of one line.
    #[arg(long)]
    pub cards: bool,
}

#[derive(Debug, Args)]
pub struct StoryArguments {
    /// The story id.
    pub id: String,
}

#[derive(Debug, Args)]
pub struct RemoveArguments {
    /// Ids of the articles to remove.
    #[arg(required = true)]
    pub ids: Vec<String>,
    /// Why, recorded with the removed article.
    #[arg(long, default_value = "removed by the user")]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct ArticleArguments {
    /// The article id.
    pub id: String,
    /// Say why each decision was taken: removals, duplicate and story assignment.
    #[arg(long)]
    pub explain: bool,
    /// Also print the original bytes as stored.
    #[arg(long)]
    pub original: bool,
}

#[derive(Debug, Args)]
pub struct AnalyzeArguments {
    /// `standard` splits words; `keyword` keeps the whole line as one token.
    #[arg(long, default_value = "standard")]
    pub tokenizer: String,
    /// `khabar` (Lucene's rules plus presentation forms, digits, controls…), `lucene` or `none`.
    #[arg(long, default_value = "khabar")]
    pub normalizer: String,
    /// `light10` (Lucene's ArabicStemmer), `snowball` or `none`.
    #[arg(long, default_value = "light10")]
    pub stemmer: String,
    /// Keep stop words.
    #[arg(long)]
    pub no_stopwords: bool,
    /// `ar`, `en`, another language code, or `auto` to detect each line's language.
    #[arg(long, default_value = "auto")]
    pub lang: String,
}

#[derive(Debug, Args)]
pub struct DuplicatesArguments {
    /// Show at most this many groups, biggest first.
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Ingest a labelled JSON Lines corpus into a temporary store and score its stories against the gold labels.
    Clusters(EvalClustersArguments),
}

#[derive(Debug, Args)]
pub struct EvalClustersArguments {
    /// Labelled JSON Lines (plain or .gz) with the usual article fields plus the gold label.
    pub gold: String,
    /// The field that holds each article's gold label.
    #[arg(long, default_value = "event")]
    pub gold_field: String,
    /// Sweep one clustering parameter, e.g. `threshold=0.1:0.6:0.05` or `threshold=0.2,0.3`.
    #[arg(long)]
    pub sweep: Option<String>,
    /// Also write `{"id","story","gold"}` lines to this file.
    #[arg(long)]
    pub predictions: Option<PathBuf>,
}
