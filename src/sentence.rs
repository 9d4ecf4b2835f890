//! Sentence spans around hits, found by scanning outwards from the hit only.
//!
//! The rules follow UAX #29's sentence breaks for the cases adverts contain: a break after `.`,
//! `!` or `?` (and any closing quotes or brackets) when white space follows and the next word does
//! not start with a lowercase letter (so "e.g. the" stays one sentence), and at every line break
//! and bullet. A sentence is looked for at most [`WINDOW`] bytes either side of the hit, so the
//! cost is bounded per hit and linear over a text however long its lines.

use crate::document::{ceil_boundary, floor_boundary};
use crate::Span;

/// How far either side of a hit a sentence boundary is looked for.
pub(crate) const WINDOW: usize = 400;

fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '\u{2022}'
            | '\u{2023}'
            | '\u{2043}'
            | '\u{2219}'
            | '\u{25aa}'
            | '\u{25ab}'
            | '\u{25cf}'
            | '\u{25e6}'
            | '\u{25a0}'
            | '\u{25a1}'
            | '\u{25ba}'
            | '\u{27a2}'
            | '\u{2713}'
            | '\u{2714}'
            | '\u{2794}'
            | '\u{f0b7}'
            | '\u{f0a7}'
            | '\u{00b7}'
    )
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '"' | '\'' | '\u{2019}' | '\u{201d}' | '\u{bb}'
    )
}

/// If a sentence ends with the terminator at byte `p`, the offset just after it (and its closers).
fn end_after_terminator(text: &str, p: usize) -> Option<usize> {
    let mut q = p + 1;
    let rest = &text[q..];
    let mut chars = rest.char_indices().peekable();
    // closers
    while let Some(&(i, c)) = chars.peek() {
        if is_closer(c) {
            chars.next();
            q = p + 1 + i + c.len_utf8();
        } else {
            break;
        }
    }
    let mut saw_space = false;
    for (_, c) in chars {
        if c == ' ' || c == '\t' || c == '\u{a0}' {
            saw_space = true;
            continue;
        }
        if c == '\n' || c == '\r' {
            return Some(q);
        }
        return (saw_space && !c.is_lowercase()).then_some(q);
    }
    Some(q)
}

/// Bytes the sentence scan must look at: line breaks, terminators, and the lead bytes of
/// non-ASCII chars (bullets). Everything else is skipped with one table lookup.
const STOP: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    let mut b = 0xC0;
    while b < 256 {
        t[b] = true;
        b += 1;
    }
    t
};

/// The span of the sentence that holds `span`, trimmed of surrounding white space.
pub(crate) fn around(text: &str, span: Span) -> Span {
    let bytes = text.as_bytes();
    let lo = floor_boundary(text, span.start.saturating_sub(WINDOW));
    let hi = ceil_boundary(text, span.end.saturating_add(WINDOW));
    // Backwards from the hit, byte by byte; only stop bytes and non-ASCII bytes are looked at
    // closely.
    let mut start = lo;
    let mut i = span.start;
    while i > lo {
        i -= 1;
        let b = bytes[i];
        if !STOP[usize::from(b)] {
            continue;
        }
        match b {
            b'\n' | b'\r' => {
                start = i + 1;
                break;
            }
            b'.' | b'!' | b'?' => {
                if let Some(end) = end_after_terminator(text, i) {
                    if end <= span.start {
                        start = end;
                        break;
                    }
                }
            }
            0xC0..=0xff => {
                let c = text[i..].chars().next().unwrap_or(' ');
                if is_bullet(c) {
                    start = i + c.len_utf8();
                    break;
                }
            }
            _ => {}
        }
    }
    // Forwards from the hit.
    let mut end = hi;
    let mut i = span.end;
    while i < hi {
        let b = bytes[i];
        if !STOP[usize::from(b)] {
            i += 1;
            continue;
        }
        match b {
            b'\n' | b'\r' => {
                end = i;
                break;
            }
            b'.' | b'!' | b'?' => {
                if let Some(e) = end_after_terminator(text, i) {
                    end = e;
                    break;
                }
            }
            0xC0..=0xff => {
                let c = text[i..].chars().next().unwrap_or(' ');
                if is_bullet(c) {
                    end = i;
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    while start < span.start && bytes[start].is_ascii_whitespace() {
        start += 1;
    }
    while end > span.end && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    Span::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence<'a>(text: &'a str, needle: &str) -> &'a str {
        let s = text.find(needle).unwrap();
        &text[around(text, Span::new(s, s + needle.len()))]
    }

    #[test]
    fn splits_like_uax29_on_advert_text() {
        let t = "About us. We run the PMO, e.g. the reports. Next one! And (this one.) Last";
        assert_eq!(sentence(t, "PMO"), "We run the PMO, e.g. the reports.");
        assert_eq!(sentence(t, "Next"), "Next one!");
        assert_eq!(sentence(t, "this"), "And (this one.)");
        assert_eq!(sentence(t, "Last"), "Last");
        let t = "- Maintain the RAID log\n- Take minutes";
        assert_eq!(sentence(t, "RAID"), "- Maintain the RAID log");
        assert_eq!(sentence(t, "minutes"), "- Take minutes");
        let t = "\u{2022} Lead the PMO \u{2022} Own governance";
        assert_eq!(sentence(t, "PMO"), "Lead the PMO");
        let t = "Version 2.5 of the tool. Then";
        assert_eq!(sentence(t, "tool"), "Version 2.5 of the tool.");
    }

    #[test]
    fn long_lines_are_bounded() {
        let t = format!("{}PMO{}", "a".repeat(5000), "b".repeat(5000));
        let s = around(&t, Span::new(5000, 5003));
        assert!(s.len() <= 2 * WINDOW + 3);
        assert!(s.contains(Span::new(5000, 5003)));
    }
}
