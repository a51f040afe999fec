//! The document context of the quality stage: what all the segments of a
//! document (or all the pairs of a TSV, all the units of a TMX) say
//! together, and the analysis of one segment within it.
//!
//! - **document frequencies** of content words, so that a rare word counts
//!   more in coverage than a frequent one (`ln(1 + N/df)`);
//! - **the length model**: median and robust spread (1.4826 × MAD) of the
//!   log length ratio over the segments with two non-empty sides, shrunk
//!   towards a prior for the language pair when the document is small;
//! - **learned translations**: pairs of a Chinese word and an English stem
//!   that the lexicon does not link, but that co-occur across the
//!   document's segments (Dice ≥ 0.5 over at least 3 segments) — the same
//!   idea as the aligner's learned pass, recomputed here on the segments as
//!   they are scored;
//! - **names**: English name candidates (capitalised words, and pairs of
//!   them) spelled by the pinyin of the Chinese side, collected over the
//!   document, so that a segment whose Chinese names one person and whose
//!   English names another can be told;
//! - **repeats**: segments with the same source, or the same target, for
//!   the inconsistency checks.

use super::text::{PinyinWindows, SideText, TextCache, ThreadCaches, Token, pinyin_windows};
use super::{Components, QualityOptions, Unit};
use crate::hash::{FastMap, FastSet};
use crate::lang::Lang;
use crate::lexicon::{Lexicon, is_stopword};
use crate::normalize::{fold, is_han};
use crate::numbers::MentionKind;
use crate::segment::Segmenter;
use rayon::prelude::*;
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;
use std::sync::OnceLock;

/// Prior mean of ln((target length + 1) / (source length + 1)) for zh→en
/// (English letters per Chinese unit), and its spread: the medians over
/// MAC-Dev's gold 1-1 pairs (`examples/fit_quality.rs` prints them).
const PRIOR_LOG_RATIO_ZH_EN: f64 = 1.13;
const PRIOR_SPREAD: f64 = 0.32;
/// How many segments the prior is worth against the document's own.
const PRIOR_WEIGHT: f64 = 30.0;
/// What one standard deviation of the log length ratio off the length
/// model costs a pairing in [`Context::better_neighbour`], in mean
/// coverage (chosen on the training set, RESULTS.md).
pub(crate) const NEIGHBOUR_LENGTH: f64 = 0.05;

/// How much the variance of a log length ratio grows with the count noise
/// of a segment's lengths, `1/(source + 1) + 1/(expected target + 1)`:
/// in words (for `fullness`) and in the aligner's units (for
/// `completeness`). Fitted on MAC-Dev's gold 1-1 beads (832 pairs), binned
/// by the Chinese length: the robust spread of the log ratio grows from
/// 0.24–0.28 (30 units or more) to 0.43 (words) and 0.47 (letters) at 6 or
/// fewer, and its square is 0.039 + 0.34 × noise in words, 0.027 + 0.69 ×
/// noise in letters (RESULTS.md, session 29, `short29`).
const WORD_COUNT_NOISE: f64 = 0.34;
const LETTER_COUNT_NOISE: f64 = 0.69;

/// The count noise of a log length ratio for a source of `s` units whose
/// target is expected at `exp(mu)` times its length (plus one): what a
/// short sentence adds to the variance of its ratio. It is read from the
/// source alone, so that a truncated target does not widen its own
/// spread.
fn count_noise(s: f64, mu: f64) -> f64 {
    let t = ((s + 1.0) * mu.exp() - 1.0).max(0.0);
    1.0 / (s + 1.0) + 1.0 / (t + 1.0)
}

/// The spread of a segment's log length ratio: the document's spread
/// `sigma`, measured at its typical count noise `typical`, widened by
/// `weight` × the segment's count noise above it (a segment as long as
/// the document's or longer keeps `sigma`).
fn length_aware_spread(sigma: f64, weight: f64, noise: f64, typical: f64) -> f64 {
    (sigma * sigma + weight * (noise - typical).max(0.0)).sqrt()
}

/// How much better a neighbour's own target must fit its source than the
/// segment's target does for the segment's target not to count as the
/// neighbour's ([`Context::better_neighbour`]).
pub(crate) const NEIGHBOUR_HELD: f64 = 0.1;

/// The most words (English) or Han characters (Chinese) of a line that
/// may be a heading ([`heading_like`]).
const HEADING_WORDS: usize = 4;
const HEADING_HAN: usize = 8;

/// Whether a text looks like a heading in `lang`: short (at most
/// [`HEADING_WORDS`] words, or [`HEADING_HAN`] Han characters) and not
/// ending as a sentence does (`.`, `!`, `?`, `:`, `;`, `。` …, before any
/// closing quote or bracket).
pub(crate) fn heading_like(text: &str, lang: Lang) -> bool {
    let t = text.trim().trim_end_matches(|c: char| {
        matches!(
            c,
            '"' | '\'' | ')' | ']' | '”' | '’' | '）' | '」' | '』' | '】'
        )
    });
    let Some(last) = t.chars().last() else {
        return false;
    };
    if matches!(
        last,
        '.' | '!' | '?' | ':' | ';' | ',' | '…' | '。' | '！' | '？' | '：' | '；' | '，'
    ) {
        return false;
    }
    if lang == Lang::Zh {
        t.chars().filter(|&c| crate::normalize::is_han(c)).count() <= HEADING_HAN
    } else {
        t.split_whitespace().count() <= HEADING_WORDS
    }
}
/// The weight of a number or name link in [`Context::edge_gap`]'s chain
/// (a content word weighs its rarity, 1–5).
const ANCHOR_LINK_WEIGHT: f64 = 3.0;
/// [`Context::edge_gap`] measures segments of at most this many content
/// words a side and links (its chain is quadratic in the links); a longer
/// segment (the benchmark's longest has 50 Chinese content words) is
/// taken for intact: its edges are a small part of it.
const MAX_EDGE_WORDS: usize = 400;

/// Stems of every English word the lexicon knows: a capitalised word that
/// is one of them is taken for a word, not a name.
pub(crate) fn known_stems() -> &'static FastSet<&'static str> {
    static STEMS: OnceLock<FastSet<&'static str>> = OnceLock::new();
    STEMS.get_or_init(|| Lexicon::embedded().all_stems().collect())
}

/// Which of a Chinese side's content words stand in a run of three
/// single characters or more, each next to the other: a transliterated
/// name (卡德丽·西姆森, 亚他录朔反) the lexicon cannot cover. Linear in the
/// words.
pub(crate) fn transliteration_runs(words: &[super::text::Word]) -> Vec<bool> {
    let single = |w: &super::text::Word| w.key.chars().count() == 1;
    let mut in_run = vec![false; words.len()];
    let mut a = 0;
    while a < words.len() {
        let mut b = a + 1;
        if single(&words[a]) {
            while b < words.len() && single(&words[b]) && words[b - 1].end == words[b].start {
                b += 1;
            }
            if b - a >= 3 {
                in_run[a..b].fill(true);
            }
        }
        a = b;
    }
    in_run
}

/// The content words of one side of a segment as interned ids (ids are
/// numbered in the order of the words' text, so sorting ids sorts words).
#[derive(Debug, Default)]
pub(crate) struct WordIds {
    /// The key of each content word (Chinese: the word; English: its stem).
    pub keys: Vec<u32>,
    /// What each word may be matched by (Chinese: its English stems;
    /// English: its stem), sorted; one list shared by the occurrences of a
    /// word (a document has hundreds of thousands of words).
    pub stems: Vec<Arc<[u32]>>,
    /// (key, word index), sorted: the words of a key by binary search.
    pub index: Vec<(u32, u32)>,
    /// The rarity weight of each word.
    pub weights: Vec<f64>,
}

/// A set of keys as 256 bits (a key's remainder by 256): a key whose bit
/// is clear is not in the set, so no search of [`WordIds::index`] is made
/// for it. (A side has a dozen keys or so: 64 bits let about a fifth of
/// the other side's stems through to the search.)
#[derive(Clone, Copy)]
struct KeyBits([u64; 4]);

impl KeyBits {
    /// The bits of `keys`.
    fn of(keys: &[u32]) -> Self {
        let mut bits = [0u64; 4];
        for &k in keys {
            bits[(k >> 6 & 3) as usize] |= 1 << (k % 64);
        }
        KeyBits(bits)
    }

    /// False when `key` is surely not one of the keys.
    fn may_have(&self, key: u32) -> bool {
        self.0[(key >> 6 & 3) as usize] & 1 << (key % 64) != 0
    }
}

/// (key, word index) of each word, sorted: [`WordIds::index`].
fn key_index(keys: &[u32]) -> Vec<(u32, u32)> {
    let mut index: Vec<(u32, u32)> = keys
        .iter()
        .enumerate()
        .map(|(i, &k)| (k, i as u32))
        .collect();
    index.sort_unstable();
    index
}

impl WordIds {
    /// Marks the words whose key is `key`; true when there is one.
    fn mark(&self, key: u32, covered: &mut [bool]) -> bool {
        let from = self.index.partition_point(|&(k, _)| k < key);
        let mut hit = false;
        for &(k, i) in &self.index[from..] {
            if k != key {
                break;
            }
            covered[i as usize] = true;
            hit = true;
        }
        hit
    }

    fn has(&self, key: u32) -> bool {
        let from = self.index.partition_point(|&(k, _)| k < key);
        self.index.get(from).is_some_and(|&(k, _)| k == key)
    }
}

/// A token written in capitals throughout (two letters or more).
fn in_capitals(t: &Token) -> bool {
    let n = t.text.len();
    n >= 2 && t.capital && (1..n.min(64)).all(|i| t.inner_capitals & (1 << i) != 0)
}

/// Token `i` is an acronym: written in capitals, of 2 to 6 ASCII letters,
/// between words that are not (*HKEX*, *CSRC*, *SSE*; not *NOT* or
/// *SHALL* of a clause in capitals): its letters in lower case.
fn acronym(tokens: &[Token], i: usize) -> Option<&[u8]> {
    let t = &tokens[i];
    // (The token's own tests first: most tokens fail them.)
    let caps_beside =
        || (i > 0 && in_capitals(&tokens[i - 1])) || tokens.get(i + 1).is_some_and(in_capitals);
    ((2..=6).contains(&t.text.len())
        && in_capitals(t)
        && t.text.bytes().all(|b| b.is_ascii_lowercase())
        && !caps_beside())
    .then_some(t.text.as_bytes())
}

/// The ways a list of words (a lexicon entry's stems or a name's
/// rendering, in order) may spell `a` from letter `k` on: its first words,
/// each giving its first letter, or at most one of the whole acronym
/// (`long` says whether it was used) its first 2 or 3 letters (the *EX*
/// of *Exchange* in *HKEX*; only in an acronym of four letters or more).
/// Each way is (the next letter, `long` after it, the words taken).
fn spell_ways(words: &[&str], a: &[u8], k: usize, long: bool) -> Vec<(usize, bool, usize)> {
    fn walk(
        words: &[&str],
        a: &[u8],
        (q, k, long, taken): (usize, usize, bool, usize),
        out: &mut Vec<(usize, bool, usize)>,
    ) {
        if taken > 0 {
            out.push((k, long, taken));
        }
        let Some(w) = words.get(q) else { return };
        let w = w.as_bytes();
        let most = if a.len() >= 4 { 3 } else { 1 };
        for l in 1..=most.min(w.len()).min(a.len() - k) {
            if (l > 1 && long) || w[..l] != a[k..k + l] {
                break;
            }
            walk(words, a, (q + 1, k + l, long || l > 1, taken + 1), out);
        }
    }
    let mut out = Vec::new();
    walk(words, a, (0, k, long, 0), &mut out);
    out
}

/// Acronyms and the words they abbreviate (trial 30, problem 12): an
/// acronym of the English (see [`acronym`]) that nothing covers meets a
/// run of Chinese words side by side whose renderings spell it (*HKEX*:
/// 香港 *Hong Kong*, 交易所 *Exchange*; *CSRC*: 证监会 *China Securities
/// Regulatory Commission*; *SZSE*: 深圳, pinyin *shen zhen*, 证券交易所
/// *stock exchange*), one word of the run inside it left out at most (联合
/// of 香港联合交易所); both are covered. A piece of the run is one to
/// three words of two characters or more (or a name), read as a lexicon
/// entry (the first of its stems, in order), a proper noun of CC-CEDICT
/// (the first words of a rendering, or of its pinyin's syllables); two
/// words of renderings at least spell the acronym. An acronym of the Chinese (a
/// Latin token) that a run of capitalised English words spells covers
/// those words (*CSRC* and *China Securities Regulatory Commission*).
fn acronyms_cover<'f>(
    zh: &'f SideText,
    en: &'f SideText,
    zh_cov: &mut [bool],
    en_cov: &mut [bool],
    memo: &mut CoverMemo<'f>,
) {
    for (i, t) in en.tokens.iter().enumerate() {
        let Some(a) = acronym(&en.tokens, i) else {
            continue;
        };
        let Ok(j) = en.words.binary_search_by_key(&t.start, |w| w.start) else {
            continue;
        };
        if en_cov[j] {
            continue;
        }
        if let Some((from, to)) = memo.chinese_run(zh, a) {
            zh_cov[from..to].fill(true);
            en_cov[j] = true;
        }
    }
    for i in 0..zh.tokens.len() {
        let Some(a) = acronym(&zh.tokens, i) else {
            continue;
        };
        if let Some((from, to)) = english_run(&en.tokens, a) {
            let (s, e) = (en.tokens[from].start, en.tokens[to - 1].end);
            for (w, c) in en.words.iter().zip(en_cov.iter_mut()) {
                if w.start >= s && w.end <= e {
                    *c = true;
                }
            }
        }
    }
}

/// The first run of Chinese words (indices `from..to`) that spells the
/// acronym `a` (see [`acronyms_cover`]).
fn chinese_run(zh: &SideText, a: &[u8]) -> Option<(usize, usize)> {
    let lex = Lexicon::embedded();
    let names = super::proper::NameTable::embedded();
    let words = &zh.words;
    // The word lists a piece of `n` words from word `i` may be read as:
    // each a range of `flat`, which holds the lexicon's and the name
    // table's own words (nothing is copied; the buffers are reused).
    let readings = |i: usize,
                    n: usize,
                    text: &mut String,
                    flat: &mut Vec<&'static str>,
                    lists: &mut Vec<Range<usize>>| {
        flat.clear();
        lists.clear();
        if i + n > words.len() || (1..n).any(|d| words[i + d - 1].end != words[i + d].start) {
            return;
        }
        text.clear();
        for w in &words[i..i + n] {
            text.push_str(&w.key);
        }
        let entry = names.entry(text);
        // A single character has too many glosses to spell with, unless
        // it is a name.
        if text.chars().count() < 2 && entry.is_none() {
            return;
        }
        let mut push = |list: &'static str| {
            let from = flat.len();
            flat.extend(list.split(' '));
            lists.push(from..flat.len());
        };
        if let Some(stems) = lex.stems(text).filter(|s| !s.is_empty()) {
            push(stems);
        }
        if let Some(e) = entry {
            for r in &e.renderings {
                push(r);
            }
            if let Some(p) = lex.pinyin(text) {
                push(p);
            }
        }
    };
    let (mut text, mut flat, mut lists) = (String::new(), Vec::new(), Vec::new());
    let mut states: Vec<(usize, usize, bool, bool, usize)> = Vec::new();
    let mut seen = FastSet::default();
    // (next word, next letter, long used, a word left out, words taken).
    for start in 0..words.len() {
        states.clear();
        states.push((start, 0, false, false, 0));
        seen.clear();
        while let Some((i, k, long, skipped, taken)) = states.pop() {
            if k == a.len() {
                if taken >= 2 {
                    return Some((start, i));
                }
                continue;
            }
            // Pieces side by side.
            if i >= words.len()
                || (i > start && words[i - 1].end != words[i].start)
                || !seen.insert((i, k, long, skipped, taken.min(2)))
            {
                continue;
            }
            for n in 1..=3 {
                readings(i, n, &mut text, &mut flat, &mut lists);
                for r in &lists {
                    for (k2, long2, t) in spell_ways(&flat[r.clone()], a, k, long) {
                        states.push((i + n, k2, long2, skipped, taken + t));
                    }
                }
            }
            // One word inside the run, next to the word before, spells
            // nothing (联合 of 香港联合交易所).
            if k > 0 && !skipped && i + 1 < words.len() && words[i - 1].end == words[i].start {
                states.push((i + 1, k, long, true, taken));
            }
        }
    }
    None
}

/// The first run of English tokens (indices `from..to`) that spells the
/// acronym `a`: capitalised words, each giving its first letter (one its
/// first 2 or 3 at most, in an acronym of four letters or more), with
/// *of*, *and*, *the* inside the run giving theirs or nothing.
fn english_run(tokens: &[Token], a: &[u8]) -> Option<(usize, usize)> {
    fn walk(tokens: &[Token], i: usize, a: &[u8], k: usize, long: bool) -> Option<usize> {
        if k == a.len() {
            return Some(i);
        }
        let t = tokens.get(i)?;
        let w = t.text.as_bytes();
        // The acronym itself is no word it abbreviates.
        if t.capital && w != a {
            let most = if a.len() >= 4 { 3 } else { 1 };
            for l in 1..=most.min(w.len()).min(a.len() - k) {
                if (l > 1 && long) || w[..l] != a[k..k + l] {
                    break;
                }
                if let Some(e) = walk(tokens, i + 1, a, k + l, long || l > 1) {
                    return Some(e);
                }
            }
        }
        if k > 0 && matches!(&*t.text, "of" | "and" | "the") {
            if w[0] == a[k]
                && let Some(e) = walk(tokens, i + 1, a, k + 1, long)
            {
                return Some(e);
            }
            return walk(tokens, i + 1, a, k, long);
        }
        None
    }
    (0..tokens.len()).find_map(|s| {
        walk(tokens, s, a, 0, false)
            .filter(|&e| e >= s + 2)
            .map(|e| (s, e))
    })
}

/// The words of an English side: its Latin tokens and the numbers it
/// writes in figures (numbers in words are tokens already).
fn english_words(side: &SideText) -> usize {
    side.tokens.len()
        + side
            .numbers
            .iter()
            .filter(|m| m.kind != MentionKind::Words)
            .count()
}

/// An English name candidate of a segment: its span in the English side and
/// its letters in lower case (`Wang Yi` → `wangyi`).
#[derive(Debug, Clone)]
pub(crate) struct NameCandidate {
    pub start: usize,
    pub end: usize,
    pub key: String,
}

/// Per-segment facts computed once.
#[derive(Debug)]
pub(crate) struct Facts {
    pub src: SideText,
    pub tgt: SideText,
    /// English name candidates and the Chinese pinyin windows.
    pub en_names: Vec<NameCandidate>,
    pub zh_windows: PinyinWindows,
    /// Normalized source and target for repeats.
    pub src_key: String,
    pub tgt_key: String,
    /// The content words of each side, interned.
    pub src_ids: WordIds,
    pub tgt_ids: WordIds,
}

/// The document context.
pub(crate) struct Context<'a> {
    pub units: &'a [Unit<'a>],
    pub src_lang: Lang,
    pub tgt_lang: Lang,
    pub facts: Vec<Facts>,
    /// Length model: mean and spread of the log length ratio.
    pub mu: f64,
    pub sigma: f64,
    /// The same in words (English words, Chinese units), for `fullness`.
    pub words_mu: f64,
    pub words_sigma: f64,
    /// The median count noise ([`count_noise`]) of the document's
    /// segments, in the aligner's units and in words: the length at which
    /// `sigma` and `words_sigma` are measured.
    pub noise: f64,
    pub words_noise: f64,
    /// Learned translations: for each interned Chinese word, the English
    /// stems (ids, sorted) it was learned with.
    learned: Vec<Vec<u32>>,
    /// English name key → the Chinese spellings (text) it was matched with.
    pub names: BTreeMap<String, BTreeMap<String, u32>>,
    /// A Chinese spelling (pinyin) → the English names of four letters or
    /// more that it spells in two segments or more, in the order of
    /// `names` (the reverse of `names`, for the look-up by window).
    pub names_by_spelling: FastMap<String, Vec<String>>,
    /// Stems of the English words the document writes only as names
    /// (no word of the stem in lower case: *units* keeps *United* out).
    pub name_words: FastSet<String>,
    /// How the document first writes a word of each stem of `name_words`
    /// (*United* for unit), for evidence.
    pub name_words_written: FastMap<String, String>,
    /// English words the document writes in lower case somewhere.
    pub lower_words: FastSet<String>,
    /// Two capitalised words written side by side in the document's
    /// English (lower-cased: `wang`, `qiyao`) → how many times.
    pub name_pairs: FastMap<(String, String), u32>,
    /// A capitalised word → the words it stands before and after in
    /// [`Context::name_pairs`], and how many times.
    pub name_partners: FastMap<String, NamePartners>,
    /// Name stem → the Chinese words of the document whose first lexicon
    /// rendering it is (亚伯拉罕 for `abraham`).
    pub name_zh: BTreeMap<String, BTreeSet<String>>,
    /// The document's names and the Chinese each is written with (see
    /// [`NameLink`]).
    pub name_links: NameLinks,
    /// Source key → the segments that render it differently (see
    /// [`Renderings`]); target key → the segments that it renders
    /// differently.
    pub by_src: FastMap<String, Renderings>,
    pub by_tgt: FastMap<String, Renderings>,
    /// Per segment, the repeated sentences found rendered otherwise inside
    /// a segment of several sentences (see [`Within`]).
    pub within: Vec<Vec<Within>>,
    /// The interned texts with their ids (a text's place in the sorted
    /// vocabulary), and the rarity weight of each id: for
    /// [`Context::probe`].
    vocabulary: FastMap<String, u32>,
    word_weights: Vec<f64>,
    /// A word cache per thread, kept from the facts' pass for every later
    /// pass over the document's texts ([`Context::probe`], the orphans of
    /// [`super::order`]): the same words are found again there.
    pub caches: ThreadCaches,
    /// Per segment, its own target's fit with its own source as
    /// [`Context::holds_own`] weighs it (`None`: a side without weight),
    /// found the first time a neighbour asks: the analyses of up to six
    /// neighbours ask for it.
    own_fits: Vec<OnceLock<Option<f64>>>,
}

/// The facts of one pair of texts, before their words are interned.
fn raw_facts(src: &str, tgt: &str, src_lang: Lang, tgt_lang: Lang, cache: &mut TextCache) -> Facts {
    read_facts(src, tgt, src_lang, tgt_lang, cache, true)
}

/// [`raw_facts`], with the repeat keys (`src_key`, `tgt_key`) left empty
/// unless `keys`: a probe's are never read (only the segments' repeats are
/// looked for).
fn read_facts(
    src: &str,
    tgt: &str,
    src_lang: Lang,
    tgt_lang: Lang,
    cache: &mut TextCache,
    keys: bool,
) -> Facts {
    let lex = Lexicon::embedded();
    // Placeholders (`%d`, `{0}`, `<b>`) are no words to translate: each
    // side is read with them blanked out, offsets unchanged (the
    // `placeholder` flag compares them).
    let (src_masked, tgt_masked) = (super::placeholder::mask(src), super::placeholder::mask(tgt));
    let src_side = SideText::masked(src, &src_masked, src_lang, lex, cache);
    let tgt_side = SideText::masked(tgt, &tgt_masked, tgt_lang, lex, cache);
    let (src_raw, tgt_raw) = (src, tgt);
    let (src, tgt) = (&*src_masked, &*tgt_masked);
    let (en_text, en_side, zh_text) = if tgt_lang == Lang::En {
        (tgt, &tgt_side, src)
    } else {
        (src, &src_side, tgt)
    };
    let cross = src_lang != tgt_lang;
    Facts {
        en_names: if cross {
            en_name_candidates(en_text, en_side)
        } else {
            Vec::new()
        },
        zh_windows: if cross {
            pinyin_windows(zh_text, lex, cache)
        } else {
            PinyinWindows::default()
        },
        src_key: if keys {
            repeat_key(src_raw)
        } else {
            String::new()
        },
        tgt_key: if keys {
            repeat_key(tgt_raw)
        } else {
            String::new()
        },
        src: src_side,
        tgt: tgt_side,
        src_ids: WordIds::default(),
        tgt_ids: WordIds::default(),
    }
}

/// The name pairs a capitalised word belongs to (see
/// [`Context::name_pairs`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct NamePartners {
    /// How many times it is the first word of a pair, and the second.
    pub as_first: u32,
    pub as_second: u32,
    /// The words it stands before, and after (each once).
    pub after: Vec<String>,
    pub before: Vec<String>,
}

/// Applies `f` to the entry of `word` in [`Context::name_partners`], made
/// (empty) when missing; looked up before a key is made.
fn with_partners(
    partners: &mut FastMap<String, NamePartners>,
    word: &str,
    f: impl FnOnce(&mut NamePartners),
) {
    match partners.get_mut(word) {
        Some(ends) => f(ends),
        None => {
            let mut ends = NamePartners::default();
            f(&mut ends);
            partners.insert(word.to_string(), ends);
        }
    }
}

