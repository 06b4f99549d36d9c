//! A large file in the ministry's layout, read in parts, one per core.
//!
//! A row of the layout is read in the light of the rows above it: the section gives the
//! direction, the part and the budget (main or annex), the headings give the labels, the last
//! line gives a bare total its code ([`Carried`]). So each part after the first is read by a
//! thread that first runs through the file before its part taking only that state
//! ([`Reader::carry_row`]: the header, sections and headings as the reader reads them, lines
//! only for their code, several times cheaper than reading them), then reads its part into a
//! fork of the sink, its subtotal checks waiting for the sums of the parts before
//! ([`Deferred`]).
//!
//! The parts are joined in file order on the calling thread, which reads the first part
//! itself. A part is taken when the state it started from is the state in which the part
//! before it ended. Otherwise — the run-through read a row differently (a total printed with a
//! full line code), the part holds an annex, or it met an error — the file is read on from
//! that part's start on the calling thread. So the budget, the report, the findings in their
//! order and the first error are those of a one-thread read (tested).

use super::{Code, LabelKey, PendingHeading, Reader, ScopeKey, ScopeSum, lone_text, with_trimmed};
use crate::budget::model::{Direction, LineSink, Part};
use crate::budget::read::records::{MIN_PART, bounds_after, for_each_record, for_each_record_narrowing};
use crate::error::{Error, Result};
use rust_decimal::Decimal;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// What a row of the layout takes from the rows above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Carried {
    direction: Option<Direction>,
    part: Option<Part>,
    annex: usize,
    annexes: usize,
    chapter_label: Option<String>,
    article_label: Option<String>,
    group_label: Option<String>,
    heading: Option<String>,
    last_code: Code,
}

/// A subtotal check of a part, finished when the parts are joined: the sums of its scope in
/// the parts before are added to the sums in this part up to the subtotal's row.
#[derive(Debug)]
pub(super) struct Deferred {
    pub(super) row: u64,
    pub(super) key: ScopeKey,
    pub(super) printed: Vec<Option<Decimal>>,
    pub(super) partial: Option<ScopeSum>,
}

/// What reading one part gave, to be joined.
#[derive(Debug)]
struct PartRead {
    /// The state the part was read from, and the one it ended in.
    start: Carried,
    end: Carried,
    /// The part's first line, and the line after its last record.
    first_line: u64,
    end_line: u64,
    outcome: Result<()>,
    counts: Counts,
    filled: Vec<u64>,
    sums: Vec<(ScopeKey, ScopeSum)>,
    deferred: Vec<Deferred>,
    pending: Vec<PendingHeading>,
}

/// The counts of a part's report.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    rows: u64,
    blank: u64,
    repeated_headers: u64,
    headings: u64,
    subtotals: u64,
    lines: u64,
    skipped: u64,
}

