//! The extracted text as it is built, and the map from its bytes back to the source's.
//!
//! [`TextBuilder`] takes characters with the source bytes each came from and lays them out as a
//! browser would for plain reading: runs of collapsible white space become one space, block
//! boundaries become line breaks (at most one blank line in a row, none at the start or the
//! end), list items start with "• ". [`SourceMap`] keeps, for each piece of the text, the source
//! range it came from.

use core::ops::Range;

use crate::Span;

/// One piece of the extracted text and the source bytes it came from. `exact` pieces are byte for
/// byte copies of their source (so inner offsets map one to one); the others (a decoded entity, a
/// CRLF, a collapsed run of white space, a generated line break or bullet) map as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    out_start: usize,
    out_end: usize,
    src_start: usize,
    src_end: usize,
    exact: bool,
}

/// Maps byte offsets of an extracted text back to byte offsets of its source.
///
/// Segments are contiguous in the text, in order, and cover all of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SourceMap {
    segments: Vec<Segment>,
}

/// A point to return a [`TextBuilder`] to (see [`TextBuilder::restore`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Checkpoint {
    text_len: usize,
    segments: usize,
    last: Option<Segment>,
    state: LineState,
}

impl SourceMap {
    /// Records that `out` of the text came from `src` of the source.
    fn push(&mut self, out: Range<usize>, src: Range<usize>, exact: bool) {
        if out.is_empty() {
            return;
        }
        if let Some(last) = self.segments.last_mut() {
            let joins = last.out_end == out.start
                && last.exact == exact
                && if exact {
                    last.src_end == src.start
                } else {
                    last.src_start == src.start && last.src_end == src.end
                };
            if joins {
                last.out_end = out.end;
                if exact {
                    last.src_end = src.end;
                }
                return;
            }
        }
        self.segments.push(Segment {
            out_start: out.start,
            out_end: out.end,
            src_start: src.start,
            src_end: src.end.max(src.start),
            exact,
        });
    }

    /// The segment holding text byte `pos`, if any.
    fn at(&self, pos: usize) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.out_end <= pos);
        self.segments.get(i).filter(|s| s.out_start <= pos)
    }

    /// The source span covering the text's `span`: from the source of its first byte to the
    /// source of its last. `None` when the span lies outside the mapped text.
    pub(crate) fn span(&self, span: Span) -> Option<Span> {
        if span.start > span.end {
            return None;
        }
        if span.is_empty() {
            // An empty span at the very end of the text sits at the end of the last segment.
            if let Some(last) = self.segments.last().filter(|l| l.out_end == span.start) {
                return Some(Span::new(last.src_end, last.src_end));
            }
        }
        let first = self.at(span.start)?;
        let start = if first.exact {
            first.src_start + (span.start - first.out_start)
        } else {
            first.src_start
        };
        if span.is_empty() {
            return Some(Span::new(start, start));
        }
        let last = self.at(span.end - 1)?;
        let end = if last.exact {
            last.src_start + (span.end - last.out_start)
        } else {
            last.src_end
        };
        Some(Span::new(start, end.max(start)))
    }
}

/// Where the builder stands on its current line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct LineState {
    /// The current line holds text.
    line_has_text: bool,
    /// A collapsible run of white space waits to become one space before the next text, with
    /// its source range.
    pending_space: Option<(usize, usize)>,
    /// Line breaks (1 or 2) waiting to be written before the next text.
    pending_breaks: u8,
    /// The source position the waiting breaks map to (the tag that asked for them).
    break_at: usize,
    /// A bullet waits to open the next line, at this source position.
    bullet: Option<usize>,
}

/// Builds one extracted text (a body, or a title on one line) with its [`SourceMap`].
#[derive(Clone, Debug, Default)]
pub(crate) struct TextBuilder {
    text: String,
    map: SourceMap,
    single_line: bool,
    state: LineState,
}

/// What each list item's line starts with in an extracted body: a bullet (U+2022) and a space.
pub const BULLET: &str = "• ";

impl TextBuilder {
    /// A builder for a body: blocks end lines.
    pub(crate) fn new() -> TextBuilder {
        TextBuilder::default()
    }

    /// A builder for a title: everything stays on one line (breaks become spaces, no bullets).
    pub(crate) fn single_line() -> TextBuilder {
        TextBuilder {
            single_line: true,
            ..TextBuilder::default()
        }
    }

    /// The text so far.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The text and its map.
    pub(crate) fn finish(self) -> (String, SourceMap) {
        (self.text, self.map)
    }

    /// True when nothing stands on the current line yet and no bullet waits for it: the next
    /// text opens a line.
    pub(crate) fn at_line_start(&self) -> bool {
        (!self.state.line_has_text || self.state.pending_breaks > 0) && self.state.bullet.is_none()
    }

    /// A run of collapsible white space (`src` in the source).
    pub(crate) fn space(&mut self, src: Range<usize>) {
        let st = &mut self.state;
        if !st.line_has_text || st.pending_breaks > 0 {
            return;
        }
        st.pending_space = Some(match st.pending_space {
            Some((a, b)) => (a.min(src.start), b.max(src.end)),
            None => (src.start, src.end),
        });
    }

    /// A block boundary at source position `at`: the text goes on on a new line (`n` = 1) or
    /// after a blank line (`n` = 2). Breaks asked for together do not add up.
    pub(crate) fn block_break(&mut self, n: u8, at: usize) {
        self.line_break(at, |pending| pending.max(n.min(2)));
    }

    /// A forced line break (`<br>`, a newline in `<pre>`): breaks add up, to one blank line.
    pub(crate) fn hard_break(&mut self, at: usize) {
        self.line_break(at, |pending| (pending + 1).min(2));
    }

