//! Generates `data/lexicon.tsv` from a CC-CEDICT file.
//!
//! ```sh
//! zcat ../shared/data/cc-cedict/cedict_1_0_ts_utf-8_mdbg.txt.gz \
//!   | cargo run --release --example gen_lexicon -- - > data/lexicon.tsv
//! ```
//! (`scripts/gen-lexicon.sh` does exactly this.) Input: CC-CEDICT's format,
//! `TRADITIONAL SIMPLIFIED [pin1 yin1] /gloss/gloss/`, one entry a line after
//! `#` comments, from a file or `-` for standard input. Output: one line per
//! headword (simplified, and traditional where it differs), `headword TAB
//! toneless pinyin TAB stems`, sorted, with a header saying where it came from.

use bitext::lexicon::{content_stem, gloss_stems};
use std::collections::BTreeMap;
use std::io::Write;

#[path = "common/cedict.rs"]
mod cedict;
#[path = "common/wordnet.rs"]
mod wordnet;

use wordnet::{Pos, WordNet};

/// Headwords longer than this are idioms and phrases that translators render
/// freely; they are left out to keep the data small.
const MAX_CHARS: usize = 6;
/// At most this many stems per headword: the first glosses are the main senses.
const MAX_STEMS: usize = 12;

/// Knobs of the WordNet expansion (experiment; read from the environment).
struct Knobs {
    senses: usize,
    max_synset: usize,
    mutual: usize,
    cap: usize,
    deriv: bool,
    hyper: bool,
    synonyms: bool,
    poly: usize,
}

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The single-word glosses of a CC-CEDICT entry (`/to quarrel/to have a
/// row/quarrel/`): each word in lower case with the parts of speech its
/// gloss suggests (verb after "to", else noun, adjective or adverb), in
/// gloss order, each (word, parts of speech) once. Glosses of several
/// words, meta glosses (classifiers, variants) and parenthetical notes are
/// left out.
fn single_word_glosses(glosses: &str) -> Vec<(String, &'static [Pos])> {
    const VERB: &[Pos] = &[Pos::Verb];
    const OTHER: &[Pos] = &[Pos::Noun, Pos::Adj, Pos::Adv];
    let mut out: Vec<(String, &'static [Pos])> = Vec::new();
    for g in glosses.split(['/', ';']) {
        // A meta gloss (CL:, variant of…) gives no stems.
        if gloss_stems(&format!("/{g}/")).is_empty() {
            continue;
        }
        let mut clean = String::new();
        let mut depth = 0i32;
        for c in g.chars() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = (depth - 1).max(0),
                _ if depth == 0 => clean.push(c),
                _ => {}
            }
        }
        let clean = clean.trim().to_lowercase();
        let (word, pos) = match clean.strip_prefix("to ") {
            Some(rest) => (rest.trim(), VERB),
            None => (clean.as_str(), OTHER),
        };
        if word.is_empty() || !word.chars().all(|c| c.is_ascii_lowercase()) {
            continue;
        }
        if !out.iter().any(|(w, p)| w == word && *p == pos) {
            out.push((word.to_string(), pos));
        }
    }
    out
}

