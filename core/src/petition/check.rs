//! The admissibility check. [`PetitionCheck`] takes the request, then the signatories one by
//! one (streamed: memory grows with distinct CINs only), then gives the [`Verdict`]. Every
//! condition is evaluated and returned; none stops the others.

use super::SignatoryListOptions;
use super::cin_set::{GROUP, PackedCinSet};
use super::columns::{ColumnStatus, ListColumn, RequiredColumns};
use super::dates::{DateEvidence, DateFormat};
use super::messages;
use super::reader::{Entry, ListPlan};
use super::request::{
    ActivityOnlyPolicy, DeadlineExtension, DuplicatePolicy, LateDecisionPolicy, MalformedRowPolicy, NationalAddressee,
    PetitionLevel, PetitionRequest, Petitioner, TerritoryRef,
};
use super::rules::{RULES, band_for};
use super::signatory::{CinKey, Signatory, SignatoryRef};
use super::verdict::{
    Condition, ConditionStatus, Deadline, Deadlines, Exclusion, ExclusionReason, Heuristic, Outcome, ProvinceCount,
    SignatureCounts, Verdict, VerdictTerritory, Warning,
};
use crate::calendar::{HolidayCalendar, SessionPolicy, add_months, next_ordinary_session_with};
use crate::error::{Error, Location, Result};
use crate::i18n::Text;
use crate::legal::LegalRef;
use crate::territory::{Level, PopulationInForce, Territories, Territory};
use chrono::{Datelike, Days, NaiveDate};
use std::collections::{BTreeMap, HashMap, HashSet};

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
type FastSet<K> = HashSet<K, foldhash::fast::RandomState>;

/// The source named in errors about signatories added one by one.
const SIGNATORIES: &str = "signatories";

/// Where a valid signatory is counted for the regional distribution rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placement {
    Province(u16),
    NotAllocated,
}

#[derive(Debug, Clone, Copy)]
struct FirstSeen {
    row: u64,
    placement: Placement,
    repeated: bool,
}

/// The distinct CINs among valid rows: the only state that grows with the list. Under the
/// default policy only the keys are kept (8 bytes a CIN); excluding every occurrence of a
/// duplicated CIN needs each one's first row and placement.
#[derive(Debug)]
enum DistinctCins {
    Keys { packed: PackedCinSet, long: FastSet<Box<str>> },
    FirstRows { packed: FastMap<u64, FirstSeen>, long: FastMap<Box<str>, FirstSeen> },
}

impl DistinctCins {
    fn new(policy: DuplicatePolicy) -> Self {
        match policy {
            DuplicatePolicy::CountOnce => {
                DistinctCins::Keys { packed: PackedCinSet::default(), long: FastSet::default() }
            }
            DuplicatePolicy::ExcludeAllOccurrences => {
                DistinctCins::FirstRows { packed: FastMap::default(), long: FastMap::default() }
            }
        }
    }

    fn reserve(&mut self, additional: usize) {
        match self {
            DistinctCins::Keys { packed, .. } => packed.reserve(additional),
            DistinctCins::FirstRows { packed, .. } => packed.reserve(additional),
        }
    }

    /// Reads ahead where the packed keys of `rows` go (see [`PackedCinSet::touch`]).
    fn touch(&self, rows: &[ValidRow]) {
        if let DistinctCins::Keys { packed, .. } = self {
            packed.touch(rows.iter().filter_map(|valid| match valid.key {
                CinKey::Packed(key) => Some(key),
                CinKey::Long(_) => None,
            }));
        }
    }

    /// Records a valid row; `true` when its CIN is new.
    fn insert(&mut self, key: &CinKey, first: FirstSeen) -> bool {
        fn remember<K: std::hash::Hash + Eq + Clone>(
            map: &mut FastMap<K, FirstSeen>,
            key: &K,
            first: FirstSeen,
        ) -> bool {
            match map.entry(key.clone()) {
                std::collections::hash_map::Entry::Occupied(mut seen) => {
                    seen.get_mut().repeated = true;
                    false
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(first);
                    true
                }
            }
        }
        match (self, key) {
            (DistinctCins::Keys { packed, .. }, CinKey::Packed(key)) => packed.insert(*key),
            (DistinctCins::Keys { long, .. }, CinKey::Long(key)) => !long.contains(key) && long.insert(key.clone()),
            (DistinctCins::FirstRows { packed, .. }, CinKey::Packed(key)) => remember(packed, key, first),
            (DistinctCins::FirstRows { long, .. }, CinKey::Long(key)) => remember(long, key, first),
        }
    }

    /// The first occurrences of CINs seen more than once (only kept under `FirstRows`).
    fn repeated_first_rows(&self) -> Vec<FirstSeen> {
        match self {
            DistinctCins::Keys { .. } => Vec::new(),
            DistinctCins::FirstRows { packed, long } => {
                packed.values().chain(long.values()).filter(|f| f.repeated).copied().collect()
            }
        }
    }
}

/// A row that met every per-entry condition, before the duplicate check.
#[derive(Debug)]
struct ValidRow {
    key: CinKey,
    row: u64,
    placement: Placement,
}

/// The valid rows counted once per CIN, in the order they are added: the counts, and the
/// rows excluded as duplicates. Kept apart from the rest of the tally, which worker threads
/// count in parts: this is the one count that needs every row before it.
#[derive(Debug)]
struct DistinctRows {
    seen: DistinctCins,
    valid: u64,
    per_province: Vec<u64>,
    not_allocated: u64,
    duplicates: Vec<u64>,
}

impl DistinctRows {
    fn new(policy: DuplicatePolicy, provinces: usize) -> Self {
        DistinctRows {
            seen: DistinctCins::new(policy),
            valid: 0,
            per_province: vec![0; provinces],
            not_allocated: 0,
            duplicates: Vec::new(),
        }
    }

    /// Counts valid rows in order, each once per CIN; a CIN seen before excludes its row as a
    /// duplicate.
    fn add(&mut self, rows: &[ValidRow]) {
        for group in rows.chunks(GROUP) {
            self.seen.touch(group);
            for valid in group {
                let first = FirstSeen { row: valid.row, placement: valid.placement, repeated: false };
                if self.seen.insert(&valid.key, first) {
                    self.count(valid.placement, 1);
                } else {
                    self.duplicates.push(valid.row);
                }
            }
        }
    }

    fn count(&mut self, placement: Placement, count: i64) {
        let apply = |n: &mut u64| *n = n.saturating_add_signed(count);
        apply(&mut self.valid);
        match placement {
            Placement::Province(index) => apply(&mut self.per_province[usize::from(index)]),
            Placement::NotAllocated => apply(&mut self.not_allocated),
        }
    }

    /// Counts the valid rows waiting, once there are `at_least` of them.
    fn take(&mut self, waiting: &mut Vec<ValidRow>, at_least: usize) {
        if waiting.len() >= at_least {
            self.add(waiting);
            waiting.clear();
        }
    }

