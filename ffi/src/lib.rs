//! # libshafaf — the C ABI of shafaf
//!
//! A thin skin over the core crate: it converts C arguments, owns handles and maps errors to
//! status codes. No domain rule lives here. The header `include/shafaf.h` is generated from
//! these sources by `build.rs` (cbindgen) and committed. The C guide is `docs/c-guide.md`.
//!
//! Conventions (DESIGN.md §4):
//!
//! * every fallible function returns a [`ShafafStatus`] (`SHAFAF_STATUS_OK` = 0, else the stable
//!   code of the core error table) and writes its out-parameters **only on success**;
//! * every exported function runs inside one boundary ([`catch`]) that turns a panic into
//!   `SHAFAF_STATUS_INTERNAL` instead of unwinding into C;
//! * the last error is thread-local: set by a failing call, cleared by a successful one;
//! * strings are UTF-8 and NUL-terminated; returned strings belong to the caller, who frees
//!   them with `shafaf_string_free`; handles have `_new`/`_free`, and `_free(NULL)` is a no-op;
//! * enums received from C are taken as integers and checked, so an out-of-range value is an
//!   `SHAFAF_STATUS_INVALID_ARGUMENT`, never undefined behaviour.
//!
//! Modules: this file holds the conventions, `status` the generated status enum, `territory`
//! and `calendar` the handles and calls, `petition` the admissibility checks, `budget` the
//! citizen-budget handle, `commitment` the action-plan documents.

#![deny(clippy::unwrap_used, clippy::expect_used)]

mod budget;
mod calendar;
mod commitment;
mod petition;
mod status;
mod territory;

pub use budget::*;
pub use calendar::*;
pub use commitment::*;
pub use petition::*;
pub use status::ShafafStatus;
pub use territory::*;

use shafaf::Error;
use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr::{self, NonNull};
use std::sync::LazyLock;

// ---------------------------------------------------------------------------------------------
// The boundary
// ---------------------------------------------------------------------------------------------

/// The one `catch_unwind` of the library: runs `body`, turning a panic into
/// [`Error::Internal`] carrying the panic message.
fn catch<T>(body: impl FnOnce() -> T) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(body)).map_err(|payload| {
        let message = if let Some(text) = payload.downcast_ref::<&str>() {
            (*text).to_string()
        } else if let Some(text) = payload.downcast_ref::<String>() {
            text.clone()
        } else {
            "a panic without a message".to_string()
        };
        Error::Internal { message: format!("panic in shafaf: {message}") }
    })
}

/// Runs a fallible call: on success clears the last error and returns `SHAFAF_STATUS_OK`; on an
/// error or a panic records the last error and returns its status.
pub(crate) fn call(body: impl FnOnce() -> Result<(), Error>) -> ShafafStatus {
    finish(catch(body).and_then(|outcome| outcome), true)
}

/// Like [`call`], but a success leaves the last error as it was (for `shafaf_last_error_json`).
fn call_keeping_last_error(body: impl FnOnce() -> Result<(), Error>) -> ShafafStatus {
    finish(catch(body).and_then(|outcome| outcome), false)
}

fn finish(outcome: Result<(), Error>, clear_on_success: bool) -> ShafafStatus {
    match outcome {
        Ok(()) => {
            if clear_on_success {
                replace_last_error(None);
            }
            ShafafStatus::Ok
        }
        Err(error) => {
            let status = ShafafStatus::from(error.code());
            replace_last_error(Some(error));
            status
        }
    }
}

/// Runs an infallible call (a getter of static data, a `_free`): a panic records the last error
/// and returns `fallback`; otherwise the last error is left as it was.
pub(crate) fn call_infallible<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    match catch(body) {
        Ok(value) => value,
        Err(error) => {
            replace_last_error(Some(error));
            fallback
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The thread-local last error
// ---------------------------------------------------------------------------------------------

struct LastError {
    error: Error,
    message: CString,
}

thread_local! {
    static LAST_ERROR: RefCell<Option<LastError>> = const { RefCell::new(None) };
}

/// Sets (or clears) the calling thread's last error. Never panics: during thread teardown, or
/// in the (impossible) case of a re-entrant borrow, the update is skipped.
fn replace_last_error(error: Option<Error>) {
    let new = error.map(|error| LastError { message: c_string_lossy(&error.to_string()), error });
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            *slot = new;
        }
    });
}

/// A C string of `text`, with any NUL byte replaced by U+FFFD (messages are never truncated).
fn c_string_lossy(text: &str) -> CString {
    let cleaned = text.replace('\0', "\u{FFFD}");
    CString::new(cleaned).unwrap_or_default()
}

