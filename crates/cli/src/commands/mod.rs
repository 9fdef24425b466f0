//! One file per subcommand; each opens what it needs and prints its result.

mod analyze;
mod article;
mod bench;
mod duplicates;
mod eval;
mod export;
mod ingest;
mod reindex;
mod remove;
mod search;
mod serve;
mod stats;
mod stories;

use crate::hiargs::{Command, ResolvedArguments};

/// How a command ended when it did not fail outright.
pub enum Outcome {
    Success,
    RecordsRejected,
}

pub fn run(resolved: ResolvedArguments) -> anyhow::Result<Outcome> {
    let ResolvedArguments {
        data_dir,
        config,
        index_config,
        serve_config,
        output_mode,
        command,
    } = resolved;
    match command {
        Command::Ingest(plan) => ingest::run(&data_dir, config, index_config, output_mode, plan),
        Command::Export => export::run(&data_dir, config),
        Command::Stories(arguments) => {
            stories::run_list(&data_dir, config, output_mode, &arguments)
        }
        Command::Story(arguments) => stories::run_show(&data_dir, config, output_mode, &arguments),
        Command::Article(arguments) => article::run(&data_dir, config, output_mode, &arguments),
        Command::Stats => stats::run(&data_dir, config, output_mode),
        Command::BenchIngest(arguments) => bench::run_ingest(config, &arguments),
        Command::Analyze(plan) => analyze::run(&plan),
        Command::Duplicates(arguments) => {
            duplicates::run(&data_dir, config, output_mode, &arguments)
        }
        Command::EvalClusters(arguments) => eval::run_clusters(config, &arguments),
        Command::Search(plan) => search::run(&data_dir, index_config, output_mode, &plan),
        Command::Serve(plan) => serve::run(&data_dir, config, index_config, serve_config, plan),
        Command::Reindex => reindex::run(&data_dir, index_config, output_mode),
        Command::Remove(arguments) => {
            remove::run(&data_dir, config, index_config, output_mode, &arguments)
        }
    }
}
