//! Reading, interpreting and summing on separate threads, for readers whose rows must be
//! interpreted in order (the ministry layout: a heading gives its direction and labels to the
//! rows below it, a subtotal closes the rows above it).
//!
//! Such a reader cannot be split into parts of the file the way the declared-columns reader
//! is, but its work can be split into stages that run at the same time: one thread splits the
//! CSV text into records ([`with_record_thread`]), the caller's thread interprets them, and
//! one thread sums the lines ([`with_sink_thread`]). Records and lines travel in batches
//! through bounded channels, so memory stays a few batches whatever the file's size, and the
//! sink receives exactly the calls, in the same order, that it would have received on one
//! thread: results, row numbers and the first error are those of a one-thread read.

use super::super::model::{Direction, Field, LineRef, LineSink, Part, SkipReason};
use crate::error::{Error, Result};
use rust_decimal::Decimal;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// How many records or lines travel together.
const BATCH: usize = 2048;
/// How many batches may wait in a channel.
const IN_FLIGHT: usize = 4;

/// A text of a line, as a span of its batch's text.
type Span = Option<(u32, u32)>;

/// A line held in a batch.
#[derive(Debug, Clone, Copy)]
struct HeldLine {
    row: u64,
    direction: Direction,
    part: Option<Part>,
    codes: [Span; Field::COUNT],
    label: Span,
    heading: Span,
    programme_label: Span,
    project_label: Span,
    amount: Decimal,
    previous_amount: Option<Decimal>,
}

/// A call to the sink, held in a batch.
#[derive(Debug, Clone, Copy)]
enum Call {
    Line(HeldLine),
    Skipped(u64, SkipReason, Option<Decimal>),
}

/// Calls to the sink and the text their lines point into.
#[derive(Debug, Default)]
struct CallBatch {
    text: String,
    calls: Vec<Call>,
}

impl CallBatch {
    fn hold(&mut self, text: Option<&str>) -> Span {
        let text = text?;
        let start = self.text.len();
        self.text.push_str(text);
        Some((start as u32, text.len() as u32))
    }

    fn text(&self, span: Span) -> Option<&str> {
        span.map(|(start, length)| &self.text[start as usize..(start + length) as usize])
    }

    /// Makes every call on `sink`, in order.
    fn replay(&self, sink: &mut impl LineSink) -> Result<()> {
        for call in &self.calls {
            match *call {
                Call::Line(held) => {
                    let mut line = LineRef::new(held.row, held.direction, held.amount);
                    line.part = held.part;
                    for (code, span) in line.codes.iter_mut().zip(held.codes) {
                        *code = self.text(span);
                    }
                    line.label = self.text(held.label);
                    line.heading = self.text(held.heading);
                    line.programme_label = self.text(held.programme_label);
                    line.project_label = self.text(held.project_label);
                    line.previous_amount = held.previous_amount;
                    sink.line(&line)?;
                }
                Call::Skipped(row, reason, amount) => sink.skipped(row, reason, amount)?,
            }
        }
        Ok(())
    }
}

/// The sink the interpreting thread writes to: it fills batches and sends them to the
/// summing thread.
#[derive(Debug)]
pub(crate) struct SinkThread {
    batch: CallBatch,
    batches: SyncSender<CallBatch>,
    spare: Receiver<CallBatch>,
    /// Set when the summing thread stopped (its sink returned an error).
    stopped: bool,
}

impl SinkThread {
    fn push(&mut self, call: Call) -> Result<()> {
        self.batch.calls.push(call);
        if self.batch.calls.len() >= BATCH { self.send() } else { Ok(()) }
    }

    fn send(&mut self) -> Result<()> {
        if self.batch.calls.is_empty() {
            return Ok(());
        }
        let mut next = self.spare.try_recv().unwrap_or_default();
        next.text.clear();
        next.calls.clear();
        let full = std::mem::replace(&mut self.batch, next);
        if self.batches.send(full).is_err() {
            // The sink failed: its error, from an earlier row, is the one returned.
            self.stopped = true;
            return Err(Error::Internal { message: "the budget's sink stopped".into() });
        }
        Ok(())
    }
}

