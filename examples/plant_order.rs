//! The synthetic benchmark of sentences out of order (issues 8 and 9): plants
//! swaps of two adjacent translations and moves of one translation by 3–20
//! beads into MAC-Dev chapters or Bible files, seeded and reproducible,
//! aligns and audits the modified texts with the library (as `bitext audit`
//! does) and prints:
//!
//! - recall of the planted swaps: the swapped target sentences lie in a
//!   segment flagged `misalignment` by the order evidence ("in swapped
//!   order"), and by any `misalignment` flag;
//! - recall of the planted moves: the moved sentence's source segment
//!   names the segment holding its translation ("its translation appears at
//!   segment #k") and that segment names the source's back; and by any
//!   `misalignment` flag on the source's segment;
//! - false flags: order flags (swap or move evidence) touching no planted
//!   sentence, on the modified texts, and every order flag on the
//!   unmodified texts (which should have none).
//!
//! ```sh
//! cargo run --release --example plant_order -- mac-dev [--seed 1] [--files 004,005,006] [--reverse]
//! cargo run --release --example plant_order -- bible [--seed 1] [--files 001] [--reverse]
//! ```
//!
//! Planting, on the target side (English for zh→en, Chinese with
//! `--reverse`, which audits en→zh): one swap per 40 gold beads (at least
//! one), of the targets of two adjacent 1-1 beads, and one move per 40 beads
//! (at least one), of the target of a 1-1 bead to a gap between beads 3–20
//! beads before or after it. No two plantings come within 3 beads of each
//! other. Nothing is written: the texts are held in memory. Data:
//! `EVAL_DIR`, else `../shared/eval`, read only (the Bible's gold lists
//! English first, MAC-Dev's Chinese first).

use bitext::Lang;
use bitext::align::Aligner;
use bitext::document::{Document, InputMode};
use bitext::quality::{FlagKind, QualityOptions, score_alignment};
use std::path::{Path, PathBuf};

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

