//! The synthetic omissions-and-additions benchmark: plants empty-side beads
//! into MAC-Dev or Bible documents, seeded and reproducible, and writes the
//! modified texts with their gold alignments. `scripts/omissions.sh` runs it,
//! aligns the results and prints the figures (`RESULTS.md`).
//!
//! ```sh
//! cargo run --release --example plant_nulls -- mac-dev OUT_DIR [--seed 1]
//! cargo run --release --example plant_nulls -- bible OUT_DIR [--seed 1] [--files 1,2]
//! ```
//!
//! For every document, on each side in turn (target first, then source):
//! - about 5% of the 1-1 gold beads lose their sentence on that side (the
//!   gold bead `[i]:[k]` becomes `[i]:[]`, or `[]:[k]` on the source side);
//! - one run of 2–10 consecutive 1-1 beads per 250 beads (at least one) loses
//!   that side as a whole (a paragraph left out): each becomes an empty-side
//!   bead;
//! - about 2.5% of the gaps between beads receive a foreign sentence of the
//!   same language, taken from another document (MAC-Dev: another chapter;
//!   the Bible: a verse beyond the file's range, from file 006), which is a
//!   new empty-side gold bead. Insertions are not placed beside another
//!   planted bead, so that an insertion never faces a deletion across one gap
//!   (that would be a 1-1 bead of two unrelated sentences, not a null).
//!
//! Output, under OUT_DIR (mirroring `../shared/eval`):
//! - MAC-Dev: `mac-dev/{zh,en}/NNN.{zh,en}`, `mac-dev/gold/NNN.align`, and
//!   `mac-dev/planted/NNN.align` (only the planted empty-side beads, in the
//!   modified numbering);
//! - the Bible: `bible-NNN/{en,zh,gold,planted}/…` and `bible-NNN/{en,zh}.verse`
//!   (verse labels of the modified lines; an inserted line gets a label of its
//!   own), one folder per file since the line numbers differ per file.
//!
//! Data: `EVAL_DIR`, else `../shared/eval` (as `scripts/eval.sh`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

/// A sentence of the modified text: its text and verse label.
#[derive(Clone)]
struct Line {
    text: String,
    verse: String,
}

/// A bead of the modified document, holding its lines rather than indices,
/// and whether it was planted.
#[derive(Clone)]
struct Bead {
    src: Vec<Line>,
    tgt: Vec<Line>,
    planted: bool,
}

struct Doc {
    beads: Vec<Bead>,
}

const DELETE_RATE: f64 = 0.05;
const INSERT_RATE: f64 = 0.025;
const BEADS_PER_RUN: usize = 250;

/// Plants deletions, runs of deletions and insertions on one side
/// (`tgt_side`: the target) of `doc`; `pool` holds foreign sentences of that
/// side's language.
fn plant(doc: &mut Doc, tgt_side: bool, pool: &[Line], rng: &mut Rng) {
    let one_one = |b: &Bead| b.src.len() == 1 && b.tgt.len() == 1 && !b.planted;
    // Runs of 2–10 beads (a paragraph left out).
    let runs = (doc.beads.len() / BEADS_PER_RUN).max(1);
    for _ in 0..runs {
        for _attempt in 0..50 {
            let len = 2 + rng.below(9);
            if doc.beads.len() <= len + 2 {
                break;
            }
            let start = 1 + rng.below(doc.beads.len() - len - 1);
            let neighbours_free = !doc.beads[start - 1].planted && !doc.beads[start + len].planted;
            if neighbours_free && doc.beads[start..start + len].iter().all(one_one) {
                for b in &mut doc.beads[start..start + len] {
                    strip(b, tgt_side);
                }
                break;
            }
        }
    }
    // Single deletions, never beside another planted bead (a run stays the
    // length it was drawn with).
    for k in 0..doc.beads.len() {
        let free = |x: Option<&Bead>| x.is_none_or(|b| !b.planted);
        if one_one(&doc.beads[k])
            && free(k.checked_sub(1).and_then(|p| doc.beads.get(p)))
            && free(doc.beads.get(k + 1))
            && rng.chance(DELETE_RATE)
        {
            strip(&mut doc.beads[k], tgt_side);
        }
    }
    // Insertions, in gaps whose neighbours are unplanted.
    let mut out = Vec::with_capacity(doc.beads.len() * 2);
    for k in 0..doc.beads.len() {
        let b = &doc.beads[k];
        let before_free = k == 0 || !doc.beads[k - 1].planted;
        if before_free && !b.planted && !pool.is_empty() && rng.chance(INSERT_RATE) {
            let line = pool[rng.below(pool.len())].clone();
            let (src, tgt) = if tgt_side {
                (Vec::new(), vec![line])
            } else {
                (vec![line], Vec::new())
            };
            out.push(Bead {
                src,
                tgt,
                planted: true,
            });
        }
        out.push(b.clone());
    }
    doc.beads = out;
}