/// The pairs of capitalised words (two letters or more, not stop words,
/// not written all in capitals) that stand side by side, a space apart, in
/// an English text: the parts of a name (*Wang Qiyao*).
pub(crate) fn name_pairs_of<'t>(tokens: &'t [Token], text: &str) -> Vec<(&'t Token, &'t Token)> {
    let part = |t: &Token| {
        t.capital
            && t.text.chars().count() >= 2
            && !is_stopword(&t.text)
            && text
                .get(t.start..t.end)
                .is_some_and(|w| w.chars().any(char::is_lowercase))
    };
    tokens
        .windows(2)
        .filter(|w| part(&w[0]) && part(&w[1]) && text.get(w[0].end..w[1].start) == Some(" "))
        .map(|w| (&w[0], &w[1]))
        .collect()
}

/// A name needs this many segments of the document, and its Chinese must
/// meet it in this many, for the two to be linked.
pub(crate) const NAME_LINK_SEGMENTS: u32 = 2;
/// Least Dice coefficient of a name and a run of Han characters (over the
/// document's segments) for the run to be the name's Chinese.
pub(crate) const NAME_LINK_DICE: f64 = 0.6;

/// An English name and the run of 2–4 Han characters that is its Chinese
/// in this document: of all the runs, the one that occurs with it most
/// exclusively across the segments (Dice coefficient ≥
/// [`NAME_LINK_DICE`], in at least [`NAME_LINK_SEGMENTS`] segments) — what
/// a reviewer sees when everywhere else 亚伯拉罕 is *Abraham*. Unlike the
/// pinyin or sound matches, it needs no spelling rule, and unlike the
/// learned translations, no segmentation of the Chinese (a transliteration
/// is cut into single characters that other names share).
#[derive(Debug, Clone)]
pub(crate) struct NameLink {
    /// The name, lower-cased as the tokens are.
    pub name: String,
    /// The name as the document first writes it (*Penuel*, *REM*), for
    /// evidence.
    pub written: String,
    /// Its Chinese.
    pub zh: String,
    /// Segments where the two occur together.
    pub together: u32,
}

/// The name links of a document, with the index to find them from the
/// Chinese and from the English.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameLinks {
    pub links: Vec<NameLink>,
    by_name: FastMap<String, usize>,
    by_zh: FastMap<u128, Vec<usize>>,
    /// The last characters of the links' Chinese as bits (a character's
    /// code point modulo [`END_BITS`]): no link's Chinese ends on a
    /// character whose bit is clear, so the runs ending there are not
    /// looked up.
    ends: Vec<u64>,
    /// Linked names the document writes side by side (twice or more): the
    /// parts of one name (*Wang Qiyao*), each needed where their run is.
    parts: FastSet<(String, String)>,
}

/// How many bits [`NameLinks`] keeps for the last characters of the links'
/// Chinese.
const END_BITS: u32 = 4096;

impl NameLinks {
    /// Marks the last character of a run (a key of [`han_grams`]) as a
    /// link's end.
    fn mark_end(&mut self, key: u128) {
        let c = ((key >> 3) & 0x1f_ffff) as u32 % END_BITS;
        if self.ends.is_empty() {
            self.ends = vec![0; (END_BITS / 64) as usize];
        }
        self.ends[(c / 64) as usize] |= 1 << (c % 64);
    }

    /// Whether some link's Chinese may end on `c` (false: none does).
    fn may_end(&self, c: char) -> bool {
        let c = u32::from(c) % END_BITS;
        self.ends
            .get((c / 64) as usize)
            .is_some_and(|bits| bits & (1 << (c % 64)) != 0)
    }

    /// The link of an English name (a lower-cased token).
    pub fn of_name(&self, name: &str) -> Option<&NameLink> {
        self.by_name.get(name).map(|&i| &self.links[i])
    }

    /// The links whose Chinese occurs in `zh`, with its byte span there
    /// (the first occurrence), in order of the links: each link by its
    /// index in [`NameLinks::links`].
    fn in_chinese_at(&self, zh: &str) -> Vec<(usize, usize, usize)> {
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        if self.links.is_empty() {
            return Vec::new();
        }
        han_grams_ending(
            zh,
            |c| self.may_end(c),
            |key, s, e| {
                if let Some(ls) = self.by_zh.get(&key) {
                    for &l in ls {
                        if !found.iter().any(|f| f.2 == l) {
                            found.push((s, e, l));
                        }
                    }
                }
            },
        );
        found.sort_by_key(|f| f.2);
        found
    }

    /// The links whose Chinese occurs in `zh`, with its span there (see
    /// [`NameLinks::in_chinese_at`]).
    pub fn in_chinese(&self, zh: &str) -> Vec<(usize, usize, &NameLink)> {
        self.refs(self.in_chinese_at(zh))
    }

    /// Spans with link indices as spans with the links.
    fn refs(&self, found: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, &NameLink)> {
        found
            .into_iter()
            .map(|(s, e, l)| (s, e, &self.links[l]))
            .collect()
    }
}

impl NameLinks {
    /// The linked names whose Chinese is in `zh` and which the English
    /// tokens lack (neither the name, nor a word made from it: *Egyptians*
    /// has *Egypt*, nor a compound name holding it from a capital inside
    /// the word: *EloPenuel* has *Penuel*, *feeling* has no *Ling*), with
    /// the span of their Chinese; a link whose Chinese lies inside
    /// another's found here (亚伯 in 亚伯拉罕) is not counted.
    pub fn missing(&self, zh: &str, en_tokens: &[Token]) -> Vec<(usize, usize, &NameLink)> {
        self.refs(self.missing_at(zh, en_tokens))
    }

    /// [`NameLinks::missing`], each link by its index in
    /// [`NameLinks::links`] ([`Analysis::missing_links`] keeps them).
    pub fn missing_at(&self, zh: &str, en_tokens: &[Token]) -> Vec<(usize, usize, usize)> {
        let found: Vec<(usize, usize, usize)> = self.in_chinese_at(zh);
        let link = |l: usize| &self.links[l];
        let en_count = |name: &str| {
            en_tokens
                .iter()
                .filter(|t| {
                    t.text.starts_with(name)
                        || (t.text.len() >= 4 && name.starts_with(&*t.text))
                        || (name.len() >= 4 && compound_holds(t, name))
                })
                .count()
        };
        // A run linked to several names that are not parts of one name
        // (摩西 to *Moses* and to *Lord*, met together) is there when any of
        // them is: counted over those names, and reported once, by its
        // most frequent link.
        let alternatives = |l: &NameLink, m: &NameLink| {
            m.zh == l.zh
                && !self.parts.contains(&(l.name.clone(), m.name.clone()))
                && !self.parts.contains(&(m.name.clone(), l.name.clone()))
        };
        found
            .iter()
            .enumerate()
            .filter(|&(i, &(s, e, l))| {
                let l = link(l);
                let shown = found.iter().enumerate().all(|(j, f)| {
                    j == i
                        || !alternatives(l, link(f.2))
                        || link(f.2).together < l.together
                        || (link(f.2).together == l.together && j > i)
                });
                let present: usize = en_count(&l.name)
                    + found
                        .iter()
                        .enumerate()
                        .filter(|&(j, f)| j != i && alternatives(l, link(f.2)))
                        .map(|(_, f)| en_count(&link(f.2).name))
                        .sum::<usize>();
                shown
                    && present < zh.matches(l.zh.as_str()).count()
                    && !found
                        .iter()
                        .any(|&(s2, e2, _)| s2 <= s && e <= e2 && e2 - s2 > e - s)
            })
            .map(|(_, f)| *f)
            .collect()
    }
}

/// Whether `token` is a compound name with `name` (lower-case) as a part
/// that begins at a capital inside it (*EleloheIsrael*, *EloPenuel*).
fn compound_holds(token: &Token, name: &str) -> bool {
    let mut bits = token.inner_capitals;
    while bits != 0 {
        let at = bits.trailing_zeros() as usize;
        bits &= bits - 1;
        if token
            .text
            .get(at..)
            .is_some_and(|rest| rest.starts_with(name))
        {
            return true;
        }
    }
    false
}

/// Calls `f(key, start, end)` for every run of 2–4 consecutive Han
/// characters of `text` (byte spans), the key packing the characters.
fn han_grams(text: &str, f: impl FnMut(u128, usize, usize)) {
    han_grams_ending(text, |_| true, f);
}

/// [`han_grams`], for the runs whose last character `ends` accepts only.
fn han_grams_ending(
    text: &str,
    ends: impl Fn(char) -> bool,
    mut f: impl FnMut(u128, usize, usize),
) {
    let mut window: [(usize, char); 4] = [(0, ' '); 4];
    let mut run = 0usize;
    for (b, c) in text.char_indices() {
        if !is_han(c) {
            run = 0;
            continue;
        }
        window.rotate_left(1);
        window[3] = (b, c);
        run += 1;
        if !ends(c) {
            continue;
        }
        let end = b + c.len_utf8();
        for n in 2..=run.min(4) {
            let mut key: u128 = 0;
            for &(_, ch) in &window[4 - n..] {
                key = (key << 21) | u128::from(u32::from(ch));
            }
            f((key << 3) | n as u128, window[4 - n].0, end);
        }
    }
}

/// Adds to each run's count in `df` (keys of [`han_grams`]) the number of
/// `texts` that hold it. Only the runs of `df` are kept from each text.
fn count_segments_with_runs<'t>(texts: impl Iterator<Item = &'t str>, df: &mut FastMap<u128, u32>) {
    let mut grams: Vec<u128> = Vec::new();
    for text in texts {
        grams.clear();
        han_grams(text, |key, _, _| {
            if df.contains_key(&key) {
                grams.push(key);
            }
        });
        grams.sort_unstable();
        grams.dedup();
        for g in &grams {
            if let Some(c) = df.get_mut(g) {
                *c += 1;
            }
        }
    }
}

/// Han characters that grammar uses and transliteration does not (the
/// structural particles, aspect markers, pronouns of the first and second
/// person, the copula, verbs of saying): a run holding one is no name
/// (勒的 of 巴勒的使臣 is not *Izhar*, though both met in two segments).
const NOT_IN_NAMES: &[char] = &[
    '的', '了', '着', '们', '说', '道', '是', '在', '我', '你', '您', '这', '吗', '呢', '吧', '就',
    '也', '都', '还', '把', '被', '给', '对', '从', '向', '和', '与', '又', '很', '不', '没', '要',
    '将',
];

/// Whether a key of [`han_grams`] may be a transliterated name: none of its
/// characters is one of [`NOT_IN_NAMES`].
fn may_be_name_run(key: u128) -> bool {
    let len = (key & 7) as usize;
    (0..len).all(|i| {
        char::from_u32(((key >> (3 + 21 * i)) & 0x1f_ffff) as u32)
            .is_none_or(|c| !NOT_IN_NAMES.contains(&c))
    })
}

/// Key for repeats: folded, letters, digits and Han only.
///
/// A text of ASCII, Han characters of the two main blocks and the common
/// Chinese punctuation ([`plain_key_char`]) is keyed a character at a time
/// without the normalization: each of those characters folds alone (none
/// composes with a neighbour) to itself lower-cased, or to marks that are
/// no letter or digit.
fn repeat_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.chars() {
        match plain_key_char(c) {
            Some(Some(k)) => key.push(k),
            Some(None) => {}
            None => return folded_key(text),
        }
    }
    key
}

/// [`repeat_key`] through the normalization.
fn folded_key(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// What a character gives [`repeat_key`] when it folds alone: `Some(Some)`
/// a letter, digit or Han character (ASCII lower-cased), `Some(None)`
/// nothing; `None` for a character this fast path does not know.
fn plain_key_char(c: char) -> Option<Option<char>> {
    match c {
        _ if c.is_ascii() => Some(c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase())),
        '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' => Some(Some(c)),
        '，' | '。' | '、' | '：' | '；' | '！' | '？' | '“' | '”' | '‘' | '’' | '（' | '）'
        | '《' | '》' | '「' | '」' | '『' | '』' | '—' | '…' | '·' | '\u{3000}' => {
            Some(None)
        }
        _ => None,
    }
}

/// The segments sharing one side's key, as far as the consistency check
/// needs them: the first segment of the group, and the first whose other
/// side differs from the first's. The first segment of a group whose other
/// side differs from a given segment's is one of these two: every segment
/// before the second has the first's other side. So a document repeating
/// one sentence 30,000 times is checked in linear time, where keeping every
/// member made each segment compare its other side with all the others'.
#[derive(Debug, Default)]
pub(crate) struct Renderings {
    first: Option<usize>,
    second: Option<usize>,
}

impl Renderings {
    /// Adds segment `k` (in document order); `same(o)` says whether
    /// segment `o`'s other side is `k`'s.
    fn add(&mut self, k: usize, same: impl Fn(usize) -> bool) {
        match (self.first, self.second) {
            (None, _) => self.first = Some(k),
            (Some(first), None) if !same(first) => self.second = Some(k),
            _ => {}
        }
    }

    /// The first segment of the group other than `k` whose other side
    /// `differs` from `k`'s.
    pub(crate) fn paired_differently(
        &self,
        k: usize,
        differs: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        [self.first, self.second]
            .into_iter()
            .flatten()
            .find(|&o| o != k && differs(o))
    }
}

/// Whether a text may hold more than one sentence: it has a sentence end
/// before its last character (a quick test before the segmenter).
fn may_hold_several(text: &str) -> bool {
    let t = text.trim_end();
    let body = t.char_indices().last().map_or("", |(i, _)| &t[..i]);
    body.contains(['.', '!', '?', '。', '！', '？', '…'])
}

/// A sentence repeated inside a segment of several sentences and rendered
/// there otherwise than in the segment where it stands alone (see
/// [`Context::repeats_within`]).
#[derive(Debug, Clone)]
pub(crate) struct Within {
    /// The other segment: the lone one (for the holder's entry) or the
    /// holder (for the lone segment's entry).
    pub other: usize,
    /// The repeated sentence is a source sentence (else a target one).
    pub source: bool,
    /// This segment is the one of several sentences.
    pub holder: bool,
    /// For the holder, the repeated sentence's byte span in its side; for
    /// the lone segment, the whole of its other side (the rendering that
    /// differs).
    pub span: std::ops::Range<usize>,
}

/// Enough content for a repeat to mean something (not "Yes." or "“是。”"):
/// 8 Han characters or 5 words, or, for boilerplate that carries an e-mail
/// address or a web address (*For help, contact support@example.com.*),
/// 4 Han characters or 3 words beside it.
///
/// Counts only as far as the answer needs: 8 Han characters, or 5 words,
/// settle it without reading the rest (the addresses are looked for only
/// in a text with fewer).
fn substantial(text: &str) -> bool {
    let mut han = 0usize;
    for c in text.chars() {
        if is_han(c) {
            han += 1;
            if han >= 8 {
                return true;
            }
        }
    }
    let mut words = 0usize;
    for w in text.split_whitespace() {
        if w.chars().any(char::is_alphabetic) {
            words += 1;
            if words >= 5 {
                return true;
            }
        }
    }
    // The words beside the addresses (an address need not hold a letter:
    // `1@2.3`).
    let (mut addresses, mut beside) = (0usize, 0usize);
    for w in text.split_whitespace() {
        if is_address(w) {
            addresses += 1;
        } else if w.chars().any(char::is_alphabetic) {
            beside += 1;
        }
    }
    addresses > 0 && (han >= 4 || beside >= 3)
}

/// A whitespace-separated word of [`substantial`]'s that is an e-mail
/// address or a web address.
fn is_address(w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    let mail = w
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
    mail || w.contains("://") || w.contains("www.")
}

/// Months and days of the week: capitalised, but dates (the number check
/// reads the months), never names (*on April 16*, *on Wednesday*).
fn calendar_word(word: &str) -> bool {
    const WEEKDAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    crate::numbers::MONTHS.contains(&word) || WEEKDAYS.contains(&word)
}

/// English name candidates: capitalised tokens that are neither stop
/// words nor, at a sentence start, words of the lexicon; and adjacent pairs
/// of capitalised tokens joined.
/// Whether the token at `start..end` of `text` is the name or number of
/// an HTML/XML character entity (`&nbsp;`, `&amp;`, `&#160;`, `&#xA0;`),
/// which is markup, no word and no name.
pub(crate) fn in_entity(text: &str, start: usize, end: usize) -> bool {
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
        return false;
    };
    let before = before
        .strip_suffix("&#x")
        .or_else(|| before.strip_suffix("&#X"))
        .or_else(|| before.strip_suffix("&#"))
        .or_else(|| before.strip_suffix('&'));
    before.is_some() && after.starts_with(';')
}

fn en_name_candidates(text: &str, side: &SideText) -> Vec<NameCandidate> {
    let stems = known_stems();
    let mut out = Vec::new();
    let toks = &side.tokens;
    for (i, t) in toks.iter().enumerate() {
        if !t.capital
            || in_entity(text, t.start, t.end)
            || is_stopword(&t.text)
            || t.text.chars().count() < 2
            || !t.text.is_ascii()
            || calendar_word(&t.text)
            || crate::numbers::CURRENCY_CODES.contains(&t.text.to_ascii_lowercase().as_str())
        {
            continue;
        }
        let word = !t.text.chars().all(|c| c.is_ascii_alphabetic())
            || (t.initial && stems.contains(crate::lexicon::stem(&t.text).as_str()));
        if !word {
            out.push(NameCandidate {
                start: t.start,
                end: t.end,
                key: t.text.to_string(),
            });
        }
        if let Some(n) = toks.get(i + 1)
            && n.capital
            && !is_stopword(&n.text)
            && n.text.chars().all(|c| c.is_ascii_alphabetic())
            && !in_entity(text, n.start, n.end)
            && text[t.end..n.start].trim().is_empty()
            && t.text.chars().all(|c| c.is_ascii_alphabetic())
        {
            out.push(NameCandidate {
                start: t.start,
                end: n.end,
                key: format!("{}{}", t.text, n.text),
            });
        }
    }
    out
}

/// True when an English name key is spelled by a pinyin window: exactly,
/// or nearly (Jaro–Winkler ≥ 0.93, same first two letters, lengths within
/// two letters: `qingyan` ~ `qingyang`).
pub(crate) fn spells(name: &str, pinyin: &str) -> bool {
    if name == pinyin {
        return true;
    }
    name.len() >= 5
        && name.get(..2) == pinyin.get(..2)
        && name.len().abs_diff(pinyin.len()) <= 2
        && strsim::jaro_winkler(name, pinyin) >= 0.93
}

/// The distinct pinyin spellings of a segment's windows that [`spells`] an
/// English name key, each with how many windows write it. Found by a
/// search in the windows' sorted spellings (only those sharing the name's
/// first two letters and within two letters of its length can spell it),
/// so a long segment's names cost no pass over every window each.
pub(crate) fn spellings<'w>(
    windows: &'w PinyinWindows,
    name: &'w str,
) -> impl Iterator<Item = (&'w str, u32)> + 'w {
    let (lo, hi) = if name.len() >= 5 {
        (name.len() - 2, name.len() + 2)
    } else {
        (name.len(), name.len())
    };
    let prefix = name.as_bytes().get(..2).unwrap_or(name.as_bytes());
    windows
        .with_prefix(prefix, lo, hi)
        .filter(move |(p, _)| spells(name, p))
}

/// True when a window of the segment [`spells`] the name key.
pub(crate) fn spelled(windows: &PinyinWindows, name: &str) -> bool {
    spellings(windows, name).next().is_some()
}

/// What [`Context::covered`] finds of one side that does not depend on the
/// other: whether a segment's windows [`spelled`] a name key, and the run
/// of a Chinese side's words that spells an acronym ([`chinese_run`]),
/// kept per windows or side (by address: the facts they belong to stay in
/// place while the memo lives) and name or acronym.
#[derive(Default)]
struct CoverMemo<'f> {
    spelled: FastMap<(usize, &'f str), bool>,
    runs: FastMap<(usize, &'f [u8]), SpellingRun>,
}

/// The run of a Chinese side's words (indices `from..to`) that spells an
/// acronym, if one does ([`chinese_run`]).
type SpellingRun = Option<(usize, usize)>;

impl<'f> CoverMemo<'f> {
    /// [`spelled`]`(windows, name)`, found once per windows and name.
    fn spelled(&mut self, windows: &'f PinyinWindows, name: &'f str) -> bool {
        let at = std::ptr::from_ref(windows) as usize;
        *self
            .spelled
            .entry((at, name))
            .or_insert_with(|| spelled(windows, name))
    }

    /// [`chinese_run`]`(zh, a)`, found once per side and acronym.
    fn chinese_run(&mut self, zh: &'f SideText, a: &'f [u8]) -> SpellingRun {
        let at = std::ptr::from_ref(zh) as usize;
        *self
            .runs
            .entry((at, a))
            .or_insert_with(|| chinese_run(zh, a))
    }
}

/// The consonant skeleton of an English name as Chinese transliteration
/// hears it: digraphs folded (`ph` f, `th` t, `sh` s, `ch` k), then each
/// consonant mapped to a class (b/p, d/t, g/k/q/hard c, j/y, f/v/w, l/r,
/// m, n, s/z/soft c, h), vowels and a final `h` dropped, repeats merged.
/// `Nineveh` → N F, `Calah` → G L.
fn english_skeleton(name: &str) -> Vec<u8> {
    let s = name.to_ascii_lowercase();
    let s = s
        .replace("ph", "f")
        .replace("th", "t")
        .replace("sh", "s")
        .replace("ch", "k")
        .replace("ck", "k")
        .replace("gh", "g")
        .replace("qu", "k")
        .replace('x', "ks");
    let b = s.as_bytes();
    let mut out: Vec<u8> = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        let next = b.get(i + 1).copied();
        let class = match c {
            b'b' | b'p' => b'B',
            b'd' | b't' => b'D',
            b'g' | b'k' | b'q' => b'G',
            b'c' if matches!(next, Some(b'e' | b'i' | b'y')) => b'S',
            b'c' => b'G',
            b'j' | b'y' => b'Y',
            b'f' | b'v' | b'w' => b'F',
            // An r between a vowel and a consonant is not heard
            // (`Tarshish` 他施).
            b'r' if i > 0
                && matches!(b[i - 1], b'a' | b'e' | b'i' | b'o' | b'u')
                && next.is_some_and(|n| !matches!(n, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')) =>
            {
                continue;
            }
            b'l' | b'r' => b'L',
            b'm' => b'M',
            b'n' => b'N',
            b's' | b'z' => b'S',
            b'h' if i + 1 == b.len() => continue,
            b'h' => b'H',
            _ => continue,
        };
        if out.last() != Some(&class) {
            out.push(class);
        }
    }
    out
}

/// The consonant skeleton of toneless pinyin, with the classes of
/// [`english_skeleton`] (j/q as g, x/z/c/zh/ch/sh as s, final `ng` as n).
#[cfg(test)]
fn pinyin_skeleton(pinyin: &str) -> Vec<u8> {
    let mut out = Vec::new();
    pinyin_skeleton_into(pinyin, &mut out, None);
    out
}

/// `pinyin_skeleton` into a buffer (cleared first). With `within`, stops
/// and returns false as soon as the skeleton less a leading j/y is no
/// longer a prefix of it (most windows differ from a name at once).
fn pinyin_skeleton_into(pinyin: &str, out: &mut Vec<u8>, within: Option<&[u8]>) -> bool {
    out.clear();
    let b = pinyin.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let (class, skip) = match (c, next) {
            (b'z' | b'c' | b's', Some(b'h')) => (Some(b'S'), 2),
            (b'n', Some(b'g')) => (Some(b'N'), 2),
            (b'b' | b'p', _) => (Some(b'B'), 1),
            (b'd' | b't', _) => (Some(b'D'), 1),
            (b'g' | b'k' | b'j' | b'q', _) => (Some(b'G'), 1),
            (b'x' | b'z' | b'c' | b's', _) => (Some(b'S'), 1),
            (b'f' | b'w', _) => (Some(b'F'), 1),
            (b'l' | b'r', _) => (Some(b'L'), 1),
            (b'm', _) => (Some(b'M'), 1),
            (b'n', _) => (Some(b'N'), 1),
            (b'h', _) => (Some(b'H'), 1),
            (b'y', _) => (Some(b'Y'), 1),
            _ => (None, 1),
        };
        if let Some(class) = class
            && out.last() != Some(&class)
        {
            out.push(class);
            // The leading j/y is not compared.
            if let Some(e) = within
                && !(out.len() == 1 && class == b'Y')
            {
                let at = out.len() - 1 - usize::from(out[0] == b'Y');
                if e.get(at) != Some(&class) {
                    return false;
                }
            }
        }
        i += skip;
    }
    true
}

/// The consonant skeleton of a pinyin window less a leading j/y, as names
/// are compared with it (`pinyin_skeleton` into `buffer`).
fn heard_skeleton<'b>(pinyin: &str, buffer: &'b mut Vec<u8>) -> &'b [u8] {
    pinyin_skeleton_into(pinyin, buffer, None);
    match buffer.first() {
        Some(b'Y') => &buffer[1..],
        _ => &buffer[..],
    }
}

