//! CSV input read safely, the same way by every reader: line ends, record boundaries, quotes
//! left open and records too long.
//!
//! * **Line ends.** A lone carriage return ends a line, as in the files old Mac spreadsheets and
//!   some Excel exports write: [`lone_cr_to_lf`] turns each into a line feed before anything
//!   else reads the bytes, so `\n`, `\r\n` and a lone `\r` are one line break each (and rows are
//!   numbered alike) whatever reads them.
//! * **Quotes.** The `csv` crate's rules: a quote opens a quoted cell only at the start of a
//!   cell, `""` inside one is a quote, and line breaks inside quotes do not end the record. A
//!   quoted cell still open at the end of the input is an error naming the row where the quote
//!   opened ([`unclosed_quote`]): the `csv` crate would silently make the rest of the file one
//!   cell (a budget of 0 lines, a signatory list of one row).
//! * **Length.** A record longer than [`MAX_RECORD_BYTES`] is refused
//!   ([`crate::limits::record_too_long`]): memory stays bounded whatever the input (`/dev/zero`
//!   has no line break), and a quote left open is found after at most that many bytes, so reading
//!   stays linear in the input.
//!
//! The streaming readers (signatory lists, budget CSV) apply these rules themselves, in their
//! own buffers ([`scan_record`]). Readers built on the `csv` crate read through [`Guarded`],
//! which applies them to the bytes on their way to the parser, and map the parser's errors with
//! [`csv_error`].

use crate::error::{Error, Location};
use crate::limits::{MAX_RECORD_BYTES, record_too_long};
use std::io::Read;

/// Turns every carriage return not followed by a line feed into a line feed, in place. Returns
/// how many bytes are final: all of them, or all but a last `\r` when more input may follow
/// (`at_end` false), since a `\n` at the start of the next piece would make it a `\r\n`.
pub(crate) fn lone_cr_to_lf(bytes: &mut [u8], at_end: bool) -> usize {
    let mut from = 0;
    while let Some(offset) = memchr::memchr(b'\r', &bytes[from..]) {
        let at = from + offset;
        match bytes.get(at + 1) {
            Some(b'\n') => from = at + 2,
            Some(_) => {
                bytes[at] = b'\n';
                from = at + 1;
            }
            None if at_end => {
                bytes[at] = b'\n';
                return bytes.len();
            }
            None => return at,
        }
    }
    bytes.len()
}

/// The error for a quoted cell opened on `row` of `source` and never closed.
pub(crate) fn unclosed_quote(source: &str, row: u64) -> Error {
    Error::MalformedInput {
        location: Location::in_source(source).row(row),
        format: "CSV".into(),
        message: "a quote opened on this row is never closed (the rest of the file would be one cell)".into(),
    }
}

/// The error for a record longer than the limit, starting on `row`; when a quoted cell opened on
/// `quote_row` is still open, that quote is almost certainly the cause, and the error says so.
pub(crate) fn too_long(source: &str, row: u64, quote_row: Option<u64>) -> Error {
    match quote_row {
        Some(quote_row) => Error::MalformedInput {
            location: Location::in_source(source).row(quote_row),
            format: "CSV".into(),
            message: format!("a quote opened on this row is not closed within {MAX_RECORD_BYTES} bytes"),
        },
        None => record_too_long(source, row),
    }
}

/// Where the record at the start of some data ends, by [`scan_record`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scan {
    /// A record of `length` bytes, its line feed included (none at the end of the input).
    Record { length: usize },
    /// The record may go on past the data: read more first.
    NeedMore,
    /// The input ends inside a quoted cell, opened after `breaks` line breaks of the record.
    OpenQuote { breaks: u64 },
    /// The record is longer than [`MAX_RECORD_BYTES`]; `open_quote` gives the line breaks before
    /// a quote still open at the limit.
    TooLong { open_quote: Option<u64> },
}

