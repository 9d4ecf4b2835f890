//! The input: one job advert, an optional title and a body.

/// A job advert: an optional title and a body.
///
/// Without a title, the analyser looks for the title line among the first lines of the body,
/// skipping page furniture (see [`Report::title_line`](crate::Report::title_line)).
///
/// ```
/// use pmo_advert::Advert;
///
/// let advert = Advert::new("You will maintain the RAID log.").title("PMO Officer");
/// assert_eq!(advert.title_text(), Some("PMO Officer"));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Advert<'a> {
    title: Option<&'a str>,
    body: &'a str,
}

impl<'a> Advert<'a> {
    /// An advert with this body and no title.
    pub fn new(body: &'a str) -> Advert<'a> {
        Advert { title: None, body }
    }

    /// Sets the title. An advert with a title, even an empty one, is not searched for a title
    /// line: its job title is parsed from this title alone.
    pub fn title(mut self, title: &'a str) -> Advert<'a> {
        self.title = Some(title);
        self
    }

    /// The title, if one was given.
    pub fn title_text(&self) -> Option<&'a str> {
        self.title
    }

    /// The body.
    pub fn body(&self) -> &'a str {
        self.body
    }
}
