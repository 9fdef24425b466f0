//! Helpers shared by the end-to-end tests: run the real binary, find `../shared`.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

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

/// Runs `khabar ingest INPUT`; exit 3 (some records rejected, as the
/// examples corpus does on purpose) counts as success.
pub fn ingest(data_dir: &Path, input: &Path) {
    let output = run_khabar(data_dir, &["ingest", &input.display().to_string()]);
    assert!(
        matches!(output.status.code(), Some(0) | Some(3)),
        "ingest failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
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

/// A running server, killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `khabar serve` on a free loopback port; `token` enables writes.
pub fn start_server(data_dir: &Path, token: Option<&str>) -> Server {
    let token_variable = "KHABAR_TEST_API_TOKEN";
    let mut command = Command::new(khabar_binary());
    command
        .arg("--data-dir")
        .arg(data_dir)
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--token-env",
            token_variable,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .env_remove(token_variable);
    if let Some(token) = token {
        command.env(token_variable, token);
    }
    let mut child = command.spawn().expect("start khabar serve");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let first_line = lines.next().expect("server prints its address").unwrap();
    let port = first_line
        .rsplit(':')
        .next()
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("no port in `{first_line}`"));
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, port }
}
