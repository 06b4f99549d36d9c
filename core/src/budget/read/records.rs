//! The record reader behind the budget CSV and Fiscal Data Package readers.
//!
//! The file is read in chunks into one reused buffer. Runs of whole *plain* lines — no quote,
//! no carriage return other than before a line feed, valid UTF-8 — are validated in one call
//! and split in one vectorised pass over separators and line feeds; only the cells the plan
//! reads are kept, as slices of the buffer (no allocation per line). A record with a quote or
//! a lone carriage return goes through [`parse_record`], which follows the `csv` crate's rules
//! exactly (RFC 4180 quotes, doubled quotes, line breaks inside quotes, `\r`, `\n` and `\r\n`
//! as terminators, blank lines skipped); the header is always read that way.
//!
//! Rows are line numbers: the header's line is 1 and every line break before a record counts,
//! including blank lines and line breaks inside quoted cells (`\r\n` is one break, a lone `\r`
//! another). Memory: one chunk and the longest record.

use super::{Layout, ReadReport, RowPlan, RowState, SLOTS, UNREAD};
use crate::budget::model::LineSink;
use crate::error::{Error, Location, Result};
use rust_decimal::Decimal;
use std::io::Read;

/// How many bytes are read from the file at a time.
pub(crate) const CHUNK: usize = 1 << 18;

/// The byte order mark some spreadsheets write at the start of a UTF-8 file.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// What [`parse_record`] found at the start of its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parsed {
    /// A record of `length` bytes (its terminator included) holding `breaks` line breaks.
    Record { length: usize, breaks: u64 },
    /// The record may go on past the input: read more first.
    NeedMore,
}

/// Parses the record at the start of `data` (which is not a blank line) with the rules of the
/// `csv` crate's default reader: a quote opens a quoted cell only at the start of a cell, `""`
/// inside one is a quote, text after a closing quote is kept, `\r`, `\n` or `\r\n` ends the
/// record outside quotes, and the end of the file ends the record (and an open quoted cell).
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
    let mut index = 0;
    while let Some(&byte) = data.get(index) {
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
            (State::StartField, b'"') => State::InQuoted,
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
                return Parsed::Record { length, breaks: breaks + 1 };
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
    ends.push(out.len());
    Parsed::Record { length: data.len(), breaks }
}

/// The state of one read: the buffer, where the next line starts, and the line's number.
struct Records<R> {
    reader: R,
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
    /// Cells of the last record read by [`parse_record`], and where each ends.
    out: Vec<u8>,
    ends: Vec<usize>,
}

