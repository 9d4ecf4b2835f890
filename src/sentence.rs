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

/// `0x01` in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Bit 7 of every byte of `x` that is a [`STOP`] byte (and of `0x0b` and `0x0c`, which the
/// scans pass over like any other byte), every other bit clear: eight bytes tested at once.
///
/// For ASCII bytes `y`, `y + 0x7f` sets bit 7 exactly when `y` is not zero, and
/// `y + (0x80 - c)` exactly when `y >= c`; no sum carries into the next byte.
#[inline]
fn stop_bytes(x: u64) -> u64 {
    let low = x & !HIGHS;
    let is = |c: u8| !((low ^ (ONES * u64::from(c))) + ONES * 0x7f);
    let at_least = |c: u8| low + ONES * u64::from(0x80 - c);
    let breaks = at_least(b'\n') & !at_least(b'\r' + 1);
    let ascii = (is(b'.') | is(b'!') | is(b'?') | breaks) & !x;
    // Lead bytes of multi-byte chars: the top two bits set.
    let leads = x & (x << 1);
    (ascii | leads) & HIGHS
}

/// Where the sentence holding text from `before` on starts, if it starts just after the stop
/// byte at `i`: after a line break, after a terminator whose sentence ends by `before`, after a
/// bullet.
#[inline]
fn start_after(text: &str, i: usize, before: usize) -> Option<usize> {
    match text.as_bytes()[i] {
        b'\n' | b'\r' => Some(i + 1),
        b'.' | b'!' | b'?' => end_after_terminator(text, i).filter(|&end| end <= before),
        0xC0..=0xff => {
            let c = text[i..].chars().next().unwrap_or(' ');
            is_bullet(c).then(|| i + c.len_utf8())
        }
        _ => None,
    }
}

/// Where the sentence ends if it ends at the stop byte at `i`: at a line break, after a
/// terminator that ends it (and its closers), before a bullet.
#[inline]
fn end_at(text: &str, i: usize) -> Option<usize> {
    match text.as_bytes()[i] {
        b'\n' | b'\r' => Some(i),
        b'.' | b'!' | b'?' => end_after_terminator(text, i),
        0xC0..=0xff => {
            let c = text[i..].chars().next().unwrap_or(' ');
            is_bullet(c).then_some(i)
        }
        _ => None,
    }
}

/// The eight bytes of `chunk` as a little-endian word.
#[inline]
fn word_of(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]))
}

/// Where the sentence holding `before` starts, looking back from `before` to `lo` at most:
/// sixteen bytes at a time, as two words of eight (see [`stop_bytes`]), the stop bytes among
/// them nearest first; the last few bytes one by one.
fn start_before(text: &str, lo: usize, before: usize) -> usize {
    let mut pairs = text.as_bytes()[lo..before].rchunks_exact(16);
    for (n, pair) in pairs.by_ref().enumerate() {
        let (low, high) = pair.split_at(8);
        let (low, high) = (stop_bytes(word_of(low)), stop_bytes(word_of(high)));
        if low | high == 0 {
            continue;
        }
        for (half, mut stops) in [(8, high), (0, low)] {
            let at = before - 16 * (n + 1) + half;
            while stops != 0 {
                let k = 7 - stops.leading_zeros() as usize / 8;
                if let Some(s) = start_after(text, at + k, before) {
                    return s;
                }
                stops &= !(0x80 << (8 * k));
            }
        }
    }
    let rest = pairs.remainder();
    (0..rest.len())
        .rev()
        .filter(|&k| STOP[usize::from(rest[k])])
        .find_map(|k| start_after(text, lo + k, before))
        .unwrap_or(lo)
}

