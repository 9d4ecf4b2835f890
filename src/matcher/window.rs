//! A signal regex with a cheap pre-check: a literal every match holds (the "needle"), found with
//! memchr's substring search, and the regex run only in a short window around each place the
//! needle occurs. The built-in profile's regexes count years ("3+ years"): their own literal
//! prefilter looks for the numbers they start with, which occur all over an advert, where
//! "year" occurs a few times.

use memchr::memmem::Finder;
use regex::Regex;
use regex_syntax::hir::{Hir, HirKind};

use crate::document::{ceil_boundary, floor_boundary};

/// The longest match, in bytes, for which the windowed search is used: each window is searched
/// with twice this, so a longer regex gains little over a plain search.
const MAX_WINDOWED_LEN: usize = 256;

/// A compiled signal regex and, when one was found, its needle.
#[derive(Debug)]
pub(crate) struct WindowedRegex {
    re: Regex,
    window: Option<Needle>,
}

/// A non-empty literal every match of the regex holds, within a match no longer than `max_len`.
#[derive(Debug)]
struct Needle {
    finder: Finder<'static>,
    max_len: usize,
}

impl WindowedRegex {
    /// Wraps `re`, compiled from `hir`. A regex that can match the empty string, has no bound
    /// on its length or no literal all its matches hold is searched plainly.
    pub(crate) fn new(hir: &Hir, re: Regex) -> WindowedRegex {
        WindowedRegex {
            re,
            window: needle(hir),
        }
    }

    /// Heap bytes held besides the regex itself (the needle).
    pub(crate) fn needle_bytes(&self) -> usize {
        self.window.as_ref().map_or(0, |n| n.finder.needle().len())
    }

    /// The literal every match holds, if one was found.
    pub(crate) fn needle(&self) -> Option<&[u8]> {
        self.window.as_ref().map(|n| n.finder.needle())
    }

    /// Every place in `hay` where the needle starts (overlapping ones too), in order, into
    /// `places` (cleared first). Regexes with the same needle share them.
    pub(crate) fn needle_places(&self, hay: &[u8], places: &mut Vec<usize>) {
        places.clear();
        let Some(needle) = &self.window else {
            return;
        };
        let mut at = 0;
        while let Some(o) = needle.finder.find(&hay[at..]) {
            places.push(at + o);
            at += o + 1;
        }
    }

    /// Every non-empty match in `text`, in order, as `(start, end)`: the same as the regex's
    /// `find_iter` (empty matches left out). `places` is what [`Self::needle_places`] gives for
    /// `text` (unused when there is no needle).
    pub(crate) fn for_each_match(
        &self,
        text: &str,
        places: &[usize],
        mut emit: impl FnMut(usize, usize),
    ) {
        let Some(needle) = &self.window else {
            for m in self.re.find_iter(text) {
                if !m.is_empty() {
                    emit(m.start(), m.end());
                }
            }
            return;
        };
        // Every match [s, e) holds the needle at some o with s <= o and o + n <= e <= s + max,
        // so no match starts before (first needle at or after the search point) + n - max. The
        // regex runs on the text cut after `lo + 2 * max` (and one char more, which any
        // look-ahead at the cut sees as in the whole text), from `lo` with the whole text
        // before it as context: a match starting by `lo + max` ends inside the cut, so it is
        // found there exactly as in the whole text, and is the leftmost one.
        let (n, max) = (needle.finder.needle().len(), needle.max_len);
        let mut places = places.iter().copied();
        let mut pos = 0;
        while pos < text.len() {
            let Some(o) = places.find(|&o| o >= pos) else {
                return;
            };
            let lo = floor_boundary(text, (o + n).saturating_sub(max).max(pos));
            let cut = ceil_boundary(text, lo + 2 * max);
            let hi = if cut < text.len() {
                ceil_boundary(text, cut + 1)
            } else {
                text.len()
            };
            match self.re.find_at(&text[..hi], lo) {
                Some(m) if hi == text.len() || m.start() <= lo + max => {
                    emit(m.start(), m.end());
                    pos = m.end();
                }
                _ if hi == text.len() => return,
                // No match starts in lo..=lo + max.
                _ => pos = ceil_boundary(text, lo + max + 1),
            }
        }
    }
}

/// The needle for a regex: the longest literal every match holds, when the regex's matches are
/// non-empty and bounded.
fn needle(hir: &Hir) -> Option<Needle> {
    let props = hir.properties();
    let max_len = props.maximum_len()?;
    if props.minimum_len()? == 0 || max_len > MAX_WINDOWED_LEN {
        return None;
    }
    let best = required_literal(hir)?;
    Some(Needle {
        finder: Finder::new(best).into_owned(),
        max_len,
    })
}

