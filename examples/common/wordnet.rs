//! Used by `examples/gen_lexicon.rs`: reading Princeton WordNet 3.0's
//! database files (`index.POS` and `data.POS`, as Debian's `wordnet-base`
//! installs them in `/usr/share/wordnet`). Nothing here is part of the
//! library, and nothing at run time reads WordNet: the generator writes what
//! it takes from it into `data/lexicon.tsv`.
//!
//! The format is WordNet's `wndb(5)`: an index line is `lemma pos
//! synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt offset…` (the
//! offsets in sense order, the most frequent sense first); a data line is
//! `offset lex_filenum ss_type w_cnt (word lex_id)… p_cnt (symbol offset pos
//! source/target)… [frames] | gloss`, with `w_cnt` in hexadecimal.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;

/// A part of speech, as WordNet's file names and pointers write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pos {
    Noun,
    Verb,
    Adj,
    Adv,
}

impl Pos {
    pub const ALL: [Pos; 4] = [Pos::Noun, Pos::Verb, Pos::Adj, Pos::Adv];

    /// The suffix of the database files (`data.noun`).
    pub fn file(self) -> &'static str {
        match self {
            Pos::Noun => "noun",
            Pos::Verb => "verb",
            Pos::Adj => "adj",
            Pos::Adv => "adv",
        }
    }

    /// The one-letter tag of index lines and pointers (`s`, a satellite
    /// adjective, is an adjective).
    pub fn from_tag(tag: &str) -> Option<Pos> {
        match tag {
            "n" => Some(Pos::Noun),
            "v" => Some(Pos::Verb),
            "a" | "s" => Some(Pos::Adj),
            "r" => Some(Pos::Adv),
            _ => None,
        }
    }
}

/// A synset's identity: its part of speech and byte offset in `data.POS`.
pub type SynsetId = (Pos, u64);

/// One synset: its words (lower case, `_` for spaces, adjective markers
/// such as `(p)` dropped), its hypernyms, and its derivational links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synset {
    pub words: Vec<String>,
    /// `@` (and `@i`) pointers.
    pub hypernyms: Vec<SynsetId>,
    /// `+` pointers: (index of the source word in `words`, the target
    /// synset, index of the target word in its synset's `words`), both
    /// indices from 0.
    pub derivations: Vec<(usize, SynsetId, usize)>,
}

/// The parts of WordNet the lexicon generator uses.
#[derive(Debug, Default)]
pub struct WordNet {
    /// (part of speech, lemma) → its senses.
    pub senses: HashMap<(Pos, String), Senses>,
    pub synsets: HashMap<SynsetId, Synset>,
}

/// One lemma's senses in one part of speech.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Senses {
    /// Synset offsets, the most frequent sense first.
    pub offsets: Vec<u64>,
    /// How many of them are tagged in WordNet's semantic concordance
    /// (`tagsense_cnt`): a measure of how common the lemma is in this part
    /// of speech.
    pub tagged: usize,
}

/// Parses one line of an `index.POS` file: its lemma and senses. `None`
/// for the licence header (lines that start with spaces) and malformed
/// lines.
pub fn parse_index_line(line: &str) -> Option<(String, Senses)> {
    if line.starts_with(' ') {
        return None;
    }
    let f: Vec<&str> = line.split_whitespace().collect();
    let lemma = f.first()?;
    let p_cnt: usize = f.get(3)?.parse().ok()?;
    // After the pointer symbols: sense_cnt, tagsense_cnt, then the offsets.
    let offsets = f.get(4 + p_cnt + 2..)?;
    let sense_cnt: usize = f.get(2)?.parse().ok()?;
    if offsets.len() != sense_cnt || sense_cnt == 0 {
        return None;
    }
    let tagged: usize = f.get(4 + p_cnt + 1)?.parse().ok()?;
    let offsets = offsets
        .iter()
        .map(|o| o.parse().ok())
        .collect::<Option<Vec<u64>>>()?;
    Some((lemma.to_string(), Senses { offsets, tagged }))
}

