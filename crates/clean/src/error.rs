//! The errors the clean stage can report: a rule that does not compile, a rules
//! file that does not parse, or an HTML page with nothing to extract.

/// Why a cleaning step failed.
#[derive(Debug, thiserror::Error)]
pub enum CleanError {
    #[error("rules file does not parse: {0}")]
    RulesFile(String),
    #[error("rule `{rule}` has an invalid pattern: {reason}")]
    InvalidPattern { rule: String, reason: String },
    #[error("rule `{rule}` is invalid: {reason}")]
    InvalidRule { rule: String, reason: String },
    #[error("html extraction failed: {0}")]
    HtmlExtraction(String),
    #[error("html page has no article text")]
    HtmlEmpty,
}
