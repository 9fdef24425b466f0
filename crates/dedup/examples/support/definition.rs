//! The normalization and corpus reading of `../shared/data/neardup/DEFINITION.md`,
//! for the evaluation and throughput examples only (the real pipeline feeds
//! the analyzer's tokens). Kept deliberately small and literal.

use std::io::{BufRead, BufReader};

use unicode_general_category::{get_general_category, GeneralCategory};

/// One article of a corpus: the fields dedup needs.
pub struct CorpusArticle {
    pub id: String,
    pub source: Option<String>,
    pub published: Option<i64>,
    /// `title + "\n" + text`, as DEFINITION.md.
    pub text: String,
}

pub fn shared_dir() -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.is_dir().then_some(dir)
}

pub fn read_corpus(path: &std::path::Path) -> std::io::Result<Vec<CorpusArticle>> {
    let file = std::fs::File::open(path)?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut articles = Vec::new();
    for line in reader.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record: serde_json::Value = serde_json::from_str(&line)
            .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidData, error))?;
        let field = |name: &str| record.get(name).and_then(|value| value.as_str());
        let published = field("published")
            .and_then(|text| chrono::DateTime::parse_from_rfc3339(text).ok())
            .map(|date| date.timestamp());
        articles.push(CorpusArticle {
            id: field("id").unwrap_or_default().to_string(),
            source: field("source").map(str::to_string),
            published,
            text: format!(
                "{}\n{}",
                field("title").unwrap_or(""),
                field("text").unwrap_or("")
            ),
        });
    }
    Ok(articles)
}

/// Ground-truth pairs `(id_a, id_b, jaccard)`.
#[allow(dead_code)] // used by neardup_eval only
pub fn read_pairs(path: &std::path::Path) -> std::io::Result<Vec<(String, String, f64)>> {
    let file = std::fs::File::open(path)?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut pairs = Vec::new();
    for line in reader.lines().skip(1) {
        let line = line?;
        let mut columns = line.split('\t');
        let (Some(left), Some(right), Some(jaccard)) =
            (columns.next(), columns.next(), columns.next())
        else {
            continue;
        };
        pairs.push((
            left.to_string(),
            right.to_string(),
            jaccard.parse().unwrap_or(0.0),
        ));
    }
    Ok(pairs)
}

/// What one character becomes: dropped, a separator, or a (mapped) character.
#[derive(Clone, Copy, PartialEq)]
enum CharClass {
    Drop,
    Separator,
    Keep(char),
}

fn classify_slow(character: char) -> CharClass {
    let code = character as u32;
    if (0x064B..=0x065F).contains(&code) || code == 0x0670 || code == 0x0640 {
        return CharClass::Drop;
    }
    match character {
        'أ' | 'إ' | 'آ' | 'ٱ' => return CharClass::Keep('ا'),
        'ى' => return CharClass::Keep('ي'),
        'ة' => return CharClass::Keep('ه'),
        '\u{0130}' => return CharClass::Keep('i'),
        _ => {}
    }
    if (0x0660..=0x0669).contains(&code) {
        return CharClass::Keep(char::from(b'0' + (code - 0x0660) as u8));
    }
    if (0x06F0..=0x06F9).contains(&code) {
        return CharClass::Keep(char::from(b'0' + (code - 0x06F0) as u8));
    }
    let category = get_general_category(character);
    let is_letter = matches!(
        category,
        GeneralCategory::UppercaseLetter
            | GeneralCategory::LowercaseLetter
            | GeneralCategory::TitlecaseLetter
            | GeneralCategory::ModifierLetter
            | GeneralCategory::OtherLetter
    );
    let is_digit = category == GeneralCategory::DecimalNumber;
    if !is_letter && !is_digit {
        return CharClass::Separator;
    }
    let is_upper = matches!(
        category,
        GeneralCategory::UppercaseLetter | GeneralCategory::TitlecaseLetter
    );
    if is_upper && is_latin(code) {
        let mut lower = character.to_lowercase();
        if let (Some(single), None) = (lower.next(), lower.next()) {
            return CharClass::Keep(single);
        }
    }
    CharClass::Keep(character)
}