    /// Under `exclude_all_occurrences`, takes back the first occurrence of each repeated CIN.
    fn settle(&mut self) {
        for first in self.seen.repeated_first_rows() {
            self.count(first.placement, -1);
            self.duplicates.push(first.row);
        }
        self.seen = DistinctCins::new(DuplicatePolicy::CountOnce);
    }
}

/// "Aged `age` full years on `on`", with the birth dates decided once for the whole list.
#[derive(Debug, Clone, Copy)]
struct AgeRule {
    age: u32,
    on: NaiveDate,
    /// Born on or before this day: old enough (fast path).
    surely_adult: NaiveDate,
    /// Born after this day: too young (fast path). In between (29 February), compute exactly.
    surely_minor: NaiveDate,
}

impl AgeRule {
    fn new(age: u32, on: NaiveDate) -> Result<Self> {
        let earlier = on
            .checked_sub_months(chrono::Months::new(age * 12))
            .ok_or(Error::DateOutOfRange { operation: "electoral age".into() })?;
        Ok(AgeRule {
            age,
            on,
            surely_adult: earlier.pred_opt().unwrap_or(earlier),
            surely_minor: earlier.succ_opt().unwrap_or(earlier),
        })
    }

    fn is_adult(&self, born: NaiveDate) -> bool {
        if born <= self.surely_adult {
            true
        } else if born > self.surely_minor {
            false
        } else {
            years_after(born, self.age).is_some_and(|adult| adult <= self.on)
        }
    }
}

/// Which per-entry conditions apply, fixed once per petition.
#[derive(Debug, Clone, Copy)]
struct EntryRules {
    /// Local petitions: residence in, or activity in, the territory.
    residence_or_activity: bool,
    /// The electoral age and the date it must be reached by (receipt).
    electoral_age: Option<AgeRule>,
    /// National: registration on the general electoral lists.
    registration: bool,
    /// National since 2021: the CNIE expiry date.
    cnie_expiry: bool,
}

/// Files from this size on are read by worker threads (below it, starting threads costs more
/// than it saves).
const PARALLEL_FROM_BYTES: u64 = 4 << 20;

/// The most distinct CINs reserved for from a file's size: 4 194 304 (a 32 MB table), so that
/// a large file of few signatories does not take memory it will not use; a longer list grows
/// the set as it comes.
const RESERVED_CINS_AT_MOST: usize = 1 << 22;

/// How many distinct CINs to make room for in a list file of `size` bytes. A row takes 30
/// bytes at the least (CIN, birth date, code), more with names and addresses, and some rows
/// are excluded or repeated: one distinct CIN per 48 bytes covers most lists, and a larger
/// one grows the set once.
pub(super) fn cins_to_reserve(size: u64) -> usize {
    usize::try_from(size / 48).unwrap_or(usize::MAX).min(RESERVED_CINS_AT_MOST)
}

/// Valid rows handed to the duplicate check at a time.
const VALID_ROWS_BATCH: usize = 4096;

/// Flags a screened row may carry, in the order they are reported.
const FLAGS: [(u8, &str); 3] = [(1, "cin_unusual_format"), (2, "birth_date_implausible"), (4, "cnie_expired")];

/// One row after the per-entry conditions: its CIN key and province, or why it is excluded,
/// and its data-quality flags.
#[derive(Debug)]
struct Screened {
    row: u64,
    outcome: std::result::Result<(CinKey, Placement), ExclusionReason>,
    flags: u8,
    /// The forms of its dates, for the list's date detection.
    date_forms: u8,
    /// Its residence is a name several territories share, with different outcomes: a
    /// malformed row (the `malformed_rows` policy decides).
    ambiguous_residence: bool,
}

/// What a territory name given as residence means for this petition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameTarget {
    Inside(Placement),
    Outside,
    /// Territories with this name would count differently.
    Ambiguous,
}

/// The per-entry conditions of one petition. Read-only, so worker threads share it.
#[derive(Debug)]
struct Screen {
    level: PetitionLevel,
    activity_only: ActivityOnlyPolicy,
    received: NaiveDate,
    /// Upper-cased codes inside the territory (itself and its descendants), and where they count.
    inside: FastMap<Box<[u8]>, Placement>,
    /// Every upper-cased code of the registry, to tell "outside" from "unknown".
    known_codes: FastSet<Box<[u8]>>,
    /// Territory names and spellings ([`crate::territory::territory_name_key`]), for lists
    /// that give the residence by name rather than by code.
    names: FastMap<String, NameTarget>,
    rules: EntryRules,
    /// Born before this day: over 110 on receipt, a data-quality signal.
    implausible_before: NaiveDate,
}

impl Screen {
    /// Checks one row's conditions. An excluded row is counted under the first condition it
    /// fails, in this order: CIN, residence or activity, age, registration, CNIE expiry.
    fn screen(&self, row: u64, signatory: &Entry<'_>) -> Screened {
        let mut flags = 0;
        let mut ambiguous_residence = false;
        let outcome = self.conditions(signatory, &mut flags, &mut ambiguous_residence);
        Screened { row, outcome, flags, date_forms: signatory.date_forms, ambiguous_residence }
    }

    fn conditions(
        &self,
        signatory: &Entry<'_>,
        flags: &mut u8,
        ambiguous_residence: &mut bool,
    ) -> std::result::Result<(CinKey, Placement), ExclusionReason> {
        let key = CinKey::of(signatory.cin).ok_or(ExclusionReason::CinMissing)?;
        if !super::signatory::raw_cin_has_usual_format(signatory.cin) {
            *flags |= FLAGS[0].0;
        }
        let placement = self.placement(signatory, ambiguous_residence)?;
        if let Some(rule) = self.rules.electoral_age {
            let born = signatory.birth_date.ok_or(ExclusionReason::BirthDateMissing)?;
            if !rule.is_adult(born) {
                return Err(ExclusionReason::UnderElectoralAge);
            }
            if born < self.implausible_before {
                *flags |= FLAGS[1].0;
            }
        }
        if self.rules.registration && signatory.registered_on_electoral_lists != Some(true) {
            return Err(ExclusionReason::NotRegisteredOnElectoralLists);
        }
        if self.rules.cnie_expiry {
            let expiry = signatory.cnie_expiry.ok_or(ExclusionReason::CnieExpiryMissing)?;
            if expiry < self.received {
                *flags |= FLAGS[2].0;
            }
        }
        Ok((key, placement))
    }

