//! Generates `data/names.tsv`, the proper-noun table of the quality stage's
//! `name_mismatch` check, from a CC-CEDICT file.
//!
//! ```sh
//! zcat ../shared/data/cc-cedict/cedict_1_0_ts_utf-8_mdbg.txt.gz \
//!   | cargo run --release --example gen_names -- - > data/names.tsv
//! ```
//! (`scripts/gen-names.sh` does exactly this.) Proper nouns are the entries
//! whose pinyin begins with a capital (CC-CEDICT writes 慕尼黑 `[Mu4 ni2
//! hei1]`, the common word 宝马 *precious horse* `[bao3 ma3]` beside the
//! company 宝马 `[Bao3 ma3]` *BMW*). Their renderings are the capitalised
//! names that open a gloss (*München or Munich, capital of Bavaria* →
//! `münchen`, `munich`; *Chengdu subprovincial city … 四川* → `chengdu`;
//! *Microsoft Corporation* → `microsoft corporation`, `microsoft`), also
//! after *abbr. for* (京 → `beijing`). Output: one line per headword
//! (simplified, and traditional where it differs), `headword TAB toneless
//! pinyin without spaces TAB renderings`, renderings `|`-separated,
//! lower-cased words joined by a space, each prefixed by `~` when every
//! word of it is one CC-CEDICT's glosses also write in lower case (*Time*,
//! *Apple*: a common word as well as a name).

use std::collections::{BTreeMap, HashSet};
use std::io::Write;

#[path = "common/cedict.rs"]
mod cedict;

/// Headwords longer than this are left out.
const MAX_CHARS: usize = 8;
/// Words of a rendering at most.
const MAX_WORDS: usize = 6;
/// Small words a name may hold between its capitalised words.
const CONNECTORS: &[&str] = &[
    "of", "and", "the", "de", "du", "des", "la", "le", "von", "van", "der", "for", "on", "upon",
    "am", "&",
];
/// Last words a name may be written without (*Microsoft Corporation*,
/// *Guizhou Province*).
const SUFFIXES: &[&str] = &[
    "corporation",
    "corp",
    "inc",
    "company",
    "co",
    "group",
    "ltd",
    "limited",
    "plc",
    "ag",
    "gmbh",
    "llc",
    "province",
    "city",
    "county",
    "district",
    "prefecture",
    "municipality",
];

/// The words of a piece of text: runs of letters, digits and `&`.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '&'))
        .filter(|w| !w.is_empty())
        .collect()
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// The renderings a gloss opens with.
fn renderings(gloss: &str) -> Vec<Vec<String>> {
    let g = gloss.trim();
    let g = ["abbr. for ", "short for ", "short name for ", "abbr. of "]
        .iter()
        .find_map(|p| g.strip_prefix(p))
        .unwrap_or(g);
    if !capitalised(g) || g.starts_with("CL:") {
        return Vec::new();
    }
    // Drop (notes), [pinyin] and Chinese; keep the text up to the first
    // comma, semicolon or colon.
    let mut clean = String::new();
    let mut depth = 0i32;
    for c in g.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            ',' | ';' | ':' if depth == 0 => break,
            _ if depth == 0 && !bitext::normalize::is_han(c) && c != '|' => clean.push(c),
            _ if depth == 0 => clean.push(' '),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for alt in clean.split(" or ") {
        let ws = words(alt);
        let mut run: Vec<&str> = Vec::new();
        for w in ws {
            if capitalised(w) || (!run.is_empty() && CONNECTORS.contains(&w)) {
                run.push(w);
            } else {
                break;
            }
        }
        while run.last().is_some_and(|w| CONNECTORS.contains(w)) {
            run.pop();
        }
        if run.is_empty() || run.len() > MAX_WORDS || run[0].chars().count() < 2 {
            continue;
        }
        let lower: Vec<String> = run.iter().map(|w| w.to_lowercase()).collect();
        // The name without its kind (*Baiyun* of *Baiyun District of
        // Guiyang*), from the first such word on.
        if let Some(at) = (1..lower.len()).find(|&i| SUFFIXES.contains(&lower[i].as_str())) {
            out.push(lower[..at].to_vec());
        }
        out.push(lower);
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = cedict::read_input("usage: gen_names CEDICT-FILE|-")?;
    let dict = cedict::parse(&text);
    let release = dict.release;
    let read = dict.entries.len();
    // Words the glosses write in lower case.
    let mut common: HashSet<String> = HashSet::new();
    let mut entries: BTreeMap<String, (String, Vec<Vec<String>>)> = BTreeMap::new();
    for cedict::Entry {
        trad,
        simp,
        pinyin,
        glosses,
    } in dict.entries
    {
        for w in words(glosses) {
            if w.chars().next().is_some_and(char::is_lowercase) {
                common.insert(w.to_string());
            }
        }
        if !pinyin
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
        {
            continue;
        }
        let toneless: String = cedict::toneless(pinyin).collect();
        let mut rs: Vec<Vec<String>> = Vec::new();
        for g in glosses.split('/') {
            for r in renderings(g) {
                if !rs.contains(&r) {
                    rs.push(r);
                }
            }
        }
        if rs.is_empty() || !toneless.bytes().all(|b| b.is_ascii_lowercase()) {
            continue;
        }
        for head in [simp, trad] {
            let n = head.chars().count();
            if n > MAX_CHARS || !head.chars().all(bitext::normalize::is_han) {
                continue;
            }
            let e = entries
                .entry(head.to_string())
                .or_insert_with(|| (toneless.clone(), Vec::new()));
            for r in &rs {
                if !e.1.contains(r) {
                    e.1.push(r.clone());
                }
            }
        }
    }
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    writeln!(
        out,
        "# generated by `scripts/gen-names.sh` (examples/gen_names.rs) from CC-CEDICT; do not edit"
    )?;
    writeln!(
        out,
        "# CC-CEDICT release: {release}; {read} entries read, {} proper-noun headwords written",
        entries.len()
    )?;
    writeln!(
        out,
        "# licence: CC BY-SA 4.0, see data/LICENSE-CC-CEDICT.md"
    )?;
    writeln!(
        out,
        "# format: headword TAB toneless pinyin TAB renderings (lower case, |-separated; ~ = common words too)"
    )?;
    for (head, (pinyin, rs)) in &entries {
        let shown: Vec<String> = rs
            .iter()
            .map(|r| {
                let mark = if r.iter().all(|w| common.contains(w)) {
                    "~"
                } else {
                    ""
                };
                format!("{mark}{}", r.join(" "))
            })
            .collect();
        writeln!(out, "{head}\t{pinyin}\t{}", shown.join("|"))?;
    }
    Ok(())
}