/// Blocks whose characters' Unicode names contain LATIN.
fn is_latin(code: u32) -> bool {
    matches!(code, 0x0041..=0x005A | 0x00C0..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xFF21..=0xFF3A)
}

/// Table-driven normalizer: a lookup for the first 0x0800 code points (ASCII,
/// Latin, Arabic), the general-category database beyond.
///
/// Most of a text needs no per-character decision: lowercase Latin, digits,
/// single spaces and Arabic letters, of which a few (آ أ إ ٱ → ا, ى → ي,
/// ة → ه) are rewritten in place without changing length. A block step over
/// 64 bytes at a time (branch-free per byte, so the compiler vectorizes it)
/// finds how much of what follows is of that kind and writes it rewritten;
/// only the other characters go through the per-character table.
pub struct DefinitionNormalizer {
    table: Vec<CharClass>,
    /// The block step agrees with the table (verified exhaustively at
    /// construction); otherwise every character takes the per-character path.
    block_step_is_exact: bool,
}

const TABLE_SIZE: u32 = 0x0800;
/// Bytes examined per block step (a multiple of 16).
const BLOCK_BYTES: usize = 64;
/// A block step reads one byte past the block (the continuation of a lead
/// byte in the last lane).
const BLOCK_READ_BYTES: usize = BLOCK_BYTES + 1;

/// Whether the character starting at `byte` (followed by `next`) is handled
/// by the block step: a lowercase ASCII letter or digit; a single space (not
/// followed by another space); an Arabic letter of U+0621–U+063A,
/// U+0641–U+064A or U+0671–U+067F. A continuation byte is accepted: its lead
/// byte was checked together with it. Every other character (all of three
/// and four bytes among them) is rejected, which is always safe: it then
/// takes the per-character path.
#[inline(always)]
fn is_block_byte(byte: u8, next: u8) -> bool {
    let is_lower = byte.wrapping_sub(b'a') < 26;
    let is_digit = byte.wrapping_sub(b'0') < 10;
    let is_single_space = (byte == b' ') & (next != b' ');
    let is_continuation = (byte & 0xC0) == 0x80;
    let after_d8 = next.wrapping_sub(0xA1) < 26;
    let after_d9 = (next.wrapping_sub(0x81) < 10) | (next.wrapping_sub(0xB1) < 15);
    let is_arabic_letter = ((byte == 0xD8) & after_d8) | ((byte == 0xD9) & after_d9);
    is_lower | is_digit | is_single_space | is_continuation | is_arabic_letter
}

/// The normalized byte at a position, from the bytes before and after it:
/// the same-length rewrites of آ أ إ ٱ → ا (D8 A7), ى → ي (D9 8A) and
/// ة → ه (D9 87); every other byte is itself.
#[inline(always)]
fn rewritten_byte(previous: u8, byte: u8, next: u8) -> u8 {
    let lead_of_teh_marbuta = (byte == 0xD8) & (next == 0xA9);
    let lead_of_alef_wasla = (byte == 0xD9) & (next == 0xB1);
    let after_d8 = previous == 0xD8;
    let after_d9 = previous == 0xD9;
    let hamza_alef = after_d8 & ((byte == 0xA2) | (byte == 0xA3) | (byte == 0xA5));
    let alef_wasla = after_d9 & (byte == 0xB1);
    let teh_marbuta = after_d8 & (byte == 0xA9);
    let alef_maksura = after_d9 & (byte == 0x89);
    if lead_of_teh_marbuta {
        0xD9
    } else if lead_of_alef_wasla {
        0xD8
    } else if hamza_alef | alef_wasla {
        0xA7
    } else if teh_marbuta {
        0x87
    } else if alef_maksura {
        0x8A
    } else {
        byte
    }
}