/// Finds where the record at the start of `data` ends (line ends already normalised by
/// [`lone_cr_to_lf`], so a `\n` outside quotes ends it). `at_end`: nothing follows `data`.
/// Looks at no more than [`MAX_RECORD_BYTES`] + 1 bytes, so calling it again after reading more
/// costs at most that much.
pub(crate) fn scan_record(data: &[u8], at_end: bool, delimiter: u8) -> Scan {
    let limit = MAX_RECORD_BYTES + 1; // the record's bytes, its line feed included
    let mut index = 0;
    let mut breaks = 0;
    loop {
        // Outside quotes: up to the next quote or line feed.
        let Some(offset) = memchr::memchr2(b'"', b'\n', &data[index..]) else {
            return match data.len() {
                length if length > limit => Scan::TooLong { open_quote: None },
                length if at_end => Scan::Record { length },
                _ => Scan::NeedMore,
            };
        };
        let at = index + offset;
        if at >= limit {
            return Scan::TooLong { open_quote: None };
        }
        if data[at] == b'\n' {
            return Scan::Record { length: at + 1 };
        }
        index = at + 1;
        // A quote opens a quoted cell only at the start of a cell; elsewhere it is text.
        if at > 0 && data[at - 1] != delimiter && data[at - 1] != b'\n' {
            continue;
        }
        let quote_breaks = breaks;
        // Inside quotes: up to the closing quote (`""` is a quote), counting line breaks.
        loop {
            let Some(offset) = memchr::memchr(b'"', &data[index..]) else {
                return match data.len() {
                    length if length > limit => Scan::TooLong { open_quote: Some(quote_breaks) },
                    _ if at_end => Scan::OpenQuote { breaks: quote_breaks },
                    _ => Scan::NeedMore,
                };
            };
            let at = index + offset;
            if at >= limit {
                return Scan::TooLong { open_quote: Some(quote_breaks) };
            }
            breaks += memchr::memchr_iter(b'\n', &data[index..at]).count() as u64;
            match data.get(at + 1) {
                Some(b'"') => index = at + 2,
                Some(_) => {
                    index = at + 1;
                    break;
                }
                // A quote at the very end: it closes the cell if nothing follows.
                None if at_end => return Scan::Record { length: data.len() },
                None => return Scan::NeedMore,
            }
        }
    }
}

/// The state of the quote rules over a stream of bytes, one byte at a time (for [`Guarded`]).
#[derive(Debug, Clone, Copy)]
struct Quotes {
    delimiter: u8,
    /// Inside a quoted cell.
    quoted: bool,
    /// Inside a quoted cell, the last byte was a quote: it closes the cell unless a quote follows.
    quote_pending: bool,
    /// The last byte, `None` at the start of a record (a quote there opens a cell).
    previous: Option<u8>,
    /// Bytes of the current record so far.
    record_bytes: usize,
}

impl Quotes {
    /// Takes one byte (line ends normalised); `true` when it ends a record.
    #[inline]
    fn step(&mut self, byte: u8) -> bool {
        self.record_bytes += 1;
        if self.quote_pending {
            self.quote_pending = false;
            if byte == b'"' {
                self.previous = Some(byte);
                return false;
            }
            self.quoted = false;
        }
        if self.quoted {
            self.quote_pending = byte == b'"';
            self.previous = Some(byte);
            return false;
        }
        match byte {
            b'\n' => {
                self.previous = None;
                self.record_bytes = 0;
                return true;
            }
            b'"' if self.previous.is_none_or(|p| p == self.delimiter) => self.quoted = true,
            _ => {}
        }
        self.previous = Some(byte);
        false
    }

    /// Inside a quoted cell that no quote has closed yet.
    fn open(&self) -> bool {
        self.quoted && !self.quote_pending
    }
}

/// A refusal by [`Guarded`], carried through the `csv` crate as an I/O error ([`csv_error`]
/// takes it out again).
#[derive(Debug)]
struct Refused(Error);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Refused {}

/// The input of a reader built on the `csv` crate, with this module's rules applied on the way:
/// lone carriage returns become line feeds (so the crate's row numbers count them), a record
/// longer than [`MAX_RECORD_BYTES`] and a quote open at the end of the input are refused.
/// Errors reach the `csv` crate as I/O errors; map its errors with [`csv_error`].
#[derive(Debug)]
pub(crate) struct Guarded<R> {
    inner: R,
    source: String,
    quotes: Quotes,
    buffer: Vec<u8>,
    /// The bytes of `buffer` ready to be handed out.
    start: usize,
    end: usize,
    /// A `\r` read last, not yet known to be lone.
    pending_cr: bool,
    finished: bool,
    /// The line of the next byte, where the current record started, where its open quote opened.
    line: u64,
    record_line: u64,
    quote_line: u64,
}

