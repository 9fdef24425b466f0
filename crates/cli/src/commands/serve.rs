//! `khabar serve`: the JSON API and the web page over this data directory.

use std::path::Path;

use khabar_index::IndexConfig;
use khabar_pipeline::Config;
use khabar_serve::{ServeConfig, ServeOptions};

use crate::commands::Outcome;
use crate::hiargs::ServePlan;

pub fn run(
    data_dir: &Path,
    config: Config,
    index_config: IndexConfig,
    serve_config: ServeConfig,
    plan: ServePlan,
) -> anyhow::Result<Outcome> {
    let writable = plan.api_token.is_some();
    let options = ServeOptions {
        address: plan.address,
        data_dir: data_dir.to_path_buf(),
        pipeline_config: config,
        serve_config,
        index_config,
        api_token: plan.api_token,
    };
    khabar_serve::run(options, |address| {
        // Tests and scripts read this line to find the port.
        println!("listening on http://{address}");
        if !writable {
            println!("read-only: set the token variable to accept POST /api/articles");
        }
        use std::io::Write;
        let _ = std::io::stdout().flush();
    })?;
    Ok(Outcome::Success)
}
