//! Text normalisation with an offset map back to the original, and the small character tests
//! the matcher and the evidence builder share.

use crate::Span;

/// A lowercased, white-space-folded copy of a text, with a sparse map back to the original.
///
/// - ASCII letters are lowercased; every run of white space (including CR, LF, tabs, no-break and
///   other Unicode spaces) becomes one `' '`, or one `'\n'` when it holds a paragraph break (two
///   or more line breaks, or U+2029), so that phrases match across line wraps but not across
///   paragraphs;
/// - hyphens and dashes (`‐ ‑ ‒ – — ― −`) become `'-'`, curly apostrophes `'`, curly quotes `"`,
///   bullets `*`; zero-width spaces, soft hyphens and byte order marks are dropped;
/// - every other character is copied unchanged.
///
/// The map holds one anchor per place where the offset difference changes, so it costs memory
/// per folded run, not per byte.
#[derive(Debug, Default)]
pub(crate) struct Normalised {
    pub(crate) text: String,
    /// `(normalised offset, original offset)` at each change of the difference.
    anchors: Vec<(usize, usize)>,
    /// Runs of ASCII letters and digits, plus non-ASCII alphanumeric runs.
    pub(crate) words: usize,
    /// Original offset of the start of every line after the first (after LF, CRLF or a lone CR).
    pub(crate) line_starts: Vec<usize>,
}

enum Fold {
    Space,
    To(u8),
    Drop,
    Keep,
}

fn fold(c: char) -> Fold {
    match c {
        '\u{a0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200a}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202f}'
        | '\u{205f}'
        | '\u{3000}'
        | '\u{85}' => Fold::Space,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => {
            Fold::To(b'-')
        }
        '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' | '\u{02bc}' | '\u{ff07}' => {
            Fold::To(b'\'')
        }
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ff02}' => {
            Fold::To(b'"')
        }
        '\u{2022}' | '\u{2023}' | '\u{2043}' | '\u{2219}' | '\u{25aa}' | '\u{25ab}'
        | '\u{25cf}' | '\u{25e6}' | '\u{25a0}' | '\u{25a1}' | '\u{25ba}' | '\u{27a2}'
        | '\u{2713}' | '\u{2714}' | '\u{2794}' | '\u{f0b7}' | '\u{f0a7}' | '\u{00b7}'
        | '\u{2027}' | '\u{29bf}' => Fold::To(b'*'),
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}' => Fold::Drop,
        _ => Fold::Keep,
    }
}

