//! Budget tables given as cells rather than as CSV text: a DataFrame handed over by a binding
//! (pandas, polars, pyarrow through the Arrow C stream interface), column by column.
//!
//! A table is read with the rules of the CSV reader, by the same code: its column names are
//! the header (the plan of [`CsvFormat`] finds the amount, the direction, the codes… by the same
//! names and aliases), and every row's cells go through the same row logic (amount formats and
//! skip markers, direction and part words, the fiscal-year filter, the errors naming the row
//! and column). So a table gives the lines, skipped rows, errors and report of its CSV file.
//! A binding only turns its values into the text a CSV file would hold (numbers, booleans and
//! dates written out; a null is an empty cell).
//!
//! Rows are numbered from `first_row` in table order (a table has no header line: give
//! `first_row = 2` to number rows as the lines of its CSV file). An error about the header (a
//! missing column) has no row.
//!
//! The table comes in parts ([`TablePart`]: a binding's record batches), read a window of
//! about a million rows at a time; a window is cut into one group of rows per core, each read
//! on its own thread into a [`fork`](LineSink::fork) of the sink, and the forks are merged in
//! table order. The result, and the first error in table order, are those of a one-thread read
//! (tested), as for the CSV reader's parts.

use super::csv::CsvFormat;
use super::records::Direct;
use super::{Layout, ReadReport, RowPlan, RowState, SLOTS};
use crate::budget::model::LineSink;
use crate::error::{Error, Result};
use rust_decimal::Decimal;

/// The cells of the rows of one [`TablePart`].
pub trait TableRows {
    /// The text of the cell of `column` (a position in the header given to
    /// [`TableReader::new`]) at `row` (0-based in the part), as its CSV file would hold it once
    /// unquoted; `""` for a null. Only the columns of [`TableReader::columns`] are asked for.
    fn cell(&self, row: usize, column: usize) -> &str;

    /// The cells of `column` for the rows from `first` on, into `cells`, as
    /// [`TableRows::cell`] gives them one by one. A table held column by column reads a run of
    /// one column faster than cell by cell: the reader asks for runs of [`BLOCK`] rows.
    fn column_cells<'s>(&'s self, column: usize, first: usize, cells: &mut [&'s str]) {
        for (offset, cell) in cells.iter_mut().enumerate() {
            *cell = self.cell(first + offset, column);
        }
    }

    /// The value of the cell of `column` at `row` when the table holds it as an exact number
    /// (a decimal or integer column), read as such; `None` for a null, or to have
    /// [`TableRows::cell`] read. Asked only for the columns of [`TableReader::number_columns`].
    fn number(&self, row: usize, column: usize) -> Option<Decimal> {
        let _ = (row, column);
        None
    }
}

/// Some consecutive rows of a table (a record batch, or a slice of one).
pub trait TablePart: Send + Sized {
    /// The cells of the part, made ready to read.
    type Rows<'a>: TableRows
    where
        Self: 'a;
    /// How many rows the part has.
    fn len(&self) -> usize;
    /// Whether the part has no row.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// `length` rows from `offset`, as a part of their own (cheap: the rows are not copied).
    fn slice(&self, offset: usize, length: usize) -> Self;
    /// The cells, for reading: called on the thread that reads the part, so a binding can do
    /// its conversions (numbers written as text) there.
    fn rows(&self) -> Result<Self::Rows<'_>>;
}

/// Reads the rows of a table with a declared column mapping, as the CSV reader reads a file.
#[derive(Debug, Clone)]
pub struct TableReader {
    plan: RowPlan,
    layout: Layout,
}

/// How many rows are held at a time (a window), at most: a table already in memory is read in
/// about one window; a stream of batches holds at most this many rows.
const WINDOW: usize = 1 << 20;

/// How many rows are read column by column ([`TableRows::column_cells`]) before they are read
/// row by row: their cells stay in the first-level cache.
pub const BLOCK: usize = 64;

/// The fewest rows a group read on a thread of its own has: below that, a thread costs more
/// than it saves.
const MIN_GROUP: usize = 1 << 15;

/// Parts of a table, each with the row number of its first row.
type Held<P> = Vec<(u64, P)>;

/// What reading one group gave.
struct Group<S> {
    outcome: Result<()>,
    report: ReadReport,
    sink: S,
}

