//! One CSV row per advert, with the `csv` crate.

use std::io;

use crate::Report;

/// The columns [`CsvWriter`] writes, in order.
///
/// - `id`: what the caller names the advert by (a file name, a database id), quoted by the CSV
///   rules when it holds a comma, a quote or a line break;
/// - `verdict`: `analyst`, `lead`, `manager` or `none`;
/// - `confidence`: the verdict's confidence in `[0, 1]` with 4 decimals, empty without a verdict;
/// - `analyst`, `lead`, `manager`: the scores from the title and the duties
///   ([`Report::scores`]), 3 decimals;
/// - `duties_analyst`, `duties_lead`, `duties_manager`: the scores from the duties alone
///   ([`Report::duties_only`]), 3 decimals;
/// - `title_claim`: the role the title claims (`analyst`, `lead`, `manager`), empty if none;
/// - `mismatch`: `claimed>duties` such as `manager>analyst` when the title claims one level and
///   the duties read as another, else empty;
/// - `evidence`: how many pieces of evidence the report lists.
pub const CSV_HEADER: [&str; 12] = [
    "id",
    "verdict",
    "confidence",
    "analyst",
    "lead",
    "manager",
    "duties_analyst",
    "duties_lead",
    "duties_manager",
    "title_claim",
    "mismatch",
    "evidence",
];

/// What can go wrong writing CSV: the underlying writer failed, or the CSV writer did.
///
/// Messages are lowercase without a trailing period, like [`crate::Error`]'s.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CsvError {
    /// The underlying writer failed (a full disk, a closed pipe); the `source()` says why.
    #[error("writing csv failed")]
    Io(#[source] io::Error),
    /// The CSV writer refused a record (it does not for the records this crate writes; kept so
    /// that no error is lost); the csv crate's error is the `source()`.
    #[error("writing csv failed")]
    Csv(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl From<::csv::Error> for CsvError {
    /// Keeps the underlying writer's errors as [`CsvError::Io`], whichever writer saw them.
    fn from(e: ::csv::Error) -> CsvError {
        if !e.is_io_error() {
            return CsvError::Csv(Box::new(e));
        }
        match e.into_kind() {
            ::csv::ErrorKind::Io(io) => CsvError::Io(io),
            // Not reached: `is_io_error` means the kind is `Io`.
            other => CsvError::Io(io::Error::other(format!("{other:?}"))),
        }
    }
}

/// Writes reports as CSV rows, one per advert, to any [`io::Write`]; the header
/// ([`CSV_HEADER`]) comes first, once, before the first row (or at [`flush`](CsvWriter::flush)
/// when no row was written, so an empty batch still gives a header).
///
/// Output is buffered: call [`flush`](CsvWriter::flush) or [`into_inner`](CsvWriter::into_inner)
/// at the end to see write errors (dropping the writer flushes but loses them).
///
/// ```
/// use pmo_advert::{render::CsvWriter, Analyser};
///
/// let analyser = Analyser::builtin();
/// let mut out = CsvWriter::new(Vec::new());
/// out.write("pmo, officer.txt", &analyser.analyse_text("PMO Officer\nMaintain the RAID log."))?;
/// out.write("nurse.txt", &analyser.analyse_text("Staff Nurse\nCare for patients on the ward."))?;
/// let csv = String::from_utf8(out.into_inner()?).unwrap();
/// let lines: Vec<&str> = csv.lines().collect();
/// assert_eq!(lines.len(), 3);
/// assert!(lines[1].starts_with("\"pmo, officer.txt\",analyst,"));
/// assert!(lines[2].starts_with("nurse.txt,none,,"));
/// # Ok::<(), pmo_advert::render::CsvError>(())
/// ```
#[derive(Debug)]
pub struct CsvWriter<W: io::Write> {
    inner: ::csv::Writer<W>,
    header_written: bool,
}

impl<W: io::Write> CsvWriter<W> {
    /// A writer of CSV rows to `w`; nothing is written until the first row or flush.
    pub fn new(w: W) -> CsvWriter<W> {
        CsvWriter {
            inner: ::csv::Writer::from_writer(w),
            header_written: false,
        }
    }

    fn header(&mut self) -> Result<(), CsvError> {
        if !self.header_written {
            self.inner.write_record(CSV_HEADER)?;
            self.header_written = true;
        }
        Ok(())
    }

    /// Writes one row for `report` under the name `id` (the header first if it has not been
    /// written yet). Errors come from the underlying writer.
    pub fn write(&mut self, id: &str, report: &Report) -> Result<(), CsvError> {
        self.header()?;
        let verdict = report.verdict();
        let s = report.scores();
        let d = report.duties_only();
        // A spreadsheet reads a cell opening with = + - @ (or a tab or CR) as a formula: such an
        // id is written after an apostrophe, as spreadsheets themselves do (OWASP's advice).
        let id = if id.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{id}")
        } else {
            id.to_string()
        };
        let record: [String; 12] = [
            id,
            verdict.map_or("none", |v| v.role().as_str()).to_string(),
            verdict.map_or(String::new(), |v| format!("{:.4}", v.confidence())),
            format!("{:.3}", s.analyst),
            format!("{:.3}", s.lead),
            format!("{:.3}", s.manager),
            format!("{:.3}", d.analyst),
            format!("{:.3}", d.lead),
            format!("{:.3}", d.manager),
            report
                .title_claim()
                .map_or(String::new(), |c| c.role().as_str().to_string()),
            report
                .mismatch()
                .map_or(String::new(), super::mismatch_words),
            report.evidence().len().to_string(),
        ];
        self.inner.write_record(&record)?;
        Ok(())
    }

    /// Writes the header if no row was written, then flushes everything to the underlying writer.
    pub fn flush(&mut self) -> Result<(), CsvError> {
        self.header()?;
        self.inner.flush().map_err(CsvError::Io)
    }

    /// Flushes (as [`flush`](CsvWriter::flush)) and gives back the underlying writer.
    pub fn into_inner(mut self) -> Result<W, CsvError> {
        self.header()?;
        self.inner
            .into_inner()
            .map_err(|e| CsvError::Io(e.into_error()))
    }
}
