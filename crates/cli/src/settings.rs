//! The settings file (`khabar.toml`): the pipeline's sections (`[ingest]`,
//! `[clean]`, `[analyze]`, `[dedup]`, `[cluster]`, `[story]`) plus `[index]`
//! for search and `[serve]` for the HTTP server. Missing sections and fields
//! keep their defaults; unknown ones are an error naming the file.

use std::path::Path;

use anyhow::Context;
use khabar_index::IndexConfig;
use khabar_pipeline::Config;
use khabar_serve::ServeConfig;

/// Everything `khabar.toml` can set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub pipeline: Config,
    pub index: IndexConfig,
    pub serve: ServeConfig,
}

impl Settings {
    pub fn load(path: &Path) -> anyhow::Result<Settings> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config file {}", path.display()))?;
        Settings::parse(&text).with_context(|| format!("invalid config file {}", path.display()))
    }

    /// Splits off `[index]` and `[serve]`, then reads the rest as the
    /// pipeline's configuration.
    pub fn parse(text: &str) -> anyhow::Result<Settings> {
        let mut table: toml::Table = toml::from_str(text)?;
        let index = match table.remove("index") {
            Some(section) => section.try_into().context("in section [index]")?,
            None => IndexConfig::default(),
        };
        let serve = match table.remove("serve") {
            Some(section) => section.try_into().context("in section [serve]")?,
            None => ServeConfig::default(),
        };
        let pipeline = toml::Value::Table(table).try_into()?;
        Ok(Settings {
            pipeline,
            index,
            serve,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_is_read_and_defaults_fill_the_rest() {
        let settings = Settings::parse(
            "[ingest]\nbatch_size = 7\n[index]\nmax_segments = 2\n[serve]\nwarm_cards = 3\n",
        )
        .unwrap();
        assert_eq!(settings.pipeline.ingest.batch_size, 7);
        assert_eq!(settings.index.max_segments, 2);
        assert_eq!(settings.serve.warm_cards, 3);
        assert_eq!(
            settings.serve.max_per_page,
            ServeConfig::default().max_per_page
        );
        assert_eq!(settings.pipeline.cluster, Config::default().cluster);
    }

    #[test]
    fn unknown_keys_fail_in_every_section() {
        assert!(Settings::parse("[index]\nmax_segmnets = 2\n").is_err());
        assert!(Settings::parse("[serve]\nwarm_crads = 2\n").is_err());
        assert!(Settings::parse("[ingest]\nbatch_sise = 2\n").is_err());
        assert!(Settings::parse("[searhc]\n").is_err());
    }
}
