//! Helpers shared by the end-to-end tests: run the real binary, find `../shared`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn khabar_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_khabar"))
}

pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// `../shared` beside the repository, or `None` with a visible skip message.
pub fn shared_dir(test_name: &str) -> Option<PathBuf> {
    let shared = repository_root().join("../shared");
    if shared.is_dir() {
        return Some(shared);
    }
    eprintln!("SKIPPED {test_name}: ../shared not found beside the repository");
    None
}

pub fn run_khabar(data_dir: &Path, arguments: &[&str]) -> Output {
    Command::new(khabar_binary())
        .arg("--data-dir")
        .arg(data_dir)
        .args(arguments)
        .output()
        .expect("run khabar")
}

pub fn stdout_of(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 stdout")
}

pub fn export_lines(data_dir: &Path) -> Vec<serde_json::Value> {
    let output = run_khabar(data_dir, &["export"]);
    assert!(
        output.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout_of(&output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("export line is json"))
        .collect()
}
