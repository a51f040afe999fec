//! Exact-sentence F1 of bitext's segmentation on JSON Lines test sets: the
//! tool behind the "Segmentation" section of `RESULTS.md` (run it through
//! `scripts/seg-eval.sh`, which finds the public sets).
//!
//! ```sh
//! cargo run --release --example seg_eval -- FILE.jsonl...
//! cargo run --release --example seg_eval -- --srx rules.srx FILE.jsonl...
//! cargo run --release --example seg_eval -- --show FILE.jsonl   # print the misses
//! ```
//! Each line of a file is `{"id" or "name", "text", "expected": [sentences]}`.
//! The language of a case is guessed from its text (`bitext::lang::detect`),
//! or forced with `--lang zh|en`. Sentences are compared with surrounding
//! whitespace stripped and inner whitespace runs collapsed to one space (as
//! pySBD's tests strip them). A predicted sentence is a true positive when an
//! equal expected sentence of the same case is still unmatched; precision is
//! over the predicted sentences, recall over the expected ones, and F1 their
//! harmonic mean, pooled over the cases of a file and of a language.

use bitext::Lang;
use bitext::lang::detect;
use bitext::segment::Segmenter;
use std::collections::BTreeMap;

#[derive(Default, Clone, Copy)]
struct Tally {
    cases: usize,
    exact: usize,
    pred: usize,
    gold: usize,
    tp: usize,
}

impl Tally {
    fn add(&mut self, o: Tally) {
        self.cases += o.cases;
        self.exact += o.exact;
        self.pred += o.pred;
        self.gold += o.gold;
        self.tp += o.tp;
    }
    fn line(&self, name: &str) -> String {
        let p = ratio(self.tp, self.pred);
        let r = ratio(self.tp, self.gold);
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        format!(
            "{name:<28} {:>5} {:>5} {:>5} {:>5} {:>5}  P {p:.3}  R {r:.3}  F1 {f:.3}",
            self.cases, self.exact, self.pred, self.gold, self.tp
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut files = Vec::new();
    let mut lang: Option<Lang> = None;
    let mut srx: Option<bitext::segment::srx::SrxRules> = None;
    let mut show = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--lang" => lang = Some(args.next().ok_or("--lang needs a value")?.parse()?),
            "--srx" => {
                let path = args.next().ok_or("--srx needs a file")?;
                srx = Some(bitext::segment::srx::SrxRules::from_file(path.as_ref())?);
            }
            "--show" => show = true,
            _ => files.push(a),
        }
    }
    if files.is_empty() {
        return Err("usage: seg_eval [--lang zh|en] [--srx FILE] [--show] FILE.jsonl...".into());
    }
    println!(
        "{:<28} {:>5} {:>5} {:>5} {:>5} {:>5}",
        "set", "cases", "exact", "pred", "gold", "tp"
    );
    let mut per_lang: BTreeMap<&'static str, Tally> = BTreeMap::new();
    for file in &files {
        let data = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
        let mut per_file: BTreeMap<&'static str, Tally> = BTreeMap::new();
        for (n, line) in data.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{file}:{}: {e}", n + 1))?;
            let text = v["text"]
                .as_str()
                .ok_or(format!("{file}:{}: no text", n + 1))?;
            let id = v["id"].as_str().or(v["name"].as_str()).unwrap_or("?");
            let expected: Vec<String> = v["expected"]
                .as_array()
                .ok_or(format!("{file}:{}: no expected", n + 1))?
                .iter()
                .filter_map(|s| s.as_str().map(norm))
                .collect();
            let l = lang.unwrap_or_else(|| detect(text));
            let seg = match &srx {
                Some(rules) => Segmenter::with_srx(l, rules.for_lang(l.code())),
                None => Segmenter::new(l),
            };
            let got: Vec<String> = seg
                .segment(text)
                .into_iter()
                .map(|s| norm(&text[s.span]))
                .collect();
            let mut unmatched = expected.clone();
            let mut tp = 0;
            for g in &got {
                if let Some(p) = unmatched.iter().position(|e| e == g) {
                    unmatched.remove(p);
                    tp += 1;
                }
            }
            let t = Tally {
                cases: 1,
                exact: usize::from(got == expected),
                pred: got.len(),
                gold: expected.len(),
                tp,
            };
            if show && got != expected {
                println!("MISS {id} ({l})\n  expected {expected:?}\n  got      {got:?}");
            }
            per_file.entry(l.code()).or_default().add(t);
            per_lang.entry(l.code()).or_default().add(t);
        }
        let short = std::path::Path::new(file)
            .file_name()
            .map_or(file.clone(), |f| f.to_string_lossy().into_owned());
        for (l, t) in &per_file {
            println!("{}", t.line(&format!("{short} [{l}]")));
        }
    }
    for (l, t) in &per_lang {
        println!("{}", t.line(&format!("ALL [{l}]")));
    }
    Ok(())
}
