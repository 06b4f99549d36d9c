//! How wide a line of chart text is, without a browser: advance widths of the pages' font
//! stack, so that an SVG chart can reserve room for its longest label and wrap the others
//! rather than cut them.
//!
//! The widths are DejaVu Sans's (in thousandths of an em), the widest font of the stack
//! ('Noto Sans', 'Noto Naskh Arabic', 'DejaVu Sans', Arial) and the one a Debian machine
//! falls back to: a line that fits in DejaVu Sans fits in the others. Arabic letters count at
//! their isolated width, wider than the joined forms a page shows, so Arabic estimates err
//! on the long side too. `python/tests/test_pages.py` checks every chart in a real browser.

/// ASCII advances, from U+0020 (space) to U+007E (`~`).
const ASCII: [u16; 95] = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, // ' '../
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, // 0..?
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, // @..O
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, // P.._
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, // `..o
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, // p..~
];

/// Arabic letters U+0621..=U+064A at their isolated width.
const ARABIC: [u16; 42] = [
    470, 278, 278, 483, 278, 783, 278, 941, 524, 941, 941, 646, 646, 646, 445, 445, 483, 483, 1221, 1221, 1209, 1209,
    925, 925, 597, 597, 600, 600, 600, 600, 600, 293, 1037, 776, 824, 727, 619, 734, 524, 483, 783, 783,
];

/// The advance of one character in thousandths of an em; an unknown character counts as a
/// full em (wider than any letter of the supported scripts).
fn advance(c: char) -> u32 {
    let code = u32::from(c);
    let known = match code {
        0x20..=0x7e => ASCII.get((code - 0x20) as usize),
        0x621..=0x64a => ARABIC.get((code - 0x621) as usize),
        // Arabic vowel marks and the bidi and joiner controls take no room.
        0x64b..=0x65f | 0x200b..=0x200f | 0x2066..=0x2069 => return 0,
        0xa0 => return 318,
        0x202f => return 200,
        // Accented Latin letters: as wide as the widest capital but `W` and `M`.
        0xc0..=0x24f => return 800,
        _ => None,
    };
    known.map_or(1000, |width| u32::from(*width))
}

/// The width of `text` in pixels at `font_size` pixels, rounded up.
pub fn text_width(text: &str, font_size: u32) -> i64 {
    let thousandths: u64 = text.chars().map(|c| u64::from(advance(c))).sum();
    i64::try_from((thousandths * u64::from(font_size)).div_ceil(1000)).unwrap_or(i64::MAX)
}

/// `text` broken at spaces into lines no wider than `width` pixels at `font_size`. A single
/// word wider than `width` keeps a line of its own (never cut); the caller reserves room for
/// it from [`text_width`].
pub fn wrap(text: &str, width: i64, font_size: u32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if line.is_empty() || text_width(&candidate, font_size) <= width {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_of_latin_and_arabic_text() {
        // Measured in Chromium with DejaVu Sans at 1000 px: 18 255 and 13 943.
        assert!(text_width("Soutien aux provinces et communes", 1000) >= 18_255);
        assert!(text_width("دعم العمالات والأقاليم والجماعات", 1000) >= 13_943);
        assert_eq!(text_width("", 13), 0);
        assert_eq!(text_width("0", 1000), 636);
    }

    #[test]
    fn long_labels_wrap_at_spaces_and_are_never_cut() {
        let lines = wrap("Soutien aux provinces et communes", 150, 13);
        assert_eq!(lines.join(" "), "Soutien aux provinces et communes");
        assert!(lines.len() == 2 && lines.iter().all(|l| text_width(l, 13) <= 150), "{lines:?}");
        assert_eq!(wrap("Anticonstitutionnellement", 20, 13), ["Anticonstitutionnellement"]);
        assert_eq!(wrap("", 100, 13), [""]);
    }
}
