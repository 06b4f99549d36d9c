//! Territories: levels, the `shafaf_territories` handle, loading, look-ups and legal populations.

use crate::{
    Out, ShafafStatus, arg_handle, arg_handle_mut, arg_str, arg_str_or_null, call, free_handle, json_text, write_string,
};
use shafaf::Error;
use shafaf::territory::{CensusPolicy, Level, PopulationInForce, Territories};
use std::ffi::c_char;
use std::sync::LazyLock;

/// The three levels of territorial collectivity (Constitution art. 135).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShafafLevel {
    /// Region (organic law 111-14).
    Region = 0,
    /// Prefecture or province (organic law 112-14).
    PrefectureOrProvince = 1,
    /// Commune (organic law 113-14).
    Commune = 2,
}

/// A `shafaf_level` received from C, taken as an integer so that any value is safe.
pub type ShafafLevelArg = u32;

const LEVELS: [(ShafafLevel, Level); 3] = [
    (ShafafLevel::Region, Level::Region),
    (ShafafLevel::PrefectureOrProvince, Level::PrefectureOrProvince),
    (ShafafLevel::Commune, Level::Commune),
];

/// The core level of a `shafaf_level` value.
pub(crate) fn level_from_c(level: ShafafLevelArg) -> Result<Level, Error> {
    LEVELS.iter().find(|(c, _)| *c as u32 == level).map(|(_, level)| *level).ok_or_else(|| {
        Error::invalid_argument(
            "level",
            format!("{level} is not a shafaf_level (SHAFAF_LEVEL_REGION to SHAFAF_LEVEL_COMMUNE)"),
        )
    })
}

fn level_to_c(level: Level) -> Result<ShafafLevel, Error> {
    LEVELS
        .iter()
        .find(|(_, l)| *l == level)
        .map(|(c, _)| *c)
        .ok_or_else(|| Error::Internal { message: format!("level {level} has no shafaf_level") })
}

/// Which census's legal population applies on a date (territories.md). The default, 0, is the
/// literal reading.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShafafCensusPolicy {
    /// The latest census whose decree was published in the Bulletin officiel strictly before
    /// the date (default).
    LatestPublishedBefore = 0,
    /// The latest census whose decree was published on or before the date.
    LatestPublishedOnOrBefore = 1,
}

/// A `shafaf_census_policy` received from C, taken as an integer so that any value is safe.
pub type ShafafCensusPolicyArg = u32;

fn census_policy_from_c(policy: ShafafCensusPolicyArg) -> Result<CensusPolicy, Error> {
    match policy {
        p if p == ShafafCensusPolicy::LatestPublishedBefore as u32 => Ok(CensusPolicy::LatestPublishedBefore),
        p if p == ShafafCensusPolicy::LatestPublishedOnOrBefore as u32 => Ok(CensusPolicy::LatestPublishedOnOrBefore),
        other => Err(Error::invalid_argument("policy", format!("{other} is not a shafaf_census_policy (0 or 1)"))),
    }
}

/// Parses a level name into `*out`: "region", "prefecture_or_province", "commune", and the
/// aliases core accepts ("province", "prefecture", French names; case and `-`/space
/// insensitive). An unknown name is `SHAFAF_STATUS_INVALID_ARGUMENT`.
///
/// # Safety
///
/// `text` must be NULL or a NUL-terminated string; `out` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_level_parse(text: *const c_char, out: *mut ShafafLevel) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise on `text`.
        let text = unsafe { arg_str(text, "text") }?;
        let out = Out::new(out, "out")?;
        let level = level_to_c(text.parse::<Level>()?)?;
        // SAFETY: the caller's promise on `out`.
        unsafe { out.write(level) };
        Ok(())
    })
}