impl LineSink for SinkThread {
    fn line(&mut self, line: &LineRef<'_>) -> Result<()> {
        let batch = &mut self.batch;
        let mut codes = [None; Field::COUNT];
        for (span, code) in codes.iter_mut().zip(line.codes) {
            *span = batch.hold(code);
        }
        let held = HeldLine {
            row: line.row,
            direction: line.direction,
            part: line.part,
            codes,
            label: batch.hold(line.label),
            heading: batch.hold(line.heading),
            programme_label: batch.hold(line.programme_label),
            project_label: batch.hold(line.project_label),
            amount: line.amount,
            previous_amount: line.previous_amount,
        };
        self.push(Call::Line(held))
    }

    fn skipped(&mut self, row: u64, reason: SkipReason, amount: Option<Decimal>) -> Result<()> {
        self.push(Call::Skipped(row, reason, amount))
    }
}

/// Runs `work` with a sink whose calls are made on `sink` by a thread of their own, in order.
/// The result is `work`'s, except that an error of `sink` (necessarily on an earlier row than
/// anything `work` did after it) comes first.
pub(crate) fn with_sink_thread<S, T>(sink: &mut S, work: impl FnOnce(&mut SinkThread) -> Result<T>) -> Result<T>
where
    S: LineSink + Send,
{
    let (batches, received) = sync_channel::<CallBatch>(IN_FLIGHT);
    let (give_back, spare) = sync_channel::<CallBatch>(IN_FLIGHT);
    std::thread::scope(|scope| {
        let summing = scope.spawn(move || -> Result<()> {
            for batch in received {
                batch.replay(sink)?;
                // A spare batch, when the other side has room for it.
                let _ = give_back.try_send(batch);
            }
            Ok(())
        });
        let mut front = SinkThread { batch: CallBatch::default(), batches, spare, stopped: false };
        let result = work(&mut front).and_then(|value| front.send().map(|()| value));
        drop(front);
        let summed = summing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        match (result, summed) {
            (_, Err(error)) => Err(error),
            (result, Ok(())) => result,
        }
    })
}

/// A batch of CSV records, or the error that ended the reading.
type RecordBatch = std::result::Result<Vec<csv::StringRecord>, csv::Error>;

/// The records of a CSV reader, split on a thread of their own.
#[derive(Debug)]
pub(crate) struct RecordThread {
    batches: Receiver<RecordBatch>,
    give_back: SyncSender<Vec<csv::StringRecord>>,
}

impl RecordThread {
    /// Calls `each` with every record in order; stops at the first error (of the CSV text
    /// or of `each`).
    pub(crate) fn for_each(
        self,
        mut each: impl FnMut(&csv::StringRecord) -> Result<()>,
        csv_error: impl Fn(csv::Error) -> Error,
    ) -> Result<()> {
        for batch in self.batches {
            let records = batch.map_err(&csv_error)?;
            for record in &records {
                each(record)?;
            }
            let _ = self.give_back.try_send(records);
        }
        Ok(())
    }
}

