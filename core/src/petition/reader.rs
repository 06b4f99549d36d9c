//! Reading signatory CSV files: streamed in chunks of about 1 MiB, whole lines without quotes
//! split in one word-at-a-time pass, records with quotes parsed by the `csv` crate (RFC 4180,
//! quoted separators and line breaks). Row numbers are physical line numbers (the header is
//! line 1), exact whatever the chunking. Large files can be split over worker threads
//! ([`read_csv_parallel`]); the rows still reach the caller in file order, so results are the
//! same as reading on one thread.
//!
//! The rules of [`crate::csv_input`] apply: a lone carriage return ends a line (old Mac and
//! some Excel exports), a quote left open is an error naming the row where it opened (it would
//! swallow the rest of the list), and a record longer than
//! [`MAX_RECORD_BYTES`](crate::limits::MAX_RECORD_BYTES) is refused, so memory stays bounded
//! (`/dev/zero`, an endless pipe) and reading stays linear in the file's size.

use super::columns::{HeaderPlan, ListColumn, RequiredColumns};
use super::dates::{self, DateFormat};
use super::signatory::{CSV_COLUMNS, SignatoryRef, parse_flag};
use crate::csv_input::{Scan, lone_cr_to_lf, scan_record, too_long, unclosed_quote};
use crate::error::{Error, Location, Result};
use crate::limits::{MAX_RECORD_BYTES, record_too_long};
use chrono::NaiveDate;
use std::io::Read;
use std::sync::{Arc, Mutex, mpsc};

/// One signatory row as the check reads it: the raw CIN and residence bytes, parsed dates and
/// flags. Built from a CSV line without allocating (the hot path of a million-row list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry<'a> {
    pub(crate) cin: &'a [u8],
    pub(crate) birth_date: Option<NaiveDate>,
    pub(crate) residence: Option<&'a [u8]>,
    pub(crate) activity_in_territory: bool,
    pub(crate) registered_on_electoral_lists: Option<bool>,
    pub(crate) cnie_expiry: Option<NaiveDate>,
    /// The forms of its date cells ([`dates::ISO`]…), for the list's date detection.
    pub(crate) date_forms: u8,
}

/// How a list is to be read: the columns the petition needs and how dates are written.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ListPlan {
    pub(crate) required: RequiredColumns,
    pub(crate) date_format: DateFormat,
}

impl<'a> From<SignatoryRef<'a>> for Entry<'a> {
    fn from(signatory: SignatoryRef<'a>) -> Self {
        Entry {
            cin: signatory.cin.as_bytes(),
            birth_date: signatory.birth_date,
            residence: signatory.residence.map(str::as_bytes),
            activity_in_territory: signatory.activity_in_territory,
            registered_on_electoral_lists: signatory.registered_on_electoral_lists,
            cnie_expiry: signatory.cnie_expiry,
            date_forms: 0,
        }
    }
}

/// How many bytes are read from the file at a time.
const CHUNK: usize = 1 << 20;

/// Cuts a stream into regions of whole records, each with the line number it starts on.
struct Chunks<'s, R> {
    reader: R,
    source: &'s str,
    buffer: Vec<u8>,
    /// How much of `buffer` has had its lone carriage returns made line feeds (all of it, or
    /// all but a last `\r` that waits for the next chunk).
    normalised: usize,
    finished: bool,
    next_line: u64,
}

impl<'s, R: Read> Chunks<'s, R> {
    fn new(reader: R, source: &'s str) -> Self {
        Chunks { reader, source, buffer: Vec::with_capacity(CHUNK * 2), normalised: 0, finished: false, next_line: 1 }
    }

    fn fill(&mut self) -> Result<()> {
        loop {
            match (&mut self.reader).take(CHUNK as u64).read_to_end(&mut self.buffer) {
                Ok(read) => {
                    self.finished = read == 0;
                    self.normalised += lone_cr_to_lf(&mut self.buffer[self.normalised..], self.finished);
                    return Ok(());
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::Io { path: self.source.into(), message: e.to_string() }),
            }
        }
    }

    /// Takes the first `length` bytes of the buffer.
    fn take(&mut self, length: usize) -> Vec<u8> {
        self.normalised -= length.min(self.normalised);
        self.buffer.drain(..length).collect()
    }

    /// The header (the first non-blank record).
    fn header(&mut self, plan: ListPlan) -> Result<Layout> {
        loop {
            // The separator is guessed from the first line; a quote opens a cell after it.
            let first_line = memchr::memchr(b'\n', &self.buffer).map_or(&self.buffer[..], |end| &self.buffer[..end]);
            let delimiter = guess_delimiter(first_line);
            match scan_record(&self.buffer, self.finished, delimiter) {
                Scan::Record { length } if length > 0 => {
                    let record = self.take(length);
                    let row = self.next_line;
                    self.next_line += 1 + embedded_line_breaks(&record);
                    let record = trim_line_end(&record);
                    if !record.is_empty() {
                        return Layout::from_header(record, self.source, plan, row);
                    }
                }
                Scan::Record { .. } => return Layout::from_header(b"", self.source, plan, self.next_line),
                Scan::NeedMore => self.fill()?,
                Scan::OpenQuote { breaks } => return Err(unclosed_quote(self.source, self.next_line + breaks)),
                Scan::TooLong { open_quote } => {
                    let quote = open_quote.map(|breaks| self.next_line + breaks);
                    return Err(too_long(self.source, self.next_line, quote));
                }
            }
        }
    }