impl Reader<'_> {
    fn carried(&self) -> Carried {
        Carried {
            direction: self.direction,
            part: self.part,
            annex: self.annex,
            annexes: self.report.annexes.len(),
            chapter_label: self.chapter_label.clone(),
            article_label: self.article_label.clone(),
            group_label: self.group_label.clone(),
            heading: self.heading.clone(),
            last_code: self.last_code,
        }
    }

    fn set_carried(&mut self, carried: Carried) {
        self.direction = carried.direction;
        self.part = carried.part;
        self.annex = carried.annex;
        self.chapter_label = carried.chapter_label;
        self.article_label = carried.article_label;
        self.group_label = carried.group_label;
        self.heading = carried.heading;
        self.last_code = carried.last_code;
    }

    fn counts(&self) -> Counts {
        let report = &self.report;
        Counts {
            rows: report.rows,
            blank: report.blank,
            repeated_headers: report.repeated_headers,
            headings: report.headings,
            subtotals: report.subtotals,
            lines: report.lines,
            skipped: report.skipped,
        }
    }

    /// Takes from a row only what the rows below it take from it ([`Carried`]), as
    /// [`Reader::row`] would: the header, sections, headings, the code of a line, a direction
    /// or part column. Nothing is summed and nothing is an error: a row this misreads leaves a
    /// state that the join finds different.
    ///
    /// `record` may end before the row does, `rest` holding the rest of its line
    /// ([`for_each_record_narrowing`], split only as far as [`Reader::carry_width`]): a line
    /// needs only its code cells, and other rows are split here.
    fn carry_row(&mut self, row: u64, record: &[&str], rest: Option<&str>, delimiter: u8) -> Result<()> {
        if self.plan.is_some() && self.is_plain_line(record) {
            if let Ok(code) = self.code(row, record) {
                if code.line.is_some() {
                    self.last_code = code;
                    return Ok(());
                }
            }
        }
        let whole: Vec<&str>;
        let record = match rest {
            Some(rest) => {
                whole = record.iter().copied().chain(rest.split(char::from(delimiter))).collect();
                &whole[..]
            }
            None => record,
        };
        if self.plan.is_none() {
            return self.before_header(row, record);
        }
        with_trimmed(record, |cells| self.carry_trimmed(row, cells))
    }

    /// The usual row, a line with its ligne code, where only its code is carried (read from
    /// the cells as they are: a code with spaces around goes on to the general reading).
    fn is_plain_line(&self, record: &[&str]) -> bool {
        self.plan.as_ref().is_some_and(|plan| {
            let codes = &plan.codes;
            codes.line.and_then(|column| record.get(column)).is_some_and(|cell| !cell.is_empty())
                && codes.budget_code.is_none()
                && codes.part.is_none()
                && codes.direction.is_none()
        })
    }

    /// How many cells of a row [`Reader::carry_row`] needs to tell a line and read its code:
    /// up to the last code column, once the header is known.
    fn carry_width(&self) -> usize {
        let Some(plan) = self.plan.as_ref() else { return usize::MAX };
        let codes = &plan.codes;
        let needed =
            [codes.chapter, codes.article, codes.paragraph, codes.line, codes.budget_code, codes.part, codes.direction];
        match codes.line {
            Some(_) => needed.into_iter().flatten().max().map_or(usize::MAX, |last| last + 1),
            None => usize::MAX,
        }
    }

    /// [`Reader::carry_row`] for a row other than a line, its cells trimmed.
    fn carry_trimmed(&mut self, row: u64, cells: &[&str]) -> Result<()> {
        let Some(plan) = self.plan.as_ref() else { return Ok(()) };
        if cells.iter().all(|c| c.is_empty()) || self.repeats_header(cells) {
            return Ok(());
        }
        let cell = |index: Option<usize>| index.and_then(|i| cells.get(i).copied()).filter(|c| !c.is_empty());
        let lone_text = lone_text(cells);
        let label = lone_text.or_else(|| cell(plan.label));
        let economic = cell(plan.codes.economic);
        let functional = cell(plan.codes.functional);
        let code = match lone_text {
            Some(_) => Code::default(),
            None => {
                let Ok(code) = self.code(row, cells) else { return Ok(()) };
                let part = cell(plan.codes.part).and_then(Part::from_cell);
                let direction = cell(plan.codes.direction).and_then(Direction::from_cell);
                if self.options.part.is_none() && part.is_some() {
                    self.part = part;
                }
                if self.options.direction.is_none() && direction.is_some() {
                    self.direction = direction;
                }
                // The usual row, a line: only its code is carried.
                if code.line.is_some() {
                    self.last_code = code;
                    return Ok(());
                }
                code
            }
        };
        let key = LabelKey::remembered(&mut self.label_keys, &self.no_label, label);
        if key.subtotal {
            return Ok(());
        }
        let any_amount = plan.amounts.iter().any(|(column, _)| {
            matches!(self.amount(row, *column, cells.get(*column).copied().unwrap_or_default()), Ok(Ok(_)))
        });
        if code.is_empty() && economic.is_none() && functional.is_none() && !any_amount {
            if label.is_some() {
                self.section(&key.key);
            }
        } else if let Some(level) = code.level() {
            self.heading_row(level, label);
        } else {
            self.last_code = code;
        }
        Ok(())
    }

    /// Joins a part read after the rows this reader read: its subtotal checks finished with
    /// the sums before it, its sums added, its counts and headings taken.
    fn absorb(&mut self, part: PartRead) {
        self.close_open_sums();
        for check in part.deferred {
            let before = self.sums.get(&check.key).map(|position| &self.scope_sums[*position]);
            let computed = match (before, &check.partial) {
                (None, None) => None,
                (before, partial) => {
                    let mut computed = before.cloned().unwrap_or(ScopeSum { sums: Vec::new(), lines: 0 });
                    if let Some(partial) = partial {
                        add_sum(&mut computed, partial);
                    }
                    Some(computed)
                }
            };
            self.push_findings(check.row, &check.key, &check.printed, computed.as_ref());
        }
        for (key, sum) in part.sums {
            let position = *self.sums.entry(key).or_insert_with(|| {
                self.scope_sums.push(ScopeSum { sums: Vec::new(), lines: 0 });
                self.scope_sums.len() - 1
            });
            add_sum(&mut self.scope_sums[position], &sum);
        }
        self.pending.extend(part.pending);
        let report = &mut self.report;
        let counts = part.counts;
        report.rows += counts.rows;
        report.blank += counts.blank;
        report.repeated_headers += counts.repeated_headers;
        report.headings += counts.headings;
        report.subtotals += counts.subtotals;
        report.lines += counts.lines;
        report.skipped += counts.skipped;
        for (mine, theirs) in self.filled.iter_mut().zip(&part.filled) {
            *mine += theirs;
        }
        self.last_keys = None;
        self.set_carried(part.end);
    }
}

