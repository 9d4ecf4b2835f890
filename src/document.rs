//! The document: the folded copy of a text (lowercase, one space per white-space run, compatibility
//! forms, entities and broken words folded) with an offset map back to the original and the line
//! starts, and the small character tests the matcher and the evidence builder share.

use crate::Span;

/// A lowercased, white-space-folded copy of a text, with a sparse map back to the original.
///
/// - ASCII letters are lowercased; every run of white space (including CR, LF, tabs, no-break and
///   other Unicode spaces) becomes one `' '`, or one `'\n'` when it holds a paragraph break (two
///   or more line breaks, or U+2029), so that phrases match across line wraps but not across
///   paragraphs;
/// - hyphens and dashes (`‐ ‑ ‒ – — ― −`) become `'-'`, curly apostrophes `'`, curly quotes `"`,
///   bullets `*`, and so does a `-`, `+`, hyphen, minus or dash used as a bullet (first on its
///   line, before a space, a tab or a no-break space; see `is_dash_bullet`); zero-width spaces,
///   soft hyphens and byte order marks are dropped;
/// - a word hyphenated across a line break, as PDFs deliver it, is joined again: a hyphen (`-`,
///   U+2010, U+2011 or a soft hyphen) right after a letter, then white space holding exactly one
///   line break, then a lowercase ASCII letter, are dropped ("Manage-\nment" → "management");
///   before a capital, a digit or a paragraph break the hyphen stays;
/// - HTML entities left in plain text (`&amp;`, `&nbsp;`, `&#8217;`, `&#x2019;`, `&ndash;`…) are
///   decoded and the result folded by these rules; malformed or unknown ones stay as they are;
/// - any other non-ASCII character whose NFKC form differs from itself is replaced by that form,
///   folded by these rules ("ﬃ" → "ffi", "ＰＭＯ" → "pmo"), except that a symbol whose form
///   holds letters or digits ("™" → "TM") stays, lest "PMO™" read as one word; combining marks
///   and other scripts are copied unchanged, as is every other character.
///
/// Every folded byte maps back into the char, entity or hyphen break it came from, so a span of
/// the folded copy maps to a span that slices the original on char boundaries and covers whole
/// entities; line starts are those of the original, joined breaks included. The map holds one
/// anchor per place where the offset difference changes, so it costs memory per folded run, not
/// per byte (per byte only inside expansions and entities).
#[derive(Debug, Default)]
pub(crate) struct Normalised {
    pub(crate) text: String,
    /// `(normalised offset, original offset)` at each change of the difference.
    anchors: Vec<(usize, usize)>,
    /// Runs of ASCII letters and digits, plus non-ASCII alphanumeric runs.
    pub(crate) words: usize,
    /// Original offset of the start of every line after the first (after LF, CRLF or a lone CR).
    pub(crate) line_starts: Vec<usize>,
    /// Original spans of the HTML entities that were decoded, in order.
    entities: Vec<(usize, usize)>,
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
        | '\u{2027}' | '\u{29bf}'
        // Symbol and Wingdings bullets, which PDF-to-text converters leave as private-use
        // characters.
        | '\u{f076}' | '\u{f0a8}' | '\u{f0d8}' | '\u{f0e0}' | '\u{f0fc}' | '\u{f06e}'
        | '\u{f071}' | '\u{f0a1}' => Fold::To(b'*'),
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}' => Fold::Drop,
        _ => Fold::Keep,
    }
}

/// Bytes per step of the fast path.
const CHUNK: usize = 16;

/// What the fast path needs to know of a chunk of bytes, one byte of flags per byte of the chunk:
/// each lane depends on its own byte and the one before it only, so the compiler works on the
/// whole chunk at once (with SIMD where the target has it) and no lane branches.
struct Lanes {
    /// Non-zero for each byte that stops the fast path: control bytes, DEL, non-ASCII, `&`
    /// (which may start an HTML entity), a space after white space (the rest of a white-space
    /// run), and a line feed after white space or `-` (where the break may join a hyphenated
    /// word or be part of a longer white-space run).
    stop: [u8; CHUNK],
    /// 1 for each ASCII letter or digit after a byte that is neither: the words that start.
    starts: [u8; CHUNK],
    /// 1 for each line feed (those the fast path takes are line breaks folded to a space).
    breaks: [u8; CHUNK],
    /// Non-zero where `stop` or `breaks` is: a chunk without either needs no more than its
    /// words counted.
    events: [u8; CHUNK],
    /// The chunk folded: ASCII capitals lowercased, line feeds made spaces.
    folded: [u8; CHUNK],
}

/// 0xff when `c` holds, else 0.
#[inline(always)]
fn lane(c: bool) -> u8 {
    0u8.wrapping_sub(u8::from(c))
}

/// Whether `b - lo < n` (wrapping), written as one signed compare, which SIMD has.
#[inline(always)]
fn within(b: u8, lo: u8, n: u8) -> bool {
    ((b.wrapping_sub(lo) ^ 0x80) as i8) < ((n ^ 0x80) as i8)
}

/// 0xff for an ASCII letter or digit, else 0.
#[inline(always)]
fn alnum_lane(b: u8) -> u8 {
    lane(within(b | 0x20, b'a', 26)) | lane(within(b, b'0', 10))
}

/// Every byte of a word set to one: multiplying by it sums the bytes into the top one.
const LO: u64 = 0x0101_0101_0101_0101;

/// The sum of the lanes of `m` (each 0 or 1, little-endian).
#[inline(always)]
fn sum_lanes(m: u128) -> usize {
    ((((m as u64) + ((m >> 64) as u64)).wrapping_mul(LO)) >> 56) as usize
}

/// Calls `f` with the index of each lane that is 1 in `m` (lanes 0 or 1, little-endian), in
/// order.
#[inline(always)]
fn each_lane(mut m: u128, mut f: impl FnMut(usize)) {
    while m != 0 {
        f((m.trailing_zeros() / 8) as usize);
        m &= m - 1;
    }
}

/// Chunk `c` one byte to the left, after the byte `before`.
#[inline(always)]
fn shifted(c: &[u8; CHUNK], before: u8) -> [u8; CHUNK] {
    ((u128::from_le_bytes(*c) << 8) | u128::from(before)).to_le_bytes()
}

