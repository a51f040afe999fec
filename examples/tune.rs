//! Tries cost-model settings on MAC-Dev (and optionally the Bible) in one
//! process, printing strict F1 for each: the tool behind `RESULTS.md`.
//!
//! ```sh
//! cargo run --release --example tune -- lexical=0.3,0.5 name_match=2
//! cargo run --release --example tune -- --bible lexical=0.5     # all six Bible files
//! cargo run --release --example tune -- --bible=1 lexical=0.5   # only the first
//! # also on a synthetic set written by examples/plant_nulls.rs:
//! cargo run --release --example tune -- --synthetic=/tmp/om uncovered=1,2
//! ```
//! With `--synthetic=DIR` (DIR holding `mac-dev/` from `plant_nulls`), each
//! line also gives (and with `--synthetic-bible=DIR`, for each `bible-NNN/`) strict F1 on the modified chapters, the recall of the
//! planted empty-side beads and the precision of the predicted ones.
//! Each `key=v1,v2,…` lists values of a `CostModel` field (`length_variance`,
//! `length_smoothing`, `number_match`, `number_miss`, `latin_match`,
//! `punct_match`, `punct_miss`, `lexical`, `name_match`, `null_prior`,
//! `merge_scale`, `wide`, `uncovered`, `coverage_target`, `coverage_weight`)
//! or of the learning (`passes`, `min_count`,
//! `min_dice`, `per_word`, `model1`, `min_prob`); every combination is run. Data: `EVAL_DIR` or
//! `../shared/eval`.

use bitext::Lang;
use bitext::align::{Aligner, CostModel, Learning};
use bitext::document::{Document, InputMode};
use bitext::eval::{BeadIds, Score, Verses, empty_score, read_beads, score};
use std::path::{Path, PathBuf};

fn ids(a: &bitext::align::Alignment) -> Vec<BeadIds> {
    a.beads()
        .iter()
        .map(|b| (b.src.clone().collect(), b.tgt.clone().collect()))
        .collect()
}

struct Set {
    docs: Vec<(Document, Document, Vec<BeadIds>)>,
    verses: Option<Verses>,
}

fn load(
    dir: &Path,
    name: &str,
    src: (&str, Lang),
    tgt: (&str, Lang),
    verses: bool,
    files: usize,
) -> Set {
    let mut docs = Vec::new();
    for n in 1..=files {
        let f = |side: &str| dir.join(name).join(side).join(format!("{n:03}.{side}"));
        let (s, t) = (f(src.0), f(tgt.0));
        let gold =
            read_beads(&dir.join(name).join("gold").join(format!("{n:03}.align"))).expect("gold");
        let s = Document::read(&s, src.1, InputMode::Presegmented).expect("src");
        let t = Document::read(&t, tgt.1, InputMode::Presegmented).expect("tgt");
        docs.push((s, t, gold));
    }
    let verses = verses.then(|| {
        Verses::read(
            &dir.join(name).join("en.verse"),
            &dir.join(name).join("zh.verse"),
        )
        .expect("verses")
    });
    Set { docs, verses }
}

fn run(set: &Set, model: &CostModel, learning: Learning) -> (Score, Vec<f64>) {
    let aligner = Aligner::builder()
        .cost_model(model.clone())
        .learning(learning)
        .build()
        .expect("model");
    let mut total = Score::default();
    let mut per = Vec::new();
    for (s, t, gold) in &set.docs {
        let mut auto = ids(&aligner.align(s, t).expect("align"));
        if let Some(v) = &set.verses {
            auto = v.merge(&auto);
        }
        let sc = score(gold, &auto);
        per.push(sc.f1());
        total.add(sc);
    }
    (total, per)
}

