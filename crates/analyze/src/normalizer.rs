//! Orthographic normalization: making the spellings of one Arabic word equal.
//!
//! The same word reaches us as أعلن, اعلن or أعلَن; with ة or ه; stretched with
//! tatweel; in presentation-form glyphs copied from a PDF; with Arabic-Indic
//! digits. Matching needs one spelling. The rules are split into the ones Lucene's
//! `ArabicNormalizer` applies (reproduced exactly by [`NormalizerConfig::lucene`])
//! and Khabar's additions ([`NormalizerConfig::khabar`], the default). Every rule
//! is a switch in [`NormalizerConfig`], so a user can, for example, keep ة.
//!
//! Normalization works character by character and never looks at word
//! boundaries, so it can be applied to a whole text or to one token; the
//! analyzer applies it to tokens so that offsets keep pointing into the original.

use serde::{Deserialize, Serialize};

use crate::char_class::{is_arabic_presentation_form, is_invisible_control};

/// Which normalization rules are applied. Each field is one rule; `true` applies it.
///
/// The defaults are the Khabar preset. Loaded from TOML with missing fields
/// taking their default:
///
/// ```toml
/// fold_teh_marbuta = false   # keep ة distinct from ه
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormalizerConfig {
    /// Lucene: آ (U+0622), أ (U+0623) and إ (U+0625) become ا (U+0627).
    pub fold_alef_hamza_madda: bool,
    /// Lucene: ى (alef maksura, U+0649) becomes ي (U+064A).
    pub fold_alef_maksura: bool,
    /// Lucene: ة (teh marbuta, U+0629) becomes ه (U+0647).
    pub fold_teh_marbuta: bool,
    /// Lucene: tatweel ـ (U+0640) is removed.
    pub remove_tatweel: bool,
    /// Lucene: the harakat fathatan … sukun (U+064B–U+0652) are removed.
    pub remove_harakat: bool,
    /// Khabar: ٱ (alef wasla, U+0671) becomes ا.
    pub fold_alef_wasla: bool,
    /// Khabar: the combining maddah, hamza above and hamza below (U+0653–U+0655)
    /// are first composed with the letter before them as NFC would (ا + ◌ٔ → أ,
    /// و + ◌ٔ → ؤ, ي + ◌ٔ → ئ), so decomposed text meets the precomposed spelling;
    /// when no composition exists they are removed. The other marks Lucene keeps
    /// are removed too: U+0656–U+065F, the superscript (dagger) alef U+0670, and
    /// the Quranic annotation marks U+0610–U+061A, U+06D6–U+06ED.
    pub remove_extended_marks: bool,
    /// Khabar: the Persian letters used on Persian keyboards for Arabic ones,
    /// ی (Farsi yeh, U+06CC) and ک (keheh, U+06A9), become ي and ك.
    pub fold_persian_letters: bool,
    /// Khabar: Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) are
    /// replaced by their NFKC form, then normalized by the other rules: ﻷ → لا.
    /// The space NFKC puts before a spacing diacritic (ﹰ → " ً") is dropped.
    pub presentation_forms_nfkc: bool,
    /// Khabar: Arabic-Indic digits ٠–٩ (U+0660–U+0669) and Persian digits ۰–۹
    /// (U+06F0–U+06F9) become ASCII 0–9.
    pub digits_to_ascii: bool,
    /// Khabar: Arabic punctuation becomes its ASCII counterpart: ، → `,`,
    /// ؛ → `;`, ؟ → `?`, ٪ → `%`, ٫ (decimal separator) → `.`,
    /// ٬ (thousands separator) → `,`, ٭ → `*`, ۔ → `.`.
    pub arabic_punctuation_to_ascii: bool,
    /// Khabar: zero-width characters, bidi controls, the soft hyphen and the
    /// byte order mark are removed (see [`crate::char_class`] for the list).
    pub remove_invisible_controls: bool,
    /// Khabar: letters are lowercased (ASCII on a fast path, other cased
    /// scripts by Unicode's lowercase mapping).
    pub lowercase: bool,
}