/// A set of territories (regions, prefectures/provinces, communes), indexed by code. Opaque:
/// create it with `shafaf_territories_new_embedded` or `shafaf_territories_new_empty`, free it
/// with `shafaf_territories_free`.
///
/// Functions taking a `const shafaf_territories *` only read it and may run concurrently from
/// several threads; the `load` functions need exclusive access.
#[derive(Debug)]
pub struct ShafafTerritories {
    inner: Territories,
}

/// The territories used when a petition function is given NULL.
static EMBEDDED: LazyLock<Territories> = LazyLock::new(Territories::embedded);

/// The territories behind a handle, or the embedded set for NULL.
///
/// # Safety
///
/// `territories` must be NULL or a live handle.
pub(crate) unsafe fn territories_or_embedded<'a>(territories: *const ShafafTerritories) -> &'a Territories {
    // SAFETY: forwarded to the caller.
    match unsafe { territories.as_ref() } {
        Some(territories) => &territories.inner,
        None => &EMBEDDED,
    }
}

/// Writes a new handle to `*out`.
///
/// # Safety
///
/// `out` must be NULL or writable.
unsafe fn new_territories(out: *mut *mut ShafafTerritories, make: impl FnOnce() -> Territories) -> ShafafStatus {
    call(|| {
        let out = Out::new(out, "out")?;
        let handle = Box::into_raw(Box::new(ShafafTerritories { inner: make() }));
        // SAFETY: the caller's promise on `out`.
        unsafe { out.write(handle) };
        Ok(())
    })
}

/// Creates a set holding the embedded territories: the 12 regions and the 5 provinces of
/// Béni Mellal-Khénifra, with their 2014 and 2024 legal populations.
///
/// # Safety
///
/// `out` must be NULL or point to writable storage for a `shafaf_territories *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_territories_new_embedded(out: *mut *mut ShafafTerritories) -> ShafafStatus {
    // SAFETY: the caller's promise.
    unsafe { new_territories(out, Territories::embedded) }
}

/// Creates an empty set of territories.
///
/// # Safety
///
/// `out` must be NULL or point to writable storage for a `shafaf_territories *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_territories_new_empty(out: *mut *mut ShafafTerritories) -> ShafafStatus {
    // SAFETY: the caller's promise.
    unsafe { new_territories(out, Territories::empty) }
}

/// Frees a set of territories. NULL does nothing.
///
/// # Safety
///
/// `territories` must be NULL or a handle from `shafaf_territories_new_*` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_territories_free(territories: *mut ShafafTerritories) {
    // SAFETY: the caller's promise.
    unsafe { free_handle(territories) }
}

/// Runs a load on a mutable handle and writes the count to the optional `out_added`.
///
/// # Safety
///
/// As for the exported `load` functions.
unsafe fn load(
    territories: *mut ShafafTerritories,
    out_added: *mut usize,
    body: impl FnOnce(&mut Territories) -> Result<usize, Error>,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise on `territories`.
        let territories = unsafe { arg_handle_mut(territories, "territories") }?;
        let out = Out::optional(out_added, "out_added")?;
        let added = body(&mut territories.inner)?;
        if let Some(out) = out {
            // SAFETY: the caller's promise on `out_added`.
            unsafe { out.write(added) };
        }
        Ok(())
    })
}

/// Adds the territories of a `.json` or `.csv` file (chosen by the extension; formats in
/// docs/territories.md). An entry whose code already exists replaces it. The file is checked
/// as a whole first: on error nothing is added, and the last error names the file, row and
/// field. Writes the number of entries read to `*out_added` (which may be NULL).
///
/// # Safety
///
/// `territories` must be NULL or a live handle not used by another thread meanwhile; `path`
/// NULL or a NUL-terminated UTF-8 string; `out_added` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_territories_load_file(
    territories: *mut ShafafTerritories,
    path: *const c_char,
    out_added: *mut usize,
) -> ShafafStatus {
    // SAFETY: the caller's promises, forwarded.
    unsafe {
        load(territories, out_added, |set| {
            let path = arg_str(path, "path")?;
            set.load_file(std::path::Path::new(path))
        })
    }
}

