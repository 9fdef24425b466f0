//! The card as plain text for a terminal. Arabic text is kept on lines of its
//! own, after the Latin labels rather than mixed into them, so a bidi-aware
//! terminal lays each Arabic line out right-to-left without reordering the
//! labels. No colours or escape codes.

use std::fmt::Write;

use crate::card::StoryCard;

fn plural(count: usize, singular: &str, plural_form: &str) -> String {
    if count == 1 {
        format!("{count} {singular}")
    } else {
        format!("{count} {plural_form}")
    }
}

/// A readable card: headline, counts and dates, sources, timeline, key
/// names with their spellings, the summary with its outlets, and what each
/// outlet adds.
pub fn render_terminal(card: &StoryCard) -> String {
    let mut out = String::new();
    let rule = "─".repeat(60);
    let _ = writeln!(out, "{rule}");
    let _ = writeln!(out, "{}", card.headline);
    let _ = writeln!(out, "{rule}");
    let _ = writeln!(
        out,
        "story {} · {} · {} · {}",
        card.id,
        plural(card.article_count, "article", "articles"),
        plural(card.copy_count, "copy", "copies"),
        plural(card.sources.len(), "outlet", "outlets"),
    );
    match (card.first_seen, card.last_seen) {
        (Some(first), Some(last)) => {
            let _ = writeln!(
                out,
                "first seen {} · last seen {}",
                first.format("%Y-%m-%d %H:%M UTC"),
                last.format("%Y-%m-%d %H:%M UTC")
            );
        }
        _ => {
            let _ = writeln!(out, "no publication dates");
        }
    }

    let _ = writeln!(out, "\nSOURCES");
    for source in &card.sources {
        let copies = if source.copies > 0 {
            format!(" + {}", plural(source.copies, "copy", "copies"))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {} — {}{}",
            source.source,
            plural(source.articles, "article", "articles"),
            copies
        );
    }

    let _ = writeln!(out, "\nTIMELINE");
    for entry in &card.timeline {
        let date = entry.published.map_or_else(
            || "undated".to_string(),
            |date| date.format("%Y-%m-%d %H:%M").to_string(),
        );
        let copy = entry
            .copy_of
            .as_deref()
            .map_or_else(String::new, |original| format!(" (copy of {original})"));
        let _ = writeln!(out, "  {date}  {}  {}{copy}", entry.source, entry.id);
        if let Some(title) = &entry.title {
            let _ = writeln!(out, "      {title}");
        }
    }

    if !card.entities.is_empty() {
        let _ = writeln!(out, "\nKEY NAMES");
        for entity in &card.entities {
            let _ = writeln!(out, "  • {}", entity.name);
            let _ = writeln!(
                out,
                "      {}",
                plural(entity.mentions, "mention", "mentions")
            );
            let other_spellings: Vec<_> = entity.variant_mentions.iter().skip(1).collect();
            if !other_spellings.is_empty() {
                let _ = writeln!(out, "      also spelled:");
                for variant in other_spellings {
                    let _ = writeln!(
                        out,
                        "        {}  ({})",
                        variant.variant,
                        plural(variant.mentions, "mention", "mentions")
                    );
                }
            }
        }
    }

    if !card.summary.is_empty() {
        let _ = writeln!(out, "\nSUMMARY");
        for (position, sentence) in card.summary.iter().enumerate() {
            let _ = writeln!(out, "  {}. [{}]", position + 1, sentence.sources.join(", "));
            let _ = writeln!(out, "     {}", sentence.sentence);
        }
    }

    if !card.only_here.is_empty() {
        let _ = writeln!(out, "\nONLY HERE");
        for (outlet, sentences) in &card.only_here {
            let _ = writeln!(
                out,
                "  {outlet}: {}",
                plural(sentences.len(), "sentence", "sentences")
            );
            for sentence in sentences {
                let _ = writeln!(out, "     • {sentence}");
            }
        }
    }
    out
}