/// Runs `work` with the records of `reader`, split by a thread of their own.
pub(crate) fn with_record_thread<R, T>(
    mut reader: csv::Reader<R>,
    work: impl FnOnce(RecordThread) -> Result<T>,
) -> Result<T>
where
    R: std::io::Read + Send,
{
    let (sender, batches) = sync_channel::<RecordBatch>(IN_FLIGHT);
    let (give_back, spare) = sync_channel::<Vec<csv::StringRecord>>(IN_FLIGHT + 1);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            loop {
                let mut records = spare.try_recv().unwrap_or_default();
                records.resize_with(BATCH, csv::StringRecord::new);
                let mut filled = 0;
                let mut failure = None;
                while filled < BATCH {
                    match reader.read_record(&mut records[filled]) {
                        Ok(true) => filled += 1,
                        Ok(false) => break,
                        Err(error) => {
                            failure = Some(error);
                            break;
                        }
                    }
                }
                let done = filled < BATCH;
                records.truncate(filled);
                // The interpreting side stopped (an error): nothing more to read.
                if sender.send(Ok(records)).is_err() {
                    return;
                }
                if let Some(error) = failure {
                    let _ = sender.send(Err(error));
                    return;
                }
                if done {
                    return;
                }
            }
        });
        work(RecordThread { batches, give_back })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::model::{Budget, BudgetInfo};

    fn line(row: u64, label: &str) -> (u64, String) {
        (row, label.to_string())
    }

    #[test]
    fn a_sink_thread_receives_every_call_in_order() {
        let mut budget = Budget::new(BudgetInfo::new(2025));
        let lines: Vec<(u64, String)> = (1..=5000).map(|row| line(row, &format!("ligne {row}"))).collect();
        with_sink_thread(&mut budget, |sink| {
            for (row, label) in &lines {
                if row % 7 == 0 {
                    sink.skipped(*row, SkipReason::BlankAmount, None)?;
                    continue;
                }
                let mut view = LineRef::new(*row, Direction::Revenue, Decimal::new(*row as i64, 2));
                view.label = Some(label);
                view.codes[Field::Chapter.index()] = Some("10");
                sink.line(&view)?;
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(budget.lines.len(), 5000 - 5000 / 7);
        assert_eq!(budget.skipped.len(), 5000 / 7);
        assert!(budget.lines.windows(2).all(|pair| pair[0].row < pair[1].row));
        let sixth = &budget.lines[5];
        assert_eq!(
            (sixth.row, sixth.label.as_deref(), sixth.chapter.as_deref()),
            (Some(6), Some("ligne 6"), Some("10"))
        );
        assert_eq!(sixth.amount, Decimal::new(6, 2));
    }

    /// A sink that fails at one row.
    struct FailsAt(u64, u64);

    impl LineSink for FailsAt {
        fn line(&mut self, line: &LineRef<'_>) -> Result<()> {
            self.1 += 1;
            if line.row == self.0 {
                return Err(Error::AmountOverflow { location: crate::error::Location::default().row(line.row) });
            }
            Ok(())
        }
        fn skipped(&mut self, _: u64, _: SkipReason, _: Option<Decimal>) -> Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_sinks_error_comes_before_a_later_error_of_the_reader() {
        let mut sink = FailsAt(100, 0);
        let error = with_sink_thread(&mut sink, |front| {
            for row in 1..=50_000 {
                front.line(&LineRef::new(row, Direction::Expenditure, Decimal::ONE))?;
            }
            Err::<(), _>(Error::Internal { message: "the reader's error, after".into() })
        })
        .unwrap_err();
        assert!(matches!(error, Error::AmountOverflow { .. }), "{error:?}");
        assert_eq!(sink.1, 100, "nothing after the failing line reaches the sink");
    }

    #[test]
    fn records_arrive_in_order_with_their_lines_and_errors() {
        let mut text = Vec::new();
        for row in 1..=10_000 {
            text.extend_from_slice(format!("{row};a\n").as_bytes());
        }
        text.extend_from_slice(b"x;\xff\n");
        let reader = csv::ReaderBuilder::new().has_headers(false).delimiter(b';').from_reader(text.as_slice());
        let mut seen = Vec::new();
        let result = with_record_thread(reader, |records| {
            records.for_each(
                |record| {
                    seen.push((record.position().map(|p| p.line()), record[0].to_string()));
                    Ok(())
                },
                |error| Error::Internal { message: error.to_string() },
            )
        });
        assert!(result.is_err(), "the invalid UTF-8 is an error");
        assert_eq!(seen.len(), 10_000);
        assert!(
            seen.iter()
                .enumerate()
                .all(|(index, (line, first))| { *line == Some(index as u64 + 1) && *first == (index + 1).to_string() })
        );
    }
}