/// One block step: how many leading bytes of `block` (at most
/// `BLOCK_BYTES`, or `BLOCK_READ_BYTES` when the last lane starts a two-byte
/// character) it handles, and those bytes rewritten (followed by a spare
/// byte). A handled stretch never ends with a space (the last lane counts as
/// rejected when it is one) unless it ends before a rejected character.
/// `block[0]` starts a character.
#[inline(always)]
fn block_step(block: &[u8; BLOCK_READ_BYTES + 1]) -> (usize, [u8; BLOCK_READ_BYTES + 1]) {
    let mut rejected = [0u8; BLOCK_BYTES];
    for lane in 0..BLOCK_BYTES {
        rejected[lane] = u8::from(!is_block_byte(block[lane], block[lane + 1]));
    }
    rejected[BLOCK_BYTES - 1] |= u8::from(block[BLOCK_BYTES - 1] == b' ');
    // One spare byte at the end, so that a copy may start at lane 1.
    let mut rewritten = [0u8; BLOCK_READ_BYTES + 1];
    rewritten[0] = rewritten_byte(0, block[0], block[1]);
    for lane in 1..BLOCK_READ_BYTES {
        rewritten[lane] = rewritten_byte(block[lane - 1], block[lane], block[lane + 1]);
    }
    // Byte i of a little-endian word is lane i; sixteen lanes per word.
    let mut handled = 0;
    for word_bytes in rejected.chunks_exact(16) {
        let mut word = [0u8; 16];
        word.copy_from_slice(word_bytes);
        let clean_lanes = (u128::from_le_bytes(word).trailing_zeros() / 8) as usize;
        handled += clean_lanes;
        if clean_lanes < 16 {
            break;
        }
    }
    let handled = if handled == BLOCK_BYTES && block[BLOCK_BYTES - 1] >= 0xC0 {
        BLOCK_READ_BYTES
    } else {
        handled
    };
    (handled, rewritten)
}

impl DefinitionNormalizer {
    pub fn new() -> Self {
        let table: Vec<CharClass> = (0..TABLE_SIZE)
            .map(|code| char::from_u32(code).map_or(CharClass::Separator, classify_slow))
            .collect();
        DefinitionNormalizer {
            table,
            block_step_is_exact: block_step_agrees_with_definition(),
        }
    }

    /// Writes the normalized text to `output` (cleared first), tokens
    /// separated by single spaces, none at the ends.
    #[allow(dead_code)] // used by neardup_eval only
    pub fn normalize_into(&self, text: &str, output: &mut String) {
        let mut bytes = std::mem::take(output).into_bytes();
        self.normalize_into_bytes(text, &mut bytes);
        *output = String::from_utf8(bytes)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
    }

