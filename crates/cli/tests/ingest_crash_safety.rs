//! `kill -9` at any moment, then re-running the same command, gives exactly the
//! state of an uninterrupted run. This kills a real ingest process mid-way,
//! several times, and compares the final export byte for byte.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{khabar_binary, run_khabar, stdout_of};

const ARTICLES: usize = 12_000;

fn write_corpus(path: &std::path::Path) {
    let mut writer = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let words = [
        "الحكومة",
        "أعلنت",
        "الميناء",
        "الاتفاق",
        "وزير",
        "الخارجية",
        "المباراة",
        "النهائي",
        "الزلزال",
        "البنك",
    ];
    for index in 0..ARTICLES {
        let text: Vec<&str> = (0..40)
            .map(|offset| words[(index * 7 + offset * 3) % words.len()])
            .collect();
        writeln!(
            writer,
            r#"{{"id":"a{index}","source":"outlet{}","published":"2031-03-{:02}T10:00:00Z","title":"خبر رقم {index}","text":"{} {index}."}}"#,
            index % 7,
            1 + index % 28,
            text.join(" ")
        )
        .unwrap();
    }
}

fn article_count(data_dir: &std::path::Path) -> u64 {
    let output = run_khabar(data_dir, &["stats", "--json"]);
    if !output.status.success() {
        return 0;
    }
    serde_json::from_str::<serde_json::Value>(&stdout_of(&output))
        .ok()
        .and_then(|stats| stats["articles"].as_u64())
        .unwrap_or(0)
}

#[test]
fn killed_ingest_resumes_to_the_uninterrupted_state() {
    let inputs = tempfile::tempdir().unwrap();
    let corpus = inputs.path().join("corpus.jsonl");
    write_corpus(&corpus);
    let corpus_argument = corpus.display().to_string();
    let ingest_arguments = ["ingest", corpus_argument.as_str(), "--batch-size", "100"];

    let reference_dir = tempfile::tempdir().unwrap();
    let reference = run_khabar(reference_dir.path(), &ingest_arguments);
    assert!(
        reference.status.success(),
        "{}",
        String::from_utf8_lossy(&reference.stderr)
    );
    let reference_export = stdout_of(&run_khabar(reference_dir.path(), &["export"]));
    assert_eq!(reference_export.lines().count(), ARTICLES);

    let crashed_dir = tempfile::tempdir().unwrap();
    let mut kills_mid_way = 0;
    let mut previous_count = 0;
    for attempt in 0..3u64 {
        let mut child = Command::new(khabar_binary())
            .arg("--data-dir")
            .arg(crashed_dir.path())
            .args(ingest_arguments)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until this run has committed something new, then a little more.
        let deadline = Instant::now() + Duration::from_secs(120);
        while article_count(crashed_dir.path()) <= previous_count && Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(37 * (attempt + 1)));
        child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no cleanup.
        child.wait().unwrap();
        let count = article_count(crashed_dir.path());
        if count < ARTICLES as u64 {
            kills_mid_way += 1;
        }
        previous_count = count;
    }
    assert!(
        kills_mid_way >= 1,
        "every ingest finished before it was killed; the test proved nothing"
    );

    let resumed = run_khabar(crashed_dir.path(), &ingest_arguments);
    assert!(
        resumed.status.success(),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    let resumed_export = stdout_of(&run_khabar(crashed_dir.path(), &["export"]));
    assert_eq!(resumed_export.lines().count(), ARTICLES);
    assert!(
        resumed_export == reference_export,
        "export after crashes differs from the uninterrupted run"
    );
    let reference_stats = stdout_of(&run_khabar(reference_dir.path(), &["stats", "--json"]));
    let resumed_stats = stdout_of(&run_khabar(crashed_dir.path(), &["stats", "--json"]));
    assert_eq!(reference_stats, resumed_stats);
}
