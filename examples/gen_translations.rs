//! Trains IBM Model 1 in both directions on parallel English–Chinese
//! sentence pairs outside the aligner's evaluation sets (the MLQE-PE train
//! files) and writes the confident Chinese word → English stem pairs the
//! embedded CC-CEDICT lexicon lacks, or measures how much a table adds to
//! the lexical coverage of aligned text.
//!
//! ```sh
//! cargo run --release --example gen_translations -- train FILE... > table.tsv
//! cargo run --release --example gen_translations -- coverage TABLE (FILE.tsv | GOLD-DIR)...
//! ```
//! (`scripts/gen-translations.sh` runs `train` on the MLQE-PE train files.)
//!
//! Input pairs: an MLQE-PE direct-assessment file (header `index original
//! translation …`: English in column 2, Chinese in column 3) or a
//! critical-error file (no header; English in column 2, word-segmented
//! Chinese in column 3, the majority label last: pairs labelled `ERR` are
//! left out). For `coverage`, a folder with `zh/`, `en/` and `gold/` (as
//! MAC-Dev) gives its gold beads as pairs.
//!
//! Tokens are the aligner's: Chinese dictionary words by the embedded
//! lexicon's greedy longest match (after traditional characters are read
//! as simplified), English content words lower-cased and stemmed. Each
//! sentence's distinct tokens, as the aligner's own Model 1 takes a bead's.
//! Training is deterministic: every sum runs in sentence order.

use bitext::lexicon::{Lexicon, english_stems};
use bitext::normalize::{fold_traditional, is_han};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// EM iterations of each direction.
const ITERATIONS: usize = 8;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_translations train [--min-count N] [--min-prob P] [--per-word K] FILE...\n       gen_translations coverage TABLE (FILE.tsv | GOLD-DIR)...";
    match args.first().map(String::as_str) {
        Some("train") => train(&args[1..]),
        Some("coverage") if args.len() >= 3 => coverage(&args[1], &args[2..]),
        _ => Err(usage.into()),
    }
}

/// The tokens of one sentence pair: distinct Chinese words, distinct
/// English stems, in order of appearance.
struct Pair {
    zh: Vec<String>,
    en: Vec<String>,
}

