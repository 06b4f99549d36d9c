//! Writing safely: the escapes and checks every page, table and file shafaf writes goes
//! through, so that text from an input (a plan downloaded from a platform, a budget label, a
//! Decidim export) is shown as text and never acts.
//!
//! | where | the risk | the rule |
//! |---|---|---|
//! | HTML and SVG ([`escape_html`]) | markup in a title (`<script>`) | `& < > " '` escaped |
//! | links ([`link_url`]) | `javascript:` or `data:` URLs made live links | only `http://`, `https://` and `mailto:` become links; anything else is shown as text |
//! | Markdown ([`escape_markdown`], [`escape_markdown_block`], [`markdown_link_target`]) | markup, HTML and links in a label | Markdown's special characters backslash-escaped; link targets percent-encoded where they could break out |
//! | CSV cells ([`csv_text`], read back by [`csv_text_read`]) | a formula run by the spreadsheet that opens the file (`=HYPERLINK(…)`, `@SUM(…)`) | a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is written after a `'` (OWASP's advice); numbers in number columns are written as they are |
//! | file names ([`file_stem`], [`file_names`]) | an id such as `../../x` or `/abs/x` written outside the folder asked for | only `A–Z a–z 0–9 . _ -` kept, others become `_`; empty or dot-only names refused |
//! | notebook views ([`document_html`]) | markup in any field of a result | every field's text escaped |
//! | paths in documents ([`relative_path`]) | a petition file naming `/etc/x` or `../../x` as its signatory list | only paths inside the document's own folder |

pub mod document_html;

use crate::error::{Error, Location, Result};
use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

/// `text` escaped for HTML and SVG, in element content and in quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// The URL to make a link of, or `None` to show it as text: only absolute `http://` and
/// `https://` URLs and `mailto:` addresses (the scheme in any case, surrounding spaces and
/// control characters trimmed, as browsers do). `javascript:`, `data:`, `vbscript:`, relative
/// paths, `https:` without its `//` (which browsers read in several ways) and anything
/// unreadable are not links.
pub fn link_url(url: &str) -> Option<&str> {
    let url = url.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    let (scheme, rest) = url.split_once(':')?;
    let web = ["http", "https"].iter().any(|s| s.eq_ignore_ascii_case(scheme)) && rest.starts_with("//");
    let allowed = web || scheme.eq_ignore_ascii_case("mailto");
    // Browsers drop tabs and line breaks inside URLs: none may hide in an accepted one either.
    (allowed && !rest.is_empty() && !url.chars().any(char::is_control)).then_some(url)
}

