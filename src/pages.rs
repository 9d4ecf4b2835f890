//! Page furniture of text taken from a PDF: page counters ("Page 2 of 5", "3 / 7", "- 4 -") and
//! the running headers and footers a converter repeats on every page.
//!
//! A text has pages when it holds form feeds (`\x0C`, which PDF-to-text converters put between
//! pages), two page-counter lines, or one counter that counts two pages or more ("Page 2 of 2").
//! Then the page counters are furniture, and so is every copy of a *running* line: a short line
//! (at most [`MAX_RUNNING_LEN`] bytes; digits ignored when comparing, so "Ref 2026-07 page 1" and
//! "… page 2" are one line) that stands among the first or last [`RUNNING_REACH`] non-blank
//! lines of two pages at the same place (the same side, the same rank), or at the edges of two
//! pages and three times in all (a copy left mid-text where a converter lost the page break). A
//! line repeated only inside pages is not touched. One pass over the lines; a text without
//! pages costs a scan for form feeds and a look at its short lines.

use std::collections::HashMap;

use crate::Span;

/// The longest line, in bytes after trimming, that can be a running header or footer.
pub(crate) const MAX_RUNNING_LEN: usize = 100;
/// How many non-blank lines after a page boundary (a header) or before it (a footer) are looked
/// at.
pub(crate) const RUNNING_REACH: usize = 2;

struct Line {
    span: Span,
    /// Trimmed, lowercased, digits replaced by `#`; empty for a blank or long line.
    key: String,
    counter: bool,
    /// A form feed starts or ends the line.
    feed: bool,
}

/// A page counter — "page 3", "page 3 of 5", "3 of 5", "3/5", "- 3 -", "p. 3" — and the number
/// of pages it gives (0 when it gives none).
fn page_counter(line: &str) -> Option<u32> {
    let t = line.trim_matches(|c: char| c.is_whitespace() || c == '-' || c == '\u{2013}');
    if t.is_empty() || t.len() > 24 {
        return None;
    }
    // No allocation: this runs on the short lines of every advert.
    let prefix = |p: &str| {
        t.get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p))
            .map(|_| &t[p.len()..])
    };
    let rest = prefix("page").or_else(|| prefix("p.")).map(str::trim_start);
    let body = rest.unwrap_or(t);
    let mut parts = body
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty());
    let number = |p: &str| {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        // "page 3", "- 3 -" (only with the word or the dashes: a bare number is no counter)
        (Some(a), None, None, None) => {
            number(a).filter(|_| rest.is_some() || t.len() < line.trim().len())?;
            Some(0)
        }
        // "3/5", "page 3/5"
        (Some(a), Some(b), None, None) if body.contains('/') => {
            number(a)?;
            number(b)
        }
        // "3 of 5", "page 3 of 5"
        (Some(a), Some(of), Some(b), None) if of.eq_ignore_ascii_case("of") => {
            number(a)?;
            number(b)
        }
        _ => None,
    }
}

fn is_page_counter(line: &str) -> bool {
    page_counter(line).is_some()
}

/// Whether `text` has pages by its counters: two page-counter lines, or one that counts two
/// pages or more ("Page 2 of 2").
///
/// The lines are those between line feeds, found from `line_starts`, the start of every line
/// after the first as [`Normalised`](crate::document::Normalised) records them (after a line
/// feed or a lone CR): no pass over the text and no iterator adapters, as this runs on every
/// advert. Every counter holds a digit and is short, so other lines are passed over unparsed.
fn counted_pages(text: &str, line_starts: &[usize]) -> bool {
    let bytes = text.as_bytes();
    let mut first: Option<u32> = None;
    let mut start = 0;
    let mut next = 0;
    // Each line, the piece after the last line feed included (it may be empty).
    while start <= bytes.len() {
        // The next line feed: the byte before the next line start that follows one.
        let mut end = bytes.len();
        while let Some(&s) = line_starts.get(next) {
            next += 1;
            if s > start && bytes.get(s - 1) == Some(&b'\n') {
                end = s - 1;
                break;
            }
        }
        let line_start = start;
        start = end + 1;
        let Some(raw) = bytes.get(line_start..end) else {
            continue;
        };
        // A CR before the LF is no part of the line: at most 41 bytes with it.
        if raw.len() > 41 {
            continue;
        }
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.len() > 40 || !raw.iter().any(u8::is_ascii_digit) {
            continue;
        }
        // Cut at line feeds and before a CR, both ASCII: char boundaries.
        let Some(line) = text.get(line_start..line_start + raw.len()) else {
            continue;
        };
        if let Some(total) = page_counter(line.trim()) {
            if first.is_some() {
                return true;
            }
            first = Some(total);
        }
    }
    first.is_some_and(|total| total >= 2)
}

