//! `khabar analyze`: one output line of analyzed terms per stdin line.

use std::io::{BufRead, Write};

use khabar_analyze::Analyzer;

use crate::commands::Outcome;
use crate::hiargs::AnalyzePlan;

pub fn run(plan: &AnalyzePlan) -> anyhow::Result<Outcome> {
    let mut analyzer = Analyzer::new(plan.config);
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut writer = std::io::BufWriter::new(stdout.lock());
    let mut line_bytes = Vec::new();
    let mut reader = stdin.lock();
    let mut line_number = 0u64;
    loop {
        line_bytes.clear();
        if reader.read_until(b'\n', &mut line_bytes)? == 0 {
            break;
        }
        line_number += 1;
        while matches!(line_bytes.last(), Some(b'\n' | b'\r')) {
            line_bytes.pop();
        }
        let line = match std::str::from_utf8(&line_bytes) {
            Ok(line) => std::borrow::Cow::Borrowed(line),
            Err(_) => {
                eprintln!(
                    "khabar analyze: stdin line {line_number}: invalid utf-8, replaced with U+FFFD"
                );
                String::from_utf8_lossy(&line_bytes)
            }
        };
        writer.write_all(analyzer.analyze_line(&line, plan.language).as_bytes())?;
        writer.write_all(b"\n")?;
    }
    writer.flush()?;
    Ok(Outcome::Success)
}
