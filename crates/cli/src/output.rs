//! Small printing helpers shared by the commands.

use std::io::Write;

use chrono::{DateTime, Utc};

/// True when the error is a closed stdout (e.g. `khabar export | head`).
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .map(|io_error| io_error.kind() == std::io::ErrorKind::BrokenPipe)
            .unwrap_or(false)
    })
}

/// Prints one value as a JSON line.
pub fn print_json_line(
    writer: &mut impl Write,
    value: &impl serde::Serialize,
) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *writer, value)?;
    writer.write_all(b"\n")?;
    Ok(())
}

pub fn format_date(date: Option<DateTime<Utc>>) -> String {
    date.map(|date| date.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "—".to_string())
}

/// The first `max_chars` characters of `text` on one line, with an ellipsis when cut.
pub fn one_line(text: &str, max_chars: usize) -> String {
    let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= max_chars {
        return folded;
    }
    let cut: String = folded.chars().take(max_chars).collect();
    format!("{cut}…")
}