impl TableReader {
    /// A reader of tables whose columns are named `header` (`source` names the table in
    /// errors), with the columns, words and number format of `format` (its delimiter is not
    /// used). A missing column is an error naming it, without a row.
    ///
    /// ```
    /// use shafaf::budget::read::csv::CsvFormat;
    /// use shafaf::budget::read::table::{TablePart, TableReader, TableRows};
    /// use shafaf::budget::{Budget, BudgetInfo};
    ///
    /// /// Rows held as text, column by column.
    /// struct Columns(Vec<Vec<&'static str>>);
    /// impl TableRows for &Columns {
    ///     fn cell(&self, row: usize, column: usize) -> &str {
    ///         self.0[column][row]
    ///     }
    /// }
    /// impl TablePart for Columns {
    ///     type Rows<'a> = &'a Columns;
    ///     fn len(&self) -> usize {
    ///         self.0[0].len()
    ///     }
    ///     fn slice(&self, offset: usize, length: usize) -> Self {
    ///         Columns(self.0.iter().map(|c| c[offset..offset + length].to_vec()).collect())
    ///     }
    ///     fn rows(&self) -> shafaf::Result<&Columns> {
    ///         Ok(self)
    ///     }
    /// }
    ///
    /// let header = ["Sens".to_string(), "Montant".to_string()];
    /// let reader = TableReader::new(&header, "table", &CsvFormat { decimal_comma: true, ..CsvFormat::default() })?;
    /// let part = Columns(vec![vec!["Dépense", "Recette"], vec!["1 200,50", "nfp"]]);
    /// let mut budget = Budget::new(BudgetInfo::new(2025));
    /// let report = reader.read([Ok(part)], 1, &mut budget)?;
    /// assert_eq!((report.rows, report.lines, report.skipped), (2, 1, 1));
    /// assert_eq!(budget.lines[0].amount.to_string(), "1200.50");
    /// # Ok::<(), shafaf::Error>(())
    /// ```
    pub fn new(header: &[String], source: &str, format: &CsvFormat) -> Result<TableReader> {
        let plan = format.plan(header, source).map_err(|error| match error {
            // A table has no header line.
            Error::MissingColumn { mut location, column, looked_for } => {
                location.row = None;
                Error::MissingColumn { location, column, looked_for }
            }
            other => other,
        })?;
        let layout = plan.layout();
        Ok(TableReader { plan, layout })
    }

    /// The columns the reader reads (positions in the header): the only cells
    /// [`TableRows::cell`] is asked for.
    pub fn columns(&self) -> &[usize] {
        &self.layout.columns
    }

    /// The columns of the amount and of the previous amount when the reader reads them for
    /// nothing else: their cells may come as numbers ([`TableRows::number`]), not text.
    pub fn number_columns(&self) -> [Option<usize>; 2] {
        self.layout.number_columns()
    }

    /// Reads the parts of a table, in order, into `sink`; rows are numbered from `first_row`.
    /// An `Err` part (a producer failing) ends the read with that error, after the rows
    /// before it. On several cores, into a sink that forks, rows are read on several threads
    /// (see the module documentation), with the result of a one-thread read.
    pub fn read<P: TablePart, S: LineSink + Send>(
        &self,
        parts: impl IntoIterator<Item = Result<P>>,
        first_row: u64,
        sink: &mut S,
    ) -> Result<ReadReport> {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        self.read_in(parts, first_row, sink, threads, WINDOW, MIN_GROUP)
    }

    /// [`TableReader::read`] on at most `threads` threads, holding `window` rows at a time,
    /// with at least `min_group` rows per thread (tests use tiny ones).
    pub(crate) fn read_in<P: TablePart, S: LineSink + Send>(
        &self,
        parts: impl IntoIterator<Item = Result<P>>,
        first_row: u64,
        sink: &mut S,
        threads: usize,
        window: usize,
        min_group: usize,
    ) -> Result<ReadReport> {
        let mut report = ReadReport { source: self.plan.source.clone(), ..ReadReport::default() };
        let mut state = RowState::new();
        let mut next_row = first_row;
        let mut parts = parts.into_iter();
        loop {
            let mut held = Vec::new();
            let mut rows = 0;
            let mut failure = None;
            let mut ended = false;
            while rows < window.max(1) {
                match parts.next() {
                    None => {
                        ended = true;
                        break;
                    }
                    Some(Err(error)) => {
                        failure = Some(error);
                        break;
                    }
                    Some(Ok(part)) if part.is_empty() => {}
                    Some(Ok(part)) => {
                        rows += part.len();
                        let first = next_row;
                        next_row += part.len() as u64;
                        held.push((first, part));
                    }
                }
            }
            let groups = threads.min(rows / min_group.max(1)).max(1);
            state = self.read_window(held, rows, groups, state, &mut report, sink)?;
            if let Some(error) = failure {
                return Err(error);
            }
            if ended {
                return Ok(report);
            }
        }
    }