    fn placement(
        &self,
        signatory: &Entry<'_>,
        ambiguous: &mut bool,
    ) -> std::result::Result<Placement, ExclusionReason> {
        if !self.rules.residence_or_activity {
            return Ok(Placement::NotAllocated);
        }
        let residence = signatory.residence.map(<[u8]>::trim_ascii).filter(|r| !r.is_empty());
        let mut upper = [0u8; 64];
        // Codes are matched case-insensitively; the maps hold upper-case keys.
        let residence = residence.map(|code| match upper.get_mut(..code.len()) {
            Some(buffer) if code.iter().any(u8::is_ascii_lowercase) => {
                buffer.copy_from_slice(code);
                buffer.make_ascii_uppercase();
                &*buffer
            }
            _ => code,
        });
        if let Some(placement) = residence.and_then(|code| self.inside.get(code)) {
            return Ok(*placement);
        }
        // Not a code inside: a name, when it is no code at all (the slow path, names only).
        let by_name = residence.filter(|code| !self.known_codes.contains(*code)).and_then(|name| {
            let key = crate::territory::territory_name_key(&String::from_utf8_lossy(name));
            self.names.get(&key).copied()
        });
        match by_name {
            Some(NameTarget::Inside(placement)) => return Ok(placement),
            Some(NameTarget::Ambiguous) => {
                *ambiguous = true;
                return Err(ExclusionReason::MalformedRow);
            }
            Some(NameTarget::Outside) | None => {}
        }
        let known = residence.is_some_and(|code| self.known_codes.contains(code)) || by_name.is_some();
        if signatory.activity_in_territory {
            let excluded = self.level == PetitionLevel::Region && self.activity_only == ActivityOnlyPolicy::Exclude;
            return if excluded { Err(ExclusionReason::ActivityOnly) } else { Ok(Placement::NotAllocated) };
        }
        match residence {
            Some(_) if !known => Err(ExclusionReason::ResidenceUnknown),
            _ => Err(ExclusionReason::NotResidentAndNoActivity),
        }
    }
}

/// A petition being checked.
#[derive(Debug)]
pub struct PetitionCheck {
    request: PetitionRequest,
    territory: Option<Territory>,
    population: std::result::Result<Option<PopulationInForce>, String>,
    provinces: Vec<(String, Text)>,
    calendar: HolidayCalendar,
    screen: Screen,
    tally: Tally,
    /// The valid rows, counted once per CIN.
    distinct: DistinctRows,
    /// The columns the petition needs from a list.
    required: RequiredColumns,
    /// How the columns of each list read were accounted for.
    columns: Vec<ListColumn>,
}

/// The counts, updated row by row in file order, apart from the duplicate check. A worker
/// thread counts a part of a list in a tally of its own; the parts are joined in file order.
#[derive(Debug)]
struct Tally {
    malformed_rows: MalformedRowPolicy,
    submitted: u64,
    /// The valid rows waiting for the duplicate check, which takes them in batches.
    valid_rows: Vec<ValidRow>,
    excluded: BTreeMap<ExclusionReason, Vec<u64>>,
    heuristics: BTreeMap<&'static str, Vec<u64>>,
    /// The date forms of the list being read.
    dates: DateEvidence,
    /// The list being read, for the errors of rows rejected after parsing.
    source: String,
}

impl PetitionCheck {
    /// Starts a check: resolves the territory and the rules in force on the date of receipt.
    pub fn new(request: PetitionRequest, territories: &Territories, calendar: &HolidayCalendar) -> Result<Self> {
        let at = |field: &str| Location::in_source("petition request").field(field);
        if let Some(decision) = request.decision
            && decision < request.received
        {
            return Err(Error::invalid_value(at("decision"), "a date on or after `received`", decision.to_string()));
        }
        let territory = resolve_territory(&request, territories)?;
        let mut registry = territories.clone();
        if let Some(territory) = &territory
            && registry.get(&territory.code).is_err()
        {
            registry.insert(territory.clone())?;
        }
        let received = request.received;
        // The rules must be in force on the date of receipt (typed error otherwise).
        match request.level {
            PetitionLevel::National | PetitionLevel::LegislativeMotion => {
                RULES.national_petition_min_supporters.at(received)?;
            }
            _ => {
                RULES.association_min_years.at(received)?;
            }
        }
        let population = match (&territory, request.level) {
            (Some(t), PetitionLevel::Region) | (Some(t), PetitionLevel::Commune) if !t.arrondissements => registry
                .legal_population(&t.code, received, request.policies.census)
                .map(Some)
                .map_err(|e| e.to_string()),
            _ => Ok(None),
        };
        let provinces: Vec<(String, Text)> = match (&territory, request.level) {
            (Some(region), PetitionLevel::Region) => registry
                .children(&region.code)?
                .into_iter()
                .filter(|t| t.level == Level::PrefectureOrProvince)
                .map(|t| (t.code.clone(), t.name.clone()))
                .collect(),
            _ => Vec::new(),
        };
        let inside = territory.as_ref().map(|t| codes_inside(&registry, t, &provinces)).unwrap_or_default();
        let national = territory.is_none();
        let electoral_conditions = match request.level {
            PetitionLevel::PrefectureOrProvince | PetitionLevel::Commune => true,
            PetitionLevel::Region => request.policies.region_requires_electoral_conditions,
            PetitionLevel::National | PetitionLevel::LegislativeMotion => false,
        };
        let rules = EntryRules {
            residence_or_activity: !national,
            electoral_age: electoral_conditions
                .then(|| RULES.electoral_age.at(received).and_then(|a| AgeRule::new(a.value, received)))
                .transpose()?,
            registration: national,
            cnie_expiry: national && RULES.national_requires_cnie_expiry.at(received)?.value,
        };
        let names = territory_names(&registry, &inside);
        let screen = Screen {
            level: request.level,
            activity_only: request.policies.activity_only,
            received,
            inside,
            known_codes: registry.iter().map(|t| upper_bytes(&t.code)).collect(),
            names,
            rules,
            implausible_before: received.checked_sub_months(chrono::Months::new(110 * 12)).unwrap_or(NaiveDate::MIN),
        };
        let tally = Tally::new(request.policies.malformed_rows, SIGNATORIES.into());
        let distinct = DistinctRows::new(request.policies.duplicates, provinces.len());
        let required = RequiredColumns {
            birth_date: rules.electoral_age.is_some(),
            residence_or_activity: rules.residence_or_activity,
            registered: rules.registration,
            cnie_expiry: rules.cnie_expiry,
        };
        Ok(PetitionCheck {
            calendar: calendar.clone(),
            request,
            territory,
            population,
            provinces,
            screen,
            tally,
            distinct,
            required,
            columns: Vec::new(),
        })
    }

    /// Adds one signatory found at `row`. Each excluded row is counted under the first
    /// condition it fails, in this order: CIN, residence or activity, age, registration, CNIE
    /// expiry; then valid rows are checked for duplicates.
    pub fn add(&mut self, row: u64, signatory: SignatoryRef<'_>) {
        self.add_entry(row, signatory.into());
    }