/// Bytes per chunk of the normaliser's fast path.
const CHUNK: usize = 16;

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Moves the high bit of each byte of `m` (a per-byte flag) to bit `j` for byte `j`.
fn gather(m: u64) -> u32 {
    (((m >> 7) & LO).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// The high bit set in every byte of `x` that is zero.
fn zero_bytes(x: u64) -> u64 {
    !(((x & !HI).wrapping_add(!HI)) | x | !HI)
}

/// For eight bytes (little-endian in `w`): flags of bytes that are not printable ASCII (control,
/// DEL, non-ASCII), of spaces, and of ASCII letters and digits — with word-wide arithmetic, no
/// per-byte branches. No subtraction borrows across bytes: every minuend byte has its high bit set.
fn classify_word(w: u64) -> (u32, u32, u32) {
    let set = w | HI;
    let non_ascii = w & HI;
    let printable_low = set.wrapping_sub(LO * 0x20) & HI; // low seven bits >= 0x20
    let del = zero_bytes(w ^ (LO * 0x7f));
    let bad = non_ascii | (!printable_low & HI) | del;
    let spaces = zero_bytes(w ^ (LO * 0x20));
    let digit = set.wrapping_sub(LO * 0x30) & !set.wrapping_sub(LO * 0x3a) & HI;
    let folded = w | (LO * 0x20) | HI;
    let letter = folded.wrapping_sub(LO * 0x61) & !folded.wrapping_sub(LO * 0x7b) & HI;
    let alnum = (digit | letter) & !non_ascii;
    (gather(bad), gather(spaces), gather(alnum))
}

/// For a chunk: bit masks of its bytes that are not printable ASCII (control, DEL, non-ASCII),
/// of its spaces, and of its ASCII letters and digits.
fn classify(c: &[u8; CHUNK]) -> (u32, u32, u32) {
    let mut masks = (0u32, 0u32, 0u32);
    for (k, word) in c.chunks_exact(8).enumerate() {
        let mut b = [0u8; 8];
        b.copy_from_slice(word);
        let (bad, spaces, alnum) = classify_word(u64::from_le_bytes(b));
        masks.0 |= bad << (8 * k);
        masks.1 |= spaces << (8 * k);
        masks.2 |= alnum << (8 * k);
    }
    masks
}

/// Folds a phrase the way [`Normalised`] folds text (without keeping a map).
pub(crate) fn fold_phrase(phrase: &str) -> String {
    let n = Normalised::new(phrase.trim());
    n.text.trim().to_string()
}

impl Normalised {
    /// Builds the folded copy in one pass over `orig`.
    pub(crate) fn new(orig: &str) -> Normalised {
        let bytes = orig.as_bytes();
        let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
        let mut anchors: Vec<(usize, usize)> = Vec::new();
        let mut delta = usize::MAX;
        let mut prev_space = false;
        // Where the space that stands for the current white-space run was written, and how many
        // line breaks the run holds: at two it becomes a paragraph break, written `\n`.
        let mut space_at = 0usize;
        let mut run_breaks = 0u32;
        let mut in_word = false;
        let mut words = 0;
        let mut line_starts = Vec::new();
        let mut i = 0;
        // Appends one byte produced from the character at original offset `at`.
        macro_rules! emit {
            ($b:expr, $at:expr) => {{
                let at: usize = $at;
                let d = at - out.len();
                if d != delta {
                    delta = d;
                    anchors.push((out.len(), at));
                }
                out.push($b);
            }};
        }
        // Bytes are handled in chunks: the clean prefix of each chunk (printable ASCII, no doubled
        // space) is classified with bit masks, and a run of them is copied and lowercased in bulk
        // with one anchor check; only the byte that stops a run (a line break, a second space, a
        // control byte, non-ASCII) goes the slow way.
        let mut chunk_end = 0;
        while i < bytes.len() {
            if i >= chunk_end {
                // Skip over clean chunks, then copy them in one go.
                let run_start = i;
                while let Some(c) = bytes
                    .get(i..i + CHUNK)
                    .and_then(|c| <&[u8; CHUNK]>::try_from(c).ok())
                {
                    let (bad, spaces, alnum) = classify(c);
                    let stop = bad | (spaces & ((spaces << 1) | u32::from(prev_space)));
                    // Take the clean prefix of the chunk: all of it when nothing stops us.
                    let take = (stop.trailing_zeros() as usize).min(CHUNK);
                    if take > 0 {
                        let keep = if take == CHUNK {
                            u32::MAX
                        } else {
                            (1u32 << take) - 1
                        };
                        let (alnum, spaces) = (alnum & keep, spaces & keep);
                        // Word starts: alphanumeric bytes whose predecessor is not.
                        let starts = alnum & !((alnum << 1) | u32::from(in_word));
                        words += starts.count_ones() as usize;
                        in_word = alnum >> (take - 1) & 1 == 1;
                        prev_space = spaces >> (take - 1) & 1 == 1;
                        i += take;
                    }
                    if take < CHUNK {
                        break;
                    }
                }
                if prev_space && i > run_start {
                    // The run copied below ends with a space: a white-space run starts there.
                    space_at = out.len() + (i - run_start) - 1;
                    run_breaks = 0;
                }
                if i > run_start {
                    let d = run_start - out.len();
                    if d != delta {
                        delta = d;
                        anchors.push((out.len(), run_start));
                    }
                    let from = out.len();
                    out.extend_from_slice(&bytes[run_start..i]);
                    out[from..].make_ascii_lowercase();
                }
                if i >= bytes.len() {
                    break;
                }
                // The byte that stopped the run (or the short tail) goes the slow way.
                chunk_end = i + 1;
            }
            let b = bytes[i];
            if b < 0x80 {
                // Plain ASCII (no control or white space): lowercase and copy. The anchor check
                // is a compare of two integers; the word count a table lookup.
                if b > b' ' && b != 0x7f {
                    let d = i - out.len();
                    if d != delta {
                        delta = d;
                        anchors.push((out.len(), i));
                    }
                    out.push(b.to_ascii_lowercase());
                    let w = b.is_ascii_alphanumeric();
                    words += usize::from(w & !in_word);
                    in_word = w;
                    prev_space = false;
                    i += 1;
                    continue;
                }
                match b {
                    b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                        if !prev_space {
                            space_at = out.len();
                            run_breaks = 0;
                            emit!(b' ', i);
                            prev_space = true;
                        }
                        let is_break =
                            b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
                        if is_break {
                            line_starts.push(i + 1);
                            run_breaks += 1;
                            if run_breaks == 2 {
                                out[space_at] = b'\n';
                            }
                        }
                    }
                    _ => {
                        // Other control characters stay as they are: not word characters.
                        emit!(b, i);
                        prev_space = false;
                    }
                }
                in_word = false;
                i += 1;
                continue;
            }
            // Non-ASCII: `i` is a char boundary because we only ever step over whole chars.
            let c = orig[i..].chars().next().unwrap_or('\u{fffd}');
            let len = c.len_utf8();
            match fold(c) {
                Fold::Space => {
                    if !prev_space {
                        space_at = out.len();
                        run_breaks = 0;
                        emit!(b' ', i);
                        prev_space = true;
                    }
                    if c == '\u{2029}' {
                        run_breaks = 2;
                        out[space_at] = b'\n';
                    }
                }
                Fold::To(b) => {
                    emit!(b, i);
                    prev_space = false;
                }
                Fold::Drop => {}
                Fold::Keep => {
                    for k in 0..len {
                        emit!(bytes[i + k], i + k);
                    }
                    prev_space = false;
                    let w = is_word_char(c);
                    words += usize::from(w && !in_word);
                    in_word = w;
                    i += len;
                    continue;
                }
            }
            in_word = false;
            i += len;
        }
        // Only whole chars or ASCII replacements were written.
        let text = String::from_utf8(out).unwrap_or_default();
        Normalised {
            text,
            anchors,
            words,
            line_starts,
        }
    }

    /// The original offset of the normalised byte at `n` (`n < text.len()`).
    fn orig_at(&self, n: usize) -> usize {
        let k = self.anchors.partition_point(|a| a.0 <= n);
        let (ns, os) = self.anchors[k.saturating_sub(1)];
        os + (n - ns)
    }

    /// Maps a non-empty normalised range back to the original text's byte span.
    pub(crate) fn orig_span(&self, orig: &str, start: usize, end: usize) -> Span {
        let s = self.orig_at(start);
        let mut e = self.orig_at(end - 1) + 1;
        while e < orig.len() && !orig.is_char_boundary(e) {
            e += 1;
        }
        Span::new(s, e.min(orig.len()))
    }
}

/// True when `c` counts as part of a word for boundary checks.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || (!c.is_ascii() && is_mark(c))
}