impl<R: Read> Records<R> {
    /// Reads more of the file after the unread rest of the buffer. `false` at the end.
    fn fill(&mut self) -> Result<bool> {
        if self.finished {
            return Ok(false);
        }
        self.buffer.drain(..self.consumed);
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
                    // A record reaching the end of what was read may go on: read more first.
                    if let Parsed::Record { length, breaks } = parsed {
                        if length < data.len() || self.finished {
                            let row = self.next_line;
                            self.consumed += length;
                            self.next_line += breaks;
                            return Ok(Some(row));
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
    let mut direct = Direct {
        reading: Reading {
            plan: &plan,
            layout: &layout,
            state: RowState::new(),
            report: ReadReport { source: plan.source.clone(), ..ReadReport::default() },
        },
        sink,
    };
    records.drive(&plan, &layout, &mut direct)?;
    Ok(direct.reading.report)
}

/// Opens a read: the first chunk, the byte order mark, the header and the plan made from it.
fn start<R: Read>(
    reader: R,
    source: &str,
    delimiter: u8,
    plan: impl FnOnce(Vec<String>) -> Result<RowPlan>,
    chunk: usize,
) -> Result<(Records<R>, RowPlan)> {
    let chunk = chunk.max(1);
    let mut records = Records {
        reader,
        source: source.to_string(),
        delimiter,
        plain_ok: !matches!(delimiter, b'"' | b'\r' | b'\n'),
        buffer: Vec::with_capacity(chunk + (chunk >> 2)),
        chunk,
        consumed: 0,
        finished: false,
        next_line: 1,
        out: Vec::new(),
        ends: Vec::new(),
    };
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

/// What is done with the cells of each record, in file order.
trait OnRecord {
    /// A run of plain lines whose records follow (their cells are slices of `text`).
    fn region(&mut self, _text: &str) {}
    /// The records of the run, or a record read by [`parse_record`], were all handed over.
    fn region_done(&mut self) -> Result<()> {
        Ok(())
    }
    /// A record of the current run, each cell it reads (by slot) a byte range of `text`.
    fn plain_record(&mut self, text: &str, spans: &[(usize, usize); SLOTS], row: u64) -> Result<()>;
    /// A record read by [`parse_record`], with its cells by slot.
    fn record(&mut self, cells: &[&str; SLOTS], row: u64) -> Result<()>;
}

/// A plan being applied to the records of one file.
struct Reading<'p> {
    plan: &'p RowPlan,
    layout: &'p Layout,
    state: RowState,
    report: ReadReport,
}

/// Records read and pushed into the sink on the same thread.
struct Direct<'p, 's, S> {
    reading: Reading<'p>,
    sink: &'s mut S,
}

impl<S: LineSink> OnRecord for Direct<'_, '_, S> {
    #[inline]
    fn plain_record(&mut self, text: &str, spans: &[(usize, usize); SLOTS], row: u64) -> Result<()> {
        let mut cells = [""; SLOTS];
        for (cell, &(start, end)) in cells.iter_mut().zip(&spans[..self.reading.layout.columns.len()]) {
            // Separators and line feeds are ASCII, so every cut is a character boundary.
            *cell = text.get(start..end).unwrap_or_default();
        }
        self.push(&cells, row, None)
    }

    #[inline]
    fn record(&mut self, cells: &[&str; SLOTS], row: u64) -> Result<()> {
        self.push(cells, row, None)
    }
}

impl<S: LineSink> Direct<'_, '_, S> {
    /// Reads a record with the plan and pushes it into the sink.
    #[inline]
    fn push(&mut self, cells: &[&str; SLOTS], row: u64, amount: Option<Decimal>) -> Result<()> {
        let reading = &mut self.reading;
        reading.report.rows += 1;
        if reading.plan.row(reading.layout, &mut reading.state, cells, row, amount, self.sink)? {
            reading.report.lines += 1;
        } else {
            reading.report.skipped += 1;
        }
        Ok(())
    }
}

/// Lines per batch handed from the reading thread to the summing one.
const BATCH: usize = 4096;

/// Reads like [`read_rows`], on two threads when the machine has more than one core: one reads
/// the file, checks it is UTF-8 and splits it into records and cells; the calling thread reads
/// the cells with the plan and pushes the lines into `sink`. Batches of records (their text and
/// where each cell is) go from one to the other through a bounded channel, in file order, and an
/// error of the reading thread travels in its place, after every record before it: `sink` sees
/// exactly the calls [`read_rows`] makes, in the same order, so results and errors are the same
/// (deterministic). Memory: a few batches of about one chunk each.
pub(crate) fn read_rows_parallel<R: Read + Send>(
    reader: R,
    source: &str,
    delimiter: u8,
    plan: impl FnOnce(Vec<String>) -> Result<RowPlan>,
    sink: &mut impl LineSink,
) -> Result<ReadReport> {
    if std::thread::available_parallelism().map_or(1, std::num::NonZero::get) < 2 {
        return read_rows(reader, source, delimiter, plan, sink);
    }
    let (mut records, plan) = start(reader, source, delimiter, plan, CHUNK)?;
    let layout = plan.layout();
    let mut direct = Direct {
        reading: Reading {
            plan: &plan,
            layout: &layout,
            state: RowState::new(),
            report: ReadReport { source: plan.source.clone(), ..ReadReport::default() },
        },
        sink,
    };
    if records.buffer.len() < CHUNK {
        // The whole file fit in the first chunk (a read of less than a chunk is the end of the
        // file): not worth a thread.
        records.drive(&plan, &layout, &mut direct)?;
        return Ok(direct.reading.report);
    }
    let (full, full_batches) = std::sync::mpsc::sync_channel::<Batch>(2);
    let (empty, empty_batches) = std::sync::mpsc::channel::<Batch>();
    std::thread::scope(|scope| {
        let (plan, layout) = (&plan, &layout);
        scope.spawn(move || {
            let mut batcher = Batcher {
                layout,
                width: layout.columns.len(),
                batch: Batch::default(),
                region: 0,
                full,
                empty: empty_batches,
            };
            let outcome = records.drive(plan, layout, &mut batcher);
            batcher.finish(outcome.err());
        });
        consume(full_batches, empty, &mut direct)
    })?;
    Ok(direct.reading.report)
}

/// Records whose cells are slices of one text: for each record its row, and `width` spans (the
/// cells the plan reads, by slot).
#[derive(Debug, Default)]
struct Batch {
    text: String,
    rows: Vec<u64>,
    /// Each record's amount, when the reading thread could read it (see [`Layout::fast_amount`]).
    amounts: Vec<Option<Decimal>>,
    spans: Vec<(u32, u32)>,
    /// The read stops after the records of this batch.
    failed: Option<Box<Error>>,
}

/// The reading thread's end: records into batches, batches into the channel.
struct Batcher<'p> {
    layout: &'p Layout,
    /// Spans per record.
    width: usize,
    batch: Batch,
    /// Where the copy of the current run of plain lines starts in the batch's text.
    region: usize,
    full: std::sync::mpsc::SyncSender<Batch>,
    empty: std::sync::mpsc::Receiver<Batch>,
}

impl Batcher<'_> {
    /// Sends the batch; `false` when the summing thread has stopped.
    fn send(&mut self) -> bool {
        let next = self.empty.try_recv().unwrap_or_default();
        self.full.send(std::mem::replace(&mut self.batch, next)).is_ok()
    }

    /// Sends the last batch, with the error that stopped the read if any.
    fn finish(mut self, error: Option<Error>) {
        self.batch.failed = error.map(Box::new);
        if !self.batch.rows.is_empty() || self.batch.failed.is_some() {
            self.send();
        }
    }
}

impl OnRecord for Batcher<'_> {
    fn region(&mut self, text: &str) {
        self.region = self.batch.text.len();
        self.batch.text.push_str(text);
    }