fn distinct(v: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in v {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// The Chinese text with the spaces of a word-segmented text removed where
/// they touch a non-ASCII character (the critical-error files' `阿兰 索恩`).
fn unsegment(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (k, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = k > 0 && !chars[k - 1].is_ascii();
            let after = chars.get(k + 1).is_some_and(|c| !c.is_ascii());
            if before || after {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn zh_words(lex: &Lexicon, text: &str) -> Vec<String> {
    let text = fold_traditional(text);
    distinct(lex.words(&text).into_iter().map(|w| w.text.to_string()))
}

fn en_stems(text: &str) -> Vec<String> {
    distinct(english_stems(text).into_iter().map(|(s, _)| s))
}

/// The sentence pairs of an MLQE-PE file (see the module docs).
fn read_mlqe(path: &str, lex: &Lexicon) -> Result<Vec<Pair>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        if k == 0 && cols.first() == Some(&"index") {
            continue;
        }
        if cols.len() < 3 {
            return Err(format!("{path}:{}: fewer than 3 columns", k + 1).into());
        }
        if cols.last() == Some(&"ERR") {
            continue;
        }
        out.push(Pair {
            zh: zh_words(lex, &unsegment(cols[2])),
            en: en_stems(cols[1]),
        });
    }
    Ok(out)
}

/// The gold beads with both sides of a folder laid out as MAC-Dev.
fn read_gold(dir: &str, lex: &Lexicon) -> Result<Vec<Pair>, Box<dyn std::error::Error>> {
    let dir = Path::new(dir);
    let mut names: Vec<_> = std::fs::read_dir(dir.join("gold"))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".align"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let id = name.trim_end_matches(".align");
        let zh = std::fs::read_to_string(dir.join("zh").join(format!("{id}.zh")))?;
        let en = std::fs::read_to_string(dir.join("en").join(format!("{id}.en")))?;
        let (zh, en): (Vec<&str>, Vec<&str>) = (zh.lines().collect(), en.lines().collect());
        let gold = std::fs::read_to_string(dir.join("gold").join(&name))?;
        let ids = |s: &str| -> Vec<usize> {
            s.trim()
                .trim_matches(['[', ']'])
                .split(',')
                .filter_map(|x| x.trim().parse().ok())
                .collect()
        };
        for line in gold.lines() {
            let Some((a, b)) = line.split_once(':') else {
                continue;
            };
            let (a, b) = (ids(a), ids(b));
            if a.is_empty() || b.is_empty() {
                continue;
            }
            let z: String = a.iter().map(|&i| zh[i]).collect();
            let e: Vec<&str> = b.iter().map(|&i| en[i]).collect();
            out.push(Pair {
                zh: zh_words(lex, &z),
                en: en_stems(&e.join(" ")),
            });
        }
    }
    Ok(out)
}

/// Dense ids in order of first appearance.
#[derive(Default)]
struct Vocab {
    ids: HashMap<String, u32>,
    words: Vec<String>,
}

impl Vocab {
    fn id(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.ids.get(w) {
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(w.to_string(), id);
        self.words.push(w.to_string());
        id
    }
}

/// Model 1, `t(out | in)` with a null input word, trained on sentences of
/// dense ids; returns the table by pair index (`pairs` numbers the
/// co-occurring pairs `(in, out)`).
fn model1(
    sents: &[(Vec<u32>, Vec<u32>)],
    pairs: &HashMap<(u32, u32), usize>,
    n_in: usize,
    n_out: usize,
) -> Vec<f64> {
    let mut inputs = vec![0u32; pairs.len()];
    for (&(i, _), &p) in pairs {
        inputs[p] = i;
    }
    let mut t = vec![1.0f64; pairs.len()];
    let mut t_null = vec![1.0f64; n_out];
    for _ in 0..ITERATIONS {
        let mut c = vec![0.0f64; pairs.len()];
        let mut total = vec![0.0f64; n_in];
        let mut c_null = vec![0.0f64; n_out];
        let mut null_total = 0.0f64;
        for (ins, outs) in sents {
            for &o in outs {
                let mut den = t_null[o as usize];
                for &i in ins {
                    den += t[pairs[&(i, o)]];
                }
                for &i in ins {
                    let p = pairs[&(i, o)];
                    let x = t[p] / den;
                    c[p] += x;
                    total[i as usize] += x;
                }
                let x = t_null[o as usize] / den;
                c_null[o as usize] += x;
                null_total += x;
            }
        }
        // Normalise (each pair's count by its input word's total).
        for (p, x) in t.iter_mut().enumerate() {
            let d = total[inputs[p] as usize];
            *x = if d > 0.0 { c[p] / d } else { 0.0 };
        }
        for (x, &y) in t_null.iter_mut().zip(&c_null) {
            *x = if null_total > 0.0 {
                y / null_total
            } else {
                0.0
            };
        }
    }
    t
}

fn train(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let (mut min_count, mut min_prob, mut per_word) = (3u32, 0.3f64, 3usize);
    let mut files = Vec::new();
    let mut k = 0;
    while k < args.len() {
        match args[k].as_str() {
            "--min-count" => {
                min_count = args.get(k + 1).ok_or("--min-count N")?.parse()?;
                k += 1;
            }
            "--min-prob" => {
                min_prob = args.get(k + 1).ok_or("--min-prob P")?.parse()?;
                k += 1;
            }
            "--per-word" => {
                per_word = args.get(k + 1).ok_or("--per-word K")?.parse()?;
                k += 1;
            }
            f => files.push(f.to_string()),
        }
        k += 1;
    }
    let lex = Lexicon::embedded();
    let mut all = Vec::new();
    for f in &files {
        all.extend(read_mlqe(f, lex)?);
    }
    let (mut zv, mut ev) = (Vocab::default(), Vocab::default());
    let sents: Vec<(Vec<u32>, Vec<u32>)> = all
        .iter()
        .filter(|p| !p.zh.is_empty() && !p.en.is_empty())
        .map(|p| {
            (
                p.zh.iter().map(|w| zv.id(w)).collect(),
                p.en.iter().map(|w| ev.id(w)).collect(),
            )
        })
        .collect();
    // The co-occurring pairs, numbered in order of first co-occurrence, and
    // how many sentences each co-occurs in.
    let mut ze: HashMap<(u32, u32), usize> = HashMap::new();
    let mut count: Vec<u32> = Vec::new();
    for (zs, es) in &sents {
        for &z in zs {
            for &e in es {
                let n = ze.len();
                let p = *ze.entry((z, e)).or_insert(n);
                if p == count.len() {
                    count.push(0);
                }
                count[p] += 1;
            }
        }
    }
    let ez: HashMap<(u32, u32), usize> = ze.iter().map(|(&(z, e), &p)| ((e, z), p)).collect();
    let swapped: Vec<(Vec<u32>, Vec<u32>)> =
        sents.iter().map(|(z, e)| (e.clone(), z.clone())).collect();
    let (nz, ne) = (zv.words.len(), ev.words.len());
    let e_given_z = model1(&sents, &ze, nz, ne);
    let z_given_e = model1(&swapped, &ez, ne, nz);
    // Confident pairs the lexicon does not already give.
    let mut best: Vec<Vec<(f64, u32)>> = vec![Vec::new(); nz];
    let mut in_lexicon = 0usize;
    for (&(z, e), &p) in &ze {
        let (x, y) = (e_given_z[p], z_given_e[p]);
        if count[p] < min_count || x < min_prob || y < min_prob {
            continue;
        }
        let word = &zv.words[z as usize];
        let stem = &ev.words[e as usize];
        let known = lex
            .words(word)
            .iter()
            .any(|w| w.text == word && w.stems.split(' ').any(|s| s == stem));
        if known {
            in_lexicon += 1;
            continue;
        }
        best[z as usize].push((x * y, e));
    }
    let mut lines: Vec<(String, Vec<String>)> = Vec::new();
    for (z, mut v) in best.into_iter().enumerate() {
        if v.is_empty() {
            continue;
        }
        v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        v.truncate(per_word);
        lines.push((
            zv.words[z].clone(),
            v.into_iter()
                .map(|(_, e)| ev.words[e as usize].clone())
                .collect(),
        ));
    }
    lines.sort();
    let pairs_out: usize = lines.iter().map(|l| l.1.len()).sum();
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    writeln!(
        out,
        "# generated by `scripts/gen-translations.sh` (examples/gen_translations.rs); do not edit"
    )?;
    writeln!(
        out,
        "# IBM Model 1, both directions, {ITERATIONS} iterations, on {} English-Chinese sentence pairs of MLQE-PE's en-zh train files (pairs labelled ERR left out)",
        sents.len()
    )?;
    writeln!(
        out,
        "# kept: co-occurring in >= {min_count} pairs, t(e|z) and t(z|e) >= {min_prob}, at most {per_word} stems a word, not already in data/lexicon.tsv ({in_lexicon} such pairs left out); {} words, {pairs_out} pairs",
        lines.len()
    )?;
    writeln!(
        out,
        "# source: MLQE-PE (Fomicheva et al. 2020; WMT20/21 quality estimation), CC0 1.0; English sentences from Wikipedia, Chinese by machine translation"
    )?;
    writeln!(
        out,
        "# format: Chinese word TAB English stems (Porter2), space-separated"
    )?;
    for (w, stems) in &lines {
        writeln!(out, "{w}\t{}", stems.join(" "))?;
    }
    Ok(())
}

/// Reads a table written by `train`.
fn read_table(path: &str) -> Result<HashMap<String, Vec<String>>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    Ok(text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(w, s)| (w.to_string(), s.split(' ').map(String::from).collect()))
        .collect())
}

/// Prints, for each input, the share of Chinese words (tokens; multi-
/// character words apart) and of English stems that a translation on the
/// other side covers, with the lexicon alone and with the table, on the
/// true pairs and on pairs shifted by one (each Chinese side against the
/// next pair's English: what chance coverage looks like).
fn coverage(table: &str, inputs: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let lex = Lexicon::embedded();
    let table = read_table(table)?;
    println!("input\tpairs\tshift\tzh lex\tzh +table\tzh2+ lex\tzh2+ +table\ten lex\ten +table");
    for input in inputs {
        let pairs = if Path::new(input).is_dir() {
            read_gold(input, lex)?
        } else {
            read_mlqe(input, lex)?
        };
        for shift in [0usize, 1] {
            // [zh all, zh multi, en] × [lex, +table] covered, and totals.
            let mut cov = [[0usize; 2]; 3];
            let mut tot = [0usize; 3];
            for k in 0..pairs.len() {
                let z = &pairs[k];
                let e = &pairs[(k + shift) % pairs.len()];
                let mut en_cov = [vec![false; e.en.len()], vec![false; e.en.len()]];
                for w in &z.zh {
                    let lex_stems: Vec<&str> = lex
                        .words(w)
                        .iter()
                        .filter(|x| x.text == w)
                        .flat_map(|x| x.stems.split(' '))
                        .collect();
                    let extra: Vec<&str> = table
                        .get(w)
                        .map(|v| v.iter().map(String::as_str).collect())
                        .unwrap_or_default();
                    let multi = w.chars().count() > 1 && w.chars().all(is_han);
                    let mut hit = [false; 2];
                    for (j, s) in e.en.iter().enumerate() {
                        let by_lex = lex_stems.contains(&s.as_str());
                        let by_table = by_lex || extra.contains(&s.as_str());
                        hit[0] |= by_lex;
                        hit[1] |= by_table;
                        en_cov[0][j] |= by_lex;
                        en_cov[1][j] |= by_table;
                    }
                    tot[0] += 1;
                    if multi {
                        tot[1] += 1;
                    }
                    for m in 0..2 {
                        cov[0][m] += hit[m] as usize;
                        if multi {
                            cov[1][m] += hit[m] as usize;
                        }
                    }
                }
                tot[2] += e.en.len();
                for m in 0..2 {
                    cov[2][m] += en_cov[m].iter().filter(|&&b| b).count();
                }
            }
            let r = |a: usize, b: usize| a as f64 / b.max(1) as f64;
            println!(
                "{input}\t{}\t{shift}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{:.4}",
                pairs.len(),
                r(cov[0][0], tot[0]),
                r(cov[0][1], tot[0]),
                r(cov[1][0], tot[1]),
                r(cov[1][1], tot[1]),
                r(cov[2][0], tot[2]),
                r(cov[2][1], tot[2]),
            );
        }
    }
    Ok(())
}
