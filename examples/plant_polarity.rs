//! Plants reversed directions into the English of gold pairs, seeded and
//! reproducible, to measure the `polarity` flag's recall (RESULTS.md,
//! session 23).
//!
//! ```sh
//! cargo run --release --example plant_polarity -- PAIRS.tsv OUT [--en-col 2] [--seed 1] [--max 500]
//! target/release/bitext score OUT.planted.tsv --context 300 > planted.jsonl
//! target/release/bitext score OUT.clean.tsv --context 300 > clean.jsonl
//! ```
//!
//! `PAIRS.tsv` holds one `source TAB target` a line; `--en-col` says which
//! column is English (2 for zh→en, the default; 1 for en→zh). Every pair
//! whose English holds a word of the swap table (*increased* ↔
//! *decreased*, *rose* ↔ *fell*, *profit* ↔ *loss*, *surplus* ↔
//! *deficit*, *imports* ↔ *exports*, *bought* ↔ *sold*, *won* ↔ *lost*,
//! *approved* ↔ *rejected* …, whole words, capitals kept) is a candidate;
//! the candidates are shuffled with `--seed`, at most `--max` are kept,
//! and in each one occurrence (drawn with the seed) is swapped.
//! `OUT.planted.tsv` has the planted pairs, `OUT.clean.tsv` the same pairs
//! untouched (in the same order) and `OUT.key.tsv` says, for each line,
//! the input line, the word and its replacement. A planted pair whose
//! Chinese carries no word of the swapped direction cannot be caught by a
//! rule that compares the two sides; the key lets an analysis tell them
//! apart.

use std::path::PathBuf;

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

/// Opposites, each pair swapped both ways.
const SWAPS: &[(&str, &str)] = &[
    ("increase", "decrease"),
    ("increased", "decreased"),
    ("increases", "decreases"),
    ("increasing", "decreasing"),
    ("rise", "fall"),
    ("rises", "falls"),
    ("rose", "fell"),
    ("risen", "fallen"),
    ("rising", "falling"),
    ("grew", "shrank"),
    ("growth", "decline"),
    ("higher", "lower"),
    ("raised", "lowered"),
    ("expanded", "narrowed"),
    ("profit", "loss"),
    ("profits", "losses"),
    ("surplus", "deficit"),
    ("import", "export"),
    ("imports", "exports"),
    ("imported", "exported"),
    ("buy", "sell"),
    ("bought", "sold"),
    ("buying", "selling"),
    ("purchased", "sold"),
    ("win", "lose"),
    ("won", "lost"),
    ("approve", "reject"),
    ("approved", "rejected"),
    ("support", "oppose"),
    ("supported", "opposed"),
    ("improve", "worsen"),
    ("improved", "worsened"),
    ("strengthen", "weaken"),
    ("strengthened", "weakened"),
];

fn opposite(lower: &str) -> Option<&'static str> {
    SWAPS.iter().find_map(|&(a, b)| {
        if a == lower {
            Some(b)
        } else if b == lower {
            Some(a)
        } else {
            None
        }
    })
}

/// The swappable words of `text`: byte span and replacement (capital kept).
fn candidates(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (b, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_ascii_alphabetic() {
            start.get_or_insert(b);
        } else if let Some(s) = start.take() {
            let w = &text[s..b];
            if let Some(o) = opposite(&w.to_ascii_lowercase()) {
                let mut r = o.to_string();
                if w.starts_with(|c: char| c.is_ascii_uppercase()) {
                    r[..1].make_ascii_uppercase();
                }
                out.push((s, b, r));
            }
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let positional: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || !args[i - 1].starts_with("--")))
        .map(|(_, a)| a)
        .collect();
    let [input, out] = positional[..] else {
        eprintln!("usage: plant_polarity PAIRS.tsv OUT [--en-col 2] [--seed 1] [--max 500]");
        std::process::exit(2);
    };
    let en_col: usize = value("--en-col").map_or(2, |s| s.parse().expect("--en-col 1|2"));
    let seed: u64 = value("--seed").map_or(1, |s| s.parse().expect("--seed N"));
    let max: usize = value("--max").map_or(500, |s| s.parse().expect("--max N"));
    let text = std::fs::read_to_string(input)
        .unwrap_or_else(|e| panic!("plant_polarity: cannot read {input}: {e}"));
    let mut pool: Vec<(usize, String, String)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if let Some((a, b)) = line.split_once('\t')
            && !candidates(if en_col == 1 { a } else { b }).is_empty()
        {
            pool.push((n + 1, a.to_string(), b.to_string()));
        }
    }
    let mut rng = Rng(seed);
    // Fisher–Yates, then the first `max`.
    for i in (1..pool.len()).rev() {
        let j = rng.below(i + 1);
        pool.swap(i, j);
    }
    pool.truncate(max);
    let (mut planted, mut clean, mut key) = (String::new(), String::new(), String::new());
    for (n, a, b) in &pool {
        let en = if en_col == 1 { a } else { b };
        let c = candidates(en);
        let (s, e, r) = &c[rng.below(c.len())];
        let swapped = format!("{}{}{}", &en[..*s], r, &en[*e..]);
        let (pa, pb) = if en_col == 1 {
            (swapped.as_str(), b.as_str())
        } else {
            (a.as_str(), swapped.as_str())
        };
        planted.push_str(&format!("{pa}\t{pb}\n"));
        clean.push_str(&format!("{a}\t{b}\n"));
        key.push_str(&format!("{n}\t{}\t{r}\n", &en[*s..*e]));
    }
    let out = PathBuf::from(out);
    let path = |ext: &str| {
        let mut p = out.clone().into_os_string();
        p.push(ext);
        PathBuf::from(p)
    };
    for (ext, body) in [
        (".planted.tsv", planted),
        (".clean.tsv", clean),
        (".key.tsv", key),
    ] {
        std::fs::write(path(ext), body).unwrap_or_else(|e| {
            panic!("plant_polarity: cannot write {}: {e}", path(ext).display())
        });
    }
    eprintln!(
        "plant_polarity: {} pairs planted from {input} (seed {seed})",
        pool.len()
    );
}