    /// The next region of whole records (about one chunk) and the line it starts on; `None` at
    /// the end.
    fn next_region(&mut self, delimiter: u8) -> Result<Option<(u64, Vec<u8>)>> {
        loop {
            if !self.finished && self.buffer.len() < CHUNK {
                self.fill()?;
                continue;
            }
            let cut = if self.finished {
                self.buffer.len()
            } else {
                complete_records_end(&self.buffer, delimiter, self.source, self.next_line)?
            };
            if cut == 0 {
                if self.finished {
                    return Ok(None);
                }
                self.fill()?; // one record longer than a chunk
                continue;
            }
            let region = self.take(cut);
            let first_line = self.next_line;
            self.next_line += memchr::memchr_iter(b'\n', &region).count() as u64;
            return Ok(Some((first_line, region)));
        }
    }
}

/// Where the last whole record of `data` ends (0 when there is none yet); `data` starts on line
/// `first_line` of `source`. A record that is already longer than the limit is an error here,
/// so an unterminated quote or a file without line breaks never makes the buffer grow further.
fn complete_records_end(data: &[u8], delimiter: u8, source: &str, first_line: u64) -> Result<usize> {
    if memchr::memchr(b'"', data).is_none() {
        return match memchr::memrchr(b'\n', data) {
            Some(newline) => Ok(newline + 1),
            None if data.len() > MAX_RECORD_BYTES => Err(record_too_long(source, first_line)),
            None => Ok(0),
        };
    }
    // Each record is scanned once: linear in the data, however many quotes it holds.
    let (mut end, mut line) = (0, first_line);
    loop {
        match scan_record(&data[end..], false, delimiter) {
            Scan::Record { length } => {
                line += memchr::memchr_iter(b'\n', &data[end..end + length]).count() as u64;
                end += length;
            }
            Scan::NeedMore | Scan::OpenQuote { .. } => return Ok(end),
            Scan::TooLong { open_quote } => return Err(too_long(source, line, open_quote.map(|b| line + b))),
        }
    }
}

/// The separator a header line uses most among `,`, `;` and tab.
fn guess_delimiter(header: &[u8]) -> u8 {
    [b',', b';', b'\t'].into_iter().max_by_key(|d| memchr::memchr_iter(*d, header).count()).unwrap_or(b',')
}

/// Line breaks inside a (quoted) record, its final one excluded.
fn embedded_line_breaks(record: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', record.strip_suffix(b"\n").unwrap_or(record)).count() as u64
}

fn trim_line_end(record: &[u8]) -> &[u8] {
    let record = record.strip_suffix(b"\n").unwrap_or(record);
    record.strip_suffix(b"\r").unwrap_or(record)
}