impl<R: Read> Guarded<R> {
    /// Guards `inner`, a CSV text with `delimiter` named `source` in errors.
    pub(crate) fn new(inner: R, source: &str, delimiter: u8) -> Self {
        Guarded {
            inner,
            source: source.to_string(),
            quotes: Quotes { delimiter, quoted: false, quote_pending: false, previous: None, record_bytes: 0 },
            buffer: vec![0; 1 << 16],
            start: 0,
            end: 0,
            pending_cr: false,
            finished: false,
            line: 1,
            record_line: 1,
            quote_line: 1,
        }
    }

    /// Reads the next piece of the input into `buffer` and checks it. `false` at the end.
    fn refill(&mut self) -> std::io::Result<bool> {
        if self.finished {
            return Ok(false);
        }
        let carried = usize::from(self.pending_cr);
        self.buffer[0] = b'\r';
        let read = loop {
            match self.inner.read(&mut self.buffer[carried..]) {
                Ok(read) => break read,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        self.finished = read == 0;
        let filled = carried + read;
        let ready = lone_cr_to_lf(&mut self.buffer[..filled], self.finished);
        self.pending_cr = ready < filled;
        for &byte in &self.buffer[..ready] {
            let was_quoted = self.quotes.quoted;
            if self.quotes.step(byte) {
                self.record_line = self.line + 1;
            } else if self.quotes.quoted && !was_quoted {
                self.quote_line = self.line;
            }
            if byte == b'\n' {
                self.line += 1;
            }
            if self.quotes.record_bytes > MAX_RECORD_BYTES {
                let quote = self.quotes.open().then_some(self.quote_line);
                return Err(self.refuse(too_long(&self.source, self.record_line, quote)));
            }
        }
        if self.finished && self.quotes.open() {
            return Err(self.refuse(unclosed_quote(&self.source, self.quote_line)));
        }
        self.start = 0;
        self.end = ready;
        Ok(ready > 0 || !self.finished)
    }

    fn refuse(&mut self, error: Error) -> std::io::Error {
        self.finished = true;
        self.start = 0;
        self.end = 0;
        std::io::Error::new(std::io::ErrorKind::InvalidData, Refused(error))
    }
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.start == self.end {
            if out.is_empty() || !self.refill()? {
                return Ok(0);
            }
        }
        let count = out.len().min(self.end - self.start);
        out[..count].copy_from_slice(&self.buffer[self.start..self.start + count]);
        self.start += count;
        Ok(count)
    }
}

/// The error for a `csv` crate error reading `source`: the refusal of a [`Guarded`] input as it
/// was made, anything else a [`Error::MalformedInput`] at the crate's row.
pub(crate) fn csv_error(source: &str, error: &csv::Error) -> Error {
    refusal(error).unwrap_or_else(|| Error::MalformedInput {
        location: Location { source: Some(source.into()), row: error.position().map(csv::Position::line), field: None },
        format: "CSV".into(),
        message: error.to_string(),
    })
}

/// The refusal of a [`Guarded`] input inside a `csv` crate error, if that is what it is.
pub(crate) fn refusal(error: &csv::Error) -> Option<Error> {
    match error.kind() {
        csv::ErrorKind::Io(io) => io.get_ref().and_then(|inner| inner.downcast_ref::<Refused>()).map(|r| r.0.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn lone_carriage_returns_become_line_feeds() {
        let mut text = *b"a\rb\r\nc\r";
        assert_eq!(lone_cr_to_lf(&mut text, false), 6, "the last \\r waits for the next piece");
        assert_eq!(&text, b"a\nb\r\nc\r");
        assert_eq!(lone_cr_to_lf(&mut text, true), 7);
        assert_eq!(&text, b"a\nb\r\nc\n");
    }

    #[test]
    fn records_end_at_line_feeds_outside_quotes() {
        let scan = |data: &str, at_end| scan_record(data.as_bytes(), at_end, b',');
        assert_eq!(scan("a,b\nc", false), Scan::Record { length: 4 });
        assert_eq!(scan("\"a\nb\",c\nd", false), Scan::Record { length: 8 });
        assert_eq!(scan("\"a\"\"\nb\",c\n", false), Scan::Record { length: 10 }, "a doubled quote");
        assert_eq!(scan("O\"Brien,A1\nx\"", false), Scan::Record { length: 11 }, "a quote inside a cell is text");
        assert_eq!(scan("a,\"b", false), Scan::NeedMore);
        assert_eq!(scan("a,\"b\nc\nd", true), Scan::OpenQuote { breaks: 0 });
        assert_eq!(scan("\"x\ny\",\"b\nc", true), Scan::OpenQuote { breaks: 1 }, "the second quote is open");
        assert_eq!(scan("a,\"b\"", true), Scan::Record { length: 5 });
        assert_eq!(scan("a,\"b\"", false), Scan::NeedMore);
        let long = format!("\"{}", "x\n".repeat(MAX_RECORD_BYTES));
        assert_eq!(scan(&long, false), Scan::TooLong { open_quote: Some(0) });
        assert_eq!(scan(&"y".repeat(MAX_RECORD_BYTES + 2), false), Scan::TooLong { open_quote: None });
        assert_eq!(
            scan(&format!("{}\n", "y".repeat(MAX_RECORD_BYTES)), false),
            Scan::Record { length: MAX_RECORD_BYTES + 1 }
        );
    }

    /// The byte-at-a-time rules of [`Guarded`] and the jumping scan of [`scan_record`] agree on
    /// where every record of a text ends.
    #[test]
    fn the_two_scanners_agree() {
        let alphabet = [b'a', b',', b'"', b'\n'];
        for seed in 0..20_000_u64 {
            let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let length = (seed % 12) as usize;
            let text: Vec<u8> = (0..length)
                .map(|_| {
                    state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    alphabet[(state >> 33) as usize % alphabet.len()]
                })
                .collect();
            let mut quotes =
                Quotes { delimiter: b',', quoted: false, quote_pending: false, previous: None, record_bytes: 0 };
            let stepped = text.iter().position(|b| quotes.step(*b)).map(|i| i + 1);
            let expected = match stepped {
                Some(length) => Scan::Record { length },
                None if quotes.open() => Scan::OpenQuote { breaks: 0 },
                None => Scan::Record { length: text.len() },
            };
            match (scan_record(&text, true, b','), expected) {
                (Scan::OpenQuote { .. }, Scan::OpenQuote { .. }) => {}
                (found, expected) => assert_eq!(found, expected, "{:?}", String::from_utf8_lossy(&text)),
            }
        }
    }

    fn read_guarded(text: &[u8]) -> Result<Vec<(u64, Vec<String>)>, Error> {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(Guarded::new(text, "t.csv", b','));
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| csv_error("t.csv", &e))?;
            rows.push((record.position().map_or(0, csv::Position::line), record.iter().map(String::from).collect()));
        }
        Ok(rows)
    }

    #[test]
    fn guarded_input_counts_lone_carriage_returns_as_lines() {
        let rows = read_guarded(b"h,i\ra,1\r\rb,2\r").unwrap();
        assert_eq!(rows, read_guarded(b"h,i\na,1\n\nb,2\n").unwrap(), "read as the same text with line feeds");
        assert_eq!(rows.iter().map(|(line, _)| *line).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(rows[2].1, ["b", "2"]);
    }

    #[test]
    fn guarded_input_refuses_an_open_quote_and_a_record_too_long() {
        let error = read_guarded(b"h,i\n\"a,1\nb,2\nc,3\n").unwrap_err();
        assert_eq!(error.code(), ErrorCode::MalformedInput);
        assert_eq!(error.details()["location"]["row"], 2, "the row where the quote opened");
        let zeros = std::io::repeat(0).take(10 * MAX_RECORD_BYTES as u64);
        let mut reader = csv::ReaderBuilder::new().from_reader(Guarded::new(zeros, "zero", b','));
        let error = csv_error("zero", &reader.headers().unwrap_err());
        assert_eq!(error.code(), ErrorCode::LimitExceeded);
        // A long quoted cell closed within the limit is fine.
        let cell = format!("h\n\"{}\"\n", "x\n".repeat(1000));
        assert_eq!(read_guarded(cell.as_bytes()).unwrap().len(), 2);
    }
}
