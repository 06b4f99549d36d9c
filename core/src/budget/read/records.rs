//! The record reader behind the budget CSV and Fiscal Data Package readers.
//!
//! The file is read in chunks into one reused buffer. Pieces of whole *plain* lines — no
//! carriage return other than before a line feed, valid UTF-8, quotes only around whole cells
//! with no quote, separator or line break inside — are validated in one call and split in one
//! pass over separators and line feeds; only the cells the plan reads are kept, as slices of the
//! buffer (no allocation per line). Any other record goes through [`parse_record`], which follows
//! the `csv` crate's rules exactly (RFC 4180 quotes, doubled quotes, line breaks inside quotes,
//! `\r`, `\n` and `\r\n` as terminators, blank lines skipped); the header is always read that
//! way. A large file is read in parts on several threads ([`read_file_rows`]).
//!
//! Rows are line numbers: the header's line is 1 and every line break before a record counts,
//! including blank lines and line breaks inside quoted cells (`\r\n` is one break, a lone `\r`
//! another). Memory: one chunk per thread and the longest record.

use super::{Layout, Numbers, ReadReport, RowPlan, RowState, SLOTS, UNREAD};
use crate::budget::model::LineSink;
use crate::csv_input::{too_long, unclosed_quote};
use crate::error::{Error, Location, Result};
use crate::limits::{MAX_RECORD_BYTES, record_too_long};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// How many bytes are read from the file at a time.
pub(crate) const CHUNK: usize = 1 << 18;

/// The byte order mark some spreadsheets write at the start of a UTF-8 file.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// What [`parse_record`] found at the start of its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parsed {
    /// A record of `length` bytes (its terminator included) holding `breaks` line breaks;
    /// not `terminated` when the end of the input ended it (inside a quoted cell, or after a
    /// last line without a line break).
    Record { length: usize, breaks: u64, terminated: bool },
    /// The record may go on past the input: read more first.
    NeedMore,
    /// The input ends inside a quoted cell, opened after `breaks` line breaks of the record: the
    /// csv crate would make the rest of the file one cell, shafaf refuses it (a typed error
    /// naming the row, where the record would silently vanish).
    OpenQuote { breaks: u64 },
    /// The record is longer than [`MAX_RECORD_BYTES`]; `open_quote`: the line breaks before a
    /// quoted cell still open at that point.
    TooLong { open_quote: Option<u64> },
}

/// Parses the record at the start of `data` (which is not a blank line) with the rules of the
/// `csv` crate's default reader: a quote opens a quoted cell only at the start of a cell, `""`
/// inside one is a quote, text after a closing quote is kept, `\r`, `\n` or `\r\n` ends the
/// record outside quotes, and the end of the file ends the record; a quoted cell still open at
/// the end of the file is [`Parsed::OpenQuote`], a record longer than [`MAX_RECORD_BYTES`]
/// [`Parsed::TooLong`] (so a read stays linear and its memory bounded).
/// The cells, unquoted, are written to `out`, each ending at the offset pushed to `ends`.
pub(crate) fn parse_record(
    data: &[u8],
    at_end: bool,
    delimiter: u8,
    out: &mut Vec<u8>,
    ends: &mut Vec<usize>,
) -> Parsed {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum State {
        StartField,
        InField,
        InQuoted,
        QuoteInQuoted,
    }
    out.clear();
    ends.clear();
    let mut state = State::StartField;
    let mut breaks = 0;
    let mut quote_breaks = 0;
    let mut index = 0;
    while let Some(&byte) = data.get(index) {
        if index > MAX_RECORD_BYTES {
            return Parsed::TooLong { open_quote: (state == State::InQuoted).then_some(quote_breaks) };
        }
        // The checks in the order of csv-core's automaton: quote, separator, terminator.
        state = match (state, byte) {
            (State::InQuoted, b'"') => State::QuoteInQuoted,
            (State::InQuoted, _) => {
                match (byte, data.get(index + 1)) {
                    (b'\n', _) => breaks += 1,
                    (b'\r', Some(b'\n')) => {}
                    (b'\r', None) if !at_end => return Parsed::NeedMore,
                    (b'\r', _) => breaks += 1,
                    _ => {}
                }
                out.push(byte);
                State::InQuoted
            }
            (State::QuoteInQuoted, b'"') => {
                out.push(b'"');
                State::InQuoted
            }
            (State::StartField, b'"') => {
                quote_breaks = breaks;
                State::InQuoted
            }
            _ if byte == delimiter => {
                ends.push(out.len());
                State::StartField
            }
            (_, b'\r' | b'\n') => {
                ends.push(out.len());
                let length = match (byte, data.get(index + 1)) {
                    (b'\r', Some(b'\n')) => index + 2,
                    (b'\r', None) if !at_end => return Parsed::NeedMore,
                    _ => index + 1,
                };
                return Parsed::Record { length, breaks: breaks + 1, terminated: true };
            }
            _ => {
                out.push(byte);
                State::InField
            }
        };
        index += 1;
    }
    if !at_end {
        return Parsed::NeedMore;
    }
    if state == State::InQuoted {
        return Parsed::OpenQuote { breaks: quote_breaks };
    }
    ends.push(out.len());
    Parsed::Record { length: data.len(), breaks, terminated: false }
}

/// The state of one read: the buffer, where the next line starts, and the line's number.
struct Records<R> {
    reader: R,
    /// Where `buffer` starts in the input.
    offset: u64,
    source: String,
    delimiter: u8,
    /// Plain lines can be split directly (the separator is not a quote or a line break).
    plain_ok: bool,
    buffer: Vec<u8>,
    /// How many bytes to read at a time.
    chunk: usize,
    /// Bytes of `buffer` already read as records.
    consumed: usize,
    /// The end of the file was reached: `buffer` holds the rest of it.
    finished: bool,
    /// The line number of the byte at `consumed`.
    next_line: u64,
    /// A record was ended by the end of the input rather than by a line break.
    unterminated: bool,
    /// About how many bytes of plain lines to read at a time (see [`Records::plain_lines`]).
    piece: usize,
    /// Cells of the last record read by [`parse_record`], and where each ends.
    out: Vec<u8>,
    ends: Vec<usize>,
}