/// Vowel classes (e and i, o and u are often written for one another).
fn vowel_class(c: u8) -> Option<u8> {
    match c {
        b'a' => Some(0),
        b'e' | b'i' => Some(1),
        b'o' | b'u' => Some(2),
        _ => None,
    }
}

/// How an English name sounds, computed once to be compared with many
/// pinyin windows ([`NameSound::heard_in`]).
pub(crate) struct NameSound {
    /// The consonant skeleton less a leading j/y.
    skeleton: Vec<u8>,
    /// The class of the first vowel.
    vowel: Option<u8>,
}

impl NameSound {
    pub fn new(name: &str) -> Option<NameSound> {
        if name.len() < 3 {
            return None;
        }
        let mut skeleton = english_skeleton(name);
        if skeleton.first() == Some(&b'Y') {
            skeleton.remove(0);
        }
        let vowel = name.bytes().find_map(vowel_class);
        (!skeleton.is_empty() && vowel.is_some()).then_some(NameSound { skeleton, vowel })
    }

    /// True when the name sounds like a Chinese transliteration whose
    /// pinyin is given (`Nineveh` ~ `niniwei` 尼尼微, `Calah` ~ `jiala`
    /// 迦拉, `Laban` ~ `laban` 拉班): their consonant skeletons, less a
    /// leading j/y, are equal, or equal but for the English name's last
    /// consonant (transliteration drops final consonants: `Tarshish` ~
    /// `tashi` 他施), with at least two consonants in the pinyin (one
    /// matches too much: `Jacob` ~ `yage` 雅各 is left to the lexicon); and
    /// the first vowels agree (a; e or i; o or u).
    pub fn heard_in(&self, pinyin: &str, buffer: &mut Vec<u8>) -> bool {
        if !pinyin_skeleton_into(pinyin, buffer, Some(&self.skeleton)) {
            return false;
        }
        let p: &[u8] = match buffer.first() {
            Some(b'Y') => &buffer[1..],
            _ => &buffer[..],
        };
        let e = &self.skeleton;
        let consonants =
            p.len() >= 2 && (e[..] == *p || (e.len() == p.len() + 1 && e[..p.len()] == *p));
        consonants && {
            let mut group = pinyin
                .bytes()
                .skip_while(|&c| vowel_class(c).is_none())
                .map_while(vowel_class);
            group.any(|v| Some(v) == self.vowel)
        }
    }
}

impl NameSound {
    /// [`NameSound::heard_in`] without the vowels: the consonant skeletons
    /// alone (*Sarah* in 西拉 *xila*, a transliteration of another vowel).
    pub fn consonants_heard_in(&self, pinyin: &str, buffer: &mut Vec<u8>) -> bool {
        let p = heard_skeleton(pinyin, buffer);
        let e = &self.skeleton;
        p.len() >= 2 && (e[..] == *p || (e.len() == p.len() + 1 && e[..p.len()] == *p))
    }

    /// How near the name's consonant skeleton is to that of a pinyin
    /// window (each less a leading j/y): 1 − their edit distance over the
    /// longer one's length. A graded [`NameSound::heard_in`]: a
    /// transliteration the rules miss (心利 *Zimri*, 西拉 *Sarah*) is
    /// still near its name, an unrelated name is not.
    #[cfg(test)]
    pub fn nearness(&self, pinyin: &str, buffer: &mut Vec<u8>) -> f64 {
        self.nearness_to(heard_skeleton(pinyin, buffer))
    }

    /// `NameSound::nearness` to a window's skeleton, less its leading j/y.
    fn nearness_to(&self, p: &[u8]) -> f64 {
        let e = &self.skeleton;
        if p.is_empty() {
            return 0.0;
        }
        // Levenshtein distance, one row at a time.
        let mut row: Vec<usize> = (0..=p.len()).collect();
        for (i, &a) in e.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, &b) in p.iter().enumerate() {
                let up = row[j + 1];
                row[j + 1] = (diagonal + usize::from(a != b)).min(up + 1).min(row[j] + 1);
                diagonal = up;
            }
        }
        1.0 - row[p.len()] as f64 / e.len().max(p.len()) as f64
    }
}

/// Where a segment's Chinese words of two characters or more that the
/// other side covers lie: a count of such bytes from the start of the
/// text, so that whether a span overlaps one is two look-ups.
pub(crate) struct CoveredWords {
    before: Vec<u32>,
}

impl CoveredWords {
    /// `zh` is the Chinese side, `covered` says which of its words the
    /// other side covers, `len` is the text's length in bytes.
    pub fn new(zh: &SideText, covered: &[bool], len: usize) -> CoveredWords {
        let mut marked = vec![false; len];
        for (w, _) in zh
            .words
            .iter()
            .zip(covered)
            .filter(|(w, c)| **c && w.end - w.start >= 6)
        {
            for b in &mut marked[w.start.min(len)..w.end.min(len)] {
                *b = true;
            }
        }
        let mut before = Vec::with_capacity(len + 1);
        let mut sum = 0u32;
        before.push(0);
        for m in marked {
            sum += u32::from(m);
            before.push(sum);
        }
        CoveredWords { before }
    }

    /// True when a covered word of two characters or more overlaps the
    /// byte span `start..end`.
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        let at = |i: usize| self.before[i.min(self.before.len() - 1)];
        at(end) > at(start)
    }
}

/// The sounds of many English names, sorted by skeleton, to hear a pinyin
/// in ([`NameSound::heard_in`]) by a search rather than a pass over each.
pub(crate) struct Sounds {
    sounds: Vec<NameSound>,
}

impl Sounds {
    pub fn new<'n>(names: impl Iterator<Item = &'n str>) -> Sounds {
        let mut sounds: Vec<NameSound> = names.filter_map(NameSound::new).collect();
        sounds.sort_by(|a, b| a.skeleton.cmp(&b.skeleton));
        Sounds { sounds }
    }

    /// True when one of the names is heard in the pinyin: only a name
    /// whose skeleton is the pinyin's, or the pinyin's and one consonant
    /// more, can be.
    pub fn heard_in(&self, pinyin: &str, buffer: &mut Vec<u8>) -> bool {
        let p = heard_skeleton(pinyin, buffer).to_vec();
        let from = self.sounds.partition_point(|s| s.skeleton < p);
        self.sounds[from..]
            .iter()
            .take_while(|s| s.skeleton.starts_with(&p))
            .filter(|s| s.skeleton.len() <= p.len() + 1)
            .any(|s| s.heard_in(pinyin, buffer))
    }
}

/// A segment's English name keys sorted as [`PinyinWindows`]'s spellings
/// are, to find whether one of them [`spells`] a pinyin by a search.
pub(crate) struct NameKeys<'n> {
    keys: Vec<&'n str>,
}

impl<'n> NameKeys<'n> {
    pub fn new(keys: impl Iterator<Item = &'n str>) -> NameKeys<'n> {
        let order = |k: &&'n str| (k.as_bytes().get(..2).unwrap_or(k.as_bytes()), k.len());
        let mut keys: Vec<&str> = keys.collect();
        keys.sort_unstable_by(|a, b| order(a).cmp(&order(b)).then(a.cmp(b)));
        keys.dedup();
        NameKeys { keys }
    }

    /// True when one of the keys spells the pinyin: equal to it, or a key
    /// of five letters or more within two letters of its length and with
    /// its first two letters.
    pub fn spell(&self, pinyin: &str) -> bool {
        let prefix = pinyin.as_bytes().get(..2).unwrap_or(pinyin.as_bytes());
        let lo = pinyin.len().saturating_sub(2).max(5).min(pinyin.len());
        let hi = pinyin.len() + 2;
        fn order(k: &str) -> (&[u8], usize) {
            (k.as_bytes().get(..2).unwrap_or(k.as_bytes()), k.len())
        }
        let from = self.keys.partition_point(|k| order(k) < (prefix, lo));
        let to = self.keys.partition_point(|k| order(k) <= (prefix, hi));
        self.keys[from..to.max(from)]
            .iter()
            .any(|k| spells(k, pinyin))
    }
}

/// The distinct pinyin of a segment's windows that no covered Chinese word
/// of two characters or more overlaps (where a transliteration may be),
/// each with its consonant skeleton less a leading j/y, sorted by
/// skeleton: a name is heard in them by a search for its own skeleton
/// (less its last consonant or not), not by a pass over every window.
#[derive(Default)]
pub(crate) struct OpenWindows<'w> {
    /// The skeletons of the spellings, one after another.
    bytes: Vec<u8>,
    /// Each spelling: its skeleton (a range of `bytes`) and its pinyin,
    /// sorted by skeleton, then pinyin.
    spellings: Vec<(u32, u32, &'w str)>,
}

impl<'w> OpenWindows<'w> {
    /// The open windows of a segment: `zh` is its Chinese side, `covered`
    /// says which of its words the other side covers, `len` is the
    /// Chinese text's length in bytes.
    pub fn new(
        windows: &'w PinyinWindows,
        zh: &SideText,
        covered: &[bool],
        len: usize,
    ) -> OpenWindows<'w> {
        let under = CoveredWords::new(zh, covered, len);
        let mut seen: FastSet<&str> = FastSet::default();
        let mut buffer = Vec::new();
        // The skeletons in one buffer rather than one allocation each (a
        // segment has dozens of windows).
        let mut bytes: Vec<u8> = Vec::new();
        let mut spellings: Vec<(u32, u32, &str)> = windows
            .iter()
            .filter(|&(s, e, _)| !under.overlaps(s, e))
            .filter(|&(_, _, p)| seen.insert(p))
            .map(|(_, _, p)| {
                let from = bytes.len() as u32;
                bytes.extend_from_slice(heard_skeleton(p, &mut buffer));
                (from, bytes.len() as u32, p)
            })
            .collect();
        let skeleton = |&(from, to, _): &(u32, u32, &str)| &bytes[from as usize..to as usize];
        spellings.sort_unstable_by(|x, y| skeleton(x).cmp(skeleton(y)).then_with(|| x.2.cmp(y.2)));
        OpenWindows { bytes, spellings }
    }

    /// The skeleton of one of the spellings.
    fn skeleton(&self, &(from, to, _): &(u32, u32, &str)) -> &[u8] {
        &self.bytes[from as usize..to as usize]
    }

    /// True when the name is heard in an open window
    /// ([`NameSound::heard_in`]): only a window whose skeleton is the
    /// name's, or the name's less its last consonant, can be.
    fn heard(&self, sound: &NameSound, buffer: &mut Vec<u8>) -> bool {
        let e = &sound.skeleton[..];
        let mut candidates = vec![e];
        if e.len() >= 3 {
            candidates.push(&e[..e.len() - 1]);
        }
        candidates.into_iter().any(|skeleton| {
            let from = self
                .spellings
                .partition_point(|x| self.skeleton(x) < skeleton);
            self.spellings[from..]
                .iter()
                .take_while(|x| self.skeleton(x) == skeleton)
                .any(|&(_, _, p)| sound.heard_in(p, buffer))
        })
    }

    /// The distinct skeletons of the open windows.
    fn skeletons(&self) -> Vec<&[u8]> {
        let mut out: Vec<&[u8]> = self.spellings.iter().map(|x| self.skeleton(x)).collect();
        out.dedup();
        out
    }
}

/// A segment's [`OpenWindows`], made when first asked for (most segments
/// have no stray name to listen for): of `windows`, with its Chinese side,
/// which of its words are covered and the Chinese text's length (`None`:
/// no Chinese side, no open window).
struct LazyOpen<'w> {
    windows: &'w PinyinWindows,
    zh: Option<(&'w SideText, &'w [bool], usize)>,
    made: OnceCell<OpenWindows<'w>>,
}

impl<'w> LazyOpen<'w> {
    /// The open windows, made the first time.
    fn get(&self) -> &OpenWindows<'w> {
        self.made.get_or_init(|| match self.zh {
            Some((zh, covered, len)) => OpenWindows::new(self.windows, zh, covered, len),
            None => OpenWindows::default(),
        })
    }
}

/// [`NameSound::heard_in`] for one name and one window.
#[cfg(test)]
fn sounds_like(name: &str, pinyin: &str) -> bool {
    NameSound::new(name).is_some_and(|n| n.heard_in(pinyin, &mut Vec::new()))
}

/// The place of the last digit that a number written with digits shows,
/// in the units of its value, when it shows one: `2.726` → 0.001,
/// `48.8万亿` → 10¹¹ (a tenth of 10¹²), `1.41 billion` → 10⁷, `1349084亿` →
/// 10⁸. `None` for an integer without a scale word (`2,000`: its zeros may
/// or may not be rounding), a number in words, or one whose digits do not
/// give its value by a power of ten.
fn precision(text: &str, m: &crate::numbers::Mention) -> Option<f64> {
    let written = text.get(m.start..m.end)?;
    let folded: String = written.chars().map(crate::numbers::ascii_digit).collect();
    let from = folded.find(|c: char| c.is_ascii_digit())?;
    let separator = |c: char| c == ',' || c == '，' || crate::numbers::thin_separator(c);
    let literal: String = folded[from..]
        .chars()
        .take_while(|&c| c.is_ascii_digit() || c == '.' || separator(c))
        .filter(|&c| !separator(c))
        .collect();
    let literal = literal.trim_end_matches('.');
    let digits: f64 = literal.parse().ok().filter(|&x: &f64| x > 0.0)?;
    let decimals = literal.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
    let scale = (m.value / digits).log10();
    let places = scale.round();
    if !scale.is_finite() || places < 0.0 || (scale - places).abs() > 1e-6 {
        return None;
    }
    // An integer with no scale word shows no rounding, and a single
    // significant digit (1亿, 3万) is no rounding either: 1亿 is not 150
    // million.
    let significant = literal
        .trim_start_matches(['0', '.'])
        .chars()
        .filter(char::is_ascii_digit)
        .count();
    (significant >= 2 && (decimals > 0 || places > 0.0))
        .then(|| 10f64.powi(places as i32 - decimals))
}

/// The step of the last digit a number shows, in the units of its value:
/// [`precision`] where that gives one, else the place of an integer's last
/// non-zero digit (`667` → 1, `2,000` → 1,000, `1万` → 10⁴) or a decimal's
/// last digit. For comparing amounts in different units of measure, where
/// a conversion is rounded however the translator chose.
fn shown_step(text: &str, m: &crate::numbers::Mention) -> f64 {
    if let Some(p) = precision(text, m) {
        return p;
    }
    let written = text.get(m.start..m.end).unwrap_or("");
    let literal: String = written
        .chars()
        .map(crate::numbers::ascii_digit)
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|&c| c.is_ascii_digit() || c == '.' || c == ',')
        .filter(|&c| c != ',')
        .collect();
    let literal = literal.trim_end_matches('.');
    let shown: f64 = literal.parse().unwrap_or(m.value);
    let scale = if shown > 0.0 { m.value / shown } else { 1.0 };
    if let Some((_, f)) = literal.split_once('.') {
        return 10f64.powi(-(f.len() as i32)) * scale;
    }
    let mut step = 1.0;
    let mut v = shown.round();
    while v >= 10.0 && v % 10.0 == 0.0 {
        v /= 10.0;
        step *= 10.0;
    }
    step * scale
}

/// A number that numbers a heading or a list item: at the start of the
/// segment, of a line or of a sentence (a heading the aligner joined to
/// the paragraph before it), or after an opening bracket there, a whole number
/// followed by `.`, `)`, `、` or a closing bracket and then no digit
/// (`1.`, `(1)`, `1)`, `十二、`, `（十一）`); or the number of a labelled item,
/// after a short label that opens the line and before a colon (`误区一：`,
/// *Misconception 1:*). `Some(true)` for a marker that opens a sentence
/// inside a line: another number of the other side never meets it (the
/// day of 1月1日 is no *1.* of a joined heading).
fn enumerator(text: &str, m: &crate::numbers::Mention) -> Option<bool> {
    const ZH_DIGITS: &str = "零〇一二两三四五六七八九十百";
    // Only blanks and an opening bracket between the line's start and the
    // number (read backwards from the number: linear in the blanks only);
    // or a short label before a number and a colon (at most 40 characters
    // read back).
    let blank = |c: char| c.is_whitespace() && c != '\n';
    let before = text.get(..m.start).unwrap_or("").trim_end_matches(blank);
    let before = before
        .strip_suffix(['(', '（'])
        .unwrap_or(before)
        .trim_end_matches(blank);
    let line_start = before.is_empty() || before.ends_with('\n');
    // Or at the start of a sentence inside the segment: a heading the
    // aligner joined to the paragraph before it (……有效期三年。一、加大……,
    // *… three years. 1. Increase …*). Only blanks and closing quotes or
    // brackets after the stop; an ASCII stop needs a blank after it
    // (*3.1* is one number).
    let sentence_start = !line_start && {
        let closed = before.trim_end_matches(['”', '’', '」', '』', '"', '\'', ')', '）']);
        let spaced = text
            .get(closed.len()..m.start)
            .is_some_and(|gap| gap.contains(char::is_whitespace));
        closed.ends_with(['。', '！', '？', '；'])
            || spaced && closed.ends_with(['.', '!', '?', ';'])
    };
    let after = text.get(m.end..).unwrap_or("");
    let mut rest = after.chars();
    let mark = rest.next();
    let digits = m.kind == crate::numbers::MentionKind::Digits;
    let numerals = m.kind == crate::numbers::MentionKind::Words
        && text
            .get(m.start..m.end)
            .is_some_and(|w| w.chars().all(|c| !c.is_ascii()));
    let whole = m.value.fract() == 0.0 && m.value < 1000.0;
    // Mid-segment, a numeral after the mark makes it a series of numbers
    // (三、四月份 "March and April"), not a marker.
    let next = rest.next();
    let marked = (digits && matches!(mark, Some('.' | '、' | '．' | ')' | '）'))
        || numerals && matches!(mark, Some('、' | ')' | '）')))
        && !next.is_some_and(|c| c.is_ascii_digit());
    let listed = line_start && marked;
    let listed_within = sentence_start
        && marked
        && !next.is_some_and(|c| {
            crate::numbers::ascii_digit(c).is_ascii_digit() || ZH_DIGITS.contains(c)
        });
    // A labelled item: a short label opens the line, then the number and a
    // colon (误区一：, *Misconception 1:*, *Step 2:*).
    let label = || {
        if !matches!(mark, Some(':' | '：')) {
            return false;
        }
        // The label's line, read backwards at most 40 characters (a label
        // is short: a longer stretch is no label, and a long segment of
        // numbers stays linear).
        let mut start = None;
        for (k, (b, c)) in before.char_indices().rev().enumerate() {
            if c == '\n' {
                start = Some(b + 1);
                break;
            }
            if k >= 40 {
                return false;
            }
        }
        let line = &before[start.unwrap_or(0)..];
        let han = line.chars().count();
        let words: Vec<&str> = line.split_whitespace().collect();
        matches!(mark, Some(':' | '：'))
            && !after
                .chars()
                .nth(1)
                .is_some_and(|c| crate::numbers::ascii_digit(c).is_ascii_digit())
            && ((1..=4).contains(&han) && line.chars().all(crate::normalize::is_han)
                || (1..=3).contains(&words.len())
                    && line.starts_with(|c: char| c.is_ascii_uppercase())
                    && words
                        .iter()
                        .all(|w| w.chars().all(|c| c.is_ascii_alphabetic())))
    };
    if !whole {
        None
    } else if listed || label() {
        Some(false)
    } else {
        listed_within.then_some(true)
    }
}

/// Interns the content words of every segment (keys and stems, one id per
/// distinct text, ids in the order of the texts) and gives each word its
/// rarity weight, `ln(1 + N/df)` (at least 0.3) with `df` the number of
/// segments holding its key on either side. Returns the vocabulary (the
/// texts, sorted: a text's id is its place), each id's weight and each
/// segment's source and target ids (for [`Facts::src_ids`] and
/// [`Facts::tgt_ids`]).
///
/// The occurrences of a word read through one [`TextCache`] share their
/// key and their stem list (one `Arc` each): each is read, hashed and
/// looked up once, by its address, however often the word occurs.
#[inline(never)]
fn intern(facts: &[Facts], segments: usize) -> Interned {
    let key_address = |w: &super::text::Word| Arc::as_ptr(&w.key).cast::<u8>() as usize;
    let stems_address = |w: &super::text::Word| w.stems.as_ptr() as usize;
    let mut texts: Vec<&str> = Vec::new();
    {
        let mut seen: FastSet<&str> = FastSet::default();
        let mut keys_read: FastSet<usize> = FastSet::default();
        let mut stems_read: FastSet<usize> = FastSet::default();
        for f in facts.iter() {
            for w in f.src.words.iter().chain(&f.tgt.words) {
                if keys_read.insert(key_address(w)) && seen.insert(&*w.key) {
                    texts.push(&*w.key);
                }
                if stems_read.insert(stems_address(w)) {
                    for t in w.stems.iter() {
                        if seen.insert(t.as_str()) {
                            texts.push(t.as_str());
                        }
                    }
                }
            }
        }
    }
    texts.sort_unstable();
    let vocabulary = texts.len();
    let mut computed: Vec<(WordIds, WordIds)> = {
        let ids: FastMap<&str, u32> = texts
            .iter()
            .enumerate()
            .map(|(i, &t)| (t, i as u32))
            .collect();
        // A word's key id and stem ids, by the address of its shared key
        // and stem list; a single stem's list is shared by every word of
        // that stem.
        let mut key_ids: FastMap<usize, u32> = FastMap::default();
        let mut stem_ids: FastMap<usize, Arc<[u32]>> = FastMap::default();
        let mut single: FastMap<u32, Arc<[u32]>> = FastMap::default();
        let mut side_ids = |side: &SideText| {
            let keys: Vec<u32> = side
                .words
                .iter()
                .map(|w| {
                    *key_ids
                        .entry(key_address(w))
                        .or_insert_with(|| ids[&*w.key])
                })
                .collect();
            let stems: Vec<Arc<[u32]>> = side
                .words
                .iter()
                .map(|w| {
                    Arc::clone(stem_ids.entry(stems_address(w)).or_insert_with(|| {
                        if let [one] = &w.stems[..] {
                            let id = ids[one.as_str()];
                            return Arc::clone(single.entry(id).or_insert_with(|| Arc::from([id])));
                        }
                        let mut s: Vec<u32> = w.stems.iter().map(|t| ids[t.as_str()]).collect();
                        s.sort_unstable();
                        s.dedup();
                        s.into()
                    }))
                })
                .collect();
            WordIds {
                index: key_index(&keys),
                keys,
                stems,
                weights: Vec::new(),
            }
        };
        facts
            .iter()
            .map(|f| (side_ids(&f.src), side_ids(&f.tgt)))
            .collect()
    };
    let texts: Vec<String> = texts.into_iter().map(str::to_string).collect();
    let mut df = vec![0u32; vocabulary];
    let mut keys: Vec<u32> = Vec::new();
    for (src, tgt) in &computed {
        keys.clear();
        keys.extend(src.keys.iter().chain(&tgt.keys));
        keys.sort_unstable();
        keys.dedup();
        for &k in &keys {
            df[k as usize] += 1;
        }
    }
    let n = segments.max(1) as f64;
    let weight = |k: u32| (1.0 + n / f64::from(df[k as usize].max(1))).ln().max(0.3);
    // Each id's weight once; each word takes its key's.
    let weights: Vec<f64> = (0..vocabulary).map(|k| weight(k as u32)).collect();
    for (src, tgt) in &mut computed {
        src.weights = src.keys.iter().map(|&k| weights[k as usize]).collect();
        tgt.weights = tgt.keys.iter().map(|&k| weights[k as usize]).collect();
    }
    Interned {
        vocabulary: texts,
        weights,
        ids: computed,
    }
}

/// The document's names, as [`Context::collect_names`] and
/// [`Context::link_names`] find them (the fields of [`Context`] of the same
/// names).
#[derive(Default)]
struct Names {
    names: BTreeMap<String, BTreeMap<String, u32>>,
    names_by_spelling: FastMap<String, Vec<String>>,
    name_words: FastSet<String>,
    name_words_written: FastMap<String, String>,
    lower_words: FastSet<String>,
    name_pairs: FastMap<(String, String), u32>,
    name_partners: FastMap<String, NamePartners>,
    name_zh: BTreeMap<String, BTreeSet<String>>,
    name_links: NameLinks,
}

/// What [`intern`] makes of a document's words.
struct Interned {
    /// The interned texts, sorted (an id is a place in it).
    vocabulary: Vec<String>,
    /// Each id's rarity weight.
    weights: Vec<f64>,
    /// Each segment's source and target words as ids.
    ids: Vec<(WordIds, WordIds)>,
}