/// Adds the sums `other` to `sum` (exactly; a sum past the `Decimal` range stops growing, as
/// the reader's own sums do).
fn add_sum(sum: &mut ScopeSum, other: &ScopeSum) {
    if sum.sums.len() < other.sums.len() {
        sum.sums.resize(other.sums.len(), Default::default());
    }
    for (mine, theirs) in sum.sums.iter_mut().zip(&other.sums) {
        let _ = mine.merge(*theirs);
    }
    sum.lines += other.lines;
}

/// Reads `path` in parts when it is large enough and the machine has several cores, into a
/// sink that forks; `None` when it reads on one thread (the caller then does).
pub(super) fn read_in_parts<S: LineSink + Send>(
    path: &Path,
    source: &str,
    options: &super::LayoutOptions,
    delimiter: u8,
    sink: &mut S,
) -> Option<Result<super::LayoutReport>> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let open = || std::fs::File::open(path).map_err(|e| Error::io(path, &e));
    let size = std::fs::metadata(path).ok()?.len();
    let parts = threads.min((size / MIN_PART) as usize);
    if parts < 2 {
        return None;
    }
    let mut bounds = bounds_after(open().ok()?, 0, &targets(size, parts), size).ok()?;
    bounds.push(size);
    if bounds.len() < 3 {
        return None;
    }
    let forks: Vec<S> = (1..bounds.len()).map(|_| sink.fork()).collect::<Option<_>>()?;
    Some(read_parts(open, &bounds, source, options, delimiter, sink, forks).map(|(report, _)| report))
}

/// How long running through a line for the state it leaves takes, in tenths of the time
/// reading it takes ([`Reader::carry_row`] against [`Reader::row`] into an aggregator;
/// measured: about 3).
const CARRY_TENTHS: u64 = 3;

/// Where the parts after the first start, so that every thread has about as much work: the
/// thread of part `k` also runs through the parts before it, so later parts are smaller.
fn targets(size: u64, parts: usize) -> Vec<u64> {
    // Part k, as thousandths of the first: s_k = s_0 - CARRY_TENTHS / 10 × (s_0 + … + s_{k-1}).
    let mut shares = vec![1000_u64];
    let mut before = 0;
    for _ in 1..parts {
        before += shares.last().copied().unwrap_or(0);
        shares.push(1000_u64.saturating_sub(CARRY_TENTHS * before / 10).max(50));
    }
    let total: u64 = shares.iter().sum();
    let mut start = 0;
    shares[..parts - 1]
        .iter()
        .map(|share| {
            start += share;
            // `size` below 2^53 bytes: no overflow.
            (u128::from(size) * u128::from(start) / u128::from(total)) as u64
        })
        .collect()
}