    /// Reads the rows of one window in `groups` groups: the first on this thread into `sink`,
    /// the others on threads of their own into forks merged in order. Returns the row state
    /// after the window.
    fn read_window<P: TablePart, S: LineSink + Send>(
        &self,
        held: Held<P>,
        rows: usize,
        groups: usize,
        state: RowState,
        report: &mut ReadReport,
        sink: &mut S,
    ) -> Result<RowState> {
        let forks = if groups > 1 { (1..groups).map(|_| sink.fork()).collect::<Option<Vec<S>>>() } else { None };
        let Some(forks) = forks else {
            let (outcome, read, state) = self.read_group(&held, state, sink);
            add(report, &read);
            return outcome.map(|()| state);
        };
        // A year column and no year chosen: every row must hold the year of the table's first
        // row, which every group is told before it starts.
        let mut state = state;
        if let (Some(slot), None, Some((_, part))) = (self.layout.one_year, &state.first_year, held.first()) {
            let first = part.slice(0, 1);
            let year = super::fiscal_year_of(first.rows()?.cell(0, self.layout.columns[slot])).to_string();
            state.first_year = Some((year, held[0].0));
        }
        let first_year = state.first_year.clone();
        let mut split = split(held, rows, groups).into_iter();
        let first = split.next().unwrap_or_default();
        let (first, others) = std::thread::scope(|scope| {
            let others: Vec<_> = split
                .zip(forks)
                .map(|(group, mut fork)| {
                    let mut state = RowState::new();
                    state.first_year.clone_from(&first_year);
                    scope.spawn(move || {
                        let (outcome, report, _) = self.read_group(&group, state, &mut fork);
                        Group { outcome, report, sink: fork }
                    })
                })
                .collect();
            let first = self.read_group(&first, state, sink);
            // A group's thread does not panic; if it did, the panic goes on here.
            let others: Vec<Group<S>> = others
                .into_iter()
                .map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect();
            (first, others)
        });
        let (outcome, read, state) = first;
        add(report, &read);
        outcome?;
        for group in others {
            add(report, &group.report);
            group.outcome?;
            sink.merge(group.sink)?;
        }
        Ok(state)
    }

    /// Reads the parts of one group in order into `sink`, starting from `state`.
    fn read_group<P: TablePart, S: LineSink>(
        &self,
        parts: &[(u64, P)],
        state: RowState,
        sink: &mut S,
    ) -> (Result<()>, ReadReport, RowState) {
        let mut direct = Direct::new(&self.plan, &self.layout, sink);
        direct.state = state;
        let columns = self.layout.columns.as_slice();
        let number_columns = self.number_columns();
        let outcome = parts.iter().try_for_each(|(first_row, part)| {
            let rows = part.rows()?;
            // The cells of a block of rows, column by column.
            let mut block = [[""; BLOCK]; SLOTS];
            for first in (0..part.len()).step_by(BLOCK) {
                let count = BLOCK.min(part.len() - first);
                for (slot, &column) in block.iter_mut().zip(columns) {
                    rows.column_cells(column, first, &mut slot[..count]);
                }
                for offset in 0..count {
                    let index = first + offset;
                    let mut cells = [""; SLOTS];
                    for (cell, slot) in cells.iter_mut().zip(&block[..columns.len()]) {
                        *cell = slot[offset];
                    }
                    let numbers = number_columns.map(|column| column.and_then(|column| rows.number(index, column)));
                    direct.record(&cells, &numbers, first_row + index as u64)?;
                }
            }
            Ok(())
        });
        let report = std::mem::take(&mut direct.report);
        (outcome, report, direct.state)
    }
}

fn add(report: &mut ReadReport, read: &ReadReport) {
    report.rows += read.rows;
    report.lines += read.lines;
    report.skipped += read.skipped;
}