impl NormalizerConfig {
    /// Exactly the rules of Lucene's `ArabicNormalizer`, nothing else.
    pub const fn lucene() -> NormalizerConfig {
        NormalizerConfig {
            fold_alef_hamza_madda: true,
            fold_alef_maksura: true,
            fold_teh_marbuta: true,
            remove_tatweel: true,
            remove_harakat: true,
            fold_alef_wasla: false,
            remove_extended_marks: false,
            fold_persian_letters: false,
            presentation_forms_nfkc: false,
            digits_to_ascii: false,
            arabic_punctuation_to_ascii: false,
            remove_invisible_controls: false,
            lowercase: false,
        }
    }

    /// Lucene's rules plus every Khabar rule. This is the default.
    pub const fn khabar() -> NormalizerConfig {
        NormalizerConfig {
            fold_alef_hamza_madda: true,
            fold_alef_maksura: true,
            fold_teh_marbuta: true,
            remove_tatweel: true,
            remove_harakat: true,
            fold_alef_wasla: true,
            remove_extended_marks: true,
            fold_persian_letters: true,
            presentation_forms_nfkc: true,
            digits_to_ascii: true,
            arabic_punctuation_to_ascii: true,
            remove_invisible_controls: true,
            lowercase: true,
        }
    }

    /// No rule at all: text passes through unchanged.
    pub const fn none() -> NormalizerConfig {
        NormalizerConfig {
            fold_alef_hamza_madda: false,
            fold_alef_maksura: false,
            fold_teh_marbuta: false,
            remove_tatweel: false,
            remove_harakat: false,
            fold_alef_wasla: false,
            remove_extended_marks: false,
            fold_persian_letters: false,
            presentation_forms_nfkc: false,
            digits_to_ascii: false,
            arabic_punctuation_to_ascii: false,
            remove_invisible_controls: false,
            lowercase: false,
        }
    }

    /// True when every letter-folding rule the stop-word list is stored under is
    /// on, so a normalized term can be looked up in it directly.
    pub(crate) fn folds_like_stopword_list(&self) -> bool {
        let reference = NormalizerConfig::khabar();
        self.fold_alef_hamza_madda
            && self.fold_alef_maksura
            && self.fold_teh_marbuta
            && self.remove_tatweel
            && self.remove_harakat
            && self.fold_alef_wasla == reference.fold_alef_wasla
            && self.remove_extended_marks == reference.remove_extended_marks
            && self.fold_persian_letters == reference.fold_persian_letters
            && self.presentation_forms_nfkc == reference.presentation_forms_nfkc
            && self.digits_to_ascii == reference.digits_to_ascii
            && self.remove_invisible_controls == reference.remove_invisible_controls
            && self.lowercase == reference.lowercase
    }
}

impl Default for NormalizerConfig {
    fn default() -> NormalizerConfig {
        NormalizerConfig::khabar()
    }
}

/// The normalizer presets, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NormalizerPreset {
    Khabar,
    Lucene,
    None,
}

impl NormalizerPreset {
    pub fn config(self) -> NormalizerConfig {
        match self {
            NormalizerPreset::Khabar => NormalizerConfig::khabar(),
            NormalizerPreset::Lucene => NormalizerConfig::lucene(),
            NormalizerPreset::None => NormalizerConfig::none(),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            NormalizerPreset::Khabar => "khabar",
            NormalizerPreset::Lucene => "lucene",
            NormalizerPreset::None => "none",
        }
    }
}

impl std::str::FromStr for NormalizerPreset {
    type Err = crate::ParseNameError;

    fn from_str(name: &str) -> Result<NormalizerPreset, crate::ParseNameError> {
        match name {
            "khabar" => Ok(NormalizerPreset::Khabar),
            "lucene" => Ok(NormalizerPreset::Lucene),
            "none" => Ok(NormalizerPreset::None),
            _ => Err(crate::ParseNameError::new(
                "normalizer",
                name,
                "khabar, lucene, none",
            )),
        }
    }
}

