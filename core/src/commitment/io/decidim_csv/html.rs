//! Decidim's rich text (HTML from its editor) as readable plain text, and back.
//!
//! Plain text is paragraphs separated by a blank line. A paragraph whose lines all start with
//! `- ` is a bulleted list, one whose lines are `1. `, `2. ` … in order a numbered list; other
//! line breaks are `<br>`. [`html_to_text`] reads any HTML the same way, so that a list or a
//! heading stays readable (`<ul><li>data</li><li>reports</li></ul>` is `- data\n- reports`,
//! not `datareports`), and [`text_to_html`] writes exactly what it reads back.

/// Plain text as Decidim HTML: `<p>` paragraphs with `<br>` line breaks, `<ul>`/`<ol>` lists,
/// with `&`, `<`, `>` and `"` escaped.
pub fn text_to_html(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let escape = |p: &str| p.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let mut html = String::new();
    for paragraph in text.split("\n\n") {
        let lines: Vec<&str> = paragraph.split('\n').collect();
        let bullets: Option<Vec<&str>> = lines.iter().map(|l| l.strip_prefix("- ")).collect();
        let numbers: Option<Vec<&str>> =
            lines.iter().enumerate().map(|(i, l)| l.strip_prefix(&format!("{}. ", i + 1))).collect();
        let (tag, items) = match (bullets, numbers) {
            (Some(items), _) => ("ul", items),
            (None, Some(items)) => ("ol", items),
            (None, None) => {
                let lines: Vec<String> = lines.iter().map(|l| escape(l)).collect();
                html.push_str(&format!("<p>{}</p>", lines.join("<br>")));
                continue;
            }
        };
        html.push_str(&format!("<{tag}>"));
        for item in items {
            html.push_str(&format!("<li>{}</li>", escape(item)));
        }
        html.push_str(&format!("</{tag}>"));
    }
    html
}