impl Lanes {
    /// The lanes of chunk `c`, whose bytes before are `prev` (the chunk one byte to the left).
    #[inline(always)]
    fn of(c: &[u8; CHUNK], prev: &[u8; CHUNK]) -> Lanes {
        let mut stop = [0u8; CHUNK];
        let mut starts = [0u8; CHUNK];
        let mut breaks = [0u8; CHUNK];
        let mut events = [0u8; CHUNK];
        let mut folded = [0u8; CHUNK];
        for j in 0..CHUNK {
            let (b, p) = (c[j], prev[j]);
            let letter = lane(within(b | 0x20, b'a', 26));
            let alnum = letter | lane(within(b, b'0', 10));
            let line_feed = lane(b == b'\n');
            // Outside 0x20..=0x7e: control, DEL or non-ASCII.
            let unprintable = lane(within(b, 0x7f, 0xa1));
            // White space before (or a byte that stops, so that what follows does not matter).
            let space_before = lane((p as i8) < 0x21);
            let dash_before = lane(p == b'-');
            let amp = lane(b == b'&');
            let doubled = lane(b == b' ') & space_before;
            stop[j] = (unprintable & !(line_feed & !(space_before | dash_before))) | amp | doubled;
            // Line feeds are unprintable.
            events[j] = unprintable | amp | doubled;
            starts[j] = alnum & !alnum_lane(p) & 1;
            breaks[j] = line_feed & 1;
            // A line feed (0x0a) xor 0x2a is a space.
            folded[j] = (b | (letter & 0x20)) ^ (line_feed & 0x2a);
        }
        Lanes {
            stop,
            starts,
            breaks,
            events,
            folded,
        }
    }
}

/// Folds a phrase the way [`Normalised`] folds text (without keeping a map).
pub(crate) fn fold_phrase(phrase: &str) -> String {
    let n = Normalised::new(phrase.trim());
    n.text.trim().to_string()
}

/// Where folding writes: the folded bytes, the offset map and the running state of white-space
/// runs and words.
struct Folder {
    out: Vec<u8>,
    anchors: Vec<(usize, usize)>,
    /// Original minus folded offset at the last anchor, wrapping: an expansion ("½" → "1⁄2") can
    /// put the folded copy ahead of the original. `usize::MAX` before the first byte.
    delta: usize,
    prev_space: bool,
    /// Where the space that stands for the current white-space run was written, and how many line
    /// breaks the run holds: at two it becomes a paragraph break, written `\n`.
    space_at: usize,
    run_breaks: u32,
    in_word: bool,
    words: usize,
    line_starts: Vec<usize>,
    entities: Vec<(usize, usize)>,
    /// Reused buffer for compatibility forms.
    scratch: String,
}

impl Folder {
    /// Records that the next byte written comes from original offset `at`.
    #[inline]
    fn anchor(&mut self, at: usize) {
        let d = at.wrapping_sub(self.out.len());
        if d != self.delta {
            self.delta = d;
            self.anchors.push((self.out.len(), at));
        }
    }

    /// Appends one byte produced from the character at original offset `at`.
    #[inline]
    fn emit(&mut self, b: u8, at: usize) {
        self.anchor(at);
        self.out.push(b);
    }

    /// White space at original offset `at`: starts a run, or continues the current one.
    fn space(&mut self, at: usize) {
        if !self.prev_space {
            self.space_at = self.out.len();
            self.run_breaks = 0;
            self.emit(b' ', at);
            self.prev_space = true;
        }
        self.in_word = false;
    }

    /// A line break inside the current white-space run.
    fn line_break(&mut self) {
        self.run_breaks += 1;
        if self.run_breaks == 2 {
            self.out[self.space_at] = b'\n';
        }
    }

    /// A printable or control ASCII byte (not white space) from original offset `at`.
    #[inline]
    fn ascii(&mut self, b: u8, at: usize) {
        self.emit(b.to_ascii_lowercase(), at);
        let w = b.is_ascii_alphanumeric();
        self.words += usize::from(w & !self.in_word);
        self.in_word = w;
        self.prev_space = false;
    }

    /// A char the fold table leaves alone, written as `bytes` (each from `at`, or from its own
    /// original offset when `own` is true).
    fn keep(&mut self, c: char, at: usize, own: bool) {
        let mut buf = [0u8; 4];
        for (k, &b) in c.encode_utf8(&mut buf).as_bytes().iter().enumerate() {
            self.emit(b, if own { at + k } else { at });
        }
        self.prev_space = false;
        let w = is_word_char(c);
        self.words += usize::from(w && !self.in_word);
        self.in_word = w;
    }