/// A synthetic set: modified documents, their gold, and the planted beads.
fn load_synthetic(dir: &Path) -> (Set, Vec<Vec<BeadIds>>) {
    let mut docs = Vec::new();
    let mut planted = Vec::new();
    for n in 1..=6 {
        let f = |sub: &str, ext: &str| dir.join("mac-dev").join(sub).join(format!("{n:03}.{ext}"));
        let s = Document::read(f("zh", "zh"), Lang::Zh, InputMode::Presegmented).expect("zh");
        let t = Document::read(f("en", "en"), Lang::En, InputMode::Presegmented).expect("en");
        docs.push((s, t, read_beads(&f("gold", "align")).expect("gold")));
        planted.push(read_beads(&f("planted", "align")).expect("planted"));
    }
    (Set { docs, verses: None }, planted)
}

/// The Bible synthetic sets of `plant_nulls` (`DIR/bible-NNN`), one set per
/// file since each has its own verse labels.
fn load_synthetic_bible(dir: &Path) -> Vec<(Set, Vec<Vec<BeadIds>>)> {
    let mut out = Vec::new();
    for n in 1..=6 {
        let d = dir.join(format!("bible-{n:03}"));
        if !d.is_dir() {
            continue;
        }
        let f = |sub: &str, ext: &str| d.join(sub).join(format!("{n:03}.{ext}"));
        let s = Document::read(f("en", "en"), Lang::En, InputMode::Presegmented).expect("en");
        let t = Document::read(f("zh", "zh"), Lang::Zh, InputMode::Presegmented).expect("zh");
        let gold = read_beads(&f("gold", "align")).expect("gold");
        let planted = read_beads(&f("planted", "align")).expect("planted");
        let verses = Verses::read(&d.join("en.verse"), &d.join("zh.verse")).expect("verses");
        out.push((
            Set {
                docs: vec![(s, t, gold)],
                verses: Some(verses),
            },
            vec![planted],
        ));
    }
    out
}

/// Strict score, recall of the planted empty-side beads, precision of the
/// predicted empty-side beads.
fn run_synthetic(
    set: &Set,
    planted: &[Vec<BeadIds>],
    model: &CostModel,
    learning: Learning,
) -> (Score, Score, Score) {
    let aligner = Aligner::builder()
        .cost_model(model.clone())
        .learning(learning)
        .build()
        .expect("model");
    let (mut all, mut found, mut empty) = (Score::default(), Score::default(), Score::default());
    for ((s, t, gold), planted) in set.docs.iter().zip(planted) {
        let mut auto = ids(&aligner.align(s, t).expect("align"));
        if let Some(v) = &set.verses {
            auto = v.merge(&auto);
        }
        all.add(score(gold, &auto));
        found.add(empty_score(planted, &auto));
        empty.add(empty_score(gold, &auto));
    }
    (all, found, empty)
}

fn set_field(m: &mut CostModel, l: &mut Learning, key: &str, v: f64) {
    match key {
        "passes" => l.passes = v as usize,
        "min_count" => l.min_count = v as u32,
        "min_dice" => l.min_dice = v,
        "per_word" => l.per_word = v as usize,
        "model1" => l.model1_iterations = v as usize,
        "min_prob" => l.min_prob = v,
        "length_variance" => m.length_variance = v,
        "null_length" => m.null_length = v,
        "uncovered" => m.uncovered = v,
        "coverage_target" => m.coverage_target = v,
        "coverage_weight" => m.coverage_weight = v,
        "length_smoothing" => m.length_smoothing = v,
        "number_match" => m.number_match = v,
        "number_miss" => m.number_miss = v,
        "latin_match" => m.latin_match = v,
        "punct_match" => m.punct_match = v,
        "punct_miss" => m.punct_miss = v,
        "lexical" => m.lexical = v,
        "name_match" => m.name_match = v,
        "null_prior" => {
            for (k, p) in &mut m.priors {
                if k.src == 0 || k.tgt == 0 {
                    *p = v;
                }
            }
        }
        "wide" => {
            // Adds 1-5, 5-1, 2-4 and 4-2 beads with this prior.
            if v > 0.0 {
                for (a, b) in [(1, 5), (5, 1), (2, 4), (4, 2)] {
                    m.priors.push((bitext::align::BeadKind::new(a, b), v));
                }
            }
        }
        "merge_scale" => {
            // Multiplies the prior of every bead other than 1-1 and nulls.
            for (k, p) in &mut m.priors {
                if k.src + k.tgt > 2 {
                    *p *= v;
                }
            }
        }
        _ => panic!("unknown field {key}"),
    }
}