    /// A break at `at`, the pending count of breaks becoming `count(pending)`; a space in a
    /// single-line builder, nothing before any text.
    fn line_break(&mut self, at: usize, count: impl FnOnce(u8) -> u8) {
        if self.single_line {
            self.space(at..at);
            return;
        }
        if self.text.is_empty() {
            return;
        }
        let st = &mut self.state;
        if st.pending_breaks == 0 {
            st.break_at = at;
        }
        st.pending_breaks = count(st.pending_breaks);
        st.pending_space = None;
    }

    /// A list item at source position `at`: its text opens a line with [`BULLET`].
    pub(crate) fn bullet(&mut self, at: usize) {
        if self.single_line {
            self.space(at..at);
            return;
        }
        self.block_break(1, at);
        self.state.bullet = Some(at);
    }

    /// One character of text from `src` (`exact`: its source bytes are the same bytes).
    pub(crate) fn push(&mut self, c: char, src: Range<usize>, exact: bool) {
        self.flush();
        let start = self.text.len();
        self.text.push(c);
        let exact = exact && src.len() == c.len_utf8();
        self.map.push(start..self.text.len(), src, exact);
        self.state.line_has_text = true;
    }

    /// Writes what waits before the next text: line breaks, a bullet, a collapsed space.
    fn flush(&mut self) {
        let st = self.state;
        if st.pending_breaks > 0 && !self.text.is_empty() {
            self.generated(&"\n\n"[..usize::from(st.pending_breaks)], st.break_at);
            self.state.line_has_text = false;
        }
        self.state.pending_breaks = 0;
        if let Some(at) = self.state.bullet.take() {
            if self.state.line_has_text {
                // The item's line already holds text (a bullet asked for mid-line): break first.
                self.generated("\n", at);
            }
            self.generated(BULLET, at);
            self.state.line_has_text = false;
            self.state.pending_space = None;
        }
        if let Some((a, b)) = self.state.pending_space.take() {
            if self.state.line_has_text {
                let start = self.text.len();
                self.text.push(' ');
                self.map.push(start..self.text.len(), a..b, false);
            }
        }
    }

    /// Text the extraction writes itself (a line break, a bullet), mapped to an empty span at
    /// source position `at`.
    fn generated(&mut self, s: &str, at: usize) {
        let start = self.text.len();
        self.text.push_str(s);
        self.map.push(start..self.text.len(), at..at, false);
    }

    /// A point to come back to with [`restore`](TextBuilder::restore).
    pub(crate) fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            text_len: self.text.len(),
            segments: self.map.segments.len(),
            last: self.map.segments.last().copied(),
            state: self.state,
        }
    }

    /// Forgets everything written since `cp`.
    pub(crate) fn restore(&mut self, cp: Checkpoint) {
        self.text.truncate(cp.text_len);
        self.map.segments.truncate(cp.segments);
        if let (Some(last), Some(slot)) = (cp.last, self.map.segments.last_mut()) {
            *slot = last;
        }
        self.state = cp.state;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(b: &mut TextBuilder, s: &str, base: usize) {
        for (i, c) in s.char_indices() {
            let r = base + i..base + i + c.len_utf8();
            if c.is_ascii_whitespace() {
                b.space(r);
            } else {
                b.push(c, r, true);
            }
        }
    }

    #[test]
    fn white_space_collapses_and_breaks_do_not_pile_up() {
        let mut b = TextBuilder::new();
        b.block_break(2, 0);
        feed(&mut b, "  PMO   Analyst ", 3);
        b.block_break(2, 20);
        b.block_break(1, 21);
        b.hard_break(22);
        b.hard_break(23);
        b.bullet(24);
        feed(&mut b, " Maintain\tthe log ", 30);
        b.block_break(1, 50);
        let (text, map) = b.finish();
        assert_eq!(text, "PMO Analyst\n\n• Maintain the log");
        // "Analyst" maps byte for byte; the collapsed space to the whole run.
        assert_eq!(map.span(Span::new(4, 11)), Some(Span::new(11, 18)));
        assert_eq!(map.span(Span::new(3, 4)), Some(Span::new(8, 11)));
        // "Maintain" after the bullet.
        let m = text.find("Maintain").unwrap();
        assert_eq!(map.span(Span::new(m, m + 8)), Some(Span::new(31, 39)));
        // A span over the generated break runs from word to word.
        assert_eq!(map.span(Span::new(4, m + 8)), Some(Span::new(11, 39)));
        assert_eq!(map.span(Span::new(0, text.len() + 1)), None);
    }

    #[test]
    fn a_single_line_builder_turns_breaks_into_spaces() {
        let mut b = TextBuilder::single_line();
        feed(&mut b, "PMO", 0);
        b.hard_break(3);
        b.bullet(4);
        feed(&mut b, "Analyst", 5);
        assert_eq!(b.text(), "PMO Analyst");
    }

    #[test]
    fn restore_forgets_text_and_merged_segments() {
        let mut b = TextBuilder::new();
        feed(&mut b, "Keep", 0);
        let cp = b.checkpoint();
        feed(&mut b, "Drop", 4);
        b.block_break(2, 8);
        b.restore(cp);
        b.block_break(1, 20);
        feed(&mut b, "More", 21);
        let (text, map) = b.finish();
        assert_eq!(text, "Keep\nMore");
        assert_eq!(map.span(Span::new(0, 4)), Some(Span::new(0, 4)));
        assert_eq!(map.span(Span::new(5, 9)), Some(Span::new(21, 25)));
    }
}
