//! Temporary diagnostic (session 20, not committed): how often a Chinese
//! word's lexicon stems meet the English of its gold bead, against the next
//! bead's English.
use bitext::lexicon::english_stems;
use std::collections::{HashMap, HashSet};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lex_text = std::fs::read_to_string(&args[0]).unwrap();
    let mut lex: HashMap<String, Vec<String>> = HashMap::new();
    for l in lex_text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() == 3 && !f[2].is_empty() {
            lex.insert(
                f[0].to_string(),
                f[2].split(' ').map(String::from).collect(),
            );
        }
    }
    let mut base: HashMap<String, HashSet<String>> = HashMap::new();
    if let Ok(b) = std::env::var("BASE") {
        for l in std::fs::read_to_string(b)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
        {
            let f: Vec<&str> = l.split('\t').collect();
            if f.len() == 3 {
                base.insert(
                    f[0].to_string(),
                    f[2].split(' ').map(String::from).collect(),
                );
            }
        }
    }
    let mut per: HashMap<String, (usize, usize)> = HashMap::new();
    let (mut words, mut hit, mut shift_hit, mut en_n, mut en_cov, mut en_shift_cov) =
        (0, 0, 0, 0, 0, 0);
    for t in args[1..].chunks(3) {
        let swap = t[0].ends_with(".en");
        let (f0, f1) = if swap { (&t[1], &t[0]) } else { (&t[0], &t[1]) };
        let zh: Vec<String> = std::fs::read_to_string(f0)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        let en: Vec<String> = std::fs::read_to_string(f1)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        let parse = |s: &str| -> Vec<usize> {
            s.trim_matches(|c| c == '[' || c == ']')
                .split(',')
                .filter(|x| !x.is_empty())
                .map(|x| x.trim().parse().unwrap())
                .collect()
        };
        let beads: Vec<(Vec<usize>, Vec<usize>)> = std::fs::read_to_string(&t[2])
            .unwrap()
            .lines()
            .filter_map(|l| {
                let (a, b) = l.split_once(':')?;
                Some(if swap {
                    (parse(b), parse(a))
                } else {
                    (parse(a), parse(b))
                })
            })
            .collect();
        // Bible gold is en:zh; MAC-Dev zh:en. t[0] is the file of the gold's first side.
        for k in 0..beads.len().saturating_sub(1) {
            let (z, e) = &beads[k];
            let e2 = &beads[k + 1].1;
            if z.is_empty() || e.is_empty() || e2.is_empty() {
                continue;
            }
            let ztext: String = z.iter().map(|&i| zh[i].as_str()).collect();
            let est = |ids: &Vec<usize>| -> HashSet<String> {
                ids.iter()
                    .flat_map(|&i| english_stems(&en[i]).into_iter().map(|(s, _)| s))
                    .collect()
            };
            let (es, es2) = (est(e), est(e2));
            let chars: Vec<char> = ztext.chars().collect();
            let mut i = 0;
            let mut covered: HashSet<String> = HashSet::new();
            let mut covered2: HashSet<String> = HashSet::new();
            while i < chars.len() {
                let mut found = None;
                for n in (1..=6.min(chars.len() - i)).rev() {
                    let w: String = chars[i..i + n].iter().collect();
                    if let Some(s) = lex.get(&w) {
                        found = Some((n, s));
                        break;
                    }
                }
                match found {
                    Some((n, s)) => {
                        words += 1;
                        if !base.is_empty() {
                            let w: String = chars[i..i + n].iter().collect();
                            let old = base.get(&w);
                            for x in s.iter().filter(|x| old.is_none_or(|o| !o.contains(*x))) {
                                if es.contains(x) {
                                    per.entry(x.clone()).or_default().0 += 1;
                                }
                                if es2.contains(x) {
                                    per.entry(x.clone()).or_default().1 += 1;
                                }
                            }
                        }
                        if s.iter().any(|x| es.contains(x)) {
                            hit += 1;
                        }
                        if s.iter().any(|x| es2.contains(x)) {
                            shift_hit += 1;
                        }
                        covered.extend(s.iter().filter(|x| es.contains(*x)).cloned());
                        covered2.extend(s.iter().filter(|x| es2.contains(*x)).cloned());
                        i += n;
                    }
                    None => i += 1,
                }
            }
            en_n += es.len();
            en_cov += covered.len();
            en_shift_cov += covered2.len() * es.len() / es2.len().max(1);
        }
    }
    let mut v: Vec<_> = per.into_iter().collect();
    v.sort_by_key(|(s, (a, b))| (std::cmp::Reverse(a + b), s.clone()));
    for (s, (a, b)) in v.iter().take(60) {
        eprint!("{s}:{a}/{b} ");
    }
    eprintln!();
    println!(
        "zh words {words}: hit {hit} ({:.4}), next-bead hit {shift_hit} ({:.4}); en stems {en_n}: covered {en_cov} ({:.4}), next-bead {:.4}",
        hit as f64 / words as f64,
        shift_hit as f64 / words as f64,
        en_cov as f64 / en_n as f64,
        en_shift_cov as f64 / en_n as f64
    );
}