/// The message of the last error on this thread, or NULL when the last fallible call on this
/// thread succeeded (or none was made).
///
/// The string is owned by the library: do not free it. It stays valid until the next call on
/// this thread of a function that returns `shafaf_status` (other than `shafaf_last_error_json`).
/// Messages name the place of the error (file, row, field) but never carry personal data.
#[unsafe(no_mangle)]
pub extern "C" fn shafaf_last_error_message() -> *const c_char {
    call_infallible(ptr::null(), || {
        LAST_ERROR
            .try_with(|slot| match slot.try_borrow() {
                // The CString's buffer lives on the heap, so the pointer stays valid until the
                // slot is replaced.
                Ok(slot) => slot.as_ref().map_or(ptr::null(), |last| last.message.as_ptr()),
                Err(_) => ptr::null(),
            })
            .unwrap_or(ptr::null())
    })
}

/// Writes the last error of this thread as a JSON object to `*out_json`:
/// `{"code": 1003, "name": "missing_field", "message": "...", "details": {"location": {"source":
/// "file.json", "row": 2, "field": "level"}}}` (`details` holds the error's structured fields;
/// its shape is `docs/schemas/error.schema.json`). Writes NULL when there is no last error.
///
/// Free the string with `shafaf_string_free`. A successful call leaves the last error in place,
/// so the message and the JSON can both be read.
///
/// # Safety
///
/// `out_json` must be NULL (an error) or point to writable storage for a `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_last_error_json(out_json: *mut *mut c_char) -> ShafafStatus {
    call_keeping_last_error(|| {
        let out = Out::new(out_json, "out_json")?;
        let json = LAST_ERROR
            .try_with(|slot| slot.try_borrow().ok().and_then(|slot| slot.as_ref().map(|last| last.error.to_json())))
            .ok()
            .flatten();
        let text = match json {
            Some(json) => c_string(json.to_string(), "out_json")?.into_raw(),
            None => ptr::null_mut(),
        };
        // SAFETY: the caller guarantees `out_json` is writable; it was checked for NULL.
        unsafe { out.write(text) };
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Arguments and results
// ---------------------------------------------------------------------------------------------

/// Borrows a C string argument as UTF-8: NULL or invalid UTF-8 is an invalid-argument error
/// naming `argument`.
///
/// # Safety
///
/// `text` must be NULL or point to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn arg_str<'a>(text: *const c_char, argument: &str) -> Result<&'a str, Error> {
    // SAFETY: forwarded to the caller.
    unsafe { arg_str_or_null(text, argument) }?.ok_or_else(|| Error::invalid_argument(argument, "must not be NULL"))
}

/// Like [`arg_str`], but NULL is allowed (`None`).
///
/// # Safety
///
/// As for [`arg_str`].
pub(crate) unsafe fn arg_str_or_null<'a>(text: *const c_char, argument: &str) -> Result<Option<&'a str>, Error> {
    if text.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL, and the caller guarantees a NUL-terminated string living for `'a`.
    let text = unsafe { CStr::from_ptr(text) };
    text.to_str().map(Some).map_err(|error| {
        Error::invalid_argument(
            argument,
            format!("is not valid UTF-8 (invalid byte at offset {})", error.valid_up_to()),
        )
    })
}

/// Borrows a handle argument; NULL is an invalid-argument error naming `argument`.
///
/// # Safety
///
/// `handle` must be NULL or a live handle created by this library, not mutated during `'a`.
pub(crate) unsafe fn arg_handle<'a, T>(handle: *const T, argument: &str) -> Result<&'a T, Error> {
    // SAFETY: forwarded to the caller.
    unsafe { handle.as_ref() }.ok_or_else(|| Error::invalid_argument(argument, "must not be NULL"))
}

/// Borrows a handle argument mutably; NULL is an invalid-argument error naming `argument`.
///
/// # Safety
///
/// `handle` must be NULL or a live handle created by this library, not used elsewhere during `'a`.
pub(crate) unsafe fn arg_handle_mut<'a, T>(handle: *mut T, argument: &str) -> Result<&'a mut T, Error> {
    // SAFETY: forwarded to the caller.
    unsafe { handle.as_mut() }.ok_or_else(|| Error::invalid_argument(argument, "must not be NULL"))
}

/// An out-parameter checked up front (not NULL, aligned), written only once the call has
/// succeeded.
pub(crate) struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    /// A required out-parameter: NULL or misaligned is an invalid-argument error.
    pub(crate) fn new(pointer: *mut T, argument: &str) -> Result<Self, Error> {
        Out::optional(pointer, argument)?.ok_or_else(|| Error::invalid_argument(argument, "must not be NULL"))
    }

    /// An optional out-parameter: NULL means the caller does not want the value.
    pub(crate) fn optional(pointer: *mut T, argument: &str) -> Result<Option<Self>, Error> {
        let Some(pointer) = NonNull::new(pointer) else { return Ok(None) };
        if !pointer.as_ptr().is_aligned() {
            return Err(Error::invalid_argument(argument, "is not suitably aligned for its type"));
        }
        Ok(Some(Out(pointer)))
    }

    /// Writes the result (without reading or dropping what was there).
    ///
    /// # Safety
    ///
    /// The pointer given to [`Out::new`] must be valid for writes of a `T`.
    pub(crate) unsafe fn write(self, value: T) {
        // SAFETY: non-NULL and aligned (checked in `optional`); validity is the caller's promise.
        unsafe { self.0.as_ptr().write(value) }
    }
}