    #[inline]
    fn plain_record(&mut self, text: &str, spans: &[(usize, usize); SLOTS], row: u64) -> Result<()> {
        self.batch.rows.push(row);
        let (start, end) = spans[self.layout.amount_slot()];
        self.batch.amounts.push(text.as_bytes().get(start..end).and_then(|cell| self.layout.fast_amount(cell)));
        let copy = self.region;
        self.batch
            .spans
            .extend(spans[..self.width].iter().map(|&(start, end)| ((copy + start) as u32, (copy + end) as u32)));
        Ok(())
    }

    fn region_done(&mut self) -> Result<()> {
        if (self.batch.rows.len() >= BATCH || self.batch.text.len() >= CHUNK) && !self.send() {
            // The summing thread stopped on an error of its own, which it reports.
            return Err(Error::invalid_argument("sink", "stopped"));
        }
        Ok(())
    }

    fn record(&mut self, cells: &[&str; SLOTS], row: u64) -> Result<()> {
        // A record read by parse_record: its unquoted cells are copied.
        self.batch.rows.push(row);
        self.batch.amounts.push(None);
        for cell in &cells[..self.width] {
            let start = self.batch.text.len();
            self.batch.text.push_str(cell);
            self.batch.spans.push((start as u32, self.batch.text.len() as u32));
        }
        Ok(())
    }
}

/// The summing thread's end: batches into cells, cells through the plan into the sink.
fn consume<S: LineSink>(
    full: std::sync::mpsc::Receiver<Batch>,
    empty: std::sync::mpsc::Sender<Batch>,
    direct: &mut Direct<'_, '_, S>,
) -> Result<()> {
    let width = direct.reading.layout.columns.len();
    for mut batch in full {
        let mut cells = [""; SLOTS];
        for ((row, amount), spans) in batch.rows.iter().zip(&batch.amounts).zip(batch.spans.chunks_exact(width.max(1)))
        {
            for (cell, &(start, end)) in cells.iter_mut().zip(spans) {
                *cell = batch.text.get(start as usize..end as usize).unwrap_or_default();
            }
            direct.push(&cells, *row, *amount)?;
        }
        if let Some(error) = batch.failed.take() {
            return Err(*error);
        }
        batch.text.clear();
        batch.rows.clear();
        batch.amounts.clear();
        batch.spans.clear();
        // The reading thread may have finished: then the batch is simply dropped.
        let _ = empty.send(batch);
    }
    Ok(())
}