/// Reads a signatory CSV on this thread and hands every row to `sink` with its line number. A
/// row that cannot be read is passed as `Err` so the caller applies its policy.
/// Returns how each column was accounted for.
pub(crate) fn read_csv(
    reader: impl Read,
    source: &str,
    plan: ListPlan,
    mut sink: impl FnMut(u64, Result<Entry<'_>>) -> Result<()>,
) -> Result<Vec<ListColumn>> {
    let mut chunks = Chunks::new(reader, source);
    let layout = chunks.header(plan)?;
    while let Some((first_line, region)) = chunks.next_region(layout.delimiter)? {
        layout.read_region(&region, first_line, source, &mut sink)?;
    }
    Ok(layout.report)
}

/// Reads a signatory CSV with `workers` threads: each adds the rows of a region of the file
/// to a part of its own (`new_part`, `add_row`, whose error stops the region there), and
/// `apply` receives the parts on this thread in file order. Memory stays bounded: at
/// most two regions per worker are in flight.
pub(crate) fn read_csv_parallel<P: Send>(
    reader: impl Read,
    source: &str,
    plan: ListPlan,
    workers: usize,
    new_part: impl Fn() -> P + Sync,
    add_row: impl Fn(&mut P, u64, Result<Entry<'_>>) -> Result<()> + Sync,
    apply: impl FnMut(P) -> Result<()>,
) -> Result<Vec<ListColumn>> {
    let mut chunks = Chunks::new(reader, source);
    let layout = chunks.header(plan)?;
    in_order(
        || chunks.next_region(layout.delimiter),
        workers,
        |(first_line, region): (u64, Vec<u8>), emit: &mut dyn FnMut(P)| {
            let mut part = new_part();
            let outcome =
                layout.read_region(&region, first_line, source, &mut |row, entry| add_row(&mut part, row, entry));
            emit(part);
            outcome
        },
        apply,
    )?;
    Ok(layout.report)
}

/// Runs `read` on every job from `next_job` with `workers` threads, and hands what each yields
/// to `apply` on this thread, in the order of the jobs: the results are those of one thread
/// reading them one after the other, an error included (a job's items before its error are
/// applied first; an error of `next_job` comes after the jobs before it). Memory stays
/// bounded: at most two jobs per worker are in flight.
pub(crate) fn in_order<J: Send, T: Send>(
    mut next_job: impl FnMut() -> Result<Option<J>>,
    workers: usize,
    read: impl Fn(J, &mut dyn FnMut(T)) -> Result<()> + Sync,
    mut apply: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let workers = workers.max(1);
    let (jobs, job_queue) = mpsc::sync_channel::<(usize, J)>(workers * 2);
    // The workers alone hold the queue's end: should they all stop (a panic), sending fails
    // rather than waiting for ever.
    let job_queue = Arc::new(Mutex::new(job_queue));
    // A job's items, and the error that stopped it (its items before it still count).
    let (results, finished_jobs) = mpsc::channel::<(usize, JobItems<T>)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let results = results.clone();
            let (job_queue, read) = (Arc::clone(&job_queue), &read);
            scope.spawn(move || {
                while let Some((index, job)) = job_queue.lock().ok().and_then(|queue| queue.recv().ok()) {
                    let mut items = Vec::new();
                    let outcome = read(job, &mut |item| items.push(item));
                    if results.send((index, JobItems { items, error: outcome.err() })).is_err() {
                        return;
                    }
                }
            });
        }
        drop((results, job_queue));
        let mut in_order = InOrder { waiting: std::collections::BTreeMap::new(), next: 0 };
        let mut sent = 0;
        // An error getting the next job (an unclosed quote further on) waits until the jobs
        // before it are applied: an item of theirs that fails comes first, as on one thread.
        let mut job_error = None;
        loop {
            // Jobs finished ahead of a slow one wait in `in_order`: at most two per worker are
            // in flight, so memory stays bounded whatever the order they finish in.
            while sent - in_order.next >= 2 * workers {
                let (index, items) = finished_jobs
                    .recv()
                    .map_err(|_| Error::Internal { message: "a signatory reader thread stopped".into() })?;
                in_order.push(index, items, &mut apply)?;
            }
            let job = match next_job() {
                Ok(Some(job)) => job,
                Ok(None) => break,
                Err(error) => {
                    job_error = Some(error);
                    break;
                }
            };
            if jobs.send((sent, job)).is_err() {
                break; // every worker stopped: the results below say why
            }
            sent += 1;
            while let Ok((index, items)) = finished_jobs.try_recv() {
                in_order.push(index, items, &mut apply)?;
            }
        }
        drop(jobs);
        while in_order.next < sent {
            let (index, items) = finished_jobs
                .recv()
                .map_err(|_| Error::Internal { message: "a signatory reader thread stopped".into() })?;
            in_order.push(index, items, &mut apply)?;
        }
        job_error.map_or(Ok(()), Err)
    })
}

/// A job done by a worker: the items it yielded, then the error that stopped it, if any.
struct JobItems<T> {
    items: Vec<T>,
    error: Option<Error>,
}

/// Jobs finished out of order wait here until their turn.
struct InOrder<T> {
    waiting: std::collections::BTreeMap<usize, JobItems<T>>,
    next: usize,
}

impl<T> InOrder<T> {
    /// Applies the jobs whose turn has come: each one's items, then its error (so an item
    /// before an unreadable one is applied first, as on one thread).
    fn push(&mut self, index: usize, done: JobItems<T>, apply: &mut impl FnMut(T) -> Result<()>) -> Result<()> {
        self.waiting.insert(index, done);
        while let Some(ready) = self.waiting.remove(&self.next) {
            ready.items.into_iter().try_for_each(&mut *apply)?;
            if let Some(error) = ready.error {
                return Err(error);
            }
            self.next += 1;
        }
        Ok(())
    }
}

/// The positions of a separator or a line break in `data`, found eight bytes at a time (SWAR):
/// records are short, so a word-wide scan beats calling a vectorised search per field.
struct Separators<'a> {
    data: &'a [u8],
    /// Start of the current word.
    base: usize,
    /// One high bit per matching byte of the current word, lowest first.
    mask: u64,
    separator: u64,
}