/// Adds the territories of a JSON document: an array of territories, or an object with a
/// `territories` array (docs/schemas/territories.schema.json). `source_name` names the
/// document in errors; NULL means "territories JSON". Same rules as
/// `shafaf_territories_load_file`.
///
/// # Safety
///
/// As for `shafaf_territories_load_file`; `json` and `source_name` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_territories_load_json(
    territories: *mut ShafafTerritories,
    json: *const c_char,
    source_name: *const c_char,
    out_added: *mut usize,
) -> ShafafStatus {
    // SAFETY: the caller's promises, forwarded.
    unsafe {
        load(territories, out_added, |set| {
            let json = arg_str(json, "json")?;
            let source = arg_str_or_null(source_name, "source_name")?.unwrap_or("territories JSON");
            set.load_json(json, source)
        })
    }
}

/// Adds the territories of a CSV document (columns in docs/territories.md; rows in errors are
/// line numbers, the header being line 1). `source_name` names the document in errors; NULL
/// means "territories CSV". Same rules as `shafaf_territories_load_file`.
///
/// # Safety
///
/// As for `shafaf_territories_load_file`; `csv` and `source_name` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_territories_load_csv(
    territories: *mut ShafafTerritories,
    csv: *const c_char,
    source_name: *const c_char,
    out_added: *mut usize,
) -> ShafafStatus {
    // SAFETY: the caller's promises, forwarded.
    unsafe {
        load(territories, out_added, |set| {
            let csv = arg_str(csv, "csv")?;
            let source = arg_str_or_null(source_name, "source_name")?.unwrap_or("territories CSV");
            set.load_csv(csv, source)
        })
    }
}

/// Writes the number of territories in the set to `*out`.
///
/// # Safety
///
/// `territories` must be NULL or a live handle; `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_territories_count(
    territories: *const ShafafTerritories,
    out: *mut usize,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise.
        let territories = unsafe { arg_handle(territories, "territories") }?;
        let out = Out::new(out, "out")?;
        // SAFETY: the caller's promise.
        unsafe { out.write(territories.inner.len()) };
        Ok(())
    })
}

/// Runs a query returning a JSON document into `*out_json`.
///
/// # Safety
///
/// `territories` must be NULL or a live handle; `out_json` NULL or writable.
unsafe fn query_json(
    territories: *const ShafafTerritories,
    out_json: *mut *mut c_char,
    body: impl FnOnce(&Territories) -> Result<String, Error>,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promise.
        let territories = unsafe { arg_handle(territories, "territories") }?;
        let out = Out::new(out_json, "out_json")?;
        let json = body(&territories.inner)?;
        // SAFETY: the caller's promise.
        unsafe { write_string(out, json, "out_json") }
    })
}

/// Writes the territory with this code as a JSON object to `*out_json`
/// (docs/schemas/territory.schema.json): `code`, `level`, `name` {ar, fr, en}, `parent`,
/// `arrondissements`, `populations`. An unknown code is `SHAFAF_STATUS_UNKNOWN_TERRITORY`.
/// Free the string with `shafaf_string_free`.
///
/// # Safety
///
/// `territories` must be NULL or a live handle; `code` NULL or a NUL-terminated string;
/// `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_territories_get_json(
    territories: *const ShafafTerritories,
    code: *const c_char,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    // SAFETY: the caller's promises.
    unsafe {
        query_json(territories, out_json, |set| {
            let code = arg_str(code, "code")?;
            json_text!(set.get(code)?)
        })
    }
}

/// Writes every territory, in code order, as a JSON array to `*out_json` (the format
/// `shafaf_territories_load_json` reads). Free the string with `shafaf_string_free`.
///
/// # Safety
///
/// `territories` must be NULL or a live handle; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_territories_list_json(
    territories: *const ShafafTerritories,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    // SAFETY: the caller's promises.
    unsafe { query_json(territories, out_json, |set| json_text!(&set.iter().collect::<Vec<_>>())) }
}