fn read_parts<S: LineSink + Send>(
    open: impl Fn() -> Result<std::fs::File> + Sync,
    bounds: &[u64],
    source: &str,
    options: &super::LayoutOptions,
    delimiter: u8,
    sink: &mut S,
    forks: Vec<S>,
) -> Result<(super::LayoutReport, usize)> {
    let mut forks = forks.into_iter();
    let Some(mut first_fork) = forks.next() else { return Err(Error::Internal { message: "no part".into() }) };
    let (first, others) = std::thread::scope(|scope| {
        let handles: Vec<_> = forks
            .enumerate()
            .map(|(index, fork)| {
                let (start, end) = (bounds[index + 1], bounds[index + 2]);
                let open = &open;
                scope.spawn(move || read_part(open, (start, end), source, options, delimiter, fork))
            })
            .collect();
        let mut reader = Reader::new(options, source.to_string());
        let first = open().and_then(|file| {
            for_each_record(file.take(bounds[1]), source, delimiter, 1, |row, cells| {
                reader.row(row, cells, &mut first_fork)
            })
        });
        let others: Vec<Option<(PartRead, S)>> = handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect();
        ((reader, first), others)
    });
    let (mut reader, first) = first;
    let Ok(mut next_line) = first else {
        // The first part's error may be the bound's (a quoted cell across it): the file is
        // read again on one thread, which meets the first error there is.
        let mut reader = Reader::new(options, source.to_string());
        for_each_record(open()?, source, delimiter, 1, |row, cells| reader.row(row, cells, sink))?;
        return Ok((reader.finish(sink)?, 0));
    };
    let mut joined = 0;
    sink.merge(first_fork)?;
    for (index, part) in others.into_iter().enumerate() {
        let joins = |part: &PartRead| {
            part.outcome.is_ok()
                && part.first_line == next_line
                && part.start == reader.carried()
                && part.start.annex == 0
                && part.end.annex == 0
                && part.end.annexes == part.start.annexes
        };
        match part {
            Some((part, fork)) if joins(&part) => {
                next_line = part.end_line;
                reader.absorb(part);
                sink.merge(fork)?;
                joined += 1;
            }
            _ => {
                // Read on from this part's start, here, to the end of the file.
                let mut file = open()?;
                file.seek(SeekFrom::Start(bounds[index + 1]))
                    .map_err(|e| Error::Io { path: source.to_string(), message: e.to_string() })?;
                for_each_record(file, source, delimiter, next_line, |row, cells| reader.row(row, cells, sink))?;
                break;
            }
        }
    }
    Ok((reader.finish(sink)?, joined))
}