/// Learns (Chinese word, English stem) pairs the lexicon misses from their
/// co-occurrence across segments (`ids`: each segment's source and target
/// ids; `vocabulary` ids in all): a pair met in 3 segments or more with a
/// Dice coefficient of 0.5 or more (each segment pairs its first 40
/// uncovered Chinese words with its first 40 uncovered English stems).
/// Returns, for each Chinese id, the English stems learned with it, sorted.
///
/// A Chinese word is uncovered when none of its stems is a key of the
/// English side, an English stem when no Chinese word's stems hold it:
/// one merge of each word's sorted stems with the English keys, sorted,
/// tells both. The words' segment counts are taken first: a pair met `c`
/// times has both words in `c` segments or more, so a pair can pass only
/// when both are in 3 or more and `4·min ≥ zc + ec` (Dice ≥ 0.5 is `4c ≥
/// zc + ec`); only those pairs are counted.
#[inline(never)]
fn learn(ids: &[(WordIds, WordIds)], zh_is_src: bool, vocabulary: usize) -> Vec<Vec<u32>> {
    let mut learned = vec![Vec::new(); vocabulary];
    let mut zc = vec![0u32; vocabulary];
    let mut ec = vec![0u32; vocabulary];
    let (mut zs, mut es, mut held) = (Vec::new(), Vec::new(), Vec::new());
    // Each segment's first 40 of `zs` and of `es`, one after the other.
    let mut lists: Vec<u32> = Vec::new();
    let mut ends: Vec<(usize, usize)> = Vec::new();
    for (src, tgt) in ids {
        let (zh, en) = if zh_is_src { (src, tgt) } else { (tgt, src) };
        if zh.keys.is_empty() || en.keys.is_empty() {
            continue;
        }
        es.clear();
        es.extend_from_slice(&en.keys);
        es.sort_unstable();
        es.dedup();
        held.clear();
        held.resize(es.len(), false);
        zs.clear();
        for (&k, stems) in zh.keys.iter().zip(&zh.stems) {
            // Both sorted, without repeats.
            let (mut i, mut j, mut covered) = (0, 0, false);
            while i < stems.len() && j < es.len() {
                match stems[i].cmp(&es[j]) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        covered = true;
                        held[j] = true;
                        i += 1;
                        j += 1;
                    }
                }
            }
            if !covered {
                zs.push(k);
            }
        }
        let mut j = 0;
        es.retain(|_| {
            j += 1;
            !held[j - 1]
        });
        zs.sort_unstable();
        zs.dedup();
        for &z in &zs {
            zc[z as usize] += 1;
        }
        for &e in &es {
            ec[e as usize] += 1;
        }
        lists.extend(zs.iter().take(40));
        let middle = lists.len();
        lists.extend(es.iter().take(40));
        ends.push((middle, lists.len()));
    }
    let may_pass = |z: u32, e: u32| {
        let (z, e) = (zc[z as usize], ec[e as usize]);
        z >= 3 && e >= 3 && 4 * u64::from(z.min(e)) >= u64::from(z) + u64::from(e)
    };
    let mut pair: FastMap<u64, u32> = FastMap::default();
    let mut start = 0;
    for &(middle, end) in &ends {
        let (zs, es) = (&lists[start..middle], &lists[middle..end]);
        start = end;
        for &z in zs.iter().filter(|&&z| zc[z as usize] >= 3) {
            for &e in es.iter().filter(|&&e| may_pass(z, e)) {
                *pair.entry(u64::from(z) << 32 | u64::from(e)).or_default() += 1;
            }
        }
    }
    for (key, c) in pair {
        let (z, e) = ((key >> 32) as usize, (key & 0xffff_ffff) as u32);
        let dice = 2.0 * f64::from(c) / f64::from(zc[z] + ec[e as usize]);
        if c >= 3 && dice >= 0.5 {
            learned[z].push(e);
        }
    }
    for l in &mut learned {
        l.sort_unstable();
    }
    learned
}

/// A neighbouring segment whose source a segment's target fits better
/// than its own ([`Context::better_neighbour`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Neighbour {
    /// The neighbour's index.
    pub index: usize,
    /// The mean coverage of the target with the neighbour's source.
    pub mean: f64,
    /// How much better the target fits the neighbour's source than its own.
    pub gain: f64,
}

/// The analysis of one segment.
#[derive(Debug)]
pub(crate) struct Analysis {
    pub components: Components,
    /// Coverage of each content word of each side.
    /// The weighted coverage of the source and of the target with every
    /// word counted, transliterated names too: the measure the neighbours'
    /// fits use, for the misalignment test.
    pub plain_coverage: (f64, f64),
    pub src_covered: Vec<bool>,
    pub tgt_covered: Vec<bool>,
    /// Signed z-score of the log length ratio (negative: target short).
    pub length_z: f64,
    /// How much longer the target is than the document's length model
    /// expects from the source (negative: shorter), in Chinese characters
    /// (an English target's letters divided by the document's letters per
    /// character); 0 when a side is empty.
    pub length_gap: f64,
    /// Indices of the numbers of each side without a counterpart.
    pub src_numbers_unmatched: Vec<usize>,
    pub tgt_numbers_unmatched: Vec<usize>,
    /// Latin tokens of the Chinese side missing on the English side
    /// (indices into the Chinese side's tokens), and whether the Chinese
    /// side is the source.
    pub latin_unmatched: Vec<usize>,
    /// English name candidates matched by the Chinese side.
    pub names_matched: Vec<usize>,
    /// English name candidates with no counterpart on the Chinese side:
    /// single capitalised words, not sentence-initial, that neither the
    /// lexicon (as a word the document writes in lower case), the learned
    /// translations nor the pinyin link to the Chinese, and that the
    /// document's name links do not tie to Chinese this segment has
    /// (*LORD* where the segment writes 耶和华) (indices into
    /// `Facts::en_names`).
    pub stray_names: Vec<usize>,
    /// A neighbouring segment whose source the target fits better (see
    /// [`Context::better_neighbour`]).
    pub neighbour: Option<Neighbour>,
    /// The document's name links whose Chinese this segment has and its
    /// English lacks ([`NameLinks::missing_at`] of the segment's Chinese
    /// text and English tokens: the span of the Chinese, the link's index).
    pub missing_links: Vec<(usize, usize, usize)>,
}