fn is_mark(c: char) -> bool {
    // Combining marks most often met: diacritics blocks.
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// True when a word boundary lies at byte `pos` of `text` (a char boundary), looking at the char
/// before it: ASCII neighbours by the ASCII rule (letters, digits and `_` are word characters),
/// other neighbours by UAX #29 word boundaries on a small window, so that "PMO" stands as a word
/// in "PMO经理" but not in "PMOé".
pub(crate) fn boundary_before(text: &str, pos: usize) -> bool {
    match text[..pos].chars().next_back() {
        None => true,
        Some(c) if c.is_ascii() => !is_word_char(c),
        Some(_) => uax29_boundary(text, pos),
    }
}

/// Like [`boundary_before`], looking at the char that starts at `pos`.
pub(crate) fn boundary_after(text: &str, pos: usize) -> bool {
    match text[pos..].chars().next() {
        None => true,
        Some(c) if c.is_ascii() => !is_word_char(c),
        Some(_) => uax29_boundary(text, pos),
    }
}

/// Whether UAX #29 puts a word boundary at `pos`, judged on up to 32 bytes either side.
fn uax29_boundary(text: &str, pos: usize) -> bool {
    use unicode_segmentation::UnicodeSegmentation;
    let lo = floor_boundary(text, pos.saturating_sub(32));
    let hi = ceil_boundary(text, pos + 32);
    text[lo..hi]
        .split_word_bound_indices()
        .any(|(i, _)| lo + i == pos)
}

/// The largest char boundary of `text` at or below `pos`.
pub(crate) fn floor_boundary(text: &str, mut pos: usize) -> usize {
    if pos >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// The smallest char boundary of `text` at or above `pos`.
pub(crate) fn ceil_boundary(text: &str, mut pos: usize) -> usize {
    if pos >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(pos) {
        pos += 1;
    }
    pos
}

/// Computes 1-based line and char column for increasing offsets, from the line starts the
/// normaliser recorded: finding the line is a walk along those starts, the column a count of chars
/// since the previous offset on the same line (a loop the compiler vectorises). The total work is
/// linear in the text however many hits there are.
pub(crate) struct LineCursor<'a> {
    text: &'a [u8],
    /// Starts of lines after the first.
    starts: &'a [usize],
    /// Index into `starts` of the next line start not yet passed.
    next: usize,
    pos: usize,
    line: usize,
    col: usize,
}

impl<'a> LineCursor<'a> {
    /// A cursor at the start of `text`. A leading byte order mark takes no column.
    pub(crate) fn new(text: &'a str, starts: &'a [usize]) -> LineCursor<'a> {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        LineCursor {
            text: text.as_bytes(),
            starts,
            next: 0,
            pos: bom,
            line: 1,
            col: 1,
        }
    }

    /// Line and column of byte `target`, a char boundary at or after the previous call's.
    pub(crate) fn locate(&mut self, target: usize) -> (usize, usize) {
        let target = target.min(self.text.len());
        if target < self.pos {
            // Out-of-order request: start again (never happens on the hot path).
            let bom = if self.text.starts_with("\u{feff}".as_bytes()) {
                3
            } else {
                0
            };
            self.next = 0;
            self.pos = bom.min(target);
            self.line = 1;
            self.col = 1;
        }
        while self.next < self.starts.len() && self.starts[self.next] <= target {
            self.pos = self.starts[self.next];
            self.next += 1;
            self.line += 1;
            self.col = 1;
        }
        self.col += count_chars(&self.text[self.pos..target]);
        self.pos = target;
        (self.line, self.col)
    }
}

