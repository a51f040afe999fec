//! Data-driven segmentation cases: `tests/fixtures/segment/{zh,en}.jsonl`
//! and the real-world patterns of `{zh,en}-realworld.jsonl` (text pasted from
//! web pages, PDFs, CMS exports and tokenised corpora),
//! one `{"name", "text", "expected"}` object a line.

use bitext::{Lang, segment::Segmenter};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    name: String,
    text: String,
    expected: Vec<String>,
}

fn run(lang: Lang, file: &str) {
    run_min(lang, file, 60);
}

fn run_min(lang: Lang, file: &str, min: usize) {
    let path = format!(
        "{}/tests/fixtures/segment/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let data = std::fs::read_to_string(&path).unwrap();
    let cases: Vec<Case> = data
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}: {l}")))
        .collect();
    assert!(cases.len() >= min, "{path}: only {} cases", cases.len());
    let seg = Segmenter::new(lang);
    let mut failures = Vec::new();
    for case in &cases {
        let got: Vec<&str> = seg
            .segment(&case.text)
            .into_iter()
            .map(|s| &case.text[s.span])
            .collect();
        if got != case.expected {
            failures.push(format!(
                "{}:\n  text:     {:?}\n  expected: {:?}\n  got:      {:?}",
                case.name, case.text, case.expected, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {lang} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn chinese_cases() {
    run(Lang::Zh, "zh.jsonl");
}

#[test]
fn english_cases() {
    run(Lang::En, "en.jsonl");
}

#[test]
fn chinese_real_world_cases() {
    run_min(Lang::Zh, "zh-realworld.jsonl", 20);
}

#[test]
fn english_real_world_cases() {
    run_min(Lang::En, "en-realworld.jsonl", 15);
}