impl<'a> Separators<'a> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;

    fn new(data: &'a [u8], separator: u8) -> Self {
        let mut scan = Separators { data, base: 0, mask: 0, separator: Self::ONES * u64::from(separator) };
        scan.mask = scan.word_mask(0);
        scan
    }

    /// High bit set in each byte of `word` that is zero (exact: no borrow between bytes).
    fn zero_bytes(word: u64) -> u64 {
        !(((word & !Self::HIGH).wrapping_add(!Self::HIGH)) | word | !Self::HIGH)
    }

    fn word_mask(&self, base: usize) -> u64 {
        let Some(bytes) = self.data.get(base..base + 8) else {
            // The tail, byte by byte.
            return self.data.get(base..).unwrap_or_default().iter().enumerate().fold(0, |mask, (i, byte)| {
                let hit = *byte == b'\n' || u64::from(*byte) * Self::ONES == self.separator;
                mask | (u64::from(hit) << (8 * i + 7))
            });
        };
        let word = u64::from_le_bytes(bytes.try_into().unwrap_or_default());
        Self::zero_bytes(word ^ self.separator) | Self::zero_bytes(word ^ (Self::ONES * u64::from(b'\n')))
    }
}

impl Iterator for Separators<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.base += 8;
            if self.base >= self.data.len() {
                return None;
            }
            self.mask = self.word_mask(self.base);
        }
        let position = self.base + (self.mask.trailing_zeros() / 8) as usize;
        self.mask &= self.mask - 1;
        Some(position)
    }
}

/// Where the columns are, found in the header.
#[derive(Debug)]
struct Layout {
    delimiter: u8,
    width: usize,
    /// For each of [`CSV_COLUMNS`], its position in a record.
    positions: [Option<usize>; 6],
    /// For each position in a record, the [`CSV_COLUMNS`] entry it holds.
    columns: Vec<Option<usize>>,
    date_format: DateFormat,
    report: Vec<ListColumn>,
}

impl Layout {
    fn from_header(header: &[u8], source: &str, plan: ListPlan, row: u64) -> Result<Layout> {
        let header = header.strip_prefix("\u{feff}".as_bytes()).unwrap_or(header);
        let delimiter = guess_delimiter(header);
        let names = if header.is_empty() { Vec::new() } else { split_record(header, delimiter, source, row)? };
        let names: Vec<String> = names.iter().map(|n| String::from_utf8_lossy(n).into_owned()).collect();
        let HeaderPlan { positions, report } = HeaderPlan::new(&names, source, row, plan.required)?;
        let columns = (0..names.len()).map(|index| positions.iter().position(|p| *p == Some(index))).collect();
        Ok(Layout { delimiter, width: names.len(), positions, columns, date_format: plan.date_format, report })
    }

