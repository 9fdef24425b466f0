//! The resolved configuration of one invocation: the config file merged with
//! command-line overrides, and the command with its validated arguments.

use std::path::PathBuf;

use anyhow::Context;
use khabar_ingest::{FieldMapping, ReaderOptions};
use khabar_pipeline::Config;

use crate::lowargs::{
    AnalyzeArguments, ArticleArguments, BenchCommand, BenchIngestArguments, DuplicatesArguments,
    EvalClustersArguments, EvalCommand, RawArguments, RawCommand, StoriesArguments, StoryArguments,
};

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
}

/// `khabar analyze` with its flags parsed into analyzer types.
pub struct AnalyzePlan {
    pub config: khabar_analyze::AnalyzerConfig,
    pub language: khabar_analyze::LanguageChoice,
}

pub struct ResolvedArguments {
    pub data_dir: PathBuf,
    pub config: Config,
    pub output_mode: OutputMode,
    pub command: Command,
}

/// The config file looked for inside the data directory when `--config` is absent.
const DATA_DIR_CONFIG_FILE: &str = "khabar.toml";

impl ResolvedArguments {
    pub fn resolve(raw: RawArguments) -> anyhow::Result<ResolvedArguments> {
        let data_dir = raw.global.data_dir;
        let mut config = match &raw.global.config {
            Some(path) => Config::load(path)?,
            None => {
                let default_path = data_dir.join(DATA_DIR_CONFIG_FILE);
                if default_path.is_file() {
                    Config::load(&default_path)?
                } else {
                    Config::default()
                }
            }
        };
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
            RawCommand::Bench(BenchCommand::Ingest(arguments)) => {
                anyhow::ensure!(arguments.repeat > 0, "--repeat must be at least 1");
                Command::BenchIngest(arguments)
            }
        };
        Ok(ResolvedArguments {
            data_dir,
            config,
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
