//! Converts simplified Chinese text to traditional characters with CC-CEDICT,
//! to measure how bitext does on traditional text (`scripts/traditional.sh`).
//! Not part of the library, and not a converter for users: the output is
//! test data.
//!
//! ```sh
//! cargo run --release --example to_traditional -- CEDICT-FILE < simplified.txt > traditional.txt
//! ```
//! `CEDICT-FILE` is an uncompressed CC-CEDICT file (the text to convert comes
//! on standard input). Conversion works by
//! greedy longest match over CC-CEDICT's simplified headwords (up to eight
//! characters; a headword with several traditional forms takes the one of
//! its first entry), so that 头发 becomes 頭髮 and 发现 becomes 發現; a character
//! no headword covers takes the traditional counterpart most entries pair it
//! with. Every other character is copied as it is, so the output has the
//! same number of characters as the input, line for line.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};

#[path = "common/cedict.rs"]
mod cedict;

/// Longest headword used for matching, in characters.
const MAX_WORD: usize = 8;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dict_text =
        cedict::read_input("usage: to_traditional CEDICT-FILE < simplified > traditional")?;
    let dict = cedict::parse(&dict_text);
    let mut words: HashMap<Vec<char>, Vec<char>> = HashMap::new();
    let mut chars: BTreeMap<char, BTreeMap<char, usize>> = BTreeMap::new();
    for e in &dict.entries {
        let s: Vec<char> = e.simp.chars().collect();
        let t: Vec<char> = e.trad.chars().collect();
        if s.len() != t.len() {
            continue;
        }
        for (&a, &b) in s.iter().zip(&t) {
            *chars.entry(a).or_default().entry(b).or_default() += 1;
        }
        if s.len() > 1 && s.len() <= MAX_WORD {
            words.entry(s).or_insert(t);
        }
    }
    let single: HashMap<char, char> = chars
        .iter()
        .filter_map(|(&s, counts)| {
            counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(&t, _)| (s, t))
        })
        .collect();
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let text: Vec<char> = input.chars().collect();
    let mut out = String::with_capacity(input.len());
    let mut i = 0;
    while i < text.len() {
        let longest = (2..=MAX_WORD.min(text.len() - i))
            .rev()
            .find_map(|n| words.get(&text[i..i + n]));
        if let Some(t) = longest {
            out.extend(t);
            i += t.len();
        } else {
            out.push(single.get(&text[i]).copied().unwrap_or(text[i]));
            i += 1;
        }
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}