impl<'a> Context<'a> {
    pub fn build(units: &'a [Unit<'a>], opts: &QualityOptions) -> Context<'a> {
        // On every core, in order; each thread with its own cache (see
        // [`ThreadCaches`]).
        let caches = ThreadCaches::new();
        let facts: Vec<Facts> = units
            .par_iter()
            .map(|u| {
                caches.with(|cache| raw_facts(u.src, u.tgt, opts.src_lang, opts.tgt_lang, cache))
            })
            .collect();
        let mut ctx = Context {
            learned: Vec::new(),
            vocabulary: FastMap::default(),
            word_weights: Vec::new(),
            units,
            src_lang: opts.src_lang,
            tgt_lang: opts.tgt_lang,
            mu: 0.0,
            sigma: PRIOR_SPREAD,
            words_mu: 0.0,
            words_sigma: 1.0,
            noise: 0.0,
            words_noise: 0.0,
            names: BTreeMap::new(),
            names_by_spelling: FastMap::default(),
            name_words: FastSet::default(),
            name_words_written: FastMap::default(),
            lower_words: FastSet::default(),
            name_pairs: FastMap::default(),
            name_partners: FastMap::default(),
            name_zh: BTreeMap::new(),
            name_links: NameLinks::default(),
            by_src: FastMap::default(),
            by_tgt: FastMap::default(),
            within: Vec::new(),
            facts,
            caches,
            own_fits: (0..units.len()).map(|_| OnceLock::new()).collect(),
        };
        ctx.length_model();
        // Three parts that read the facts and not each other's results, side
        // by side: the words' ids and the learned translations; the names;
        // the repeats (and the name table).
        let (interned, (names, (by_src, by_tgt, within))) = rayon::join(
            || {
                let interned = intern(&ctx.facts, units.len());
                let learned = if ctx.cross() {
                    learn(
                        &interned.ids,
                        ctx.src_lang == Lang::Zh,
                        interned.vocabulary.len(),
                    )
                } else {
                    vec![Vec::new(); interned.vocabulary.len()]
                };
                (interned, learned)
            },
            || {
                rayon::join(
                    || {
                        let mut names = Names::default();
                        ctx.collect_names(&mut names);
                        ctx.link_names(&mut names);
                        names
                    },
                    || {
                        // The name table (parsed once per process, about
                        // 20 ms) is read by later passes on every core:
                        // parsed here, beside work, no thread waits for it
                        // there.
                        super::proper::NameTable::embedded();
                        ctx.repeats()
                    },
                )
            },
        );
        let (interned, learned) = interned;
        for (f, (src, tgt)) in ctx.facts.iter_mut().zip(interned.ids) {
            f.src_ids = src;
            f.tgt_ids = tgt;
        }
        ctx.learned = learned;
        ctx.vocabulary = interned
            .vocabulary
            .into_iter()
            .enumerate()
            .map(|(i, t)| (t, i as u32))
            .collect();
        ctx.word_weights = interned.weights;
        let Names {
            names,
            names_by_spelling,
            name_words,
            name_words_written,
            lower_words,
            name_pairs,
            name_partners,
            name_zh,
            name_links,
        } = names;
        ctx.names = names;
        ctx.names_by_spelling = names_by_spelling;
        ctx.name_words = name_words;
        ctx.name_words_written = name_words_written;
        ctx.lower_words = lower_words;
        ctx.name_pairs = name_pairs;
        ctx.name_partners = name_partners;
        ctx.name_zh = name_zh;
        ctx.name_links = name_links;
        ctx.by_src = by_src;
        ctx.by_tgt = by_tgt;
        ctx.within = within;
        ctx
    }

    /// Takes the segments' facts out of the context (it is then done with:
    /// nothing may read them after).
    pub(crate) fn take_facts(&mut self) -> Vec<Facts> {
        std::mem::take(&mut self.facts)
    }

    /// Takes the word caches out of the context (later passes then work
    /// with new ones).
    pub(crate) fn take_caches(&mut self) -> ThreadCaches {
        std::mem::replace(&mut self.caches, ThreadCaches::new())
    }

    /// The groups of segments sharing a source, or a target ([`Renderings`]:
    /// [`Context::by_src`], [`Context::by_tgt`]), and the repeats inside
    /// segments of several sentences ([`Context::within`]).
    #[allow(clippy::type_complexity)]
    fn repeats(
        &self,
    ) -> (
        FastMap<String, Renderings>,
        FastMap<String, Renderings>,
        Vec<Vec<Within>>,
    ) {
        let mut by_src: FastMap<String, Renderings> = FastMap::default();
        let mut by_tgt: FastMap<String, Renderings> = FastMap::default();
        for (k, (u, f)) in self.units.iter().zip(&self.facts).enumerate() {
            if substantial(u.src) && !f.tgt_key.is_empty() {
                let group = by_src.entry(f.src_key.clone()).or_default();
                group.add(k, |o| self.facts[o].tgt_key == f.tgt_key);
            }
            if substantial(u.tgt) && !f.src_key.is_empty() {
                let group = by_tgt.entry(f.tgt_key.clone()).or_default();
                group.add(k, |o| self.facts[o].src_key == f.src_key);
            }
        }
        let within = self.repeats_within(&by_src, &by_tgt);
        (by_src, by_tgt, within)
    }

    /// The repeated sentences inside segments of several sentences: a
    /// sentence of one side that stands alone as a whole segment elsewhere
    /// (a group of [`Context::by_src`] or [`Context::by_tgt`]), where the
    /// lone segment's other side is not part of this segment's other side
    /// (compared by their repeat keys, so punctuation and spacing aside).
    /// The whole-segment check cannot see these: a sentence merged with its
    /// neighbour (an untranslated one, say) no longer has a source equal to
    /// anything. Each segment gets at most one entry a side, the first in
    /// document order: a boilerplate line inside a hundred merged segments
    /// names one of them in its own flag.
    #[inline(never)]
    fn repeats_within(
        &self,
        by_src: &FastMap<String, Renderings>,
        by_tgt: &FastMap<String, Renderings>,
    ) -> Vec<Vec<Within>> {
        let mut within: Vec<Vec<Within>> = vec![Vec::new(); self.units.len()];
        if by_src.is_empty() && by_tgt.is_empty() {
            return within;
        }
        let (src_rules, tgt_rules) = (Segmenter::new(self.src_lang), Segmenter::new(self.tgt_lang));
        for (k, u) in self.units.iter().enumerate() {
            let f = &self.facts[k];
            for source in [true, false] {
                let (text, rules, groups, other_key) = if source {
                    (u.src, &src_rules, by_src, &f.tgt_key)
                } else {
                    (u.tgt, &tgt_rules, by_tgt, &f.src_key)
                };
                if groups.is_empty() || other_key.is_empty() || !may_hold_several(text) {
                    continue;
                }
                let spans = rules.split_paragraph(text);
                if spans.len() < 2 {
                    continue;
                }
                // A sentence repeated inside the segment is looked up once:
                // each look-up scans the segment's other side.
                let mut seen: FastSet<String> = FastSet::default();
                let found = spans.into_iter().find_map(|span| {
                    let sentence = &text[span.clone()];
                    if !substantial(sentence) {
                        return None;
                    }
                    let key = repeat_key(sentence);
                    let group = groups.get(&key)?;
                    if !seen.insert(key) {
                        return None;
                    }
                    let theirs = |o: usize| {
                        let g = &self.facts[o];
                        if source { &g.tgt_key } else { &g.src_key }
                    };
                    group
                        .paired_differently(k, |o| !other_key.contains(theirs(o).as_str()))
                        .map(|o| (o, span))
                });
                let Some((o, span)) = found else {
                    continue;
                };
                within[k].push(Within {
                    other: o,
                    source,
                    holder: true,
                    span,
                });
                if !within[o].iter().any(|w| w.source == source && !w.holder) {
                    let lone = &self.units[o];
                    within[o].push(Within {
                        other: k,
                        source,
                        holder: false,
                        span: 0..if source {
                            lone.tgt.len()
                        } else {
                            lone.src.len()
                        },
                    });
                }
            }
        }
        within
    }

    fn prior_mu(&self) -> f64 {
        match (self.src_lang, self.tgt_lang) {
            (Lang::Zh, Lang::En) => PRIOR_LOG_RATIO_ZH_EN,
            (Lang::En, Lang::Zh) => -PRIOR_LOG_RATIO_ZH_EN,
            _ => 0.0,
        }
    }

    /// The length of a side in words: English words (and figures) for
    /// English, the length in the aligner's units for Chinese.
    fn words(&self, side: &SideText, lang: Lang) -> f64 {
        match lang {
            Lang::En => english_words(side) as f64,
            Lang::Zh => side.len,
        }
    }

    /// The log ratio of the target's length to the source's, in words.
    fn word_ratio(&self, f: &Facts) -> f64 {
        let (s, t) = (
            self.words(&f.src, self.src_lang),
            self.words(&f.tgt, self.tgt_lang),
        );
        ((t + 1.0) / (s + 1.0)).ln()
    }

    #[inline(never)]
    fn length_model(&mut self) {
        // In words: median and spread, for `fullness`.
        let mut w: Vec<f64> = self
            .facts
            .iter()
            .filter(|f| f.src.len > 0.0 && f.tgt.len > 0.0)
            .map(|f| self.word_ratio(f))
            .collect();
        if !w.is_empty() {
            w.sort_by(f64::total_cmp);
            let median = w[w.len() / 2];
            let mut dev: Vec<f64> = w.iter().map(|x| (x - median).abs()).collect();
            dev.sort_by(f64::total_cmp);
            self.words_mu = median;
            self.words_sigma = (1.4826 * dev[dev.len() / 2]).max(0.15);
            let mut noise: Vec<f64> = self
                .facts
                .iter()
                .filter(|f| f.src.len > 0.0 && f.tgt.len > 0.0)
                .map(|f| count_noise(self.words(&f.src, self.src_lang), median))
                .collect();
            noise.sort_by(f64::total_cmp);
            self.words_noise = noise[noise.len() / 2];
        }
        let mut r: Vec<f64> = self
            .facts
            .iter()
            .filter(|f| f.src.len > 0.0 && f.tgt.len > 0.0)
            .map(|f| ((f.tgt.len + 1.0) / (f.src.len + 1.0)).ln())
            .collect();
        let prior = self.prior_mu();
        if r.is_empty() {
            self.mu = prior;
            return;
        }
        r.sort_by(f64::total_cmp);
        let median = r[r.len() / 2];
        let mut dev: Vec<f64> = r.iter().map(|x| (x - median).abs()).collect();
        dev.sort_by(f64::total_cmp);
        let mad = 1.4826 * dev[dev.len() / 2];
        let n = r.len() as f64;
        let w = n / (n + PRIOR_WEIGHT);
        self.mu = w * median + (1.0 - w) * prior;
        self.sigma = (w * mad + (1.0 - w) * PRIOR_SPREAD).max(0.15);
        let mut noise: Vec<f64> = self
            .facts
            .iter()
            .filter(|f| f.src.len > 0.0 && f.tgt.len > 0.0)
            .map(|f| count_noise(f.src.len, self.mu))
            .collect();
        noise.sort_by(f64::total_cmp);
        self.noise = noise[noise.len() / 2];
    }

    /// Chinese side and English side of a segment's facts.
    fn zh_en<'f>(&self, f: &'f Facts) -> (&'f SideText, &'f SideText) {
        if self.src_lang == Lang::Zh {
            (&f.src, &f.tgt)
        } else {
            (&f.tgt, &f.src)
        }
    }

    /// Chinese side and English side of a segment's interned words.
    fn zh_en_ids<'f>(&self, f: &'f Facts) -> (&'f WordIds, &'f WordIds) {
        if self.src_lang == Lang::Zh {
            (&f.src_ids, &f.tgt_ids)
        } else {
            (&f.tgt_ids, &f.src_ids)
        }
    }

    pub(crate) fn cross(&self) -> bool {
        self.src_lang != self.tgt_lang
    }

    /// Collects the document's names: English name candidates spelled by
    /// the pinyin of the Chinese side of the same segment (with the number
    /// of segments where they met), and the stems of English words written
    /// only capitalised, never at a sentence start alone and never in lower
    /// case (proper names, whether the lexicon or the pinyin links them).
    #[inline(never)]
    fn collect_names(&self, out: &mut Names) {
        let mut names: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
        let mut capital: FastMap<String, (u32, String)> = FastMap::default();
        let mut lower: FastSet<String> = FastSet::default();
        for (k, f) in self.facts.iter().enumerate() {
            let mut memo: FastMap<&str, Vec<(&str, u32)>> = FastMap::default();
            for n in &f.en_names {
                let found = memo
                    .entry(n.key.as_str())
                    .or_insert_with(|| spellings(&f.zh_windows, &n.key).collect());
                for &(p, windows) in found.iter() {
                    // Looked up before a key is made (most names and
                    // spellings are met before).
                    let spelled = match names.get_mut(n.key.as_str()) {
                        Some(spelled) => spelled,
                        None => names.entry(n.key.clone()).or_default(),
                    };
                    match spelled.get_mut(p) {
                        Some(count) => *count += windows,
                        None => {
                            spelled.insert(p.to_string(), windows);
                        }
                    }
                }
            }
            let en = if self.src_lang == Lang::En {
                &f.src
            } else {
                &f.tgt
            };
            let text = if self.src_lang == Lang::En {
                self.units[k].src
            } else {
                self.units[k].tgt
            };
            for (a, b) in name_pairs_of(&en.tokens, text) {
                let n = out
                    .name_pairs
                    .entry((a.text.to_string(), b.text.to_string()))
                    .or_default();
                *n += 1;
                let first = *n == 1;
                with_partners(&mut out.name_partners, &a.text, |ends| {
                    ends.as_first += 1;
                    if first {
                        ends.after.push(b.text.to_string());
                    }
                });
                with_partners(&mut out.name_partners, &b.text, |ends| {
                    ends.as_second += 1;
                    if first {
                        ends.before.push(a.text.to_string());
                    }
                });
            }
            for t in &en.tokens {
                if !t.capital {
                    if !lower.contains(&*t.text) {
                        lower.insert(t.text.to_string());
                    }
                } else if !t.initial {
                    match capital.get_mut(&*t.text) {
                        Some((n, _)) => *n += 1,
                        None => {
                            let written = text.get(t.start..t.end).unwrap_or(&t.text);
                            capital.insert(t.text.to_string(), (1, written.to_string()));
                        }
                    }
                }
            }
        }
        // (The facts' pass stemmed most of the words: their stems are in
        // its caches.)
        let lower_stems: FastSet<String> = lower.iter().map(|w| self.caches.stem(w)).collect();
        let mut name_words_written: FastMap<String, String> = FastMap::default();
        let mut kept: Vec<(String, String)> = capital
            .into_iter()
            .filter(|(w, (n, _))| {
                *n >= 2 && !lower.contains(w) && !is_stopword(w) && w.chars().count() >= 3
            })
            .map(|(w, (_, written))| (self.caches.stem(&w), written))
            .filter(|(stem, _)| !lower_stems.contains(stem))
            .collect();
        // One written form per stem whatever the hashing: the smallest in
        // byte order of the forms the document writes (*United* before
        // *Uniteds*).
        kept.sort_unstable();
        for (stem, written) in kept {
            name_words_written.entry(stem).or_insert(written);
        }
        out.name_words = name_words_written.keys().cloned().collect();
        out.name_words_written = name_words_written;
        let mut by_spelling: FastMap<String, Vec<String>> = FastMap::default();
        for (name, spellings) in names.iter().filter(|(name, _)| name.len() >= 4) {
            for (p, _) in spellings.iter().filter(|&(_, &n)| n >= 2) {
                by_spelling.entry(p.clone()).or_default().push(name.clone());
            }
        }
        out.names_by_spelling = by_spelling;
        out.names = names;
        out.lower_words = lower;
        let mut name_zh: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for f in &self.facts {
            let zh = if self.src_lang == Lang::Zh {
                &f.src
            } else {
                &f.tgt
            };
            for w in &zh.words {
                if let Some(first) = w.stems.first()
                    && w.end - w.start >= 6
                    && out.name_words.contains(first)
                {
                    name_zh
                        .entry(first.clone())
                        .or_default()
                        .insert(w.key.to_string());
                }
            }
        }
        out.name_zh = name_zh;
    }

    /// Links the document's English names to their Chinese (see
    /// [`NameLink`]). A name: a capitalised word the document never writes
    /// in lower case (three letters or more, not a stop word), in
    /// [`NAME_LINK_SEGMENTS`] segments or more.
    #[inline(never)]
    fn link_names(&self, out: &mut Names) {
        if !self.cross() {
            return;
        }
        let zh_text = |k: usize| {
            if self.src_lang == Lang::Zh {
                self.units[k].src
            } else {
                self.units[k].tgt
            }
        };
        // The names of each segment, as ids.
        let mut ids: FastMap<&str, u32> = FastMap::default();
        let mut names: Vec<&str> = Vec::new();
        let mut written: Vec<&str> = Vec::new();
        let mut per_segment: Vec<Vec<u32>> = Vec::with_capacity(self.facts.len());
        for (k, f) in self.facts.iter().enumerate() {
            let (en, en_text) = if self.src_lang == Lang::En {
                (&f.src, self.units[k].src)
            } else {
                (&f.tgt, self.units[k].tgt)
            };
            let mut here: Vec<u32> = en
                .tokens
                .iter()
                .filter(|t| {
                    t.capital
                        && !in_entity(en_text, t.start, t.end)
                        && t.text.chars().count() >= 3
                        && t.text.chars().all(|c| c.is_alphabetic())
                        && !out.lower_words.contains(&*t.text)
                        && !is_stopword(&t.text)
                })
                .map(|t| {
                    *ids.entry(&*t.text).or_insert_with(|| {
                        names.push(&*t.text);
                        written.push(en_text.get(t.start..t.end).unwrap_or(&*t.text));
                        (names.len() - 1) as u32
                    })
                })
                .collect();
            here.sort_unstable();
            here.dedup();
            per_segment.push(here);
        }
        let mut segments = vec![0u32; names.len()];
        for here in &per_segment {
            for &n in here {
                segments[n as usize] += 1;
            }
        }
        // Runs of Han characters met with each name: counted on every core,
        // in two stretches of the document a thread, each into its own
        // table (few tables: each holds most pairs once), and the tables
        // summed (a count does not depend on the order it is made in).
        let stretch = per_segment
            .len()
            .div_ceil(2 * rayon::current_num_threads())
            .max(1);
        let mut together: FastMap<(u32, u128), u32> = per_segment
            .par_iter()
            .with_min_len(stretch)
            .enumerate()
            .fold(
                || (FastMap::default(), Vec::new()),
                |(mut together, mut grams): (FastMap<(u32, u128), u32>, Vec<u128>), (k, here)| {
                    let here: Vec<u32> = here
                        .iter()
                        .copied()
                        .filter(|&n| segments[n as usize] >= NAME_LINK_SEGMENTS)
                        .collect();
                    if here.is_empty() {
                        return (together, grams);
                    }
                    grams.clear();
                    han_grams(zh_text(k), |key, _, _| {
                        if may_be_name_run(key) {
                            grams.push(key);
                        }
                    });
                    grams.sort_unstable();
                    grams.dedup();
                    for &n in &here {
                        for &g in &grams {
                            *together.entry((n, g)).or_default() += 1;
                        }
                    }
                    (together, grams)
                },
            )
            .map(|(together, _)| together)
            .reduce(FastMap::default, |a, b| {
                let (mut into, from) = if a.len() >= b.len() { (a, b) } else { (b, a) };
                for (key, c) in from {
                    *into.entry(key).or_default() += c;
                }
                into
            });
        together.retain(|_, c| *c >= NAME_LINK_SEGMENTS);
        if together.is_empty() {
            return;
        }
        // How many segments have each of those runs (only those runs are
        // kept, and counted once per segment).
        let mut df: FastMap<u128, u32> = together.keys().map(|&(_, g)| (g, 0)).collect();
        count_segments_with_runs((0..self.facts.len()).map(zh_text), &mut df);
        // Each name's best run: highest Dice, then the longer run, then the
        // smaller key (so that the choice does not depend on hashing).
        let mut best: Vec<Option<(f64, u128, u32)>> = vec![None; names.len()];
        for (&(n, g), &c) in &together {
            let dice = 2.0 * f64::from(c) / f64::from(segments[n as usize] + df[&g]);
            let b = &mut best[n as usize];
            let better = match *b {
                None => true,
                Some((d, key, _)) => {
                    dice > d
                        || (dice == d && ((g & 7) > (key & 7) || ((g & 7) == (key & 7) && g < key)))
                }
            };
            if better {
                *b = Some((dice, g, c));
            }
        }
        let mut links = NameLinks::default();
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by_key(|&n| names[n]);
        for n in order {
            let Some((dice, key, c)) = best[n] else {
                continue;
            };
            if dice < NAME_LINK_DICE {
                continue;
            }
            let len = (key & 7) as usize;
            let zh: String = (0..len)
                .rev()
                .filter_map(|i| char::from_u32(((key >> (3 + 21 * i)) & 0x1f_ffff) as u32))
                .collect();
            let i = links.links.len();
            links.by_name.insert(names[n].to_string(), i);
            links.by_zh.entry(key).or_default().push(i);
            links.mark_end(key);
            links.links.push(NameLink {
                name: names[n].to_string(),
                written: written[n].to_string(),
                zh,
                together: c,
            });
        }
        for ((a, b), &n) in &out.name_pairs {
            if n >= 2 && links.by_name.contains_key(a) && links.by_name.contains_key(b) {
                links.parts.insert((a.clone(), b.clone()));
            }
        }
        out.name_links = links;
    }

    /// Which content words of `sf`'s source and `tf`'s target find a
    /// translation on the other side (a segment with itself, or a source
    /// with a neighbour's target).
    pub fn covered(&self, sf: &Facts, tf: &Facts) -> (Vec<bool>, Vec<bool>) {
        self.covered_with(sf, tf, &mut CoverMemo::default())
    }

    /// [`Context::covered`], with what it finds of one side kept in `memo`
    /// across calls (one [`Context::analyse`] pairs a segment with itself
    /// and with its neighbours, which share many names and acronyms).
    fn covered_with<'f>(
        &self,
        sf: &'f Facts,
        tf: &'f Facts,
        memo: &mut CoverMemo<'f>,
    ) -> (Vec<bool>, Vec<bool>) {
        if !self.cross() {
            return (
                sf.src_ids.keys.iter().map(|&k| tf.tgt_ids.has(k)).collect(),
                tf.tgt_ids.keys.iter().map(|&k| sf.src_ids.has(k)).collect(),
            );
        }
        let zh_is_src = self.src_lang == Lang::Zh;
        let (zh, en, zf, ef) = if zh_is_src {
            (&sf.src_ids, &tf.tgt_ids, sf, tf)
        } else {
            (&tf.tgt_ids, &sf.src_ids, tf, sf)
        };
        let en_words = if zh_is_src {
            &tf.tgt.words
        } else {
            &sf.src.words
        };
        let mut en_cov = vec![false; en.keys.len()];
        // The English keys as bits: a stem whose bit is clear has no word
        // to mark, and no search is made for it.
        let en_bits = KeyBits::of(&en.keys);
        let mut zh_cov: Vec<bool> = zh
            .keys
            .iter()
            .zip(&zh.stems)
            .map(|(&key, stems)| {
                let mut hit = false;
                for &s in stems.iter().chain(&self.learned[key as usize]) {
                    if en_bits.may_have(s) {
                        hit |= en.mark(s, &mut en_cov);
                    }
                }
                hit
            })
            .collect();
        // Names spelled by the Chinese side cover their English words (in
        // text order: the words from the name's start on, while inside it).
        for n in &ef.en_names {
            if memo.spelled(&zf.zh_windows, &n.key) {
                let from = en_words.partition_point(|e| e.start < n.start);
                for (j, e) in en_words.iter().enumerate().skip(from) {
                    if e.start >= n.end {
                        break;
                    }
                    if e.end <= n.end {
                        en_cov[j] = true;
                    }
                }
            }
        }
        // Acronyms and the words they abbreviate (*HKEX* and 香港联合交易所).
        let (zh_side, en_side) = if zh_is_src {
            (&sf.src, &tf.tgt)
        } else {
            (&tf.tgt, &sf.src)
        };
        acronyms_cover(zh_side, en_side, &mut zh_cov, &mut en_cov, memo);
        if zh_is_src {
            (zh_cov, en_cov)
        } else {
            (en_cov, zh_cov)
        }
    }

    /// Weighted share of a side's content words that are covered.
    pub fn weighted(&self, side: &WordIds, cov: &[bool]) -> Option<f64> {
        let (mut hit, mut all) = (0.0, 0.0);
        for (&wt, &c) in side.weights.iter().zip(cov) {
            all += wt;
            if c {
                hit += wt;
            }
        }
        (all > 0.0).then(|| hit / all)
    }

    /// The facts of a pair of texts that is no segment of the document (a
    /// sentence of one bead with a sentence of another), with the
    /// document's vocabulary, rarity weights and learned translations, so
    /// that [`Context::covered`] and [`Context::weighted`] measure its fit
    /// as they measure a segment's. Words the document does not have are
    /// left out (a text cut from the document's own has none).
    /// Words are looked up through this thread's cache
    /// ([`Context::caches`]).
    pub fn probe(&self, src: &str, tgt: &str) -> Facts {
        self.caches.with(|cache| self.probe_with(src, tgt, cache))
    }

    /// [`Context::probe`], looking words up through `cache` (one per job
    /// of a parallel loop: the facts are the same whichever cache is used).
    pub fn probe_with(&self, src: &str, tgt: &str, cache: &mut TextCache) -> Facts {
        let mut f = read_facts(src, tgt, self.src_lang, self.tgt_lang, cache, false);
        f.src_ids = self.known_ids(&mut f.src);
        f.tgt_ids = self.known_ids(&mut f.tgt);
        f
    }

    /// The facts of a text that is no segment of the document as one side
    /// of a pair ([`Context::probe`] with nothing on the other side): what
    /// [`Context::covered`] reads of that side, to be paired with another
    /// text's facts without reading either again.
    /// Words are looked up through `cache`, as in [`Context::probe_with`].
    pub fn probe_side(&self, text: &str, side: super::Side, cache: &mut TextCache) -> Facts {
        match side {
            super::Side::Source => self.probe_with(text, "", cache),
            super::Side::Target => self.probe_with("", text, cache),
        }
    }

    /// The id of an interned text.
    fn id_of(&self, text: &str) -> Option<u32> {
        self.vocabulary.get(text).copied()
    }

    /// The ids of a side's content words, dropping the words whose key the
    /// document does not have.
    fn known_ids(&self, side: &mut SideText) -> WordIds {
        let mut keys: Vec<u32> = Vec::new();
        side.words.retain(|w| match self.id_of(&w.key) {
            Some(id) => {
                keys.push(id);
                true
            }
            None => false,
        });
        let stems: Vec<Arc<[u32]>> = side
            .words
            .iter()
            .map(|w| {
                let mut s: Vec<u32> = w.stems.iter().filter_map(|t| self.id_of(t)).collect();
                s.sort_unstable();
                s.dedup();
                s.into()
            })
            .collect();
        let weights = keys
            .iter()
            .map(|&k| self.word_weights[k as usize])
            .collect();
        WordIds {
            index: key_index(&keys),
            keys,
            stems,
            weights,
        }
    }

    /// The neighbour (within 3 segments) whose source the target of
    /// segment `k` fits best, when it fits it better than its own source:
    /// its index, the mean coverage of that pairing, and how much better
    /// it fits. The fit of a source and a target is their mean coverage
    /// less [`NEIGHBOUR_LENGTH`] per standard deviation of their log length
    /// ratio off the document's length model (at most 3), so that a target
    /// as long as a neighbour's source expects and not its own counts for
    /// the neighbour.
    /// What the pairings find of one side is kept in `memo` (see
    /// [`Context::covered_with`]).
    fn better_neighbour<'f>(
        &'f self,
        k: usize,
        own: f64,
        own_z: f64,
        memo: &mut CoverMemo<'f>,
    ) -> Option<Neighbour> {
        let tf = &self.facts[k];
        let fit = |mean: f64, z: f64| mean - NEIGHBOUR_LENGTH * z.abs().min(3.0);
        let own_fit = fit(own, own_z);
        // Numbers are anchors: a target that shares more of its numbers
        // with its own source than with a neighbour's (十六千 and 三十二 in
        // both, where the neighbour has 三万零五百 and 六十一) belongs to
        // its own source, whatever the words say.
        let shared = |src: &SideText| {
            tf.tgt
                .numbers
                .iter()
                .filter(|m| {
                    src.numbers
                        .iter()
                        .chain(&src.soft_numbers)
                        .any(|n| (n.value - m.value).abs() < 1e-9)
                })
                .count()
        };
        let own_shared = shared(&tf.src);
        // A heading rendered as a heading (both sides short, neither ending
        // as a sentence does) is its own source's: a sentence around it
        // that repeats its word (贮藏 in 请勿在30 °C以上贮藏。) does not
        // take it, where a lexicon gap leaves the heading's own words
        // uncovered (*Storage*, *Dosage*). A neighbour heading may.
        let heading = heading_like(self.units[k].src, self.src_lang)
            && heading_like(self.units[k].tgt, self.tgt_lang);
        let mut best: Option<Neighbour> = None;
        for j in k.saturating_sub(3)..(k + 4).min(self.facts.len()) {
            if j == k {
                continue;
            }
            let sf = &self.facts[j];
            if sf.src.len == 0.0
                || shared(&sf.src) < own_shared
                || (heading && !heading_like(self.units[j].src, self.src_lang))
            {
                continue;
            }
            let (sc, tc) = self.covered_with(sf, tf, memo);
            let (Some(a), Some(b)) = (
                self.weighted(&sf.src_ids, &sc),
                self.weighted(&tf.tgt_ids, &tc),
            ) else {
                continue;
            };
            let mean = (a + b) / 2.0;
            let r = ((tf.tgt.len + 1.0) / (sf.src.len + 1.0)).ln();
            let there = fit(mean, (r - self.mu) / self.sigma);
            let gain = there - own_fit;
            if gain > 0.0
                && best.is_none_or(|x: Neighbour| gain > x.gain)
                && !self.holds_own(j, k, there, memo)
            {
                best = Some(Neighbour {
                    index: j,
                    mean,
                    gain,
                });
            }
        }
        best
    }

    /// Whether segment `j`'s own target fits its source better, by
    /// [`NEIGHBOUR_HELD`], than segment `k`'s target does (`other`, that
    /// target's fit with `j`'s source): then `k`'s target is a loose
    /// rendering that shares words with `j`, not `j`'s translation, which
    /// `j` has. An own target that `k`'s target holds whole (a copy, or a
    /// part of it: a copy fits exactly as well, a cut one may fit better),
    /// or that leaves words in the source's script (which match the source
    /// by themselves), holds nothing.
    fn holds_own<'f>(&'f self, j: usize, k: usize, other: f64, memo: &mut CoverMemo<'f>) -> bool {
        let f = &self.facts[j];
        if f.tgt.len == 0.0 {
            return false;
        }
        let foreign = if self.src_lang == Lang::Zh {
            f.tgt.han
        } else {
            f.tgt.latin
        };
        if self.cross() && 10 * foreign > f.tgt.han + f.tgt.latin {
            return false;
        }
        // Letters and digits only: a cut target may end on another mark.
        let key = |t: &str| -> String {
            crate::normalize::fold(t)
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect()
        };
        let own = key(self.units[j].tgt);
        if own.is_empty() || key(self.units[k].tgt).contains(&own) {
            return false;
        }
        let own_fit = *self.own_fits[j].get_or_init(|| {
            let (sc, tc) = self.covered_with(f, f, memo);
            let (Some(a), Some(b)) = (
                self.weighted(&f.src_ids, &sc),
                self.weighted(&f.tgt_ids, &tc),
            ) else {
                return None;
            };
            let r = ((f.tgt.len + 1.0) / (f.src.len + 1.0)).ln();
            let z = ((r - self.mu) / self.sigma).abs().min(3.0);
            Some((a + b) / 2.0 - NEIGHBOUR_LENGTH * z)
        });
        own_fit.is_some_and(|fit| fit >= other + NEIGHBOUR_HELD)
    }

    /// The English name candidates of a segment with no counterpart on the
    /// Chinese side (see [`Analysis::stray_names`]).
    fn stray_names(
        &self,
        f: &Facts,
        (en_text, zh_text): (&str, &str),
        names_matched: &[usize],
        covered_en: &[bool],
        open: &LazyOpen,
        hearing: bool,
    ) -> Vec<usize> {
        let en = if self.src_lang == Lang::Zh {
            &f.tgt
        } else {
            &f.src
        };
        // A transliteration: a run of Han characters outside the words of
        // two characters or more that the lexicon or the learned
        // translations account for (a single character of it may be a
        // word too: 克 of 博兹克尔), that sounds like the name.
        let mut buffer = Vec::new();
        let mut heard_memo: FastMap<&str, bool> = FastMap::default();
        let mut heard = |i: usize| -> bool {
            let key = f.en_names[i].key.as_str();
            if let Some(&h) = heard_memo.get(key) {
                return h;
            }
            let h = NameSound::new(key).is_some_and(|sound| open.get().heard(&sound, &mut buffer));
            heard_memo.insert(key, h);
            h
        };
        let mut matched = vec![false; f.en_names.len()];
        for &i in names_matched {
            matched[i] = true;
        }
        // The matched names by start, with the furthest end reached so far:
        // a name lies inside a matched one when some matched name starting
        // at or before it ends at or after it.
        let mut inside: Vec<(usize, usize)> = names_matched
            .iter()
            .map(|&i| (f.en_names[i].start, f.en_names[i].end))
            .collect();
        inside.sort_unstable();
        let mut furthest = 0;
        for span in &mut inside {
            furthest = furthest.max(span.1);
            span.1 = furthest;
        }
        let within_matched = |n: &NameCandidate| {
            let before = inside.partition_point(|&(s, _)| s <= n.start);
            before > 0 && inside[before - 1].1 >= n.end
        };
        // English words and tokens are in text order.
        let covered_inside = |n: &NameCandidate| {
            let from = en.words.partition_point(|w| w.start < n.start);
            en.words[from..]
                .iter()
                .zip(&covered_en[from.min(covered_en.len())..])
                .take_while(|(w, _)| w.start < n.end)
                .any(|(w, &c)| c && w.end <= n.end)
        };
        let initial_at = |at: usize| {
            let from = en.tokens.partition_point(|t| t.start < at);
            en.tokens[from..]
                .iter()
                .take_while(|t| t.start == at)
                .any(|t| t.initial)
        };
        let mut linked_memo: FastMap<&str, bool> = FastMap::default();
        let mut linked_here = |i: usize| -> bool {
            let key = f.en_names[i].key.as_str();
            *linked_memo.entry(key).or_insert_with(|| {
                self.name_links
                    .of_name(key)
                    .is_some_and(|l| zh_text.contains(l.zh.as_str()))
            })
        };
        (0..f.en_names.len())
            .filter(|&i| !matched[i])
            .filter(|&i| {
                let n = &f.en_names[i];
                let single = !en_text[n.start..n.end].contains(char::is_whitespace);
                single
                    && !initial_at(n.start)
                    && n.key.len() >= 3
                    // (The set first: a word the document never writes
                    // in lower case needs no stem.)
                    && (!self.lower_words.contains(&n.key)
                        || !known_stems().contains(crate::lexicon::stem(&n.key).as_str()))
                    && !covered_inside(n)
                    && !within_matched(n)
                    && !(hearing && heard(i))
                    && !linked_here(i)
            })
            .collect()
    }

    /// The least, over the stray names of a segment, of how near the name
    /// sounds to the nearest run of 2–4 Han characters of the Chinese
    /// outside the words of two characters or more that are accounted for
    /// ([`NameSound::nearness_to`]); 1 with no stray name, and a name whose
    /// sound cannot be measured (no vowel: *Lynn*) is left out.
    fn stray_nearness(&self, f: &Facts, stray: &[usize], open: &LazyOpen) -> f64 {
        let mut sounds: Vec<NameSound> = stray
            .iter()
            .filter_map(|&i| NameSound::new(&f.en_names[i].key))
            .collect();
        if sounds.is_empty() {
            return 1.0;
        }
        // The nearness depends on the skeletons only: each distinct one
        // once.
        sounds.sort_by(|a, b| a.skeleton.cmp(&b.skeleton));
        sounds.dedup_by(|a, b| a.skeleton == b.skeleton);
        let skeletons = open.get().skeletons();
        sounds
            .iter()
            .map(|sound| {
                let mut best = 0.0f64;
                for p in &skeletons {
                    best = best.max(sound.nearness_to(p));
                    if best >= 1.0 {
                        break;
                    }
                }
                best
            })
            .fold(1.0, f64::min)
    }

    /// Which English content words each Chinese content word of a
    /// segment may be translated by (lexicon stems and learned
    /// translations): (Chinese word index, English word index) pairs, in
    /// order of the Chinese word. Empty unless one side is Chinese and the
    /// other English.
    pub fn word_links(&self, f: &Facts) -> Vec<(usize, usize)> {
        if !self.cross() {
            return Vec::new();
        }
        let (zh, en) = self.zh_en_ids(f);
        let mut links = Vec::new();
        for (i, (&key, stems)) in zh.keys.iter().zip(&zh.stems).enumerate() {
            let start = links.len();
            for &s in stems.iter().chain(&self.learned[key as usize]) {
                let from = en.index.partition_point(|&(k, _)| k < s);
                for &(k, j) in &en.index[from..] {
                    if k != s {
                        break;
                    }
                    links.push((i, j as usize));
                }
            }
            links[start..].sort_unstable();
            let mut seen = start;
            for n in start..links.len() {
                if n == start || links[n] != links[seen - 1] {
                    links[seen] = links[n];
                    seen += 1;
                }
            }
            links.truncate(seen);
        }
        links
    }

    /// How much of the expected English is missing at an edge of a
    /// Chinese→English segment: the links between the two sides (content
    /// words the lexicon or the learned translations pair, numbers of the
    /// same value, names the pinyin spells) are chained monotonically (the
    /// heaviest chain, by the Chinese words' rarity weights, 3 for a number
    /// or a name); the Chinese before the chain's first link and after its
    /// last should have as much English before and after as the length
    /// model expects. The larger shortfall, as a share of the whole English
    /// expected, in [0, 1]; 0 unless the source is Chinese and the target
    /// English. Words the translation moves to the other end of the
    /// sentence (去上海参观工厂, *visited factories in Shanghai*) leave a
    /// small gap of their own.
    pub fn edge_gap(&self, f: &Facts, src: &str, tgt: &str) -> f64 {
        if self.src_lang != Lang::Zh
            || self.tgt_lang != Lang::En
            || f.src.words.len() > MAX_EDGE_WORDS
            || f.tgt.words.len() > MAX_EDGE_WORDS
        {
            return 0.0;
        }
        // (source start, source end, target start, target end, weight)
        let mut links: Vec<(usize, usize, usize, usize, f64)> = self
            .word_links(f)
            .into_iter()
            .map(|(i, j)| {
                let (s, t) = (&f.src.words[i], &f.tgt.words[j]);
                (s.start, s.end, t.start, t.end, f.src_ids.weights[i])
            })
            .collect();
        for m in &f.src.numbers {
            for n in f
                .tgt
                .numbers
                .iter()
                .filter(|n| (n.value - m.value).abs() < 1e-9)
            {
                links.push((m.start, m.end, n.start, n.end, ANCHOR_LINK_WEIGHT));
            }
        }
        for n in &f.en_names {
            // The spellings of the name among the windows, found by search;
            // then the windows that write one, in order.
            let spelled: Vec<&str> = spellings(&f.zh_windows, &n.key).map(|(p, _)| p).collect();
            if spelled.is_empty() {
                continue;
            }
            for (s, e, p) in f.zh_windows.iter() {
                if spelled.contains(&p) {
                    links.push((s, e, n.start, n.end, ANCHOR_LINK_WEIGHT));
                }
            }
        }
        if links.len() > MAX_EDGE_WORDS {
            return 0.0;
        }
        links.sort_by_key(|a| (a.0, a.2));
        let n = links.len();
        let mut best: Vec<f64> = links.iter().map(|l| l.4).collect();
        let mut prev = vec![usize::MAX; n];
        for a in 0..n {
            for b in 0..a {
                if links[b].1 <= links[a].0
                    && links[b].3 <= links[a].2
                    && best[b] + links[a].4 > best[a]
                {
                    best[a] = best[b] + links[a].4;
                    prev[a] = b;
                }
            }
        }
        let units = |text: &str| {
            text.chars()
                .filter(|&c| is_han(c) || c.is_alphanumeric())
                .count() as f64
        };
        let k = self.mu.exp();
        let expected = k * (f.src.len + 1.0);
        let cut = |text: &str, at: usize| {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let ((hs, ht), (ts, tt)) = match (0..n).max_by(|&a, &b| best[a].total_cmp(&best[b])) {
            None => ((src, tgt), ("", "")),
            Some(mut first) => {
                let last = first;
                while prev[first] != usize::MAX {
                    first = prev[first];
                }
                let (f0, l0) = (links[first], links[last]);
                (
                    (&src[..cut(src, f0.0)], &tgt[..cut(tgt, f0.2)]),
                    (&src[cut(src, l0.1)..], &tgt[cut(tgt, l0.3)..]),
                )
            }
        };
        let short = |s: &str, t: &str| (k * units(s) - units(t)).max(0.0) / expected;
        short(hs, ht).max(short(ts, tt)).min(1.0)
    }

    pub fn analyse(&self, k: usize, unit: &Unit) -> Analysis {
        let f = &self.facts[k];
        let cross = self.cross();
        let mut cover_memo = CoverMemo::default();
        let (src_covered, tgt_covered) = self.covered_with(f, f, &mut cover_memo);
        // A transliterated name left uncovered is the lexicon's gap, not
        // the translation's: not counted on the Chinese side.
        let names_of = |side: &SideText, lang: Lang| {
            if cross && lang == Lang::Zh {
                transliteration_runs(&side.words)
            } else if cross && lang == Lang::En {
                side.words
                    .iter()
                    .map(|w| {
                        f.en_names
                            .iter()
                            .any(|n| n.start <= w.start && w.end <= n.end)
                    })
                    .collect()
            } else {
                vec![false; side.words.len()]
            }
        };
        let src_names = names_of(&f.src, self.src_lang);
        let tgt_names = names_of(&f.tgt, self.tgt_lang);
        let coverage =
            |side: &SideText, ids: &WordIds, cov: &[bool], names: &[bool], other_empty: bool| {
                let (mut hit, mut all) = (0.0, 0.0);
                for ((&wt, &c), &name) in ids.weights.iter().zip(cov).zip(names) {
                    if name && !c {
                        continue;
                    }
                    all += wt;
                    if c {
                        hit += wt;
                    }
                }
                if all == 0.0 {
                    if other_empty && side.len > 0.0 {
                        0.0
                    } else {
                        1.0
                    }
                } else {
                    hit / all
                }
            };
        let src_empty = unit.src.trim().is_empty();
        let tgt_empty = unit.tgt.trim().is_empty();
        let coverage_src = if tgt_empty && !src_empty {
            0.0
        } else {
            coverage(&f.src, &f.src_ids, &src_covered, &src_names, tgt_empty)
        };
        let coverage_tgt = if src_empty && !tgt_empty {
            0.0
        } else {
            coverage(&f.tgt, &f.tgt_ids, &tgt_covered, &tgt_names, src_empty)
        };
        let all_words = |side: &SideText| vec![false; side.words.len()];
        let plain_coverage = if src_empty || tgt_empty {
            (coverage_src, coverage_tgt)
        } else {
            (
                coverage(&f.src, &f.src_ids, &src_covered, &all_words(&f.src), false),
                coverage(&f.tgt, &f.tgt_ids, &tgt_covered, &all_words(&f.tgt), false),
            )
        };
        // Length.
        let length_z = if src_empty || tgt_empty {
            if src_empty && tgt_empty {
                0.0
            } else if tgt_empty {
                -10.0
            } else {
                10.0
            }
        } else {
            let r = ((f.tgt.len + 1.0) / (f.src.len + 1.0)).ln();
            ((r - self.mu) / self.sigma).clamp(-10.0, 10.0)
        };
        let length_gap = if src_empty || tgt_empty {
            0.0
        } else {
            let expected = (f.src.len + 1.0) * self.mu.exp() - 1.0;
            let gap = f.tgt.len - expected;
            match (self.src_lang, self.tgt_lang) {
                (_, Lang::Zh) => gap,
                (Lang::Zh, Lang::En) => gap / self.mu.exp(),
                // Letters of English against English: about three a
                // Chinese character.
                (Lang::En, Lang::En) => gap / 3.0,
            }
        };
        let length = (-0.5 * (length_z / 2.0).powi(2)).exp();
        // Completeness reads the ratio against the spread of a segment of
        // this length (a short sentence's ratio is noisier); the flags
        // keep `length_z`.
        let fill_z = if src_empty || tgt_empty {
            length_z
        } else {
            let r = ((f.tgt.len + 1.0) / (f.src.len + 1.0)).ln();
            let sigma = length_aware_spread(
                self.sigma,
                LETTER_COUNT_NOISE,
                count_noise(f.src.len, self.mu),
                self.noise,
            );
            ((r - self.mu) / sigma).clamp(-10.0, 10.0)
        };
        let completeness = 1.0 - (-fill_z).clamp(0.0, 4.0) / 4.0;
        // Numbers: greedy one-to-one matching by value (digits as far as
        // the less precise side writes them, its scale word included:
        // 2.726 meets 2.7255, 1.41 billion meets 14.08亿, 134.9 trillion
        // meets 1349084亿).
        let same = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        // Both amounts in units of one measure, but different units: the
        // sizes of the units (`None` otherwise).
        let units =
            |a: &crate::numbers::Mention, at: &str, b: &crate::numbers::Mention, bt: &str| match (
                crate::numbers::measure(at, self.src_lang, a),
                crate::numbers::measure(bt, self.tgt_lang, b),
            ) {
                (Some((da, fa)), Some((db, fb))) if da == db && !same(fa, fb) => Some((fa, fb)),
                _ => None,
            };
        let close = |a: &crate::numbers::Mention,
                     at: &str,
                     b: &crate::numbers::Mention,
                     bt: &str| {
            // Different units of the same measure (1万亩 and *about 667
            // hectares*, 5斤 and *2.5 kg*): the converted amounts agree
            // within the step of the less precise side's last digit, and
            // within a tenth of each other.
            if let Some((fa, fb)) = units(a, at, b, bt) {
                let (x, y) = (a.value * fa, b.value * fb);
                let step = (shown_step(at, a) * fa).max(shown_step(bt, b) * fb);
                let gap = (x - y).abs();
                return gap <= 0.5 * step * (1.0 + 1e-9) && gap <= 0.1 * x.abs().max(y.abs());
            }
            // Units of different measures or rates (250 mg against *250
            // IU*, 40 mg/kg against *40 mg/day*, 5% against *5 mg*).
            if crate::numbers::units_clash((at, self.src_lang, a), (bt, self.tgt_lang, b)) {
                return false;
            }
            if same(a.value, b.value) {
                return true;
            }
            // A decade without its century meets one with it (五十年代 and
            // *the 1950s*, 二十世纪五十年代 and *the fifties*).
            if crate::numbers::decade(at, self.src_lang, a)
                && crate::numbers::decade(bt, self.tgt_lang, b)
            {
                let (x, y) = (a.value.min(b.value), a.value.max(b.value));
                return x < 100.0 && same(y % 100.0, x);
            }
            // 下午3时 is 3 p.m. (the same value) or 15:30 on a 24-hour
            // clock; an afternoon hour meets no other 15.
            let noon =
                |zh: &crate::numbers::Mention, zt: &str, en: &crate::numbers::Mention, et: &str| {
                    same(zh.value + 12.0, en.value)
                        && crate::numbers::afternoon_hour(zt, zh)
                        && crate::numbers::clock_hour(et, en)
                };
            if noon(a, at, b, bt) || noon(b, bt, a, at) {
                return true;
            }
            // 14时15分 is 2:15 p.m. on a 12-hour clock; 零点四十分 12:40 a.m.
            let twelve =
                |zh: &crate::numbers::Mention, zt: &str, en: &crate::numbers::Mention, et: &str| {
                    crate::numbers::chinese_hour(zt, zh)
                        && match crate::numbers::twelve_hour_clock(et, en) {
                            Some(true) => {
                                (13.0..=23.0).contains(&zh.value) && same(zh.value - 12.0, en.value)
                            }
                            Some(false) => zh.value == 0.0 && en.value == 12.0,
                            None => false,
                        }
                };
            if twelve(a, at, b, bt) || twelve(b, bt, a, at) {
                return true;
            }
            match (precision(at, a), precision(bt, b)) {
                (Some(x), Some(y)) => {
                    let coarse = x.max(y);
                    (a.value - b.value).abs() <= 0.5 * coarse * (1.0 + 1e-9)
                }
                _ => false,
            }
        };
        // When both sides name a month (5月8日, *May 8*), a month meets only
        // a month and a day only a day: *August 5* swaps them, though the
        // values agree as a bag.
        let month = |m: &crate::numbers::Mention| m.kind == crate::numbers::MentionKind::Month;
        let months_both = f.src.numbers.iter().any(month) && f.tgt.numbers.iter().any(month);
        // An hour of the evening meets no hour of the morning (晚7时30分 and
        // *7:30 a.m.*), whatever its value.
        let period = |lang: Lang, text: &str, m: &crate::numbers::Mention| match lang {
            Lang::Zh => crate::numbers::chinese_period(text, m),
            Lang::En => crate::numbers::english_period(text, m),
        };
        let fits = |a: &crate::numbers::Mention, b: &crate::numbers::Mention| {
            let clash = cross
                && matches!(
                    (period(self.src_lang, unit.src, a), period(self.tgt_lang, unit.tgt, b)),
                    (Some(x), Some(y)) if x != y
                );
            // A per cent meets no percentage point (3个百分点 and *3%*).
            let quantities = matches!(
                (
                    crate::numbers::quantity(unit.src, self.src_lang, a),
                    crate::numbers::quantity(unit.tgt, self.tgt_lang, b)
                ),
                (Some((x, _)), Some((y, _))) if x != y
            );
            // A version meets only a version.
            let versions = (a.kind == MentionKind::Version) == (b.kind == MentionKind::Version);
            (!months_both || month(a) == month(b)) && !clash && !quantities && versions
        };
        // An English ordinal in words (*first*) meets a number only where
        // no cardinal does: *a first response within 1 hour* is 1小时内…首次.
        // Ordinals are matched last, and met last.
        let src_ord: Vec<bool> = f
            .src
            .numbers
            .iter()
            .map(|m| crate::numbers::ordinal_word(unit.src, self.src_lang, m))
            .collect();
        let tgt_ord: Vec<bool> = f
            .tgt
            .numbers
            .iter()
            .map(|m| crate::numbers::ordinal_word(unit.tgt, self.tgt_lang, m))
            .collect();
        let mut tgt_order: Vec<usize> = (0..f.tgt.numbers.len()).collect();
        tgt_order.sort_by_key(|&j| tgt_ord[j]);
        let mut src_order: Vec<usize> = (0..f.src.numbers.len()).collect();
        src_order.sort_by_key(|&i| src_ord[i]);
        // The numbers of list items and headings (`一、`, `（一）`, `1.`,
        // `(1)`) are layout: they meet only each other, and are never
        // missing.
        // A marker that opens a sentence inside a line (a heading joined
        // to the sentence before it) meets no other number.
        let src_marks: Vec<Option<bool>> = f
            .src
            .numbers
            .iter()
            .map(|m| enumerator(unit.src, m))
            .collect();
        let tgt_marks: Vec<Option<bool>> = f
            .tgt
            .numbers
            .iter()
            .map(|m| enumerator(unit.tgt, m))
            .collect();
        let src_enum: Vec<bool> = src_marks.iter().map(Option::is_some).collect();
        let tgt_enum: Vec<bool> = tgt_marks.iter().map(Option::is_some).collect();
        let src_within: Vec<bool> = src_marks.iter().map(|&e| e == Some(true)).collect();
        let tgt_within: Vec<bool> = tgt_marks.iter().map(|&e| e == Some(true)).collect();
        let mut used = vec![false; f.tgt.numbers.len()];
        let mut src_numbers_unmatched = Vec::new();
        for &i in &src_order {
            let m = &f.src.numbers[i];
            let t = &f.tgt.numbers;
            if src_enum[i] {
                if let Some(j) = (0..t.len())
                    .find(|&j| !used[j] && tgt_enum[j] && same(m.value, t[j].value))
                    .or_else(|| (0..t.len()).find(|&j| !used[j] && tgt_enum[j]))
                    .or_else(|| {
                        (0..t.len()).find(|&j| {
                            !used[j] && !tgt_enum[j] && !src_within[i] && same(m.value, t[j].value)
                        })
                    })
                {
                    used[j] = true;
                }
                continue;
            }
            match tgt_order
                .iter()
                .copied()
                .find(|&j| {
                    !used[j]
                        && !tgt_enum[j]
                        && fits(m, &t[j])
                        && same(m.value, t[j].value)
                        && units(m, unit.src, &t[j], unit.tgt).is_none()
                        && !crate::numbers::units_clash(
                            (unit.src, self.src_lang, m),
                            (unit.tgt, self.tgt_lang, &t[j]),
                        )
                })
                .or_else(|| {
                    tgt_order.iter().copied().find(|&j| {
                        !used[j]
                            && !tgt_enum[j]
                            && fits(m, &t[j])
                            && close(m, unit.src, &t[j], unit.tgt)
                    })
                })
                .or_else(|| {
                    // A number may meet the same number as a list or
                    // heading number of the other side (*Room 101:*).
                    (0..t.len()).find(|&j| {
                        !used[j] && tgt_enum[j] && !tgt_within[j] && same(m.value, t[j].value)
                    })
                }) {
                Some(j) => used[j] = true,
                None => src_numbers_unmatched.push(i),
            }
        }
        src_numbers_unmatched.sort_unstable();
        let mut tgt_numbers_unmatched: Vec<usize> = (0..used.len())
            .filter(|&j| !used[j] && !tgt_enum[j])
            .collect();
        // Groups of digits split by a plain space or a comma of the other
        // script (`36 500`, `36，500`): one number where the other side has
        // the joined value (36,500) and nothing else met the parts.
        let joined = |one: &mut Vec<usize>,
                      one_m: &[crate::numbers::Mention],
                      one_text: &str,
                      two: &mut Vec<usize>,
                      two_m: &[crate::numbers::Mention]| {
            let digits = |m: &crate::numbers::Mention| -> Option<usize> {
                let w = one_text.get(m.start..m.end)?;
                let n = w.chars().count();
                w.chars()
                    .all(|c| crate::numbers::ascii_digit(c).is_ascii_digit())
                    .then_some(n)
            };
            let mut i = 0;
            while i + 1 < one.len() {
                let (a, b) = (&one_m[one[i]], &one_m[one[i + 1]]);
                let gap = one_text.get(a.end..b.start).unwrap_or("");
                let split = matches!(gap, " " | "，" | ",")
                    && digits(a).is_some_and(|n| (1..=3).contains(&n))
                    && digits(b) == Some(3);
                let whole = a.value * 1000.0 + b.value;
                match two
                    .iter()
                    .position(|&j| split && same(two_m[j].value, whole))
                {
                    Some(p) => {
                        two.remove(p);
                        one.drain(i..i + 2);
                    }
                    None => i += 1,
                }
            }
        };
        joined(
            &mut src_numbers_unmatched,
            &f.src.numbers,
            unit.src,
            &mut tgt_numbers_unmatched,
            &f.tgt.numbers,
        );
        joined(
            &mut tgt_numbers_unmatched,
            &f.tgt.numbers,
            unit.tgt,
            &mut src_numbers_unmatched,
            &f.src.numbers,
        );
        // A value written in two parts on one side, side by side
        // ("threescore and ten", "nine hundred, fifty" where the reader
        // split them), matches their sum on the other; two numbers apart
        // in the sentence (two rings here, two there) do not.
        let sum_match = |one: &mut Vec<usize>,
                         one_m: &[crate::numbers::Mention],
                         two: &mut Vec<usize>,
                         two_m: &[crate::numbers::Mention],
                         two_text: &str| {
            let adjacent = |a: &crate::numbers::Mention, b: &crate::numbers::Mention| {
                // Nothing but "and" or a separator between them, or a few
                // words and then "and" ("ninety years old and nine").
                two_text.get(a.end..b.start).is_some_and(|gap| {
                    let gap = gap
                        .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '，'));
                    let words: Vec<&str> = gap.split_whitespace().collect();
                    matches!(gap, "" | "and" | "又" | "零")
                        || (words.len() <= 3
                            && words.last() == Some(&"and")
                            && gap.chars().all(|c| c.is_ascii_alphabetic() || c == ' '))
                })
            };
            let mut i = 0;
            while i < one.len() {
                let v = one_m[one[i]].value;
                let hit = two.windows(2).position(|w| {
                    same(two_m[w[0]].value + two_m[w[1]].value, v)
                        && adjacent(&two_m[w[0]], &two_m[w[1]])
                });
                if let Some(p) = hit {
                    two.drain(p..p + 2);
                    one.remove(i);
                } else {
                    i += 1;
                }
            }
        };
        sum_match(
            &mut src_numbers_unmatched,
            &f.src.numbers,
            &mut tgt_numbers_unmatched,
            &f.tgt.numbers,
            unit.tgt,
        );
        sum_match(
            &mut tgt_numbers_unmatched,
            &f.tgt.numbers,
            &mut src_numbers_unmatched,
            &f.src.numbers,
            unit.src,
        );
        // An amount restated in brackets beside itself, in words and in
        // digits (壹佰贰拾万元整（¥1,200,000）, *thirty (30) days*): when
        // one of the two met a number of the other side, the other is the
        // same number, not one more.
        let restated = |unmatched: &mut Vec<usize>, ms: &[crate::numbers::Mention], text: &str| {
            let twin = |a: &crate::numbers::Mention, b: &crate::numbers::Mention| {
                let (first, second) = if a.start < b.start { (a, b) } else { (b, a) };
                let gap = text.get(first.end..second.start).unwrap_or("");
                a.kind != b.kind
                    && same(a.value, b.value)
                    && gap.contains(['(', '（'])
                    && gap.chars().count() <= 12
            };
            let before = unmatched.clone();
            unmatched.retain(|&i| {
                !(0..ms.len()).any(|j| {
                    j != i
                        && (j + 1 == i || i + 1 == j)
                        && !before.contains(&j)
                        && twin(&ms[i], &ms[j])
                })
            });
        };
        restated(&mut src_numbers_unmatched, &f.src.numbers, unit.src);
        restated(&mut tgt_numbers_unmatched, &f.tgt.numbers, unit.tgt);
        // A ratio in English (*1 in 10*, *one in five*, *3 out of 4*) is
        // the fraction the Chinese writes (十分之一, 五分之一, 四分之三): it
        // matches both of the ratio's numbers, and the Chinese numbers
        // inside the fraction; so does a percentage of a share per thousand
        // or per ten thousand.
        let ratio = |en: &mut Vec<usize>,
                     en_m: &[crate::numbers::Mention],
                     en_text: &str,
                     zh: &mut Vec<usize>,
                     zh_m: &[crate::numbers::Mention],
                     zh_text: &str| {
            // Every reading below meets an unmatched English number: with
            // none, nothing changes (and no fraction is read).
            if en.is_empty() {
                return;
            }
            // A share per thousand or per ten thousand written as a
            // percentage (万分之五 is *0.05%*, 千分之三 *0.3%*); the Chinese
            // mention is the numerator, its span the whole share.
            zh.retain(|&j| {
                let m = &zh_m[j];
                let written = zh_text.get(m.start..m.end).unwrap_or("");
                // 百万分之五 (per million) and 三千分之一 are other shares:
                // the span starts at 万分之 or 千分之 after more numerals.
                let after_numeral = zh_text
                    .get(..m.start)
                    .and_then(|t| t.chars().next_back())
                    .is_some_and(|c| {
                        crate::numbers::is_numeral(c)
                            || crate::numbers::ascii_digit(c).is_ascii_digit()
                    });
                if after_numeral {
                    return true;
                }
                let per = if written.starts_with("千分之") {
                    10.0
                } else if written.starts_with("万分之") || written.starts_with("萬分之") {
                    100.0
                } else {
                    return true;
                };
                let hit = en.iter().position(|&i| {
                    matches!(
                        crate::numbers::quantity(en_text, Lang::En, &en_m[i]),
                        Some((crate::numbers::Quantity::Percent, _))
                    ) && same(m.value / per, en_m[i].value)
                });
                if let Some(p) = hit {
                    en.remove(p);
                }
                hit.is_none()
            });
            // A fraction (三分之二, *two thirds*) written on the other side
            // as a percentage (*66.7%*, 67%): the percentage within the
            // rounding of its last digit shown.
            let as_percent = |fr: &[crate::numbers::Fraction],
                              one: &mut Vec<usize>,
                              one_m: &[crate::numbers::Mention],
                              other: &mut Vec<usize>,
                              other_m: &[crate::numbers::Mention],
                              other_text: &str,
                              other_lang: Lang| {
                for x in fr {
                    let inside = |j: &usize| one_m[*j].start >= x.start && one_m[*j].end <= x.end;
                    if !one.iter().any(inside) {
                        continue;
                    }
                    let share = 100.0 * x.numerator as f64 / x.denominator as f64;
                    let hit = other.iter().position(|&i| {
                        let m = &other_m[i];
                        let percent = matches!(
                            crate::numbers::quantity(other_text, other_lang, m),
                            Some((crate::numbers::Quantity::Percent, _))
                        );
                        let written = other_text.get(m.start..m.end).unwrap_or("");
                        let decimals = written.split_once(['.', '．', '点']).map_or(0, |(_, f)| {
                            f.chars()
                                .take_while(|&c| crate::numbers::ascii_digit(c).is_ascii_digit())
                                .count()
                        });
                        let step = 10f64.powi(-(decimals as i32));
                        percent && (m.value - share).abs() <= 0.5 * step * (1.0 + 1e-9)
                    });
                    if let Some(p) = hit {
                        other.remove(p);
                        one.retain(|j| !inside(j));
                    }
                }
            };
            let fr = crate::numbers::fractions(zh_text, Lang::Zh);
            as_percent(&fr, zh, zh_m, en, en_m, en_text, Lang::En);
            let en_fr = crate::numbers::fractions(en_text, Lang::En);
            as_percent(&en_fr, en, en_m, zh, zh_m, zh_text, Lang::Zh);
            if fr.is_empty() {
                return;
            }
            for (i, pair) in en_m.windows(2).enumerate() {
                let (a, b) = (&pair[0], &pair[1]);
                let gap = en_text.get(a.end..b.start).unwrap_or("").trim();
                // *2/3* too, the slash between its numbers alone.
                let slash = en_text.get(a.end..b.start) == Some("/");
                if !(matches!(gap, "in" | "out of") || slash)
                    || !(en.contains(&i) || en.contains(&(i + 1)))
                {
                    continue;
                }
                let Some(x) = fr.iter().find(|x| {
                    same(x.numerator as f64, a.value) && same(x.denominator as f64, b.value)
                }) else {
                    continue;
                };
                en.retain(|&j| j != i && j != i + 1);
                zh.retain(|&j| zh_m[j].start < x.start || zh_m[j].end > x.end);
            }
        };
        if cross {
            if self.src_lang == Lang::En {
                ratio(
                    &mut src_numbers_unmatched,
                    &f.src.numbers,
                    unit.src,
                    &mut tgt_numbers_unmatched,
                    &f.tgt.numbers,
                    unit.tgt,
                );
            } else {
                ratio(
                    &mut tgt_numbers_unmatched,
                    &f.tgt.numbers,
                    unit.tgt,
                    &mut src_numbers_unmatched,
                    &f.src.numbers,
                    unit.src,
                );
            }
        }
        // Amounts per N shares stated per share, periods' codes (see
        // `finance::settle`).
        if cross {
            super::finance::settle(
                super::finance::Numbers {
                    text: unit.src,
                    lang: self.src_lang,
                    mentions: &f.src.numbers,
                    unmatched: &mut src_numbers_unmatched,
                },
                super::finance::Numbers {
                    text: unit.tgt,
                    lang: self.tgt_lang,
                    mentions: &f.tgt.numbers,
                    unmatched: &mut tgt_numbers_unmatched,
                },
            );
        }
        // A numeral that may be a number meets a number nothing else met.
        let soft_match =
            |unmatched: &mut Vec<usize>,
             (mentions, text): (&[crate::numbers::Mention], &str),
             (soft, soft_text): (&[crate::numbers::Mention], &str)| {
                let mut taken = vec![false; soft.len()];
                unmatched.retain(|&i| {
                    let hit = (0..soft.len()).find(|&s| {
                        !taken[s]
                            && same(soft[s].value, mentions[i].value)
                            && crate::numbers::zhe_role_fits(soft, s, soft_text, &mentions[i], text)
                    });
                    if let Some(s) = hit {
                        taken[s] = true;
                    }
                    hit.is_none()
                });
            };
        // Numbers stated without a numeral (*around the clock*, the 7 of
        // *24/7*) are soft too.
        let with_phrases = |soft: &[crate::numbers::Mention], text: &str, lang: Lang| {
            let mut all = soft.to_vec();
            all.extend(crate::numbers::soft_mentions(text, lang));
            all
        };
        if !src_numbers_unmatched.is_empty() {
            soft_match(
                &mut src_numbers_unmatched,
                (&f.src.numbers, unit.src),
                (
                    &with_phrases(&f.tgt.soft_numbers, unit.tgt, self.tgt_lang),
                    unit.tgt,
                ),
            );
        }
        if !tgt_numbers_unmatched.is_empty() {
            soft_match(
                &mut tgt_numbers_unmatched,
                (&f.tgt.numbers, unit.tgt),
                (
                    &with_phrases(&f.src.soft_numbers, unit.src, self.src_lang),
                    unit.src,
                ),
            );
        }
        let numbers_matched = used.iter().filter(|&&u| u).count();
        // Latin tokens of the Chinese side (acronyms, brand names) found in
        // the English side.
        let mut latin_unmatched = Vec::new();
        let mut latin_matched = 0;
        if cross {
            let (zh, en) = self.zh_en(f);
            let zh_text = if self.src_lang == Lang::Zh {
                unit.src
            } else {
                unit.tgt
            };
            let en_tokens: FastSet<&str> = en.tokens.iter().map(|t| &*t.text).collect();
            for (i, t) in zh.tokens.iter().enumerate() {
                // A character entity (&nbsp;) is markup, no Latin word.
                if t.text.chars().count() < 2 || in_entity(zh_text, t.start, t.end) {
                    continue;
                }
                if en_tokens.contains(&*t.text) {
                    latin_matched += 1;
                } else {
                    latin_unmatched.push(i);
                }
            }
        }
        let names_matched: Vec<usize> = f
            .en_names
            .iter()
            .enumerate()
            .filter(|(_, n)| cover_memo.spelled(&f.zh_windows, &n.key))
            .map(|(i, _)| i)
            .collect();
        let open = LazyOpen {
            windows: &f.zh_windows,
            zh: cross.then(|| {
                if self.src_lang == Lang::Zh {
                    (&f.src, &src_covered[..], unit.src.len())
                } else {
                    (&f.tgt, &tgt_covered[..], unit.tgt.len())
                }
            }),
            made: OnceCell::new(),
        };
        // The English and Chinese texts of the segment, and the coverage
        // of the English words.
        let (en_text, zh_text, covered_en) = if self.src_lang == Lang::Zh {
            (unit.tgt, unit.src, &tgt_covered)
        } else {
            (unit.src, unit.tgt, &src_covered)
        };
        let stray_names = if cross {
            self.stray_names(
                f,
                (en_text, zh_text),
                &names_matched,
                covered_en,
                &open,
                true,
            )
        } else {
            Vec::new()
        };
        // Names the document links to Chinese this segment has, missing
        // from its English.
        let missing_links = if cross {
            let (_, en) = self.zh_en(f);
            self.name_links.missing_at(zh_text, &en.tokens)
        } else {
            Vec::new()
        };
        let missing_names = missing_links.len();
        // Where a name the document links to this segment's Chinese is
        // missing, an English name nothing else accounts for stands in its
        // place even when a run of the Chinese happens to sound like it
        // (*Shanghai* heard in 牲畜 where 摩西 is *Moses* everywhere else).
        let swapped = missing_names > 0
            && (!stray_names.is_empty() || {
                !self
                    .stray_names(
                        f,
                        (en_text, zh_text),
                        &names_matched,
                        covered_en,
                        &open,
                        false,
                    )
                    .is_empty()
            });
        let name_sound = self.stray_nearness(f, &stray_names, &open);
        drop(open);
        let hard_unmatched = src_numbers_unmatched
            .iter()
            .filter(|&&i| f.src.numbers[i].kind != MentionKind::Words)
            .count()
            + tgt_numbers_unmatched
                .iter()
                .filter(|&&j| f.tgt.numbers[j].kind != MentionKind::Words)
                .count()
            + latin_unmatched.len();
        let matched = numbers_matched + latin_matched + names_matched.len().min(3);
        let anchors = if matched + hard_unmatched == 0 {
            1.0
        } else {
            (matched as f64 + 0.5) / (matched + hard_unmatched) as f64 + 0.0
        }
        .min(1.0);
        // Script: share of the target's letters in the target's script.
        let script = match (self.src_lang, self.tgt_lang) {
            (Lang::Zh, Lang::En) => {
                let total = f.tgt.han + f.tgt.latin;
                if total == 0 {
                    1.0
                } else {
                    1.0 - f.tgt.han as f64 / total as f64
                }
            }
            (Lang::En, Lang::Zh) => {
                let foreign: usize = f
                    .tgt
                    .tokens
                    .iter()
                    .filter(|t| !t.capital && t.text.chars().all(|c| c.is_ascii_lowercase()))
                    .map(|t| t.text.len())
                    .sum();
                let total = f.tgt.han + f.tgt.latin;
                if total == 0 {
                    1.0
                } else {
                    1.0 - foreign as f64 / total as f64
                }
            }
            _ => 1.0,
        };
        // The source's content words with no translation, and the words
        // (and figures) of the English side.
        let uncovered = src_covered.iter().filter(|&&c| !c).count() as f64;
        let english_words = if cross {
            let (_, en) = self.zh_en(f);
            english_words(en)
        } else {
            english_words(&f.src)
        };
        let identical = !src_empty && f.src_key == f.tgt_key && cross;
        let script = if identical { 0.0 } else { script };
        let shape = match unit.shape {
            (1, 1) => 1.0,
            (0, _) | (_, 0) => 0.0,
            (a, b) if a + b == 3 => 0.8,
            _ => 0.6,
        };
        Analysis {
            components: Components {
                coverage_src,
                coverage_tgt,
                length,
                completeness,
                anchors,
                names: 1.0 / (1.0 + stray_names.len() as f64 + missing_names as f64),
                name_sound,
                script,
                confidence: unit.confidence.clamp(0.0, 1.0),
                shape,
                fullness: if src_empty || tgt_empty {
                    completeness.min(0.5)
                } else {
                    let sigma = length_aware_spread(
                        self.words_sigma,
                        WORD_COUNT_NOISE,
                        count_noise(self.words(&f.src, self.src_lang), self.words_mu),
                        self.words_noise,
                    );
                    let z = (self.word_ratio(f) - self.words_mu) / sigma;
                    (z.clamp(-4.0, 4.0) + 4.0) / 8.0
                },
                uncovered: 1.0 / (1.0 + uncovered / 3.0),
                anchored: f64::from(u8::from(numbers_matched > 0)),
                brevity: 1.0 / (1.0 + english_words as f64 / 10.0),
                intact_edges: if !src_empty && !tgt_empty {
                    1.0 - self.edge_gap(f, unit.src, unit.tgt)
                } else {
                    1.0
                },
                name_swap: if swapped { 0.0 } else { 1.0 },
            },
            plain_coverage,
            src_covered,
            tgt_covered,
            length_z,
            length_gap,
            src_numbers_unmatched,
            tgt_numbers_unmatched,
            latin_unmatched,
            names_matched,
            stray_names,
            missing_links,
            neighbour: if src_empty || tgt_empty {
                None
            } else {
                self.better_neighbour(
                    k,
                    (plain_coverage.0 + plain_coverage.1) / 2.0,
                    length_z,
                    &mut cover_memo,
                )
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_bits_pass_every_key_and_the_keys_of_its_remainders_only() {
        // Sets of keys of several sizes and spreads, against the plain
        // rule: a key passes when a key of the set has its remainder by 256.
        let mut x = 7u32;
        for n in [0usize, 1, 2, 5, 12, 40, 300] {
            for spread in [10u32, 300, 5_000, u32::MAX] {
                let keys: Vec<u32> = (0..n)
                    .map(|_| {
                        x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                        x % spread
                    })
                    .collect();
                let bits = KeyBits::of(&keys);
                for &k in &keys {
                    assert!(bits.may_have(k), "{k} of {keys:?}");
                }
                for k in (0..2_000).chain([u32::MAX - 1, u32::MAX]) {
                    let plain = keys.iter().any(|&y| y % 256 == k % 256);
                    assert_eq!(bits.may_have(k), plain, "{k} of {keys:?}");
                }
            }
        }
    }

    #[test]
    fn renderings_give_the_first_differently_paired_segment_of_every_group() {
        // Every group of up to 7 segments whose other sides are drawn from
        // three values, against the plain scan of all the members.
        for len in 1..=7u32 {
            for code in 0..3usize.pow(len) {
                let other: Vec<usize> = (0..len)
                    .scan(code, |c, _| {
                        let v = *c % 3;
                        *c /= 3;
                        Some(v)
                    })
                    .collect();
                let mut group = Renderings::default();
                for k in 0..other.len() {
                    group.add(k, |o| other[o] == other[k]);
                }
                for k in 0..other.len() {
                    let plain = (0..other.len()).find(|&o| o != k && other[o] != other[k]);
                    let found = group.paired_differently(k, |o| other[o] != other[k]);
                    assert_eq!(found, plain, "{other:?}, segment {k}");
                }
            }
        }
        // A sentence repeated through a whole document: each segment looks
        // at no more than two others (the scan of every member made 10,000
        // repeats take 10⁸ comparisons).
        let n = 10_000;
        let mut group = Renderings::default();
        for k in 0..n {
            group.add(k, |_| true);
        }
        let calls = std::cell::Cell::new(0usize);
        for k in 0..n {
            let found = group.paired_differently(k, |_| {
                calls.set(calls.get() + 1);
                false
            });
            assert_eq!(found, None);
        }
        assert!(calls.get() <= 2 * n, "{} comparisons", calls.get());
    }

    /// `substantial` as it was written before it stopped counting early:
    /// every count over the whole text.
    fn substantial_counting_all(text: &str) -> bool {
        let han = text.chars().filter(|&c| is_han(c)).count();
        let words = text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        let addresses = text.split_whitespace().filter(|w| is_address(w)).count();
        let beside = text
            .split_whitespace()
            .filter(|w| !is_address(w) && w.chars().any(char::is_alphabetic))
            .count();
        han >= 8 || words >= 5 || (addresses > 0 && (han >= 4 || beside >= 3))
    }

    #[test]
    fn substantial_stops_counting_where_the_full_counts_agree() {
        // Every text of up to four pieces drawn from Han runs, words,
        // addresses and other marks (each address holds a letter, as the
        // counts assume), each piece after a space or not, against the
        // counts over the whole text.
        let pieces = [
            "王毅",
            "主持会议",
            "。",
            "http://x.org",
            "the",
            "3.5",
            "support@example.com",
            "www.example.com",
            "“是。”",
            "a@b",
        ];
        let n = pieces.len();
        let (mut texts, mut yes) = (0, 0);
        for len in 0..=4u32 {
            for code in 0..(2 * n).pow(len) {
                let mut text = String::new();
                let mut c = code;
                for _ in 0..len {
                    if c % (2 * n) >= n {
                        text.push(' ');
                    }
                    text.push_str(pieces[c % n]);
                    c /= 2 * n;
                }
                let fast = substantial(&text);
                assert_eq!(fast, substantial_counting_all(&text), "{text:?}");
                texts += 1;
                yes += usize::from(fast);
            }
        }
        assert!(yes > 1000 && texts - yes > 1000, "{yes} of {texts}");
    }

    #[test]
    fn an_address_without_a_letter_is_no_word_to_take_away() {
        // `1@2.3` is an address but holds no letter: the words beside it
        // are all the text's words (taking it away from them underflowed).
        assert!(!substantial("1@2.3"));
        assert!(!substantial("1@2.3 a b"));
        assert!(substantial("1@2.3 a b c"));
        assert!(substantial("1@2.3 联合国会议"));
        assert!(!substantial("1@2.3 联合国"));
        // An address with letters is one of the words, not one beside it.
        assert!(!substantial("Write to support@example.com"));
        assert!(substantial("Write to support@example.com now"));
    }

    fn units<'a>(pairs: &'a [(&'a str, &'a str)]) -> Vec<Unit<'a>> {
        pairs
            .iter()
            .map(|&(src, tgt)| Unit {
                src,
                tgt,
                confidence: 1.0,
                shape: (1, 1),
                unmatched: &[],
            })
            .collect()
    }

    /// How many of `ctx`'s linked names the pair (`zh`, `en`), analysed on
    /// its own, misses.
    fn missing_in(ctx: &Context, zh: &str, en: &str) -> usize {
        let pair = [(zh, en)];
        let u = units(&pair);
        let one = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        ctx.name_links.missing(zh, &one.facts[0].tgt.tokens).len()
    }

    /// The English words of segment `k` that its Chinese side covers.
    fn covered_en(ctx: &Context, k: usize) -> Vec<String> {
        let f = &ctx.facts[k];
        let (_, tc) = ctx.covered(f, f);
        f.tgt
            .words
            .iter()
            .zip(tc)
            .filter(|(_, c)| *c)
            .map(|(w, _)| w.key.to_string())
            .collect()
    }

    #[test]
    fn transliterations_sound_like_their_names() {
        for (name, pinyin) in [
            ("nineveh", "niniwei"),
            ("calah", "jiala"),
            ("laban", "laban"),
            ("moses", "moxi"),
            ("aaron", "yalun"),
            ("resen", "lixian"),
            ("zillah", "xila"),
            ("tarshish", "tashi"),
            ("elishah", "yilisha"),
        ] {
            assert!(sounds_like(name, pinyin), "{name} ~ {pinyin}");
        }
        // One consonant in common is not enough, nor are other vowels.
        for (name, pinyin) in [
            ("isaac", "shishi"),
            ("tie", "yidui"),
            ("shem", "yisa"),
            ("jacob", "yage"),
            ("laban", "lubing"),
            ("zoar", "shini"),
        ] {
            assert!(!sounds_like(name, pinyin), "{name} !~ {pinyin}");
        }
        assert_eq!(english_skeleton("Nineveh"), b"NF");
        assert_eq!(pinyin_skeleton("jiala"), b"GL");
    }

    #[test]
    fn a_word_pair_seen_in_three_segments_is_learned_and_covers() {
        let three = [
            ("佐布拉特今天来了。", "Zorblat came today."),
            ("佐布拉特走了。", "Zorblat left."),
            ("我们见到了佐布拉特。", "We met Zorblat."),
        ];
        let u = units(&three);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        assert!(covered_en(&ctx, 1).contains(&"zorblat".to_string()));
        // Twice is not enough.
        let u = units(&three[..2]);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        assert!(!covered_en(&ctx, 1).contains(&"zorblat".to_string()));
    }

    #[test]
    fn kept_spellings_runs_and_own_fits_give_what_fresh_readings_give() {
        // Names the pinyin spells, an acronym a run of words spells, and
        // neighbours that share them, both ways.
        let doc = [
            ("香港交易所说拉班来了。", "HKEX said Laban came."),
            ("拉班走了，香港交易所关门。", "Laban left and HKEX closed."),
            ("我们见到了拉班和他的马。", "We met Laban and his horse."),
            ("那天下雨。", "It rained that day."),
            ("拉班看见了香港交易所。", "Laban saw HKEX."),
            ("拉班说。", "Laban spoke at the HKEX."),
        ];
        let flipped: Vec<(&str, &str)> = doc.iter().map(|&(z, e)| (e, z)).collect();
        for (pairs, opts) in [
            (&doc[..], QualityOptions::new(Lang::Zh, Lang::En)),
            (&flipped[..], QualityOptions::new(Lang::En, Lang::Zh)),
        ] {
            let u = units(pairs);
            let ctx = Context::build(&u, &opts);
            // One memo across every pairing, in an order that meets each
            // side again, against a fresh reading of each pairing.
            let mut memo = CoverMemo::default();
            for round in 0..2 {
                for j in 0..u.len() {
                    for k in 0..u.len() {
                        let (sf, tf) = (&ctx.facts[j], &ctx.facts[k]);
                        assert_eq!(
                            ctx.covered_with(sf, tf, &mut memo),
                            ctx.covered(sf, tf),
                            "{round} {j} {k}"
                        );
                    }
                }
            }
            // The own fit kept per segment, against the fit read afresh.
            let fresh = |j: usize, k: usize, other: f64| {
                let f = &ctx.facts[j];
                let key = |t: &str| -> String {
                    crate::normalize::fold(t)
                        .chars()
                        .filter(|c| c.is_alphanumeric())
                        .collect()
                };
                let own = key(u[j].tgt);
                let foreign = if ctx.src_lang == Lang::Zh {
                    f.tgt.han
                } else {
                    f.tgt.latin
                };
                if f.tgt.len == 0.0
                    || 10 * foreign > f.tgt.han + f.tgt.latin
                    || own.is_empty()
                    || key(u[k].tgt).contains(&own)
                {
                    return false;
                }
                let (sc, tc) = ctx.covered(f, f);
                let (Some(a), Some(b)) =
                    (ctx.weighted(&f.src_ids, &sc), ctx.weighted(&f.tgt_ids, &tc))
                else {
                    return false;
                };
                let r = ((f.tgt.len + 1.0) / (f.src.len + 1.0)).ln();
                let z = ((r - ctx.mu) / ctx.sigma).abs().min(3.0);
                (a + b) / 2.0 - NEIGHBOUR_LENGTH * z >= other + NEIGHBOUR_HELD
            };
            for other in [-1.0, 0.0, 0.2, 0.4, 0.6, 1.0] {
                for j in 0..u.len() {
                    for k in 0..u.len() {
                        let mut memo = CoverMemo::default();
                        assert_eq!(
                            ctx.holds_own(j, k, other, &mut memo),
                            fresh(j, k, other),
                            "{j} {k} {other}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_run_linked_to_two_names_is_there_when_either_is() {
        // 摩西 meets *Moses* and *Lord* in every segment: both are linked
        // to it, and a segment with 摩西 and *Moses* misses neither.
        let doc = [
            ("摩西来了。", "Moses came before the Lord."),
            ("摩西走了。", "Then Moses left the Lord."),
            ("摩西看见了。", "And Moses saw the Lord."),
            ("那天下雨。", "It rained that day."),
        ];
        let u = units(&doc);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        assert_eq!(ctx.name_links.of_name("moses").unwrap().zh, "摩西");
        assert_eq!(ctx.name_links.of_name("lord").unwrap().zh, "摩西");
        assert_eq!(missing_in(&ctx, "摩西睡了。", "Then Moses slept."), 0);
        assert_eq!(missing_in(&ctx, "摩西睡了。", "Then the Lord slept."), 0);
        // Neither: one name missing, not two.
        assert_eq!(missing_in(&ctx, "摩西睡了。", "Then he slept."), 1);
        // Twice in the Chinese, once in the English.
        assert_eq!(missing_in(&ctx, "摩西对摩西说。", "Then Moses spoke."), 1);
        // The parts of one name, written side by side, are each needed.
        let doc = [
            ("王琦瑶来了。", "Wang Qiyao came."),
            ("王琦瑶走了。", "Then Wang Qiyao left."),
            ("王琦瑶笑了。", "And Wang Qiyao laughed."),
            ("那天下雨。", "It rained that day."),
        ];
        let u = units(&doc);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        assert_eq!(ctx.name_links.of_name("qiyao").unwrap().zh, "王琦瑶");
        assert_eq!(missing_in(&ctx, "王琦瑶睡了。", "Then Wang slept."), 1);
        assert_eq!(
            missing_in(&ctx, "王琦瑶睡了。", "Then Wang Qiyao slept."),
            0
        );
    }

    #[test]
    fn a_run_holding_a_particle_is_no_name() {
        // *Izhar* meets 勒的 (of 巴勒的, 米勒的) in both its segments, and no
        // other run: a structural particle is no part of a transliteration.
        let doc = [
            ("巴勒的使臣来了。", "Then Izhar came."),
            ("米勒的马跑了。", "The horse of Izhar ran."),
            ("那天下雨。", "It rained that day."),
        ];
        let u = units(&doc);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        assert!(ctx.name_links.of_name("izhar").is_none());
        assert!(may_be_name_run(pack("毗努伊勒")) && !may_be_name_run(pack("勒的")));
    }

    /// The [`han_grams`] key of a run of 2–4 Han characters.
    fn pack(run: &str) -> u128 {
        let mut keys = Vec::new();
        han_grams(run, |key, s, e| {
            if s == 0 && e == run.len() {
                keys.push(key);
            }
        });
        keys[0]
    }

    #[test]
    fn names_are_linked_to_the_chinese_they_meet_and_missed_when_absent() {
        let doc = [
            ("毗努伊勒今天来了。", "Penuel came today."),
            ("毗努伊勒走了。", "Then Penuel left."),
            (
                "我们见到了毗努伊勒和他的马。",
                "We met Penuel and his horse.",
            ),
            ("那天下雨。", "It rained that day."),
            ("毗努伊勒看见了毗努伊勒的马。", "Then Bozkor saw his horse."),
        ];
        let u = units(&doc);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        let link = ctx.name_links.of_name("penuel").expect("Penuel is linked");
        assert_eq!(link.zh, "毗努伊勒");
        assert_eq!(link.together, 3);
        // Present in the English: not missing.
        let tokens = &ctx.facts[0].tgt.tokens;
        assert!(ctx.name_links.missing(doc[0].0, tokens).is_empty());
        // Written twice in the Chinese, never in the English.
        let tokens = &ctx.facts[4].tgt.tokens;
        let missing = ctx.name_links.missing(doc[4].0, tokens);
        assert_eq!(missing.len(), 1);
        // The analysis keeps them, by index.
        for (k, unit) in u.iter().enumerate() {
            let kept = ctx.analyse(k, unit).missing_links;
            let found = ctx.name_links.missing(doc[k].0, &ctx.facts[k].tgt.tokens);
            assert_eq!(kept.len(), found.len());
            for (&(s, e, l), &(s2, e2, link)) in kept.iter().zip(&found) {
                assert_eq!((s, e), (s2, e2));
                assert!(std::ptr::eq(&ctx.name_links.links[l], link));
            }
        }
        assert_eq!(&doc[4].0[missing[0].0..missing[0].1], "毗努伊勒");
        // A word made from the name counts as the name.
        assert_eq!(
            missing_in(&ctx, "毗努伊勒来了。", "The Penuelites came."),
            0
        );
        // So does a compound name that holds it (伊利伊罗伊以色列 is
        // *EleloheIsrael*).
        assert_eq!(
            missing_in(&ctx, "起名叫伊罗毗努伊勒。", "And called it EloPenuel."),
            0
        );
        // A document where the name meets its Chinese once links nothing.
        let u = units(&doc[..1]);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        assert!(ctx.name_links.of_name("penuel").is_none());
    }

    #[test]
    fn links_found_by_their_last_character_first_are_those_of_every_run() {
        let doc = [
            ("毗努伊勒今天来了。", "Penuel came today."),
            ("毗努伊勒走了。", "Then Penuel left."),
            ("我们见到了毗努伊勒和亚伯。", "We met Penuel and Abel."),
            ("亚伯今天来了。", "Abel came today."),
            ("亚伯走了，亚伯拉罕来了。", "Abel left."),
        ];
        let u = units(&doc);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        let links = &ctx.name_links;
        assert!(links.links.len() >= 2, "{:?}", links.links);
        // Every run looked up, as before the last characters were kept.
        let every_run = |zh: &str| {
            let mut found: Vec<(usize, usize, usize)> = Vec::new();
            han_grams(zh, |key, s, e| {
                for &l in links.by_zh.get(&key).into_iter().flatten() {
                    if !found.iter().any(|f| f.2 == l) {
                        found.push((s, e, l));
                    }
                }
            });
            found.sort_by_key(|f| f.2);
            found
        };
        let texts = doc.iter().map(|d| d.0).chain([
            "",
            "勒",
            "伊勒毗努",
            "亚伯亚伯毗努伊勒伯",
            "x亚伯y毗努伊勒。",
        ]);
        for zh in texts {
            let got: Vec<(usize, usize, usize)> = links
                .in_chinese(zh)
                .into_iter()
                .map(|(s, e, l)| (s, e, links.by_name[&l.name]))
                .collect();
            assert_eq!(got, every_run(zh), "{zh}");
        }
        // Every character whose code point a link's last one shares modulo
        // the bits may end a link; others do not.
        for l in &links.links {
            let last = l.zh.chars().last().unwrap();
            assert!(links.may_end(last));
        }
        assert!(!NameLinks::default().may_end('勒'));
    }

    #[test]
    fn a_word_that_only_contains_a_linked_name_does_not_stand_for_it() {
        // *feeling* holds *ling*, *kitchen* holds *chen*: ordinary words,
        // not compound names (only *EloPenuel*, with the name at a capital
        // inside the word, is one).
        let doc = [
            ("小玲今天来了。", "Ling came today."),
            ("小玲走了。", "Then Ling left."),
            ("我们见到了小玲和她的马。", "We met Ling and her horse."),
            ("小玲累了。", "She was feeling tired."),
            ("小玲在厨房里。", "She was in the kitchen."),
        ];
        let u = units(&doc);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        assert!(ctx.name_links.of_name("ling").is_some(), "Ling is linked");
        let missing = ctx.name_links.missing(doc[3].0, &ctx.facts[3].tgt.tokens);
        assert_eq!(missing.len(), 1, "feeling is not Ling");
        assert_eq!(&doc[3].0[missing[0].0..missing[0].1], "小玲");
        // A capital inside the word starts the name.
        assert_eq!(missing_in(&ctx, "小玲来了。", "And MeiLing came."), 0);
        assert_eq!(missing_in(&ctx, "小玲来了。", "And the feeling came."), 1);
    }

    #[test]
    fn a_name_linked_to_chinese_the_segment_has_is_not_stray() {
        // 毕罗多 (biluoduo) does not sound like *Qarvex*, and neither is in
        // the lexicon: only the document's link accounts for the name.
        let doc = [
            ("毕罗多今天来了。", "Qarvex came today."),
            ("我们见到了毕罗多和他的马。", "We met Qarvex and his horse."),
            ("那天下雨。", "It rained that day."),
            ("我们见到了他的马。", "We met Bozkor and his horse."),
        ];
        let u = units(&doc);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        // Two segments link the name (too few to learn it as a word).
        assert!(ctx.name_links.of_name("qarvex").is_some());
        let met = ctx.analyse(1, &u[1]);
        assert!(met.stray_names.is_empty(), "{:?}", met.stray_names);
        assert_eq!(met.components.names, 1.0);
        // A name the document links to nothing this segment has stays stray.
        let other = ctx.analyse(3, &u[3]);
        assert_eq!(other.stray_names.len(), 1);
        let n = &ctx.facts[3].en_names[other.stray_names[0]];
        assert_eq!(&doc[3].1[n.start..n.end], "Bozkor");
    }

    #[test]
    fn a_stray_name_near_a_transliteration_sounds_nearer_than_another() {
        let near = |name: &str, pinyin: &str| {
            NameSound::new(name)
                .expect("a name")
                .nearness(pinyin, &mut Vec::new())
        };
        // S M L against S N L: one consonant of three differs.
        assert!((near("zimri", "xinli") - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(near("laban", "laban"), 1.0);
        assert_eq!(near("tarvin", "xinli"), 0.0);
        // Over a segment: the nearest run of its Chinese, for each stray
        // name; the farthest name decides.
        let doc = [
            ("心利来了。", "Then Zimri came."),
            ("心利来了。", "Then Tarvin came."),
            ("他来了。", "Then he came."),
        ];
        let u = units(&doc);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        let sound: Vec<f64> = (0..3)
            .map(|k| ctx.analyse(k, &u[k]).components.name_sound)
            .collect();
        assert!((sound[0] - 2.0 / 3.0).abs() < 1e-9, "{sound:?}");
        assert_eq!(sound[1..], [0.0, 1.0]);
    }

    /// The content words of each side of pair `k` that the other side
    /// leaves uncovered.
    fn uncovered_words(ctx: &Context, k: usize) -> (Vec<String>, Vec<String>) {
        let f = &ctx.facts[k];
        let (sc, tc) = ctx.covered(f, f);
        let left = |words: &[crate::quality::text::Word], cov: &[bool]| {
            words
                .iter()
                .zip(cov)
                .filter(|p| !*p.1)
                .map(|p| p.0.key.to_string())
                .collect::<Vec<_>>()
        };
        (left(&f.src.words, &sc), left(&f.tgt.words, &tc))
    }

    #[test]
    fn an_acronym_covers_the_words_it_abbreviates() {
        let pairs = [
            (
                "公司股票已在香港联合交易所上市。",
                "The Company's shares are listed on the HKEX.",
            ),
            (
                "本次发行已获中国证监会核准。",
                "The issue has been approved by the CSRC.",
            ),
            (
                "公司股票在深圳证券交易所上市交易。",
                "The Company's shares are traded on the SZSE.",
            ),
            (
                "公司股票于上海证券交易所上市交易。",
                "The Company's shares are traded on the SSE.",
            ),
            (
                "本次发行已获CSRC核准。",
                "The issue has been approved by the China Securities Regulatory Commission.",
            ),
            // An acronym the Chinese does not spell: both stay uncovered.
            (
                "公司股票已在香港联合交易所上市。",
                "The Company's shares are listed on the NYSE.",
            ),
        ];
        let u = units(&pairs);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        let (zh, en): (Vec<Vec<String>>, Vec<Vec<String>>) =
            (0..pairs.len()).map(|k| uncovered_words(&ctx, k)).unzip();
        let none_of =
            |words: &[String], these: &[&str]| !words.iter().any(|w| these.contains(&w.as_str()));
        assert!(
            none_of(&en[0], &["hkex"]) && none_of(&zh[0], &["香港", "联合", "交易所"]),
            "{zh:?} {en:?}"
        );
        assert!(
            none_of(&en[1], &["csrc"]) && none_of(&zh[1], &["证监会", "中国证监会"]),
            "{zh:?} {en:?}"
        );
        assert!(none_of(&en[2], &["szse"]), "{zh:?} {en:?}");
        assert!(none_of(&en[3], &["sse"]), "{zh:?} {en:?}");
        assert!(
            none_of(&en[4], &["china", "secur", "regulatori", "commiss"]),
            "{zh:?} {en:?}"
        );
        assert!(
            !none_of(&en[5], &["nyse"]) && !none_of(&zh[5], &["联合"]),
            "{zh:?} {en:?}"
        );
    }

    #[test]
    fn getting_started_renders_ru_men() {
        // 入门 is the usual rendering of *getting started* (a guide's
        // heading), which CC-CEDICT's glosses lack. (工作区 is no word of
        // the lexicon: 工作|区 leave *workspaces* uncovered.)
        let pairs = [
            ("工作区入门", "Getting started with workspaces"),
            ("笔记本入门", "Getting started with notebooks"),
        ];
        let u = units(&pairs);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        for k in 0..pairs.len() {
            let (zh, en) = uncovered_words(&ctx, k);
            assert!(
                !zh.iter().any(|w| w == "入门") && !en.iter().any(|w| w == "get" || w == "start"),
                "{zh:?} {en:?}"
            );
        }
    }

    #[test]
    fn currency_codes_and_unit_abbreviations_cover_their_chinese() {
        // RMB glued to its amount is the yuan; km and kWh are 公里 and 千瓦时;
        // earnings render 盈利 and a car's range its 续航里程, which
        // CC-CEDICT's glosses lack.
        let pairs = [
            (
                "每股基本盈利为人民币0.62元。",
                "Basic earnings per share were RMB0.62.",
            ),
            (
                "长续航版的CLTC续航里程达到720公里，百公里耗电量仅为12.9千瓦时。",
                "The Long Range version has a CLTC range of 720 km and consumes only 12.9 kWh per 100 km.",
            ),
            ("售价为港币29.98万元。", "It is priced at HK$299,800."),
            ("车重2100公斤。", "The car weighs 2,100 kg."),
        ];
        let u = units(&pairs);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        // Every word but 达到, 售价, 车重 or 重 (*has*, *priced*, *weighs*: no
        // gloss of theirs) and 量 ("amount", of 耗电量) finds its
        // translation.
        let (zh, en): (Vec<Vec<String>>, Vec<Vec<String>>) =
            (0..pairs.len()).map(|k| uncovered_words(&ctx, k)).unzip();
        let only = |words: &[String], allowed: &[&str]| {
            words.iter().all(|w| allowed.contains(&w.as_str()))
        };
        assert!(zh[0].is_empty() && en[0].is_empty(), "{zh:?} {en:?}");
        assert!(
            only(&zh[1], &["达到", "量"]) && only(&en[1], &["cltc"]),
            "{zh:?} {en:?}"
        );
        assert!(
            only(&zh[2], &["售价"]) && only(&en[2], &["price"]),
            "{zh:?} {en:?}"
        );
        assert!(
            only(&zh[3], &["车重", "重"]) && only(&en[3], &["car", "weigh"]),
            "{zh:?} {en:?}"
        );
    }

    /// `intern` as it was before it read each shared key and stem list
    /// once: every occurrence's texts hashed and looked up.
    fn intern_by_text(facts: &mut [Facts], segments: usize) -> (Vec<String>, Vec<f64>) {
        let mut texts: Vec<&str> = Vec::new();
        {
            let mut seen: FastMap<&str, ()> = FastMap::default();
            for f in facts.iter() {
                for w in f.src.words.iter().chain(&f.tgt.words) {
                    for t in std::iter::once(&*w.key).chain(w.stems.iter().map(String::as_str)) {
                        if seen.insert(t, ()).is_none() {
                            texts.push(t);
                        }
                    }
                }
            }
        }
        texts.sort_unstable();
        let vocabulary = texts.len();
        let computed: Vec<(WordIds, WordIds)> = {
            let ids: FastMap<&str, u32> = texts
                .iter()
                .enumerate()
                .map(|(i, &t)| (t, i as u32))
                .collect();
            // A word's stem list is shared by its occurrences: its ids too (a
            // single stem's list by every word of that stem).
            let mut stem_ids: FastMap<usize, Arc<[u32]>> = FastMap::default();
            let mut single: FastMap<u32, Arc<[u32]>> = FastMap::default();
            let mut side_ids = |side: &SideText| {
                let keys: Vec<u32> = side.words.iter().map(|w| ids[&*w.key]).collect();
                let stems: Vec<Arc<[u32]>> = side
                    .words
                    .iter()
                    .map(|w| {
                        if let [one] = &w.stems[..] {
                            let id = ids[one.as_str()];
                            return Arc::clone(single.entry(id).or_insert_with(|| Arc::from([id])));
                        }
                        let shared = w.stems.as_ptr() as usize;
                        Arc::clone(stem_ids.entry(shared).or_insert_with(|| {
                            let mut s: Vec<u32> = w.stems.iter().map(|t| ids[t.as_str()]).collect();
                            s.sort_unstable();
                            s.dedup();
                            s.into()
                        }))
                    })
                    .collect();
                WordIds {
                    index: key_index(&keys),
                    keys,
                    stems,
                    weights: Vec::new(),
                }
            };
            facts
                .iter()
                .map(|f| (side_ids(&f.src), side_ids(&f.tgt)))
                .collect()
        };
        let texts: Vec<String> = texts.into_iter().map(str::to_string).collect();
        for (f, (src, tgt)) in facts.iter_mut().zip(computed) {
            f.src_ids = src;
            f.tgt_ids = tgt;
        }
        let mut df = vec![0u32; vocabulary];
        let mut keys: Vec<u32> = Vec::new();
        for f in facts.iter() {
            keys.clear();
            keys.extend(f.src_ids.keys.iter().chain(&f.tgt_ids.keys));
            keys.sort_unstable();
            keys.dedup();
            for &k in &keys {
                df[k as usize] += 1;
            }
        }
        let n = segments.max(1) as f64;
        let weight = |k: u32| (1.0 + n / f64::from(df[k as usize].max(1))).ln().max(0.3);
        for f in facts.iter_mut() {
            f.src_ids.weights = f.src_ids.keys.iter().map(|&k| weight(k)).collect();
            f.tgt_ids.weights = f.tgt_ids.keys.iter().map(|&k| weight(k)).collect();
        }
        let weights = (0..vocabulary).map(|k| weight(k as u32)).collect();
        (texts, weights)
    }

    #[test]
    fn interning_by_address_gives_the_ids_and_weights_interning_by_text_gives() {
        let pairs = [
            (
                "会议由外交部长主持。",
                "The meeting was chaired by the foreign minister.",
            ),
            ("会议结束了。", "The meeting ended."),
            (
                "王毅主持会议，会议很长。",
                "Wang Yi chaired the meeting; the meeting was long.",
            ),
            ("他们走掉了。", "They walked away."),
            ("", "Nothing on the other side."),
            (
                "外交部长说：会议结束了。",
                "The foreign minister said the meetings had ended.",
            ),
            ("生命与生活。", "Lives and life."),
            ("走掉", "walk away"),
        ];
        // Three caches taken in turn, as rayon's jobs would: a word's
        // occurrences share their key and stems within a cache only.
        for (src_lang, tgt_lang) in [(Lang::Zh, Lang::En), (Lang::En, Lang::Zh)] {
            let read = || -> Vec<Facts> {
                let mut caches: [TextCache; 3] = Default::default();
                pairs
                    .iter()
                    .chain(pairs.iter().rev())
                    .enumerate()
                    .map(|(k, &(zh, en))| {
                        let (src, tgt) = if src_lang == Lang::Zh {
                            (zh, en)
                        } else {
                            (en, zh)
                        };
                        raw_facts(src, tgt, src_lang, tgt_lang, &mut caches[k % 3])
                    })
                    .collect()
            };
            let (mut fast, mut plain) = (read(), read());
            let n = fast.len();
            let Interned {
                vocabulary,
                weights,
                ids,
            } = intern(&fast, n);
            for (f, (src, tgt)) in fast.iter_mut().zip(ids) {
                f.src_ids = src;
                f.tgt_ids = tgt;
            }
            let (vocabulary_plain, weights_plain) = intern_by_text(&mut plain, n);
            assert!(vocabulary.len() > 20, "{vocabulary:?}");
            assert_eq!(vocabulary, vocabulary_plain);
            let bits = |w: &[f64]| w.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
            assert_eq!(bits(&weights), bits(&weights_plain));
            for (a, b) in fast.iter().zip(&plain) {
                for (x, y) in [(&a.src_ids, &b.src_ids), (&a.tgt_ids, &b.tgt_ids)] {
                    assert_eq!(x.keys, y.keys);
                    assert_eq!(x.stems, y.stems);
                    assert_eq!(x.index, y.index);
                    assert_eq!(bits(&x.weights), bits(&y.weights));
                }
            }
        }
    }

    /// `Context::learn` as it was before it took the words' counts first:
    /// every pair of every segment counted.
    fn learned_counting_every_pair(ctx: &Context) -> Vec<Vec<u32>> {
        let vocabulary = ctx.learned.len();
        let mut learned = vec![Vec::new(); vocabulary];
        let mut pair: FastMap<u64, u32> = FastMap::default();
        let mut zc = vec![0u32; vocabulary];
        let mut ec = vec![0u32; vocabulary];
        let (mut zh_stems, mut zs, mut es) = (Vec::new(), Vec::new(), Vec::new());
        for f in &ctx.facts {
            let (zh, en) = ctx.zh_en_ids(f);
            if zh.keys.is_empty() || en.keys.is_empty() {
                continue;
            }
            zh_stems.clear();
            zh_stems.extend(zh.stems.iter().flat_map(|s| s.iter()).copied());
            zh_stems.sort_unstable();
            zh_stems.dedup();
            zs.clear();
            zs.extend(
                zh.keys
                    .iter()
                    .zip(&zh.stems)
                    .filter(|(_, stems)| !stems.iter().any(|&s| en.has(s)))
                    .map(|(&k, _)| k),
            );
            es.clear();
            es.extend(
                en.keys
                    .iter()
                    .copied()
                    .filter(|k| zh_stems.binary_search(k).is_err()),
            );
            zs.sort_unstable();
            zs.dedup();
            es.sort_unstable();
            es.dedup();
            for &z in &zs {
                zc[z as usize] += 1;
            }
            for &e in &es {
                ec[e as usize] += 1;
            }
            for &z in zs.iter().take(40) {
                for &e in es.iter().take(40) {
                    *pair.entry(u64::from(z) << 32 | u64::from(e)).or_default() += 1;
                }
            }
        }
        for (key, c) in pair {
            let (z, e) = ((key >> 32) as usize, (key & 0xffff_ffff) as u32);
            let dice = 2.0 * f64::from(c) / f64::from(zc[z] + ec[e as usize]);
            if c >= 3 && dice >= 0.5 {
                learned[z].push(e);
            }
        }
        for l in &mut learned {
            l.sort_unstable();
        }
        learned
    }

    #[test]
    fn learning_counts_only_pairs_that_may_pass_and_learns_the_same() {
        // A document of Chinese words and English words drawn with a
        // pseudo-random generator, word i of each side more often together
        // than apart, so that some pairs pass, some fail the Dice bound,
        // some are met in fewer than 3 segments.
        let zh = [
            "骆驼",
            "橄榄",
            "葡萄",
            "石榴",
            "无花果",
            "枣树",
            "芦苇",
            "香柏",
            "皂荚",
            "没药",
            "乳香",
            "牛膝草",
            "亚麻",
            "蒺藜",
            "荆棘",
            "胡椒",
            "哈密瓜",
            "菠萝",
            "榴莲",
            "芒果",
        ];
        // Words no lexicon knows, so that no pair is covered already.
        let en = [
            "zorbat", "quilmex", "drevon", "plinket", "vashtor", "grembly", "tulvar", "morquin",
            "falbeth", "snorvel", "kwindle", "brastop", "yelmarn", "chuffin", "dobrix", "wenstral",
            "gluvan", "pertwick", "saxolm", "thrimble",
        ];
        let mut seed = 12345u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % n as u64) as usize
        };
        let mut pairs: Vec<(String, String)> = Vec::new();
        for _ in 0..120 {
            let (mut z, mut e) = (Vec::new(), Vec::new());
            for _ in 0..1 + next(5) {
                let i = next(zh.len());
                z.push(zh[i]);
                if next(4) > 0 {
                    e.push(en[i]);
                }
            }
            for _ in 0..next(3) {
                e.push(en[next(en.len())]);
            }
            pairs.push((
                format!("{}。", z.join("和")),
                format!("The {}.", e.join(" and the ")),
            ));
        }
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        for (src_lang, tgt_lang) in [(Lang::Zh, Lang::En), (Lang::En, Lang::Zh)] {
            let swapped: Vec<(&str, &str)> = refs.iter().map(|&(a, b)| (b, a)).collect();
            let u = units(if src_lang == Lang::Zh {
                &refs
            } else {
                &swapped
            });
            let ctx = Context::build(&u, &QualityOptions::new(src_lang, tgt_lang));
            let plain = learned_counting_every_pair(&ctx);
            assert_eq!(ctx.learned, plain);
            let learned: usize = plain.iter().map(Vec::len).sum();
            assert!(learned >= 5, "{learned} pairs learned");
        }
    }

    #[test]
    fn runs_are_counted_per_segment_as_when_every_run_was_kept() {
        let texts = [
            "亚伯拉罕对以撒说，亚伯拉罕老了。",
            "以撒和以扫，以撒。",
            "abc 亚伯 拉罕",
            "",
            "亚伯拉罕亚伯拉罕亚伯拉罕",
            "雅各说：以扫是我哥哥。",
        ];
        // Every run of the texts, some runs of none, as the counted runs.
        let mut every: Vec<u128> = Vec::new();
        for t in texts {
            han_grams(t, |key, _, _| every.push(key));
        }
        han_grams("利百加拉结", |key, _, _| every.push(key));
        every.sort_unstable();
        every.dedup();
        for step in 1..5 {
            let mut df: FastMap<u128, u32> = every.iter().step_by(step).map(|&g| (g, 0)).collect();
            let mut plain = df.clone();
            count_segments_with_runs(texts.iter().copied(), &mut df);
            // As it was: every run of a text kept, then looked up.
            for t in texts {
                let mut grams: Vec<u128> = Vec::new();
                han_grams(t, |key, _, _| grams.push(key));
                grams.sort_unstable();
                grams.dedup();
                for g in &grams {
                    if let Some(c) = plain.get_mut(g) {
                        *c += 1;
                    }
                }
            }
            assert_eq!(df, plain);
            assert!(df.values().any(|&c| c >= 2));
        }
    }

    #[test]
    fn repeat_keys_without_the_normalization_are_the_normalized_ones() {
        // Every character the fast path knows folds alone as it says.
        let known = (0..=0x10ffffu32)
            .filter_map(char::from_u32)
            .filter(|&c| plain_key_char(c).is_some());
        let mut n = 0;
        for c in known {
            let alone = c.to_string();
            let expected: Option<char> = {
                let k = folded_key(&alone);
                let mut chars = k.chars();
                let first = chars.next();
                assert!(chars.next().is_none(), "{c:?} folds to {k:?}");
                first
            };
            assert_eq!(plain_key_char(c), Some(expected), "{c:?}");
            n += 1;
        }
        assert!(n > 27_000, "{n}");
        // Texts mixing them with characters it does not know (full-width
        // forms, accents, a compatibility ideograph, combining marks after
        // a letter, circled digits, Greek and German letters).
        let pieces = [
            "王毅",
            "主持会议",
            "。",
            "，",
            "“是。”",
            "Yes",
            "ABC",
            "3.5",
            " ",
            "\n",
            "ＡＢ１",
            "é",
            "e\u{301}",
            "\u{f900}",
            "①",
            "ﬁ",
            "Σ",
            "ß",
            "—…",
            "（注）",
            "\u{3000}",
            "㈱",
        ];
        let n = pieces.len();
        for len in 0..=3u32 {
            for code in 0..n.pow(len) {
                let mut text = String::new();
                let mut c = code;
                for _ in 0..len {
                    text.push_str(pieces[c % n]);
                    c /= n;
                }
                assert_eq!(repeat_key(&text), folded_key(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn lexicon_coverage_both_ways_and_rarity_weights() {
        let pairs = [
            (
                "会议由外交部长主持。",
                "The meeting was chaired by the foreign minister.",
            ),
            ("会议结束了。", "The meeting ended."),
        ];
        let u = units(&pairs);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
        let f = &ctx.facts[0];
        let (sc, tc) = ctx.covered(f, f);
        let src: Vec<&str> = f
            .src
            .words
            .iter()
            .zip(&sc)
            .filter(|p| *p.1)
            .map(|p| &*p.0.key)
            .collect();
        assert!(src.contains(&"会议"), "{src:?}");
        assert!(covered_en(&ctx, 0).contains(&"meet".to_string()));
        assert_eq!(tc.len(), f.tgt.words.len());
        // 会议 is in both segments, 主持 in one: the rarer word weighs more.
        let weight = |key: &str| {
            let i = f.src.words.iter().position(|w| &*w.key == key).unwrap();
            f.src_ids.weights[i]
        };
        assert!(weight("主持") > weight("会议"));
        // Same language on both sides: words cover by their keys.
        let same = [("the meeting ended", "the meeting was long")];
        let u = units(&same);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::En, Lang::En));
        let f = &ctx.facts[0];
        assert_eq!(ctx.covered(f, f), (vec![true, false], vec![true, false]));
    }

    /// The searches that replace passes over every window (a 100 KB
    /// segment has about 100,000) find what the passes find.
    mod searches {
        use super::super::*;
        use proptest::prelude::*;

        /// Characters whose pinyin make names of each other (王 wang, 沙
        /// sha, 尼 ni, 微 wei, 拉 la, 班 ban, 迦 jia …), words the
        /// lexicon knows (北京, 会议) and punctuation.
        const HAN: &[&str] = &[
            "王", "伟", "沙", "瑞", "山", "尼", "微", "拉", "班", "迦", "他", "施", "亚", "伯",
            "罕", "张", "明", "北京", "会议", "，", "。", "A",
        ];
        const NAMES: &[&str] = &[
            "wang",
            "wangwei",
            "wangwel",
            "shaura",
            "sharuishan",
            "niniwei",
            "nineveh",
            "laban",
            "calah",
            "tarshish",
            "abraham",
            "zhang",
            "zhangming",
            "ming",
            "ya",
            "li",
            "jiala",
            "beijing",
            "shaluishan",
            "lynn",
            "yabo",
        ];

        fn text_of(picks: &[usize]) -> String {
            picks.iter().map(|&i| HAN[i % HAN.len()]).collect()
        }

        #[test]
        fn the_searches_find_names_in_a_text_that_has_them() {
            let lex = Lexicon::embedded();
            let text = "王伟说，尼尼微的拉班和沙瑞山。";
            let windows = pinyin_windows(text, lex, &mut TextCache::default());
            let found: Vec<(&str, u32)> = spellings(&windows, "wangwei").collect();
            assert_eq!(found, [("wangwei", 1)]);
            assert!(spelled(&windows, "sharuishan") && spelled(&windows, "shaluishan"));
            assert!(!spelled(&windows, "zhangming"));
            let keys = NameKeys::new(["laban", "wangwel"].into_iter());
            assert!(keys.spell("laban") && keys.spell("wangwei") && !keys.spell("niniwei"));
            let sounds = Sounds::new(["Nineveh", "Tarshish"].into_iter());
            let mut buffer = Vec::new();
            assert!(
                sounds.heard_in("niniwei", &mut buffer) && sounds.heard_in("tashi", &mut buffer)
            );
            assert!(!sounds.heard_in("laban", &mut buffer));
            let zh = SideText::new(text, Lang::Zh, lex);
            let none = vec![false; zh.words.len()];
            let open = OpenWindows::new(&windows, &zh, &none, text.len());
            assert!(open.heard(&NameSound::new("Laban").unwrap(), &mut buffer));
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]
            #[test]
            fn window_searches_find_what_a_pass_finds(
                picks in proptest::collection::vec(0usize..64, 0..40),
                covered_bits in proptest::collection::vec(any::<bool>(), 40),
            ) {
                let lex = Lexicon::embedded();
                let text = text_of(&picks);
                let windows = pinyin_windows(&text, lex, &mut TextCache::default());
                let all: Vec<(usize, usize, &str)> = windows.iter().collect();
                for &name in NAMES {
                    let mut found: Vec<(&str, u32)> = spellings(&windows, name).collect();
                    found.sort_unstable();
                    let mut pass: BTreeMap<&str, u32> = BTreeMap::new();
                    for &(_, _, p) in all.iter().filter(|(_, _, p)| spells(name, p)) {
                        *pass.entry(p).or_default() += 1;
                    }
                    let pass: Vec<(&str, u32)> = pass.into_iter().collect();
                    prop_assert_eq!(&found, &pass, "{}", name);
                    prop_assert_eq!(spelled(&windows, name), !pass.is_empty());
                    prop_assert_eq!(windows.has(name), all.iter().any(|w| w.2 == name));
                }
                // Keys that spell a window's pinyin, and sounds heard in it.
                let keys = NameKeys::new(NAMES.iter().copied());
                let sounds = Sounds::new(NAMES.iter().copied());
                let each: Vec<NameSound> = NAMES.iter().filter_map(|n| NameSound::new(n)).collect();
                let mut buffer = Vec::new();
                let probes = all.iter().map(|w| w.2).chain(NAMES.iter().copied());
                for p in probes {
                    prop_assert_eq!(keys.spell(p), NAMES.iter().any(|k| spells(k, p)), "{}", p);
                    let heard = each.iter().any(|s| s.heard_in(p, &mut Vec::new()));
                    prop_assert_eq!(sounds.heard_in(p, &mut buffer), heard, "{}", p);
                }
                // Covered words over the windows, and names heard in the
                // windows they leave open.
                let zh = SideText::new(&text, Lang::Zh, lex);
                let covered: Vec<bool> = (0..zh.words.len())
                    .map(|i| covered_bits[i % covered_bits.len()])
                    .collect();
                let under = CoveredWords::new(&zh, &covered, text.len());
                let overlapped = |s: usize, e: usize| {
                    zh.words.iter().zip(&covered).any(|(w, &c)| {
                        c && w.end - w.start >= 6 && w.start < e && s < w.end
                    })
                };
                for &(s, e, _) in &all {
                    prop_assert_eq!(under.overlaps(s, e), overlapped(s, e));
                }
                let open = OpenWindows::new(&windows, &zh, &covered, text.len());
                for sound in &each {
                    let pass = all
                        .iter()
                        .any(|&(s, e, p)| sound.heard_in(p, &mut Vec::new()) && !overlapped(s, e));
                    prop_assert_eq!(open.heard(sound, &mut buffer), pass);
                    let near = all
                        .iter()
                        .filter(|&&(s, e, _)| !overlapped(s, e))
                        .map(|&(_, _, p)| sound.nearness(p, &mut Vec::new()))
                        .fold(0.0, f64::max);
                    let searched = open
                        .skeletons()
                        .iter()
                        .map(|p| sound.nearness_to(p))
                        .fold(0.0, f64::max);
                    prop_assert_eq!(searched, near);
                }
            }
        }
    }

    /// A dropped last or first clause leaves Chinese with no English at an
    /// edge of the chain of links; the whole translation leaves none, and
    /// English→Chinese is not measured.
    #[test]
    fn a_dropped_first_or_last_clause_leaves_an_edge_gap() {
        let zh = "我们在北京开会，讨论了经济问题，然后参观了工厂。";
        let full = "We met in Beijing, discussed economic problems, and then visited the factory.";
        let tail = "We met in Beijing, discussed economic problems.";
        let head = "Discussed economic problems, and then visited the factory.";
        let gap = |en: &str| {
            let pairs = [(zh, en)];
            let u = units(&pairs);
            let ctx = Context::build(&u, &QualityOptions::new(Lang::Zh, Lang::En));
            ctx.edge_gap(&ctx.facts[0], zh, en)
        };
        let (g_full, g_tail, g_head) = (gap(full), gap(tail), gap(head));
        assert!(g_full < 0.1, "whole translation: {g_full}");
        assert!(g_tail > 0.2, "last clause dropped: {g_tail}");
        assert!(g_head > 0.15, "first clause dropped: {g_head}");
        let pairs = [(full, zh)];
        let u = units(&pairs);
        let ctx = Context::build(&u, &QualityOptions::new(Lang::En, Lang::Zh));
        assert_eq!(ctx.edge_gap(&ctx.facts[0], full, zh), 0.0);
    }
}