impl<R: Read> Records<R> {
    /// Hands every record after the header to `on`, in file order.
    fn drive(&mut self, plan: &RowPlan, layout: &Layout, on: &mut impl OnRecord) -> Result<()> {
        loop {
            if self.plain_ok {
                self.plain_lines(layout, on)?;
            }
            let Some(row) = self.slow_record()? else { return Ok(()) };
            let name =
                |index: usize| plan.header.get(index).cloned().unwrap_or_else(|| format!("column {}", index + 1));
            let text = self.slow_text(row, name)?;
            let mut cells = [""; SLOTS];
            for (slot, column) in layout.columns.iter().enumerate() {
                cells[slot] = self.slow_cell(text, *column);
            }
            on.record(&cells, row)?;
            on.region_done()?;
        }
    }
}

impl<R: Read> Records<R> {
    /// Reads the plain lines from `consumed` on, reading more of the file as needed, and stops
    /// before the first line that [`parse_record`] must read (or at the end of the file).
    fn plain_lines(&mut self, layout: &Layout, on: &mut impl OnRecord) -> Result<()> {
        loop {
            let window = &self.buffer[self.consumed..];
            // Whole lines only, unless the file has ended.
            let complete = if self.finished {
                window.len()
            } else {
                memchr::memrchr(b'\n', window).map_or(0, |newline| newline + 1)
            };
            let window = &window[..complete];
            let mut plain = special(window).map_or(complete, |at| line_start(window, at));
            let text = match std::str::from_utf8(&window[..plain]) {
                Ok(text) => text,
                Err(error) => {
                    // The line with the bad byte goes to parse_record, which names its cell.
                    plain = line_start(window, error.valid_up_to());
                    std::str::from_utf8(&window[..plain]).unwrap_or_default()
                }
            };
            if !text.is_empty() {
                on.region(text);
                self.next_line += read_plain(text, self.delimiter, self.next_line, layout, on)?;
                on.region_done()?;
            }
            self.consumed += plain;
            if plain < complete || !self.fill()? {
                return Ok(());
            }
        }
    }
}