/// Decidim's HTML as plain text: each block (`p`, `div`, headings, `blockquote`, `pre`, a
/// whole list) is a paragraph, `<br>` a line break, list items `- ` or `1. ` lines (indented
/// two spaces per nesting level), other tags are dropped and their text kept; entities are
/// decoded. Text without tags is returned as it is. The inverse of [`text_to_html`].
pub fn html_to_text(html: &str) -> String {
    let mut reader = Reader::default();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        reader.text(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            // A `<` that opens no tag is text.
            reader.text(&rest[open..]);
            rest = "";
            break;
        };
        reader.tag(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    reader.text(rest);
    reader.finish()
}

/// A list being read: its kind, its items so far, and whether an item's text is being read.
struct List {
    numbered: bool,
    items: usize,
    open_item: bool,
}

#[derive(Default)]
struct Reader {
    /// Finished paragraphs.
    blocks: Vec<String>,
    /// The text being read (of a paragraph, or of a list item).
    current: String,
    /// Whether `current` was opened by a block tag (an empty `<p></p>` is still a paragraph).
    in_block: bool,
    /// Open lists, innermost last.
    lists: Vec<List>,
    /// The lines of the outermost open list.
    list_lines: Vec<String>,
}

impl Reader {
    fn text(&mut self, text: &str) {
        // Markup whitespace between list items or between blocks is layout, not text.
        let between_items = self.lists.last().is_some_and(|l| !l.open_item) && self.current.is_empty();
        let between_blocks = !self.in_block && self.lists.is_empty() && !self.blocks.is_empty();
        if text.trim().is_empty() && (between_items || between_blocks) {
            return;
        }
        self.current.push_str(&decode_entities(text));
    }

    fn tag(&mut self, tag: &str) {
        let tag = tag.trim().to_ascii_lowercase();
        let closing = tag.starts_with('/');
        let name: String = tag.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
        match (name.as_str(), closing) {
            ("br", _) => self.current.push('\n'),
            // Inside a list, a block tag is markup within an item.
            ("p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "pre", _)
                if self.lists.is_empty() =>
            {
                if closing {
                    self.blocks.push(std::mem::take(&mut self.current));
                    self.in_block = false;
                } else {
                    self.flush_loose_text();
                    self.in_block = true;
                }
            }
            ("ul" | "ol", false) => {
                if self.lists.is_empty() {
                    self.flush_loose_text();
                } else {
                    self.end_item();
                }
                self.lists.push(List { numbered: name == "ol", items: 0, open_item: false });
            }
            ("ul" | "ol", true) if !self.lists.is_empty() => {
                self.end_item();
                self.lists.pop();
                if self.lists.is_empty() {
                    let lines = std::mem::take(&mut self.list_lines);
                    self.blocks.push(lines.join("\n"));
                }
            }
            ("li", false) => {
                self.end_item();
                if let Some(list) = self.lists.last_mut() {
                    list.items += 1;
                    list.open_item = true;
                }
            }
            ("li", true) => self.end_item(),
            _ => {}
        }
    }

    /// Ends the list item being read: its text becomes a line of the list. Text after a nested
    /// list, outside any item, becomes an unmarked line so that none is lost.
    fn end_item(&mut self) {
        let depth = self.lists.len();
        let Some(list) = self.lists.last_mut() else { return };
        let indent = "  ".repeat(depth - 1);
        let text = std::mem::take(&mut self.current);
        if list.open_item {
            list.open_item = false;
            let marker = if list.numbered { format!("{}. ", list.items) } else { "- ".to_string() };
            self.list_lines.push(format!("{indent}{marker}{text}"));
        } else if !text.trim().is_empty() {
            self.list_lines.push(format!("{indent}{text}"));
        }
    }

    /// Text read outside any block (before a `<p>` or a list) is a paragraph of its own.
    fn flush_loose_text(&mut self) {
        if !self.current.trim().is_empty() {
            self.blocks.push(std::mem::take(&mut self.current));
        }
        self.current.clear();
    }

    fn finish(mut self) -> String {
        // An unclosed list or block still gives its text.
        while !self.lists.is_empty() {
            self.tag("/ul");
        }
        if self.blocks.is_empty() || !self.current.trim().is_empty() || self.in_block {
            let text = std::mem::take(&mut self.current);
            self.blocks.push(if self.in_block { text } else { text.trim_end_matches('\n').to_string() });
        }
        self.blocks.join("\n\n")
    }
}

/// Decodes the entities Decidim's editor writes: the five XML ones, `&nbsp;`, and numeric
/// references (`&#39;`, `&#x2019;`). Any other `&` is text.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_through_html() {
        let texts = [
            "a",
            "a\n\nb",
            "x < y & \"z\"",
            "a\n\n\n\nb",
            " spaced ",
            "one\ntwo",
            "- data\n- reports",
            "1. first\n2. second",
            "2. not a list\n3. from two",
            "Intro\n\n- a\n- \n\nEnd &amp; more",
            "- a\n  - nested by hand",
        ];
        for text in texts {
            assert_eq!(html_to_text(&text_to_html(text)), text, "{text:?} as {:?}", text_to_html(text));
        }
        assert_eq!(text_to_html("- data\n- reports"), "<ul><li>data</li><li>reports</li></ul>");
    }

    #[test]
    fn decidim_rich_text_keeps_lists_paragraphs_and_entities() {
        assert_eq!(html_to_text("<ul><li>data</li><li>reports</li></ul>"), "- data\n- reports");
        assert_eq!(html_to_text("<p>test2&nbsp;test2</p>"), "test2\u{a0}test2");
        assert_eq!(html_to_text("<p>one<br>two</p><ul><li>x</li></ul>"), "one\ntwo\n\n- x");
        assert_eq!(
            html_to_text(
                "<h2>Plan</h2>\n<ol>\n  <li>Open <strong>data</strong></li>\n  <li>Report<ul><li>yearly</li></ul></li>\n</ol>\n<p>It&#39;s &#x2019;ok&#8217; &copy;</p>"
            ),
            "Plan\n\n1. Open data\n2. Report\n  - yearly\n\nIt's \u{2019}ok\u{2019} &copy;"
        );
        assert_eq!(html_to_text("plain"), "plain");
        assert_eq!(html_to_text("loose <b>bold</b><p>para</p>"), "loose bold\n\npara");
        assert_eq!(html_to_text("a < b"), "a < b");
        assert_eq!(html_to_text("<ul><li>unclosed"), "- unclosed");
    }
}
