//! The resolved configuration of one invocation: the config file merged with
//! command-line overrides, and the command with its validated arguments.

use std::path::PathBuf;

use anyhow::Context;
use khabar_ingest::{FieldMapping, ReaderOptions};
use khabar_pipeline::Config;

use crate::lowargs::{
    AnalyzeArguments, ArticleArguments, BenchCommand, BenchIngestArguments, DuplicatesArguments,
    EvalClustersArguments, EvalCommand, RawArguments, RawCommand, SearchArguments, ServeArguments,
    StoriesArguments, StoryArguments,
};
use crate::settings::Settings;

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputMode {
    Human,
    Json,
}

pub struct IngestPlan {
    pub paths: Vec<String>,
    pub reader_options: ReaderOptions,
    pub show_progress: bool,
}

pub enum Command {
    Ingest(IngestPlan),
    Export,
    Stories(StoriesArguments),
    Story(StoryArguments),
    Article(ArticleArguments),
    Stats,
    BenchIngest(BenchIngestArguments),
    Analyze(AnalyzePlan),
    Duplicates(DuplicatesArguments),
    EvalClusters(EvalClustersArguments),
    Search(SearchPlan),
    Serve(ServePlan),
    Reindex,
    Remove(crate::lowargs::RemoveArguments),
}

/// `khabar search` with its dates parsed.
pub struct SearchPlan {
    pub request: khabar_index::SearchRequest,
}

/// `khabar serve` with its token read from the environment.
pub struct ServePlan {
    pub address: String,
    pub api_token: Option<String>,
}

/// `khabar analyze` with its flags parsed into analyzer types.
pub struct AnalyzePlan {
    pub config: khabar_analyze::AnalyzerConfig,
    pub language: khabar_analyze::LanguageChoice,
}

pub struct ResolvedArguments {
    pub data_dir: PathBuf,
    pub config: Config,
    pub index_config: khabar_index::IndexConfig,
    pub serve_config: khabar_serve::ServeConfig,
    pub output_mode: OutputMode,
    pub command: Command,
}

/// The config file looked for inside the data directory when `--config` is absent.
const DATA_DIR_CONFIG_FILE: &str = "khabar.toml";

impl ResolvedArguments {
    pub fn resolve(raw: RawArguments) -> anyhow::Result<ResolvedArguments> {
        let data_dir = raw.global.data_dir;
        let settings = match &raw.global.config {
            Some(path) => Settings::load(path)?,
            None => {
                let default_path = data_dir.join(DATA_DIR_CONFIG_FILE);
                if default_path.is_file() {
                    Settings::load(&default_path)?
                } else {
                    Settings::default()
                }
            }
        };
        let Settings {
            pipeline: mut config,
            index: index_config,
            serve: serve_config,
        } = settings;
        let output_mode = if raw.global.json {
            OutputMode::Json
        } else {
            OutputMode::Human
        };
        let command = match raw.command {
            RawCommand::Ingest(arguments) => {
                if let Some(batch_size) = arguments.batch_size {
                    anyhow::ensure!(batch_size > 0, "--batch-size must be at least 1");
                    config.ingest.batch_size = batch_size;
                }
                let field_mapping =
                    FieldMapping::from_pairs(arguments.field_mappings.iter().map(String::as_str))
                        .map_err(anyhow::Error::msg)
                        .context("invalid --field")?;
                let reader_options = ReaderOptions {
                    field_mapping,
                    max_record_bytes: config.ingest.max_record_bytes,
                    default_source: arguments.source,
                };
                let show_progress = !arguments.no_progress
                    && output_mode == OutputMode::Human
                    && std::io::IsTerminal::is_terminal(&std::io::stdout());
                Command::Ingest(IngestPlan {
                    paths: arguments.paths,
                    reader_options,
                    show_progress,
                })
            }
            RawCommand::Export => Command::Export,
            RawCommand::Stories(arguments) => Command::Stories(arguments),
            RawCommand::Story(arguments) => Command::Story(arguments),
            RawCommand::Article(arguments) => Command::Article(arguments),
            RawCommand::Stats => Command::Stats,
            RawCommand::Analyze(arguments) => Command::Analyze(resolve_analyze(&arguments)?),
            RawCommand::Duplicates(arguments) => Command::Duplicates(arguments),
            RawCommand::Eval(EvalCommand::Clusters(arguments)) => Command::EvalClusters(arguments),
            RawCommand::Search(arguments) => Command::Search(resolve_search(&arguments)?),
            RawCommand::Serve(arguments) => Command::Serve(resolve_serve(&arguments)),
            RawCommand::Reindex => Command::Reindex,
            RawCommand::Remove(arguments) => Command::Remove(arguments),
            RawCommand::Bench(BenchCommand::Ingest(arguments)) => {
                anyhow::ensure!(arguments.repeat > 0, "--repeat must be at least 1");
                Command::BenchIngest(arguments)
            }
        };
        Ok(ResolvedArguments {
            data_dir,
            config,
            index_config,
            serve_config,
            output_mode,
            command,
        })
    }
}

