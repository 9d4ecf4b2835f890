//! Error messages with their causes, each once: "mine.toml: cannot be read: No such file or
//! directory (os error 2)".

/// The error's message followed by each `source()`, joined by ": ".
pub fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}