/// Reads the part `start..end` of the file into `sink`, after a run through the file before it
/// for the state it starts in; `None` when that run fails (the join then reads the part).
fn read_part<S: LineSink>(
    open: &impl Fn() -> Result<std::fs::File>,
    (start, end): (u64, u64),
    source: &str,
    options: &super::LayoutOptions,
    delimiter: u8,
    mut sink: S,
) -> Option<(PartRead, S)> {
    let mut reader = Reader::new(options, source.to_string());
    let before = open().ok()?.take(start);
    let first_line = for_each_record_narrowing(before, source, delimiter, 1, |row, cells, rest, width| {
        reader.carry_row(row, cells, rest, delimiter)?;
        *width = reader.carry_width();
        Ok(())
    })
    .ok()?;
    reader.plan.as_ref()?;
    let start_state = reader.carried();
    reader.deferred = Some(Vec::new());
    let mut file = open().ok()?;
    file.seek(SeekFrom::Start(start)).ok()?;
    let mut end_line = first_line;
    let outcome = for_each_record(file.take(end - start), source, delimiter, first_line, |row, cells| {
        reader.row(row, cells, &mut sink)
    })
    .map(|line| end_line = line);
    reader.close_open_sums();
    let sums = reader.sums.iter().map(|(key, position)| (*key, reader.scope_sums[*position].clone())).collect();
    let read = PartRead {
        start: start_state,
        end: reader.carried(),
        first_line,
        end_line,
        outcome,
        // The run-through counts nothing: these are the part's own.
        counts: reader.counts(),
        filled: std::mem::take(&mut reader.filled),
        sums,
        deferred: reader.deferred.take().unwrap_or_default(),
        pending: std::mem::take(&mut reader.pending),
    };
    Some((read, sink))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::model::{Budget, BudgetInfo};
    use crate::budget::read::ministry::{LayoutOptions, LayoutReport, read_layout_csv};
    use proptest::prelude::*;

    /// A row of a generated budget in the ministry's layout.
    #[derive(Debug, Clone)]
    enum Row {
        Section(usize),
        Chapter(u8),
        Article(u8, u8),
        Line(u8, u32),
        /// An article total: right, or off by one dirham.
        ArticleTotal(bool),
        /// A total naming no code: the last line's article.
        BareTotal,
        Blank,
        RepeatedHeader,
        /// A line whose label holds a line break, in quotes.
        QuotedLine(u32),
        /// A heading printed with an amount (a total of its lines, or a line itself).
        ChapterWithAmount(u8, u32),
        Annex,
        /// A total carrying a full line code (read as a total, where the run-through sees a line).
        TotalWithLineCode,
        BadAmount,
    }

    const HEADER: &str = "Code Fonc;Code Eco;Chap;Art;Ligne;Désignation;Admises pour 2024;Proposées pour 2025";
    const SECTIONS: [&str; 4] = [
        "1ERE PARTIE - RECETTES DE FONCTIONNEMENT",
        "1ERE PARTIE - DEPENSES DE FONCTIONNEMENT",
        "2EME PARTIE - RECETTES D'EQUIPEMENT",
        "2EME PARTIE - DEPENSES D'EQUIPEMENT",
    ];

    /// Any row; without `trouble`, no row that stops a read or sends it to an annex.
    fn row(trouble: bool) -> impl Strategy<Value = Row> {
        prop_oneof![
            1 => (0..4_usize).prop_map(Row::Section),
            2 => (1..4_u8).prop_map(|c| Row::Chapter(c * 10)),
            3 => (1..4_u8, 10..13_u8).prop_map(|(c, a)| Row::Article(c * 10, a)),
            20 => (11..40_u8, 1..100_000_u32).prop_map(|(l, a)| Row::Line(l, a)),
            3 => any::<bool>().prop_map(Row::ArticleTotal),
            1 => Just(Row::BareTotal),
            1 => Just(Row::Blank),
            1 => Just(Row::RepeatedHeader),
            1 => (1..1000_u32).prop_map(Row::QuotedLine),
            1 => (1..4_u8, 1..1000_u32).prop_map(|(c, a)| Row::ChapterWithAmount(c * 10, a)),
            1 => Just(Row::Annex),
            1 => Just(Row::TotalWithLineCode),
            1 => Just(Row::BadAmount),
        ]
        .prop_map(move |row| match row {
            Row::Annex | Row::BadAmount if !trouble => Row::Blank,
            row => row,
        })
    }

    /// The budget's text: a title, the header, a first section, then the rows.
    fn text(rows: &[Row]) -> String {
        let mut text = format!("COMMUNE TEST - BUDGET 2025\n{HEADER}\n;;;;;{};;\n", SECTIONS[0]);
        let (mut chapter, mut article) = (10_u8, 10_u8);
        let mut sum = 0_u64;
        for row in rows {
            let line = match row {
                Row::Section(index) => format!(";;;;;{};;", SECTIONS[*index]),
                Row::Chapter(c) => {
                    chapter = *c;
                    sum = 0;
                    format!(";;{c};;;DOMAINE {c};;")
                }
                Row::Article(c, a) => {
                    (chapter, article) = (*c, *a);
                    sum = 0;
                    format!(";;{c};{a};;Article {a};;")
                }
                Row::Line(ligne, amount) => {
                    sum += u64::from(*amount);
                    format!(";40{};{chapter};{article};{ligne};Ligne {ligne};{amount},00;{amount},50", ligne % 5)
                }
                Row::ArticleTotal(right) => {
                    let printed = if *right { sum } else { sum + 1 };
                    format!(";;{chapter};{article};;Total de l'article;{printed},00;")
                }
                Row::BareTotal => format!(";;;;;Total de l'article {chapter} {article};{sum},00;"),
                Row::Blank => ";;;;;;;".to_string(),
                Row::RepeatedHeader => HEADER.to_string(),
                Row::QuotedLine(amount) => {
                    sum += u64::from(*amount);
                    format!(";401;{chapter};{article};11;\"Ligne\nsur deux lignes\";{amount},00;")
                }
                Row::ChapterWithAmount(c, amount) => {
                    chapter = *c;
                    format!(";;{c};;;DOMAINE {c};{amount},00;")
                }
                Row::Annex => ";;;;;BUDGET ANNEXE DU TRANSPORT;;".to_string(),
                Row::TotalWithLineCode => format!(";;{chapter};{article};11;Total;{sum},00;"),
                Row::BadAmount => format!(";401;{chapter};{article};12;Ligne;douze;"),
            };
            text.push_str(&line);
            text.push('\n');
        }
        text
    }

    type Outcome = std::result::Result<(LayoutReport, Vec<String>, Vec<String>), String>;

    fn outcome(result: Result<LayoutReport>, budget: &Budget) -> Outcome {
        let report = result.map_err(|error| error.to_string())?;
        let lines = budget.lines.iter().map(|line| format!("{line:?}")).collect();
        let skipped = budget.skipped.iter().map(|row| format!("{row:?}")).collect();
        Ok((report, lines, skipped))
    }

    /// The text read on one thread, and in `parts` parts (bounds after evenly spaced targets).
    fn both_ways(text: &str, parts: usize) -> (Outcome, Outcome, usize) {
        let options = LayoutOptions::default();
        let mut budget = Budget::new(BudgetInfo::new(2025));
        let one = read_layout_csv(text.as_bytes(), "b.csv", &options, &mut budget);
        let one = outcome(one, &budget);
        let file = crate::budget::read::TempFile::new(text.as_bytes());
        let size = text.len() as u64;
        let targets: Vec<u64> = (1..parts as u64).map(|part| size * part / parts as u64).collect();
        let open = || std::fs::File::open(&file.0).map_err(|e| Error::io(&file.0, &e));
        let mut bounds = bounds_after(open().unwrap(), 0, &targets, size).unwrap();
        bounds.push(size);
        let mut budget = Budget::new(BudgetInfo::new(2025));
        let forks = (1..bounds.len()).map(|_| budget.fork().unwrap()).collect();
        let in_parts = read_parts(open, &bounds, "b.csv", &options, b';', &mut budget, forks);
        let joined = in_parts.as_ref().map_or(0, |(_, joined)| *joined);
        (one, outcome(in_parts.map(|(report, _)| report), &budget), joined)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Read in parts, a budget gives what it gives on one thread: the lines and skipped
        /// rows in order, the report (counts, findings in order, annexes), or the same error.
        /// Half the cases have no row that stops a read or sends it to an annex, so that most
        /// of their parts are joined rather than read again.
        #[test]
        fn a_file_read_in_parts_reads_as_on_one_thread(
            (rows, parts) in any::<bool>()
                .prop_flat_map(|trouble| (proptest::collection::vec(row(trouble), 1..120), 2..5_usize)),
        ) {
            let (one, in_parts, _) = both_ways(&text(&rows), parts);
            prop_assert_eq!(one, in_parts);
        }
    }

    #[test]
    fn parts_are_joined_when_their_state_is_right() {
        // Lines only after the first headings: every part's state is found by the run-through.
        let mut rows = vec![Row::Chapter(10), Row::Article(10, 10)];
        for index in 0..300 {
            rows.push(Row::Line(11 + (index % 9) as u8, 100 + index));
            if index % 50 == 49 {
                rows.push(Row::ArticleTotal(index != 149));
                rows.push(Row::Article(10, 11 + (index / 50) as u8));
            }
        }
        let (one, in_parts, joined) = both_ways(&text(&rows), 3);
        let (report, lines, _) = in_parts.clone().unwrap();
        assert_eq!(one, in_parts);
        assert_eq!(joined, 2, "both parts after the first are joined, none read again");
        assert_eq!(lines.len(), 300);
        assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
        assert_eq!(report.findings[0].computed + Decimal::ONE, report.findings[0].printed);
    }
}