impl<R: Read> Records<R> {
    /// Records of `reader`, whose first byte is on line `first_line`.
    fn new(reader: R, source: &str, delimiter: u8, chunk: usize, first_line: u64) -> Self {
        let chunk = chunk.max(1);
        Records {
            reader,
            offset: 0,
            source: source.to_string(),
            delimiter,
            plain_ok: !matches!(delimiter, b'"' | b'\r' | b'\n'),
            buffer: Vec::with_capacity(chunk + (chunk >> 2)),
            chunk,
            consumed: 0,
            finished: false,
            next_line: first_line,
            unterminated: false,
            piece: CHUNK,
            out: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// Where the next record starts in the input.
    fn position(&self) -> u64 {
        self.offset + self.consumed as u64
    }

    /// The line of a quoted cell the unread record leaves open, if it does.
    fn open_quote_line(&mut self) -> Option<u64> {
        let data = &self.buffer[self.consumed..];
        match parse_record(data, true, self.delimiter, &mut self.out, &mut self.ends) {
            Parsed::OpenQuote { breaks } | Parsed::TooLong { open_quote: Some(breaks) } => {
                Some(self.next_line + breaks)
            }
            _ => None,
        }
    }
}

impl<R: Read> Records<R> {
    /// Reads more of the file after the unread rest of the buffer. `false` at the end.
    fn fill(&mut self) -> Result<bool> {
        if self.finished {
            return Ok(false);
        }
        // What is left is the start of one record: past the limit, it is refused before the
        // buffer grows any further (a file without line breaks, a quote never closed).
        if self.buffer.len() - self.consumed > MAX_RECORD_BYTES + 2 {
            let quote = self.open_quote_line();
            return Err(too_long(&self.source, self.next_line, quote));
        }
        self.buffer.drain(..self.consumed);
        self.offset += self.consumed as u64;
        self.consumed = 0;
        let read = loop {
            match (&mut self.reader).take(self.chunk as u64).read_to_end(&mut self.buffer) {
                Ok(read) => break read,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::Io { path: self.source.clone(), message: e.to_string() }),
            }
        };
        self.finished = read == 0;
        Ok(true)
    }

    /// Skips blank lines, counting them. `false` when more input is needed to know.
    fn skip_blank_lines(&mut self) -> bool {
        loop {
            match self.buffer[self.consumed..] {
                [b'\n', ..] => self.consumed += 1,
                [b'\r', b'\n', ..] => self.consumed += 2,
                [b'\r'] if !self.finished => return false,
                [b'\r', ..] => self.consumed += 1,
                _ => return true,
            }
            self.next_line += 1;
        }
    }

    /// Reads the next record with [`parse_record`] into `out` and `ends` and returns its row;
    /// `None` at the end of the file.
    fn slow_record(&mut self) -> Result<Option<u64>> {
        loop {
            if self.skip_blank_lines() {
                let data = &self.buffer[self.consumed..];
                if data.is_empty() && self.finished {
                    return Ok(None);
                }
                if !data.is_empty() {
                    let parsed = parse_record(data, self.finished, self.delimiter, &mut self.out, &mut self.ends);
                    match parsed {
                        // A record reaching the end of what was read may go on: read more first.
                        Parsed::Record { length, breaks, terminated } if length < data.len() || self.finished => {
                            let row = self.next_line;
                            self.consumed += length;
                            self.next_line += breaks;
                            self.unterminated |= !terminated;
                            return Ok(Some(row));
                        }
                        Parsed::Record { .. } | Parsed::NeedMore => {}
                        Parsed::OpenQuote { breaks } => {
                            // A part of a file read in parts may end inside quotes that the next
                            // part closes: marked, the parts are dropped (see `Parts::read`).
                            self.unterminated = true;
                            return Err(unclosed_quote(&self.source, self.next_line + breaks));
                        }
                        Parsed::TooLong { open_quote } => {
                            let row = self.next_line;
                            return Err(too_long(&self.source, row, open_quote.map(|breaks| row + breaks)));
                        }
                    }
                }
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// The cells of the record in `out` as one text, or an error naming the first cell that is
    /// not UTF-8 (each cell must be valid on its own, as the csv crate checks).
    fn slow_text(&self, row: u64, name: impl Fn(usize) -> String) -> Result<&str> {
        let mut start = 0;
        let whole = std::str::from_utf8(&self.out);
        for (index, &end) in self.ends.iter().enumerate() {
            let valid = match whole {
                Ok(text) => text.is_char_boundary(start) && text.is_char_boundary(end),
                Err(_) => std::str::from_utf8(&self.out[start..end]).is_ok(),
            };
            if !valid {
                return Err(Error::MalformedInput {
                    location: Location::in_source(self.source.as_str()).row(row).field(name(index)),
                    format: "CSV".into(),
                    message: "the cell is not UTF-8 text".into(),
                });
            }
            start = end;
        }
        Ok(whole.unwrap_or_default())
    }

    /// The cell `index` of the record in `out`, in `text` (from [`Records::slow_text`]).
    fn slow_cell<'t>(&self, text: &'t str, index: usize) -> &'t str {
        let start = index.checked_sub(1).and_then(|i| self.ends.get(i)).copied().unwrap_or(0);
        self.ends.get(index).and_then(|&end| text.get(start..end)).unwrap_or_default()
    }
}

/// Reads a budget CSV stream: the header (row 1, after any blank lines) goes to `plan`, which
/// says which cells to read, then every record goes to the plan and on to `sink`.
pub(crate) fn read_rows(
    reader: impl Read,
    source: &str,
    delimiter: u8,
    plan: impl FnOnce(Vec<String>) -> Result<RowPlan>,
    sink: &mut impl LineSink,
) -> Result<ReadReport> {
    read_rows_in_chunks(reader, source, delimiter, plan, sink, CHUNK)
}

/// [`read_rows`] reading `chunk` bytes at a time (tests use tiny chunks to put chunk
/// boundaries everywhere).
pub(crate) fn read_rows_in_chunks(
    reader: impl Read,
    source: &str,
    delimiter: u8,
    plan: impl FnOnce(Vec<String>) -> Result<RowPlan>,
    sink: &mut impl LineSink,
    chunk: usize,
) -> Result<ReadReport> {
    let (mut records, plan) = start(reader, source, delimiter, plan, chunk)?;
    let layout = plan.layout();
    let mut direct = Direct::new(&plan, &layout, sink);
    records.drive(&plan, &mut direct)?;
    Ok(direct.report)
}

/// Opens a read: the first chunk, the byte order mark, the header and the plan made from it.
fn start<R: Read>(
    reader: R,
    source: &str,
    delimiter: u8,
    plan: impl FnOnce(Vec<String>) -> Result<RowPlan>,
    chunk: usize,
) -> Result<(Records<R>, RowPlan)> {
    let mut records = Records::new(reader, source, delimiter, chunk, 1);
    records.fill()?;
    if records.buffer.starts_with(BOM) {
        records.consumed = BOM.len();
    }
    let header = match records.slow_record()? {
        Some(row) => {
            let text = records.slow_text(row, |index| format!("column {}", index + 1))?;
            (0..records.ends.len()).map(|index| records.slow_cell(text, index).to_string()).collect()
        }
        None => Vec::new(),
    };
    let plan = plan(header)?;
    Ok((records, plan))
}

/// Records read with a plan and pushed into a sink (also the table reader's, `table.rs`).
pub(super) struct Direct<'p, 's, S> {
    plan: &'p RowPlan,
    pub(super) layout: &'p Layout,
    pub(super) state: RowState,
    pub(super) report: ReadReport,
    sink: &'s mut S,
    /// The cells of the plain record being split, by slot, as byte ranges of its text.
    spans: [(usize, usize); SLOTS],
}

impl<'p, 's, S: LineSink> Direct<'p, 's, S> {
    pub(super) fn new(plan: &'p RowPlan, layout: &'p Layout, sink: &'s mut S) -> Self {
        let report = ReadReport { source: plan.source.clone(), ..ReadReport::default() };
        Direct { plan, layout, state: RowState::new(), report, sink, spans: [(0, 0); SLOTS] }
    }

    /// Reads a record, given by the cells of its slots, with the plan and pushes it into the sink.
    #[inline]
    pub(super) fn record(&mut self, cells: &[&str; SLOTS], numbers: &Numbers, row: u64) -> Result<()> {
        self.report.rows += 1;
        if self.plan.row(self.layout, &mut self.state, cells, numbers, row, self.sink)? {
            self.report.lines += 1;
        } else {
            self.report.skipped += 1;
        }
        Ok(())
    }
}

impl<S: LineSink> PlainRecords for Direct<'_, '_, S> {
    #[inline]
    fn width(&self) -> usize {
        self.layout.slot_of.len()
    }

    #[inline]
    fn cell(&mut self, field: usize, span: (usize, usize)) {
        let slot = self.layout.slot_of.get(field).copied().unwrap_or(UNREAD);
        if slot != UNREAD {
            self.spans[usize::from(slot)] = span;
        }
    }

    #[inline]
    fn record(&mut self, text: &str, fields: usize, row: u64) -> Result<()> {
        // A short record: the cells it lacks are empty.
        for &slot in self.layout.slot_of.get(fields..).unwrap_or_default() {
            if slot != UNREAD {
                self.spans[usize::from(slot)] = (0, 0);
            }
        }
        let mut cells = [""; SLOTS];
        for (cell, &(start, end)) in cells.iter_mut().zip(&self.spans[..self.layout.columns.len()]) {
            // Separators and line feeds are ASCII, so every cut is a character boundary.
            *cell = text.get(start..end).unwrap_or_default();
        }
        self.record(&cells, &[None, None], row)
    }

    fn source(&self) -> &str {
        &self.plan.source
    }
}

/// What the plain split ([`read_plain`]) hands the cells of each record to.
pub(super) trait PlainRecords {
    /// How many cells of a record are read: past them, the split goes to the line's end.
    fn width(&self) -> usize;
    /// Cell `field` (0-based) of the record being split is the byte range `span` of the text.
    fn cell(&mut self, field: usize, span: (usize, usize));
    /// The record being split, of `fields` cells, is whole: row `row` of `text`.
    fn record(&mut self, text: &str, fields: usize, row: u64) -> Result<()>;
    /// The file's name, for errors.
    fn source(&self) -> &str;
}

/// Every cell of every record, handed to a function (the ministry layout's reader, which
/// looks at every cell), with the rest of the line as one text past `width` cells.
struct AllCells<'f, F> {
    spans: Vec<(usize, usize)>,
    each: &'f mut F,
    source: &'f str,
    /// Cells past this many may come joined, as the rest of the line (see [`for_each_record_narrowing`]).
    width: usize,
    /// The width the splitter took for the piece of lines it is splitting (it reads `width`
    /// once a piece): a record's cells are read by it, whatever `width` has become meanwhile.
    split_width: std::cell::Cell<usize>,
}

impl<F: FnMut(u64, &[&str], Option<&str>, &mut usize) -> Result<()>> AllCells<'_, F> {
    /// Hands `text`'s cells at `spans` to the function: the first `cells` of them, and the
    /// text of the next one, if any, as the rest of the line.
    fn hand_over(&mut self, text: &str, cells: usize, row: u64) -> Result<()> {
        let span = |&(start, end): &(usize, usize)| text.get(start..end).unwrap_or_default();
        let rest = self.spans.get(cells).filter(|_| cells < self.spans.len()).map(span);
        let spans = &self.spans[..cells.min(self.spans.len())];
        // On the stack for the usual widths (no allocation per record).
        let mut stack = [""; 32];
        let wide: Vec<&str>;
        let cells: &[&str] = if spans.len() <= stack.len() {
            for (cell, span_at) in stack.iter_mut().zip(spans) {
                *cell = span(span_at);
            }
            &stack[..spans.len()]
        } else {
            wide = spans.iter().map(span).collect();
            &wide
        };
        (self.each)(row, cells, rest, &mut self.width)
    }
}

