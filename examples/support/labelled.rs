//! Labelled adverts as JSON lines, shared by the `evaluate` and `fit` examples: `label`, `title`,
//! and `text` or `html`; `id` optional.

#[cfg(feature = "html")]
use pmo_advert::input::ExtractedAdvert;
use pmo_advert::metrics::Band;
use serde::Deserialize;

/// One labelled advert line.
#[derive(Deserialize)]
pub struct LabelledLine {
    #[serde(default)]
    pub id: Option<String>,
    pub label: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    /// An HTML page (or fragment) instead of `text`: its visible text is the body, and its
    /// `<h1>`/`<title>` the title unless `title` is given.
    #[serde(default)]
    pub html: Option<String>,
}

impl LabelledLine {
    /// The line's title and body: `text` as given, or the text extracted from `html`.
    pub fn title_and_body(&self) -> Result<(Option<String>, String), String> {
        match (&self.text, &self.html) {
            (Some(text), _) => Ok((self.title.clone(), text.clone())),
            #[cfg(feature = "html")]
            (None, Some(html)) => {
                let x = ExtractedAdvert::from_html(html)
                    .map_err(|e| crate::support::chain::chain(&e))?
                    .into_iter()
                    .next()
                    .ok_or("the html holds no advert")?;
                let title = self.title.clone().or_else(|| x.title().map(str::to_string));
                Ok((title, x.body().to_string()))
            }
            #[cfg(not(feature = "html"))]
            (None, Some(_)) => Err("reading \"html\" needs the crate's `html` feature".to_string()),
            (None, None) => Err("no \"text\" or \"html\"".to_string()),
        }
    }
}

/// One line per confidence band: its size, accuracy and mean confidence.
pub fn band_lines(bands: &[Band]) -> Vec<String> {
    bands
        .iter()
        .map(|b| match b.n() {
            0 => format!("  [{:.1}, {:.1}) n=0", b.low(), b.high()),
            n => format!(
                "  [{:.1}, {:.1}) n={n:<3} accuracy {:.3}  mean confidence {:.3}",
                b.low(),
                b.high(),
                b.accuracy(),
                b.mean_confidence()
            ),
        })
        .collect()
}