    /// A non-ASCII char of the original at `at`, or a char that stands in for original text at
    /// `at` (`own` false: a decoded entity or part of a compatibility form, every byte of which
    /// maps to `at`). Compatibility forms are expanded when `nfkc` is true.
    fn char(&mut self, c: char, at: usize, own: bool, nfkc: bool) {
        if c.is_ascii() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c') {
                // Decoded or compatibility white space: a space, never a line break of the
                // original.
                self.space(at);
            } else {
                self.ascii(c as u8, at);
            }
            return;
        }
        match fold(c) {
            Fold::Space => {
                self.space(at);
                if c == '\u{2029}' {
                    self.run_breaks = 2;
                    self.out[self.space_at] = b'\n';
                }
            }
            Fold::To(b) => {
                self.emit(b, at);
                self.prev_space = false;
                self.in_word = false;
            }
            Fold::Drop => self.in_word = false,
            Fold::Keep => {
                if !(nfkc && self.compatibility(c, at)) {
                    self.keep(c, at, own);
                }
            }
        }
    }

    /// Writes the NFKC form of `c` (each char folded, every byte mapped to `at`) when it differs
    /// from `c` and does not turn a symbol into letters or digits; returns false, having written
    /// nothing, when it does not.
    fn compatibility(&mut self, c: char, at: usize) -> bool {
        use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
        if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
            return false;
        }
        let mut s = std::mem::take(&mut self.scratch);
        s.clear();
        s.extend(std::iter::once(c).nfkc());
        // A symbol whose form holds letters or digits ("™" → "TM", "㎡" → "m2") stays a symbol:
        // spelt out it would run into the word before it ("PMO™" is not "pmotm").
        let differs =
            !s.chars().eq(std::iter::once(c)) && (is_word_char(c) || !s.chars().any(is_word_char));
        if differs {
            for d in s.chars() {
                self.char(d, at, false, false);
            }
        }
        self.scratch = s;
        differs
    }

    /// Takes back what was written from folded offset `cut` on.
    fn truncate(&mut self, cut: usize) {
        self.out.truncate(cut);
        while self.anchors.last().is_some_and(|a| a.0 >= cut) {
            self.anchors.pop();
        }
        self.delta = self
            .anchors
            .last()
            .map_or(usize::MAX, |&(n, o)| o.wrapping_sub(n));
    }

    /// The fast path: folds the run of clean bytes that starts at `start` a chunk at a time and
    /// returns where it ends. Clean bytes are printable ASCII other than `&`, no space after
    /// white space, and line feeds after a printable byte other than `-`: such a line feed is the
    /// whole of its white-space run, and the byte before it no hyphen. The folded copy of a run is
    /// the run lowercased with line feeds made spaces, byte for byte, so it needs at most one
    /// anchor, at its start; words and line starts are read from the chunks' lanes.
    #[inline(never)]
    fn clean_run(&mut self, bytes: &[u8], start: usize) -> usize {
        let out_start = self.out.len();
        // A byte that stands for the state before the run: its lanes see white space, a letter
        // or a control byte (after which a line feed or a space stops the run) before the first
        // byte.
        let mut prev = if self.prev_space {
            b' '
        } else if self.in_word {
            b'a'
        } else {
            0
        };
        let rest = bytes.get(start..).unwrap_or_default();
        let mut k = 0;
        let mut take = CHUNK;
        if let Some(c) = rest.first_chunk::<CHUNK>() {
            take = self.chunk(c, &shifted(c, prev), start, rest, 0);
            k = take;
            // The next chunks, each read with the byte before it.
            while take == CHUNK {
                let Some(w) = rest.get(k - 1..k + CHUNK) else {
                    break;
                };
                let (Some(p), Some(c)) = (w.first_chunk::<CHUNK>(), w.last_chunk::<CHUNK>()) else {
                    break;
                };
                take = self.chunk(c, p, start + k, rest, k);
                k += take;
            }
        }
        if take == CHUNK && k < rest.len() {
            // The tail, padded with zero bytes, which stop the run.
            let tail = &rest[k..];
            let mut c = [0u8; CHUNK];
            let n = tail.len().min(CHUNK);
            c[..n].copy_from_slice(&tail[..n]);
            let before = if k > 0 { rest[k - 1] } else { prev };
            k += self.chunk(&c, &shifted(&c, before), start + k, rest, k);
        }
        let i = start + k;
        if k > 0 {
            prev = rest[k - 1];
        }
        if i > start {
            let d = start.wrapping_sub(out_start);
            if d != self.delta {
                self.delta = d;
                self.anchors.push((out_start, start));
            }
            self.in_word = alnum_lane(prev) != 0;
            self.prev_space = prev == b' ' || prev == b'\n';
            if self.prev_space {
                // The run ends with white space: a white-space run starts there, with the line
                // break when it is one.
                self.space_at = self.out.len() - 1;
                self.run_breaks = u32::from(prev == b'\n');
            }
        }
        i
    }

    /// One chunk of the fast path, at original offset `at`, after the bytes `prev`; `c` is
    /// `run[k..k + CHUNK]` (zero-padded at the end of `run`): writes the folded bytes before the
    /// first stopping one, a `-` or `+` bullet first on its line written `*`, counts their
    /// words, records their line starts, and returns how many they are.
    #[inline(always)]
    fn chunk(
        &mut self,
        c: &[u8; CHUNK],
        prev: &[u8; CHUNK],
        at: usize,
        run: &[u8],
        k: usize,
    ) -> usize {
        let l = Lanes::of(c, prev);
        self.out.extend_from_slice(&l.folded);
        if u128::from_le_bytes(l.events) == 0 {
            self.words += sum_lanes(u128::from_le_bytes(l.starts));
            return CHUNK;
        }
        let stop = u128::from_le_bytes(l.stop);
        let mut starts = u128::from_le_bytes(l.starts);
        let mut breaks = u128::from_le_bytes(l.breaks);
        let mut take = CHUNK;
        // A line feed last in the chunk with a `-` or `+` after it (a list bullet, perhaps) stops
        // the run, so that the slow way decides: the fast path looks for bullets only after
        // the line feeds it takes inside a chunk.
        let mut stop = stop;
        if breaks >> 120 != 0 && matches!(run.get(k + CHUNK), Some(b'-' | b'+')) {
            stop |= 0xff << 120;
        }
        if stop != 0 {
            // Keep the clean bytes before the first stopping one.
            take = (stop.trailing_zeros() / 8) as usize;
            self.out.truncate(self.out.len() - CHUNK + take);
            let keep = (1u128 << (8 * take)) - 1;
            starts &= keep;
            breaks &= keep;
        }
        self.words += sum_lanes(starts);
        let base = self.out.len() - take;
        each_lane(breaks, |j| {
            self.line_starts.push(at + j + 1);
            // A `-` or `+` right after the line feed is a bullet when a space or a tab
            // follows (a tab stops the run after it, so such a bullet is always taken).
            let b = j + 1;
            if b < take && matches!(c[b], b'-' | b'+') {
                let space = match c.get(b + 1) {
                    Some(b' ' | b'\t') => true,
                    // A no-break space, or the chunk's end: read on in the text.
                    Some(0xc2) | None => space_follows(run.get(k + b + 1..).unwrap_or_default()),
                    _ => false,
                };
                if space {
                    self.out[base + b] = b'*';
                }
            }
        });
        take
    }
}

/// The end of the HTML character reference that starts with the `&` at `i`, when the bytes have
/// the shape of one: `&name;`, `&#digits;` or `&#xhex;` (at most 32 name or digit bytes).
fn entity_end(bytes: &[u8], i: usize) -> Option<usize> {
    let rest = bytes.get(i + 1..)?;
    let (skip, ok): (usize, fn(&u8) -> bool) = match rest {
        [b'#', b'x' | b'X', ..] => (2, u8::is_ascii_hexdigit),
        [b'#', ..] => (1, u8::is_ascii_digit),
        [b, ..] if b.is_ascii_alphabetic() => (0, u8::is_ascii_alphanumeric),
        _ => return None,
    };
    let body = rest.get(skip..)?;
    let n = body.iter().take(33).take_while(|b| ok(b)).count();
    (n > 0 && n <= 32 && body.get(n) == Some(&b';')).then_some(i + 1 + skip + n + 1)
}

/// Whether the `-`, `+`, hyphen, minus or dash of `len` bytes at `i` (or the entity standing for
/// one) is a list bullet ("- Maintain the RAID log"): the first thing on its line but blanks,
/// followed by a space, a tab or a no-break space. It folds to `*`, as bullet characters do, so
/// that cue words stop at it as they stop at the end of a clause: a negation in one item of a
/// list does not reach into the next. Blanks before it: spaces, tabs, form feeds (a PDF page
/// starts with one), no-break spaces, and the zero-width space, word joiner, soft hyphen and
/// byte order mark the fold drops.
pub(crate) fn is_dash_bullet(bytes: &[u8], i: usize, len: usize) -> bool {
    if !space_follows(bytes.get(i + len..).unwrap_or_default()) {
        return false;
    }
    let mut j = i;
    loop {
        let before = &bytes[..j];
        let blank = match before {
            [.., b' ' | b'\t' | 0x0c] => 1,
            [.., 0xc2, 0xa0 | 0xad] => 2,
            [.., 0xe2, 0x80, 0x8b] | [.., 0xe2, 0x81, 0xa0] | [.., 0xef, 0xbb, 0xbf] => 3,
            _ => 0,
        };
        if blank == 0 {
            return matches!(before.last(), None | Some(b'\n' | b'\r'));
        }
        j -= blank;
    }
}