impl<F: FnMut(u64, &[&str], Option<&str>, &mut usize) -> Result<()>> PlainRecords for AllCells<'_, F> {
    fn width(&self) -> usize {
        self.split_width.set(self.width);
        self.width
    }

    #[inline]
    fn cell(&mut self, field: usize, span: (usize, usize)) {
        if field == 0 {
            self.spans.clear();
        }
        self.spans.push(span);
    }

    #[inline]
    fn record(&mut self, text: &str, _fields: usize, row: u64) -> Result<()> {
        // Split at separators, no cell holds one: one past the width is the rest of the line
        // (when the splitter skipped to the line's end) or the last cell, both read alike.
        let width = self.split_width.get();
        let cells = if self.spans.len() == width.saturating_add(1) { width } else { self.spans.len() };
        self.hand_over(text, cells, row)
    }

    fn source(&self) -> &str {
        self.source
    }
}

/// Calls `each` with every record of `reader` (CSV text with `delimiter`, named `source` in
/// errors), as its row and all its cells, in file order, with the rules of [`read_rows`]:
/// blank lines skipped, rows numbered by line from `first_line` (1: the start of a file, whose
/// byte order mark is skipped), a quote left open or a record too long refused. Stops at the
/// first error, of the text or of `each`. Returns the line after the last record.
pub(crate) fn for_each_record(
    reader: impl Read,
    source: &str,
    delimiter: u8,
    first_line: u64,
    mut each: impl FnMut(u64, &[&str]) -> Result<()>,
) -> Result<u64> {
    for_each_record_narrowing(reader, source, delimiter, first_line, |row, cells, _, _| each(row, cells))
}

/// [`for_each_record`] for a function that needs only the first cells of most records: it
/// may change the width (its last argument, at first unlimited); past that many cells, a
/// record's cells can come joined as the rest of its line (its third argument, `None`
/// otherwise), separators included. A row of quoted cells comes whole. Splitting stops at the
/// width, so a function reading the first cells of wide rows costs less.
pub(crate) fn for_each_record_narrowing(
    reader: impl Read,
    source: &str,
    delimiter: u8,
    first_line: u64,
    mut each: impl FnMut(u64, &[&str], Option<&str>, &mut usize) -> Result<()>,
) -> Result<u64> {
    let mut records = Records::new(reader, source, delimiter, CHUNK, first_line);
    records.fill()?;
    if first_line == 1 && records.buffer.starts_with(BOM) {
        records.consumed = BOM.len();
    }
    let mut all = AllCells {
        spans: Vec::new(),
        each: &mut each,
        source,
        width: usize::MAX,
        split_width: std::cell::Cell::new(usize::MAX),
    };
    loop {
        if records.plain_ok {
            records.plain_lines(&mut all)?;
        }
        let Some(row) = records.slow_record()? else { return Ok(records.next_line) };
        let text = records.slow_text(row, crate::sheet::column_letters)?;
        all.spans.clear();
        let mut start = 0;
        for &end in &records.ends {
            all.spans.push((start, end));
            start = end;
        }
        // Read by the CSV rules, a cell may hold a separator: the record comes whole.
        all.hand_over(text, records.ends.len(), row)?;
    }
}

/// The least data a part of a file read on a thread of its own holds: below that, a thread
/// costs more than it saves.
pub(super) const MIN_PART: u64 = 4 << 20;

/// Reads a budget CSV file like [`read_rows`]. A large file, on a machine with several cores and
/// into a sink that can [`fork`](LineSink::fork), is read in parts, one per core, each on its
/// own thread into its own fork; the forks are merged into `sink` in file order. Parts start
/// after a line feed, and each part's rows are numbered by counting the line breaks before it,
/// so rows are those of a one-thread read. A part boundary falls inside a quoted cell only when
/// the part before it ends inside quotes: then the parts are dropped and the file is read on one
/// thread. So the result, or the first error in file order, is that of [`read_rows`] (see
/// [`LineSink::merge`] for the one difference, at the limit of the `Decimal` range).
/// Memory: one chunk per thread, and the sinks.
pub(crate) fn read_file_rows<S: LineSink + Send>(
    path: &Path,
    source: &str,
    delimiter: u8,
    plan: impl FnOnce(Vec<String>) -> Result<RowPlan>,
    sink: &mut S,
) -> Result<ReadReport> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    read_file_rows_in_parts(path, source, delimiter, plan, sink, threads, MIN_PART)
}

