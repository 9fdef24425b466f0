//! The one configuration type: a section per stage, documented defaults, loaded
//! from TOML and overridden by command-line flags.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// Everything a run can tune. Each field's default is documented where it is defined.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub ingest: IngestConfig,
    pub clean: khabar_clean::CleanConfig,
    pub analyze: khabar_analyze::AnalyzerConfig,
    pub dedup: khabar_dedup::DedupConfig,
    pub cluster: khabar_cluster::ClusterConfig,
    pub story: khabar_story::StoryCardConfig,
}

/// Reading and batching.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IngestConfig {
    /// Records larger than this many bytes are rejected (default 16 MiB), which
    /// bounds memory whatever the input.
    pub max_record_bytes: usize,
    /// Articles per store transaction (default 2,000). A crash loses at most the
    /// uncommitted batch, which the next run redoes.
    pub batch_size: usize,
    /// The stages' streaming state is snapshotted at the end of every run and
    /// after this many batches (default 50); on start, the articles stored after
    /// the last snapshot are replayed, so this bounds the replay after a crash.
    pub snapshot_every_batches: usize,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            max_record_bytes: 16 * 1024 * 1024,
            batch_size: 2000,
            snapshot_every_batches: 50,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid config file {path}: {source}")]
    Parse {
        path: String,
        #[source]
        source: toml::de::Error,
    },
}

impl Config {
    /// Reads a TOML file; missing sections and fields keep their defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        toml::from_str(&text).map_err(|source| ConfigError::Parse {
            path: path.display().to_string(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_toml_keeps_defaults_and_unknown_keys_fail() {
        let config: Config = toml::from_str("[ingest]\nbatch_size = 10\n").unwrap();
        assert_eq!(config.ingest.batch_size, 10);
        assert_eq!(
            config.ingest.max_record_bytes,
            IngestConfig::default().max_record_bytes
        );
        assert!(toml::from_str::<Config>("[ingest]\nbatch_sise = 10\n").is_err());
    }
}