    /// [`DefinitionNormalizer::normalize_into`] as UTF-8 bytes, without the
    /// cost of validating them again. On x86-64 with AVX2 the same code is
    /// compiled for 256-bit vectors (two block lanes per instruction).
    pub fn normalize_into_bytes(&self, text: &str, output: &mut Vec<u8>) {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU supports AVX2, checked just above.
                unsafe { self.normalize_into_bytes_avx2(text, output) };
                return;
            }
        }
        self.normalize_into_bytes_portable(text, output);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn normalize_into_bytes_avx2(&self, text: &str, output: &mut Vec<u8>) {
        self.normalize_into_bytes_portable(text, output);
    }

    #[inline(always)]
    fn normalize_into_bytes_portable(&self, text: &str, output: &mut Vec<u8>) {
        output.clear();
        output.reserve(text.len());
        let bytes = text.as_bytes();
        let mut position = 0;
        let mut pending_space = false;
        let mut encoded = [0u8; 4];
        while position < bytes.len() {
            // Write what the block step handles. A space the block starts
            // with is a separator like any other when a space is already
            // pending or nothing is written yet.
            if self.block_step_is_exact {
                if let Some(block) = bytes
                    .get(position..position + BLOCK_READ_BYTES + 1)
                    .and_then(|slice| <&[u8; BLOCK_READ_BYTES + 1]>::try_from(slice).ok())
                {
                    let (handled, rewritten) = block_step(block);
                    if handled > 0 {
                        let skips_leading_space =
                            (pending_space || output.is_empty()) && block[0] == b' ';
                        let written_start = usize::from(skips_leading_space);
                        let ends_with_space = block[handled - 1] == b' ';
                        let written_end = handled - usize::from(ends_with_space);
                        if written_start < written_end {
                            if pending_space {
                                output.push(b' ');
                                pending_space = false;
                            }
                            // A fixed-size copy (inlined, no call), then the
                            // excess dropped.
                            let kept_length = output.len() + written_end - written_start;
                            if let Ok(copied) = <&[u8; BLOCK_READ_BYTES]>::try_from(
                                &rewritten[written_start..written_start + BLOCK_READ_BYTES],
                            ) {
                                output.extend_from_slice(copied);
                            }
                            output.truncate(kept_length);
                        }
                        if ends_with_space {
                            // The space before a rejected character: pending.
                            pending_space = !output.is_empty();
                        }
                        position += handled;
                        if handled >= BLOCK_BYTES {
                            continue;
                        }
                    }
                }
            }
            let Some(character) = text.get(position..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            position += character.len_utf8();
            let code = character as u32;
            let class = if code < TABLE_SIZE {
                self.table[code as usize]
            } else {
                classify_slow(character)
            };
            match class {
                CharClass::Drop => {}
                CharClass::Separator => pending_space = !output.is_empty(),
                CharClass::Keep(mapped) => {
                    if pending_space {
                        output.push(b' ');
                        pending_space = false;
                    }
                    if mapped.is_ascii() {
                        output.push(mapped as u8);
                    } else {
                        output.extend_from_slice(mapped.encode_utf8(&mut encoded).as_bytes());
                    }
                }
            }
        }
    }

    /// The definition applied one character at a time, with no table and no
    /// block step: the reference the fast path is checked against.
    #[allow(dead_code)] // used by neardup_eval only
    pub fn normalize_reference(text: &str) -> String {
        let mut output = String::new();
        let mut pending_space = false;
        for character in text.chars() {
            match classify_slow(character) {
                CharClass::Drop => {}
                CharClass::Separator => pending_space = !output.is_empty(),
                CharClass::Keep(mapped) => {
                    if pending_space {
                        output.push(' ');
                        pending_space = false;
                    }
                    output.push(mapped);
                }
            }
        }
        output
    }
}

/// Every one- and two-byte character the block step accepts must be kept by
/// the definition, and rewritten to exactly its mapped character's bytes;
/// three- and four-byte lead bytes must never be accepted. Checked
/// exhaustively once, so the block step's output is the definition's.
fn block_step_agrees_with_definition() -> bool {
    let mut encoded = [0u8; 4];
    let mut mapped_encoded = [0u8; 4];
    for code in 0..TABLE_SIZE {
        let Some(character) = char::from_u32(code) else {
            continue;
        };
        if character == ' ' {
            continue; // a separator, handled by the single-space rule
        }
        let utf8 = character.encode_utf8(&mut encoded).as_bytes();
        let rewritten: Option<Vec<u8>> = match *utf8 {
            [byte] if is_block_byte(byte, b'x') => Some(vec![rewritten_byte(b'x', byte, b'x')]),
            [lead, continuation] if is_block_byte(lead, continuation) => Some(vec![
                rewritten_byte(b'x', lead, continuation),
                rewritten_byte(lead, continuation, b'x'),
            ]),
            _ => None,
        };
        let Some(rewritten) = rewritten else {
            continue;
        };
        let CharClass::Keep(mapped) = classify_slow(character) else {
            return false;
        };
        if rewritten != mapped.encode_utf8(&mut mapped_encoded).as_bytes() {
            return false;
        }
    }
    (0xE0..=0xFFu8).all(|lead| (0x80..0xC0u8).all(|next| !is_block_byte(lead, next)))
}