fn strip(b: &mut Bead, tgt_side: bool) {
    if tgt_side {
        b.tgt.clear();
    } else {
        b.src.clear();
    }
    b.planted = true;
}

fn read_lines(p: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(p)
        .unwrap_or_else(|e| panic!("plant_nulls: cannot read {}: {e}", p.display()));
    text.lines().map(str::to_string).collect()
}

fn parse_side(s: &str) -> Vec<usize> {
    let s = s.trim().trim_start_matches('[').trim_end_matches(']');
    s.split(',')
        .filter(|x| !x.trim().is_empty())
        .map(|x| x.trim().parse().expect("gold index"))
        .collect()
}

/// A document as beads of lines, from its gold alignment.
fn load_doc(
    src: &[String],
    tgt: &[String],
    gold: &Path,
    verses: Option<(&[String], &[String])>,
) -> Doc {
    let line = |text: &[String], labels: Option<&[String]>, i: usize| Line {
        text: text[i].clone(),
        verse: labels.map(|l| l[i].clone()).unwrap_or_default(),
    };
    let beads = read_lines(gold)
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (a, b) = l.split_once(':').expect("gold bead");
            Bead {
                src: parse_side(a)
                    .into_iter()
                    .map(|i| line(src, verses.map(|v| v.0), i))
                    .collect(),
                tgt: parse_side(b)
                    .into_iter()
                    .map(|i| line(tgt, verses.map(|v| v.1), i))
                    .collect(),
                planted: false,
            }
        })
        .collect();
    Doc { beads }
}

fn side_text(ids: std::ops::Range<usize>) -> String {
    let v: Vec<String> = ids.map(|i| i.to_string()).collect();
    format!("[{}]", v.join(","))
}

/// Writes the modified texts, gold, planted beads (and verse labels).
fn write_doc(doc: &Doc, dir: &Path, name: &str, exts: (&str, &str), verses: bool) {
    let (mut src, mut tgt, mut gold, mut planted) =
        (String::new(), String::new(), String::new(), String::new());
    let (mut sv, mut tv) = (String::new(), String::new());
    let (mut i, mut j) = (0, 0);
    for b in &doc.beads {
        for l in &b.src {
            writeln!(src, "{}", l.text).unwrap();
            writeln!(sv, "{}", l.verse).unwrap();
        }
        for l in &b.tgt {
            writeln!(tgt, "{}", l.text).unwrap();
            writeln!(tv, "{}", l.verse).unwrap();
        }
        let bead = format!(
            "{}:{}\n",
            side_text(i..i + b.src.len()),
            side_text(j..j + b.tgt.len())
        );
        gold.push_str(&bead);
        if b.planted {
            planted.push_str(&bead);
        }
        i += b.src.len();
        j += b.tgt.len();
    }
    let put = |sub: &str, file: String, text: &str| {
        let d = dir.join(sub);
        std::fs::create_dir_all(&d).expect("output folder");
        std::fs::write(d.join(file), text).expect("write output");
    };
    put(exts.0, format!("{name}.{}", exts.0), &src);
    put(exts.1, format!("{name}.{}", exts.1), &tgt);
    put("gold", format!("{name}.align"), &gold);
    put("planted", format!("{name}.align"), &planted);
    if verses {
        put("", format!("{}.verse", exts.0), &sv);
        put("", format!("{}.verse", exts.1), &tv);
    }
}