/// The English words WordNet adds for a single-word gloss `word` read in
/// the one of `pos` it is most common in: other words of the synsets of its first `k.senses` senses
/// (synsets of at most `k.max_synset` words, a word only if the synset is
/// among its own first `k.mutual` senses), and its derivationally related
/// words; single words only, in that order.
fn wordnet_words(wn: &WordNet, word: &str, pos: &[Pos], k: &Knobs) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let push = |w: &str, out: &mut Vec<String>| {
        if w != word
            && w.chars().all(|c| c.is_ascii_lowercase())
            && (k.poly == 0 || wn.sense_count(w) <= k.poly)
            && !out.iter().any(|o| o == w)
        {
            out.push(w.to_string());
        }
    };
    if let Some(p) = wn.main_pos(word, pos) {
        for (id, synset) in wn.synsets_of(p, word).take(k.senses) {
            if k.synonyms && synset.words.len() <= k.max_synset {
                for w in &synset.words {
                    if k.mutual == 0 || wn.sense_rank(w, id).is_some_and(|r| r < k.mutual) {
                        push(w, &mut out);
                    }
                }
            }
            if k.deriv {
                let Some(me) = synset.words.iter().position(|w| w == word) else {
                    continue;
                };
                for &(src, target, tgt) in &synset.derivations {
                    if src != me {
                        continue;
                    }
                    if let Some(w) = wn.synsets.get(&target).and_then(|s| s.words.get(tgt)) {
                        push(w, &mut out);
                    }
                }
            }
            if k.hyper && p == Pos::Verb {
                for h in &synset.hypernyms {
                    if let Some(s) = wn.synsets.get(h)
                        && s.words.len() <= k.max_synset
                    {
                        for w in &s.words {
                            if wn.sense_rank(w, *h).is_some_and(|r| r < k.mutual.max(1)) {
                                push(w, &mut out);
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = cedict::read_input("usage: gen_lexicon CEDICT-FILE|- [WORDNET-DIR]")?;
    let wn = match std::env::args().nth(2) {
        Some(dir) => Some(WordNet::load(std::path::Path::new(&dir))?),
        None => None,
    };
    let k = Knobs {
        senses: knob("WN_SENSES", 1),
        max_synset: knob("WN_MAXSYN", 4),
        mutual: knob("WN_MUTUAL", 2),
        cap: knob("WN_CAP", 4),
        deriv: knob("WN_DERIV", 0) == 1,
        hyper: knob("WN_HYPER", 0) == 1,
        synonyms: knob("WN_SYN", 1) == 1,
        poly: knob("WN_POLY", 0),
    };
    let mut added: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let dict = cedict::parse(&text);
    let release = dict.release;
    let read = dict.entries.len();
    let mut entries: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for cedict::Entry {
        trad,
        simp,
        pinyin,
        glosses,
    } in dict.entries
    {
        let toneless = cedict::toneless(pinyin).collect::<Vec<_>>().join(" ");
        let stems = gloss_stems(glosses);
        let mut extra: Vec<String> = Vec::new();
        if let Some(wn) = &wn {
            for (word, pos) in single_word_glosses(glosses) {
                for w in wordnet_words(wn, &word, pos, &k) {
                    if let Some(s) = content_stem(&w)
                        && !stems.contains(&s)
                        && !extra.contains(&s)
                    {
                        extra.push(s);
                    }
                }
            }
        }
        for head in [simp, trad] {
            let n = head.chars().count();
            if n > MAX_CHARS || !head.chars().any(bitext::normalize::is_han) {
                continue;
            }
            let e = entries
                .entry(head.to_string())
                .or_insert_with(|| (toneless.clone(), Vec::new()));
            for s in &stems {
                if e.1.len() < MAX_STEMS && !e.1.contains(s) {
                    e.1.push(s.clone());
                }
            }
            if n <= MAX_CHARS && !extra.is_empty() {
                let a = added.entry(head.to_string()).or_default();
                for s in &extra {
                    if a.len() < k.cap && !a.contains(s) {
                        a.push(s.clone());
                    }
                }
            }
        }
    }
    let mut n_added = 0;
    for (head, extra) in &added {
        if let Some(e) = entries.get_mut(head) {
            for s in extra {
                if !e.1.contains(s) {
                    e.1.push(s.clone());
                    n_added += 1;
                }
            }
        }
    }
    eprintln!(
        "gen_lexicon: WordNet added {n_added} stems to {} headwords",
        added.len()
    );
    // Entries without stems are kept for single characters only: their pinyin
    // serves name matching.
    let keep = |head: &str, stems: &[String]| !stems.is_empty() || head.chars().count() == 1;
    let dropped = entries.iter().filter(|(h, (_, s))| !keep(h, s)).count();
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    writeln!(
        out,
        "# generated by `scripts/gen-lexicon.sh` (examples/gen_lexicon.rs) from CC-CEDICT; do not edit"
    )?;
    writeln!(
        out,
        "# CC-CEDICT release: {release}; {read} entries read, {} headwords written",
        entries.len() - dropped
    )?;
    writeln!(
        out,
        "# licence: CC BY-SA 4.0, see data/LICENSE-CC-CEDICT.md"
    )?;
    writeln!(
        out,
        "# format: headword TAB toneless pinyin TAB English stems (Porter2), space-separated"
    )?;
    for (head, (pinyin, stems)) in &entries {
        if !keep(head, stems) {
            continue;
        }
        writeln!(out, "{head}\t{pinyin}\t{}", stems.join(" "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn knobs() -> Knobs {
        Knobs {
            senses: 1,
            max_synset: 8,
            mutual: 2,
            cap: 4,
            deriv: true,
            hyper: false,
            synonyms: true,
            poly: 6,
        }
    }

    #[test]
    fn single_word_glosses_with_their_parts_of_speech() {
        let g = single_word_glosses("/to quarrel/to have a row/quarrel/CL:頓|顿[dun4]/");
        assert_eq!(
            g,
            [
                ("quarrel".to_string(), &[Pos::Verb][..]),
                ("quarrel".to_string(), &[Pos::Noun, Pos::Adj, Pos::Adv][..]),
            ]
        );
        let g =
            single_word_glosses("/to laugh; to smile/(bound form) theory/variant of 笑[xiao4]/");
        let words: Vec<&str> = g.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["laugh", "smile", "theory"]);
        assert!(single_word_glosses("/see 夠|够[gou4]/").is_empty());
    }

    #[test]
    fn synonyms_and_derivations_of_the_first_sense() {
        let mut wn = WordNet::default();
        wn.add_index(Pos::Verb, "quarrel v 1 3 @ ~ + 1 1 00775174  \n");
        wn.add_index(Pos::Verb, "dispute v 2 3 @ ~ + 2 1 00814850 00775174  \n");
        wn.add_index(Pos::Verb, "scrap v 2 3 @ ~ + 2 0 01000000 01000001  \n");
        wn.add_index(Pos::Verb, "argufy v 1 1 @ 1 0 00775174  \n");
        wn.add_index(Pos::Noun, "quarrel n 2 3 @ ~ + 2 1 07184149 04031481  \n");
        wn.add_data(
            Pos::Verb,
            "00775174 32 v 04 quarrel 0 dispute 1 scrap 0 argufy 0 001 + 07184149 n 0101 01 + 02 00 | have a disagreement  \n",
        );
        wn.add_data(
            Pos::Noun,
            "07184149 10 n 02 quarrel 0 wrangle 1 000 | an angry dispute  \n",
        );
        // dispute: the synset is its second sense (kept); scrap: not among
        // its first two (left); the noun reached by the derivation is
        // "quarrel" itself, so nothing more.
        assert_eq!(
            wordnet_words(&wn, "quarrel", &[Pos::Verb], &knobs()),
            ["dispute", "argufy"]
        );
        let mut k = knobs();
        k.mutual = 1;
        assert_eq!(wordnet_words(&wn, "quarrel", &[Pos::Verb], &k), ["argufy"]);
        assert_eq!(
            wordnet_words(&wn, "quarrel", &[Pos::Noun, Pos::Adj], &knobs()),
            Vec::<String>::new()
        );
        assert!(wordnet_words(&wn, "bicker", &[Pos::Verb], &knobs()).is_empty());
    }
}
