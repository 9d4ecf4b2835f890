//! What the integration tests share: reading the fixture adverts.

use std::path::Path;

/// Every advert in `fixtures/adverts` whose file name ends in `.{extension}`, as (file name,
/// text), sorted by file name.
pub fn fixtures(extension: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/adverts");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("fixtures/adverts")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).expect("fixture is UTF-8");
            (name, text)
        })
        .collect();
    out.sort();
    out
}