/// The longest literal every match of `hir` holds: a literal met on every path through it (in a
/// concatenation, a group, a repetition of at least one), not one of an alternation's branches.
fn required_literal(hir: &Hir) -> Option<&[u8]> {
    match hir.kind() {
        HirKind::Literal(lit) if !lit.0.is_empty() => Some(&lit.0),
        HirKind::Capture(c) => required_literal(&c.sub),
        HirKind::Repetition(r) if r.min > 0 => required_literal(&r.sub),
        HirKind::Concat(v) => {
            v.iter()
                .filter_map(required_literal)
                .fold(None, |best: Option<&[u8]>, l| match best {
                    Some(b) if b.len() >= l.len() => Some(b),
                    _ => Some(l),
                })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spans of matches.
    type Spans = Vec<(usize, usize)>;

    /// The matches of `pattern` in `text` by `find_iter` and by the windowed search, and
    /// whether the windowed search had a needle.
    fn both(pattern: &str, text: &str) -> (Spans, Spans, bool) {
        let re = Regex::new(pattern).unwrap();
        let hir = regex_syntax::Parser::new().parse(pattern).unwrap();
        let plain: Vec<_> = re
            .find_iter(text)
            .filter(|m| !m.is_empty())
            .map(|m| (m.start(), m.end()))
            .collect();
        let w = WindowedRegex::new(&hir, re);
        let mut windowed = Vec::new();
        let mut places = Vec::new();
        w.needle_places(text.as_bytes(), &mut places);
        w.for_each_match(text, &places, |s, e| windowed.push((s, e)));
        (plain, windowed, w.window.is_some())
    }

    #[test]
    fn profile_regexes_have_needles_and_match_as_find_iter() {
        let profile = crate::profile::Profile::builtin();
        let mut texts: Vec<String> = crate::testing::fixture_texts()
            .iter()
            .map(|t| crate::document::Normalised::new(t).text)
            .collect();
        assert!(!texts.is_empty());
        let tricky = [
            "3 years",
            "3+ years",
            "1-2 years",
            "2 to 4 years or more",
            "three or more years",
            "10 years",
            "7+ - 9 years",
            "12 to 15 years",
            "20 - 3 years",
            "seven\u{3000}to 9 years",
            "yearsyears 3 yearss 3 year",
            "3 years3 years 3 years",
            "é3 yearsé",
            "x3 years",
            "3 yea",
            "years",
            "1 to 3+ or more years.",
            "fifteen years",
            "eight to 12+ years",
            "2 years\u{2028}",
            "1 year 2 years 3 years 4 years 5 years 7 years 8years",
        ];
        for t in tricky {
            texts.push(t.to_string());
            texts.push(format!("a{t}"));
            texts.push(format!("{t}{t}"));
            texts.push(format!("{} {t} {}", "ab ".repeat(40), "é".repeat(100)));
            texts.push(format!("{}{t}", "1 2 3 ten one ".repeat(30)));
        }
        let mut windowed_regexes = 0;
        for s in &profile.signals {
            for r in &s.regexes {
                let folded = super::super::for_folded_text(r).unwrap();
                for t in &texts {
                    let (plain, windowed, has) = both(&folded, t);
                    assert_eq!(plain, windowed, "{folded:?} on {t:?}");
                    windowed_regexes += usize::from(has);
                }
            }
        }
        assert!(windowed_regexes > 0);
    }

    #[test]
    fn other_regexes_match_as_find_iter() {
        let patterns = [
            r"(?-u:\b)ab(?:c|cd)\b",
            r"\bfoo.{0,20}bar",
            r"x+y",
            r"(?:a|b)c?d",
            r"\d{2,3}",
            r"(?m)^ab$",
            r"é+\w",
            r"a|aa|aaa",
            r"\bthe\b",
            r"b?",
            r"aa(?:b|c)",
            r"abab\b",
            r"\baa.{0,3}aa\b",
        ];
        let texts = [
            "abc abcd abcde xabc ab",
            "foo bar foo zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz bar foobar",
            "xxxxxy xy y x",
            "acd ad bd bcd abcd aabbccdd",
            "1 12 123 1234 12345 ١٢٣",
            "ab\nab\n ab\nabab",
            "éé ééé é eé éa",
            "aaaaaaa aa a",
            "the then other the",
            "",
            "aaab aaaac ababab abab aaaaaa aaxaa",
        ];
        for p in patterns {
            for t in texts {
                for rep in [1, 3, 40] {
                    let t = t.repeat(rep);
                    let (plain, windowed, _) = both(p, &t);
                    assert_eq!(plain, windowed, "{p:?} on {t:?}");
                }
            }
        }
    }
}