/// [`read_file_rows`] with at most `parts` parts of at least `min_part` bytes (tests use more
/// parts than cores, and tiny ones).
pub(crate) fn read_file_rows_in_parts<S: LineSink + Send>(
    path: &Path,
    source: &str,
    delimiter: u8,
    plan: impl FnOnce(Vec<String>) -> Result<RowPlan>,
    sink: &mut S,
    parts: usize,
    min_part: u64,
) -> Result<ReadReport> {
    let open = || std::fs::File::open(path).map_err(|e| Error::io(path, &e));
    let file = open()?;
    // Not a regular file (a pipe), or no size: one part.
    let size = file.metadata().ok().filter(std::fs::Metadata::is_file).map_or(0, |m| m.len());
    let (mut records, plan) = start(file, source, delimiter, plan, CHUNK)?;
    // A year column and no year chosen: all the years are listed before any line is read
    // (parts cannot compare their years with one another).
    if let Some(column) = plan.one_year {
        match super::fiscal_years_in_file(path, delimiter, column) {
            Ok(years) if years.len() > 1 => {
                return Err(Error::SeveralFiscalYears {
                    location: Location::in_source(source).field(plan.header.get(column).map_or("?", String::as_str)),
                    years: years.join(", "),
                });
            }
            Ok(_) => {}
            // The listing stopped at an unreadable row further on: the read below meets it in
            // its turn, after the rows before it (whose own errors come first, as streamed).
            Err(_) => {}
        }
    }
    let layout = plan.layout();
    let data = records.position();
    let parts = (size.saturating_sub(data) / min_part.max(1)).min(parts as u64) as usize;
    if parts > 1 {
        let bounds = part_bounds(open()?, data, size, parts).map_err(|e| Error::io(path, &e))?;
        let first_line = records.next_line;
        if bounds.len() > 1 {
            let parts = Parts { open: &open, source, delimiter, plan: &plan, layout: &layout, bounds, first_line };
            if let Some(report) = parts.read(sink)? {
                return Ok(report);
            }
        }
        // One part (no line feed near a boundary), or a quoted cell crossed a boundary: the
        // header's read goes on, on this thread.
    }
    let mut direct = Direct::new(&plan, &layout, sink);
    records.drive(&plan, &mut direct)?;
    Ok(direct.report)
}

/// Where the parts start: `data`, then the byte after the first line feed at or after each
/// `data + k × (size − data) / parts`; the last part runs to the end of the file.
fn part_bounds(file: std::fs::File, data: u64, size: u64, parts: usize) -> std::io::Result<Vec<u64>> {
    let targets: Vec<u64> = (1..parts as u64).map(|part| data + (size - data) * part / parts as u64).collect();
    bounds_after(file, data, &targets, size)
}

/// The bounds of parts starting at `data` and then after the first line feed at or after each
/// of `targets` (ascending); a target in a line longer than 64 KiB, or past the last line feed,
/// gives no bound.
pub(super) fn bounds_after(
    mut file: std::fs::File,
    data: u64,
    targets: &[u64],
    size: u64,
) -> std::io::Result<Vec<u64>> {
    let mut bounds = vec![data];
    let mut window = vec![0; 1 << 16];
    for &target in targets {
        file.seek(SeekFrom::Start(target))?;
        let read = (&mut file).take(window.len() as u64).read(&mut window)?;
        // A line longer than the window: no bound there.
        if let Some(newline) = memchr::memchr(b'\n', &window[..read]) {
            let bound = target + newline as u64 + 1;
            if bound > *bounds.last().unwrap_or(&data) && bound < size {
                bounds.push(bound);
            }
        }
    }
    Ok(bounds)
}

/// What one part of a file gave.
struct Part<S> {
    outcome: Result<()>,
    report: ReadReport,
    /// No record of the part was ended by the part's end (the last one ended on a line break
    /// outside quotes, so the next part starts on a record).
    clean: bool,
    sink: S,
}

/// The parts of one file: how to open it, how to read its records, and where each part starts
/// (the first, on line `first_line`, where the data starts).
struct Parts<'a, F> {
    open: &'a F,
    source: &'a str,
    delimiter: u8,
    plan: &'a RowPlan,
    layout: &'a Layout,
    bounds: Vec<u64>,
    first_line: u64,
}

impl<F: Fn() -> Result<std::fs::File> + Sync> Parts<'_, F> {
    /// Reads the parts on one thread each and merges them into `sink`; `None` when a quoted
    /// cell crosses a boundary (or the sink does not fork).
    fn read<S: LineSink + Send>(&self, sink: &mut S) -> Result<Option<ReadReport>> {
        let Some(forks) = self.bounds.iter().map(|_| sink.fork()).collect::<Option<Vec<S>>>() else {
            return Ok(None);
        };
        let results: Vec<Part<S>> = std::thread::scope(|scope| {
            let mut forks = forks.into_iter().enumerate();
            let first = forks.next();
            let others: Vec<_> = forks.map(|(index, fork)| scope.spawn(move || self.part(index, fork))).collect();
            let mut results: Vec<Part<S>> = first.into_iter().map(|(index, fork)| self.part(index, fork)).collect();
            // A part's thread does not panic; if it did, the panic goes on here.
            results.extend(
                others.into_iter().map(|handle| handle.join().unwrap_or_else(|p| std::panic::resume_unwind(p))),
            );
            results
        });
        let last = results.len() - 1;
        let mut report = ReadReport { source: self.plan.source.clone(), ..ReadReport::default() };
        let mut merged = Vec::with_capacity(results.len());
        for (index, part) in results.into_iter().enumerate() {
            // The part ended inside a quoted cell (its last record, or its error, may be wrong).
            if !part.clean && index < last {
                return Ok(None);
            }
            // Every part before this one ended cleanly, so this one started on a record: its
            // error is the read's first.
            part.outcome?;
            report.rows += part.report.rows;
            report.lines += part.report.lines;
            report.skipped += part.report.skipped;
            merged.push(part.sink);
        }
        for part in merged {
            sink.merge(part)?;
        }
        Ok(Some(report))
    }

    /// Reads part `index` into `fork`.
    fn part<S: LineSink>(&self, index: usize, mut fork: S) -> Part<S> {
        let (data, start, end) = (self.bounds[0], self.bounds[index], self.bounds.get(index + 1).copied());
        let mut direct = Direct::new(self.plan, self.layout, &mut fork);
        let mut clean = false;
        let mut run = || -> Result<()> {
            let mut file = (self.open)()?;
            let io = |e: std::io::Error| Error::Io { path: self.source.to_string(), message: e.to_string() };
            // This part's rows: after every line break before it.
            file.seek(SeekFrom::Start(data)).map_err(io)?;
            let first = self.first_line + count_line_breaks((&mut file).take(start - data)).map_err(io)?;
            let reader = file.take(end.map_or(u64::MAX, |end| end - start));
            let mut records = Records::new(reader, self.source, self.delimiter, CHUNK, first);
            let outcome = records.drive(self.plan, &mut direct);
            clean = !records.unterminated;
            outcome
        };
        let outcome = run();
        let report = direct.report;
        Part { outcome, report, clean, sink: fork }
    }
}

