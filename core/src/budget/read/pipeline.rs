//! Interpreting and summing on separate threads, for readers whose rows must be interpreted
//! in order (the ministry layout: a heading gives its direction and labels to the rows below
//! it, a subtotal closes the rows above it).
//!
//! Such a reader cannot be split into parts of the file the way the declared-columns reader
//! is, but its work can be split into stages that run at the same time: the caller's thread
//! splits and interprets the records, and one thread sums the lines ([`with_sink_thread`]).
//! Lines travel in batches through a bounded channel, so memory stays a few batches whatever
//! the file's size, and the sink receives exactly the calls, in the same order, that it would
//! have received on one thread: results, row numbers and the first error are those of a
//! one-thread read.

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
    /// An empty batch with room for a whole batch of lines (no growing while it fills).
    fn with_room() -> Self {
        CallBatch { text: String::with_capacity(BATCH * 64), calls: Vec::with_capacity(BATCH) }
    }

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
        let mut next = self.spare.try_recv().unwrap_or_else(|_| CallBatch::with_room());
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
        let mut front = SinkThread { batch: CallBatch::with_room(), batches, spare, stopped: false };
        let result = work(&mut front).and_then(|value| front.send().map(|()| value));
        drop(front);
        let summed = summing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        match (result, summed) {
            (_, Err(error)) => Err(error),
            (result, Ok(())) => result,
        }
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
}