/// What happens to one character of the Arabic block U+0600–U+06FF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArabicBlockAction {
    Keep,
    Remove,
    Replace(char),
    /// A combining maddah or hamza: compose with the previous character or remove.
    ComposeWithPrevious,
}

/// A [`NormalizerConfig`] compiled into a lookup table, built once and reused.
#[derive(Debug, Clone)]
pub struct Normalizer {
    config: NormalizerConfig,
    arabic_block_actions: [ArabicBlockAction; 256],
}

const ALEF: char = '\u{0627}';

fn arabic_block_action(code_point: u32, config: &NormalizerConfig) -> ArabicBlockAction {
    use ArabicBlockAction::{ComposeWithPrevious, Keep, Remove, Replace};
    match code_point {
        0x0622 | 0x0623 | 0x0625 if config.fold_alef_hamza_madda => Replace(ALEF),
        0x0649 if config.fold_alef_maksura => Replace('\u{064A}'),
        0x0629 if config.fold_teh_marbuta => Replace('\u{0647}'),
        0x0640 if config.remove_tatweel => Remove,
        0x064B..=0x0652 if config.remove_harakat => Remove,
        0x0671 if config.fold_alef_wasla => Replace(ALEF),
        0x0653..=0x0655 if config.remove_extended_marks => ComposeWithPrevious,
        0x0610..=0x061A
        | 0x0656..=0x065F
        | 0x0670
        | 0x06D6..=0x06DC
        | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8
        | 0x06EA..=0x06ED
            if config.remove_extended_marks =>
        {
            Remove
        }
        0x06CC if config.fold_persian_letters => Replace('\u{064A}'),
        0x06A9 if config.fold_persian_letters => Replace('\u{0643}'),
        0x0660..=0x0669 if config.digits_to_ascii => ascii_digit(code_point - 0x0660),
        0x06F0..=0x06F9 if config.digits_to_ascii => ascii_digit(code_point - 0x06F0),
        0x060C | 0x066C if config.arabic_punctuation_to_ascii => Replace(','),
        0x061B if config.arabic_punctuation_to_ascii => Replace(';'),
        0x061F if config.arabic_punctuation_to_ascii => Replace('?'),
        0x066A if config.arabic_punctuation_to_ascii => Replace('%'),
        0x066B | 0x06D4 if config.arabic_punctuation_to_ascii => Replace('.'),
        0x066D if config.arabic_punctuation_to_ascii => Replace('*'),
        0x061C if config.remove_invisible_controls => Remove,
        _ => Keep,
    }
}

fn ascii_digit(value: u32) -> ArabicBlockAction {
    match char::from_digit(value, 10) {
        Some(digit) => ArabicBlockAction::Replace(digit),
        None => ArabicBlockAction::Keep,
    }
}

/// The NFC composition of a base letter with U+0653, U+0654 or U+0655.
fn compose_with_mark(base: char, mark: char) -> Option<char> {
    match (base, mark) {
        ('\u{0627}', '\u{0653}') => Some('\u{0622}'),
        ('\u{0627}', '\u{0654}') => Some('\u{0623}'),
        ('\u{0627}', '\u{0655}') => Some('\u{0625}'),
        ('\u{0648}', '\u{0654}') => Some('\u{0624}'),
        ('\u{064A}' | '\u{0649}', '\u{0654}') => Some('\u{0626}'),
        ('\u{06D5}', '\u{0654}') => Some('\u{06C0}'),
        ('\u{06C1}', '\u{0654}') => Some('\u{06C2}'),
        ('\u{06D2}', '\u{0654}') => Some('\u{06D3}'),
        _ => None,
    }
}

impl Normalizer {
    pub fn new(config: NormalizerConfig) -> Normalizer {
        let mut arabic_block_actions = [ArabicBlockAction::Keep; 256];
        for (offset, action) in arabic_block_actions.iter_mut().enumerate() {
            *action = arabic_block_action(0x0600 + offset as u32, &config);
        }
        Normalizer {
            config,
            arabic_block_actions,
        }
    }

