//! # shafaf (شفاف, "transparent")
//!
//! Open-government building blocks for Moroccan territorial councils, usable from Rust, C
//! (`shafaf-ffi`) and Python (`shafaf` on PyPI). This crate holds every rule and model; the
//! bindings only convert.
//!
//! * [`territory`] — regions, prefectures/provinces and communes with their legal populations.
//! * [`budget`] — citizen budgets: budget files in, an exact, readable summary out.
//! * [`calendar`] — public holidays, working days, month arithmetic and the councils'
//!   ordinary sessions.
//! * [`petition`] — petition admissibility under the organic laws, with every condition's article.
//! * [`commitment`] — OGP action plans: model, validation, progress as of a date, IRM flags,
//!   co-creation standards, OGP/Decidim/JSON import and export, published reports.
//! * [`error`] — the one error table shared by the three surfaces.
//!
//! ```
//! use shafaf::calendar::{HolidayCalendar, next_ordinary_session};
//! use shafaf::territory::Level;
//! use shafaf::date::parse_date;
//!
//! let calendar = HolidayCalendar::morocco();
//! let after = parse_date("2026-10-01", "after")?;
//! let session = next_ordinary_session(Level::PrefectureOrProvince, after, &calendar)?;
//! // The second Monday of January 2027 is 11 January, a public holiday.
//! assert_eq!(session.first_day.to_string(), "2027-01-12");
//! # Ok::<(), shafaf::Error>(())
//! ```
#![forbid(unsafe_code)]

pub mod budget;
pub mod calendar;
pub mod command_line;
pub mod commitment;
pub(crate) mod csv_input;
pub mod date;
pub mod error;
pub mod error_text;
pub mod i18n;
pub mod json;
pub mod legal;
pub mod limits;
pub mod output;
pub mod petition;
pub mod schema;
pub mod sheet;
pub mod territory;
pub mod text_metrics;

pub use error::{Error, ErrorCode, Result};

/// The crate version, as published in Cargo metadata.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The examples of the crate's README (its page on crates.io), compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;

/// The examples of the repository's README, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct RepositoryReadmeExamples;

/// The examples of docs/rust-guide.md, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/rust-guide.md")]
pub struct RustGuideExamples;

/// The Rust examples of docs/petitions.md, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/petitions.md")]
pub struct PetitionsPageExamples;

/// The Rust examples of docs/commitments.md, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/commitments.md")]
pub struct CommitmentsPageExamples;

/// The program of docs/quickstart/rust.md, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../docs/quickstart/rust.md")]
pub struct RustQuickstartExample;