/// A string result as a C string; an interior NUL byte is an invalid-value error (it would
/// silently truncate the text in C).
pub(crate) fn c_string(text: String, what: &str) -> Result<CString, Error> {
    CString::new(text).map_err(|error| {
        Error::invalid_value(
            shafaf::error::Location::in_source(what),
            "text without NUL characters",
            format!("a NUL character at byte {}", error.nul_position()),
        )
    })
}

/// Serializes a result document as compact JSON (`json_text!(value)`).
macro_rules! json_text {
    ($value:expr) => {
        serde_json::to_string($value)
            .map_err(|error| shafaf::Error::Internal { message: format!("cannot write JSON: {error}") })
    };
}
pub(crate) use json_text;

/// Writes a string result to a `char **` out-parameter, handing ownership to the caller.
///
/// # Safety
///
/// As for [`Out::write`].
pub(crate) unsafe fn write_string(out: Out<*mut c_char>, text: String, what: &str) -> Result<(), Error> {
    let text = c_string(text, what)?;
    // SAFETY: forwarded to the caller.
    unsafe { out.write(text.into_raw()) };
    Ok(())
}

/// A date result as `YYYY-MM-DD`; a date outside years 0000–9999 cannot be written that way and
/// is a date-out-of-range error naming `operation`.
pub(crate) fn date_text(date: impl std::fmt::Display, operation: &str) -> Result<String, Error> {
    let text = date.to_string();
    if text.len() == 10 { Ok(text) } else { Err(Error::DateOutOfRange { operation: operation.to_string() }) }
}

/// Frees a string returned by shafaf (through a `char **` out-parameter). NULL does nothing.
///
/// # Safety
///
/// `text` must be NULL or a string returned by a shafaf function and not yet freed. Strings
/// returned as `const char *` (`shafaf_version`, `shafaf_status_name`,
/// `shafaf_last_error_message`) belong to the library and must not be passed here.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shafaf_string_free(text: *mut c_char) {
    call_infallible((), || {
        if !text.is_null() {
            // SAFETY: the caller guarantees the string came from `CString::into_raw` here.
            drop(unsafe { CString::from_raw(text) });
        }
    })
}

/// Frees a handle made by `Box::into_raw`; NULL does nothing.
///
/// # Safety
///
/// `handle` must be NULL or a live handle of type `T` created by this library.
pub(crate) unsafe fn free_handle<T>(handle: *mut T) {
    call_infallible((), || {
        if !handle.is_null() {
            // SAFETY: the caller guarantees the handle came from `Box::into_raw` and is live.
            drop(unsafe { Box::from_raw(handle) });
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Version and status names
// ---------------------------------------------------------------------------------------------

const VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
    Ok(version) => version,
    Err(_) => panic!("the package version contains a NUL byte"),
};

/// The version of the library, e.g. "0.1.0": equal to `SHAFAF_VERSION_STRING` when the header
/// and the library come from the same build. The string is static: do not free it.
#[unsafe(no_mangle)]
pub extern "C" fn shafaf_version() -> *const c_char {
    call_infallible(ptr::null(), || VERSION.as_ptr())
}

/// A `shafaf_status` received from C, taken as an integer so that any value is safe.
pub type ShafafStatusArg = u32;

/// The names of the statuses, as static C strings, from the core error table.
static STATUS_NAMES: LazyLock<Vec<(u32, CString)>> = LazyLock::new(|| {
    let mut names = vec![(ShafafStatus::Ok as u32, c"ok".to_owned())];
    names.extend(shafaf::ErrorCode::ALL.iter().map(|code| (code.code(), c_string_lossy(code.name()))));
    names
});

/// The snake_case name of a status: "ok" for `SHAFAF_STATUS_OK`, "unknown_territory" for
/// `SHAFAF_STATUS_UNKNOWN_TERRITORY` (the `name` of the error JSON), "unknown" for a value that
/// is not a status. The string is static: do not free it.
#[unsafe(no_mangle)]
pub extern "C" fn shafaf_status_name(status: ShafafStatusArg) -> *const c_char {
    call_infallible(c"internal".as_ptr(), || {
        STATUS_NAMES.iter().find(|(code, _)| *code == status).map_or(c"unknown".as_ptr(), |(_, name)| name.as_ptr())
    })
}

#[cfg(test)]
mod tests;
