//! Small printing helpers shared by the commands.

use std::io::Write;

use chrono::{DateTime, Utc};

/// True when the error is a closed stdout (e.g. `khabar export | head`).
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let io_error_kind = match cause.downcast_ref::<std::io::Error>() {
            Some(io_error) => Some(io_error.kind()),
            // serde_json wraps the writer's error in its own.
            None => cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind),
        };
        io_error_kind == Some(std::io::ErrorKind::BrokenPipe)
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