    pub fn config(&self) -> &NormalizerConfig {
        &self.config
    }

    /// Normalizes `text` and returns the result.
    pub fn normalize(&self, text: &str) -> String {
        let mut normalized = String::with_capacity(text.len());
        self.normalize_into(text, &mut normalized);
        normalized
    }

    /// Appends the normalized form of `text` to `output` (which is not cleared).
    ///
    /// Most characters of a word are left as they are, so unchanged runs are
    /// copied as byte slices and only changed characters are handled one by one.
    pub fn normalize_into(&self, text: &str, output: &mut String) {
        let output_start = output.len();
        let bytes = text.as_bytes();
        let mut unchanged_run_start = 0;
        let mut position = 0;
        while position < bytes.len() {
            let byte = bytes[position];
            if byte < 0x80 {
                if self.config.lowercase && byte.is_ascii_uppercase() {
                    output.push_str(&text[unchanged_run_start..position]);
                    output.push(byte.to_ascii_lowercase() as char);
                    unchanged_run_start = position + 1;
                }
                position += 1;
                continue;
            }
            let (character, length) = crate::char_class::decode_at(text, position);
            let code_point = character as u32;
            let unchanged = if (0x0600..=0x06FF).contains(&code_point) {
                self.arabic_block_actions[(code_point - 0x0600) as usize] == ArabicBlockAction::Keep
            } else {
                !self.other_char_changes(character)
            };
            if !unchanged {
                output.push_str(&text[unchanged_run_start..position]);
                self.push_normalized_char(character, output_start, output, true);
                unchanged_run_start = position + length;
            }
            position += length;
        }
        output.push_str(&text[unchanged_run_start..]);
    }

    /// True when a character outside ASCII and the Arabic block is changed by
    /// [`Normalizer::push_normalized_other_char`].
    #[inline]
    fn other_char_changes(&self, character: char) -> bool {
        (self.config.remove_invisible_controls && is_invisible_control(character))
            || (self.config.presentation_forms_nfkc && is_arabic_presentation_form(character))
            || (self.config.lowercase && character.is_uppercase())
    }

    #[inline]
    fn push_normalized_char(
        &self,
        character: char,
        output_start: usize,
        output: &mut String,
        expand_presentation_forms: bool,
    ) {
        let code_point = character as u32;
        if (0x0600..=0x06FF).contains(&code_point) {
            match self.arabic_block_actions[(code_point - 0x0600) as usize] {
                ArabicBlockAction::Keep => output.push(character),
                ArabicBlockAction::Remove => {}
                ArabicBlockAction::Replace(replacement) => output.push(replacement),
                ArabicBlockAction::ComposeWithPrevious => {
                    self.compose_with_previous(character, output_start, output)
                }
            }
            return;
        }
        self.push_normalized_other_char(character, output_start, output, expand_presentation_forms);
    }

    fn compose_with_previous(&self, mark: char, output_start: usize, output: &mut String) {
        let previous = match output[output_start..].chars().next_back() {
            Some(previous) => previous,
            None => return,
        };
        let Some(composed) = compose_with_mark(previous, mark) else {
            return;
        };
        output.truncate(output.len() - previous.len_utf8());
        // The composed letter goes through the rules too (أ may fold to ا).
        self.push_normalized_char(composed, output_start, output, false);
    }

    fn push_normalized_other_char(
        &self,
        character: char,
        output_start: usize,
        output: &mut String,
        expand_presentation_forms: bool,
    ) {
        if self.config.remove_invisible_controls && is_invisible_control(character) {
            return;
        }
        if expand_presentation_forms
            && self.config.presentation_forms_nfkc
            && is_arabic_presentation_form(character)
        {
            self.push_nfkc_expansion(character, output_start, output);
            return;
        }
        if self.config.lowercase && character.is_uppercase() {
            output.extend(character.to_lowercase());
            return;
        }
        output.push(character);
    }