/// Whether `c` is a `-`, a `+`, or a hyphen, minus or dash the fold writes `-`: a bullet when
/// [`is_dash_bullet`] says it stands as one.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '+') || matches!(fold(c), Fold::To(b'-'))
}

/// Whether `rest` opens with a space, a tab or a no-break space (U+00A0).
fn space_follows(rest: &[u8]) -> bool {
    matches!(rest, [b' ' | b'\t', ..] | [0xc2, 0xa0, ..])
}

/// A hyphenated line break met at the line break byte `i`: a hyphen (`-`, U+2010, U+2011 or a
/// soft hyphen) right after a letter, then white space holding exactly this one line break, then
/// a lowercase ASCII letter. Returns whether the hyphen is a soft one (it wrote nothing), the
/// start of the line after the break, and the offset of that letter.
fn hyphen_break(orig: &str, i: usize) -> Option<(bool, usize, usize)> {
    let bytes = orig.as_bytes();
    let mut h = i;
    while h > 0 && matches!(bytes[h - 1], b' ' | b'\t') {
        h -= 1;
    }
    let before = &orig[..h];
    let hyphen = before.chars().next_back()?;
    if !matches!(hyphen, '-' | '\u{2010}' | '\u{2011}' | '\u{ad}') {
        return None;
    }
    let letter = before[..h - hyphen.len_utf8()].chars().next_back()?;
    if !letter.is_alphabetic() {
        return None;
    }
    let mut j = i;
    let mut line_start = None;
    while let Some(&b) = bytes.get(j) {
        match b {
            b' ' | b'\t' => {}
            b'\n' | b'\r' => {
                if b == b'\r' && bytes.get(j + 1) == Some(&b'\n') {
                    j += 1;
                }
                if line_start.is_some() {
                    return None;
                }
                line_start = Some(j + 1);
            }
            _ => break,
        }
        j += 1;
    }
    let line_start = line_start?;
    bytes
        .get(j)
        .is_some_and(u8::is_ascii_lowercase)
        .then_some((hyphen == '\u{ad}', line_start, j))
}

impl Normalised {
    /// Builds the folded copy in one pass over `orig`.
    pub(crate) fn new(orig: &str) -> Normalised {
        Normalised::fold::<true>(orig)
    }