fn to_lines(text: &[String]) -> Vec<Line> {
    text.iter()
        .map(|t| Line {
            text: t.clone(),
            verse: String::new(),
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: plant_nulls (mac-dev|bible) OUT_DIR [--seed N] [--files 1,2]";
    let (set, out) = match (args.first(), args.get(1)) {
        (Some(s), Some(o)) => (s.as_str(), PathBuf::from(o)),
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let mut seed = 1u64;
    let mut files: Vec<usize> = vec![1, 2];
    let mut rest = args[2..].iter();
    while let Some(a) = rest.next() {
        match a.as_str() {
            "--seed" => seed = rest.next().and_then(|v| v.parse().ok()).expect(usage),
            "--files" => {
                files = rest
                    .next()
                    .expect(usage)
                    .split(',')
                    .map(|x| x.parse().expect(usage))
                    .collect()
            }
            _ => {
                eprintln!("{usage}");
                std::process::exit(2);
            }
        }
    }
    let eval = PathBuf::from(std::env::var("EVAL_DIR").unwrap_or_else(|_| "../shared/eval".into()));
    if !eval.join(set).is_dir() {
        eprintln!(
            "plant_nulls: {} not found (set EVAL_DIR to the folder holding mac-dev/ and bible/)",
            eval.join(set).display()
        );
        std::process::exit(1);
    }
    let mut planted_total = 0;
    match set {
        "mac-dev" => {
            let dir = eval.join("mac-dev");
            let names: Vec<String> = (1..=6).map(|n| format!("{n:03}")).collect();
            let zh: Vec<Vec<String>> = names
                .iter()
                .map(|n| read_lines(&dir.join("zh").join(format!("{n}.zh"))))
                .collect();
            let en: Vec<Vec<String>> = names
                .iter()
                .map(|n| read_lines(&dir.join("en").join(format!("{n}.en"))))
                .collect();
            for (d, name) in names.iter().enumerate() {
                // One generator per document, so a document's plants do not
                // depend on the others.
                let mut rng = Rng(seed.wrapping_mul(1000).wrapping_add(d as u64));
                let mut doc = load_doc(
                    &zh[d],
                    &en[d],
                    &dir.join("gold").join(format!("{name}.align")),
                    None,
                );
                let others = |side: &[Vec<String>]| -> Vec<Line> {
                    side.iter()
                        .enumerate()
                        .filter(|&(k, _)| k != d)
                        .flat_map(|(_, t)| to_lines(t))
                        .collect()
                };
                plant(&mut doc, true, &others(&en), &mut rng);
                plant(&mut doc, false, &others(&zh), &mut rng);
                planted_total += doc.beads.iter().filter(|b| b.planted).count();
                write_doc(&doc, &out.join("mac-dev"), name, ("zh", "en"), false);
            }
        }
        "bible" => {
            let dir = eval.join("bible");
            let en_all = read_lines(&dir.join("en").join("006.en"));
            let zh_all = read_lines(&dir.join("zh").join("006.zh"));
            let en_v = read_lines(&dir.join("en.verse"));
            let zh_v = read_lines(&dir.join("zh.verse"));
            for &f in &files {
                let name = format!("{f:03}");
                let en = read_lines(&dir.join("en").join(format!("{name}.en")));
                let zh = read_lines(&dir.join("zh").join(format!("{name}.zh")));
                let mut rng = Rng(seed.wrapping_mul(1000).wrapping_add(100 + f as u64));
                let mut doc = load_doc(
                    &en,
                    &zh,
                    &dir.join("gold").join(format!("{name}.align")),
                    Some((&en_v, &zh_v)),
                );
                // Foreign sentences: verses of file 006 beyond this file.
                let pool = |all: &[String], from: usize, lang: &str| -> Vec<Line> {
                    all[from.min(all.len())..]
                        .iter()
                        .enumerate()
                        .map(|(k, t)| Line {
                            text: t.clone(),
                            verse: format!("inserted-{lang}:{k}"),
                        })
                        .collect()
                };
                if en_all.len() <= en.len() {
                    eprintln!("plant_nulls: Bible file {name} leaves no foreign verses in 006");
                    std::process::exit(1);
                }
                plant(&mut doc, true, &pool(&zh_all, zh.len(), "zh"), &mut rng);
                plant(&mut doc, false, &pool(&en_all, en.len(), "en"), &mut rng);
                planted_total += doc.beads.iter().filter(|b| b.planted).count();
                write_doc(
                    &doc,
                    &out.join(format!("bible-{name}")),
                    &name,
                    ("en", "zh"),
                    true,
                );
            }
        }
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    }
    eprintln!("plant_nulls: {set}: {planted_total} empty-side beads planted (seed {seed})");
}
