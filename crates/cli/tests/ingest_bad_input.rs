//! Bad input never stops a run and never corrupts the store: each case is named
//! with its file and line, the good records are stored, and the exit status says
//! that something was rejected.

mod common;

use std::io::Write;

use common::{export_lines, run_khabar, stdout_of};

#[test]
fn every_kind_of_bad_input_is_reported_and_the_rest_is_stored() {
    let inputs = tempfile::tempdir().unwrap();
    let dir = inputs.path();
    std::fs::write(dir.join("good.txt"), "عنوان صالح\n\nنص صالح للخبر.\n").unwrap();
    std::fs::write(dir.join("latin1.txt"), b"caf\xe9\n").unwrap();
    std::fs::write(dir.join("empty.jsonl"), b"").unwrap();
    std::fs::write(
        dir.join("binary.txt"),
        [0x7fu8, b'E', b'L', b'F', 0, 0, 1, 2],
    )
    .unwrap();
    let mut mixed = std::fs::File::create(dir.join("mixed.jsonl")).unwrap();
    writeln!(mixed, r#"{{"id":"m1","title":"t1","text":"نص أول"}}"#).unwrap();
    writeln!(mixed, r#"{{"id":"m2","text": broken"#).unwrap();
    mixed
        .write_all(b"{\"id\":\"m3\",\"text\":\"\xc3\x28\"}\n")
        .unwrap();
    writeln!(mixed, r#"{{"id":"m4","title":"t4","text":"نص رابع"}}"#).unwrap();
    drop(mixed);
    // A 50 MB single line: over the 16 MiB record limit, skipped without buffering it.
    let mut huge = std::io::BufWriter::new(std::fs::File::create(dir.join("huge.jsonl")).unwrap());
    huge.write_all(br#"{"id":"huge","text":""#).unwrap();
    let chunk = vec![b'a'; 1024 * 1024];
    for _ in 0..50 {
        huge.write_all(&chunk).unwrap();
    }
    huge.write_all(b"\"}\n").unwrap();
    writeln!(
        huge,
        r#"{{"id":"after-huge","text":"ما بعد السطر الطويل"}}"#
    )
    .unwrap();
    drop(huge);

    let data_dir = tempfile::tempdir().unwrap();
    // Something already stored must survive the bad run.
    let earlier = dir.join("earlier.jsonl");
    std::fs::write(&earlier, "{\"id\":\"earlier\",\"text\":\"خبر سابق\"}\n").unwrap();
    let first = run_khabar(data_dir.path(), &["ingest", &earlier.display().to_string()]);
    assert!(first.status.success());
    std::fs::remove_file(&earlier).unwrap();

    let missing = dir.join("does-not-exist.jsonl").display().to_string();
    let output = run_khabar(
        data_dir.path(),
        &["ingest", &dir.display().to_string(), &missing],
    );
    assert_eq!(
        output.status.code(),
        Some(3),
        "rejections must give exit status 3"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expectations = [
        ("latin1.txt:1", "invalid utf-8"),
        ("empty.jsonl", "empty file"),
        ("binary.txt", "binary file"),
        ("mixed.jsonl:2", "malformed json"),
        ("mixed.jsonl:3", "invalid utf-8"),
        ("huge.jsonl:1", "exceeds the limit"),
        ("does-not-exist.jsonl", "no such file"),
    ];
    for (place, reason) in expectations {
        assert!(
            stderr
                .lines()
                .any(|line| line.contains(place) && line.contains(reason)),
            "no rejection naming {place} ({reason}) in:\n{stderr}"
        );
    }
    let summary = stdout_of(&output);
    assert!(summary.contains("4 new"), "summary: {summary}");
    assert!(summary.contains("7 rejected"), "summary: {summary}");

    let ids: Vec<String> = export_lines(data_dir.path())
        .iter()
        .map(|article| article["id"].as_str().unwrap().to_string())
        .collect();
    // Ingest order: the earlier run, then the directory walked in name order.
    assert_eq!(ids, ["earlier", "good", "after-huge", "m1", "m4"]);

    let stats = run_khabar(data_dir.path(), &["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&stdout_of(&stats)).unwrap();
    assert_eq!(stats["articles"], 5);
    assert_eq!(stats["rejected"], 7);
}

#[test]
fn changed_articles_are_updated_and_the_change_recorded() {
    let inputs = tempfile::tempdir().unwrap();
    let path = inputs.path().join("batch.jsonl");
    std::fs::write(&path, "{\"id\":\"a\",\"text\":\"النص الأول\"}\n").unwrap();
    let data_dir = tempfile::tempdir().unwrap();
    assert!(
        run_khabar(data_dir.path(), &["ingest", &path.display().to_string()])
            .status
            .success()
    );
    std::fs::write(&path, "{\"id\":\"a\",\"text\":\"النص بعد التصحيح\"}\n").unwrap();
    let output = run_khabar(data_dir.path(), &["ingest", &path.display().to_string()]);
    assert!(stdout_of(&output).contains("0 new and 1 changed"));
    let articles = export_lines(data_dir.path());
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0]["text"], "النص بعد التصحيح");
    let article = run_khabar(data_dir.path(), &["article", "a", "--json", "--original"]);
    let article: serde_json::Value = serde_json::from_str(&stdout_of(&article)).unwrap();
    assert_eq!(article["revision"], 2);
    assert_eq!(article["changes"].as_array().unwrap().len(), 1);
}