    /// Builds the folded copy, with runs of clean ASCII copied in bulk when `FAST` (always, but in
    /// the test that holds the bulk copy to the byte-by-byte one).
    fn fold<const FAST: bool>(orig: &str) -> Normalised {
        let bytes = orig.as_bytes();
        let mut f = Folder {
            // Room for the whole text and the chunk the fast path writes before it looks.
            out: Vec::with_capacity(bytes.len() + CHUNK),
            anchors: Vec::with_capacity(8),
            delta: usize::MAX,
            prev_space: false,
            space_at: 0,
            run_breaks: 0,
            in_word: false,
            words: 0,
            // Room for the line starts of lines of 32 bytes on average, up to a point.
            line_starts: Vec::with_capacity((bytes.len() / 32).min(4096) + 8),
            entities: Vec::new(),
            scratch: String::new(),
        };
        let mut i = 0;
        // Runs of clean bytes (printable ASCII other than `&`, no doubled space) are copied and
        // lowercased in bulk; only the byte that stops a run (a line break, a second space, a
        // control byte, `&`, non-ASCII) goes the slow way.
        while i < bytes.len() {
            // Where a clean run can start: printable ASCII but `&`, or a space that starts a
            // white-space run. Anything else (more white space, a control byte, non-ASCII) goes
            // the slow way without a chunk classified for nothing.
            let b = bytes[i];
            // A `-` or `+` first on its line may be a list bullet: the slow way decides (the
            // fast path writes those right after a line feed it takes itself).
            let bullet = (b == b'-' || b == b'+')
                && (f.prev_space || i.checked_sub(1).is_none_or(|p| bytes[p] >= 0x80))
                && is_dash_bullet(bytes, i, 1);
            if FAST && (within(b, 0x21, 0x5e) && b != b'&' && !bullet || b == b' ' && !f.prev_space)
            {
                i = f.clean_run(bytes, i);
                if i >= bytes.len() {
                    break;
                }
            }
            // The byte that stopped the run goes the slow way.
            let b = bytes[i];
            if b < 0x80 {
                // Plain ASCII (no control or white space): lowercase and copy.
                if b > b' ' && b != 0x7f {
                    if b == b'&' {
                        if let Some(end) = entity_end(bytes, i) {
                            if let std::borrow::Cow::Owned(s) =
                                html_escape::decode_html_entities(&orig[i..end])
                            {
                                let mut chars = s.chars();
                                let bullet = matches!((chars.next(), chars.next()), (Some(c), None) if is_dash(c));
                                if bullet && is_dash_bullet(bytes, i, end - i) {
                                    // "&ndash; " first on its line.
                                    f.ascii(b'*', i);
                                } else {
                                    for c in s.chars() {
                                        f.char(c, i, false, true);
                                    }
                                }
                                f.entities.push((i, end));
                                i = end;
                                continue;
                            }
                        }
                    }
                    let b = if (b == b'-' || b == b'+') && is_dash_bullet(bytes, i, 1) {
                        b'*'
                    } else {
                        b
                    };
                    f.ascii(b, i);
                    i += 1;
                    continue;
                }
                match b {
                    b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                        let is_break =
                            b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
                        if (b == b'\n' || b == b'\r') && (!f.prev_space || f.run_breaks == 0) {
                            // The first line break of a run: a word hyphenated across it is
                            // joined again.
                            if let Some((soft, line_start, resume)) = hyphen_break(orig, i) {
                                let cut = if f.prev_space {
                                    f.space_at
                                } else {
                                    f.out.len()
                                };
                                f.truncate(cut - usize::from(!soft));
                                f.line_starts.push(line_start);
                                f.prev_space = false;
                                f.in_word = true;
                                i = resume;
                                continue;
                            }
                        }
                        f.space(i);
                        if is_break {
                            f.line_starts.push(i + 1);
                            f.line_break();
                        }
                    }
                    _ => {
                        // Other control characters stay as they are: not word characters.
                        f.emit(b, i);
                        f.prev_space = false;
                        f.in_word = false;
                    }
                }
                i += 1;
                continue;
            }
            // Non-ASCII: `i` is a char boundary because we only ever step over whole chars.
            let c = orig[i..].chars().next().unwrap_or('\u{fffd}');
            if is_dash(c) && is_dash_bullet(bytes, i, c.len_utf8()) {
                f.ascii(b'*', i);
            } else {
                f.char(c, i, true, true);
            }
            i += c.len_utf8();
        }
        // Only whole chars or ASCII replacements were written.
        let text = String::from_utf8(f.out).unwrap_or_default();
        Normalised {
            text,
            anchors: f.anchors,
            words: f.words,
            line_starts: f.line_starts,
            entities: f.entities,
        }
    }

    /// The original offset of the normalised byte at `n` (`n < text.len()`). `hint` is the
    /// anchor used last: offsets asked for in order (hits in order of start) find it or the next
    /// one holding `n`, checked here inline; any other offset goes to
    /// [`orig_at_far`](Normalised::orig_at_far).
    #[inline]
    fn orig_at(&self, n: usize, hint: &mut usize) -> usize {
        let a = &self.anchors;
        let k = *hint;
        if let Some(&(ns, os)) = a.get(k) {
            if ns <= n {
                match a.get(k + 1) {
                    Some(&(ns1, os1)) if ns1 <= n => {
                        if a.get(k + 2).is_none_or(|x| n < x.0) {
                            *hint = k + 1;
                            return os1 + (n - ns1);
                        }
                    }
                    _ => return os + (n - ns),
                }
            }
        }
        self.orig_at_far(n, hint)
    }

    /// [`orig_at`](Normalised::orig_at) for an offset past the anchor after the hinted one, or
    /// before the hinted one: steps forward a few anchors, then falls back to a binary search.
    #[cold]
    #[inline(never)]
    fn orig_at_far(&self, n: usize, hint: &mut usize) -> usize {
        let a = &self.anchors;
        if a.is_empty() {
            return n;
        }
        let mut k = *hint;
        if k >= a.len() || a[k].0 > n {
            k = a.partition_point(|x| x.0 <= n).saturating_sub(1);
        } else {
            let mut steps = 0;
            while k + 1 < a.len() && a[k + 1].0 <= n {
                k += 1;
                steps += 1;
                if steps == 8 {
                    // Far ahead: search the rest.
                    k += a[k..].partition_point(|x| x.0 <= n) - 1;
                    break;
                }
            }
        }
        *hint = k;
        let (ns, os) = a[k];
        os + (n - ns)
    }

    /// Maps a non-empty normalised range back to the original text's byte span.
    pub(crate) fn orig_span(&self, orig: &str, start: usize, end: usize) -> Span {
        self.orig_span_near(orig, start, end, &mut [0, 0])
    }

    /// [`orig_span`](Normalised::orig_span) for ranges asked for in order: `hints` carries the
    /// anchors of the last start and end from one call to the next. Inline: it runs for every
    /// hit, and its work is a few compares.
    #[inline]
    pub(crate) fn orig_span_near(
        &self,
        orig: &str,
        start: usize,
        end: usize,
        hints: &mut [usize; 2],
    ) -> Span {
        let s = self.orig_at(start, &mut hints[0]);
        let mut e = self.orig_at(end - 1, &mut hints[1]) + 1;
        // A match that ends inside a decoded entity covers all of it.
        let k = self.entities.partition_point(|x| x.0 < e);
        if let Some(&(_, entity_end)) = k.checked_sub(1).map(|k| &self.entities[k]) {
            e = e.max(entity_end);
        }
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
#[inline]
pub(crate) fn boundary_before(text: &str, pos: usize) -> bool {
    // The byte before a char boundary is ASCII exactly when the char before it is.
    match pos.checked_sub(1).and_then(|p| text.as_bytes().get(p)) {
        None => true,
        Some(&b) if b.is_ascii() => !is_word_byte(b),
        Some(_) => uax29_boundary(text, pos),
    }
}

/// Like [`boundary_before`], looking at the char that starts at `pos`.
#[inline]
pub(crate) fn boundary_after(text: &str, pos: usize) -> bool {
    match text.as_bytes().get(pos) {
        None => true,
        Some(&b) if b.is_ascii() => !is_word_byte(b),
        Some(_) => uax29_boundary(text, pos),
    }
}

/// [`is_word_char`] for an ASCII byte: a letter, a digit or `_`.
#[inline]
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
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
    #[inline]
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

/// Chars in a UTF-8 byte slice that starts on a char boundary: its bytes less its continuation
/// bytes (`0b10xx_xxxx`), read eight bytes a word. The spans between hits are short and mostly
/// ASCII, so one pass ORs the words together and only a span with a byte over 0x7f has its
/// continuation bytes counted, a word at a time.
#[inline]
fn count_chars(bytes: &[u8]) -> usize {
    let (words, tail) = bytes.as_chunks::<8>();
    // The tail's bytes in one word: the top of the slice's last eight bytes when there are
    // eight, else gathered one by one (their order does not matter).
    let tail = match bytes.last_chunk::<8>() {
        Some(last) if !tail.is_empty() => u64::from_le_bytes(*last) >> (64 - 8 * tail.len()),
        _ => tail.iter().fold(0, |w, &b| (w << 8) | u64::from(b)),
    };
    let any = words
        .iter()
        .fold(tail, |any, w| any | u64::from_le_bytes(*w));
    if any & (LO << 7) == 0 {
        return bytes.len();
    }
    // Bit 7 of each byte set and bit 6 (shifted up into bit 7) clear, summed over the lanes.
    let continuation = |w: u64| (((w & !(w << 1)) >> 7) & LO).wrapping_mul(LO) >> 56;
    let n = words.iter().fold(continuation(tail), |n, w| {
        n + continuation(u64::from_le_bytes(*w))
    });
    bytes.len() - n as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{fixture_texts, random_text, xorshift};

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
    fn spans_asked_for_in_any_order_map_back_alike() {
        let orig =
            "PMO\u{a0}\u{a0}Co\u{2013}ordinator’s  \r\n• Role &amp; ½ ﬃ  a  b\u{ad}c ".repeat(9);
        let n = Normalised::new(&orig);
        let bounds: Vec<usize> = (0..=n.text.len())
            .filter(|&i| n.text.is_char_boundary(i))
            .collect();
        let reference = |s: usize, e: usize| {
            let at = |x: usize| {
                let k = n.anchors.partition_point(|a| a.0 <= x);
                let (ns, os) = n.anchors[k - 1];
                os + (x - ns)
            };
            let mut hints = [usize::MAX, usize::MAX];
            let fresh = n.orig_span_near(&orig, s, e, &mut hints);
            assert_eq!(fresh.start, at(s));
            fresh
        };
        let mut hints = [0, 0];
        let mut x: u64 = 7;
        for (i, &s) in bounds.iter().enumerate() {
            for &e in bounds[i + 1..].iter().take(5) {
                assert_eq!(n.orig_span_near(&orig, s, e, &mut hints), reference(s, e));
            }
            // Now and then a span far behind or ahead.
            let j = (xorshift(&mut x) as usize) % (bounds.len() - 1);
            let (s2, e2) = (bounds[j], bounds[j + 1]);
            assert_eq!(
                n.orig_span_near(&orig, s2, e2, &mut hints),
                reference(s2, e2)
            );
        }
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
    fn lanes_agree_with_bytewise() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || xorshift(&mut x);
        for round in 0..100_000 {
            let mut c = [0u8; CHUNK];
            for b in c.iter_mut() {
                let r = next();
                // Every byte value, mostly ASCII, often letters, digits and spaces.
                *b = match round % 3 {
                    0 => r as u8,
                    1 => (r as u8) & 0x7f,
                    _ => b" aZ09&-+.\n\n:"[(r % 12) as usize],
                };
            }
            let before = match round % 4 {
                0 => next() as u8,
                k => b" a-"[k - 1],
            };
            let l = Lanes::of(&c, &shifted(&c, before));
            for j in 0..CHUNK {
                let (b, p) = (c[j], if j == 0 { before } else { c[j - 1] });
                let space_before = p <= b' ' || p >= 0x80;
                let stop = match b {
                    b'\n' => space_before || p == b'-',
                    b' ' => space_before,
                    b'&' => true,
                    _ => !(b' '..0x7f).contains(&b),
                };
                assert_eq!(l.stop[j] != 0, stop, "{c:?} {before} {j}");
                let start = b.is_ascii_alphanumeric() && !p.is_ascii_alphanumeric();
                assert_eq!(l.starts[j], u8::from(start), "{c:?} {before} {j}");
                assert_eq!(l.breaks[j], u8::from(b == b'\n'), "{c:?} {j}");
                let folded = if b == b'\n' {
                    b' '
                } else {
                    b.to_ascii_lowercase()
                };
                assert_eq!(l.folded[j], folded, "{c:?} {j}");
                // A chunk without events is taken whole: every stop and break is an event.
                assert_eq!(l.events[j] != 0, stop || b == b'\n', "{c:?} {before} {j}");
            }
        }
    }

    /// The fold with and without the bulk copy of clean runs, field by field.
    fn assert_fast_is_slow(orig: &str) {
        let fast = Normalised::fold::<true>(orig);
        let slow = Normalised::fold::<false>(orig);
        assert_eq!(fast.text, slow.text, "{orig:?}");
        assert_eq!(fast.anchors, slow.anchors, "{orig:?}");
        assert_eq!(fast.words, slow.words, "{orig:?}");
        assert_eq!(fast.line_starts, slow.line_starts, "{orig:?}");
        assert_eq!(fast.entities, slow.entities, "{orig:?}");
    }

    #[test]
    fn bulk_copy_folds_as_char_by_char() {
        const PIECES: [&str; 51] = [
            "PMO",
            "Lead",
            "analyst",
            "x",
            "Q",
            "42",
            "_",
            "a1B2",
            "R&D",
            "&amp;",
            "&nbsp;",
            "&#8217;",
            "&bogus;",
            "&",
            " ",
            " ",
            "  ",
            "   ",
            "\n",
            "\r\n",
            "\r",
            "\t",
            " \t ",
            "\n\n",
            "\u{b}",
            "\u{c}",
            "\0",
            "\u{7f}",
            "\u{a0}",
            "\u{2029}",
            "\u{2019}",
            "\u{201c}",
            "\u{2013}",
            "\u{2014}",
            "-",
            "+",
            "- ",
            "\n- ",
            "\n+\t",
            "\r\n  - ",
            "-\u{a0}",
            "\n&ndash; ",
            "manage-\nment",
            "e\u{301}",
            "\u{301}",
            "\u{fb01}",
            "\u{ad}",
            "\u{200b}",
            "é",
            "Лидер",
            "½",
        ];
        assert_fast_is_slow("");
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let orig = random_text(&mut x, &PIECES, 40);
            assert_fast_is_slow(&orig);
            // Every alignment of every run against the eight-byte words.
            for cut in 1..orig.len().min(9) {
                if orig.is_char_boundary(cut) {
                    assert_fast_is_slow(&orig[cut..]);
                }
            }
        }
    }

    #[test]
    fn dash_bullets_fold_to_bullets() {
        let f = |s: &str| Normalised::new(s).text;
        assert_eq!(
            f("- Travel is not required\n- Maintain the RAID log"),
            "* travel is not required * maintain the raid log"
        );
        assert_eq!(
            f("Duties:\r\n  + one\r\n\t\u{2013} two\n\n\u{2014}\tthree"),
            "duties: * one * two\n* three"
        );
        // At every place against the fast path's chunks, the bullet and the byte after it
        // in one chunk or in two.
        for k in 0..40 {
            let text = format!("{}\n- x\n+\ty\n-z\n-", "a".repeat(k));
            assert_fast_is_slow(&text);
            assert!(f(&text).ends_with(" * x * y -z -"), "{text:?}");
        }
        // Blanks the fold drops or folds before it, a no-break space after it, an entity.
        assert_eq!(
            f("x\n\u{c}- a\n\u{a0}- b\n\u{200b}- c\n\u{feff}+ d\n-\u{a0}e\n&ndash; f\n&#8211;\tg"),
            "x * a * b * c * d * e * f * g"
        );
        // Not bullets: a dash inside a line, a minus, a rule, a dash before a word.
        assert_eq!(
            f("Projects - and more\n-5% cost\n--- \n-x\nend -"),
            "projects - and more -5% cost --- -x end -"
        );
    }

    #[test]
    fn bulk_copy_folds_the_fixtures_as_char_by_char() {
        let texts = fixture_texts();
        assert!(!texts.is_empty());
        for text in &texts {
            assert_fast_is_slow(text);
        }
    }

    /// Random text mixing clean ASCII with everything that stops the bulk copy.
    mod any_text {
        use super::assert_fast_is_slow;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn bulk_copy_folds_any_text_as_char_by_char(
                pieces in prop::collection::vec(
                    prop_oneof![
                        3 => "[A-Za-z0-9 ]{0,24}",
                        2 => prop::sample::select(vec![
                            " ", "  ", "\n", "\r\n", "\r", "\t", "\u{a0}", "\u{2029}", "\u{202f}",
                            "\u{2018}", "\u{2019}", "\u{201c}", "\u{201d}", "\u{2010}", "\u{2013}",
                            "\u{2014}", "\u{2212}", "\u{ad}", "\u{200b}", "\u{feff}", "\u{301}",
                            "\u{2022}", "&", "&amp;", "&#x2019;", "-\n", "-\r\n", "\0", "\u{7f}",
                            "- ", "+ ", "\n- ", "\n+ ", "\n\u{2013} ", "\r\n - ", "-\u{a0}",
                            "\n&ndash; ", "\u{c}- ",
                        ]).prop_map(str::to_string),
                        1 => "[a-zé\u{300}-\u{36f}ЛидерΩ\u{fb00}-\u{fb06}\u{ff21}-\u{ff3a}]{1,6}",
                        1 => "\\PC{0,8}",
                        1 => prop::collection::vec(any::<u8>(), 0..16)
                            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
                    ],
                    0..30,
                )
            ) {
                assert_fast_is_slow(&pieces.concat());
            }
        }
    }

    /// Pieces for the random texts of the equivalence tests below: ASCII, chars of two, three
    /// and four bytes, entities, white space and line breaks.
    const MIXED: [&str; 24] = [
        "PMO",
        "lead",
        "a",
        "_",
        "7",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "-",
        "&amp;",
        "&nbsp;",
        "é",
        "\u{301}",
        "\u{2013}",
        "\u{2019}",
        "\u{a0}",
        "\u{fb03}",
        "经理",
        "Лидер",
        "\u{1f600}",
        "\u{feff}",
    ];

    /// The texts the equivalence tests run over: random mixes, then every fixture.
    fn equivalence_texts() -> Vec<String> {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut texts: Vec<String> = (0..3000).map(|_| random_text(&mut x, &MIXED, 31)).collect();
        texts.extend(fixture_texts());
        assert!(texts.len() > 3000);
        texts
    }

    #[test]
    fn count_chars_counts_as_chars_does() {
        for text in equivalence_texts() {
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            // Every start against the next 40 ends, so that every length and alignment of the
            // words and the tail is met; then each start to the end of the shorter texts.
            for (i, &s) in bounds.iter().enumerate() {
                for &e in bounds[i..].iter().take(40) {
                    assert_eq!(
                        count_chars(&text.as_bytes()[s..e]),
                        text[s..e].chars().count(),
                        "{:?}",
                        &text[s..e]
                    );
                }
                if text.len() < 300 {
                    assert_eq!(
                        count_chars(&text.as_bytes()[s..]),
                        text[s..].chars().count()
                    );
                }
            }
        }
    }

    #[test]
    fn line_cursor_agrees_with_counting_chars() {
        for text in equivalence_texts() {
            let n = Normalised::new(&text);
            let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
            let mut c = LineCursor::new(&text, &n.line_starts);
            for t in (bom..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let line = 1 + n.line_starts.partition_point(|&s| s <= t);
                let start = if line == 1 {
                    bom
                } else {
                    n.line_starts[line - 2]
                };
                let column = 1 + text[start..t].chars().count();
                assert_eq!(c.locate(t), (line, column), "{text:?} {t}");
            }
        }
    }

    #[test]
    fn boundaries_agree_with_the_chars_around() {
        for text in equivalence_texts() {
            for pos in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let before = match text[..pos].chars().next_back() {
                    None => true,
                    Some(c) if c.is_ascii() => !is_word_char(c),
                    Some(_) => uax29_boundary(&text, pos),
                };
                assert_eq!(boundary_before(&text, pos), before, "{text:?} {pos}");
                let after = match text[pos..].chars().next() {
                    None => true,
                    Some(c) if c.is_ascii() => !is_word_char(c),
                    Some(_) => uax29_boundary(&text, pos),
                };
                assert_eq!(boundary_after(&text, pos), after, "{text:?} {pos}");
            }
        }
    }

    #[test]
    fn orig_at_with_a_hint_agrees_with_a_search() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for text in equivalence_texts() {
            let n = Normalised::new(&text);
            let search = |at: usize| {
                let k = n.anchors.partition_point(|a| a.0 <= at);
                let (ns, os) = n.anchors[k - 1];
                os + (at - ns)
            };
            // Offsets in order (the hits of a scan), each with its own hint as the starts and
            // ends of hits have, and now and then one far off.
            let mut hints = [0, 0];
            for at in 0..n.text.len() {
                assert_eq!(
                    n.orig_at(at, &mut hints[at % 2]),
                    search(at),
                    "{text:?} {at}"
                );
                if xorshift(&mut x).is_multiple_of(8) {
                    let far = (x as usize / 8) % n.text.len();
                    assert_eq!(n.orig_at(far, &mut hints[0]), search(far), "{text:?} {far}");
                }
            }
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

#[cfg(test)]
mod folding_tests {
    use super::*;
    use crate::testing::random_text;

    /// The original text under the first match of `folded` in the folded copy.
    fn under<'a>(orig: &'a str, n: &Normalised, folded: &str) -> &'a str {
        let at = n
            .text
            .find(folded)
            .unwrap_or_else(|| panic!("{folded:?} in {:?}", n.text));
        &orig[n.orig_span(orig, at, at + folded.len())]
    }

    #[test]
    fn compatibility_forms_fold_and_map_to_the_whole_char() {
        let orig = "Project Management O\u{fb03}ce, \u{ff30}\u{ff2d}\u{ff2f} pro\u{fb01}le, café";
        let n = Normalised::new(orig);
        assert_eq!(n.text, "project management office, pmo profile, café");
        assert_eq!(under(orig, &n, "office"), "O\u{fb03}ce");
        assert_eq!(under(orig, &n, "off"), "O\u{fb03}");
        assert_eq!(under(orig, &n, "pmo"), "\u{ff30}\u{ff2d}\u{ff2f}");
        assert_eq!(under(orig, &n, "profile"), "pro\u{fb01}le");
        assert_eq!(under(orig, &n, "café"), "café");
        // Combining marks and other scripts stay as they are.
        let orig = "cafe\u{301} Лидер 经理";
        assert_eq!(Normalised::new(orig).text, orig);
        assert_eq!(fold_phrase("Programme O\u{fb03}ce"), "programme office");
        // Symbols that spell out letters or digits stay symbols, so words keep their bounds.
        assert_eq!(Normalised::new("PMO™ Lead ㎡").text, "pmo™ lead ㎡");
        assert_eq!(Normalised::new("a\u{ff08}b\u{ff09}").text, "a(b)");
    }

    #[test]
    fn expansions_longer_than_the_original_keep_the_map_right() {
        let orig = "½½½½ PMO";
        let n = Normalised::new(orig);
        assert_eq!(n.text, "1\u{2044}21\u{2044}21\u{2044}21\u{2044}2 pmo");
        assert_eq!(under(orig, &n, "pmo"), "PMO");
        assert_eq!(under(orig, &n, "1\u{2044}2"), "½");
    }

    #[test]
    fn hyphenated_line_breaks_join() {
        for (orig, folded, word, under_word) in [
            (
                "with-\nout direct line management",
                "without direct line management",
                "without",
                "with-\nout",
            ),
            (
                "imple-\r\nment it",
                "implement it",
                "implement",
                "imple-\r\nment",
            ),
            (
                "Project Manage-\nment Office Lead",
                "project management office lead",
                "management office",
                "Manage-\nment Office",
            ),
            (
                "manage\u{ad}\nment",
                "management",
                "management",
                "manage\u{ad}\nment",
            ),
            (
                "manage\u{2010}  \n  ment",
                "management",
                "management",
                "manage\u{2010}  \n  ment",
            ),
            (
                "manage\u{2011}\nment",
                "management",
                "management",
                "manage\u{2011}\nment",
            ),
        ] {
            let n = Normalised::new(orig);
            assert_eq!(n.text, folded, "{orig:?}");
            assert_eq!(under(orig, &n, word), under_word);
            assert_eq!(n.line_starts.len(), 1, "{orig:?}");
        }
    }

    #[test]
    fn hyphens_before_capitals_digits_and_paragraphs_stay() {
        for (orig, folded) in [
            ("PMO-\nLead", "pmo- lead"),
            ("Phase-\n2 work", "phase- 2 work"),
            ("with-\n\nout", "with-\nout"),
            ("2-\nout", "2- out"),
            ("with -\nout", "with - out"),
            ("with\u{2013}\nout", "with- out"),
        ] {
            assert_eq!(Normalised::new(orig).text, folded, "{orig:?}");
        }
    }

    #[test]
    fn line_and_column_after_a_joined_break() {
        let orig = "Role: with-\nout direct reports\nPMO Lead";
        let n = Normalised::new(orig);
        assert_eq!(n.text, "role: without direct reports pmo lead");
        assert_eq!(n.line_starts, vec![12, 31]);
        let at = n.text.find("direct").unwrap();
        let span = n.orig_span(orig, at, at + 6);
        assert_eq!(&orig[span], "direct");
        let mut c = LineCursor::new(orig, &n.line_starts);
        assert_eq!(c.locate(span.start), (2, 5));
        let at = n.text.find("pmo lead").unwrap();
        let span = n.orig_span(orig, at, at + 8);
        assert_eq!(&orig[span], "PMO Lead");
        assert_eq!(c.locate(span.start), (3, 1));
    }

    #[test]
    fn html_entities_decode_and_map_to_the_whole_entity() {
        let orig = "Portfolio&nbsp;Office &amp; PMO&#8217;s Co&ndash;ordinator &#x2019;x&#X41;";
        let n = Normalised::new(orig);
        assert_eq!(n.text, "portfolio office & pmo's co-ordinator 'xa");
        assert_eq!(under(orig, &n, "portfolio office"), "Portfolio&nbsp;Office");
        assert_eq!(under(orig, &n, "&"), "&amp;");
        assert_eq!(under(orig, &n, "pmo's"), "PMO&#8217;s");
        assert_eq!(under(orig, &n, "co-ordinator"), "Co&ndash;ordinator");
        assert_eq!(under(orig, &n, "'"), "&#8217;");
        assert_eq!(under(orig, &n, "xa"), "x&#X41;");
        // Spaces of entities join the white-space run around them.
        let orig = "PMO &nbsp;\n&nbsp; Lead";
        let n = Normalised::new(orig);
        assert_eq!(n.text, "pmo lead");
        assert_eq!(n.line_starts, vec![11]);
        assert_eq!(fold_phrase("R&amp;D"), "r&d");
    }

    #[test]
    fn malformed_and_unknown_entities_stay() {
        for orig in [
            "R&D",
            "&",
            "a & b",
            "&amp",
            "&nosuchentity;",
            "&#;",
            "&#x;",
            "&#xZZ;",
            "&#0;",
            "&#99999999999;",
            "&#-1;",
            "&&amp",
            "&;",
            "&1abc;",
        ] {
            let n = Normalised::new(orig);
            assert_eq!(n.text, orig.to_ascii_lowercase(), "{orig:?}");
        }
        let orig = "x&amp;amp;y";
        assert_eq!(Normalised::new(orig).text, "x&amp;y");
    }

    #[test]
    fn ampersands_stop_the_fast_path_anywhere_in_a_chunk() {
        for k in 0..40 {
            let orig = format!("{}&amp;{}", "a".repeat(k), "b".repeat(40 - k));
            let n = Normalised::new(&orig);
            assert_eq!(n.text, format!("{}&{}", "a".repeat(k), "b".repeat(40 - k)));
            assert_eq!(under(&orig, &n, "&"), "&amp;");
        }
    }

    #[test]
    fn random_mixes_map_every_byte_to_a_char_boundary() {
        const PIECES: [&str; 30] = [
            "PMO",
            "o\u{fb03}ce",
            "\u{fb01}",
            "\u{ff30}\u{ff2d}\u{ff2f}",
            "&amp;",
            "&nbsp;",
            "&#8217;",
            "&#x2019;",
            "&ndash;",
            "&bogus;",
            "&",
            "-",
            "\u{2010}",
            "\u{ad}",
            "\n",
            "\r\n",
            "\r",
            " ",
            "\u{a0}",
            "\u{1f600}",
            "e\u{301}",
            "\u{301}",
            "lead",
            "ment",
            "M",
            "½",
            "\u{2029}",
            "\u{200b}",
            "™",
            "\t",
        ];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..4000 {
            let orig = random_text(&mut x, &PIECES, 24);
            let n = Normalised::new(&orig);
            // Every folded char starts on an original char boundary; its bytes map in order.
            let mut last = 0;
            for (k, c) in n.text.char_indices() {
                let o = n.orig_at(k, &mut 0);
                assert!(o < orig.len() && orig.is_char_boundary(o), "{orig:?} {k}");
                for j in 1..c.len_utf8() {
                    assert!(n.orig_at(k + j, &mut 0) >= o && n.orig_at(k + j, &mut 0) < orig.len());
                }
                assert!(o >= last, "{orig:?} {k}");
                last = o;
            }
            for (at, w) in n.text.split_word_bound_indices_ascii() {
                let span = n.orig_span(&orig, at, at + w.len());
                assert!(span.start < span.end, "{orig:?} {w:?}");
                let _ = &orig[span];
            }
            for s in &n.line_starts {
                assert!(orig.is_char_boundary(*s));
            }
            assert_eq!(
                n.line_starts.len(),
                orig.matches('\n').count() + orig.matches('\r').count()
                    - orig.matches("\r\n").count()
            );
        }
    }

    /// Words of a folded text for the property test: runs of non-space chars.
    trait Words {
        fn split_word_bound_indices_ascii(&self) -> Vec<(usize, &str)>;
    }

    impl Words for String {
        fn split_word_bound_indices_ascii(&self) -> Vec<(usize, &str)> {
            let mut v = Vec::new();
            let mut start = None;
            for (i, c) in self
                .char_indices()
                .chain(std::iter::once((self.len(), ' ')))
            {
                match (c.is_whitespace(), start) {
                    (false, None) => start = Some(i),
                    (true, Some(s)) => {
                        v.push((s, &self[s..i]));
                        start = None;
                    }
                    _ => {}
                }
            }
            v
        }
    }
}