/// Where the sentence running on from `after` ends, looking on to `hi` at most, as
/// [`start_before`] looks back.
fn end_from(text: &str, after: usize, hi: usize) -> usize {
    let mut pairs = text.as_bytes()[after..hi].chunks_exact(16);
    for (n, pair) in pairs.by_ref().enumerate() {
        let (low, high) = pair.split_at(8);
        let (low, high) = (stop_bytes(word_of(low)), stop_bytes(word_of(high)));
        if low | high == 0 {
            continue;
        }
        for (half, mut stops) in [(0, low), (8, high)] {
            let at = after + 16 * n + half;
            while stops != 0 {
                let k = stops.trailing_zeros() as usize / 8;
                if let Some(e) = end_at(text, at + k) {
                    return e;
                }
                stops &= stops - 1;
            }
        }
    }
    let rest = pairs.remainder();
    let at = hi - rest.len();
    (0..rest.len())
        .filter(|&k| STOP[usize::from(rest[k])])
        .find_map(|k| end_at(text, at + k))
        .unwrap_or(hi)
}

/// The span of the sentence that holds `span`, trimmed of surrounding white space.
pub(crate) fn around(text: &str, span: Span) -> Span {
    let bytes = text.as_bytes();
    let lo = floor_boundary(text, span.start.saturating_sub(WINDOW));
    let hi = ceil_boundary(text, span.end.saturating_add(WINDOW));
    let mut start = start_before(text, lo, span.start);
    let mut end = end_from(text, span.end, hi);
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

    /// The sentence finder as it stood before the scans tested eight bytes at a time: byte by
    /// byte both ways.
    fn around_byte_by_byte(text: &str, span: Span) -> Span {
        let bytes = text.as_bytes();
        let lo = floor_boundary(text, span.start.saturating_sub(WINDOW));
        let hi = ceil_boundary(text, span.end.saturating_add(WINDOW));
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

    #[test]
    fn stop_bytes_found_eight_at_a_time_as_one_by_one() {
        for b in 0..=255u8 {
            for at in 0..8 {
                for fill in [0u8, b'.', b' ', 0xff, 0xc3, b'a', 0x80] {
                    let mut a = [fill; 8];
                    a[at] = b;
                    let m = stop_bytes(u64::from_le_bytes(a));
                    assert_eq!(m & !HIGHS, 0);
                    for (i, &c) in a.iter().enumerate() {
                        let flagged = m >> (8 * i) & 0x80 != 0;
                        assert_eq!(flagged, STOP[usize::from(c)] || c == 0x0b || c == 0x0c);
                    }
                }
            }
        }
    }

    /// The sentence finder gives the sentence the byte-by-byte finder gives, for hits at every
    /// char boundary of every fixture advert and of texts dense in terminators, bullets, line
    /// breaks and long lines.
    #[test]
    fn sentences_equal_the_byte_by_byte_finder_at_every_position() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/adverts");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .expect("fixture adverts")
            .map(|e| std::fs::read_to_string(e.expect("fixture entry").path()).expect("text"))
            .collect();
        let pieces = [
            "Lead the PMO",
            ". ",
            "e.g. the",
            "! ",
            "? ",
            "\n",
            "\r\n",
            " \u{2022} ",
            "\u{f0b7}",
            "\u{00b7}",
            "’",
            "é",
            ") ",
            "\" ",
            "2.5",
            " Next",
            "x",
            "\t",
            "\u{b}",
            "\u{c}",
            "...",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for len in [40, 300, 1200] {
            for _ in 0..6 {
                let mut t = String::new();
                while t.len() < len {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    t.push_str(pieces[(state % pieces.len() as u64) as usize]);
                }
                texts.push(t);
            }
        }
        texts.push(format!("{}.{}", "a".repeat(900), "b".repeat(900)));
        for text in &texts {
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for (k, &start) in bounds.iter().enumerate() {
                for &end in &bounds[k..(k + 3).min(bounds.len())] {
                    let span = Span::new(start, end);
                    assert_eq!(
                        around(text, span),
                        around_byte_by_byte(text, span),
                        "{span:?} in {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn long_lines_are_bounded() {
        let t = format!("{}PMO{}", "a".repeat(5000), "b".repeat(5000));
        let s = around(&t, Span::new(5000, 5003));
        assert!(s.len() <= 2 * WINDOW + 3);
        assert!(s.contains(Span::new(5000, 5003)));
    }
}
