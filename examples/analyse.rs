//! Analyses adverts — files, directories, standard input, HTML pages, JobPosting JSON, JSON
//! lines — and prints each report as text, JSON, CSV or one HTML page.
//!
//! ```text
//! cargo run --release --example analyse -- [OPTIONS] [INPUT]...
//! ```
//!
//! Run with `--help` for the options. A file that cannot be read or decoded, or a JSON line
//! that does not parse, is reported on one stderr line; the others are still analysed and the
//! exit code is 2. A closed output pipe (`| head`) ends the run quietly.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use pmo_advert::render::{self, CsvWriter, HtmlAdvert, TextOptions};
use pmo_advert::{Analyser, Profile, Report};
use serde::Serialize;

#[path = "support/chain.rs"]
mod chain;
#[path = "support/input.rs"]
mod input;

use chain::chain;

use input::{Format, Item};

/// What `--format` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// A summary a recruiter reads in ten seconds (the full evidence list with --verbose).
    Text,
    /// One JSON report a line, with `file` (and `id` for a JSON line that has one).
    Json,
    /// One CSV row per advert.
    Csv,
    /// One self-contained HTML page for all the adverts.
    Html,
}

/// When to colour the text output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    /// When standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Which PMO role (Analyst, Lead or Manager) each job advert is for, with the evidence.
#[derive(Parser, Debug)]
#[command(name = "analyse", version)]
struct Args {
    /// Files, directories (walked for .txt .md .html .htm .json .jsonl) or - for standard input.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// The same as --format json.
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// How to read the inputs.
    #[arg(long, value_enum, default_value_t = Format::Auto)]
    input: Format,
    /// Read the inputs as JSON lines (the same as --input jsonl).
    #[arg(long, conflicts_with = "input")]
    jsonl: bool,
    /// The title of every plain-text advert (otherwise its title line is looked for).
    #[arg(long)]
    title: Option<String>,
    /// A profile (TOML, or JSON by extension) merged over the built-in one.
    #[arg(long)]
    profile: Option<PathBuf>,
    /// Replace invalid UTF-8 instead of refusing the file (spans then index the repaired text).
    #[arg(long)]
    lossy: bool,
    /// With --format text: every piece of evidence, not only the strongest.
    #[arg(long, short)]
    verbose: bool,
    /// Colour the text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

/// One JSON output line: the report's fields after `file` and `id`.
#[derive(Serialize)]
struct JsonLine<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(flatten)]
    report: &'a Report,
}

/// A write failure: `None` when the reader went away (a closed pipe), else the message.
fn write_failure(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        {
            return None;
        }
        cause = c.source();
    }
    Some(format!("standard output: {}", chain(e)))
}

fn io_err(e: std::io::Error) -> Option<String> {
    write_failure(&e)
}

