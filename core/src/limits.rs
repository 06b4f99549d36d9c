//! The limits shafaf puts on its inputs, all in one place.
//!
//! shafaf reads files and arguments that come from anyone: a signatory list sent by a
//! petitioners' committee, a budget exported by another office, a plan downloaded from a
//! platform. Each limit below keeps one such input from crashing the process, hanging it or
//! filling its memory. Reaching one is an error with code
//! [`LimitExceeded`](crate::ErrorCode::LimitExceeded) (1008) that names the place (file, row,
//! argument), never a panic, a hang or unbounded memory. The values are far above what a
//! council's real files hold, so no honest input meets them.
//!
//! | limit | value | what it bounds |
//! |---|---|---|
//! | [`MAX_JSON_DEPTH`] | 127 | arrays and objects nested in one another, in JSON text and in the values the bindings convert (Python dicts and lists) |
//! | [`MAX_RECORD_BYTES`] | 64 KiB | one record of a CSV file (a row, with the line breaks inside its quoted cells) |
//! | [`MAX_DOCUMENT_BYTES`] | 64 MiB | a file read whole into memory (JSON, request files, mappings, territories, holidays, Decidim CSV) |
//! | [`MAX_WORKING_DAYS`] | 36 500 | the working days [`add_working_days`](crate::calendar::HolidayCalendar::add_working_days) moves a date by, either way |
//! | [`ECHO_CHARS`] | 80 | the characters of an input value an error message repeats (longer ones end in `…`) |
//! | [`MESSAGE_CHARS`] | 400 | the characters of any other text in an error (a reason, a parser's message, a path) |
//!
//! Streamed files (signatory lists, budget CSV, the OGP dataset) have no size limit: their
//! memory is one chunk and the longest record, whatever their length.

use crate::error::{Error, Location, Result};
use std::io::Read;

/// The deepest nesting of arrays and objects in a JSON document or a converted value: `[1]` is
/// depth 1, `{"a": [1]}` depth 2. serde_json's parser refuses deeper text by itself (its
/// recursion limit of 128 stops at the 128th level); the bindings hold the values they convert
/// without text (Python dicts and lists) to the same depth, so that a document is refused or
/// accepted alike from every surface, and recursion never exhausts the stack.
pub const MAX_JSON_DEPTH: usize = 127;

/// The longest CSV record, in bytes: a row, with the line breaks inside its quoted cells. Real
/// rows are a few hundred bytes. A longer one is almost always a quote that is never closed (the
/// rest of the file would be one cell) or a file that is not CSV (`/dev/zero` has no line break).
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

/// The largest file read whole into memory, in bytes (documents: JSON, request files, mappings,
/// territories, holidays, Decidim exports). Large tables are streamed instead.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// The most working days a date can be moved by, either way: about 140 years, beyond any legal
/// deadline, and a bound on the time the computation takes.
pub const MAX_WORKING_DAYS: u32 = 36_500;

/// How many characters of an input value an error message repeats; a longer value is cut and
/// ends in `…` (a 10 MB date string gives a short message, not a 10 MB one).
pub const ECHO_CHARS: usize = 80;

/// How many characters of any other text an error carries (a reason, a parser's message that
/// may itself quote the input, a path, a field path): a safety net behind [`ECHO_CHARS`].
pub const MESSAGE_CHARS: usize = 400;

/// The error for a limit reached at `location`: `what` went over `limit` (both in words).
pub fn exceeded(location: Location, what: impl Into<String>, limit: impl Into<String>) -> Error {
    Error::LimitExceeded { location, what: what.into(), limit: limit.into() }
}

/// The error for JSON nested deeper than [`MAX_JSON_DEPTH`] in `source` (a file or argument).
pub fn too_deep(location: Location) -> Error {
    exceeded(location, "the nesting of arrays and objects", format!("{MAX_JSON_DEPTH} levels"))
}

/// The error for a CSV record longer than [`MAX_RECORD_BYTES`], starting on `row` of `source`.
pub fn record_too_long(source: &str, row: u64) -> Error {
    exceeded(Location::in_source(source).row(row), "a CSV record", format!("{MAX_RECORD_BYTES} bytes"))
}

/// Reads a whole file as UTF-8 text, refusing one larger than [`MAX_DOCUMENT_BYTES`] (so that
/// `/dev/zero` or an endless pipe given as a document stops at the limit). Errors name the path.
pub fn read_document(path: &std::path::Path) -> Result<String> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut bytes = Vec::new();
    // One byte more than the limit tells a file at the limit from a larger one.
    file.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes).map_err(|e| Error::io(path, &e))?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        let source = path.display().to_string();
        return Err(exceeded(Location::in_source(source), "the file", format!("{MAX_DOCUMENT_BYTES} bytes")));
    }
    String::from_utf8(bytes).map_err(|_| Error::Io {
        path: path.display().to_string(),
        message: "stream did not contain valid UTF-8".into(),
    })
}

/// `value` as an error repeats it: at most [`ECHO_CHARS`] characters, then `…`.
pub fn echo(value: &str) -> std::borrow::Cow<'_, str> {
    cut(value, ECHO_CHARS)
}

/// Any other text of an error: at most [`MESSAGE_CHARS`] characters, then `…`.
pub fn clip(text: &str) -> std::borrow::Cow<'_, str> {
    cut(text, MESSAGE_CHARS)
}

fn cut(text: &str, chars: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(chars) {
        None => std::borrow::Cow::Borrowed(text),
        Some((end, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..end])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoes_are_cut_at_the_limit() {
        assert_eq!(echo("2026-13-01"), "2026-13-01");
        let long = "x".repeat(10_000_000);
        let cut = echo(&long);
        assert_eq!(cut.chars().count(), ECHO_CHARS + 1);
        assert!(cut.ends_with('…'));
        // Characters, not bytes: Arabic text is cut between letters.
        let arabic = "ب".repeat(ECHO_CHARS + 5);
        assert_eq!(echo(&arabic).chars().count(), ECHO_CHARS + 1);
        assert_eq!(echo(&"y".repeat(ECHO_CHARS)), "y".repeat(ECHO_CHARS));
    }

    #[test]
    fn serde_json_refuses_what_the_limit_refuses() {
        // The bindings count depth as serde_json does: MAX_JSON_DEPTH levels pass, one more
        // does not.
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(serde_json::from_str::<serde_json::Value>(&nested(MAX_JSON_DEPTH)).is_ok());
        let error = crate::json::from_str::<serde_json::Value>(&nested(MAX_JSON_DEPTH + 1), "deep.json").unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::LimitExceeded);
        assert_eq!(error.details()["location"]["source"], "deep.json");
    }

    #[test]
    fn documents_larger_than_the_limit_are_refused_without_reading_them_all() {
        let zero = std::path::Path::new("/dev/zero");
        if zero.exists() {
            let error = read_document(zero).unwrap_err();
            assert_eq!(error.code(), crate::ErrorCode::LimitExceeded);
            assert!(error.to_string().contains("67108864 bytes"), "{error}");
        }
    }
}