/// An HTML link to `url` reading `text` (the URL itself when `text` is empty), or, for a URL
/// [`link_url`] refuses, the text and the URL as plain escaped text.
pub fn html_link(url: &str, text: &str) -> String {
    let shown = if text.is_empty() { url } else { text };
    match link_url(url) {
        Some(url) => format!(r#"<a href="{}">{}</a>"#, escape_html(url), escape_html(shown)),
        None if text.is_empty() => escape_html(url),
        None => format!("{} ({})", escape_html(text), escape_html(url)),
    }
}

/// `text` as Markdown text on one line: line breaks become spaces, and the characters that
/// would make markup, an HTML tag, a link or a table cell boundary are backslash-escaped.
pub fn escape_markdown(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    escape_markdown_line(&flat)
}

/// `text` as Markdown paragraphs: its line breaks kept, each line escaped as
/// [`escape_markdown`] does, and a line that would start a list, quote, heading or rule made
/// plain text.
pub fn escape_markdown_block(text: &str) -> String {
    text.lines()
        .map(|line| {
            let escaped = escape_markdown_line(line.trim_end());
            match escaped.trim_start().chars().next() {
                Some('-' | '+' | '=' | '~') => format!("\\{}", escaped.trim_start()),
                _ => escaped,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `&` and `!` need no escape: an entity renders as text, and an image needs a `[`.
fn escape_markdown_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link's target in Markdown's `[text](<target>)` form: the characters that would end it or
/// break the line (`<`, `>`, spaces, line breaks) percent-encoded.
pub fn markdown_link_target(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            c if c.is_control() => out.push_str(&format!("%{:02X}", u32::from(c) & 0xff)),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown link to `url` reading `text` (already escaped Markdown); for a URL [`link_url`]
/// refuses, the text and the URL as escaped text.
pub fn markdown_link(url: &str, text: &str) -> String {
    match link_url(url) {
        Some(url) => format!("[{text}](<{}>)", markdown_link_target(url)),
        None if text.is_empty() => escape_markdown(url),
        None => format!("{text} ({})", escape_markdown(url)),
    }
}

/// The characters that make a spreadsheet read a cell as a formula when they start it.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell of a CSV file shafaf writes: one that starts with `=`, `+`, `-`, `@`, a tab or
/// a carriage return is written after a `'`, so that a spreadsheet shows it rather than running
/// it as a formula (OWASP, "CSV injection"). Only text columns go through it: an amount such as
/// `-12.50` in a number column is written as it is, and stays a number.
pub fn csv_text(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some(first) if FORMULA_STARTS.contains(&first) => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// A text cell read back from a CSV file that shafaf (or a spreadsheet following the same
/// advice) wrote: the `'` [`csv_text`] puts before a formula character is taken off again.
pub fn csv_text_read(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// A file name stem made from an id (a plan's, say): ASCII letters, digits, `.`, `_` and `-`
/// are kept and every other character becomes `_`, so the name has no folder in it (`../../x`
/// gives `.._.._x`, `/abs/x` gives `_abs_x`). An id that leaves nothing but dots (or nothing)
/// is refused: `.` and `..` name folders.
pub fn file_stem(id: &str) -> Result<String> {
    let stem: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' }).collect();
    if stem.chars().all(|c| c == '.') {
        return Err(Error::invalid_value(
            Location::in_source("id"),
            "an id with a letter or a digit, to name a file",
            id,
        ));
    }
    Ok(stem)
}

/// The file names (`<stem><extension>`) for writing one file per id into one folder: each a
/// [`file_stem`], refused when two ids would give the same name (one file would overwrite the
/// other).
pub fn file_names(ids: &[&str], extension: &str) -> Result<Vec<String>> {
    let mut names: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        let name = format!("{}{extension}", file_stem(id)?);
        if let Some(first) = names.iter().position(|n| *n == name) {
            // Rows are 1-based positions in the list of ids.
            return Err(Error::DuplicateEntry {
                location: Location::in_source("id"),
                key: name,
                first_row: first as u64 + 1,
            });
        }
        names.push(name);
    }
    Ok(names)
}

/// `path`, named by a document in `folder`, as a path inside `folder`: refused when it is
/// absolute (`/etc/x`, `C:\x`) or climbs out with `..`, so that a document can only point to
/// files beside it or below it. `field` and `source` name the place in errors.
pub fn relative_path(folder: &Path, path: &str, source: &str, field: &str) -> Result<PathBuf> {
    let refused = |why: &str| {
        Error::invalid_value(
            Location::in_source(source).field(field),
            format!("a path relative to the document's folder, inside it ({why})"),
            path,
        )
    };
    let relative = Path::new(path);
    if path.trim().is_empty() {
        return Err(refused("it is empty"));
    }
    for component in relative.components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => return Err(refused("`..` leaves the folder")),
            Component::RootDir | Component::Prefix(_) => return Err(refused("an absolute path")),
        }
    }
    // A Windows drive or share written in a document read on Unix is not a relative path either.
    if path.starts_with(['/', '\\']) || path.as_bytes().get(1) == Some(&b':') {
        return Err(refused("an absolute path"));
    }
    Ok(folder.join(relative))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_urls_are_links() {
        for url in ["https://ogp.ma/plan", "http://x.ma", "HTTPS://X.MA", "mailto:contact@bmk.ma", " https://x.ma "] {
            assert!(link_url(url).is_some(), "{url}");
        }
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "https://x.ma/\nscript",
            "data:text/html,<script>",
            "vbscript:x",
            "/relative/path.pdf",
            "report.pdf",
            "https:",
            "https:~/example.org/order",
            "http:x.ma",
            "",
        ] {
            assert!(link_url(url).is_none(), "{url:?}");
        }
        assert_eq!(html_link("javascript:alert(1)", "Plan"), "Plan (javascript:alert(1))");
        assert_eq!(
            html_link("https://x.ma/?a=1&b=\"2\"", ""),
            r#"<a href="https://x.ma/?a=1&amp;b=&quot;2&quot;">https://x.ma/?a=1&amp;b=&quot;2&quot;</a>"#
        );
        assert_eq!(markdown_link("javascript:alert(1)", "Plan"), "Plan (javascript:alert(1))");
        assert_eq!(markdown_link("https://x.ma/a b>c", "Plan"), "[Plan](<https://x.ma/a%20b%3Ec>)");
    }

    #[test]
    fn markdown_text_cannot_make_markup() {
        assert_eq!(escape_markdown("<img src=x onerror=alert(1)>"), "\\<img src=x onerror=alert(1)\\>");
        assert_eq!(escape_markdown("[click](javascript:x) | *b*\n# h"), "\\[click\\](javascript:x) \\| \\*b\\* \\# h");
        assert_eq!(escape_markdown_block("para\n- item\n# title"), "para\n\\- item\n\\# title");
    }

    #[test]
    fn formula_cells_are_neutralised_and_read_back() {
        for (text, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-12.50", "'-12.50"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Routes", "Routes"),
            ("", ""),
            ("'quoted", "'quoted"),
        ] {
            assert_eq!(csv_text(text), written);
            assert_eq!(csv_text_read(&csv_text(text)), text);
        }
    }

    #[test]
    fn file_names_stay_in_their_folder() {
        assert_eq!(file_stem("AP_MAR01").unwrap(), "AP_MAR01");
        assert_eq!(file_stem("../../x").unwrap(), ".._.._x");
        assert_eq!(file_stem("/abs/x").unwrap(), "_abs_x");
        assert_eq!(file_stem("C:\\x").unwrap(), "C__x");
        assert_eq!(file_stem("خطة").unwrap(), "___");
        for id in ["", ".", "..", "..."] {
            assert_eq!(file_stem(id).unwrap_err().code(), crate::ErrorCode::InvalidValue, "{id:?}");
        }
        assert_eq!(file_names(&["a", "b"], ".json").unwrap(), ["a.json", "b.json"]);
        let clash = file_names(&["a/b", "a_b"], ".json").unwrap_err();
        assert_eq!(clash.code(), crate::ErrorCode::DuplicateEntry);
    }

    #[test]
    fn document_paths_stay_in_the_documents_folder() {
        let folder = Path::new("/data/petitions");
        assert_eq!(relative_path(folder, "list.csv", "p.json", "f").unwrap(), folder.join("list.csv"));
        assert_eq!(relative_path(folder, "lists/./a.csv", "p.json", "f").unwrap(), folder.join("lists/./a.csv"));
        for path in
            ["/etc/passwd", "../x.csv", "lists/../../x.csv", "\\\\server\\share\\x.csv", "C:\\x.csv", "c:x.csv", " "]
        {
            let error = relative_path(folder, path, "p.json", "signatories_csv").unwrap_err();
            assert_eq!(error.code(), crate::ErrorCode::InvalidValue, "{path}");
            assert_eq!(error.details()["location"]["field"], "signatories_csv");
        }
    }
}