/// The first byte of `window` that plain splitting cannot handle: a quote, or a carriage return
/// not followed by a line feed.
fn special(window: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(offset) = memchr::memchr2(b'"', b'\r', &window[from..]) {
        let at = from + offset;
        if window[at] == b'"' || window.get(at + 1) != Some(&b'\n') {
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

/// Splits whole plain lines (the last one may lack its line feed at the end of the file) in one
/// pass over separators and line feeds, and hands each record's cells to `on`. Returns how
/// many lines it read.
fn read_plain(text: &str, delimiter: u8, first_line: u64, layout: &Layout, on: &mut impl OnRecord) -> Result<u64> {
    let bytes = text.as_bytes();
    let slot_of = layout.slot_of.as_slice();
    let mut spans = [(0, 0); SLOTS];
    let mut line = first_line;
    let mut field = 0;
    let mut start = 0;
    let last = (!bytes.ends_with(b"\n")).then_some(bytes.len());
    for end in Separators::new(bytes, delimiter).chain(last) {
        let at_line_end = bytes.get(end).is_none_or(|byte| *byte == b'\n');
        let slot = slot_of.get(field).copied().unwrap_or(UNREAD);
        if slot != UNREAD {
            let cut = if at_line_end && end > start && bytes[end - 1] == b'\r' { end - 1 } else { end };
            spans[usize::from(slot)] = (start, cut);
        }
        field += 1;
        let cell_start = start;
        start = end + 1;
        if !at_line_end {
            continue;
        }
        let row = line;
        line += 1;
        // A blank line (nothing, or a lone `\r` before the line feed) is skipped, as the csv
        // crate does.
        let blank = field == 1 && matches!(&bytes[cell_start..end], b"" | b"\r");
        if !blank {
            // A short record: the cells it lacks are empty.
            for &slot in slot_of.get(field..).unwrap_or_default() {
                if slot != UNREAD {
                    spans[usize::from(slot)] = (0, 0);
                }
            }
            on.plain_record(text, &spans, row)?;
        }
        field = 0;
    }
    Ok(line - first_line)
}

/// The positions of the separator and of line feeds in `bytes`, found eight bytes at a time in
/// a `u64` (SWAR: safe code, no call per match, which suits cells a few bytes long).
struct Separators<'a> {
    bytes: &'a [u8],
    /// Where the next word starts.
    next: usize,
    /// Where the current word starts, and its matches (the high bit of each matching byte).
    base: usize,
    matches: u64,
    delimiter: u64,
    /// A byte that is neither the separator nor a line feed, to pad the last word.
    pad: u8,
}

const LOW_SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const EVERY_BYTE: u64 = 0x0101_0101_0101_0101;

/// The high bit of every zero byte of `word`, and nothing else (exact: no carry between bytes).
#[inline]
fn zero_bytes(word: u64) -> u64 {
    !((((word & LOW_SEVEN) + LOW_SEVEN) | word) | LOW_SEVEN)
}

impl<'a> Separators<'a> {
    fn new(bytes: &'a [u8], delimiter: u8) -> Self {
        let pad = if delimiter == b'a' { b'b' } else { b'a' };
        Separators { bytes, next: 0, base: 0, matches: 0, delimiter: EVERY_BYTE * u64::from(delimiter), pad }
    }
}

impl Iterator for Separators<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.matches == 0 {
            let rest = self.bytes.get(self.next..).filter(|rest| !rest.is_empty())?;
            let word = match rest.first_chunk::<8>() {
                Some(word) => u64::from_le_bytes(*word),
                None => {
                    let mut padded = [self.pad; 8];
                    padded[..rest.len()].copy_from_slice(rest);
                    u64::from_le_bytes(padded)
                }
            };
            self.matches = zero_bytes(word ^ self.delimiter) | zero_bytes(word ^ (EVERY_BYTE * u64::from(b'\n')));
            self.base = self.next;
            self.next += 8;
        }
        let at = self.base + (self.matches.trailing_zeros() / 8) as usize;
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
        let mut records = Records {
            reader: &b""[..],
            source: "t".into(),
            delimiter,
            plain_ok: false,
            buffer: data.to_vec(),
            chunk: CHUNK,
            consumed: 0,
            finished: true,
            next_line: 1,
            out: Vec::new(),
            ends: Vec::new(),
        };
        let mut all = Vec::new();
        while let Some(row) = records.slow_record().unwrap() {
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
        all
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
            let ours: Vec<Vec<Vec<u8>>> = our_records(&bytes, delimiter).into_iter().map(|(_, cells)| cells).collect();
            prop_assert_eq!(ours, csv_crate_records(&bytes, delimiter));
        }
    }

    #[test]
    fn record_rows_count_every_line_break() {
        let data = b"h\r\n\r\na,\"x\r\ny\"\r\n\nb\rc\r\n\"open\n";
        let rows: Vec<u64> = our_records(data, b',').into_iter().map(|(row, _)| row).collect();
        // a: line 3; its quoted cell holds one break; b after a blank line at 5: 6; c after
        // the lone \r: 7; the open quote runs to the end: 8.
        assert_eq!(rows, [1, 3, 6, 7, 8]);
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
                    expenditure,01.1,\"open\nquote at the end,7";
        let (report, whole) = read(text.as_bytes(), CHUNK).unwrap();
        assert_eq!((report.rows, report.lines, report.skipped), (5, 3, 2));
        let rows: Vec<Option<u64>> = whole.lines.iter().map(|l| l.row).collect();
        assert_eq!(rows, [Some(2), Some(6), Some(7)], "CRLF, a blank line, a lone CR");
        assert_eq!(whole.lines[0].label.as_deref(), Some("Routes, \"rurales\"\r\net pistes"));
        assert_eq!(whole.lines[0].amount.to_string(), "1200.50");
        assert_eq!(whole.lines[2].functional.as_deref(), Some("09.4"));
        // The open quote runs to the end of the file, taking the amount with it: a blank amount.
        let skipped: Vec<(u64, SkipReason)> = whole.skipped.iter().map(|s| (s.row, s.reason)).collect();
        assert_eq!(skipped, [(5, SkipReason::NotPublished), (8, SkipReason::BlankAmount)]);
        for chunk in 1..=64 {
            let (chunked_report, chunked) = read(text.as_bytes(), chunk).unwrap();
            assert_eq!((chunked_report, &chunked), (report.clone(), &whole), "chunk {chunk}");
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

    #[test]
    fn separators_are_found_in_every_position() {
        let bytes = b"a,bc,,d\nefgh,ijklmnop,q\n,";
        let found: Vec<usize> = Separators::new(bytes, b',').collect();
        let expected: Vec<usize> =
            bytes.iter().enumerate().filter(|(_, b)| matches!(b, b',' | b'\n')).map(|(i, _)| i).collect();
        assert_eq!(found, expected);
        assert_eq!(Separators::new(b"aaaa", b'a').count(), 4, "the padding never matches");
        assert!(
            Separators::new(&[0x80, 0xff, 0x2c ^ 0x80, b'\n' ^ 0x80], b',').next().is_none(),
            "high bytes are no separators"
        );
    }
}