/// Parses one line of a `data.POS` file: its offset and synset. `None` for
/// the licence header and malformed lines.
pub fn parse_data_line(line: &str) -> Option<(u64, Synset)> {
    if line.starts_with(' ') {
        return None;
    }
    let body = line.split(" | ").next()?;
    let f: Vec<&str> = body.split_whitespace().collect();
    let offset: u64 = f.first()?.parse().ok()?;
    let w_cnt = usize::from_str_radix(f.get(3)?, 16).ok()?;
    let mut words = Vec::with_capacity(w_cnt);
    for i in 0..w_cnt {
        let w = f.get(4 + 2 * i)?;
        // Adjective markers: `galore(ip)`, `elect(p)`, `asleep(p)`.
        let w = w.split('(').next().unwrap_or(w);
        words.push(w.to_lowercase());
    }
    let at = 4 + 2 * w_cnt;
    let p_cnt: usize = f.get(at)?.parse().ok()?;
    let mut synset = Synset {
        words,
        ..Synset::default()
    };
    for p in 0..p_cnt {
        let i = at + 1 + 4 * p;
        let (symbol, target, pos, st) = (f.get(i)?, f.get(i + 1)?, f.get(i + 2)?, f.get(i + 3)?);
        let target: u64 = target.parse().ok()?;
        let pos = Pos::from_tag(pos)?;
        match *symbol {
            "@" | "@i" => synset.hypernyms.push((pos, target)),
            "+" => {
                let (src, tgt) = (st.get(..2)?, st.get(2..4)?);
                let src = usize::from_str_radix(src, 16).ok()?;
                let tgt = usize::from_str_radix(tgt, 16).ok()?;
                if src > 0 && tgt > 0 {
                    synset.derivations.push((src - 1, (pos, target), tgt - 1));
                }
            }
            _ => {}
        }
    }
    Some((offset, synset))
}

impl WordNet {
    /// Reads the four `index.POS` and `data.POS` files of `dir`.
    pub fn load(dir: &Path) -> Result<WordNet, Box<dyn std::error::Error>> {
        let mut wn = WordNet::default();
        for pos in Pos::ALL {
            let read = |name: String| {
                let path = dir.join(&name);
                std::fs::read_to_string(&path)
                    .map_err(|e| format!("WordNet: cannot read {}: {e}", path.display()))
            };
            wn.add_index(pos, &read(format!("index.{}", pos.file()))?);
            wn.add_data(pos, &read(format!("data.{}", pos.file()))?);
        }
        if wn.senses.is_empty() || wn.synsets.is_empty() {
            return Err(format!("WordNet: no entries in {}", dir.display()).into());
        }
        Ok(wn)
    }

    /// Adds the lines of an `index.POS` file.
    pub fn add_index(&mut self, pos: Pos, text: &str) {
        for (lemma, senses) in text.lines().filter_map(parse_index_line) {
            self.senses.insert((pos, lemma), senses);
        }
    }

    /// Adds the lines of a `data.POS` file.
    pub fn add_data(&mut self, pos: Pos, text: &str) {
        for (offset, synset) in text.lines().filter_map(parse_data_line) {
            self.synsets.insert((pos, offset), synset);
        }
    }

    /// The synsets of `lemma` (lower case, `_` for spaces) in `pos`, most
    /// frequent sense first.
    pub fn synsets_of(&self, pos: Pos, lemma: &str) -> impl Iterator<Item = (SynsetId, &Synset)> {
        self.senses
            .get(&(pos, lemma.to_string()))
            .into_iter()
            .flat_map(|s| &s.offsets)
            .filter_map(move |&o| self.synsets.get(&(pos, o)).map(|s| ((pos, o), s)))
    }

    /// The sense number (from 0) of `id` among `lemma`'s senses, if `lemma`
    /// has that sense.
    pub fn sense_rank(&self, lemma: &str, id: SynsetId) -> Option<usize> {
        self.senses
            .get(&(id.0, lemma.to_string()))?
            .offsets
            .iter()
            .position(|&o| o == id.1)
    }

    /// How many senses `lemma` has in all parts of speech together.
    pub fn sense_count(&self, lemma: &str) -> usize {
        Pos::ALL
            .iter()
            .filter_map(|&p| self.senses.get(&(p, lemma.to_string())))
            .map(|s| s.offsets.len())
            .sum()
    }