/// Cuts `held` (`rows` rows) into `groups` groups of consecutive rows of about the same size,
/// slicing parts where a group ends.
fn split<P: TablePart>(held: Held<P>, rows: usize, groups: usize) -> Vec<Held<P>> {
    let size = rows.div_ceil(groups.max(1)).max(1);
    let mut split: Vec<Held<P>> = vec![Vec::new()];
    let mut room = size;
    for (first_row, part) in held {
        let total = part.len();
        if room == 0 {
            split.push(Vec::new());
            room = size;
        }
        if total <= room {
            room -= total;
            if let Some(group) = split.last_mut() {
                group.push((first_row, part));
            }
            continue;
        }
        let mut offset = 0;
        while offset < total {
            if room == 0 {
                split.push(Vec::new());
                room = size;
            }
            let length = room.min(total - offset);
            let piece = (first_row + offset as u64, part.slice(offset, length));
            if let Some(group) = split.last_mut() {
                group.push(piece);
            }
            offset += length;
            room -= length;
        }
    }
    split
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::budget::model::{Budget, BudgetInfo};
    use crate::budget::read::csv::read_csv;
    use crate::budget::{Aggregator, SimplifyOptions};

    /// Rows held as text, column by column (a null is `None`).
    #[derive(Debug, Clone)]
    struct Columns(Vec<Vec<Option<String>>>);

    impl TableRows for &Columns {
        fn cell(&self, row: usize, column: usize) -> &str {
            self.0[column][row].as_deref().unwrap_or_default()
        }
    }

    impl TablePart for Columns {
        type Rows<'a> = &'a Columns;
        fn len(&self) -> usize {
            self.0.first().map_or(0, Vec::len)
        }
        fn slice(&self, offset: usize, length: usize) -> Self {
            Columns(self.0.iter().map(|column| column[offset..offset + length].to_vec()).collect())
        }
        fn rows(&self) -> Result<&Columns> {
            Ok(self)
        }
    }

    /// A CSV text (no quotes) as a header and parts of `batch` rows.
    fn table(text: &str, batch: usize) -> (Vec<String>, Vec<Columns>) {
        let mut lines = text.lines();
        let header: Vec<String> = lines.next().unwrap_or_default().split(';').map(str::to_string).collect();
        let rows: Vec<Vec<Option<String>>> =
            lines.map(|line| line.split(';').map(|cell| Some(cell.to_string())).collect()).collect();
        let parts = rows
            .chunks(batch.max(1))
            .map(|chunk| {
                Columns(
                    (0..header.len())
                        .map(|column| chunk.iter().map(|row| row.get(column).cloned().flatten()).collect())
                        .collect(),
                )
            })
            .collect();
        (header, parts)
    }

    fn format() -> CsvFormat {
        CsvFormat { delimiter: ";".into(), ..CsvFormat::default() }
    }

    /// A budget of `lines` lines, with skipped rows and unmapped codes.
    fn text(lines: usize) -> String {
        let mut text = String::from("sens;partie;fonction;nature;programme;libelle;montant\n");
        for index in 0..lines {
            let (direction, functional, economic) =
                if index % 5 == 0 { ("Recette", "", "1111") } else { ("Dépense", "04.5", "2211") };
            let amount = match index % 97 {
                3 => "nfp".to_string(),
                7 => String::new(),
                _ => format!("{}.{:02}", index * 13 % 100_000, index % 100),
            };
            let functional = if index % 31 == 0 { "99.9" } else { functional };
            text.push_str(&format!(
                "{direction};Fonctionnement;{functional};{economic};P{};ligne {index};{amount}\n",
                index % 7
            ));
        }
        text
    }

    fn from_csv(text: &str) -> (ReadReport, Budget) {
        let mut budget = Budget::new(BudgetInfo::new(2025));
        let report = read_csv(text.as_bytes(), "table", &format(), &mut budget).unwrap();
        (report, budget)
    }

    #[test]
    fn a_table_gives_the_lines_of_its_csv_file_on_any_number_of_threads() {
        let text = text(5000);
        let (expected_report, expected) = from_csv(&text);
        let (header, parts) = table(&text, 333);
        let reader = TableReader::new(&header, "table", &format()).unwrap();
        for (threads, window, min_group) in [(1, WINDOW, MIN_GROUP), (2, 1000, 10), (3, 5000, 1), (4, 7, 1)] {
            let mut budget = Budget::new(BudgetInfo::new(2025));
            let report =
                reader.read_in(parts.clone().into_iter().map(Ok), 2, &mut budget, threads, window, min_group).unwrap();
            assert_eq!(report, expected_report, "{threads} threads, window {window}");
            assert_eq!(budget, expected, "{threads} threads, window {window}");
        }
        // The aggregator alike: the same citizen budget.
        let territories = crate::territory::Territories::embedded();
        let citizen = |parts: Vec<Columns>, threads: usize| {
            let mut aggregator = Aggregator::new(BudgetInfo::new(2025), SimplifyOptions::default()).unwrap();
            reader.read_in(parts.into_iter().map(Ok), 2, &mut aggregator, threads, 1200, 10).unwrap();
            aggregator.citizen_budget(None, &territories).unwrap()
        };
        assert_eq!(citizen(parts.clone(), 3), citizen(parts, 1));
    }

    #[test]
    fn rows_are_numbered_from_first_row_and_errors_name_them() {
        let mut text = text(3000);
        text.push_str("Dépense;;;;;;douze\n");
        text.push_str("Dépense;;;;;;treize\n");
        let (header, parts) = table(&text, 100);
        let reader = TableReader::new(&header, "table", &format()).unwrap();
        for threads in [1, 2, 4] {
            let mut budget = Budget::new(BudgetInfo::new(2025));
            let error =
                reader.read_in(parts.clone().into_iter().map(Ok), 10, &mut budget, threads, 1000, 1).unwrap_err();
            assert_eq!(error.code(), ErrorCode::InvalidAmount);
            // The first of the two bad rows: position 3000, numbered from 10.
            assert_eq!(
                error.details()["location"],
                serde_json::json!({"source": "table", "row": 3010, "field": "montant"})
            );
        }
        // A failing producer: the rows before it are read, then its error.
        let mut budget = Budget::new(BudgetInfo::new(2025));
        let failing = parts.iter().take(3).cloned().map(Ok).chain([Err(Error::Internal { message: "stream".into() })]);
        let error = reader.read_in(failing, 1, &mut budget, 2, 250, 1).unwrap_err();
        assert!(matches!(error, Error::Internal { .. }));
        assert_eq!(budget.lines.len() + budget.skipped.len(), 300);
    }

    #[test]
    fn nulls_are_empty_cells_and_missing_columns_have_no_row() {
        let header = vec!["direction".to_string(), "amount".to_string(), "label".to_string()];
        let part = Columns(vec![
            vec![Some("revenue".into()), Some("expenditure".into())],
            vec![None, Some("12".into())],
            vec![None, None],
        ]);
        let reader = TableReader::new(&header, "table", &CsvFormat::default()).unwrap();
        let mut budget = Budget::new(BudgetInfo::new(2025));
        let report = reader.read([Ok(part)], 1, &mut budget).unwrap();
        assert_eq!((report.rows, report.lines, report.skipped), (2, 1, 1));
        assert_eq!((budget.skipped[0].row, budget.lines[0].row, budget.lines[0].label.as_deref()), (1, Some(2), None));
        let error = TableReader::new(&header[1..], "table", &CsvFormat::default()).unwrap_err();
        assert_eq!(error.code(), ErrorCode::MissingColumn);
        assert_eq!(error.details()["location"], serde_json::json!({"source": "table"}));
    }

    #[test]
    fn several_fiscal_years_fail_where_a_one_thread_read_fails() {
        let mut text = String::from("annee;sens;montant\n");
        for index in 0..4000 {
            let year = if index < 2500 { 2025 } else { 2026 };
            text.push_str(&format!("{year};Dépense;{index}\n"));
        }
        let (header, parts) = table(&text, 64);
        let reader = TableReader::new(&header, "table", &format()).unwrap();
        let expected = {
            let mut budget = Budget::new(BudgetInfo::new(2025));
            reader.read_in(parts.clone().into_iter().map(Ok), 1, &mut budget, 1, WINDOW, MIN_GROUP).unwrap_err()
        };
        assert_eq!(expected.details()["years"], "2025 (row 1), 2026 (row 2501)");
        // Groups starting on 2026 (after 2500 rows) or inside the rows of 2026 alike.
        for (threads, window, min_group) in [(2, 5000, 1), (4, 5000, 1), (3, 2500, 1), (2, 3000, 1), (5, 700, 1)] {
            let mut budget = Budget::new(BudgetInfo::new(2025));
            let error = reader
                .read_in(parts.clone().into_iter().map(Ok), 1, &mut budget, threads, window, min_group)
                .unwrap_err();
            assert_eq!(error.to_string(), expected.to_string(), "{threads} threads, window {window}");
        }
    }

    #[test]
    fn groups_cut_parts_at_their_size() {
        let (_, parts) = table(&text(100), 30);
        let held: Held<Columns> = parts
            .into_iter()
            .scan(1, |row, part| {
                let first = *row;
                *row += part.len() as u64;
                Some((first, part))
            })
            .collect();
        let groups = split(held, 100, 3);
        let sizes: Vec<usize> = groups.iter().map(|g| g.iter().map(|(_, p)| p.len()).sum()).collect();
        assert_eq!(sizes, [34, 34, 32]);
        assert_eq!(groups[1][0].0, 35, "the second group starts at row 35");
        assert_eq!(groups[2].iter().map(|(row, _)| *row).collect::<Vec<_>>(), [69, 91]);
    }
}
