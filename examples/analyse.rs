//! Analyses advert files and prints each report.
//!
//! ```text
//! cargo run --release --example analyse -- [--json] [--lossy] [--title TEXT] [--profile FILE] FILE...
//! ```
//!
//! `-` reads standard input. `--title` gives the title of every advert (otherwise a short first
//! line is read as the title). `--profile` merges a user profile (TOML, or JSON by extension) over
//! the built-in one. `--lossy` replaces invalid UTF-8 instead of refusing the file. A file that
//! cannot be read or decoded is reported on one stderr line; the others are still analysed and the
//! exit code is 2.

use std::io::{Read, Write};
use std::process::ExitCode;

use pmo_advert::{Advert, Analyser, Error, Profile};

struct Options {
    json: bool,
    lossy: bool,
    title: Option<String>,
    profile: Option<String>,
    files: Vec<String>,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        json: false,
        lossy: false,
        title: None,
        profile: None,
        files: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => o.json = true,
            "--lossy" => o.lossy = true,
            "--title" => o.title = Some(args.next().ok_or("--title needs a value")?),
            "--profile" => o.profile = Some(args.next().ok_or("--profile needs a file")?),
            "-h" | "--help" => {
                return Err("usage: analyse [--json] [--lossy] [--title TEXT] [--profile FILE] FILE... (- for stdin)".into())
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            _ => o.files.push(a),
        }
    }
    if o.files.is_empty() {
        return Err("usage: analyse [--json] [--lossy] [--title TEXT] [--profile FILE] FILE... (- for stdin)".into());
    }
    Ok(o)
}

/// Reads a file (or stdin for `-`) as UTF-8; with `lossy`, replaces bad sequences and says how many.
fn read_text(path: &str, lossy: bool) -> Result<(String, usize), Error> {
    let mut bytes = Vec::new();
    let res = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|b| bytes = b)
    };
    res.map_err(|source| Error::Io {
        path: path.to_string(),
        source,
    })?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, 0)),
        Err(e) if lossy => {
            let bytes = e.into_bytes();
            let replaced = count_invalid(&bytes);
            Ok((String::from_utf8_lossy(&bytes).into_owned(), replaced))
        }
        Err(e) => Err(Error::Utf8 {
            path: path.to_string(),
            offset: e.utf8_error().valid_up_to(),
        }),
    }
}

fn count_invalid(mut bytes: &[u8]) -> usize {
    let mut n = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(_) => return n,
            Err(e) => {
                n += 1;
                let skip = e.valid_up_to() + e.error_len().unwrap_or(bytes.len() - e.valid_up_to());
                bytes = &bytes[skip..];
            }
        }
    }
}

fn run() -> Result<bool, String> {
    let o = parse_args()?;
    let profile = match &o.profile {
        Some(p) => Profile::builtin().merge(Profile::from_path(p).map_err(|e| e.to_string())?),
        None => Profile::builtin(),
    };
    let analyser = Analyser::build(&profile).map_err(|e| e.to_string())?;
    let mut all_ok = true;
    let mut out = std::io::stdout().lock();
    for (i, path) in o.files.iter().enumerate() {
        let (text, replaced) = match read_text(path, o.lossy) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("analyse: {e}");
                all_ok = false;
                continue;
            }
        };
        if replaced > 0 {
            eprintln!("analyse: {path}: replaced {replaced} invalid UTF-8 sequence(s)");
        }
        // A byte order mark stays in the text: the analyser skips it, and spans keep pointing
        // at the file's own bytes.
        let mut advert = Advert::new(&text);
        if let Some(t) = &o.title {
            advert = advert.title(t);
        }
        let report = analyser.analyse(&advert);
        // Written with error handling rather than println!, so that a closed pipe (`| head`)
        // ends the program with one line on stderr instead of a panic.
        let written = if o.json {
            let mut value = serde_json::to_value(&report).map_err(|e| e.to_string())?;
            if let Some(obj) = value.as_object_mut() {
                obj.insert("file".into(), serde_json::Value::String(path.clone()));
            }
            writeln!(out, "{value}")
        } else {
            let gap = if i > 0 { "\n" } else { "" };
            write!(out, "{gap}== {path}\n{}", report.render(&advert))
        };
        written
            .and_then(|()| out.flush())
            .map_err(|e| format!("standard output: {e}"))?;
    }
    Ok(all_ok)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(2),
        Err(e) => {
            eprintln!("analyse: {e}");
            ExitCode::from(2)
        }
    }
}