    /// Of `candidates`, the part of speech `lemma` is most common in (the
    /// most senses tagged in the concordance, then the most senses, then
    /// the first), or `None` if WordNet has it in none of them.
    pub fn main_pos(&self, lemma: &str, candidates: &[Pos]) -> Option<Pos> {
        let mut best: Option<(Pos, (usize, usize))> = None;
        for &p in candidates {
            if let Some(s) = self.senses.get(&(p, lemma.to_string())) {
                let key = (s.tagged, s.offsets.len());
                if best.is_none_or(|(_, k)| key > k) {
                    best = Some((p, key));
                }
            }
        }
        best.map(|(p, _)| p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Lines as WordNet 3.0's files have them (trailing spaces included).
    const INDEX_VERB: &str = "  1 This software and database is being provided to you, the LICENSEE, by  \n\
argue v 3 4 @ ~ * + 3 2 00772207 00773450 00772658  \n\
quarrel v 1 3 @ ~ + 1 1 00775174  \n";
    const DATA_VERB: &str = "  1 This software and database is being provided to you, the LICENSEE, by  \n\
00773450 32 v 04 argue 0 contend 1 debate 1 fence 0 002 @ 00964712 v 0000 + 07183151 n 0202 01 + 02 00 | have an argument about something  \n\
00775174 32 v 05 quarrel 0 dispute 1 scrap 0 argufy 0 altercate 0 002 @ 00773450 v 0000 + 07184149 n 0101 01 + 02 00 | have a disagreement over something; \"We quarreled\"  \n";
    const DATA_ADJ: &str =
        "00013160 00 s 02 galore(ip) 0 Happy 0 001 & 00013887 a 0000 | existing in abundance  \n";

    #[test]
    fn index_lines_give_the_senses_in_order() {
        let lines: Vec<_> = INDEX_VERB.lines().filter_map(parse_index_line).collect();
        assert_eq!(
            lines,
            [
                (
                    "argue".to_string(),
                    Senses {
                        offsets: vec![772207, 773450, 772658],
                        tagged: 2
                    }
                ),
                (
                    "quarrel".to_string(),
                    Senses {
                        offsets: vec![775174],
                        tagged: 1
                    }
                ),
            ]
        );
    }

    #[test]
    fn a_malformed_index_line_is_skipped() {
        assert_eq!(parse_index_line("argue v 3 4 @ ~ * + 3 2 00772207"), None);
        assert_eq!(parse_index_line("argue v x"), None);
        assert_eq!(parse_index_line(""), None);
    }

    #[test]
    fn data_lines_give_words_hypernyms_and_derivations() {
        let mut wn = WordNet::default();
        wn.add_data(Pos::Verb, DATA_VERB);
        wn.add_index(Pos::Verb, INDEX_VERB);
        let quarrel = &wn.synsets[&(Pos::Verb, 775174)];
        assert_eq!(
            quarrel.words,
            ["quarrel", "dispute", "scrap", "argufy", "altercate"]
        );
        assert_eq!(quarrel.hypernyms, [(Pos::Verb, 773450)]);
        assert_eq!(quarrel.derivations, [(0, (Pos::Noun, 7184149), 0)]);
        let argue = &wn.synsets[&(Pos::Verb, 773450)];
        assert_eq!(argue.derivations, [(1, (Pos::Noun, 7183151), 1)]);
        let firsts: Vec<_> = wn
            .synsets_of(Pos::Verb, "argue")
            .map(|(id, _)| id)
            .collect();
        // 00772207 is not in this sample's data: only the one it has.
        assert_eq!(firsts, [(Pos::Verb, 773450)]);
        assert_eq!(wn.sense_rank("argue", (Pos::Verb, 773450)), Some(1));
        assert_eq!(wn.sense_rank("dispute", (Pos::Verb, 775174)), None);
    }

    #[test]
    fn the_main_part_of_speech_is_the_most_tagged() {
        let mut wn = WordNet::default();
        wn.add_index(Pos::Noun, "glad n 1 2 @ #m 1 0 12417382  \n");
        wn.add_index(
            Pos::Adj,
            "glad a 4 4 ! & ^ + 4 3 01361414 02565584 01146920 00362892  \n",
        );
        assert_eq!(
            wn.main_pos("glad", &[Pos::Noun, Pos::Adj, Pos::Adv]),
            Some(Pos::Adj)
        );
        assert_eq!(wn.main_pos("glad", &[Pos::Noun]), Some(Pos::Noun));
        assert_eq!(wn.main_pos("glad", &[Pos::Verb]), None);
    }

    #[test]
    fn adjective_markers_and_case_are_dropped() {
        let (offset, s) = parse_data_line(DATA_ADJ.lines().next().unwrap()).unwrap();
        assert_eq!(offset, 13160);
        assert_eq!(s.words, ["galore", "happy"]);
        assert!(s.hypernyms.is_empty() && s.derivations.is_empty());
    }

    #[test]
    fn a_truncated_data_line_is_skipped() {
        assert_eq!(
            parse_data_line("00775174 32 v 05 quarrel 0 dispute 1"),
            None
        );
        assert_eq!(parse_data_line("  1 licence text"), None);
    }
}