    #[cold]
    fn push_nfkc_expansion(&self, character: char, output_start: usize, output: &mut String) {
        let mut expansion = [' '; 32];
        let mut expansion_length = 0;
        for expanded in
            unicode_normalization::UnicodeNormalization::nfkc(std::iter::once(character))
        {
            if expansion_length < expansion.len() {
                expansion[expansion_length] = expanded;
                expansion_length += 1;
            }
        }
        let expansion = &expansion[..expansion_length];
        for (index, &expanded) in expansion.iter().enumerate() {
            let next_is_mark = expansion
                .get(index + 1)
                .is_some_and(|&next| unicode_normalization::char::is_combining_mark(next));
            if expanded == ' ' && next_is_mark {
                continue;
            }
            self.push_normalized_char(expanded, output_start, output, false);
        }
    }
}

/// Normalizes `text` with `config`. For many calls, build a [`Normalizer`] once.
pub fn normalize(text: &str, config: &NormalizerConfig) -> String {
    Normalizer::new(*config).normalize(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn khabar(text: &str) -> String {
        normalize(text, &NormalizerConfig::khabar())
    }

    #[test]
    fn lucene_preset_touches_nothing_outside_lucene_rules() {
        let lucene = NormalizerConfig::lucene();
        assert_eq!(
            normalize("ٱلـكتاب ١٢ ABC ، ﻷ", &lucene),
            "ٱلكتاب ١٢ ABC ، ﻷ"
        );
    }

    #[test]
    fn khabar_preset_applies_its_extra_rules() {
        assert_eq!(khabar("ٱلكتاب"), "الكتاب");
        assert_eq!(khabar("عام ٢٠١٥ و۲۰۱۶"), "عام 2015 و2016");
        assert_eq!(khabar("ﻷﻥ"), "لان");
        assert_eq!(khabar("هٰذا"), "هذا");
        assert_eq!(khabar("ایران"), "ايران");
        assert_eq!(khabar("نعم، لا؟"), "نعم, لا?");
        assert_eq!(khabar("٣٫٥٪"), "3.5%");
        assert_eq!(khabar("كل\u{200C}مة\u{200F}"), "كلمه");
        assert_eq!(khabar("NATO Élysée"), "nato élysée");
    }

    #[test]
    fn decomposed_hamza_meets_precomposed_spelling() {
        assert_eq!(khabar("ا\u{0654}حمد"), khabar("أحمد"));
        assert_eq!(khabar("مسو\u{0654}ول"), "مسؤول");
        assert_eq!(khabar("قاي\u{0654}د"), "قائد");
        // No composition exists: the mark is removed.
        assert_eq!(khabar("ب\u{0654}"), "ب");
    }

    #[test]
    fn spacing_diacritic_presentation_forms_leave_no_space() {
        assert_eq!(khabar("ولد\u{FE70}"), "ولد");
        let keep_harakat = NormalizerConfig {
            remove_harakat: false,
            ..NormalizerConfig::khabar()
        };
        assert_eq!(normalize("ولد\u{FE70}", &keep_harakat), "ولد\u{064B}");
    }

    #[test]
    fn each_rule_can_be_switched_off() {
        let keep_teh_marbuta = NormalizerConfig {
            fold_teh_marbuta: false,
            ..NormalizerConfig::khabar()
        };
        assert_eq!(normalize("فاطمة", &keep_teh_marbuta), "فاطمة");
        assert_eq!(normalize("فاطمة", &NormalizerConfig::khabar()), "فاطمه");
        assert_eq!(normalize("أحمدَ ـ", &NormalizerConfig::none()), "أحمدَ ـ");
    }

    #[test]
    fn config_loads_from_partial_toml() {
        let config: NormalizerConfig = toml::from_str("fold_teh_marbuta = false").unwrap();
        assert!(!config.fold_teh_marbuta);
        assert!(config.digits_to_ascii);
    }
}