/// Writes the territories directly under `code`, in code order, as a JSON array to
/// `*out_json`. An unknown code is `SHAFAF_STATUS_UNKNOWN_TERRITORY`. Free the string with
/// `shafaf_string_free`.
///
/// # Safety
///
/// `territories` must be NULL or a live handle; `code` NULL or a NUL-terminated string;
/// `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_territories_children_json(
    territories: *const ShafafTerritories,
    code: *const c_char,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    // SAFETY: the caller's promises.
    unsafe {
        query_json(territories, out_json, |set| {
            let code = arg_str(code, "code")?;
            json_text!(&set.children(code)?)
        })
    }
}

/// The legal population of `code` in force on `date` ("YYYY-MM-DD") under `policy`: writes the
/// population to `*out_population` and the census year (2014, 2024) to `*out_census_year`.
///
/// Errors: `SHAFAF_STATUS_INVALID_DATE`, `SHAFAF_STATUS_UNKNOWN_TERRITORY`,
/// `SHAFAF_STATUS_NO_RULE_IN_FORCE` (before the first census decree),
/// `SHAFAF_STATUS_POPULATION_UNAVAILABLE` (no figure from that census).
///
/// # Safety
///
/// `territories` must be NULL or a live handle; `code` and `date` NULL or NUL-terminated
/// strings; `out_population` and `out_census_year` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_territories_legal_population(
    territories: *const ShafafTerritories,
    code: *const c_char,
    date: *const c_char,
    policy: ShafafCensusPolicyArg,
    out_population: *mut u64,
    out_census_year: *mut u16,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on `territories`, `code` and `date`.
        let question = unsafe { population_question(territories, code, date, policy) }?;
        let out_population = Out::new(out_population, "out_population")?;
        let out_census_year = Out::new(out_census_year, "out_census_year")?;
        let found = question()?;
        // SAFETY: the caller's promises on the out-parameters.
        unsafe {
            out_population.write(found.population);
            out_census_year.write(found.census.year);
        }
        Ok(())
    })
}

/// Like `shafaf_territories_legal_population`, but writes the whole answer as a JSON object to
/// `*out_json` (docs/schemas/population-in-force.schema.json): `code`, `date`, `census` (year,
/// decree, Bulletin officiel, publication date...), `population`, `confirmed`, `source`,
/// `policy`. Free the string with `shafaf_string_free`.
///
/// # Safety
///
/// As for `shafaf_territories_legal_population`; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_territories_legal_population_json(
    territories: *const ShafafTerritories,
    code: *const c_char,
    date: *const c_char,
    policy: ShafafCensusPolicyArg,
    out_json: *mut *mut c_char,
) -> ShafafStatus {
    call(|| {
        // SAFETY: the caller's promises on `territories`, `code` and `date`.
        let question = unsafe { population_question(territories, code, date, policy) }?;
        let out = Out::new(out_json, "out_json")?;
        let found = question()?;
        // SAFETY: the caller's promise on `out_json`.
        unsafe { write_string(out, json_text!(&found)?, "out_json") }
    })
}

/// Converts the arguments of the two legal-population calls, in order, into the question to
/// ask core.
///
/// # Safety
///
/// As for `shafaf_territories_legal_population`.
unsafe fn population_question<'a>(
    territories: *const ShafafTerritories,
    code: *const c_char,
    date: *const c_char,
    policy: ShafafCensusPolicyArg,
) -> Result<impl FnOnce() -> Result<PopulationInForce, Error> + 'a, Error> {
    // SAFETY: forwarded to the caller.
    let (territories, code, date): (&'a ShafafTerritories, &'a str, &str) =
        unsafe { (arg_handle(territories, "territories")?, arg_str(code, "code")?, arg_str(date, "date")?) };
    let date = shafaf::date::parse_date(date, "date")?;
    let policy = census_policy_from_c(policy)?;
    Ok(move || territories.inner.legal_population(code, date, policy))
}