/// The byte spans of the lines of `text` that are page furniture, in text order. `line_starts`
/// are the starts of its lines after the first, as
/// [`Normalised`](crate::document::Normalised) records them.
pub(crate) fn furniture_lines(text: &str, line_starts: &[usize]) -> Vec<Span> {
    // The cheap test first: most adverts have no pages. Pages are there with a form feed, two
    // page counters, or one that counts two pages or more ("Page 2 of 2").
    if memchr::memchr(b'\x0C', text.as_bytes()).is_none() && !counted_pages(text, line_starts) {
        return Vec::new();
    }
    let mut lines = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let end = start + raw.len();
        let content = raw.trim_end_matches(['\n', '\r']);
        let feed = content.contains('\x0C');
        let trimmed = content.trim_matches(|c: char| c.is_whitespace() || c == '\x0C');
        let counter = trimmed.len() <= 24 && is_page_counter(trimmed);
        let key = if trimmed.len() <= MAX_RUNNING_LEN && !counter {
            trimmed
                .chars()
                .map(|c| {
                    if c.is_ascii_digit() {
                        '#'
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect()
        } else {
            String::new()
        };
        lines.push(Line {
            span: Span::new(start, start + content.len()),
            key,
            counter,
            feed,
        });
        start = end;
    }
    // Page boundaries: each form feed and page counter, and the start and end of the text
    // (the first page's header, the last page's footer).
    let mut boundaries: Vec<isize> = vec![-1];
    boundaries.extend(
        lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.feed || l.counter)
            .map(|(i, _)| i as isize),
    );
    boundaries.push(lines.len() as isize);
    let is_boundary = |i: usize| lines[i].feed || lines[i].counter;
    // Where each key stands at a page edge: (boundary, side, rank among the non-blank lines on
    // that side), and how often it occurs at all.
    let mut edges: HashMap<&str, Vec<(isize, isize, usize)>> = HashMap::new();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for l in &lines {
        if l.key.chars().any(char::is_alphanumeric) {
            *count.entry(l.key.as_str()).or_default() += 1;
        }
    }
    for &b in &boundaries {
        // A form feed opens its line's text: that line is the new page's first.
        let feed_line = b >= 0 && (b as usize) < lines.len() && lines[b as usize].feed;
        for dir in [-1isize, 1] {
            let mut rank = 0;
            let mut i = if feed_line && dir == 1 { b } else { b + dir };
            while rank < RUNNING_REACH && i >= 0 && (i as usize) < lines.len() {
                let k = i as usize;
                if is_boundary(k) && !(k as isize == b && feed_line) {
                    break;
                }
                let key = lines[k].key.as_str();
                if !key.trim().is_empty() {
                    rank += 1;
                    if key.chars().any(char::is_alphanumeric) {
                        edges.entry(key).or_default().push((b, dir, rank));
                    }
                }
                i += dir;
            }
        }
    }
    // A line runs when it stands at the same place on two page edges (the same side, the same
    // rank), or stands at two page edges and occurs three times (a copy left mid-text where a
    // converter lost the page break). Every copy of a running line is furniture.
    let runs = |key: &str| {
        let Some(at) = edges.get(key) else {
            return false;
        };
        let distinct_boundaries = |filter: &dyn Fn(&(isize, isize, usize)) -> bool| {
            let mut bs: Vec<isize> = at.iter().filter(|e| filter(e)).map(|e| e.0).collect();
            bs.sort_unstable();
            bs.dedup();
            bs.len()
        };
        let same_place = at
            .iter()
            .any(|&(_, side, rank)| distinct_boundaries(&|e| e.1 == side && e.2 == rank) >= 2);
        same_place
            || (distinct_boundaries(&|_| true) >= 2 && count.get(key).copied().unwrap_or(0) >= 3)
    };
    lines
        .iter()
        .filter(|l| l.counter || runs(l.key.as_str()))
        .map(|l| l.span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Normalised;
    use crate::testing::{fixture_texts, random_text};

    /// The furniture of `text`, with its line starts as the scan has them.
    fn furniture_lines(text: &str) -> Vec<Span> {
        super::furniture_lines(text, &Normalised::new(text).line_starts)
    }

    /// The reference for [`counted_pages`]: the lines found by searching for each line feed.
    fn counted_pages_by_search(text: &str) -> bool {
        let bytes = text.as_bytes();
        let mut first: Option<u32> = None;
        let mut start = 0;
        // Each line, the piece after the last line feed included (it may be empty).
        while start <= bytes.len() {
            let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |e| start + e);
            let raw = &bytes[start..end];
            let line_start = start;
            start = end + 1;
            // A CR before the LF is no part of the line: at most 41 bytes with it.
            if raw.len() > 41 {
                continue;
            }
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            if raw.len() > 40 || !raw.iter().any(u8::is_ascii_digit) {
                continue;
            }
            // Cut at line feeds and before a CR, both ASCII: char boundaries.
            let line = &text[line_start..line_start + raw.len()];
            if let Some(total) = page_counter(line.trim()) {
                if first.is_some() {
                    return true;
                }
                first = Some(total);
            }
        }
        first.is_some_and(|total| total >= 2)
    }

    #[test]
    fn counted_pages_from_line_starts_agree_with_a_search() {
        const PIECES: [&str; 16] = [
            "Page 2 of 5",
            "page 3",
            "- 4 -",
            "3/7",
            "PMO Lead 2026",
            "x",
            " ",
            "\n",
            "\r\n",
            "\r",
            "\n\n",
            "\u{c}",
            "é",
            "manage-\nment",
            "&amp;",
            "                                        ",
        ];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut texts: Vec<String> = (0..20_000)
            .map(|_| random_text(&mut x, &PIECES, 16))
            .collect();
        texts.extend(fixture_texts());
        let mut pages = 0;
        for t in &texts {
            let by_search = counted_pages_by_search(t);
            pages += usize::from(by_search);
            assert_eq!(
                counted_pages(t, &Normalised::new(t).line_starts),
                by_search,
                "{t:?}"
            );
        }
        assert!(pages > 100, "{pages}");
    }

    fn marked(text: &str) -> Vec<&str> {
        furniture_lines(text)
            .into_iter()
            .map(|s| text[s].trim())
            .collect()
    }

    #[test]
    fn page_counters() {
        for yes in [
            "Page 2 of 5",
            "page 3",
            "3 of 12",
            "4/9",
            "- 7 -",
            "Page 2/5",
            "p. 4",
        ] {
            assert!(is_page_counter(yes), "{yes}");
        }
        for no in [
            "2026",
            "3 years",
            "Page layout",
            "5 of the team",
            "one of two",
            "12",
        ] {
            assert!(!is_page_counter(no), "{no}");
        }
    }

    #[test]
    fn running_headers_and_footers_at_page_edges() {
        let text = "Acme Council – Role Profile\nPMO Officer\nYou will maintain the RAID log.\n\
                    Ref HR-2026-01\nPage 1 of 2\n\x0CAcme Council – Role Profile\nYou will take \
                    minutes.\nRef HR-2026-02\nPage 2 of 2\n";
        assert_eq!(
            marked(text),
            [
                "Acme Council – Role Profile",
                "Ref HR-2026-01",
                "Page 1 of 2",
                "Acme Council – Role Profile",
                "Ref HR-2026-02",
                "Page 2 of 2"
            ]
        );
    }

    #[test]
    fn a_lost_page_break_still_shows_the_running_header() {
        // One counter of two pages; the header stands at the start, mid-text and at the end.
        let text = "Role Profile – PMO Lead\nWe need a PMO Lead.\nDesign the PMO.\nRole Profile – \
                    PMO Lead\nMentor the team.\nRole Profile – PMO Lead\nPage 2 of 2\n";
        assert_eq!(
            marked(text),
            [
                "Role Profile – PMO Lead",
                "Role Profile – PMO Lead",
                "Role Profile – PMO Lead",
                "Page 2 of 2"
            ]
        );
    }

    #[test]
    fn no_pages_no_furniture() {
        let text =
            "PMO Analyst\nKey responsibilities\nMaintain the RAID log.\nKey responsibilities\n";
        assert!(furniture_lines(text).is_empty());
        // One counter alone does not make pages.
        assert!(furniture_lines("PMO Analyst\nPage 1 of 1\nMaintain the RAID log.").is_empty());
    }

    #[test]
    fn counters_behind_crlf_count_and_long_lines_do_not() {
        let text = "PMO Analyst\r\nPage 1 of 2\r\nMaintain the RAID log.\r\nPage 2 of 2\r\n";
        assert_eq!(marked(text), ["Page 1 of 2", "Page 2 of 2"]);
        // Two counters, but one on a line of more than 40 bytes: no pages.
        let padded = format!("PMO Analyst\nPage 1 of 2{}\nbody\n- 2 -", " ".repeat(30));
        assert!(furniture_lines(&padded).is_empty());
        assert_eq!(
            marked("PMO Analyst\nbody\n- 2 -\n- 3 -"),
            ["- 2 -", "- 3 -"]
        );
    }

    #[test]
    fn repeated_lines_in_the_middle_of_pages_stay() {
        let text =
            "Header A\nbody one\nbody two\nRepeated line\nbody three\nbody four\nbody five\n\
                    Page 1 of 2\nHeader A\nbody six\nbody seven\nRepeated line\nbody eight\n\
                    body nine\nbody ten\nPage 2 of 2";
        let m = marked(text);
        assert!(m.contains(&"Header A"), "{m:?}");
        assert!(!m.contains(&"Repeated line"), "{m:?}");
    }
}
