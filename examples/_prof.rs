fn main() {
    let a = pmo_advert::Analyser::builtin();
    let text =
        std::fs::read_to_string("fixtures/adverts/analyst-pmo-analyst-full-length.txt").unwrap();
    let r = a.analyse_text(&text);
    eprintln!("evidence {}", r.evidence().len());
    let mut n = 0;
    for _ in 0..20000 {
        n += a.analyse_text(&text).evidence().len();
    }
    println!("{n}");
}