    fn add_entry(&mut self, row: u64, signatory: Entry<'_>) {
        self.tally.apply(self.screen.screen(row, &signatory));
        self.distinct.take(&mut self.tally.valid_rows, VALID_ROWS_BATCH);
    }

    /// Adds an owned signatory.
    pub fn add_signatory(&mut self, row: u64, signatory: &Signatory) {
        self.add(row, signatory.as_ref());
    }

    /// Adds a row that may have failed to parse, applying the `malformed_rows` policy.
    pub fn add_parsed(&mut self, row: u64, parsed: Result<SignatoryRef<'_>>) -> Result<()> {
        self.add_parsed_entry(row, parsed.map(Entry::from))
    }

    fn add_parsed_entry(&mut self, row: u64, parsed: Result<Entry<'_>>) -> Result<()> {
        let screened = parsed.map(|signatory| self.screen.screen(row, &signatory));
        let outcome = self.tally.apply_parsed(row, screened);
        self.distinct.take(&mut self.tally.valid_rows, VALID_ROWS_BATCH);
        outcome
    }

    /// Adds every row of a signatory CSV (columns: docs/petitions.md), dates detected.
    pub fn add_csv(&mut self, reader: impl std::io::Read, source: &str) -> Result<()> {
        self.add_csv_with(reader, source, DateFormat::Auto)
    }

    /// Adds every row of a signatory CSV whose dates are written as `date_format`.
    pub fn add_csv_with(&mut self, reader: impl std::io::Read, source: &str, date_format: DateFormat) -> Result<()> {
        let plan = self.start_list(source, date_format);
        let columns = super::reader::read_csv(reader, source, plan, |row, parsed| self.add_parsed_entry(row, parsed))?;
        self.end_list(columns, date_format)
    }

    /// Adds every row of a signatory list file with the default options (a CSV, or the first
    /// sheet of a workbook; dates detected): see [`PetitionCheck::add_list_file`].
    pub fn add_csv_file(&mut self, path: &std::path::Path) -> Result<()> {
        self.add_list_file(path, &SignatoryListOptions::default())
    }

    /// Adds every row of a signatory list: a CSV file (`.csv`, `.txt`, `.tsv`) or a sheet of a
    /// workbook (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`), told by the extension. Columns
    /// are recognised by their headers in Arabic, French or English, dates read as
    /// `options.date_format` says (docs/petitions.md). CSV files of several megabytes are read
    /// by worker threads (one per available core) while this thread counts; the verdict is
    /// the same as reading on one thread, since rows are counted in file order.
    pub fn add_list_file(&mut self, path: &std::path::Path, options: &SignatoryListOptions) -> Result<()> {
        let kind = crate::sheet::TableKind::of_path(path).unwrap_or(crate::sheet::TableKind::Csv);
        if kind.is_spreadsheet() {
            let choice = options.sheet.clone().unwrap_or_default();
            let plan = self.start_list("", options.date_format);
            let (screen, tally, distinct) = (&self.screen, &mut self.tally, &mut self.distinct);
            let (source, columns) = super::reader::read_sheet(path, &choice, plan, |source, row, parsed| {
                if tally.source != source {
                    tally.source = source.into();
                }
                let outcome = tally.apply_parsed(row, parsed.map(|signatory| screen.screen(row, &signatory)));
                distinct.take(&mut tally.valid_rows, VALID_ROWS_BATCH);
                outcome
            })?;
            self.tally.source = source;
            return self.end_list(columns, options.date_format);
        }
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
        let size = file.metadata().map_or(0, |m| m.len());
        self.distinct.seen.reserve(cins_to_reserve(size));
        let source = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
        let workers = std::thread::available_parallelism().map_or(1, usize::from);
        if workers < 2 || size < PARALLEL_FROM_BYTES {
            return self.add_csv_with(file, &source, options.date_format);
        }
        self.add_csv_with_workers_and(file, &source, workers, options.date_format)
    }

    /// Adds every row of a signatory CSV, read by `workers` threads.
    pub fn add_csv_with_workers(&mut self, reader: impl std::io::Read, source: &str, workers: usize) -> Result<()> {
        self.add_csv_with_workers_and(reader, source, workers, DateFormat::Auto)
    }

    fn add_csv_with_workers_and(
        &mut self,
        reader: impl std::io::Read,
        source: &str,
        workers: usize,
        date_format: DateFormat,
    ) -> Result<()> {
        let plan = self.start_list(source, date_format);
        let columns = self.tally_in_parallel(|new_part, add_row, apply| {
            super::reader::read_csv_parallel(reader, source, plan, workers, new_part, add_row, apply)
        })?;
        self.end_list(columns, date_format)
    }

