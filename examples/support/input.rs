//! Reading adverts as job boards deliver them, shared by the `analyse` and `throughput`
//! examples: files, directories (walked recursively), standard input, JSON lines, HTML pages and
//! schema.org JobPosting JSON.

use std::io::Read;
use std::path::{Path, PathBuf};

use pmo_advert::input::ExtractedAdvert;
use pmo_advert::{Advert, Analyser, Report};
use serde::Deserialize;

/// The file extensions a directory walk picks up.
pub const EXTENSIONS: [&str; 6] = ["txt", "md", "html", "htm", "json", "jsonl"];

/// How to read an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// By extension (`.html`/`.htm` HTML, `.json` JobPosting, `.jsonl` JSON lines, else plain
    /// text); standard input by its first character (`<` HTML, `{` JSON, else text).
    Auto,
    /// Plain text: the title is looked for in the text unless `--title` is given.
    Text,
    /// An HTML page.
    Html,
    /// A schema.org JobPosting (JSON-LD).
    Json,
    /// JSON lines: one object a line with `id`, `title`, and `text` or `html`.
    Jsonl,
}

/// One advert ready to analyse.
pub struct Item {
    /// The file, or the file and line of a JSON line.
    pub name: String,
    /// The `id` of a JSON line, if it had one.
    pub id: Option<String>,
    pub content: Content,
}

/// An advert's text, as given or as extracted from HTML or JSON.
pub enum Content {
    Plain { title: Option<String>, body: String },
    Extracted(Box<ExtractedAdvert>),
}

impl Item {
    /// The advert to analyse (its title and body).
    pub fn advert(&self) -> Advert<'_> {
        match &self.content {
            Content::Plain { title, body } => {
                let a = Advert::new(body);
                match title {
                    Some(t) => a.title(t),
                    None => a,
                }
            }
            Content::Extracted(x) => x.advert(),
        }
    }

    /// The report, with source spans into the HTML for an extracted advert.
    pub fn analyse(&self, analyser: &Analyser) -> Report {
        match &self.content {
            Content::Plain { .. } => analyser.analyse(&self.advert()),
            Content::Extracted(x) => x.analyse(analyser),
        }
    }
}

/// Whether `path` is read as JSON lines under `format`.
pub fn is_jsonl(path: &Path, format: Format) -> bool {
    match format {
        Format::Jsonl => true,
        Format::Auto => path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl")),
        _ => false,
    }
}

/// Expands files and directories (recursively, sorted, keeping [`EXTENSIONS`]) into paths; `-`
/// stays as is. Symbolic links to directories are not followed (no loops), and only regular
/// files are taken from a directory (no FIFOs or devices). A directory that cannot be read is
/// one error naming it; the walk goes on.
pub fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        walk(p, &mut out, &mut errors);
    }
    (out, errors)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    let mut entries: Vec<(PathBuf, std::fs::FileType)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.path(), e.file_type().ok()?)))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (p, kind) in entries {
        if kind.is_dir() {
            walk(&p, out, errors);
            continue;
        }
        // A symbolic link counts when it leads to a regular file.
        let regular = kind.is_file()
            || (kind.is_symlink() && std::fs::metadata(&p).is_ok_and(|m| m.is_file()));
        if regular
            && p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
        {
            out.push(p);
        }
    }
}

/// Reads a file (or standard input for `-`) as UTF-8; with `lossy`, replaces bad sequences and
/// says how many on stderr. Errors name the file and, for invalid UTF-8, the byte offset. JSON
/// lines are decoded line by line: a bad line is its own error (`file:line`), the other lines
/// still come.
pub fn read_text(path: &Path, lossy: bool, jsonl: bool) -> Result<(String, Vec<String>), String> {
    let shown = path.display().to_string();
    let mut bytes = Vec::new();
    let res = if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|b| bytes = b)
    };
    res.map_err(|e| {
        crate::chain::chain(&pmo_advert::Error::Io {
            path: shown.clone(),
            source: e,
        })
    })?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, Vec::new())),
        Err(e) if jsonl && !lossy => {
            // Blank out each bad line (keeping line numbers) and report it.
            let mut errors = Vec::new();
            let lines: Vec<String> = e
                .into_bytes()
                .split(|&b| b == b'\n')
                .enumerate()
                .map(|(i, line)| match std::str::from_utf8(line) {
                    Ok(l) => l.to_string(),
                    Err(e) => {
                        errors.push(format!(
                            "{shown}:{}: invalid UTF-8 at byte {} of the line",
                            i + 1,
                            e.valid_up_to()
                        ));
                        String::new()
                    }
                })
                .collect();
            Ok((lines.join("\n"), errors))
        }
        Err(e) if lossy => {
            let bytes = e.into_bytes();
            let replaced = count_invalid(&bytes);
            eprintln!("analyse: {shown}: replaced {replaced} invalid UTF-8 sequence(s)");
            Ok((String::from_utf8_lossy(&bytes).into_owned(), Vec::new()))
        }
        Err(e) => Err(pmo_advert::Error::Utf8 {
            path: shown,
            offset: e.utf8_error().valid_up_to(),
        }
        .to_string()),
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