/// Where the reports go: straight to a buffered standard output, or through the CSV writer.
enum Sink {
    Plain(BufWriter<std::io::StdoutLock<'static>>),
    Csv(Box<CsvWriter<BufWriter<std::io::StdoutLock<'static>>>>),
}

fn run() -> Result<bool, Option<String>> {
    let args = Args::parse();
    let format = if args.json {
        OutputFormat::Json
    } else {
        args.format
    };
    let input_format = if args.jsonl {
        Format::Jsonl
    } else {
        args.input
    };
    let profile = match &args.profile {
        Some(p) => Profile::builtin().merge(Profile::from_path(p).map_err(|e| Some(chain(&e)))?),
        None => Profile::builtin(),
    };
    let analyser = Analyser::build(&profile).map_err(|e| Some(chain(&e)))?;
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let (paths, walk_errors) = input::expand(&args.inputs);
    let mut all_ok = walk_errors.is_empty();
    for e in walk_errors {
        eprintln!("analyse: {e}");
    }
    // Read every input first: the count drives the progress bar, and a batch analysed on every
    // core keeps its order.
    let mut items: Vec<Item> = Vec::new();
    for path in &paths {
        let text = match input::read_text(path, args.lossy, input::is_jsonl(path, input_format)) {
            Ok((t, line_errors)) => {
                for e in &line_errors {
                    eprintln!("analyse: {e}");
                }
                all_ok &= line_errors.is_empty();
                t
            }
            Err(e) => {
                eprintln!("analyse: {e}");
                all_ok = false;
                continue;
            }
        };
        for item in input::adverts_of(path, text, input_format, args.title.as_deref()) {
            match item {
                Ok(i) => items.push(i),
                Err(e) => {
                    eprintln!("analyse: {e}");
                    all_ok = false;
                }
            }
        }
    }
    // A progress bar on the terminal when the reports go elsewhere (a file, a pipe).
    let progress = (items.len() > 1
        && std::io::stderr().is_terminal()
        && !std::io::stdout().is_terminal())
    .then(|| {
        let bar = indicatif::ProgressBar::new(items.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} adverts {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let stdout = BufWriter::new(std::io::stdout().lock());
    let mut sink = match format {
        OutputFormat::Csv => Sink::Csv(Box::new(CsvWriter::new(stdout))),
        _ => Sink::Plain(stdout),
    };
    let options = TextOptions::default().verbose(args.verbose).color(color);
    let mut page: Vec<(usize, Report)> = Vec::new();
    // Chunks bound the reports held at once; with the `parallel` feature each chunk is analysed
    // on every core, and the output keeps the input order.
    const CHUNK: usize = 64;
    for (c, chunk) in items.chunks(CHUNK).enumerate() {
        let reports = analyse_chunk(&analyser, chunk);
        for (k, (item, report)) in chunk.iter().zip(reports).enumerate() {
            let index = c * CHUNK + k;
            match (&mut sink, format) {
                (Sink::Csv(w), _) => w
                    .write(item.id.as_deref().unwrap_or(&item.name), &report)
                    .map_err(|e| write_failure(&e))?,
                (Sink::Plain(out), OutputFormat::Json) => {
                    let line = JsonLine {
                        file: &item.name,
                        id: item.id.as_deref(),
                        report: &report,
                    };
                    serde_json::to_writer(&mut *out, &line).map_err(|e| io_err(e.into()))?;
                    out.write_all(b"\n").map_err(io_err)?;
                }
                (Sink::Plain(out), OutputFormat::Text) => {
                    let gap = if index > 0 { "\n" } else { "" };
                    let summary = render::text(&report, &item.advert(), &options);
                    let id = item.id.as_deref().map(|i| format!(" ({})", printable(i)));
                    let name = printable(&item.name);
                    let id = id.unwrap_or_default();
                    write!(out, "{gap}== {name}{id}\n{summary}").map_err(io_err)?;
                }
                (Sink::Plain(_), _) => page.push((index, report)),
            }
            if let Some(bar) = &progress {
                bar.inc(1);
            }
        }
        match &mut sink {
            Sink::Plain(out) => out.flush().map_err(io_err)?,
            Sink::Csv(w) => w.flush().map_err(|e| write_failure(&e))?,
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if let Sink::Plain(out) = &mut sink {
        if format == OutputFormat::Html {
            let adverts: Vec<HtmlAdvert<'_>> = page
                .iter()
                .map(|(i, report)| HtmlAdvert::new(&items[*i].name, items[*i].advert(), report))
                .collect();
            out.write_all(render::html_page(&adverts).as_bytes())
                .map_err(io_err)?;
        }
        out.flush().map_err(io_err)?;
    }
    Ok(all_ok)
}

/// A name fit for a terminal: control characters (escape sequences) shown as `\u{…}`.
fn printable(name: &str) -> String {
    name.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_unicode().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

#[cfg(feature = "parallel")]
fn analyse_chunk(analyser: &Analyser, chunk: &[Item]) -> Vec<Report> {
    use rayon::prelude::*;
    chunk.par_iter().map(|i| i.analyse(analyser)).collect()
}

#[cfg(not(feature = "parallel"))]
fn analyse_chunk(analyser: &Analyser, chunk: &[Item]) -> Vec<Report> {
    chunk.iter().map(|i| i.analyse(analyser)).collect()
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(2),
        // The reader went away (`| head`): stop quietly, as ripgrep does.
        Err(None) => ExitCode::SUCCESS,
        Err(Some(e)) => {
            eprintln!("analyse: {e}");
            ExitCode::from(2)
        }
    }
}
