//! Half-open byte ranges into the analysed text.

use serde::{Deserialize, Serialize};

/// A half-open range `start..end` of UTF-8 **byte** offsets into the text a piece of evidence came
/// from (the advert body, or its title when the evidence's field is the title).
///
/// Both ends always fall on `char` boundaries, so indexing a `str` with a span never panics for
/// spans produced by this crate:
///
/// ```
/// use pmo_advert::Span;
///
/// let text = "Senior PMO Analyst";
/// let span = Span::new(7, 18);
/// assert_eq!(&text[span], "PMO Analyst");
/// assert_eq!(format!("{span:?}"), "7..18");
/// ```
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// Creates a span; `start` must not exceed `end`.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies wholly inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The span as a `Range`, for slicing.
    pub fn range(&self) -> core::ops::Range<usize> {
        self.start..self.end
    }
}

impl core::fmt::Debug for Span {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl core::ops::Index<Span> for str {
    type Output = str;

    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

impl core::ops::Index<Span> for String {
    type Output = str;

    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

impl From<core::ops::Range<usize>> for Span {
    fn from(r: core::ops::Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}
