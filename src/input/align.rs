//! Aligns the tokenizer's decoded text with the raw source it came from, character by character.
//!
//! html5gum folds consecutive characters into one string, with character references already
//! decoded, CRLF and lone CR turned into LF, and (in some states) NUL turned into U+FFFD; it gives
//! the raw span of the whole run. To map each decoded character to its own source bytes, the run
//! is walked along its raw text: equal characters map one to one, a character reference maps as
//! a whole (decoded with html-escape, one reference at a time), a CRLF maps to its LF. When the
//! two stop agreeing (a reference the two decoders read differently, a span the tokenizer got
//! wrong), the rest of the run maps to the rest of its raw span as a whole.

use core::ops::Range;

use crate::document::{ceil_boundary, floor_boundary};

/// The longest character reference name or number looked at after `&` (the longest named
/// reference, `&CounterClockwiseContourIntegral;`, has 31 characters before its `;`).
const MAX_REFERENCE: usize = 40;

/// Calls `sink(c, source_range, exact)` for each char of `decoded`, the tokenizer's text for the
/// raw span `start..end` of `src`. `exact` is true when the source range holds that very char.
/// Returns false when the alignment failed part way (the rest was mapped to the rest of the span).
pub(crate) fn align(
    src: &str,
    start: usize,
    end: usize,
    decoded: &str,
    mut sink: impl FnMut(char, Range<usize>, bool),
) -> bool {
    let start = floor_boundary(src, start.min(src.len()));
    let end = ceil_boundary(src, end.clamp(start, src.len()));
    // The walk may run past the span's end, should a span end early (html5gum 0.8 ended a run
    // closed by a reference at the end of the input a byte early): equal characters cannot
    // mismatch.
    let raw = &src[start..];
    let mut i = 0;
    let mut j = 0;
    while let Some(dc) = decoded[i..].chars().next() {
        let Some(rc) = raw[j..].chars().next() else {
            break;
        };
        if rc == '&' {
            if let Some((raw_len, dec_len)) = reference(&raw[j..], &decoded[i..]) {
                let range = start + j..start + j + raw_len;
                for c in decoded[i..i + dec_len].chars() {
                    sink(c, range.clone(), false);
                }
                i += dec_len;
                j += raw_len;
                continue;
            }
        }
        if rc == dc {
            sink(dc, start + j..start + j + rc.len_utf8(), true);
        } else if rc == '\r' && dc == '\n' {
            let len = if raw[j + 1..].starts_with('\n') { 2 } else { 1 };
            sink('\n', start + j..start + j + len, false);
            j += len;
            i += 1;
            continue;
        } else if rc == '\0' && dc == '\u{FFFD}' {
            sink(dc, start + j..start + j + 1, false);
        } else {
            break;
        }
        i += dc.len_utf8();
        j += rc.len_utf8();
    }
    if i >= decoded.len() {
        return true;
    }
    let rest = (start + j).min(src.len())..end.max(start + j).min(src.len());
    for c in decoded[i..].chars() {
        sink(c, rest.clone(), false);
    }
    false
}

/// The character reference opening `raw` (which starts with `&`) that decodes to the start of
/// `decoded`: its raw length and the decoded length. Each candidate is decoded on its own by
/// html-escape: the reference as written up to its `;`, then (for the legacy references a
/// browser reads without `;`, as in `&amp b` or `&notin`) its shorter prefixes with a `;` added.
/// A numeric reference with a `;` that html-escape reads otherwise (`&#128;`, which HTML reads
/// as `€`, or `&#0;`) still maps to one decoded character.
fn reference(raw: &str, decoded: &str) -> Option<(usize, usize)> {
    let b = raw.as_bytes();
    let numeric = b.get(1) == Some(&b'#');
    let mut n = if numeric { 2 } else { 1 };
    if numeric && matches!(b.get(2), Some(b'x' | b'X')) {
        n = 3;
    }
    let digits_from = n;
    while n < b.len() && n < MAX_REFERENCE && b[n].is_ascii_alphanumeric() {
        n += 1;
    }
    if n == digits_from {
        return None;
    }
    let decodes_to = |candidate: &str| -> Option<usize> {
        let d = html_escape::decode_html_entities(candidate);
        (d != candidate && !d.is_empty() && decoded.starts_with(&*d)).then_some(d.len())
    };
    if b.get(n) == Some(&b';') {
        if let Some(len) = decodes_to(&raw[..=n]) {
            return Some((n + 1, len));
        }
        if numeric && !decoded.starts_with('&') {
            let len = decoded.chars().next()?.len_utf8();
            return Some((n + 1, len));
        }
    }
    let mut candidate = String::with_capacity(n + 1);
    for k in (digits_from + 1..=n).rev() {
        candidate.clear();
        candidate.push_str(&raw[..k]);
        candidate.push(';');
        if let Some(len) = decodes_to(&candidate) {
            return Some((k, len));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each decoded char with the source text it maps to.
    fn pieces(src: &str, decoded: &str) -> (Vec<(char, String)>, bool) {
        let mut out = Vec::new();
        let ok = align(src, 0, src.len(), decoded, |c, r, _| {
            out.push((c, src[r].to_string()))
        });
        (out, ok)
    }

    #[test]
    fn references_crlf_and_nul_map_to_their_source() {
        let (p, ok) = pieces(
            "a&amp;b&nbsp;c\r\nd&#8217;e&#x2013;f\0g",
            "a&b\u{a0}c\nd\u{2019}e\u{2013}f\u{fffd}g",
        );
        assert!(ok);
        let src: Vec<&str> = p.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(
            src,
            [
                "a", "&amp;", "b", "&nbsp;", "c", "\r\n", "d", "&#8217;", "e", "&#x2013;", "f",
                "\0", "g"
            ]
        );
    }

    #[test]
    fn legacy_references_without_a_semicolon() {
        let (p, ok) = pieces("&amp b &notin &copyright &#8217 x", "& b ¬in ©right ’ x");
        assert!(ok);
        let refs: Vec<&str> = p
            .iter()
            .filter(|(c, _)| !c.is_ascii_alphanumeric() && *c != ' ')
            .map(|(_, s)| s.as_str())
            .collect();
        assert_eq!(refs, ["&amp", "&not", "&copy", "&#8217"]);
    }

    #[test]
    fn numeric_references_html_reads_otherwise_map_to_one_char() {
        let (p, ok) = pieces("x&#128;y&#0;z", "x€y\u{fffd}z");
        assert!(ok);
        assert_eq!(p[1], ('€', "&#128;".to_string()));
        assert_eq!(p[3], ('\u{fffd}', "&#0;".to_string()));
    }

    #[test]
    fn a_literal_ampersand_stays_literal() {
        let (p, ok) = pieces("R&D & more &;", "R&D & more &;");
        assert!(ok);
        assert!(p.iter().all(|(c, s)| s == &c.to_string()));
    }

    #[test]
    fn a_mismatch_maps_the_rest_of_the_run_as_a_whole() {
        let mut out = Vec::new();
        let ok = align("abXdef", 0, 6, "abcdef", |c, r, exact| {
            out.push((c, r, exact))
        });
        assert!(!ok);
        assert_eq!(out[1], ('b', 1..2, true));
        assert_eq!(out[2], ('c', 2..6, false));
        assert_eq!(out[5], ('f', 2..6, false));
    }

    #[test]
    fn bad_spans_never_panic() {
        let src = "é&amp;";
        for (s, e) in [(1, 2), (0, 99), (99, 3), (5, 1)] {
            let _ = align(src, s, e, "é&", |_, r, _| {
                assert!(src.get(r).is_some());
            });
        }
    }
}