#[derive(Deserialize)]
struct JsonLine {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    html: Option<String>,
}

fn format_of(path: &Path, text: &str, format: Format) -> Format {
    if format != Format::Auto {
        return format;
    }
    if path.as_os_str() == "-" {
        let t = text.trim_start();
        let second_line_is_json = t
            .lines()
            .nth(1)
            .is_some_and(|l| l.trim_start().starts_with('{'));
        // One JSON line of our own shape (`text` or `html`) rather than a JobPosting.
        let own_shape = t
            .lines()
            .next()
            .and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .is_some_and(|v| v.get("text").is_some() || v.get("html").is_some());
        let second_line_is_json = second_line_is_json || own_shape;
        return match t.chars().next() {
            Some('<') => Format::Html,
            Some('{') if second_line_is_json => Format::Jsonl,
            Some('{' | '[') => Format::Json,
            _ => Format::Text,
        };
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => Format::Html,
        Some("json") => Format::Json,
        Some("jsonl") => Format::Jsonl,
        _ => Format::Text,
    }
}

/// The adverts of one input: one for a text file, one per posting of an HTML page or JSON file,
/// one per line of JSON lines (a line that fails is one error, the others still come). `title`
/// is the title for plain text.
pub fn adverts_of(
    path: &Path,
    text: String,
    format: Format,
    title: Option<&str>,
) -> Vec<Result<Item, String>> {
    let shown = path.display().to_string();
    let extracted =
        |list: Result<Vec<ExtractedAdvert>, pmo_advert::Error>| -> Vec<Result<Item, String>> {
            match list {
                Ok(list) => {
                    let several = list.len() > 1;
                    list.into_iter()
                        .enumerate()
                        .map(|(i, x)| {
                            Ok(Item {
                                name: if several {
                                    format!("{shown}#{}", i + 1)
                                } else {
                                    shown.clone()
                                },
                                id: None,
                                content: Content::Extracted(Box::new(x)),
                            })
                        })
                        .collect()
                }
                Err(e) => vec![Err(format!("{shown}: {e}"))],
            }
        };
    match format_of(path, &text, format) {
        Format::Html => extracted(ExtractedAdvert::from_html(&text)),
        Format::Json => extracted(ExtractedAdvert::from_job_posting_json(&text)),
        Format::Jsonl => text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, line)| {
                let at = format!("{shown}:{}", i + 1);
                let l: JsonLine = serde_json::from_str(line).map_err(|e| format!("{at}: {e}"))?;
                let id = l.id.map(|v| match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                });
                let name = at.clone();
                let content = match (l.text, l.html) {
                    (Some(body), _) => Content::Plain {
                        title: l.title,
                        body,
                    },
                    (None, Some(html)) => {
                        let mut list =
                            ExtractedAdvert::from_html(&html).map_err(|e| format!("{at}: {e}"))?;
                        if list.is_empty() {
                            return Err(format!("{at}: the html holds no advert"));
                        }
                        let mut x = list.swap_remove(0);
                        if let Some(t) = l.title {
                            x = x.with_title(t);
                        }
                        Content::Extracted(Box::new(x))
                    }
                    (None, None) => return Err(format!("{at}: no \"text\" or \"html\"")),
                };
                Ok(Item { name, id, content })
            })
            .collect(),
        Format::Text | Format::Auto => vec![Ok(Item {
            name: shown,
            id: None,
            content: Content::Plain {
                title: title.map(str::to_string),
                body: text,
            },
        })],
    }
}