    /// Reads a region of whole records starting on line `first_line`.
    fn read_region(
        &self,
        region: &[u8],
        first_line: u64,
        source: &str,
        sink: &mut impl FnMut(u64, Result<Entry<'_>>) -> Result<()>,
    ) -> Result<()> {
        let mut next_line = first_line;
        let mut consumed = 0;
        while consumed < region.len() {
            // Up to the line holding the next quote, split in one pass (found once, so the scan
            // stays linear); then that quoted record on its own.
            let plain_end = match memchr::memchr(b'"', &region[consumed..]) {
                None => region.len(),
                Some(quote) => {
                    memchr::memrchr(b'\n', &region[consumed..consumed + quote]).map_or(consumed, |i| consumed + i + 1)
                }
            };
            self.read_plain(&region[consumed..plain_end], &mut next_line, source, sink)?;
            consumed = plain_end;
            // The region holds whole records, the last one ended by the end of the file.
            let length = match scan_record(&region[consumed..], true, self.delimiter) {
                Scan::Record { length } if length > 0 => length,
                Scan::Record { .. } | Scan::NeedMore => break,
                Scan::OpenQuote { breaks } => return Err(unclosed_quote(source, next_line + breaks)),
                Scan::TooLong { open_quote } => {
                    return Err(too_long(source, next_line, open_quote.map(|breaks| next_line + breaks)));
                }
            };
            let record = &region[consumed..consumed + length];
            let row = next_line;
            next_line += 1 + embedded_line_breaks(record);
            consumed += length;
            let record = trim_line_end(record);
            if !record.is_empty() {
                self.read(record, row, source, sink)?;
            }
        }
        Ok(())
    }

    /// Parses whole lines without quotes, finding every separator and line break in one pass.
    fn read_plain(
        &self,
        lines: &[u8],
        next_line: &mut u64,
        source: &str,
        sink: &mut impl FnMut(u64, Result<Entry<'_>>) -> Result<()>,
    ) -> Result<()> {
        let mut cells: [&[u8]; 6] = [&[]; 6];
        let mut count = 0;
        let mut field_start = 0;
        let mut line_start = 0;
        let ends = Separators::new(lines, self.delimiter).chain(std::iter::once(lines.len()));
        for end in ends {
            let at_line_end = end == lines.len() || lines[end] == b'\n';
            if end == lines.len() && line_start == lines.len() {
                break; // the region ended with a line break (not a separator: its last cell is empty)
            }
            if at_line_end && end - line_start > MAX_RECORD_BYTES {
                return Err(record_too_long(source, *next_line));
            }
            let field = &lines[field_start..end];
            let field = if at_line_end { field.strip_suffix(b"\r").unwrap_or(field) } else { field };
            if let Some(column) = self.columns.get(count).copied().flatten() {
                cells[column] = field;
            }
            count += 1;
            field_start = end + 1;
            if !at_line_end {
                continue;
            }
            let row = *next_line;
            *next_line += 1;
            line_start = end + 1;
            let blank = count == 1 && field.is_empty();
            if blank {
                // An empty line, skipped as the csv crate does.
            } else if count != self.width {
                sink(row, Err(self.width_error(count, row, source)))?;
            } else {
                let cell = |column: usize| self.positions[column].map(|_| cells[column]);
                sink(
                    row,
                    parse_entry(row, source, [cell(0), cell(1), cell(2), cell(3), cell(4), cell(5)], self.date_format),
                )?;
            }
            cells = [&[]; 6];
            count = 0;
        }
        Ok(())
    }

    /// Parses one record and hands it to `sink`.
    fn read(
        &self,
        record: &[u8],
        row: u64,
        source: &str,
        sink: &mut impl FnMut(u64, Result<Entry<'_>>) -> Result<()>,
    ) -> Result<()> {
        if memchr::memchr(b'"', record).is_some() {
            // Quoted records are rare: split them with the csv crate into owned cells.
            let cells = match split_record(record, self.delimiter, source, row) {
                Ok(cells) if cells.len() == self.width => cells,
                Ok(cells) => return sink(row, Err(self.width_error(cells.len(), row, source))),
                Err(error) => return sink(row, Err(error)),
            };
            let cell = |column: usize| self.positions[column].map(|i| cells[i].as_slice());
            return sink(
                row,
                parse_entry(row, source, [cell(0), cell(1), cell(2), cell(3), cell(4), cell(5)], self.date_format),
            );
        }
        let mut cells: [&[u8]; 6] = [&[]; 6];
        let mut count = 0;
        // Records are short: a plain split beats a vectorised search here.
        for field in record.split(|byte| *byte == self.delimiter) {
            if let Some(column) = self.columns.get(count).copied().flatten() {
                cells[column] = field;
            }
            count += 1;
        }
        if count != self.width {
            return sink(row, Err(self.width_error(count, row, source)));
        }
        let cell = |column: usize| self.positions[column].map(|_| cells[column]);
        sink(row, parse_entry(row, source, [cell(0), cell(1), cell(2), cell(3), cell(4), cell(5)], self.date_format))
    }

    fn width_error(&self, found: usize, row: u64, source: &str) -> Error {
        Error::MalformedInput {
            location: Location::in_source(source).row(row),
            format: "CSV".into(),
            message: format!("found a record with {found} fields, but the header has {}", self.width),
        }
    }
}

/// How many non-blank rows above the header a sheet may hold (a title, a date, a council's
/// name): the header is the first row naming a CIN column among them.
const ROWS_BEFORE_HEADER: usize = 10;

/// Reads a signatory list from a spreadsheet (`.xlsx`, `.xls`, `.ods`…) through
/// [`crate::sheet`]: rows are the row numbers the spreadsheet shows, date cells arrive as
/// `YYYY-MM-DD`, and the header is the first row naming a CIN column (title rows above it are
/// skipped). Returns the source name used in errors (`file [sheet]`) and the column report.
pub(crate) fn read_sheet(
    path: &std::path::Path,
    choice: &crate::sheet::SheetChoice,
    plan: ListPlan,
    mut sink: impl FnMut(&str, u64, Result<Entry<'_>>) -> Result<()>,
) -> Result<(String, Vec<ListColumn>)> {
    let sheet = crate::sheet::open_sheet(path, choice)?;
    let source = format!("{} [{}]", sheet.source, sheet.name);
    let mut header: Option<[Option<usize>; 6]> = None;
    let mut report = Vec::new();
    let mut first_nonblank: Option<(u64, Vec<String>)> = None;
    let mut nonblank = 0;
    sheet.for_each_row(|row, record| {
        if record.iter().all(|c| c.trim().is_empty()) {
            return Ok(true);
        }
        let Some(positions) = header else {
            nonblank += 1;
            let names: Vec<String> = record.iter().map(str::to_string).collect();
            if names.iter().any(|n| super::columns::field_of(n) == Some(0)) {
                let found = HeaderPlan::new(&names, &source, row, plan.required)?;
                header = Some(found.positions);
                report = found.report;
            } else if first_nonblank.is_none() {
                first_nonblank = Some((row, names));
            }
            return Ok(header.is_some() || nonblank < ROWS_BEFORE_HEADER);
        };
        let cell = |field: usize| positions[field].map(|i| record.get(i).unwrap_or("").as_bytes());
        let cells = [cell(0), cell(1), cell(2), cell(3), cell(4), cell(5)];
        sink(&source, row, parse_entry(row, &source, cells, plan.date_format))?;
        Ok(true)
    })?;
    if header.is_none() {
        // No row names a CIN column: the error lists the names looked for.
        let (row, names) = first_nonblank.unwrap_or((1, Vec::new()));
        HeaderPlan::new(&names, &source, row, plan.required)?;
    }
    Ok((source, report))
}

/// Splits a record that may hold quotes, with the `csv` crate.
fn split_record(record: &[u8], delimiter: u8, source: &str, row: u64) -> Result<Vec<Vec<u8>>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).delimiter(delimiter).from_reader(record);
    let mut parsed = csv::ByteRecord::new();
    match reader.read_byte_record(&mut parsed) {
        Ok(_) => Ok(parsed.iter().map(<[u8]>::to_vec).collect()),
        Err(_) => Err(Error::MalformedInput {
            location: Location::in_source(source).row(row),
            format: "CSV".into(),
            message: "unreadable quoted record".into(),
        }),
    }
}

pub(crate) fn signatory_error(source: &str, row: u64, field: &str, reason: &str) -> Error {
    Error::InvalidSignatory { location: Location::in_source(source).row(row).field(field), reason: reason.into() }
}

/// Parses the six cells of a row (in [`CSV_COLUMNS`] order), dates in `format` (see
/// [`dates`]). Errors never quote the cell.
pub(crate) fn parse_entry<'a>(
    row: u64,
    source: &str,
    cells: [Option<&'a [u8]>; 6],
    format: DateFormat,
) -> Result<Entry<'a>> {
    let cell = |index: usize| cells[index].map(<[u8]>::trim_ascii).filter(|c| !c.is_empty());
    let mut date_forms = 0;
    let mut date = |index: usize| -> Result<Option<NaiveDate>> {
        cell(index)
            .map(|c| {
                let (date, form) = dates::parse(c, format)
                    .ok_or_else(|| signatory_error(source, row, CSV_COLUMNS[index].0, dates::expected(format)))?;
                date_forms |= form;
                Ok(date)
            })
            .transpose()
    };
    let birth_date = date(1)?;
    let cnie_expiry = date(5)?;
    let flag = |index: usize| -> Result<Option<bool>> {
        cell(index)
            .map(|c| {
                parse_flag(c).ok_or_else(|| signatory_error(source, row, CSV_COLUMNS[index].0, "is not true/false"))
            })
            .transpose()
    };
    Ok(Entry {
        cin: cell(0).unwrap_or_default(),
        birth_date,
        residence: cell(2),
        activity_in_territory: flag(3)?.unwrap_or(false),
        registered_on_electoral_lists: flag(4)?,
        cnie_expiry,
        date_forms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// Each row's number, and its CIN and residence or error.
    type Rows = Vec<(u64, Result<(String, Option<String>)>)>;

    #[test]
    fn jobs_are_applied_in_order_and_a_panicking_worker_stops_the_read() {
        // Jobs finish out of order (the later ones are quicker), and are applied in order.
        let mut jobs = 0..40_u64;
        let mut applied = Vec::new();
        let read = |job: u64, emit: &mut dyn FnMut(u64)| {
            std::thread::sleep(std::time::Duration::from_micros(200 * (40 - job)));
            emit(job);
            Ok(())
        };
        let apply = |item| {
            applied.push(item);
            Ok(())
        };
        in_order(|| Ok(jobs.next()), 3, read, apply).unwrap();
        assert_eq!(applied, (0..40).collect::<Vec<_>>());
        // Workers that panic end the read with their panic; the queue does not wait for ever.
        let outcome = std::panic::catch_unwind(|| {
            let mut jobs = 0..1_000_u64;
            let panics = |_: u64, _: &mut dyn FnMut(u64)| -> Result<()> { panic!("a bug") };
            in_order(|| Ok(jobs.next()), 1, panics, |_| Ok(()))
        });
        assert!(outcome.is_err());
    }

    fn read_all(csv: &str) -> Rows {
        let mut rows = Vec::new();
        read_csv(csv.as_bytes(), "list.csv", ListPlan::default(), |row, parsed| {
            let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
            rows.push((row, parsed.map(|s| (text(s.cin), s.residence.map(text)))));
            Ok(())
        })
        .unwrap();
        rows
    }

    #[test]
    fn csv_rows_and_errors_without_personal_data() {
        let csv = "nom,cin,date_naissance,province,activite\nAlaoui,ab123,1990-01-31,MA-AZI,non\nBennani,c77,31/02/1990,MA-BEM,\n";
        let rows = read_all(csv);
        assert_eq!(rows[0], (2, Ok(("ab123".into(), Some("MA-AZI".into())))));
        let error = rows[1].1.clone().unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::InvalidSignatory);
        assert_eq!(
            error.to_string(),
            "list.csv, row 3, field `birth_date`: is not a date (YYYY-MM-DD, DD/MM/YYYY or a date cell)"
        );
        assert!(!error.to_string().contains("1990") && !error.to_string().contains("Bennani"));
    }

    #[test]
    fn csv_separators_quotes_line_breaks_and_widths() {
        // Semicolons (French spreadsheets), CRLF, a BOM, a quoted name with a separator and a line
        // break, an empty line, a short record and no final newline.
        let csv = "\u{feff}Nom;CIN;Province\r\n\"Alaoui; \"\"Ali\"\"\nfils\";A1;MA-AZI\r\n\r\nB;A2\r\nC;A3;MA-BEM";
        let rows = read_all(csv);
        assert_eq!(rows[0], (2, Ok(("A1".into(), Some("MA-AZI".into())))));
        assert_eq!(rows[1].0, 5, "line numbers count the quoted line break and the empty line");
        let error = rows[1].1.clone().unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::MalformedInput);
        assert_eq!(
            error.to_string(),
            "list.csv, row 5: malformed CSV: found a record with 2 fields, but the header has 3"
        );
        assert_eq!(rows[2], (6, Ok(("A3".into(), Some("MA-BEM".into())))));
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn plain_lines_blank_lines_crlf_widths_and_no_final_newline() {
        let csv = "cin,residence\r\nA1,MA-AZI\r\n\r\nA2\r\nA3,MA-BEM,extra\nA4,MA-KHN";
        let rows = read_all(csv);
        assert_eq!(rows[0], (2, Ok(("A1".into(), Some("MA-AZI".into())))));
        assert_eq!(rows[1].0, 4);
        assert_eq!(
            rows[1].1.clone().unwrap_err().to_string(),
            "list.csv, row 4: malformed CSV: found a record with 1 fields, but the header has 2"
        );
        assert_eq!(rows[2].0, 5);
        assert!(rows[2].1.is_err());
        assert_eq!(rows[3], (6, Ok(("A4".into(), Some("MA-KHN".into())))));
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn a_last_row_ending_with_an_empty_cell_and_no_line_break_is_read() {
        // Found by the signatory_csv fuzz target: this row was dropped, uncounted.
        let rows = read_all("cin,residence\nA1,MA-AZI\nA2,");
        assert_eq!(rows[1], (3, Ok(("A2".into(), None))));
        assert_eq!(rows.len(), 2);
        let rows = read_all("cin,residence\nA1,MA-AZI\nA2,\n");
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn word_scan_finds_every_separator() {
        let data = b"ab,c\n,,\n\x80,\xff\n0123456789,;\n,";
        let expected: Vec<usize> =
            data.iter().enumerate().filter(|(_, b)| **b == b',' || **b == b'\n').map(|(i, _)| i).collect();
        assert_eq!(Separators::new(data, b',').collect::<Vec<_>>(), expected);
        for length in 0..data.len() {
            let prefix = &data[..length];
            let expected: Vec<usize> = expected.iter().copied().filter(|i| *i < length).collect();
            assert_eq!(Separators::new(prefix, b',').collect::<Vec<_>>(), expected, "{length}");
        }
    }

    #[test]
    fn chunk_boundaries_do_not_split_records() {
        let body: String = (0..200_000).map(|i| format!("A{i},MA-AZI\n")).collect();
        let rows = read_all(&format!("cin,residence\n{body}"));
        assert_eq!(rows.len(), 200_000);
        // Quoted records (parsed one by one, slower in debug builds) read like plain ones.
        let quoted: String = (0..5_000).map(|i| format!("A{i},\"MA-AZI\"\n")).collect();
        let quoted_rows = read_all(&format!("cin,residence\n{quoted}"));
        assert_eq!(quoted_rows, rows[..5_000], "quoted and plain records read alike");
        assert!(
            rows.iter().enumerate().all(|(i, (row, parsed))| *row == i as u64 + 2
                && parsed.as_ref().is_ok_and(|(cin, _)| *cin == format!("A{i}")))
        );
    }

    /// Reads a list, returning the read's own error (not the rows' errors).
    fn read_result(reader: impl Read) -> Result<usize> {
        let mut count = 0;
        read_csv(reader, "list.csv", ListPlan::default(), |_, _| {
            count += 1;
            Ok(())
        })?;
        Ok(count)
    }

    #[test]
    fn a_stray_quote_is_an_error_naming_its_row_found_in_linear_time() {
        // One quote at the start of row 2 of a 7.5 MB list: it would make the rest of the file one
        // cell. The error names row 2 and comes after at most MAX_RECORD_BYTES of scanning (it
        // took 205 s when each line re-counted the quotes from the record's start).
        let body: String = (0..300_000).map(|i| format!("A{i:06},MA-AZI,2000-01-01\n")).collect();
        let text = format!("cin,residence,birth_date\n\"{body}");
        assert!(text.len() > 7_000_000);
        let started = std::time::Instant::now();
        let error = read_result(text.as_bytes()).unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::MalformedInput);
        assert_eq!(error.details()["location"]["row"], 2);
        assert!(error.to_string().contains("quote"), "{error}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
        // The same on worker threads, and in a short file (the quote reaches the end).
        let mut check_rows = 0;
        let error = read_csv_parallel(
            text.as_bytes(),
            "list.csv",
            ListPlan::default(),
            2,
            || 0,
            |rows: &mut u64, _, _| {
                *rows += 1;
                Ok(())
            },
            |rows| {
                check_rows += rows;
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(error.details()["location"]["row"], 2);
        assert_eq!(check_rows, 0, "no row comes before the quote");
        let error = read_result("cin,residence\nA1,MA-AZI\n\"A2,MA-AZI\nA3,MA-AZI\n".as_bytes()).unwrap_err();
        assert_eq!(
            (error.code(), error.details()["location"]["row"].as_u64()),
            (crate::ErrorCode::MalformedInput, Some(3))
        );
    }

    #[test]
    fn a_quote_inside_a_cell_is_text_and_does_not_join_rows() {
        // The csv crate's rule: a quote opens a quoted cell only at the start of a cell.
        let rows = read_all("nom,cin,residence\nO\"Brien,A1,MA-AZI\nX,A2,MA-AZI\nD\"Arc,A3,MA-AZI\n");
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert!(rows.iter().all(|(_, parsed)| parsed.is_ok()), "{rows:?}");
        assert_eq!(rows.iter().map(|(row, _)| *row).collect::<Vec<_>>(), [2, 3, 4]);
    }

    #[test]
    fn carriage_return_line_ends_are_read_as_lines() {
        // An old Mac or Excel export: every line ends with a lone `\r`.
        let rows = read_all("cin,residence\rA1,MA-AZI\r\rA2,MA-KHN\r");
        assert_eq!(rows[0], (2, Ok(("A1".into(), Some("MA-AZI".into())))));
        assert_eq!(rows[1], (4, Ok(("A2".into(), Some("MA-KHN".into())))));
        assert_eq!(rows.len(), 2);
        // Across chunk boundaries, a `\r\n` split between two chunks is still one line break.
        let body: String = (0..120_000).map(|i| format!("A{i},MA-AZI\r")).collect();
        let rows = read_all(&format!("cin,residence\r{body}"));
        assert_eq!(rows.len(), 120_000);
        assert_eq!(rows[119_999].0, 120_001);
        let body: String = (0..120_000).map(|i| format!("A{i},MA-AZI\r\n")).collect();
        let rows = read_all(&format!("cin,residence\r\n{body}"));
        assert_eq!((rows.len(), rows[119_999].0), (120_000, 120_001));
    }

    #[test]
    fn input_without_line_breaks_stops_at_the_record_limit() {
        // `/dev/zero` or an endless pipe: memory stays bounded, the error names the row.
        let error = read_result(std::io::repeat(0).take(1 << 30)).unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::LimitExceeded);
        assert_eq!(error.details()["location"]["row"], 1);
        let endless = std::io::repeat(b'a');
        let error = read_result(std::io::Read::chain("cin,residence\nA1,MA-AZI\n".as_bytes(), endless)).unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::LimitExceeded);
        assert_eq!(error.details()["location"]["row"], 3);
        // A long line that does end is refused too (the same limit whatever the chunking).
        let long = format!("cin,residence\nA1,{}\nA2,MA-AZI\n", "x".repeat(MAX_RECORD_BYTES));
        assert_eq!(read_result(long.as_bytes()).unwrap_err().code(), crate::ErrorCode::LimitExceeded);
    }

    #[test]
    fn csv_without_a_cin_column_is_refused() {
        let error = read_csv("name,residence\n".as_bytes(), "l.csv", ListPlan::default(), |_, _| Ok(())).unwrap_err();
        assert_eq!(error.code(), crate::ErrorCode::MissingSignatoryColumn);
        assert!(error.to_string().starts_with("l.csv, row 1: no `cin` column (looked for \"cin\", \"cnie\""));
        let empty = read_csv("".as_bytes(), "l.csv", ListPlan::default(), |_, _| Ok(())).unwrap_err();
        assert_eq!(empty.code(), crate::ErrorCode::MissingSignatoryColumn);
    }

    #[test]
    fn iso_dates() {
        use crate::date::parse_iso_bytes;
        assert_eq!(parse_iso_bytes(b"2008-02-29"), NaiveDate::from_ymd_opt(2008, 2, 29));
        assert_eq!(parse_iso_bytes(b"2007-02-29"), None);
        assert_eq!(parse_iso_bytes(b"2007-2-28"), None);
    }
}