/// Chars in a UTF-8 byte slice that starts on a char boundary.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_maps_back() {
        let orig = "\u{feff}PMO\u{a0}\u{a0}Co\u{2013}ordinator’s  \r\n• Role";
        let n = Normalised::new(orig);
        assert_eq!(n.text, "pmo co-ordinator's * role");
        let at = n.text.find("co-ordinator").unwrap();
        let span = n.orig_span(orig, at, at + "co-ordinator".len());
        assert_eq!(&orig[span], "Co\u{2013}ordinator");
        let at = n.text.find("pmo co").unwrap();
        let span = n.orig_span(orig, at, at + 6);
        assert_eq!(&orig[span], "PMO\u{a0}\u{a0}Co");
        let at = n.text.find("role").unwrap();
        assert_eq!(&orig[n.orig_span(orig, at, at + 4)], "Role");
    }

    #[test]
    fn keeps_other_scripts() {
        let orig = "Ünïcode — PMO ✓ Лидер";
        let n = Normalised::new(orig);
        assert_eq!(n.text, "Ünïcode - pmo * Лидер");
        let at = n.text.find("pmo").unwrap();
        assert_eq!(&orig[n.orig_span(orig, at, at + 3)], "PMO");
        let at = n.text.find("Лидер").unwrap();
        assert_eq!(&orig[n.orig_span(orig, at, at + "Лидер".len())], "Лидер");
    }

    #[test]
    fn word_wide_classification_agrees_with_bytewise() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut chunk = [0u8; CHUNK];
        for round in 0..20_000 {
            for b in chunk.iter_mut() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Mostly ASCII, with every byte value reachable.
                *b = if round % 3 == 0 {
                    x as u8
                } else {
                    (x as u8) & 0x7f
                };
            }
            let (mut bad, mut spaces, mut alnum) = (0u32, 0u32, 0u32);
            for (k, &b) in chunk.iter().enumerate() {
                bad |= u32::from(!(b' '..0x7f).contains(&b)) << k;
                spaces |= u32::from(b == b' ') << k;
                alnum |= u32::from(b.is_ascii_alphanumeric()) << k;
            }
            assert_eq!(classify(&chunk), (bad, spaces, alnum), "{chunk:?}");
        }
    }

    #[test]
    fn line_cursor_counts_crlf_once_and_chars() {
        let t = "ab\r\ncé\rx\ny";
        let n = Normalised::new(t);
        assert_eq!(n.line_starts, vec![4, 8, 10]);
        let mut c = LineCursor::new(t, &n.line_starts);
        assert_eq!(c.locate(0), (1, 1));
        assert_eq!(c.locate(4), (2, 1));
        assert_eq!(c.locate(7), (2, 3));
        assert_eq!(c.locate(8), (3, 1));
        assert_eq!(c.locate(10), (4, 1));
    }

    #[test]
    fn boundaries() {
        assert!(boundary_before("a lead", 2));
        assert!(!boundary_before("mislead", 3));
        assert!(!boundary_after("leadership", 4));
        assert!(boundary_after("lead-in", 4));
        assert!(!boundary_after("leadé", 4));
        assert!(boundary_after("PMO经理", 3));
        assert!(boundary_before("经理PMO", 6));
        assert!(!boundary_before("éPMO", 2));
    }
}