/// How many line breaks `reader` holds, as rows are counted: `\n`, `\r\n` and a lone `\r` are
/// one each.
fn count_line_breaks(mut reader: impl Read) -> std::io::Result<u64> {
    let mut buffer = vec![0; CHUNK];
    let mut breaks = 0;
    // The previous chunk ended with `\r`: a break unless this one starts with `\n`.
    let mut pending_return = false;
    loop {
        let read = match reader.read(&mut buffer) {
            Ok(0) => return Ok(breaks + u64::from(pending_return)),
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let bytes = &buffer[..read];
        if pending_return && bytes[0] != b'\n' {
            breaks += 1;
        }
        // Counted in runs of 255 bytes into one byte each, which the compiler vectorises.
        breaks += bytes
            .chunks(255)
            .map(|run| u64::from(run.iter().fold(0_u8, |count, &byte| count.wrapping_add(u8::from(byte == b'\n')))))
            .sum::<u64>();
        breaks += memchr::memchr_iter(b'\r', bytes).filter(|&at| bytes.get(at + 1).is_some_and(|&b| b != b'\n')).count()
            as u64;
        pending_return = bytes.last() == Some(&b'\r');
    }
}

impl<R: Read> Records<R> {
    /// Hands every record after the header to `direct`, in file order.
    fn drive<S: LineSink>(&mut self, plan: &RowPlan, direct: &mut Direct<'_, '_, S>) -> Result<()> {
        loop {
            if self.plain_ok {
                self.plain_lines(direct)?;
            }
            let Some(row) = self.slow_record()? else { return Ok(()) };
            let name =
                |index: usize| plan.header.get(index).cloned().unwrap_or_else(|| format!("column {}", index + 1));
            let text = self.slow_text(row, name)?;
            let mut cells = [""; SLOTS];
            for (slot, column) in direct.layout.columns.iter().enumerate() {
                cells[slot] = self.slow_cell(text, *column);
            }
            direct.record(&cells, &[None, None], row)?;
        }
    }

    /// Reads the plain lines from `consumed` on, reading more of the file as needed, and stops
    /// before the first line that [`parse_record`] must read (or at the end of the file).
    ///
    /// Lines are taken a piece of about [`Records::piece`] bytes at a time: the piece is checked
    /// to be UTF-8 as a whole, then split. A line whose quotes the split cannot read ends the
    /// piece early, and the next piece starts small ([`MIN_PIECE`]) and doubles up to [`CHUNK`]
    /// while lines read plainly, so that a file full of such lines does not have a whole chunk
    /// checked again for each of them.
    fn plain_lines(&mut self, records: &mut impl PlainRecords) -> Result<()> {
        loop {
            let window = &self.buffer[self.consumed..];
            // Whole lines only, unless the file has ended.
            let complete = if self.finished {
                window.len()
            } else {
                memchr::memrchr(b'\n', window).map_or(0, |newline| newline + 1)
            };
            let window = &window[..complete];
            let limit = match window.get(self.piece..) {
                Some(rest) => memchr::memchr(b'\n', rest).map_or(complete, |newline| self.piece + newline + 1),
                None => complete,
            };
            let mut stop = special(&window[..limit]).map(|at| line_start(window, at));
            let mut end = stop.unwrap_or(limit);
            let text = match simdutf8::compat::from_utf8(&window[..end]) {
                Ok(text) => text,
                Err(error) => {
                    // The line with the bad byte goes to parse_record, which names its cell.
                    end = line_start(window, error.valid_up_to());
                    stop = Some(end);
                    std::str::from_utf8(&window[..end]).unwrap_or_default()
                }
            };
            let (lines, read) = read_plain(text, self.delimiter, self.next_line, records)?;
            self.next_line += lines;
            self.consumed += read;
            if read < end {
                // A quoted cell for parse_record.
                self.piece = MIN_PIECE;
                return Ok(());
            }
            self.piece = (self.piece * 2).min(CHUNK);
            if stop.is_some() {
                return Ok(());
            }
            if end == complete && !self.fill()? {
                return Ok(());
            }
        }
    }
}

/// The smallest piece of plain lines read at a time (see [`Records::plain_lines`]).
const MIN_PIECE: usize = 1 << 10;

/// The first carriage return of `window` not followed by a line feed: plain splitting leaves
/// such a line to [`parse_record`].
fn special(window: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(offset) = memchr::memchr(b'\r', &window[from..]) {
        let at = from + offset;
        if window.get(at + 1) != Some(&b'\n') {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// The start of the line holding byte `at`.
fn line_start(window: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &window[..at]).map_or(0, |newline| newline + 1)
}

/// How a cell split at separators reads by the csv crate's rules: its bytes (a quote inside an
/// unquoted cell is text), or the inside of the quotes around it. `None` when a quote at its
/// start does not simply enclose it (a separator or line break inside quotes, a doubled quote,
/// text after the closing quote): [`parse_record`] must read the record.
#[inline]
fn unquoted(bytes: &[u8], start: usize, end: usize) -> Option<(usize, usize)> {
    if start >= end || bytes[start] != b'"' {
        return Some((start, end));
    }
    let inside = bytes.get(start + 1..end.checked_sub(1)?)?;
    (bytes[end - 1] == b'"' && !inside.contains(&b'"')).then_some((start + 1, end - 1))
}

/// Splits whole plain lines (the last one may lack its line feed at the end of the file) in one
/// pass over separators and line feeds, and hands each record's cells to `records`. Stops before
/// the first line with a cell [`unquoted`] cannot read. Returns how many lines it read, and how
/// many bytes.
fn read_plain(text: &str, delimiter: u8, first_line: u64, records: &mut impl PlainRecords) -> Result<(u64, usize)> {
    let bytes = text.as_bytes();
    let width = records.width();
    let mut line = first_line;
    let mut line_start = 0;
    let mut quoted_badly = false;
    let mut field = 0;
    let mut start = 0;
    let mut last = (!bytes.is_empty() && !bytes.ends_with(b"\n")).then_some(bytes.len());
    let mut separators = Separators::new(bytes, delimiter);
    while let Some(end) = separators.next().or_else(|| last.take()) {
        let at_line_end = bytes.get(end).is_none_or(|byte| *byte == b'\n');
        let cut = if at_line_end && end > start && bytes[end - 1] == b'\r' { end - 1 } else { end };
        match unquoted(bytes, start, cut) {
            Some(span) => records.cell(field, span),
            None => quoted_badly = true,
        }
        field += 1;
        let cell_start = start;
        start = end + 1;
        if !at_line_end {
            if field == width {
                // No cell after this one is read: go to the line's end at once (a wide file
                // costs no more than a narrow one), unless a quote in the rest of the line
                // could hold a line break, in which case its cells are split as any others.
                let rest = &bytes[start..];
                let line_end = memchr::memchr(b'\n', rest).map_or(bytes.len(), |newline| start + newline);
                if memchr::memchr(b'"', &bytes[start..line_end]).is_none() {
                    separators.seek(line_end);
                }
            }
            continue;
        }
        if quoted_badly {
            return Ok((line - first_line, line_start));
        }
        if end - line_start > MAX_RECORD_BYTES {
            return Err(record_too_long(records.source(), line));
        }
        let row = line;
        line += 1;
        line_start = start;
        // A blank line (nothing, or a lone `\r` before the line feed) is skipped, as the csv
        // crate does.
        let blank = field == 1 && matches!(&bytes[cell_start..end], b"" | b"\r");
        if !blank {
            records.record(text, field, row)?;
        }
        field = 0;
    }
    Ok((line - first_line, bytes.len()))
}

/// The positions of the separator and of line feeds in `bytes`. They are found 64 bytes at a
/// time: each 8-byte word is compared in a `u64` (SWAR: safe code), its matches gathered into 8
/// bits of one 64-bit mask per block, whose bits are then read off one by one. So the loop
/// over matches leaves its block once per 64 bytes, not once per cell (cells are a few bytes
/// long, and each such exit is a branch the processor cannot predict).
struct Separators<'a> {
    bytes: &'a [u8],
    /// Where the next block starts.
    next: usize,
    /// Where the current block starts, and its matches (bit `i` for byte `base + i`).
    base: usize,
    matches: u64,
    delimiter: u64,
    /// A byte that is neither the separator nor a line feed, to pad the last block.
    pad: u8,
}

const LOW_SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const EVERY_BYTE: u64 = 0x0101_0101_0101_0101;
const BLOCK: usize = 64;

/// The high bit of every zero byte of `word`, and nothing else (exact: no carry between bytes).
#[inline]
fn zero_bytes(word: u64) -> u64 {
    !((((word & LOW_SEVEN) + LOW_SEVEN) | word) | LOW_SEVEN)
}

/// The high bits of the eight bytes of `high` (as [`zero_bytes`] gives) as eight bits, byte `i`
/// to bit `i`: the multiplication moves each bit to the top byte without carries.
#[inline]
fn gather(high: u64) -> u64 {
    ((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

impl<'a> Separators<'a> {
    fn new(bytes: &'a [u8], delimiter: u8) -> Self {
        let pad = if delimiter == b'a' { b'b' } else { b'a' };
        Separators { bytes, next: 0, base: 0, matches: 0, delimiter: EVERY_BYTE * u64::from(delimiter), pad }
    }

    /// Goes on from `position` (a line feed or the end of the bytes): the next match is there.
    fn seek(&mut self, position: usize) {
        self.next = position;
        self.matches = 0;
    }

    /// The matches of one block of 64 bytes.
    #[inline]
    fn block_matches(&self, block: &[u8; BLOCK]) -> u64 {
        let mut matches = 0;
        for (index, word) in block.chunks_exact(8).enumerate() {
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            let high = zero_bytes(word ^ self.delimiter) | zero_bytes(word ^ (EVERY_BYTE * u64::from(b'\n')));
            matches |= gather(high) << (8 * index);
        }
        matches
    }
}

impl Iterator for Separators<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.matches == 0 {
            let rest = self.bytes.get(self.next..).filter(|rest| !rest.is_empty())?;
            self.matches = match rest.first_chunk::<BLOCK>() {
                Some(block) => self.block_matches(block),
                None => {
                    let mut padded = [self.pad; BLOCK];
                    padded[..rest.len()].copy_from_slice(rest);
                    self.block_matches(&padded)
                }
            };
            self.base = self.next;
            self.next += BLOCK;
        }
        let at = self.base + self.matches.trailing_zeros() as usize;
        self.matches &= self.matches - 1;
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::model::{Budget, BudgetInfo, SkipReason};
    use crate::budget::read::csv::CsvFormat;
    use proptest::prelude::*;

    /// Every record as the csv crate's default reader (flexible, no header) splits it.
    fn csv_crate_records(data: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
        let mut reader =
            ::csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(data);
        let mut record = ::csv::ByteRecord::new();
        let mut records = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            records.push(record.iter().map(<[u8]>::to_vec).collect());
        }
        records
    }

    /// Every record as [`parse_record`] splits it, with its line number.
    fn our_records(data: &[u8], delimiter: u8) -> Vec<(u64, Vec<Vec<u8>>)> {
        try_our_records(data, delimiter).unwrap()
    }

    /// [`our_records`], or the read's error (a quote left open at the end).
    fn try_our_records(data: &[u8], delimiter: u8) -> crate::error::Result<Vec<(u64, Vec<Vec<u8>>)>> {
        let mut records = Records::new(&b""[..], "t", delimiter, CHUNK, 1);
        records.plain_ok = false;
        records.buffer = data.to_vec();
        records.finished = true;
        let mut all = Vec::new();
        while let Some(row) = records.slow_record()? {
            let mut start = 0;
            let cells = records
                .ends
                .iter()
                .map(|&end| {
                    let cell = records.out[start..end].to_vec();
                    start = end;
                    cell
                })
                .collect();
            all.push((row, cells));
        }
        Ok(all)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Quotes anywhere, doubled quotes, separators and line breaks inside quotes, `\r`,
        /// `\n`, `\r\n`, blank lines, text after a closing quote: split as the csv crate does.
        #[test]
        fn records_split_as_the_csv_crate_does(
            bytes in prop::collection::vec(prop::sample::select(vec![b'a', b',', b';', b'"', b'\r', b'\n', b' ', 0xc3, 0xa9]), 0..40),
            semicolon in any::<bool>(),
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            match try_our_records(&bytes, delimiter) {
                Ok(ours) => {
                    let ours: Vec<Vec<Vec<u8>>> = ours.into_iter().map(|(_, cells)| cells).collect();
                    prop_assert_eq!(ours, csv_crate_records(&bytes, delimiter));
                }
                // Where the csv crate makes the rest of the file one cell, shafaf names the
                // quote; closing it makes the file read as the csv crate reads it.
                Err(error) => {
                    prop_assert_eq!(error.code(), crate::ErrorCode::MalformedInput);
                    let mut closed = bytes.clone();
                    closed.push(b'"');
                    let ours: Vec<Vec<Vec<u8>>> =
                        our_records(&closed, delimiter).into_iter().map(|(_, cells)| cells).collect();
                    prop_assert_eq!(ours, csv_crate_records(&closed, delimiter));
                }
            }
        }
    }

    /// Reads `text` with `chunk`-byte reads into a budget, with the plain split or without it
    /// (every record through parse_record, which is checked against the csv crate above).
    fn read_with(text: &[u8], chunk: usize, plain: bool) -> std::result::Result<(ReadReport, Budget), String> {
        let format = CsvFormat::default();
        let mut budget = Budget::new(BudgetInfo::new(2025));
        let mut read = || -> crate::error::Result<ReadReport> {
            let (mut records, plan) = start(text, "t.csv", b',', |header| format.plan(&header, "t.csv"), chunk)?;
            records.plain_ok = plain;
            let layout = plan.layout();
            let mut direct = Direct::new(&plan, &layout, &mut budget);
            records.drive(&plan, &mut direct)?;
            Ok(direct.report)
        };
        let report = read();
        report.map(|report| (report, budget)).map_err(|e| e.to_string())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// The plain split reads every file as parse_record does: quoted cells, quotes inside
        /// cells, separators and line breaks inside quotes, `\r\n`, lone `\r`, blank lines.
        #[test]
        fn the_plain_split_reads_as_parse_record(
            lines in prop::collection::vec(
                (
                    prop::sample::select(vec!["revenue", "\"expenditure\"", "\"revenue\"x"]),
                    prop::collection::vec(prop::sample::select(vec!["a", ",", "\"", "\"\"", "\r", "\n", " ", "é"]), 0..6),
                    prop::sample::select(vec!["", "\"\"", "\"04.5\"", "07\"3", "\"1,2\"", "\"x\"\"y\""]),
                    prop::sample::select(vec!["1", "\"2.5\"", "\"1,234\"", "nfp", "\"\""]),
                    // Cells after the last column read: skipped at once unless quoted.
                    prop::sample::select(vec!["", ",x", ",x,y,z", ",\"a\nb\",c", ",\"\"", ",a\"b", ",é,\"x,y\""]),
                    prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n", ""]),
                ),
                0..25,
            ),
            chunk in prop::sample::select(vec![1usize, 7, 64, CHUNK]),
        ) {
            let mut text = String::from("direction,label,functional,amount,remark\n");
            for (direction, label, functional, amount, rest, end) in &lines {
                text.push_str(&format!("{direction},{},{functional},{amount}{rest}{end}", label.concat()));
            }
            prop_assert_eq!(read_with(text.as_bytes(), chunk, true), read_with(text.as_bytes(), chunk, false));
        }
    }

    #[test]
    fn simply_quoted_cells_take_the_plain_split() {
        assert_eq!(unquoted(b"\"ab\"", 0, 4), Some((1, 3)));
        assert_eq!(unquoted(b"\"\"", 0, 2), Some((1, 1)));
        assert_eq!(unquoted(b"a\"b", 0, 3), Some((0, 3)), "a quote inside an unquoted cell is text");
        for cell in [&b"\""[..], b"\"a", b"\"a\"\"b\"", b"\"a\"b", b"\"\"\""] {
            assert_eq!(unquoted(cell, 0, cell.len()), None, "{:?}", String::from_utf8_lossy(cell));
        }
    }

    #[test]
    fn record_rows_count_every_line_break() {
        let data = b"h\r\n\r\na,\"x\r\ny\"\r\n\nb\rc\r\n\"closed\n\"\n";
        let rows: Vec<u64> = our_records(data, b',').into_iter().map(|(row, _)| row).collect();
        // a: line 3; its quoted cell holds one break; b after a blank line at 5: 6; c after
        // the lone \r: 7; the quoted cell on two lines: 8.
        assert_eq!(rows, [1, 3, 6, 7, 8]);
        // A quote that runs to the end of the file is an error naming its row, not a last record.
        let error = try_our_records(b"h\r\n\r\na,\"x\r\ny\"\r\n\nb\rc\r\n\"open\n", b',').unwrap_err();
        assert_eq!(error.details()["location"]["row"], 8);
    }

    /// Reads `text` with `chunk`-byte reads into a budget (every read cell kept).
    fn read(text: &[u8], chunk: usize) -> crate::error::Result<(ReadReport, Budget)> {
        let format = CsvFormat::default();
        let mut budget = Budget::new(BudgetInfo::new(2025));
        let report =
            read_rows_in_chunks(text, "t.csv", b',', |header| format.plan(&header, "t.csv"), &mut budget, chunk)?;
        Ok((report, budget))
    }

    #[test]
    fn chunk_boundaries_anywhere_read_the_same() {
        let text = "\u{feff}direction,functional,label,amount\r\n\
                    expenditure,04.5,\"Routes, \"\"rurales\"\"\r\net pistes\",\"1,200.50\"\r\n\
                    \r\n\
                    revenue,,Dotation,nfp\n\
                    expenditure,07.3,Santé,12\r\
                    expenditure, 09.4 ,École,\"3\"\n\
                    expenditure,01.1,\"quoted\nat the end\",7";
        let (report, whole) = read(text.as_bytes(), CHUNK).unwrap();
        assert_eq!((report.rows, report.lines, report.skipped), (5, 4, 1));
        let rows: Vec<Option<u64>> = whole.lines.iter().map(|l| l.row).collect();
        assert_eq!(rows, [Some(2), Some(6), Some(7), Some(8)], "CRLF, a blank line, a lone CR");
        assert_eq!(whole.lines[0].label.as_deref(), Some("Routes, \"rurales\"\r\net pistes"));
        assert_eq!(whole.lines[0].amount.to_string(), "1200.50");
        assert_eq!(whole.lines[2].functional.as_deref(), Some("09.4"));
        assert_eq!(whole.lines[3].label.as_deref(), Some("quoted\nat the end"));
        let skipped: Vec<(u64, SkipReason)> = whole.skipped.iter().map(|s| (s.row, s.reason)).collect();
        assert_eq!(skipped, [(5, SkipReason::NotPublished)]);
        // Without its closing quote, the last cell would run to the end of the file and take
        // the amount with it: an error naming row 8, whatever the chunks.
        let open = text.replace("at the end\",7", "at the end,7");
        for chunk in 1..=64 {
            let (chunked_report, chunked) = read(text.as_bytes(), chunk).unwrap();
            assert_eq!((chunked_report, &chunked), (report.clone(), &whole), "chunk {chunk}");
            let error = read(open.as_bytes(), chunk).unwrap_err();
            assert_eq!(
                (error.code(), error.details()["location"]["row"].as_u64()),
                (crate::ErrorCode::MalformedInput, Some(8))
            );
        }
    }

    #[test]
    fn plain_and_quoted_lines_read_alike() {
        let plain: String = (0..3000).map(|i| format!("expenditure,0{},P{i},{i}.5\n", i % 10)).collect();
        let quoted: String = (0..3000).map(|i| format!("\"expenditure\",\"0{}\",P{i},\"{i}.5\"\n", i % 10)).collect();
        let header = "direction,functional,programme,amount\n";
        let (_, plain) = read(format!("{header}{plain}").as_bytes(), 4096).unwrap();
        let (_, quoted) = read(format!("{header}{quoted}").as_bytes(), 4096).unwrap();
        assert_eq!(plain, quoted);
        assert_eq!(plain.lines.len(), 3000);
        assert_eq!(plain.lines[2999].row, Some(3001));
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_row_and_column() {
        for chunk in [3, CHUNK] {
            let text = b"direction,label,amount,note\nrevenue,ok,1,fine\nrevenue,ok,2,caf\xe9\n";
            let error = read(text, chunk).unwrap_err();
            assert_eq!(error.code(), crate::ErrorCode::MalformedInput);
            assert_eq!(error.to_string(), "t.csv, row 3, field `note`: malformed CSV: the cell is not UTF-8 text");
            // Two cells that are only valid UTF-8 together are still two bad cells.
            let split = b"direction,label,amount\nrevenue,\xc3,\xa9\n";
            assert_eq!(read(split, chunk).unwrap_err().details()["location"]["field"], "label");
            let header = b"direction,\xff,amount\n";
            assert_eq!(read(header, chunk).unwrap_err().details()["location"]["field"], "column 2");
        }
    }

    #[test]
    fn empty_files_and_files_of_blank_lines_have_no_header() {
        for text in ["", "\n\r\n\r", "\u{feff}"] {
            let error = read(text.as_bytes(), CHUNK).unwrap_err();
            assert_eq!(error.code(), crate::ErrorCode::MissingColumn, "{text:?}");
        }
    }

    pub(crate) use super::super::TempFile;

    /// Reads `text` on one thread, and from a file in up to `parts` parts of at least
    /// `min_part` bytes, each into a budget: (report, budget) or the error's text.
    fn one_and_in_parts(
        text: &[u8],
        parts: usize,
        min_part: u64,
    ) -> [std::result::Result<(ReadReport, Budget), String>; 2] {
        let format = CsvFormat::default();
        let file = TempFile::new(text);
        let mut whole = Budget::new(BudgetInfo::new(2025));
        let one = read_rows(text, "t.csv", b',', |header| format.plan(&header, "t.csv"), &mut whole)
            .map(|report| (report, whole))
            .map_err(|e| e.to_string());
        let mut budget = Budget::new(BudgetInfo::new(2025));
        let plan = |header: Vec<String>| format.plan(&header, "t.csv");
        let in_parts = read_file_rows_in_parts(&file.0, "t.csv", b',', plan, &mut budget, parts, min_part)
            .map(|report| (report, budget))
            .map_err(|e| e.to_string());
        [one, in_parts]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Whatever the lines (quoted cells with separators and line breaks, `\r\n`, lone `\r`,
        /// blank lines, bad amounts), a file read in parts gives the lines, skipped rows, rows
        /// and errors of a read on one thread.
        #[test]
        fn a_file_read_in_parts_reads_as_on_one_thread(
            lines in prop::collection::vec(
                (
                    prop::sample::select(vec!["revenue", "expenditure", "\"expenditure\"", "other"]),
                    prop::sample::select(vec!["04.5", "\"07\r\n3\"", "", "\"a,b\"", "\"open"]),
                    prop::sample::select(vec!["1", "2.50", "nfp", "", "x", "\"1,234.5\""]),
                    prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n"]),
                ),
                0..60,
            ),
            parts in 2usize..6,
        ) {
            let mut text = String::from("direction,functional,amount\n");
            for (direction, functional, amount, end) in &lines {
                text.push_str(&format!("{direction},{functional},{amount}{end}"));
            }
            let [one, in_parts] = one_and_in_parts(text.as_bytes(), parts, 1);
            prop_assert_eq!(one, in_parts);
        }
    }

    /// A budget that counts the parts merged into it.
    struct Counted {
        budget: Budget,
        merged: usize,
    }

    impl LineSink for Counted {
        fn line(&mut self, line: &crate::budget::LineRef<'_>) -> crate::error::Result<()> {
            self.budget.line(line)
        }
        fn skipped(
            &mut self,
            row: u64,
            reason: SkipReason,
            amount: Option<rust_decimal::Decimal>,
        ) -> crate::error::Result<()> {
            self.budget.skipped(row, reason, amount)
        }
        fn fork(&self) -> Option<Self> {
            Some(Counted { budget: self.budget.fork()?, merged: 0 })
        }
        fn merge(&mut self, later: Self) -> crate::error::Result<()> {
            self.merged += 1;
            self.budget.merge(later.budget)
        }
    }

    /// How many parts `text` is read in, up to `parts` of at least `min_part` bytes.
    fn parts_read(text: &[u8], parts: usize, min_part: u64) -> usize {
        let format = CsvFormat::default();
        let file = TempFile::new(text);
        let mut sink = Counted { budget: Budget::new(BudgetInfo::new(2025)), merged: 0 };
        let plan = |header: Vec<String>| format.plan(&header, "t.csv");
        read_file_rows_in_parts(&file.0, "t.csv", b',', plan, &mut sink, parts, min_part).unwrap();
        sink.merged
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// A citizen budget read in parts (forked aggregators merged in file order) is the one
        /// read on one thread: categories, unmapped groups and their listed rows, programmes and
        /// projects with their first labels, skipped rows, to the last digit and scale.
        #[test]
        fn aggregators_merged_from_parts_are_the_one_thread_aggregator(
            lines in prop::collection::vec(
                (
                    prop::sample::select(vec!["revenue,1111", "revenue,99", "expenditure,21", "expenditure,"]),
                    prop::sample::select(vec!["04.5", "07.3", "99", "", "01.1"]),
                    prop::sample::select(vec!["P1", "P2", ""]),
                    prop::sample::select(vec!["Q1", "Q2", "", "Q3"]),
                    prop::sample::select(vec!["1", "2.50", "nfp", "", "0.001", "-3", "0.00"]),
                    0u8..4,
                ),
                0..80,
            ),
            parts in 2usize..5,
            listed_rows in 0usize..4,
        ) {
            use crate::budget::{Aggregator, SimplifyOptions};
            let mut text = String::from("direction,economic,functional,programme,project,label,amount\n");
            for (index, (direction, functional, programme, project, amount, label)) in lines.iter().enumerate() {
                text.push_str(&format!("{direction},{functional},{programme},{project},L{label} {index},{amount}\n"));
            }
            let format = CsvFormat::default();
            let options = SimplifyOptions { listed_rows, ..SimplifyOptions::default() };
            let territories = crate::territory::Territories::embedded();
            let citizen = |aggregator: Aggregator| aggregator.citizen_budget(None, &territories).map(|c| c.to_json());
            let mut one = Aggregator::new(BudgetInfo::new(2025), options.clone()).unwrap();
            read_rows(text.as_bytes(), "t.csv", b',', |header| format.plan(&header, "t.csv"), &mut one).unwrap();
            let file = TempFile::new(text.as_bytes());
            let mut in_parts = Aggregator::new(BudgetInfo::new(2025), options).unwrap();
            let plan = |header: Vec<String>| format.plan(&header, "t.csv");
            read_file_rows_in_parts(&file.0, "t.csv", b',', plan, &mut in_parts, parts, 1).unwrap();
            prop_assert_eq!(citizen(one).unwrap(), citizen(in_parts).unwrap());
        }
    }

    #[test]
    fn parts_start_after_line_feeds_and_count_rows() {
        let mut text = String::from("direction,functional,amount\r\n");
        for row in 2..2000 {
            let end = if row % 7 == 0 { "\r" } else { "\r\n" };
            text.push_str(&format!("expenditure,0{},{row}.5{end}", row % 10));
        }
        let [one, in_parts] = one_and_in_parts(text.as_bytes(), 4, 1000);
        let (report, budget) = in_parts.unwrap();
        assert_eq!(report.rows, 1998);
        assert_eq!(budget.lines.last().map(|l| l.row), Some(Some(1999)));
        assert_eq!(one.unwrap(), (report, budget));
        assert_eq!(parts_read(text.as_bytes(), 4, 1000), 4);
        assert_eq!(parts_read(text.as_bytes(), 4, text.len() as u64 / 2), 0, "parts of at least half the file: one");
    }

    #[test]
    fn a_quoted_cell_across_a_boundary_is_read_on_one_thread() {
        // One label holds thousands of line breaks: every boundary falls inside it.
        let long = "x\n".repeat(5000);
        let text = format!("direction,label,amount\nrevenue,\"{long}\",1\nexpenditure,ok,2\n");
        let [one, in_parts] = one_and_in_parts(text.as_bytes(), 3, 100);
        let (_, budget) = in_parts.clone().unwrap();
        assert_eq!(budget.lines.iter().map(|l| l.row).collect::<Vec<_>>(), [Some(2), Some(5003)]);
        assert_eq!(one, in_parts);
        assert_eq!(parts_read(text.as_bytes(), 3, 100), 0, "read on one thread");
        // An error after the boundary is the read's error only when the part before it ended on
        // a record: here the bad amount after the long cell is still found at its row.
        let bad = format!("direction,label,amount\nrevenue,\"{long}\",1\nexpenditure,ok,x\n");
        let [one, in_parts] = one_and_in_parts(bad.as_bytes(), 3, 100);
        assert!(in_parts.as_ref().unwrap_err().contains("row 5003"), "{in_parts:?}");
        assert_eq!(one, in_parts);
    }

    #[test]
    fn the_first_error_in_file_order_wins() {
        let mut text = String::from("direction,amount\n");
        for row in 2..3000 {
            let amount = if row == 2500 || row == 400 { "x" } else { "1" };
            text.push_str(&format!("revenue,{amount}\n"));
        }
        let [one, in_parts] = one_and_in_parts(text.as_bytes(), 4, 100);
        assert!(one.as_ref().unwrap_err().contains("row 400"));
        assert_eq!(one, in_parts);
    }

    #[test]
    fn line_breaks_are_counted_as_rows_are() {
        for (text, breaks) in [("", 0), ("a\nb\r\nc\rd", 3), ("\r", 1), ("\r\n\r\r\n", 3), ("\n\n", 2)] {
            assert_eq!(count_line_breaks(text.as_bytes()).unwrap(), breaks, "{text:?}");
        }
        // A `\r\n` split between two reads is one break.
        let split = std::io::Read::chain(&b"a\r"[..], &b"\nb"[..]);
        assert_eq!(count_line_breaks(split).unwrap(), 1);
    }

    #[test]
    fn separators_are_found_in_every_position() {
        let bytes = b"a,bc,,d\nefgh,ijklmnop,q\n,";
        let found: Vec<usize> = Separators::new(bytes, b',').collect();
        let expected: Vec<usize> =
            bytes.iter().enumerate().filter(|(_, b)| matches!(b, b',' | b'\n')).map(|(i, _)| i).collect();
        assert_eq!(found, expected);
        assert_eq!(Separators::new(b"aaaa", b'a').count(), 4, "the padding never matches");
        // Every position of blocks and of a padded last block, every byte value around.
        let bytes: Vec<u8> =
            (0..300_u32).map(|i| [b',', b'\n', b'x', 0x80, 0xff, b';'][(i * 7 % 11 % 6) as usize]).collect();
        let found: Vec<usize> = Separators::new(&bytes, b',').collect();
        let expected: Vec<usize> =
            bytes.iter().enumerate().filter(|(_, b)| matches!(b, b',' | b'\n')).map(|(i, _)| i).collect();
        assert_eq!(found, expected);
        assert!(
            Separators::new(&[0x80, 0xff, 0x2c ^ 0x80, b'\n' ^ 0x80], b',').next().is_none(),
            "high bytes are no separators"
        );
    }
}