    /// Adds rows that come in batches (the record batches of a table, say), read and screened
    /// by `workers` threads (on this one when `workers` is 0 or 1): `read` gives a batch's
    /// rows, each with its row number, to the function it is passed. The rows are counted in
    /// the order of the batches, so the verdict, the rows named and the first error are those
    /// of adding the rows one by one with [`PetitionCheck::add_parsed`]; an error of `batches`
    /// stops there, after the batches before it.
    pub fn add_row_batches<B: Send>(
        &mut self,
        mut batches: impl Iterator<Item = Result<B>>,
        workers: usize,
        read: impl Fn(B, &mut dyn FnMut(u64, Result<SignatoryRef<'_>>)) + Sync,
    ) -> Result<()> {
        if workers <= 1 {
            for batch in batches {
                let mut outcome = Ok(());
                read(batch?, &mut |row, parsed| {
                    if outcome.is_ok() {
                        outcome = self.add_parsed(row, parsed);
                    }
                });
                outcome?;
            }
            return Ok(());
        }
        self.tally_in_parallel(|new_part, add_row, apply| {
            super::reader::in_order(
                || batches.next().transpose(),
                workers,
                |batch, emit: &mut dyn FnMut(Tally)| {
                    let mut part = new_part();
                    let mut outcome = Ok(());
                    read(batch, &mut |row, parsed| {
                        if outcome.is_ok() {
                            outcome = add_row(&mut part, row, parsed.map(Entry::from));
                        }
                    });
                    emit(part);
                    outcome
                },
                apply,
            )
        })
    }

    /// Runs `read`, which counts parts of a list on worker threads, each part in a tally of
    /// its own (from the first function it is given; the second adds a row to a part and says
    /// when to stop), and hands the parts in order to the third, which joins them to this
    /// check's tally on this thread.
    fn tally_in_parallel<R>(
        &mut self,
        read: impl FnOnce(
            &(dyn Fn() -> Tally + Sync),
            &(dyn Fn(&mut Tally, u64, Result<Entry<'_>>) -> Result<()> + Sync),
            &mut dyn FnMut(Tally) -> Result<()>,
        ) -> Result<R>,
    ) -> Result<R> {
        let (screen, tally, distinct) = (&self.screen, &mut self.tally, &mut self.distinct);
        // The rows added before come first.
        distinct.take(&mut tally.valid_rows, 0);
        let (malformed_rows, source) = (tally.malformed_rows, tally.source.clone());
        let new_part = || Tally::new(malformed_rows, source.clone());
        let add_row = |part: &mut Tally, row: u64, parsed: Result<Entry<'_>>| {
            part.apply_parsed(row, parsed.map(|signatory| screen.screen(row, &signatory)))
        };
        read(&new_part, &add_row, &mut |mut part| {
            distinct.take(&mut part.valid_rows, 0);
            tally.join(part);
            Ok(())
        })
    }

    /// Before a list: its name for errors, fresh date evidence, and what to read.
    fn start_list(&mut self, source: &str, date_format: DateFormat) -> ListPlan {
        self.tally.source = source.into();
        self.tally.dates = DateEvidence::default();
        ListPlan { required: self.required, date_format }
    }

    /// After a list: its dates must read one way only; its columns go to the verdict.
    fn end_list(&mut self, columns: Vec<ListColumn>, date_format: DateFormat) -> Result<()> {
        let dates = std::mem::take(&mut self.tally.dates);
        let source = std::mem::replace(&mut self.tally.source, SIGNATORIES.into());
        dates.settle(&source, date_format)?;
        self.columns.extend(columns);
        Ok(())
    }

    /// How many rows were added so far.
    pub fn submitted(&self) -> u64 {
        self.tally.submitted
    }

    /// The verdict.
    pub fn finish(mut self) -> Result<Verdict> {
        self.distinct.take(&mut self.tally.valid_rows, 0);
        self.distinct.settle();
        let duplicates = std::mem::take(&mut self.distinct.duplicates);
        if !duplicates.is_empty() {
            self.tally.excluded.entry(ExclusionReason::Duplicate).or_default().extend(duplicates);
        }
        let mut verdict = Evaluation::new(&self).run()?;
        if let Some(counts) = verdict.signatures.as_mut() {
            counts.excluded = std::mem::take(&mut self.tally.excluded)
                .into_iter()
                .map(|(reason, mut rows)| {
                    rows.sort_unstable();
                    Exclusion {
                        reason,
                        count: rows.len() as u64,
                        rows,
                        legal_basis: exclusion_basis(reason, self.request.level),
                        message: messages::exclusion_message(reason),
                    }
                })
                .collect();
        }
        let unused: Vec<&str> =
            self.columns.iter().filter(|c| c.status == ColumnStatus::NotUsed).map(|c| c.header.as_str()).collect();
        if !unused.is_empty() {
            verdict.warnings.push(Warning {
                code: "columns_not_used".into(),
                message: messages::warning_message("columns_not_used", &unused.join(", ")),
            });
        }
        verdict.columns = std::mem::take(&mut self.columns);
        verdict.heuristics = std::mem::take(&mut self.tally.heuristics)
            .into_iter()
            .map(|(code, rows)| Heuristic {
                code: code.into(),
                count: rows.len() as u64,
                rows,
                message: messages::heuristic_message(code),
            })
            .collect();
        Ok(verdict)
    }
}

impl Tally {
    fn new(malformed_rows: MalformedRowPolicy, source: String) -> Self {
        Tally {
            malformed_rows,
            submitted: 0,
            valid_rows: Vec::new(),
            excluded: BTreeMap::new(),
            heuristics: BTreeMap::new(),
            dates: DateEvidence::default(),
            source,
        }
    }

    /// Adds the counts of the rows that follow these, counted apart (its valid rows already
    /// taken by the duplicate check).
    fn join(&mut self, part: Tally) {
        debug_assert!(part.valid_rows.is_empty(), "the duplicate check takes a part's valid rows first");
        self.submitted += part.submitted;
        for (reason, rows) in part.excluded {
            self.excluded.entry(reason).or_default().extend(rows);
        }
        for (code, rows) in part.heuristics {
            self.heuristics.entry(code).or_default().extend(rows);
        }
        self.dates.join(part.dates);
    }

    /// Counts a screened row: its flags, then its exclusion, or (valid) keeps it for the
    /// duplicate check.
    fn apply(&mut self, screened: Screened) {
        self.submitted += 1;
        let row = screened.row;
        self.dates.observe(row, screened.date_forms);
        for (bit, code) in FLAGS {
            if screened.flags & bit != 0 {
                self.flag(code, row);
            }
        }
        match screened.outcome {
            Err(reason) => self.exclude(reason, row),
            Ok((key, placement)) => self.valid_rows.push(ValidRow { key, row, placement }),
        }
    }

    /// Applies the `malformed_rows` policy to a row that may have failed to parse.
    fn apply_parsed(&mut self, row: u64, screened: Result<Screened>) -> Result<()> {
        match (screened, self.malformed_rows) {
            (Ok(screened), MalformedRowPolicy::Error) if screened.ambiguous_residence => {
                let reason = "names several territories that count differently: give its code";
                return Err(super::reader::signatory_error(&self.source, row, "residence", reason));
            }
            (Ok(screened), _) => self.apply(screened),
            (Err(error), MalformedRowPolicy::Error) => return Err(error),
            (Err(_), MalformedRowPolicy::Exclude) => {
                self.submitted += 1;
                self.exclude(ExclusionReason::MalformedRow, row);
            }
        }
        Ok(())
    }

    fn exclude(&mut self, reason: ExclusionReason, row: u64) {
        self.excluded.entry(reason).or_default().push(row);
    }

    fn flag(&mut self, code: &'static str, row: u64) {
        self.heuristics.entry(code).or_default().push(row);
    }
}

/// Checks a petition whose signatories are in memory (rows are 1-based positions).
pub fn check_petition(
    request: &PetitionRequest,
    signatories: &[Signatory],
    territories: &Territories,
    calendar: &HolidayCalendar,
) -> Result<Verdict> {
    let mut check = PetitionCheck::new(request.clone(), territories, calendar)?;
    for (index, signatory) in signatories.iter().enumerate() {
        check.add_signatory(index as u64 + 1, signatory);
    }
    check.finish()
}

fn resolve_territory(request: &PetitionRequest, territories: &Territories) -> Result<Option<Territory>> {
    let at = |field: &str| Location::in_source("petition request").field(field);
    let Some(level) = request.level.territorial_level() else {
        return Ok(None);
    };
    let territory = match &request.territory {
        None => return Err(Error::MissingField { location: at("territory") }),
        Some(TerritoryRef::Code(code)) => territories.get(code)?.clone(),
        Some(TerritoryRef::Inline(territory)) => (**territory).clone(),
    };
    if territory.level != level {
        return Err(Error::invalid_value(at("territory"), format!("a {level}"), territory.level.to_string()));
    }
    Ok(Some(territory))
}

/// Every code inside `territory` (itself and its descendants), with the province that counts
/// it for the regional distribution rule.
fn codes_inside(
    registry: &Territories,
    territory: &Territory,
    provinces: &[(String, Text)],
) -> FastMap<Box<[u8]>, Placement> {
    let mut inside = FastMap::default();
    inside.insert(upper_bytes(&territory.code), Placement::NotAllocated);
    for candidate in registry.iter() {
        let mut province = None;
        let mut current = Some(candidate);
        while let Some(t) = current {
            if let Some(index) = provinces.iter().position(|(code, _)| *code == t.code) {
                province = Some(index as u16);
            }
            if t.code == territory.code {
                let placement = province.map_or(Placement::NotAllocated, Placement::Province);
                inside.insert(upper_bytes(&candidate.code), placement);
                break;
            }
            current = t.parent.as_deref().and_then(|p| registry.get(p).ok());
        }
    }
    inside
}

/// The territory names and spellings of the registry, each with what it means for this
/// petition; a name shared by territories that would count differently is ambiguous.
fn territory_names(registry: &Territories, inside: &FastMap<Box<[u8]>, Placement>) -> FastMap<String, NameTarget> {
    let mut names: FastMap<String, NameTarget> = FastMap::default();
    for territory in registry.iter() {
        let target = inside.get(&upper_bytes(&territory.code)).map_or(NameTarget::Outside, |p| NameTarget::Inside(*p));
        for key in territory.name_keys() {
            names
                .entry(key)
                .and_modify(|known| {
                    if *known != target {
                        *known = NameTarget::Ambiguous;
                    }
                })
                .or_insert(target);
        }
    }
    names
}

fn upper_bytes(code: &str) -> Box<[u8]> {
    code.trim().to_ascii_uppercase().into_bytes().into_boxed_slice()
}

/// `born` + `years` full years (29 February → 28 February in common years).
fn years_after(born: NaiveDate, years: u32) -> Option<NaiveDate> {
    add_months(born, i32::try_from(years * 12).ok()?).ok()
}

fn local_article(level: PetitionLevel, region: &str, province: &str, commune: &str) -> LegalRef {
    let article = match level {
        PetitionLevel::Region => region,
        PetitionLevel::PrefectureOrProvince => province,
        _ => commune,
    };
    LegalRef::article(level.law(), article)
}

/// The legal basis of a per-entry exclusion (none for the policy-based ones).
fn exclusion_basis(reason: ExclusionReason, level: PetitionLevel) -> Option<LegalRef> {
    let national = matches!(level, PetitionLevel::National | PetitionLevel::LegislativeMotion);
    match reason {
        ExclusionReason::CinMissing if national => Some(LegalRef::article(level.law(), "2")),
        ExclusionReason::CinMissing => Some(LegalRef::article("implementing decree on the petition form (2016)", "3")),
        ExclusionReason::NotResidentAndNoActivity | ExclusionReason::ResidenceUnknown => {
            Some(local_article(level, "120", "114", "123"))
        }
        ExclusionReason::UnderElectoralAge | ExclusionReason::BirthDateMissing => {
            Some(RULES.electoral_age.versions[0].legal_basis.clone())
        }
        ExclusionReason::NotRegisteredOnElectoralLists => Some(LegalRef::article(level.law(), "2")),
        ExclusionReason::CnieExpiryMissing => {
            Some(RULES.national_requires_cnie_expiry.versions.last()?.legal_basis.clone())
        }
        ExclusionReason::ActivityOnly | ExclusionReason::Duplicate | ExclusionReason::MalformedRow => None,
    }
}

/// Builds the verdict from a finished tally.
struct Evaluation<'a> {
    check: &'a PetitionCheck,
    conditions: Vec<Condition>,
    warnings: Vec<Warning>,
}

impl<'a> Evaluation<'a> {
    fn new(check: &'a PetitionCheck) -> Self {
        Evaluation { check, conditions: Vec::new(), warnings: Vec::new() }
    }

    fn condition(
        &mut self,
        code: &str,
        status: ConditionStatus,
        observed: Option<String>,
        required: Option<String>,
        legal_basis: LegalRef,
    ) {
        let message = messages::condition_message(code, status, observed.as_deref(), required.as_deref());
        self.conditions.push(Condition { code: code.into(), status, observed, required, legal_basis, message });
    }

    fn fact(&mut self, code: &str, fact: Option<bool>, legal_basis: LegalRef) {
        self.condition(code, ConditionStatus::from_fact(fact), None, None, legal_basis);
    }

    fn warn(&mut self, code: &str, detail: &str) {
        self.warnings.push(Warning { code: code.into(), message: messages::warning_message(code, detail) });
    }

    fn run(mut self) -> Result<Verdict> {
        let request = &self.check.request;
        let level = request.level;
        let received = request.received;
        let is_citizens = request.petitioner == Petitioner::Citizens;
        match level {
            PetitionLevel::National | PetitionLevel::LegislativeMotion => self.national_conditions()?,
            _ => self.local_conditions()?,
        }
        let failed = self.conditions.iter().any(|c| c.status == ConditionStatus::Failed);
        let unassessed = self.conditions.iter().any(|c| c.status == ConditionStatus::NotAssessed);
        let outcome = match (failed, unassessed) {
            (true, _) => Outcome::Inadmissible,
            (false, true) => Outcome::Incomplete,
            (false, false) => Outcome::Admissible,
        };
        let deadlines = self.deadlines(outcome)?;
        let check = self.check;
        let signatures = is_citizens.then(|| SignatureCounts {
            submitted: check.tally.submitted,
            valid: check.distinct.valid,
            excluded: Vec::new(),
            per_province: self.province_counts(),
            not_allocated: check.distinct.not_allocated,
        });
        Ok(Verdict {
            outcome,
            admissible: outcome == Outcome::Admissible,
            level,
            territory: check.territory.as_ref().map(|t| VerdictTerritory {
                code: t.code.clone(),
                name: t.name.clone(),
                arrondissements: t.arrondissements,
                population: check.population.clone().ok().flatten(),
            }),
            received,
            decision: request.decision,
            conditions: self.conditions,
            signatures,
            heuristics: Vec::new(),
            deadlines,
            policies: request.policies,
            warnings: self.warnings,
            columns: Vec::new(),
        })
    }

    fn quota(&self) -> Option<u64> {
        let required = self.required_signatures().ok()??;
        let percent = RULES.region_province_quota_percent.at(self.check.request.received).ok()?.value;
        Some((u64::from(required) * u64::from(percent)).div_ceil(100))
    }

    fn province_counts(&self) -> Vec<ProvinceCount> {
        let quota = self.quota().unwrap_or(0);
        let check = self.check;
        check
            .provinces
            .iter()
            .zip(&check.distinct.per_province)
            .map(|((code, name), valid)| ProvinceCount {
                code: code.clone(),
                name: name.clone(),
                valid: *valid,
                required: quota,
            })
            .collect()
    }

    /// The signatures required and the article, `Ok(None)` when the population is unknown.
    fn required_signatures(&self) -> Result<Option<u32>> {
        let check = self.check;
        let received = check.request.received;
        let population = || check.population.clone().ok().flatten().map(|p| p.population);
        Ok(match check.request.level {
            PetitionLevel::Region => population()
                .and_then(|p| band_for(&RULES.region_signature_bands.at(received).ok()?.value, p))
                .map(|b| b.required),
            PetitionLevel::PrefectureOrProvince => Some(RULES.province_signature_threshold.at(received)?.value),
            PetitionLevel::Commune if check.territory.as_ref().is_some_and(|t| t.arrondissements) => {
                Some(RULES.commune_arrondissements_threshold.at(received)?.value)
            }
            PetitionLevel::Commune => population()
                .and_then(|p| band_for(&RULES.commune_signature_bands.at(received).ok()?.value, p))
                .map(|b| b.required),
            PetitionLevel::National => Some(RULES.national_petition_min_supporters.at(received)?.value),
            PetitionLevel::LegislativeMotion => Some(RULES.motion_min_supporters.at(received)?.value),
        })
    }

    fn local_conditions(&mut self) -> Result<()> {
        let check = self.check;
        let request = &check.request;
        let level = request.level;
        let received = request.received;
        let object = local_article(level, "118", "112", "121");
        self.fact("subject_within_attributions", request.subject.within_attributions, object.clone());
        let respects = request.subject.touches_constitutional_constants.map(|touches| !touches);
        self.fact("subject_respects_constants", respects, object);
        match &request.petitioner {
            Petitioner::Citizens => {
                let citizens = local_article(level, "120", "114", "123");
                self.fact("common_interest", request.subject.common_interest, citizens.clone());
                let threshold_basis = match level {
                    PetitionLevel::Region => RULES.region_signature_bands.at(received)?.legal_basis.clone(),
                    PetitionLevel::PrefectureOrProvince => {
                        RULES.province_signature_threshold.at(received)?.legal_basis.clone()
                    }
                    _ if check.territory.as_ref().is_some_and(|t| t.arrondissements) => {
                        LegalRef::article("LO 113-14", "123, 216")
                    }
                    _ => RULES.commune_signature_bands.at(received)?.legal_basis.clone(),
                };
                match self.required_signatures()? {
                    Some(required) => self.condition(
                        "signature_threshold",
                        ConditionStatus::from_bool(check.distinct.valid >= u64::from(required)),
                        Some(check.distinct.valid.to_string()),
                        Some(format!("≥ {required}")),
                        threshold_basis,
                    ),
                    None => {
                        let detail = check.population.clone().err().unwrap_or_default();
                        self.warn("population_unavailable", &detail);
                        self.condition(
                            "signature_threshold",
                            ConditionStatus::NotAssessed,
                            Some(check.distinct.valid.to_string()),
                            None,
                            threshold_basis,
                        );
                    }
                }
                if level == PetitionLevel::Region {
                    self.distribution_condition()?;
                }
                let decree = LegalRef::article("implementing decree on the petition form (2016)", "3");
                self.fact("cin_copies_attached", request.documents.cin_copies, decree);
            }
            Petitioner::Association(facts) => {
                let basis = local_article(level, "121", "115", "124");
                self.fact("association_constituted_in_morocco", facts.constituted_in_morocco, basis.clone());
                let years = RULES.association_min_years.at(received)?.value;
                let older =
                    facts.founded.map(|founded| years_after(founded, years).is_some_and(|limit| limit < received));
                self.condition(
                    "association_older_than_3_years",
                    ConditionStatus::from_fact(older),
                    facts.founded.map(|f| f.to_string()),
                    received.checked_sub_months(chrono::Months::new(years * 12)).map(|limit| format!("< {limit}")),
                    basis.clone(),
                );
                self.fact("association_democratic_functioning", facts.democratic_functioning, basis.clone());
                self.fact("association_good_standing", facts.good_standing, basis.clone());
                self.fact("association_seat_or_branch_in_territory", facts.seat_or_branch_in_territory, basis.clone());
                self.fact("association_activity_linked_to_subject", facts.activity_linked_to_subject, basis.clone());
                if level == PetitionLevel::PrefectureOrProvince {
                    let minimum = RULES.province_association_min_members.at(received)?;
                    self.condition(
                        "association_more_than_100_members",
                        ConditionStatus::from_fact(facts.members.map(|m| m > minimum.value)),
                        facts.members.map(|m| m.to_string()),
                        Some(format!("> {}", minimum.value)),
                        minimum.legal_basis.clone(),
                    );
                }
                let decree = LegalRef::article("implementing decree on the petition form (2016)", "4");
                self.fact("association_papers_attached", request.documents.association_papers, decree);
            }
        }
        Ok(())
    }

    fn distribution_condition(&mut self) -> Result<()> {
        let check = self.check;
        let basis = RULES.region_province_quota_percent.at(check.request.received)?.legal_basis.clone();
        let Some(quota) = self.quota() else {
            self.condition("province_distribution", ConditionStatus::NotAssessed, None, None, basis);
            return Ok(());
        };
        if check.provinces.is_empty() {
            let code = check.territory.as_ref().map_or("", |t| t.code.as_str()).to_string();
            self.warn("provinces_unknown", &code);
            self.condition(
                "province_distribution",
                ConditionStatus::NotAssessed,
                None,
                Some(format!("≥ {quota}")),
                basis,
            );
            return Ok(());
        }
        let lowest = check.distinct.per_province.iter().copied().min().unwrap_or(0);
        self.condition(
            "province_distribution",
            ConditionStatus::from_bool(lowest >= quota),
            Some(lowest.to_string()),
            Some(format!("≥ {quota}")),
            basis,
        );
        Ok(())
    }

    fn national_conditions(&mut self) -> Result<()> {
        let check = self.check;
        let request = &check.request;
        let law = request.level.law();
        let received = request.received;
        let motion = request.level == PetitionLevel::LegislativeMotion;
        let is_citizens = request.petitioner == Petitioner::Citizens;
        self.condition(
            "petitioner_is_citizens",
            ConditionStatus::from_bool(is_citizens),
            None,
            None,
            LegalRef::article(law, "2"),
        );
        let respects = request.subject.touches_constitutional_constants.map(|touches| !touches);
        self.fact("subject_respects_constants", respects, LegalRef::article(law, "4"));
        self.fact(
            "subject_not_excluded_matter",
            request.subject.excluded_matter.map(|e| !e),
            LegalRef::article(law, "4"),
        );
        if motion {
            self.fact("within_domain_of_law", request.subject.within_domain_of_law, LegalRef::article(law, "3"));
        }
        let interest_article = if motion { "5" } else { "3" };
        self.fact("general_interest", request.subject.general_interest, LegalRef::article(law, interest_article));
        self.fact("single_addressee", request.subject.single_addressee, LegalRef::article(law, interest_article));
        let supporters = if motion { &RULES.motion_min_supporters } else { &RULES.national_petition_min_supporters };
        let supporters = supporters.at(received)?;
        self.condition(
            "supporters_threshold",
            ConditionStatus::from_bool(is_citizens && check.distinct.valid >= u64::from(supporters.value)),
            Some(check.distinct.valid.to_string()),
            Some(format!("≥ {}", supporters.value)),
            supporters.legal_basis.clone(),
        );
        let committee = if motion { &RULES.motion_min_committee } else { &RULES.national_petition_min_committee };
        let committee = committee.at(received)?;
        let members = request.committee.map(|c| c.members);
        self.condition(
            "committee_size",
            ConditionStatus::from_fact(members.map(|m| m >= committee.value)),
            members.map(|m| m.to_string()),
            Some(format!("≥ {}", committee.value)),
            committee.legal_basis.clone(),
        );
        if motion {
            let minimum = RULES.motion_min_committee_regions.at(received)?;
            let regions = request.committee.and_then(|c| c.regions);
            self.condition(
                "committee_regions",
                ConditionStatus::from_fact(regions.map(|r| r >= minimum.value)),
                regions.map(|r| r.to_string()),
                Some(format!("≥ {}", minimum.value)),
                minimum.legal_basis.clone(),
            );
        }
        Ok(())
    }

    fn deadlines(&mut self, outcome: Outcome) -> Result<Deadlines> {
        let check = self.check;
        let request = &check.request;
        let received = request.received;
        let mut deadlines = Deadlines::default();
        let Some(level) = request.level.territorial_level() else {
            deadlines.deadlines = national_deadlines(request)?;
            return Ok(deadlines);
        };
        let (months, agenda) = match level {
            Level::Region => (&RULES.region_refusal_months, &RULES.region_agenda_days),
            Level::PrefectureOrProvince => (&RULES.province_refusal_months, &RULES.province_agenda_days),
            Level::Commune => (&RULES.commune_refusal_months, &RULES.commune_agenda_days),
        };
        let months = months.at(received)?;
        let extend = request.policies.deadline_extension == DeadlineExtension::NextWorkingDay;
        let mut refusal_by = add_months(received, months.value as i32)?;
        if extend {
            let answer = check.calendar.working_day_on_or_after_explained(refusal_by)?;
            refusal_by = answer.date;
            if !answer.could_also_be.is_empty() {
                self.warn("deadline_depends_on_estimated_holiday", &dates_detail(&answer.could_also_be));
            }
        }
        deadlines.deadlines.push(Deadline {
            code: "refusal_notice".into(),
            date: refusal_by,
            rule: messages::months_rule(months.value, extend),
            legal_basis: months.legal_basis.clone(),
        });
        let Some(decision) = request.decision else {
            if outcome == Outcome::Admissible {
                self.warn("decision_missing", "");
            }
            return Ok(deadlines);
        };
        if outcome != Outcome::Admissible {
            if decision > refusal_by {
                self.warn("decision_after_refusal_deadline", &refusal_by.to_string());
            }
            return Ok(deadlines);
        }
        let policy = SessionPolicy { window: request.policies.session_window };
        let agenda = agenda.at(decision)?;
        let mut session = next_ordinary_session_with(level, decision, &check.calendar, policy)?;
        let cutoff = |first_day: NaiveDate| first_day.checked_sub_days(Days::new(u64::from(agenda.value)));
        if cutoff(session.first_day).is_some_and(|c| decision > c) {
            match request.policies.late_decision {
                LateDecisionPolicy::NextSessionWithWarning => {
                    let detail = cutoff(session.first_day).map_or_else(String::new, |c| c.to_string());
                    self.warn("decision_after_agenda_cutoff", &detail);
                }
                LateDecisionPolicy::FollowingSession => {
                    session = next_ordinary_session_with(level, session.last_day, &check.calendar, policy)?;
                }
            }
        }
        if !session.could_also_meet_on.is_empty() {
            self.warn("session_depends_on_estimated_holiday", &dates_detail(&session.could_also_meet_on));
        }
        if !session.religious_dates_known {
            self.warn("religious_holidays_not_supplied", &session.first_day.year().to_string());
        }
        deadlines.agenda_cutoff = cutoff(session.first_day);
        deadlines.session = Some(session);
        Ok(deadlines)
    }
}

/// "session: 2051-06-13, 2051-06-14": what a date could become if an estimated religious
/// holiday falls on another day of its margin.
fn dates_detail(dates: &[NaiveDate]) -> String {
    let dates: Vec<String> = dates.iter().map(ToString::to_string).collect();
    dates.join(", ")
}

/// LO 44-14 (petitions) and LO 64-14 (motions): the latest dates, each step assumed to use its
/// whole period. Days are calendar days.
fn national_deadlines(request: &PetitionRequest) -> Result<Vec<Deadline>> {
    let law = request.level.law();
    let received = request.received;
    let plus = |date: NaiveDate, days: u64| {
        date.checked_add_days(Days::new(days)).ok_or(Error::DateOutOfRange { operation: "national deadline".into() })
    };
    let deadline = |code: &str, date, days: u32, from, article: &str| Deadline {
        code: code.into(),
        date,
        rule: messages::days_rule(days, from),
        legal_basis: LegalRef::article(law, article),
    };
    const RECEIPT: [&str; 3] = ["تاريخ الإيداع", "la réception", "receipt"];
    if request.level == PetitionLevel::LegislativeMotion {
        let decided_by = plus(received, 60)?;
        let decided = request.decision.unwrap_or(decided_by);
        return Ok(vec![
            deadline("bureau_decision", decided_by, 60, RECEIPT, "10"),
            deadline("decision_notice", plus(decided, 15)?, 15, ["القرار", "la décision", "the decision"], "10"),
        ]);
    }
    let speaker = !matches!(request.addressee.unwrap_or_default(), NationalAddressee::HeadOfGovernment);
    let article = |government: &str, speaker_article: &str| {
        if speaker { speaker_article.to_string() } else { government.to_string() }
    };
    let referral = plus(received, 15)?;
    let opinion = plus(referral, 60)?;
    Ok(vec![
        deadline("referral_to_committee", referral, 15, RECEIPT, &article("8", "12")),
        deadline("committee_opinion", opinion, 60, ["الإحالة", "la transmission", "referral"], &article("9", "13")),
        deadline(
            "national_refusal_notice",
            plus(opinion, 30)?,
            30,
            ["الرأي", "l'avis", "the opinion"],
            &article("10", "14"),
        ),
    ])
}
