//! What every target checks: a typed error is fine, a panic is not (libFuzzer's panic hook
//! aborts on any panic, even one a `catch_unwind` would stop); no personal value in an error;
//! no live script in a page.

use std::path::PathBuf;
use std::sync::OnceLock;

/// Inputs longer than this are not tried (scripts/fuzz.sh also passes `-max_len`): the
/// targets look for wrong answers and super-linear paths, not for the cost of big files.
pub const MAX_INPUT: usize = 64 * 1024;

/// The lines of a CSV text without quotes, as the readers split it: after a byte order mark,
/// ended by LF, CRLF or a lone CR (`shafaf`'s CSV input reads CR-only files). `None` when the
/// text holds a quote: a quoted cell may hold line breaks, so rows are not lines.
pub fn csv_lines(text: &[u8]) -> Option<Vec<&[u8]>> {
    if text.contains(&b'"') {
        return None;
    }
    let text = text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(text);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut position = 0;
    while position < text.len() {
        match text[position] {
            b'\n' => {
                lines.push(&text[start..position]);
                start = position + 1;
            }
            b'\r' => {
                lines.push(&text[start..position]);
                if text.get(position + 1) == Some(&b'\n') {
                    position += 1;
                }
                start = position + 1;
            }
            _ => {}
        }
        position += 1;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    Some(lines)
}

/// A folder of this process for the files a target writes (FDP packages, spreadsheets).
pub fn scratch() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base =
            if std::path::Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
        let dir = base.join(format!("shafaf-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch folder");
        dir
    })
    .clone()
}

/// Tokens that look like a CIN (national identity card number: one or two letters then
/// digits, e.g. `AB123456`), at least five characters long, found in `text`.
pub fn cin_like_tokens(text: &str) -> Vec<String> {
    let mut tokens: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| {
            let letters = t.bytes().take_while(u8::is_ascii_alphabetic).count();
            t.len() >= 5 && (1..=2).contains(&letters) && t[letters..].bytes().all(|b| b.is_ascii_digit())
        })
        .map(str::to_string)
        .collect();
    tokens.sort();
    tokens.dedup();
    tokens
}

/// Panics when an error's text or details quote one of `personal` (issue 11: "no personal
/// value in any message").
pub fn assert_no_personal_value(error: &shafaf::Error, personal: &[String]) {
    let text = error.to_string();
    let details = error.details().to_string();
    for value in personal {
        assert!(
            !contains_token(&text, value) && !contains_token(&details, value),
            "the error {:?} quotes the personal value {value:?}: {text}",
            error.code()
        );
    }
}

/// Whether `value` appears in `text` as a whole token (not inside a longer one).
pub fn contains_token(text: &str, value: &str) -> bool {
    text.match_indices(value).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + value.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric()) && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// Checks a page meant for publication: no script or embedding element, no event handler
/// attribute, no link but `http(s)`, `mailto` or a fragment. Text from the input reaches a page
/// only escaped, so a tag or an attribute made of the markers the dictionaries feed in
/// (`<script`, `onerror=`, `javascript:`) is a defect; the same words as escaped text are not.
pub fn assert_safe_html(html: &str, what: &str) {
    const ELEMENTS: [&str; 9] = ["script", "iframe", "object", "embed", "img", "base", "form", "frame", "link"];
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let tag = &rest[open + 1..];
        if tag.starts_with("!--") {
            rest = tag.find("-->").map_or("", |end| &tag[end + 3..]);
            continue;
        }
        let name_end = tag.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        assert!(!ELEMENTS.contains(&name.as_str()), "{what}: the page holds a <{name}> element");
        let end = attributes(&tag[name_end..], |attribute, value| {
            let attribute = attribute.to_ascii_lowercase();
            assert!(!attribute.starts_with("on"), "{what}: the page holds an event handler {attribute}=");
            if matches!(attribute.as_str(), "href" | "src" | "xlink:href" | "action" | "formaction") {
                let target = value.trim_start().to_ascii_lowercase();
                let allowed = ["http://", "https://", "mailto:", "#"].iter().any(|scheme| target.starts_with(scheme));
                assert!(allowed, "{what}: a link to {:?}", value.chars().take(60).collect::<String>());
            }
        });
        rest = &tag[name_end + end..];
    }
}

/// Calls `visit` with each attribute of a tag (the text after its name); returns where the
/// tag ends.
fn attributes(tag: &str, mut visit: impl FnMut(&str, &str)) -> usize {
    let bytes = tag.as_bytes();
    let mut at = 0;
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() || bytes[at] == b'>' {
            return (at + 1).min(bytes.len());
        }
        let name_start = at;
        while at < bytes.len() && !bytes[at].is_ascii_whitespace() && !matches!(bytes[at], b'=' | b'>' | b'/') {
            at += 1;
        }
        let name = &tag[name_start..at];
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut value = "";
        if at < bytes.len() && bytes[at] == b'=' {
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            if at < bytes.len() && matches!(bytes[at], b'"' | b'\'') {
                let quote = bytes[at];
                let start = at + 1;
                at = start;
                while at < bytes.len() && bytes[at] != quote {
                    at += 1;
                }
                value = &tag[start..at];
                at = (at + 1).min(bytes.len());
            } else {
                let start = at;
                while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>' {
                    at += 1;
                }
                value = &tag[start..at];
            }
        }
        if !name.is_empty() {
            visit(name, value);
        } else {
            at += 1;
        }
    }
}

/// Checks Markdown meant for publication: no raw HTML tag opened by the input.
pub fn assert_safe_markdown(markdown: &str, what: &str) {
    let lower = markdown.to_ascii_lowercase();
    for marker in ["<script", "<iframe", "<img", "<a ", "](javascript:", "](vbscript:", "](data:"] {
        assert!(!lower.contains(marker), "{what}: the Markdown holds {marker:?}");
    }
}

/// Splits `data` into `n` parts at the byte `separator` (the last part keeps the rest).
pub fn split_parts(data: &[u8], separator: u8, n: usize) -> Vec<&[u8]> {
    let mut parts: Vec<&[u8]> = data.splitn(n, |b| *b == separator).collect();
    while parts.len() < n {
        parts.push(&[]);
    }
    parts
}

/// Checks a CSV meant to be opened in a spreadsheet, split by the `delimiter` it is written
/// with: no cell a spreadsheet would run as a formula (`=`, `+`, `@`, or `-` not starting a
/// number). (A `;` file split at its commas is out of reach: docs/security.md.)
pub fn assert_no_csv_formula(csv: &str, delimiter: u8, what: &str) {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(csv.as_bytes());
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{what}: the CSV does not read back: {e}"));
        for cell in record.iter() {
            let formula = match cell.as_bytes() {
                [b'=' | b'+' | b'@', ..] => true,
                [b'-', rest @ ..] => !rest.first().is_some_and(u8::is_ascii_digit),
                _ => false,
            };
            assert!(!formula, "{what}: a cell a spreadsheet would run as a formula: {cell:?}");
        }
    }
}