fn read_lines(p: &Path) -> Vec<String> {
    std::fs::read_to_string(p)
        .unwrap_or_else(|e| panic!("plant_order: cannot read {}: {e}", p.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

fn parse_side(s: &str) -> Vec<usize> {
    let s = s.trim().trim_start_matches('[').trim_end_matches(']');
    s.split(',')
        .filter(|x| !x.trim().is_empty())
        .map(|x| x.trim().parse().expect("plant_order: bad gold index"))
        .collect()
}

/// A gold bead: source and target line indices (source, target as audited).
#[derive(Clone)]
struct Bead {
    src: Vec<usize>,
    tgt: Vec<usize>,
}

/// What was planted, in the numbering of the modified target.
enum Plant {
    /// The targets at these two (modified) lines are swapped.
    Swap(usize, usize),
    /// The source line's translation now stands at this target line.
    Move { src: usize, tgt: usize },
}

#[derive(Default)]
struct Tally {
    swaps: usize,
    swaps_order: usize,
    swaps_any: usize,
    moves: usize,
    moves_linked: usize,
    moves_any: usize,
    false_order: usize,
    clean_order: usize,
    clean_misalignment: usize,
    modified_misalignment: usize,
    segments: usize,
}

fn is_order(evidence: &str) -> bool {
    evidence.contains("in swapped order")
        || evidence.contains("its translation appears at segment #")
        || evidence.contains("its source appears at segment #")
}

/// Aligns and audits; returns per segment (source range, target range,
/// misalignment evidences).
type Audited = Vec<(std::ops::Range<usize>, std::ops::Range<usize>, Vec<String>)>;

fn audit(src: &[String], tgt: &[String], langs: (Lang, Lang)) -> Audited {
    let s = Document::from_text("src", src.join("\n"), langs.0, InputMode::Presegmented)
        .expect("source document");
    let t = Document::from_text("tgt", tgt.join("\n"), langs.1, InputMode::Presegmented)
        .expect("target document");
    assert_eq!(s.len(), src.len(), "one sentence per line");
    assert_eq!(t.len(), tgt.len(), "one sentence per line");
    let alignment = Aligner::builder()
        .build()
        .expect("aligner")
        .align(&s, &t)
        .expect("alignment");
    let report = score_alignment(&s, &t, &alignment, &QualityOptions::new(langs.0, langs.1))
        .expect("quality");
    alignment
        .beads()
        .iter()
        .zip(&report.segments)
        .map(|(b, q)| {
            let ev = q
                .flags
                .iter()
                .filter(|f| f.kind == FlagKind::Misalignment)
                .map(|f| f.evidence.clone())
                .collect();
            (b.src.clone(), b.tgt.clone(), ev)
        })
        .collect()
}

/// Plants swaps and moves into the target side of one document.
fn plant(beads: &[Bead], tgt: &[String], rng: &mut Rng) -> (Vec<String>, Vec<Plant>) {
    let n = beads.len();
    let wanted = (n / 40).max(1);
    let one_one = |i: usize| beads[i].src.len() == 1 && beads[i].tgt.len() == 1;
    let mut taken = vec![false; n + 1];
    let free = |taken: &[bool], a: usize, b: usize| {
        (a.saturating_sub(3)..(b + 4).min(taken.len())).all(|i| !taken[i])
    };
    let mark = |taken: &mut [bool], a: usize, b: usize| {
        for t in taken.iter_mut().take(b + 1).skip(a) {
            *t = true;
        }
    };
    // Swaps: (bead i, bead i + 1).
    let mut swaps = Vec::new();
    for _ in 0..wanted * 50 {
        if swaps.len() == wanted || n < 2 {
            break;
        }
        let i = rng.below(n - 1);
        if one_one(i) && one_one(i + 1) && free(&taken, i, i + 1) {
            mark(&mut taken, i, i + 1);
            swaps.push(i);
        }
    }
    // Moves: bead i's target to the gap before bead g (g != i, i + 1).
    let mut moves = Vec::new();
    for _ in 0..wanted * 50 {
        if moves.len() == wanted || n < 25 {
            break;
        }
        let i = rng.below(n);
        let d = 3 + rng.below(18);
        let g = if rng.below(2) == 0 {
            i.checked_sub(d)
        } else {
            Some(i + 1 + d)
        };
        let Some(g) = g.filter(|&g| g <= n) else {
            continue;
        };
        if one_one(i) && free(&taken, i, i) && free(&taken, g, g) {
            mark(&mut taken, i, i);
            mark(&mut taken, g, g);
            moves.push((i, g));
        }
    }
    // The modified target, bead by bead: the lines each bead's gap holds
    // before it, then its own (a swapped pair gives its lines crossed).
    let mut out: Vec<String> = Vec::new();
    let mut origin: Vec<(usize, Option<usize>)> = Vec::new(); // (line, planted as)
    let swapped: std::collections::HashMap<usize, usize> = swaps
        .iter()
        .flat_map(|&i| [(i, i + 1), (i + 1, i)])
        .collect();
    for (k, b) in beads.iter().enumerate().chain(std::iter::once((
        n,
        &Bead {
            src: vec![],
            tgt: vec![],
        },
    ))) {
        for &(i, _) in moves.iter().filter(|m| m.1 == k) {
            origin.push((beads[i].tgt[0], Some(i)));
            out.push(tgt[beads[i].tgt[0]].clone());
        }
        if k == n || moves.iter().any(|m| m.0 == k) {
            continue;
        }
        let from = swapped.get(&k).map_or(b, |&j| &beads[j]);
        for &l in &from.tgt {
            origin.push((l, None));
            out.push(tgt[l].clone());
        }
    }
    let mut plants = Vec::new();
    for &i in &swaps {
        let a = origin
            .iter()
            .position(|o| o.0 == beads[i + 1].tgt[0])
            .expect("swapped line");
        plants.push(Plant::Swap(a, a + 1));
    }
    for &(i, _) in &moves {
        let at = origin
            .iter()
            .position(|o| o.1 == Some(i))
            .expect("moved line");
        plants.push(Plant::Move {
            src: beads[i].src[0],
            tgt: at,
        });
    }
    (out, plants)
}

fn run_doc(
    src: &[String],
    tgt: &[String],
    beads: &[Bead],
    langs: (Lang, Lang),
    rng: &mut Rng,
    t: &mut Tally,
) {
    let clean = audit(src, tgt, langs);
    for (_, _, ev) in &clean {
        t.clean_misalignment += ev.len();
        t.clean_order += ev.iter().filter(|e| is_order(e)).count();
        for e in ev.iter().filter(|e| is_order(e)) {
            eprintln!("  clean order flag: {e}");
        }
    }
    t.segments += clean.len();
    let (modified, plants) = plant(beads, tgt, rng);
    let segs = audit(src, &modified, langs);
    let seg_of_tgt = |l: usize| segs.iter().position(|s| s.1.contains(&l));
    let seg_of_src = |l: usize| segs.iter().position(|s| s.0.contains(&l));
    let mut touched = vec![false; segs.len()];
    for p in &plants {
        match *p {
            Plant::Swap(a, b) => {
                t.swaps += 1;
                let ks: Vec<usize> = [a, b].iter().filter_map(|&l| seg_of_tgt(l)).collect();
                for &k in &ks {
                    touched[k] = true;
                }
                if ks
                    .iter()
                    .any(|&k| segs[k].2.iter().any(|e| e.contains("in swapped order")))
                {
                    t.swaps_order += 1;
                }
                if ks.iter().any(|&k| !segs[k].2.is_empty()) {
                    t.swaps_any += 1;
                }
            }
            Plant::Move { src, tgt } => {
                t.moves += 1;
                let (Some(ks), Some(kt)) = (seg_of_src(src), seg_of_tgt(tgt)) else {
                    continue;
                };
                touched[ks] = true;
                touched[kt] = true;
                let fwd = format!("its translation appears at segment #{}", kt + 1);
                let back = format!("its source appears at segment #{}", ks + 1);
                if segs[ks].2.iter().any(|e| e.contains(&fwd))
                    && segs[kt].2.iter().any(|e| e.contains(&back))
                {
                    t.moves_linked += 1;
                }
                if !segs[ks].2.is_empty() {
                    t.moves_any += 1;
                }
            }
        }
    }
    for (k, (_, _, ev)) in segs.iter().enumerate() {
        t.modified_misalignment += ev.len();
        if !touched[k] {
            for e in ev.iter().filter(|e| is_order(e)) {
                t.false_order += 1;
                eprintln!("  false order flag at #{}: {e}", k + 1);
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let set = args.first().map(String::as_str).unwrap_or("mac-dev");
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let seed: u64 = value("--seed").map_or(1, |s| s.parse().expect("--seed N"));
    let reverse = args.iter().any(|a| a == "--reverse");
    let eval = PathBuf::from(std::env::var("EVAL_DIR").unwrap_or_else(|_| "../shared/eval".into()));
    let (dir, default_files) = match set {
        "mac-dev" => (eval.join("mac-dev"), "004,005,006"),
        "bible" => (eval.join("bible"), "001"),
        other => panic!("plant_order: unknown set {other} (mac-dev or bible)"),
    };
    let files = value("--files").unwrap_or_else(|| default_files.to_string());
    let langs = if reverse {
        (Lang::En, Lang::Zh)
    } else {
        (Lang::Zh, Lang::En)
    };
    let mut rng = Rng(seed);
    let mut t = Tally::default();
    for name in files.split(',') {
        let name = format!("{:03}", name.trim().parse::<usize>().expect("--files 1,2"));
        let zh = read_lines(&dir.join("zh").join(format!("{name}.zh")));
        let en = read_lines(&dir.join("en").join(format!("{name}.en")));
        let mut beads: Vec<Bead> = read_lines(&dir.join("gold").join(format!("{name}.align")))
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let (a, b) = l.split_once("]:[").expect("gold line [..]:[..]");
                Bead {
                    src: parse_side(a),
                    tgt: parse_side(b),
                }
            })
            .collect();
        // The Bible's gold lists the English lines first, MAC-Dev's the
        // Chinese: the beads are made Chinese first here.
        if set == "bible" {
            for b in &mut beads {
                std::mem::swap(&mut b.src, &mut b.tgt);
            }
        }
        let (src, tgt) = if reverse {
            for b in &mut beads {
                std::mem::swap(&mut b.src, &mut b.tgt);
            }
            (en, zh)
        } else {
            (zh, en)
        };
        eprintln!("{set} {name}: {} beads", beads.len());
        run_doc(&src, &tgt, &beads, langs, &mut rng, &mut t);
    }
    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!(
        "{set} {files} seed {seed} {}: swaps {} recall(order) {:.3} recall(any misalignment) {:.3}; moves {} recall(linked) {:.3} recall(any misalignment at source) {:.3}; false order flags {} on modified; clean: {} order flags, {} misalignment flags in {} segments; modified: {} misalignment flags",
        if reverse { "en→zh" } else { "zh→en" },
        t.swaps,
        pct(t.swaps_order, t.swaps),
        pct(t.swaps_any, t.swaps),
        t.moves,
        pct(t.moves_linked, t.moves),
        pct(t.moves_any, t.moves),
        t.false_order,
        t.clean_order,
        t.clean_misalignment,
        t.segments,
        t.modified_misalignment,
    );
}