fn resolve_analyze(arguments: &AnalyzeArguments) -> anyhow::Result<AnalyzePlan> {
    let tokenizer: khabar_analyze::TokenizerKind = arguments
        .tokenizer
        .parse()
        .map_err(|error| anyhow::anyhow!("invalid --tokenizer: {error}"))?;
    let normalizer: khabar_analyze::NormalizerPreset = arguments
        .normalizer
        .parse()
        .map_err(|error| anyhow::anyhow!("invalid --normalizer: {error}"))?;
    let stemmer: khabar_analyze::StemmerKind = arguments
        .stemmer
        .parse()
        .map_err(|error| anyhow::anyhow!("invalid --stemmer: {error}"))?;
    let language: khabar_analyze::LanguageChoice = arguments
        .lang
        .parse()
        .map_err(|error| anyhow::anyhow!("invalid --lang: {error}"))?;
    let config = khabar_analyze::AnalyzerConfig {
        tokenizer,
        normalizer: normalizer.config(),
        stemmer,
        remove_stopwords: !arguments.no_stopwords,
        ..khabar_analyze::AnalyzerConfig::default()
    };
    Ok(AnalyzePlan { config, language })
}

fn resolve_search(arguments: &SearchArguments) -> anyhow::Result<SearchPlan> {
    anyhow::ensure!(arguments.limit > 0, "--limit must be at least 1");
    let from = arguments
        .from
        .as_deref()
        .map(|text| parse_date_bound(text, false).context("invalid --from"))
        .transpose()?;
    let to = arguments
        .to
        .as_deref()
        .map(|text| parse_date_bound(text, true).context("invalid --to"))
        .transpose()?;
    Ok(SearchPlan {
        request: khabar_index::SearchRequest {
            query: arguments.query.clone(),
            source: arguments.source.clone(),
            from,
            to,
            limit: arguments.limit,
            snippets: true,
        },
    })
}

/// A day (its first or last second, for an inclusive upper bound) or an
/// RFC 3339 instant.
fn parse_date_bound(text: &str, end_of_day: bool) -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
    if let Ok(instant) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(instant.with_timezone(&chrono::Utc));
    }
    let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .with_context(|| format!("`{text}` is neither YYYY-MM-DD nor RFC 3339"))?;
    let (hour, minute, second) = if end_of_day { (23, 59, 59) } else { (0, 0, 0) };
    day.and_hms_opt(hour, minute, second)
        .map(|time| time.and_utc())
        .with_context(|| format!("invalid date `{text}`"))
}

fn resolve_serve(arguments: &ServeArguments) -> ServePlan {
    let api_token = std::env::var(&arguments.token_env)
        .ok()
        .filter(|token| !token.trim().is_empty());
    ServePlan {
        address: arguments.addr.clone(),
        api_token,
    }
}