fn main() {
    let dir = PathBuf::from(std::env::var("EVAL_DIR").unwrap_or_else(|_| "../shared/eval".into()));
    if !dir.join("mac-dev").is_dir() {
        eprintln!(
            "tune: no evaluation data in {} (set EVAL_DIR)",
            dir.display()
        );
        std::process::exit(1);
    }
    let mut bible = 0;
    let mut synthetic = None;
    let mut synthetic_bible = Vec::new();
    let mut grid: Vec<(String, Vec<f64>)> = Vec::new();
    for arg in std::env::args().skip(1) {
        if arg == "--bible" {
            bible = 6;
            continue;
        }
        if let Some(d) = arg.strip_prefix("--synthetic-bible=") {
            synthetic_bible = load_synthetic_bible(Path::new(d));
            continue;
        }
        if let Some(d) = arg.strip_prefix("--synthetic=") {
            synthetic = Some(load_synthetic(Path::new(d)));
            continue;
        }
        if let Some(k) = arg.strip_prefix("--bible=") {
            bible = k.parse().expect("--bible=N: the first N Bible files");
            continue;
        }
        let (k, vs) = arg.split_once('=').expect("key=v1,v2");
        grid.push((
            k.to_string(),
            vs.split(',').map(|v| v.parse().expect("number")).collect(),
        ));
    }
    let mac = load(
        &dir,
        "mac-dev",
        ("zh", Lang::Zh),
        ("en", Lang::En),
        false,
        6,
    );
    let bib = (bible > 0).then(|| {
        load(
            &dir,
            "bible",
            ("en", Lang::En),
            ("zh", Lang::Zh),
            true,
            bible,
        )
    });
    let mut combos: Vec<Vec<(String, f64)>> = vec![Vec::new()];
    for (k, vs) in &grid {
        combos = combos
            .into_iter()
            .flat_map(|c| {
                vs.iter().map(move |&v| {
                    let mut c = c.clone();
                    c.push((k.clone(), v));
                    c
                })
            })
            .collect();
    }
    for combo in combos {
        let mut model = CostModel::lexical();
        let mut learning = Learning::default();
        for (k, v) in &combo {
            set_field(&mut model, &mut learning, k, *v);
        }
        let (m, per) = run(&mac, &model, learning);
        let label: Vec<String> = combo.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let per: Vec<String> = per.iter().map(|f| format!("{f:.3}")).collect();
        print!(
            "{:<50} MAC-Dev F1 {:.4} [{}]",
            label.join(" "),
            m.f1(),
            per.join(" ")
        );
        if let Some((set, planted)) = &synthetic {
            let (all, found, empty) = run_synthetic(set, planted, &model, learning);
            print!(
                "  synthetic F1 {:.4} null R {:.3} P {:.3} ({} predicted)",
                all.f1(),
                found.recall(),
                empty.precision(),
                empty.predicted
            );
        }
        for (set, planted) in &synthetic_bible {
            let (all, found, empty) = run_synthetic(set, planted, &model, learning);
            print!(
                "  Bible synthetic F1 {:.4} null R {:.3} P {:.3}",
                all.f1(),
                found.recall(),
                empty.precision(),
            );
        }
        if let Some(b) = &bib {
            let (s, _) = run(b, &model, learning);
            print!("  Bible F1 {:.4}", s.f1());
        }
        println!();
    }
}
