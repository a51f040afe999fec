//! Per-sentence features used by the aligner's cost model.
//!
//! Everything here is computed once per sentence, on text folded by
//! [`crate::normalize::fold`]; the aligner then only adds and compares.
//! - **Length** in units comparable within a language: Han characters plus
//!   Latin/digit tokens for Chinese (punctuation excluded), letters and digits
//!   for English.
//! - **Numbers**: runs of digits (full-width folded; `1,000` → `1000`;
//!   `8th` → `8`), interned.
//! - **Latin tokens**: for Chinese, the Latin-script words embedded in the
//!   text (`COVID-19`, `UN`); for English, every word. A token shared by the
//!   two sides of a bead is evidence for it.
//! - **Final punctuation**: whether the sentence ends with `?` or `!`
//!   (before closing quotes), or with a closing quote.
//! - **Lexical words** (with a [`Lexicon`]): for Chinese, the dictionary words
//!   found by greedy longest match, each with the English stems it may
//!   translate to; for English, the stems of the content words. Each word
//!   gets a weight from its document frequency ([`weigh`]), so that frequent
//!   words count less (tf-idf, as Champollion does).
//! - **Names**: for Chinese, the toneless pinyin of every run of 2 to 4 Han
//!   characters (`王毅` → `wangyi`); for English, capitalised words and pairs
//!   of them (`Wang Yi` → `wangyi`, `Qingyang`).
//! - **Numbers in words**: Chinese numerals and English number words join the
//!   digit numbers ([`crate::numbers`]).

use crate::document::Document;
use crate::hash::FastMap;
use crate::lang::Lang;
use crate::lexicon::Lexicon;
use crate::normalize::{fold, is_han};
use crate::numbers::{chinese_values, english_values};
use rayon::prelude::*;

/// Words past this position in a sentence are not used as lexical evidence
/// (their matches are kept in 64-bit masks).
pub const MAX_WORDS: usize = 64;

/// The features of one sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SentenceFeatures {
    /// Length in language-specific units (see the module docs).
    pub len: f64,
    /// Interned numbers, sorted.
    pub numbers: Vec<u32>,
    /// Interned Latin tokens, sorted (Chinese: embedded Latin words;
    /// English: all words).
    pub latin: Vec<u32>,
    /// Ends with a question mark.
    pub question: bool,
    /// Ends with an exclamation mark.
    pub exclamation: bool,
    /// Ends with a closing quotation mark (the end of a quotation).
    pub quote: bool,
    /// How many of `numbers` were written in digits (a digit number missing
    /// on the other side is evidence against a bead; a number word is not).
    pub digit_numbers: usize,
    /// Lexical evidence: one [`LexEntry`] (stem id and word position) per
    /// English stem a word may translate to, sorted by stem id.
    pub lex: Vec<LexEntry>,
    /// Weight of each word position (see [`weigh`]).
    pub weights: Vec<f32>,
    /// Document-frequency keys of the words, by position.
    pub keys: Vec<u32>,
    /// Chinese: interned pairs of adjacent Han characters that lie outside
    /// the dictionary's multi-character words ([`loose_bigrams`]). They mean
    /// nothing by themselves; the learned pass may pair them with English
    /// stems (transliterated names CC-CEDICT lacks: 以扫 ↔ Esau).
    pub bigrams: Vec<u32>,
    /// English: interned name candidates (lower case, letters only).
    /// Chinese: the English candidates of the other document that the
    /// toneless pinyin of its runs of Han characters spells or nearly spells
    /// ([`chinese_names`]). Sorted.
    pub names: Vec<u32>,
}

/// One piece of lexical evidence: an English stem id and the position of
/// the word it belongs to (below [`MAX_WORDS`]), packed in 32 bits (a
/// Chinese sentence holds one per stem of every gloss of every word, the
/// bulk of a document's features). Ordered by stem id, then position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LexEntry(u32);

/// Bits of a [`LexEntry`] that hold the word position.
const POSITION_BITS: u32 = MAX_WORDS.trailing_zeros();

/// The bits of a [`LexEntry`] that hold the word position, in place.
const POSITION_MASK: u32 = (1 << POSITION_BITS) - 1;

impl LexEntry {
    /// The greatest stem id an entry can hold (an interner past it would
    /// have seen tens of millions of distinct words).
    pub const MAX_STEM: u32 = u32::MAX >> POSITION_BITS;

    /// The entry of stem `stem` at word position `pos`; `None` when the
    /// stem id exceeds [`LexEntry::MAX_STEM`] or the position is not below
    /// [`MAX_WORDS`].
    pub fn new(stem: u32, pos: usize) -> Option<Self> {
        (stem <= Self::MAX_STEM && pos < MAX_WORDS)
            .then_some(LexEntry(stem << POSITION_BITS | pos as u32))
    }

    /// The English stem id.
    #[inline]
    pub fn stem(self) -> u32 {
        self.0 >> POSITION_BITS
    }

    /// The word's position in its sentence.
    #[inline]
    pub fn pos(self) -> usize {
        (self.0 & POSITION_MASK) as usize
    }

    /// The entry of this entry's stem at position 0, the least of its
    /// stem: `LexEntry::new(self.stem(), 0)`, which is never `None` for a
    /// stem read from an entry.
    #[inline]
    pub fn first_of_stem(self) -> Self {
        LexEntry(self.0 & !POSITION_MASK)
    }
}

/// Maps strings to small integers shared by both sides of a bitext, so that
/// comparing tokens is comparing integers.
///
/// The strings lie one after the other in one buffer, found by their hash
/// in an open-addressing table (as a chunk's `LocalInterner`, which it
/// is), so that a new string costs no allocation of its own, and the
/// strings are not freed one by one.
#[derive(Debug, Default)]
pub struct Interner {
    table: LocalInterner,
}

impl Interner {
    /// An interner with room for `n` strings, so that one that gets about
    /// that many is not grown (each growth places every string again).
    pub(crate) fn with_capacity(n: usize) -> Self {
        Interner {
            table: LocalInterner::with_capacity(n),
        }
    }

    /// The id of `s`, given on first sight (from 0 up).
    pub fn id(&mut self, s: &str) -> u32 {
        self.table.id(s)
    }

    /// The id of `s`, if it has one.
    pub(crate) fn known(&self, s: &str) -> Option<u32> {
        self.table.find(s, LocalInterner::hash(s))
    }

    /// The string of an id.
    pub fn resolve(&self, id: u32) -> &str {
        self.table.get(id)
    }

    /// The strings of the ids given so far, by id.
    #[cfg(test)]
    pub(crate) fn strings(&self) -> Vec<&str> {
        (0..self.table.len() as u32)
            .map(|k| self.resolve(k))
            .collect()
    }
}

/// What the features are interned in: the document's [`Interner`], or a
/// chunk's [`LocalInterner`] while [`extract`] works on it.
trait Intern {
    /// The id of `s`, given on first sight.
    fn id(&mut self, s: &str) -> u32;
}

impl Intern for Interner {
    #[inline]
    fn id(&mut self, s: &str) -> u32 {
        Interner::id(self, s)
    }
}

/// The interner of one chunk of [`extract`], and inside [`Interner`] the
/// document's: its strings one after the other in one buffer, found by
/// their hash in an open-addressing table, so that a string costs no
/// allocation of its own (most of a chunk's strings are the document's
/// already: they are only looked up again when the chunk is merged). The
/// ids are given as [`Interner::id`] gives them, from 0 up by first sight.
#[derive(Debug, Default)]
struct LocalInterner {
    /// The strings, one after the other.
    text: String,
    /// Where each string (by id) lies in `text` (byte offsets as `usize`:
    /// the document's distinct strings may pass 4 GiB in all).
    spans: Vec<(usize, usize)>,
    /// The table, linear probing, a power of two long (empty until the
    /// first string): 0 for an empty slot, else the high 32 bits of the
    /// string's hash (its place and tag) above its id plus one.
    slots: Vec<u64>,
}

impl LocalInterner {
    /// An interner with room for about `n` strings.
    fn with_capacity(n: usize) -> Self {
        LocalInterner {
            text: String::new(),
            spans: Vec::with_capacity(n),
            slots: vec![0; (2 * n).max(16).next_power_of_two()],
        }
    }

    /// A hash of `s`, 8 bytes at a time, each word multiplied in, the
    /// result mixed (the table takes its place from the high bits).
    #[inline]
    fn hash(s: &str) -> u64 {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let bytes = s.as_bytes();
        let mut h = (bytes.len() as u64).wrapping_mul(K);
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            h = (h ^ u64::from_le_bytes(b)).wrapping_mul(K).rotate_left(29);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            h = (h ^ Self::little_endian(rest))
                .wrapping_mul(K)
                .rotate_left(29);
        }
        let wide = u128::from(h) * u128::from(K);
        (wide >> 64) as u64 ^ wide as u64
    }

    /// The bytes of `rest` (fewer than 8) as a little-endian number, as
    /// `u64::from_le_bytes` of them padded with zeros reads them, without
    /// a copy of variable length (a call of `memcpy`): from 4 bytes on, its
    /// first four and its last four (which overlap, the same bytes in the
    /// same places); below, its first, middle and last byte.
    #[inline]
    fn little_endian(rest: &[u8]) -> u64 {
        let n = rest.len();
        if n >= 4 {
            let word = |at: usize| {
                u64::from(u32::from_le_bytes([
                    rest[at],
                    rest[at + 1],
                    rest[at + 2],
                    rest[at + 3],
                ]))
            };
            word(0) | word(n - 4) << (8 * (n - 4))
        } else if n > 0 {
            u64::from(rest[0])
                | u64::from(rest[n / 2]) << (8 * (n / 2))
                | u64::from(rest[n - 1]) << (8 * (n - 1))
        } else {
            0
        }
    }

    /// The number of strings.
    fn len(&self) -> usize {
        self.spans.len()
    }

    /// The string of an id.
    fn get(&self, id: u32) -> &str {
        let (a, b) = self.spans[id as usize];
        &self.text[a..b]
    }

    /// The slot's string, as bytes.
    #[inline]
    fn bytes_of(&self, slot: u64) -> &[u8] {
        let (a, b) = self.spans[(slot as u32 - 1) as usize];
        &self.text.as_bytes()[a..b]
    }

    /// Doubles the table (each slot holds what places it).
    #[cold]
    fn grow(&mut self) {
        let mut slots = vec![0u64; (2 * self.slots.len()).max(16)];
        let mask = slots.len() - 1;
        for &slot in self.slots.iter().filter(|&&slot| slot != 0) {
            let mut at = (slot >> 32) as usize & mask;
            while slots[at] != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = slot;
        }
        self.slots = slots;
    }
}

impl LocalInterner {
    /// The id of `s`, whose hash is `hash`, if it has one.
    fn find(&self, s: &str, hash: u64) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        self.probe(s, hash).ok()
    }

    /// The slot of `s`, whose hash is `hash`: `Ok` with its id when it is
    /// there, else `Err` with the empty slot its probe ended on (where it
    /// would go). The table must have an empty slot.
    #[inline(always)]
    fn probe(&self, s: &str, hash: u64) -> Result<u32, usize> {
        let tag = hash >> 32;
        let mask = self.slots.len() - 1;
        let mut at = tag as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                return Err(at);
            }
            if slot >> 32 == tag && self.bytes_of(slot) == s.as_bytes() {
                return Ok(slot as u32 - 1);
            }
            at = (at + 1) & mask;
        }
    }

    /// [`Intern::id`] of `s`, whose hash is `hash`.
    #[inline]
    fn id_hashed(&mut self, s: &str, hash: u64) -> u32 {
        // At most half full, so that a probe ends soon on an empty slot.
        if 2 * (self.spans.len() + 1) > self.slots.len() {
            self.grow();
        }
        let at = match self.probe(s, hash) {
            Ok(id) => return id,
            Err(at) => at,
        };
        // Ids are `u32`, as throughout the aligner: 2³² − 1 distinct
        // strings would take tens of gigabytes of text, held in memory.
        let id = self.spans.len() as u32;
        let from = self.text.len();
        self.text.push_str(s);
        self.spans.push((from, self.text.len()));
        self.slots[at] = (hash >> 32) << 32 | u64::from(id + 1);
        id
    }
}

impl Intern for LocalInterner {
    #[inline]
    fn id(&mut self, s: &str) -> u32 {
        self.id_hashed(s, Self::hash(s))
    }
}

/// Sentences per unit of parallel work in [`chinese_names`], and the
/// fewest per chunk of [`extract`].
const CHUNK: usize = 512;

/// The most sentences per chunk of [`extract`].
const MAX_CHUNK: usize = 4096;

/// Sentences per chunk of [`extract`] for a document of `n` sentences:
/// about 8 chunks per thread, between [`CHUNK`] and [`MAX_CHUNK`]. Each
/// chunk interns its own strings and its words' stems once, and each of
/// its distinct strings is looked up again in the document's interner, so
/// fewer, larger chunks do less of both (a common stem is interned once
/// per chunk). The ids do not depend on the size: whatever the chunks, a
/// string's id is its rank among the document's distinct strings by first
/// sight in document order (`chunked_extraction_does_not_depend_on_the_chunks`).
fn chunk_size(n: usize) -> usize {
    n.div_ceil(8 * rayon::current_num_threads().max(1))
        .clamp(CHUNK, MAX_CHUNK)
}

/// Chunks of [`extract`] processed at once (in parallel) before their ids
/// are merged.
const CHUNKS_AT_ONCE: usize = 4;

/// Computes the features of every sentence of a document, with lexical
/// words, English name candidates and weights when a lexicon is given
/// (Chinese name readings need the English side: [`chinese_names`]).
///
/// Sentences are processed in chunks on every core, each chunk with its
/// own interner; the chunks' ids are then merged into `interner` in
/// document order, so the result is the same on any number of cores.
pub fn extract(
    doc: &Document,
    interner: &mut Interner,
    lexicon: Option<&Lexicon>,
) -> Vec<SentenceFeatures> {
    extract_in_chunks(doc, interner, lexicon, None, chunk_size(doc.len()))
}

/// [`extract`], with the name candidates of an English `doc` found already
/// (`names`, [`english_names`] of `doc`): each sentence's are interned from
/// there, in the order [`extract`] interns them, rather than found again.
/// The result is [`extract`]'s.
pub(crate) fn extract_named(
    doc: &Document,
    interner: &mut Interner,
    lexicon: Option<&Lexicon>,
    names: Option<&EnglishNames>,
) -> Vec<SentenceFeatures> {
    extract_in_chunks(doc, interner, lexicon, names, chunk_size(doc.len()))
}

/// [`extract_named`] with chunks of `chunk` sentences (the result is the
/// same for any size).
fn extract_in_chunks(
    doc: &Document,
    interner: &mut Interner,
    lexicon: Option<&Lexicon>,
    names: Option<&EnglishNames>,
    chunk: usize,
) -> Vec<SentenceFeatures> {
    let chunk = chunk.max(1);
    let n = doc.len();
    let lang = doc.lang();
    let mut feats = Vec::with_capacity(n);
    // A few chunks at a time, so that the chunks' own interners (each
    // string of a chunk, held until its ids are merged) stay few.
    let chunks = n.div_ceil(chunk);
    let batch = |first: usize| -> Vec<(LocalInterner, Vec<SentenceFeatures>)> {
        (first..(first + CHUNKS_AT_ONCE).min(chunks))
            .into_par_iter()
            .map(|c| {
                // Traditional characters read as simplified ones.
                let texts: Vec<_> = (c * chunk..((c + 1) * chunk).min(n))
                    .map(|i| crate::normalize::fold_traditional(doc.sentence_text(i)))
                    .collect();
                // Room for about as many strings as a chunk has (fewer,
                // when its sentences repeat words), so that the table is
                // rarely grown (each growth hashes every string again).
                let bytes: usize = texts.iter().map(|t| t.len()).sum();
                let mut local = LocalInterner::with_capacity(bytes / 48);
                let mut words = WordCache::default();
                let mut lists = Lists::default();
                let feats = texts
                    .iter()
                    .enumerate()
                    .map(|(j, text)| {
                        let mut f = features_with(text, lang, &mut local, &mut lists);
                        if let Some(lex) = lexicon {
                            let named = names.map(|n| n.of_sentence(c * chunk + j));
                            words.lexical_features(&mut f, text, lang, lex, named, &mut local);
                        }
                        f.shrink_to_fit();
                        f
                    })
                    .collect();
                (local, feats)
            })
            .collect()
    };
    // The chunks' ids are merged in document order, one batch while the
    // next is computed.
    let merge = |done: Vec<(LocalInterner, Vec<SentenceFeatures>)>,
                 interner: &mut Interner,
                 feats: &mut Vec<SentenceFeatures>| {
        for (local, mut part) in done {
            // The strings the document has seen are looked up on every
            // core; the new ones then get their ids in order.
            let known: Vec<Option<u32>> = (0..local.len() as u32)
                .into_par_iter()
                .with_min_len(1024)
                .map(|k| interner.known(local.get(k)))
                .collect();
            let remap: Vec<u32> = known
                .into_iter()
                .enumerate()
                .map(|(k, id)| id.unwrap_or_else(|| interner.id(local.get(k as u32))))
                .collect();
            // Whether every id fits a lexical entry (else the entries of
            // those that do not are dropped one by one).
            let fit = remap.iter().all(|&id| id <= LexEntry::MAX_STEM);
            part.par_iter_mut()
                .with_min_len(64)
                .for_each(|f| f.remap(&remap, fit));
            feats.extend(part);
        }
    };
    let mut pending = None;
    for first in (0..chunks).step_by(CHUNKS_AT_ONCE) {
        let done = match pending.take() {
            Some(prev) => rayon::join(|| batch(first), || merge(prev, interner, &mut feats)).0,
            None => batch(first),
        };
        pending = Some(done);
    }
    if let Some(prev) = pending {
        merge(prev, interner, &mut feats);
    }
    weigh(&mut feats);
    feats
}

impl SentenceFeatures {
    /// For tests of the stages after features: a sentence whose words are
    /// `stems` (in that order) with their `weights`, nothing else set.
    #[cfg(test)]
    pub(crate) fn of_stems(stems: &[u32], weights: Vec<f32>) -> Self {
        let mut lex: Vec<LexEntry> = stems
            .iter()
            .enumerate()
            .filter_map(|(p, &s)| LexEntry::new(s, p))
            .collect();
        lex.sort_unstable();
        SentenceFeatures {
            lex,
            weights,
            ..Default::default()
        }
    }

    /// Gives back the lists' spare capacity (the features of every sentence
    /// are kept for the whole alignment).
    fn shrink_to_fit(&mut self) {
        self.numbers.shrink_to_fit();
        self.latin.shrink_to_fit();
        self.lex.shrink_to_fit();
        self.keys.shrink_to_fit();
        self.bigrams.shrink_to_fit();
        self.names.shrink_to_fit();
    }

    /// Replaces every interned id `k` by `remap[k]` and sorts what is kept
    /// sorted (the lists arrive unsorted, see [`features_with`] and
    /// [`WordCache::lexical_features`]; the remap is one to one, so a
    /// repeated bigram is still one after it).
    /// `fit` says that every id of `remap` is at most
    /// [`LexEntry::MAX_STEM`]: the entries are then changed in place, none
    /// dropped.
    fn remap(&mut self, remap: &[u32], fit: bool) {
        let map = |v: &mut Vec<u32>| v.iter_mut().for_each(|k| *k = remap[*k as usize]);
        map(&mut self.numbers);
        map(&mut self.latin);
        map(&mut self.keys);
        map(&mut self.bigrams);
        map(&mut self.names);
        if fit {
            for e in &mut self.lex {
                *e = LexEntry(remap[e.stem() as usize] << POSITION_BITS | e.0 & POSITION_MASK);
            }
        } else {
            self.lex
                .retain_mut(|e| match LexEntry::new(remap[e.stem() as usize], e.pos()) {
                    Some(new) => {
                        *e = new;
                        true
                    }
                    None => false,
                });
        }
        self.numbers.sort_unstable();
        self.latin.sort_unstable();
        self.bigrams.sort_unstable();
        self.bigrams.dedup();
        self.names.sort_unstable();
        self.lex.sort_unstable();
    }
}

/// The interned ids of the words of one chunk of a document, so that a word
/// seen again costs one lookup, and the lists reused from sentence to
/// sentence.
#[derive(Default)]
struct WordCache<'t> {
    /// Chinese word (by its headword's node, [`Lexicon::heads_into`])
    /// → its key, where the ids of its English stems lie in `stems`, and
    /// whether each of them fits a [`LexEntry`].
    zh: FastMap<u32, (u32, u32, u32, bool)>,
    /// The stem ids of the Chinese words of `zh`, one after the other.
    stems: Vec<u32>,
    /// English word as written → its stem id (`None`: not a content word):
    /// a word seen again is looked up as it stands, without a lower-case
    /// copy (its forms in other cases have entries of their own, with the
    /// same id).
    en: FastMap<WordKey<'t>, Option<u32>>,
    /// The dictionary words of the sentence at hand, with their
    /// headwords' nodes.
    words: Vec<crate::lexicon::HeadWord>,
    /// The spans of its words of two characters or more.
    covered: Vec<(usize, usize)>,
    /// Its lexical entries, copied into the sentence's list at its end
    /// (one allocation of the right size rather than a list grown word by
    /// word).
    lex: Vec<LexEntry>,
    /// Its ids (bigrams, word keys, names), copied likewise.
    ids: Vec<u32>,
    /// The lists of its name candidates.
    names: NameLists,
}

impl<'t> WordCache<'t> {
    /// Adds the lexical words, the loose bigrams and the name candidates
    /// of one sentence, unsorted and with repeated bigrams: the caller puts
    /// them in order ([`SentenceFeatures::remap`] sorts them after the ids
    /// change, [`sort_lexical`] keeps the ids), once. An English
    /// sentence's name candidates are `named` when given (the candidates
    /// of [`EnglishNames`] and the sentence's places among them), else
    /// found in `text`.
    fn lexical_features(
        &mut self,
        f: &mut SentenceFeatures,
        text: &'t str,
        lang: Lang,
        lex: &Lexicon,
        named: Option<(&[String], &[u32])>,
        interner: &mut impl Intern,
    ) {
        match lang {
            Lang::Zh => {
                let WordCache {
                    zh,
                    stems,
                    words,
                    covered,
                    lex: entries,
                    ids,
                    ..
                } = self;
                lex.heads_into(text, words);
                ids.clear();
                let spans = words.iter().map(|w| (w.start, w.end));
                for_loose_bigrams(text, spans, covered, |b| {
                    ids.push(interner.id(b));
                });
                f.bigrams = ids.to_vec();
                f.keys.reserve(words.len().min(MAX_WORDS));
                entries.clear();
                for (pos, w) in words.iter().take(MAX_WORDS).enumerate() {
                    let &mut (key, from, to, fit) = zh.entry(w.head).or_insert_with(|| {
                        let key = interner.id(&text[w.start..w.end]);
                        let from = stems.len();
                        let glosses = lex.stems_of_head(w.head);
                        stems.extend(glosses.split(' ').map(|s| interner.id(s)));
                        let fit = stems[from..].iter().all(|&s| s <= LexEntry::MAX_STEM);
                        (key, from as u32, stems.len() as u32, fit)
                    });
                    f.keys.push(key);
                    let word_stems = &stems[from as usize..to as usize];
                    if fit {
                        // Every stem has an entry (`pos` is below
                        // `MAX_WORDS`).
                        let pos = pos as u32;
                        entries.extend(
                            word_stems
                                .iter()
                                .map(|&s| LexEntry(s << POSITION_BITS | pos)),
                        );
                    } else {
                        entries.extend(word_stems.iter().filter_map(|&s| LexEntry::new(s, pos)));
                    }
                }
                f.lex.reserve_exact(entries.len());
                f.lex.extend_from_slice(entries);
            }
            Lang::En => {
                let mut lower = String::new();
                // The keys and entries gathered in the reused lists.
                let (keys, entries) = (&mut self.ids, &mut self.lex);
                keys.clear();
                keys.extend_from_slice(&f.keys);
                entries.clear();
                for raw in crate::lexicon::english_words(text) {
                    if keys.len() >= MAX_WORDS {
                        break;
                    }
                    let id = match self.en.get(&WordKey(raw)) {
                        Some(&id) => id,
                        None => {
                            lower.clear();
                            if raw.is_ascii() {
                                lower.push_str(raw);
                                lower.make_ascii_lowercase();
                            } else {
                                // As `str::to_lowercase` (a final Σ becomes ς).
                                lower.push_str(&raw.to_lowercase());
                            }
                            // A form already met in another case has its
                            // stem interned already: the ids are as if the
                            // lower-case word were looked up.
                            let id = cached_content_stem(&lower, |s| interner.id(s));
                            self.en.insert(WordKey(raw), id);
                            id
                        }
                    };
                    if let Some(id) = id {
                        entries.extend(LexEntry::new(id, keys.len()));
                        keys.push(id);
                    }
                }
                f.keys = keys.to_vec();
                f.lex.reserve_exact(entries.len());
                f.lex.extend_from_slice(entries);
                let ids = &mut self.ids;
                ids.clear();
                match named {
                    // Sorted and each once, as `for_name_candidates` gives
                    // them (the candidates are sorted).
                    Some((candidates, places)) => {
                        ids.extend(places.iter().map(|&k| interner.id(&candidates[k as usize])))
                    }
                    None => {
                        for_name_candidates(text, &mut self.names, |w| ids.push(interner.id(w)))
                    }
                }
                f.names = ids.to_vec();
            }
        }
    }
}

/// An English word as written, the key of [`WordCache::en`]: hashed by
/// [`LocalInterner::hash`] (8 bytes at a time, the last few read in place)
/// rather than by the Fx hash of its bytes, which copies a word's last
/// partial 8 bytes with a `memcpy` call (most words have fewer than 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WordKey<'t>(&'t str);

impl std::hash::Hash for WordKey<'_> {
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(LocalInterner::hash(self.0));
    }
}

/// Distinct words a thread keeps the stems of ([`cached_content_stem`])
/// before it starts afresh.
const STEM_CACHE_WORDS: usize = 1 << 18;

/// `with` applied to [`crate::lexicon::content_stem`] of a lower-case
/// English word, `None` when it has none. The stems are kept per thread
/// across chunks, documents and calls (a word's stem depends on the word
/// alone), so that a thread stems each word once: each chunk of
/// [`extract`] used to stem its whole vocabulary again.
fn cached_content_stem<R>(lower: &str, with: impl FnOnce(&str) -> R) -> Option<R> {
    use std::cell::RefCell;
    thread_local! {
        static STEMS: RefCell<FastMap<Box<str>, Option<Box<str>>>> =
            RefCell::new(FastMap::default());
    }
    STEMS.with(|stems| {
        let mut stems = stems.borrow_mut();
        if let Some(stem) = stems.get(lower) {
            return stem.as_deref().map(with);
        }
        if stems.len() >= STEM_CACHE_WORDS {
            stems.clear();
        }
        let stem = crate::lexicon::content_stem(lower).map(String::into_boxed_str);
        let out = stem.as_deref().map(with);
        stems.insert(lower.into(), stem);
        out
    })
}

/// Adds the lexical words (and, for English, the name candidates) of one
/// sentence, as [`extract`] does.
pub fn lexical_features(
    f: &mut SentenceFeatures,
    text: &str,
    lang: Lang,
    lex: &Lexicon,
    interner: &mut Interner,
) {
    WordCache::default().lexical_features(f, text, lang, lex, None, interner);
    sort_lexical(f);
}

/// Puts the lists [`WordCache::lexical_features`] adds in order (bigrams
/// without repeats).
fn sort_lexical(f: &mut SentenceFeatures) {
    f.lex.sort_unstable();
    f.bigrams.sort_unstable();
    f.bigrams.dedup();
    f.names.sort_unstable();
}

/// Pairs of adjacent Han characters of `text` neither of which lies inside
/// one of `words` of two or more characters (the dictionary words found in
/// it): the pieces of what the dictionary could only read character by
/// character, such as a transliterated name (以扫, 提幔).
pub fn loose_bigrams<'t>(text: &'t str, words: &[crate::lexicon::Word<'t, '_>]) -> Vec<&'t str> {
    let mut out = Vec::new();
    let spans = words.iter().map(|w| (w.start, w.start + w.text.len()));
    for_loose_bigrams(text, spans, &mut Vec::new(), |b| out.push(b));
    out
}

/// Calls `visit` with each of [`loose_bigrams`] in order, the words given
/// by their byte spans in `text`; `covered` is a list reused between
/// calls.
fn for_loose_bigrams<'t>(
    text: &'t str,
    words: impl Iterator<Item = (usize, usize)>,
    covered: &mut Vec<(usize, usize)>,
    mut visit: impl FnMut(&'t str),
) {
    covered.clear();
    covered.extend(words.filter(|&(a, b)| text[a..b].chars().nth(1).is_some()));
    // `Lexicon::words` gives them in order already.
    if !covered.is_sorted() {
        covered.sort_unstable();
    }
    // Whether each character lies inside a covered span: the span of the
    // last one that starts at or before it (the characters come in order,
    // so `k`, the number of spans starting at or before the character,
    // only grows).
    let mut k = 0;
    let mut inside = |b: usize| {
        while k < covered.len() && covered[k].0 <= b {
            k += 1;
        }
        k > 0 && b < covered[k - 1].1
    };
    // The character before, whether it is a Han character outside every
    // span.
    let mut prev: Option<(usize, bool)> = None;
    for (b, y) in text.char_indices() {
        let loose = is_han(y) && !inside(b);
        if let Some((a, true)) = prev
            && loose
        {
            visit(&text[a..b + y.len_utf8()]);
        }
        prev = Some((b, loose));
    }
}

/// Gives every word an inverse-document-frequency weight, `ln(1 + N/df)`,
/// scaled so that the average word of the document weighs 1.
pub fn weigh(feats: &mut [SentenceFeatures]) {
    let df = document_frequencies(feats);
    let n = feats.len().max(1) as f64;
    let weight = |df: u32| (1.0 + n / f64::from(df)).ln() as f32;
    // Each key's weight once, when the frequencies are a list by key (a
    // word occurs many times in a document).
    let by_key: Vec<f32> = match &df {
        DocumentFrequencies::Dense(df) => df
            .iter()
            .map(|&d| if d == 0 { 0.0 } else { weight(d) })
            .collect(),
        DocumentFrequencies::Sparse(_) => Vec::new(),
    };
    // The weights on every core; their total added up in document order.
    let sums: Vec<f64> = feats
        .par_iter_mut()
        .with_min_len(256)
        .map(|f| {
            f.weights = match &df {
                DocumentFrequencies::Dense(_) => {
                    f.keys.iter().map(|&k| by_key[k as usize]).collect()
                }
                DocumentFrequencies::Sparse(_) => {
                    f.keys.iter().map(|&k| weight(df.of(k))).collect()
                }
            };
            f.weights.iter().map(|&w| f64::from(w)).sum::<f64>()
        })
        .collect();
    let mut sum = 0.0f64;
    for s in sums {
        sum += s;
    }
    let count: usize = feats.iter().map(|f| f.weights.len()).sum();
    if count > 0 && sum > 0.0 {
        let scale = (count as f64 / sum) as f32;
        feats
            .par_iter_mut()
            .with_min_len(256)
            .for_each(|f| f.weights.iter_mut().for_each(|w| *w *= scale));
    }
}

/// The number of sentences each key of [`weigh`] occurs in.
enum DocumentFrequencies {
    /// By key (the keys are interned ids, from 0 up).
    Dense(Vec<u32>),
    /// Keys too sparse for a list.
    Sparse(FastMap<u32, u32>),
}

impl DocumentFrequencies {
    fn of(&self, key: u32) -> u32 {
        match self {
            DocumentFrequencies::Dense(df) => df[key as usize],
            DocumentFrequencies::Sparse(df) => df[&key],
        }
    }
}

/// The document frequencies of the keys of `feats`: in a list by key, a
/// sentence counted once per key by remembering the last sentence that
/// counted it (no copy of any sentence's keys), when the greatest key is
/// small enough (interned ids are fewer than the words); else in a map.
fn document_frequencies(feats: &[SentenceFeatures]) -> DocumentFrequencies {
    let keys: usize = feats.iter().map(|f| f.keys.len()).sum();
    let size = feats
        .iter()
        .flat_map(|f| f.keys.iter())
        .max()
        .map_or(0, |&k| k as usize + 1);
    if size <= 2 * keys + 4096 {
        let mut df = vec![0u32; size];
        let mut last = vec![usize::MAX; size];
        for (i, f) in feats.iter().enumerate() {
            for &k in &f.keys {
                let k = k as usize;
                if last[k] != i {
                    last[k] = i;
                    df[k] += 1;
                }
            }
        }
        return DocumentFrequencies::Dense(df);
    }
    let mut df: FastMap<u32, u32> = FastMap::default();
    let mut distinct = Vec::new();
    for f in feats {
        distinct.clear();
        distinct.extend_from_slice(&f.keys);
        distinct.sort_unstable();
        distinct.dedup();
        for &k in &distinct {
            *df.entry(k).or_default() += 1;
        }
    }
    DocumentFrequencies::Sparse(df)
}

/// Gives every Chinese sentence the English name candidates (of the other
/// document, `en`) that the toneless pinyin of one of its runs of 2 to 4
/// Han characters spells (`王毅` → `wangyi`), or, with `fuzzy`, nearly
/// spells: Jaro–Winkler similarity ≥ 0.93, the same first two letters and
/// lengths within two letters (`qingyan` ~ `qingyang`), for candidates that
/// no run spells exactly anywhere in the document.
///
/// Only runs that can meet a candidate are looked at, in chunks on every
/// core; nothing is interned, so the ids of `interner` do not change.
pub fn chinese_names(
    zh: &mut [SentenceFeatures],
    zh_doc: &Document,
    en: &[SentenceFeatures],
    interner: &Interner,
    lex: &Lexicon,
    fuzzy: bool,
) {
    let mut ids: Vec<u32> = en.iter().flat_map(|f| f.names.iter().copied()).collect();
    ids.sort_unstable();
    ids.dedup();
    let candidates: Vec<&str> = ids.iter().map(|&c| interner.resolve(c)).collect();
    spell_names(zh_doc, &candidates, lex, fuzzy).give(zh, &ids);
}

/// The names [`chinese_names`] finds for each sentence of `zh_doc`, as
/// places in the list of candidates it was given, before they are given to
/// its features ([`SpelledNames::give`]).
pub(crate) struct SpelledNames(Vec<(Vec<u32>, Vec<u32>)>);

impl SpelledNames {
    /// Sets each sentence's names (`ids[k]` the id of candidate `k`): those
    /// its runs spell exactly, and those they nearly spell that no run of
    /// the document spells exactly, sorted by id.
    pub(crate) fn give(self, zh: &mut [SentenceFeatures], ids: &[u32]) {
        let found = self.0;
        let spelled: std::collections::BTreeSet<u32> =
            found.iter().flat_map(|(e, _)| e.iter().copied()).collect();
        for (f, (exact, near)) in zh.iter_mut().zip(found) {
            f.names = exact.iter().map(|&k| ids[k as usize]).collect();
            f.names.extend(
                near.into_iter()
                    .filter(|k| !spelled.contains(k))
                    .map(|k| ids[k as usize]),
            );
            f.names.sort_unstable();
            f.names.dedup();
        }
    }
}

/// The English name candidates of a document, found once: each distinct
/// candidate once, sorted (what [`spell_names`] looks for), and each
/// sentence's candidates as places in that list (what [`extract`] gives
/// its [`SentenceFeatures::names`], interned: [`extract_named`]).
pub(crate) struct EnglishNames {
    /// The candidates, each once, sorted.
    pub(crate) candidates: Vec<String>,
    /// Sentence `i`'s places are `places[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
    /// Each sentence's places in `candidates`, ascending (its candidates
    /// sorted, each once).
    places: Vec<u32>,
}

impl EnglishNames {
    /// The candidates of sentence `i` and its places among them.
    fn of_sentence(&self, i: usize) -> (&[String], &[u32]) {
        (
            &self.candidates,
            &self.places[self.starts[i]..self.starts[i + 1]],
        )
    }
}

/// The English name candidates of `doc` (those [`extract`] gives its
/// sentences' [`SentenceFeatures::names`], by their text), found without
/// the features.
pub(crate) fn english_names(doc: &Document) -> EnglishNames {
    let n = doc.len();
    // Each chunk's candidates, sentence after sentence, and how many each
    // sentence has.
    let found: Vec<(Vec<String>, Vec<usize>)> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map_init(NameLists::default, |lists, c| {
            let mut found = Vec::new();
            let mut counts = Vec::new();
            for i in c * CHUNK..((c + 1) * CHUNK).min(n) {
                // The text `extract` reads.
                let text = crate::normalize::fold_traditional(doc.sentence_text(i));
                let before = found.len();
                for_name_candidates(&text, lists, |w| found.push(w.to_string()));
                counts.push(found.len() - before);
            }
            (found, counts)
        })
        .collect();
    let mut all: Vec<&str> = found
        .iter()
        .flat_map(|(f, _)| f.iter().map(String::as_str))
        .collect();
    all.par_sort_unstable();
    all.dedup();
    let candidates: Vec<String> = all.into_iter().map(str::to_string).collect();
    // A place per candidate found in a sentence.
    // (Every candidate found is in the list.)
    let place = |w: &String| candidates.binary_search(w).map_or(u32::MAX, |k| k as u32);
    let places_of: Vec<Vec<u32>> = found
        .par_iter()
        .map(|(f, _)| f.iter().map(place).collect())
        .collect();
    let mut starts = Vec::with_capacity(n + 1);
    starts.push(0);
    for (_, counts) in &found {
        for &k in counts {
            starts.push(starts.last().copied().unwrap_or(0) + k);
        }
    }
    EnglishNames {
        candidates,
        starts,
        places: places_of.concat(),
    }
}

/// [`chinese_names`]' search for the `candidates` (English names, each
/// once), with nothing written: the Chinese document's own features are
/// not read, so this may run while they are extracted. A name found is
/// its place in `candidates`.
pub(crate) fn spell_names<S: AsRef<str> + Sync>(
    zh_doc: &Document,
    candidates: &[S],
    lex: &Lexicon,
    fuzzy: bool,
) -> SpelledNames {
    // Each candidate with its place in the list.
    let named = || (0u32..).zip(candidates.iter().map(AsRef::as_ref));
    let exact: FastMap<&str, u32> = named().map(|(c, name)| (name, c)).collect();
    // What a run must have to spell a candidate exactly: its length and
    // letters.
    let exact_sigs = LengthsAndSigs::new(named().map(|(_, name)| name), candidates.len());
    // Candidates by first two letters, with their letter counts.
    let near = NearNames::new(named().filter(|_| fuzzy));
    // The lengths of the candidates by their two-letter beginnings, a bit
    // per length (bit 63: 63 letters or more) for each byte pair: a run
    // that begins no candidate can neither spell nor nearly spell one, and
    // one that does can only spell a candidate of its own length and nearly
    // spell one within two letters of it.
    let mut lengths = vec![0u64; 1 << 16];
    for (_, name) in named() {
        if let [x, y, ..] = name.as_bytes() {
            lengths[usize::from(*x) << 8 | usize::from(*y)] |= 1 << name.len().min(63);
        }
    }
    let lengths_of = |run: &[u8]| match run {
        [x, y, ..] => lengths[usize::from(*x) << 8 | usize::from(*y)],
        _ => 0,
    };
    let n = zh_doc.len();
    let readings = Readings::of((0..n).map(|i| zh_doc.sentence_text(i)), lex);
    let firsts: Vec<u64> = readings
        .text
        .iter()
        .map(|r| lengths_of(r.as_bytes()))
        .collect();
    // Per sentence: candidates spelled exactly, and those nearly spelled.
    // What a run spells or nearly spells depends on the run alone: a job
    // keeps it, by the run's readings, in a cache it takes from a pool and
    // gives back when it ends, so later jobs start from what earlier ones
    // found (any split, and any order of jobs, gives the same result; see
    // `CachePool`).
    // The caches are keyed by the runs' keys packed in a `u64`, which needs
    // reading ids below 0xFFFF; a document with more distinct readings
    // than that (none with the embedded lexicon: toneless pinyin has a few
    // hundred) spells every run out, uncached (the same result).
    let packable = readings.text.len() < usize::from(u16::MAX);
    // The letters of each reading: a run's are theirs added up.
    let letters: Vec<(Letters, u64)> = readings.text.iter().map(|r| Letters::with_sig(r)).collect();
    // Their signatures alone: a run's grows with it ([`for_pinyin_runs`]).
    let sigs: Vec<u64> = letters.iter().map(|&(_, sig)| sig).collect();
    // The near candidates of each reading's beginning, for the runs it
    // begins: known from the reading alone when it has two bytes or more
    // ([`reading_prefix`]), else `None` (found from the run).
    let lists: Vec<Option<Option<&NearList>>> = readings
        .text
        .iter()
        .map(|r| reading_prefix(r).map(|prefix| near.list(prefix)))
        .collect();
    // The near candidates of a run's beginning and the tests of their
    // groups that a run of its length and signature `sig` goes through
    // ([`NearList::start`]); `None` when they turn it away whatever its
    // letter counts: it nearly spells none
    // ([`NearList::letting_through`] lets none through).
    let near_tests = |key: RunKey, len: usize, sig: u64| {
        let list = match lists[key[0] as usize] {
            Some(list) => list,
            None => near.list(run_prefix(key, &readings)),
        }?;
        Some((list, list.start(len, sig)?))
    };
    // The run's pinyin, written out only when needed.
    let spell = |key: RunKey, joined: &mut String| {
        joined.clear();
        for &id in key.iter().take_while(|&&id| id != NO_READING) {
            joined.push_str(&readings.text[id as usize]);
        }
    };
    // A run spells a candidate exactly only when one has its beginning and
    // length (`lengths` has its bit); its pinyin is written out (into
    // `joined`) only to be looked up then, or to be compared with the
    // candidates that the letters let through (`maybe`, a list reused).
    // `groups` is `near_tests` of the run.
    let spell_out = |key: RunKey,
                     len: usize,
                     sig: u64,
                     (exact_may, groups): (bool, Option<(&NearList, &[RunGroup])>),
                     joined: &mut String,
                     maybe: &mut Vec<u32>| {
        let mut spelled = false;
        if exact_may {
            spell(key, joined);
            spelled = true;
            if let Some(&c) = exact.get(joined.as_str()) {
                return Spelled::Exactly(c);
            }
        }
        // The letter counts, only if a candidate passes the
        // signatures' tests.
        let run_letters = || {
            let mut run_letters = (Letters([0; 32]), 0);
            for &id in key.iter().take_while(|&&id| id != NO_READING) {
                run_letters = Letters::joined(run_letters, letters[id as usize]);
            }
            run_letters.0
        };
        maybe.clear();
        if let Some((list, tests)) = groups {
            list.letting_through(tests, len, sig, run_letters, maybe);
        }
        if maybe.is_empty() {
            return Spelled::Nearly(Vec::new());
        }
        if !spelled {
            spell(key, joined);
        }
        Spelled::Nearly(near.similar(maybe, joined, candidates))
    };
    // About two jobs per thread (rayon makes one per split), each with a
    // cache from `pool` (above): no more caches are built than jobs run at
    // once, and a run is spelled out once per cache, not once per job.
    let chunks = n.div_ceil(CHUNK);
    let per_job = chunks.div_ceil(2 * rayon::current_num_threads().max(1));
    let pool = CachePool::default();
    let found: Vec<(Vec<u32>, Vec<u32>)> = (0..chunks)
        .into_par_iter()
        .with_min_len(per_job.max(1))
        .map_init(
            || (pool.take(), Vec::new(), String::new(), Vec::new()),
            |(cache, ids, joined, maybe), c| {
                (c * CHUNK..((c + 1) * CHUNK).min(n))
                    .map(|i| {
                        let mut exact_ids = Vec::new();
                        let mut near_ids = Vec::new();
                        let mut add = |spelled: Spelled<&[u32]>| match spelled {
                            Spelled::Exactly(c) => exact_ids.push(c),
                            Spelled::Nearly(near) => near_ids.extend_from_slice(near),
                        };
                        for_pinyin_runs(
                            zh_doc.sentence_text(i),
                            &readings,
                            (&firsts, &lengths_of, &sigs),
                            ids,
                            |key, len, lengths, sig| {
                                if lengths & near_lengths(len) == 0 {
                                    return;
                                }
                                // A run that can be no candidate (none has
                                // its beginning, length and letters) and
                                // that the near candidates turn away at
                                // once spells nothing: it is not looked up
                                // or kept.
                                let exact_may = lengths & 1 << len.min(63) != 0
                                    && exact_sigs.may_have(len, sig);
                                let near = near_tests(key, len, sig);
                                if !exact_may && near.is_none() {
                                    return;
                                }
                                let tests = (exact_may, near);
                                if !packable {
                                    match spell_out(key, len, sig, tests, joined, maybe) {
                                        Spelled::Exactly(c) => add(Spelled::Exactly(c)),
                                        Spelled::Nearly(near) => add(Spelled::Nearly(&near)),
                                    }
                                    return;
                                }
                                let packed = PackedRun::of(key);
                                if let Some(known) = cache.get(packed) {
                                    add(known);
                                    return;
                                }
                                let spelled = spell_out(key, len, sig, tests, joined, maybe);
                                match &spelled {
                                    Spelled::Exactly(c) => add(Spelled::Exactly(*c)),
                                    Spelled::Nearly(near) => add(Spelled::Nearly(near)),
                                }
                                cache.insert(packed, spelled);
                            },
                        );
                        (exact_ids, near_ids)
                    })
                    .collect::<Vec<_>>()
            },
        )
        .flatten_iter()
        .collect();
    SpelledNames(found)
}

/// The run caches of one [`spell_names`] call that no job holds: a job
/// takes one ([`CachePool::take`], a new one when none is free) and the
/// [`PooledCache`] gives it back when the job ends.
#[derive(Default)]
struct CachePool(std::sync::Mutex<Vec<RunCache>>);

impl CachePool {
    /// A free cache of the pool, or a new one.
    fn take(&self) -> PooledCache<'_> {
        let cache = self
            .0
            .lock()
            .ok()
            .and_then(|mut free| free.pop())
            .unwrap_or_else(RunCache::new);
        PooledCache {
            cache: Some(cache),
            pool: self,
        }
    }
}

/// A [`RunCache`] taken from a [`CachePool`], given back when dropped.
struct PooledCache<'p> {
    /// Always `Some` until dropped.
    cache: Option<RunCache>,
    pool: &'p CachePool,
}

impl std::ops::Deref for PooledCache<'_> {
    type Target = RunCache;
    fn deref(&self) -> &RunCache {
        self.cache
            .as_ref()
            .expect("a pooled cache is held until dropped")
    }
}

impl std::ops::DerefMut for PooledCache<'_> {
    fn deref_mut(&mut self) -> &mut RunCache {
        self.cache
            .as_mut()
            .expect("a pooled cache is held until dropped")
    }
}

impl Drop for PooledCache<'_> {
    fn drop(&mut self) {
        if let (Some(cache), Ok(mut free)) = (self.cache.take(), self.pool.0.lock()) {
            free.push(cache);
        }
    }
}

/// The lengths and letter signatures ([`Letters::with_sig`]) of a list of
/// words, a bit per pair in a table (hashed): a word of a length and
/// signature whose bit is not set is none of the words (the same word, the
/// same letters), and most others are turned away likewise.
struct LengthsAndSigs {
    bits: Vec<u64>,
    /// The hash's bits past the table's size.
    shift: u32,
}

impl LengthsAndSigs {
    /// The table of `words` (`n` of them: about 64 bits a word, so that
    /// few other pairs find a bit set).
    fn new<'w>(words: impl Iterator<Item = &'w str>, n: usize) -> Self {
        let size = (64 * n).clamp(1 << 12, 1 << 26).next_power_of_two();
        let mut table = LengthsAndSigs {
            bits: vec![0; size / 64],
            shift: 64 - size.trailing_zeros(),
        };
        for w in words {
            let place = table.place(w.len(), Letters::with_sig(w).1);
            table.bits[place / 64] |= 1 << (place % 64);
        }
        table
    }

    /// The bit of a length and signature.
    #[inline]
    fn place(&self, len: usize, sig: u64) -> usize {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let h = (sig.wrapping_mul(K) ^ len as u64).wrapping_mul(K);
        (h >> self.shift) as usize
    }

    /// False when no word has length `len` and signature `sig`.
    #[inline]
    fn may_have(&self, len: usize, sig: u64) -> bool {
        let place = self.place(len, sig);
        self.bits[place / 64] >> (place % 64) & 1 != 0
    }
}

/// The lengths within two of `len`, a bit per length as in
/// [`chinese_names`]' table (bit 63 stands for 63 and more).
fn near_lengths(len: usize) -> u64 {
    let (low, high) = (len.saturating_sub(2).min(63), (len + 2).min(63));
    (u64::MAX >> (63 - high)) & (u64::MAX << low)
}

/// The candidates [`chinese_names`] compares runs with for near spelling,
/// by their first two bytes (a run nearly spells only a candidate that
/// begins as it does), each list by length (and within two bytes of the
/// run's length), with their letter counts and signatures.
#[derive(Default)]
struct NearNames {
    by_prefix: FastMap<u16, NearList>,
    /// [`fewest_in_common`] of lengths below [`FEWEST_TABLED`], by
    /// `a * FEWEST_TABLED + b`.
    fewest: Vec<u8>,
}

/// Lengths below this have their [`fewest_in_common`] in a table.
const FEWEST_TABLED: usize = 64;

/// The fewest letters in common with which two words of lengths `a` and
/// `b` pass [`Letters::similar_enough`] (which passes more as that
/// number grows), or `usize::MAX` when no number up to the shorter length
/// (the most they can have in common) does.
fn fewest_in_common(a: usize, b: usize) -> usize {
    let (a1, b1) = (a.max(1), b.max(1));
    // Fewer fail the bound's integer test.
    let from = (164 * a1 * b1).div_ceil(100 * (a1 + b1));
    (from..=a.min(b))
        .find(|&c| Letters::similar_enough(c, a, b))
        .unwrap_or(usize::MAX)
}

/// Whether `v` has at most `k` bits set.
fn at_most_bits(mut v: u64, k: usize) -> bool {
    for _ in 0..k {
        if v == 0 {
            return true;
        }
        v &= v - 1;
    }
    v == 0
}

/// What [`NearList::by_run_len`] keeps for one run length: where its
/// groups' tests are in [`NearList::run_groups`], and the union of
/// signatures and the budget that every run of that length must pass
/// (`None`: no group can be passed).
type RunBound = (std::ops::Range<usize>, Option<(u64, usize)>);

/// A group of a [`NearList`] as runs of one length test it: the union of
/// its signatures, the budgets of a run of that length and of the group's
/// candidates ([`NearNames::budgets`]), the candidates' length, and where
/// its blocks are.
struct RunGroup {
    union: u64,
    most_a: usize,
    most_b: usize,
    len: usize,
    blocks: std::ops::Range<usize>,
}

/// Up to [`NEAR_BLOCK`] candidates of a [`NearList`] group that follow
/// one another and share their third byte: the union and the intersection
/// of their signatures, and where they are. A run whose signature has more
/// letters outside the union than the group's budget allows, or that lacks
/// more of the intersection's letters than the candidates' budget allows,
/// passes none of them ([`NearList::letting_through`]).
struct NearBlock {
    union: u64,
    common: u64,
    range: std::ops::Range<usize>,
}

/// The most candidates in a [`NearBlock`].
const NEAR_BLOCK: usize = 8;

/// A candidate as [`NearNames::new`] files it: its first two bytes, length,
/// id, letters and signature, and third byte (if any).
type FiledName = (u16, usize, u32, (Letters, u64), Option<u8>);

/// The candidates of one beginning, by length: their signatures, then id
/// and letter counts (read only for the few the signatures let through).
#[derive(Default)]
struct NearList {
    /// A length, the union of the signatures of that length, and where
    /// those candidates are: by length.
    groups: Vec<(usize, u64, std::ops::Range<usize>)>,
    sigs: Vec<u64>,
    letters: Vec<(u32, Letters)>,
    /// Each group's candidates in blocks ([`NearBlock`]), by group: where
    /// its blocks are in `blocks`.
    group_blocks: Vec<std::ops::Range<usize>>,
    /// The blocks of every group, in the candidates' order.
    blocks: Vec<NearBlock>,
    /// By the length `a` of a run, from [`NearList::first_len`]: the
    /// tests of the groups within two bytes of `a` that a word of `a` bytes
    /// may pass at all (in `run_groups`), and, over those groups
    /// bytes of `a` that a word of `a` bytes may pass at all
    /// ([`NearNames::budgets`]), the union of their signatures and the most
    /// letters of the run's it may lack (the largest budget): a run whose
    /// signature has more letters outside that union passes none of them
    /// (`None`: none such group).
    by_run_len: Vec<RunBound>,
    /// The groups' tests of every run length, in the groups' order.
    run_groups: Vec<RunGroup>,
    /// The run length of `by_run_len[0]`.
    first_len: usize,
}

impl NearList {
    /// The groups' tests ([`RunGroup`]) that a run of `a` bytes whose
    /// signature is `sig` goes through ([`NearList::letting_through`]), or
    /// `None` when the groups within two bytes of `a`, taken all at once,
    /// turn it away: it passes none of them.
    #[inline]
    fn start(&self, a: usize, sig: u64) -> Option<&[RunGroup]> {
        let (tests, bound) = a
            .checked_sub(self.first_len)
            .and_then(|i| self.by_run_len.get(i))?;
        match *bound {
            Some((union, most_a)) if at_most_bits(sig & !union, most_a) => {
                Some(&self.run_groups[tests.clone()])
            }
            _ => None,
        }
    }
}

impl NearNames {
    /// Files candidates of two bytes or more (id and text).
    fn new<'n>(candidates: impl Iterator<Item = (u32, &'n str)>) -> Self {
        let mut all: Vec<FiledName> = candidates
            .filter_map(|(c, name)| match name.as_bytes() {
                [x, y, rest @ ..] => Some((
                    u16::from_be_bytes([*x, *y]),
                    name.len(),
                    c,
                    Letters::with_sig(name),
                    rest.first().copied(),
                )),
                _ => None,
            })
            .collect();
        all.sort_unstable_by_key(|&(prefix, len, c, ..)| (prefix, len, c));
        let mut by_prefix: FastMap<u16, NearList> = FastMap::default();
        // The third byte of each list's last block's first candidate.
        let mut thirds: FastMap<u16, Option<u8>> = FastMap::default();
        for (prefix, len, c, (letters, sig), third) in all {
            let list = by_prefix.entry(prefix).or_default();
            let k = list.sigs.len();
            let same_group = match list.groups.last_mut() {
                Some((l, union, range)) if *l == len => {
                    *union |= sig;
                    range.end = k + 1;
                    true
                }
                _ => {
                    list.groups.push((len, sig, k..k + 1));
                    false
                }
            };
            let block_third = thirds.entry(prefix).or_default();
            match list.blocks.last_mut() {
                Some(block)
                    if same_group && *block_third == third && block.range.len() < NEAR_BLOCK =>
                {
                    block.union |= sig;
                    block.common &= sig;
                    block.range.end = k + 1;
                }
                _ => {
                    *block_third = third;
                    list.blocks.push(NearBlock {
                        union: sig,
                        common: sig,
                        range: k..k + 1,
                    });
                }
            }
            let b = list.blocks.len();
            match list.group_blocks.last_mut() {
                Some(blocks) if same_group => blocks.end = b,
                _ => list.group_blocks.push(b - 1..b),
            }
            list.sigs.push(sig);
            list.letters.push((c, letters));
        }
        let fewest = (0..FEWEST_TABLED * FEWEST_TABLED)
            .map(|k| {
                let c = fewest_in_common(k / FEWEST_TABLED, k % FEWEST_TABLED);
                u8::try_from(c).unwrap_or(u8::MAX)
            })
            .collect();
        let mut near = NearNames {
            by_prefix: FastMap::default(),
            fewest,
        };
        for list in by_prefix.values_mut() {
            (list.first_len, list.by_run_len, list.run_groups) =
                near.run_bounds(&list.groups, &list.group_blocks);
        }
        near.by_prefix = by_prefix;
        near
    }

    /// [`NearList::first_len`], [`NearList::by_run_len`] and
    /// [`NearList::run_groups`] of a list's `groups` (by length, not empty)
    /// and their blocks (`group_blocks`): every run length within two bytes
    /// of a group's.
    fn run_bounds(
        &self,
        groups: &[(usize, u64, std::ops::Range<usize>)],
        group_blocks: &[std::ops::Range<usize>],
    ) -> (usize, Vec<RunBound>, Vec<RunGroup>) {
        let (Some(&(low, ..)), Some(&(high, ..))) = (groups.first(), groups.last()) else {
            return (0, Vec::new(), Vec::new());
        };
        let first_len = low.saturating_sub(2);
        let mut run_groups = Vec::new();
        let by_run_len = (first_len..=high + 2)
            .map(|a| {
                let first = groups.partition_point(|&(len, ..)| len < a.saturating_sub(2));
                let from = run_groups.len();
                for (&(len, union, _), blocks) in groups[first..].iter().zip(&group_blocks[first..])
                {
                    if len > a + 2 {
                        break;
                    }
                    if let Some((most_a, most_b)) = self.budgets(a, len) {
                        run_groups.push(RunGroup {
                            union,
                            most_a,
                            most_b,
                            len,
                            blocks: blocks.clone(),
                        });
                    }
                }
                let tests = &run_groups[from..];
                let bound = tests
                    .iter()
                    .map(|g| (g.union, g.most_a))
                    .reduce(|(x, m), (y, n)| (x | y, m.max(n)));
                (from..run_groups.len(), bound)
            })
            .collect();
        (first_len, by_run_len, run_groups)
    }

    /// False when two words, by signature ([`Letters::with_sig`]) and
    /// length, fail [`Letters::may_be_similar`] whatever their letter
    /// counts. Each bit of one signature that the other lacks is a letter of
    /// that word without a partner in the other (one it has and the other
    /// has not, or a second one where the other has one): they have at most
    /// `a` less those letters in common (and `b` less the other's), and
    /// need [`fewest_in_common`].
    /// (A signature with all the bits of `y` and more rejects no fewer
    /// words in place of `x`: [`NearNames::spelled_by`] tries the union of
    /// a group's signatures first.)
    #[cfg(test)]
    fn may_share_enough(&self, (x, a): (u64, usize), (y, b): (u64, usize)) -> bool {
        self.budgets(a, b).is_some_and(|(most_a, most_b)| {
            at_most_bits(x & !y, most_a) && at_most_bits(y & !x, most_b)
        })
    }

    /// The most letters that words of lengths `a` and `b` can each have
    /// without a partner in the other and still pass
    /// [`Letters::may_be_similar`] (none: no such pair passes).
    fn budgets(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        let fewest = self.fewest_in_common(a, b);
        (fewest <= a.min(b)).then(|| (a - fewest, b - fewest))
    }

    /// [`fewest_in_common`], from the table when it has it.
    fn fewest_in_common(&self, a: usize, b: usize) -> usize {
        if a < FEWEST_TABLED && b < FEWEST_TABLED {
            match self.fewest[a * FEWEST_TABLED + b] {
                u8::MAX => usize::MAX,
                c => usize::from(c),
            }
        } else {
            fewest_in_common(a, b)
        }
    }

    /// The candidates `run` nearly spells: the same first two bytes, lengths
    /// within two bytes, Jaro–Winkler similarity at least
    /// [`NAME_SIMILARITY`]. The similarity is worked out only for those that
    /// pass the letters' bounds ([`NearNames::letting_through`]).
    #[cfg(test)]
    fn spelled_by(
        &self,
        run: &str,
        letters: (Letters, u64),
        strings: &[impl AsRef<str>],
    ) -> Vec<u32> {
        let mut maybe = Vec::new();
        let prefix = run.get(..2).map(prefix_key);
        self.letting_through(prefix, run.len(), letters, &mut maybe);
        self.similar(&maybe, run, strings)
    }

    /// Into `out` (cleared first), in order, the candidates that a run of
    /// `a` bytes whose first two bytes are `prefix` (`None`: it has not two
    /// bytes that are a piece of it) may nearly spell by its letters: the
    /// same first two bytes, lengths within two bytes, and letters that
    /// pass the bounds, first that of their signatures
    /// ([`Letters::with_sig`]), then [`Letters::may_be_similar`]. The run's
    /// text is not needed. ([`spell_names`]' run loop finds the list and
    /// its [`NearList::start`] once per run, before its cache, and goes on
    /// with [`NearList::letting_through`].)
    #[cfg(test)]
    fn letting_through(
        &self,
        prefix: Option<u16>,
        a: usize,
        (letters, sig): (Letters, u64),
        out: &mut Vec<u32>,
    ) {
        out.clear();
        let Some(list) = self.list(prefix) else {
            return;
        };
        let Some(tests) = list.start(a, sig) else {
            return;
        };
        list.letting_through(tests, a, sig, || letters, out);
    }

    /// The candidates that begin with `prefix` (`None`: none).
    #[inline]
    fn list(&self, prefix: Option<u16>) -> Option<&NearList> {
        prefix.and_then(|p| self.by_prefix.get(&p))
    }

    /// Those of `maybe` (from [`NearList::letting_through`]) whose
    /// Jaro–Winkler similarity to `run` is at least [`NAME_SIMILARITY`].
    fn similar(&self, maybe: &[u32], run: &str, strings: &[impl AsRef<str>]) -> Vec<u32> {
        maybe
            .iter()
            .copied()
            .filter(|&c| strsim::jaro_winkler(strings[c as usize].as_ref(), run) >= NAME_SIMILARITY)
            .collect()
    }
}

impl NearList {
    /// Into `out` (not cleared), in order, the candidates of this list (a
    /// beginning's) that a run of `a` bytes whose signature is `sig` may
    /// nearly spell by its letters, from the group tests that
    /// [`NearList::start`] gave it (`tests`): lengths within two bytes, and
    /// letters that pass the bounds, first that of their signatures
    /// ([`Letters::with_sig`]), then [`Letters::may_be_similar`]. The run's
    /// letter counts are asked of `letters` only when a candidate passes the
    /// signatures' tests, once at most (few runs get that far); its text is
    /// not needed.
    fn letting_through(
        &self,
        tests: &[RunGroup],
        a: usize,
        sig: u64,
        letters: impl Fn() -> Letters,
        out: &mut Vec<u32>,
    ) {
        let list = self;
        let mut counted: Option<Letters> = None;
        for group in tests {
            // What `may_share_enough` tests, the group's union first, then
            // each block's union and intersection.
            let (most_a, most_b, len) = (group.most_a, group.most_b, group.len);
            if !at_most_bits(sig & !group.union, most_a) {
                continue;
            }
            for block in &list.blocks[group.blocks.clone()] {
                if !at_most_bits(sig & !block.union, most_a)
                    || !at_most_bits(block.common & !sig, most_b)
                {
                    continue;
                }
                for k in block.range.clone() {
                    let c_sig = list.sigs[k];
                    if !at_most_bits(sig & !c_sig, most_a) || !at_most_bits(c_sig & !sig, most_b) {
                        continue;
                    }
                    let (c, c_letters) = &list.letters[k];
                    let run_letters = counted.get_or_insert_with(&letters);
                    if run_letters.may_be_similar(c_letters, a, len) {
                        out.push(*c);
                    }
                }
            }
        }
    }
}

/// The first two bytes of a run's pinyin (its readings joined) as one
/// number, the first byte high (the key of [`NearNames`]' candidates by
/// beginning), when they are a piece of it (as `str::get(..2)` finds them:
/// two bytes or more, the third, if any, starting a character); `None`
/// otherwise.
fn run_prefix(key: RunKey, readings: &Readings) -> Option<u16> {
    let mut head = [0u8; 3];
    let mut n = 0;
    for &id in key.iter().take_while(|&&id| id != NO_READING) {
        for &b in readings.text[id as usize].as_bytes() {
            if n == head.len() {
                break;
            }
            head[n] = b;
            n += 1;
        }
        if n == head.len() {
            break;
        }
    }
    // A byte that starts a character is not a continuation byte
    // (0x80..=0xBF).
    let whole = n == 2 || (n == 3 && !(0x80..=0xBF).contains(&head[2]));
    whole.then(|| u16::from_be_bytes([head[0], head[1]]))
}

/// [`run_prefix`] of every run that begins with reading `reading`, when
/// the reading alone decides it (two bytes or more: a run's third byte is
/// the reading's own, or else the first byte of the next reading, which
/// starts a character); `None` when it does not (a shorter reading).
fn reading_prefix(reading: &str) -> Option<Option<u16>> {
    match reading.as_bytes() {
        [x, y] => Some(Some(u16::from_be_bytes([*x, *y]))),
        [x, y, z, ..] => Some((!(0x80..=0xBF).contains(z)).then(|| u16::from_be_bytes([*x, *y]))),
        _ => None,
    }
}

/// The first two bytes of a name or run (a string of two bytes) as one
/// number: [`NearNames`]' candidates by beginning.
#[cfg(test)]
fn prefix_key(two: &str) -> u16 {
    match two.as_bytes() {
        [x, y] => u16::from_be_bytes([*x, *y]),
        _ => 0,
    }
}

/// A run of 2 to 4 Han characters by their readings' ids (unused places
/// [`NO_READING`]): the same key, the same pinyin.
type RunKey = [u32; 4];

/// What a run of pinyin spells: a candidate exactly, or else the candidates
/// it nearly spells (none without `fuzzy`).
#[derive(Clone)]
enum Spelled<L = Vec<u32>> {
    Exactly(u32),
    Nearly(L),
}

/// A [`RunKey`] whose reading ids are below 0xFFFF, 16 bits a place
/// ([`NO_READING`] as 0xFFFF): distinct such keys, distinct numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PackedRun(u64);

impl PackedRun {
    fn of(key: RunKey) -> Self {
        PackedRun(key.iter().rev().fold(0, |packed, &id| {
            packed << 16 | u64::from(u16::try_from(id).unwrap_or(u16::MAX))
        }))
    }
}

impl PackedRun {
    /// The key no run has (every place [`NO_READING`]; a run has two
    /// readings or more): [`RunCache`]'s empty slot.
    const NONE: u64 = u64::MAX;

    /// The key's place in a table of `1 << (64 - shift)` slots: its
    /// product with an odd constant, folded, the high bits (the low bits of
    /// a key are its first reading alone).
    #[inline]
    fn place(self, shift: u32) -> usize {
        let wide = u128::from(self.0) * 0x9E37_79B9_7F4A_7C15;
        (((wide >> 64) as u64 ^ wide as u64) >> shift) as usize
    }
}

/// What the runs met by the jobs of [`spell_names`] that held this cache
/// ([`CachePool`]) spell, by
/// [`PackedRun`]: an open-addressing table (linear probing, at most three
/// quarters full) of the keys, and beside it a `u32` per key that holds
/// the common answers itself. (A general hash map cost about 50
/// instructions a look-up and 150 an insertion on Bible 006, the hashing
/// and its groups' probes.)
struct RunCache {
    /// The keys by slot ([`PackedRun::NONE`]: empty), a power of two of
    /// them.
    keys: Vec<u64>,
    /// By slot: [`RunCache::NOTHING`], a candidate id with
    /// [`RunCache::EXACT`] set, or else an index in `lists`.
    values: Vec<u32>,
    /// The keys held.
    len: usize,
    /// 64 less the bits of a slot's number.
    shift: u32,
    lists: Vec<Spelled>,
}

impl RunCache {
    /// A cache with room for [`RunCache::ROOM`] runs (a job meets tens of
    /// thousands: room for them up front spares the table's growth).
    fn new() -> Self {
        Self::with_room(Self::ROOM)
    }

    /// A cache with room for `room` runs before it grows.
    fn with_room(room: usize) -> Self {
        let slots = (2 * room).max(8).next_power_of_two();
        RunCache {
            keys: vec![PackedRun::NONE; slots],
            values: vec![0; slots],
            len: 0,
            shift: 64 - slots.trailing_zeros(),
            lists: Vec::new(),
        }
    }

    /// The runs [`RunCache::new`] makes room for.
    const ROOM: usize = 1 << 15;

    /// Spells no candidate, exactly or nearly.
    const NOTHING: u32 = u32::MAX;
    /// Marks a candidate spelled exactly (ids below it).
    const EXACT: u32 = 1 << 31;

    /// The slot of `key`, or of the empty slot where it would go.
    #[inline]
    fn slot(&self, key: PackedRun) -> usize {
        let mask = self.keys.len() - 1;
        let mut at = key.place(self.shift);
        loop {
            let k = self.keys[at];
            if k == key.0 || k == PackedRun::NONE {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    fn get(&self, key: PackedRun) -> Option<Spelled<&[u32]>> {
        let at = self.slot(key);
        if self.keys[at] != key.0 {
            return None;
        }
        let v = self.values[at];
        Some(if v == Self::NOTHING {
            Spelled::Nearly(&[])
        } else if v & Self::EXACT != 0 {
            Spelled::Exactly(v & !Self::EXACT)
        } else {
            match &self.lists[v as usize] {
                Spelled::Exactly(c) => Spelled::Exactly(*c),
                Spelled::Nearly(near) => Spelled::Nearly(near),
            }
        })
    }

    /// Keeps what `key` (not [`PackedRun::NONE`]) spells, in place of
    /// anything kept for it before.
    fn insert(&mut self, key: PackedRun, spelled: Spelled) {
        debug_assert_ne!(key.0, PackedRun::NONE);
        let v = match spelled {
            Spelled::Nearly(near) if near.is_empty() => Self::NOTHING,
            Spelled::Exactly(c) if c < Self::EXACT - 1 => c | Self::EXACT,
            other => match u32::try_from(self.lists.len()) {
                Ok(k) if k < Self::EXACT => {
                    self.lists.push(other);
                    k
                }
                // Past 2³¹ lists: not kept (the caller spells it again).
                _ => return,
            },
        };
        if 4 * (self.len + 1) > 3 * self.keys.len() {
            self.grow();
        }
        let at = self.slot(key);
        if self.keys[at] == PackedRun::NONE {
            self.keys[at] = key.0;
            self.len += 1;
        }
        self.values[at] = v;
    }

    /// Doubles the table.
    #[cold]
    fn grow(&mut self) {
        let slots = 2 * self.keys.len();
        let keys = std::mem::replace(&mut self.keys, vec![PackedRun::NONE; slots]);
        let values = std::mem::replace(&mut self.values, vec![0; slots]);
        self.shift -= 1;
        for (k, v) in keys.into_iter().zip(values) {
            if k != PackedRun::NONE {
                let at = self.slot(PackedRun(k));
                self.keys[at] = k;
                self.values[at] = v;
            }
        }
    }
}

/// The id of "no reading" (and of an unused place of a [`RunKey`]).
const NO_READING: u32 = u32::MAX;
/// A character of the common block not looked up (not in the document).
const UNSEEN: u32 = u32::MAX - 1;

/// The toneless reading of every Han character of a document, looked up
/// once: the common block by code point, the rest in a map; each distinct
/// reading has an id ([`NO_READING`] for a character without one).
struct Readings<'l> {
    /// U+4E00..=U+9FFF: reading ids ([`UNSEEN`]: not in the document).
    common: Vec<u32>,
    other: FastMap<char, u32>,
    /// The readings, by id.
    text: Vec<std::borrow::Cow<'l, str>>,
}

/// The first code point of [`Readings::common`] and the number after it.
const COMMON_HAN: (u32, usize) = (0x4E00, 0x9FFF - 0x4E00 + 1);

impl<'l> Readings<'l> {
    fn of<'t>(texts: impl Iterator<Item = &'t str>, lex: &'l Lexicon) -> Self {
        let mut readings = Readings {
            common: vec![UNSEEN; COMMON_HAN.1],
            other: FastMap::default(),
            text: Vec::new(),
        };
        let mut ids: FastMap<std::borrow::Cow<'l, str>, u32> = FastMap::default();
        let mut read = |c: char, text: &mut Vec<std::borrow::Cow<'l, str>>| {
            let mut buf = [0u8; 4];
            let Some(p) = lex.pinyin(c.encode_utf8(&mut buf)) else {
                return NO_READING;
            };
            let p = if p.contains(' ') {
                std::borrow::Cow::Owned(p.replace(' ', ""))
            } else {
                std::borrow::Cow::Borrowed(p)
            };
            // Ids stay below the two markers (a document has far fewer
            // distinct readings; past that, no reading).
            if let Some(&id) = ids.get(&p) {
                return id;
            }
            let Ok(id) = u32::try_from(text.len()) else {
                return NO_READING;
            };
            if id >= UNSEEN {
                return NO_READING;
            }
            ids.insert(p.clone(), id);
            text.push(p);
            id
        };
        for c in texts.flat_map(str::chars).filter(|&c| is_han(c)) {
            let k = (c as u32).wrapping_sub(COMMON_HAN.0) as usize;
            if let Some(slot) = readings.common.get_mut(k) {
                if *slot == UNSEEN {
                    *slot = read(c, &mut readings.text);
                }
            } else if !readings.other.contains_key(&c) {
                let id = read(c, &mut readings.text);
                readings.other.insert(c, id);
            }
        }
        readings
    }

    /// The reading id of a Han character of the document.
    fn id(&self, c: char) -> u32 {
        let k = (c as u32).wrapping_sub(COMMON_HAN.0) as usize;
        match self.common.get(k) {
            Some(&UNSEEN) => NO_READING,
            Some(&id) => id,
            None => self.other.get(&c).copied().unwrap_or(NO_READING),
        }
    }
}

/// Calls `visit` with the key, the length in bytes, the bits of
/// `lengths_of` its first two bytes and the letters' signature (its
/// readings' `sigs` joined, [`Letters::joined_sig`]) of every run of 2 to
/// 4 Han characters of `text` that all have a reading, when those bits are
/// not all 0 (the run begins as a candidate does). `firsts` has them for
/// each reading (by id) of two bytes or more: the runs from one character
/// on share them, and nothing is written out; the signature grows with the
/// run. `ids` is a buffer reused between calls.
fn for_pinyin_runs(
    text: &str,
    readings: &Readings,
    (firsts, lengths_of, sigs): (&[u64], &impl Fn(&[u8]) -> u64, &[u64]),
    ids: &mut Vec<u32>,
    mut visit: impl FnMut(RunKey, usize, u64, u64),
) {
    ids.clear();
    ids.extend(text.chars().map(|c| {
        if is_han(c) {
            readings.id(c)
        } else {
            NO_READING
        }
    }));
    for start in 0..ids.len() {
        let first = ids[start];
        if first == NO_READING {
            continue;
        }
        let first_text = readings.text[first as usize].as_bytes();
        let mut lengths = firsts[first as usize];
        if first_text.len() >= 2 && lengths == 0 {
            continue;
        }
        // A first reading shorter than two bytes: the run's first two
        // bytes, as it grows.
        // (Byte by byte: a copy of 0 to 2 bytes is a `memcpy` call.)
        let byte = |k: usize| first_text.get(k).copied().unwrap_or(0);
        let mut head = [byte(0), byte(1)];
        let mut head_len = first_text.len().min(2);
        let mut key = [NO_READING; 4];
        key[0] = first;
        let mut len = first_text.len();
        let mut sig = sigs[first as usize];
        for place in 1..4 {
            let id = match ids.get(start + place) {
                Some(&id) if id != NO_READING => id,
                _ => break,
            };
            let text = readings.text[id as usize].as_bytes();
            key[place] = id;
            len += text.len();
            sig = Letters::joined_sig(sig, sigs[id as usize]);
            if first_text.len() < 2 {
                for &b in text.iter().take(2 - head_len) {
                    head[head_len] = b;
                    head_len += 1;
                }
                if head_len < 2 {
                    continue;
                }
                lengths = lengths_of(&head);
                if lengths == 0 {
                    // Longer runs from here begin with the same bytes.
                    break;
                }
            }
            visit(key, len, lengths, sig);
        }
    }
}

/// Least Jaro–Winkler similarity of a pinyin run to an English name.
const NAME_SIMILARITY: f64 = 0.93;

/// How many times each ASCII letter occurs in a word: a cheap bound on the
/// Jaro similarity of two words, which can match no more characters than
/// they have in common.
#[derive(Debug, Clone, Copy)]
struct Letters([u8; 32]);

impl Letters {
    /// The counts of a word's letters, and its signature: the letters it
    /// has (bit `k` for letter `k`) and those it has twice or more (bit
    /// `32 + k`).
    fn with_sig(word: &str) -> (Self, u64) {
        // 26 letters, padded to 32 bytes so that comparing two counts is
        // two vector operations.
        let mut counts = [0u8; 32];
        let mut sig = 0u64;
        for b in word.bytes() {
            if b.is_ascii_lowercase() {
                let k = usize::from(b - b'a');
                counts[k] = counts[k].saturating_add(1);
                let bit = 1 << k;
                sig |= (sig & bit) << 32 | bit;
            }
        }
        (Letters(counts), sig)
    }

    /// [`Letters::with_sig`] of two words joined, from theirs.
    fn joined((x, x_sig): (Self, u64), (y, y_sig): (Self, u64)) -> (Self, u64) {
        let mut sum = x;
        for (s, &n) in sum.0.iter_mut().zip(&y.0) {
            *s = s.saturating_add(n);
        }
        (sum, Self::joined_sig(x_sig, y_sig))
    }

    /// The signature of two words joined, from theirs.
    #[inline]
    fn joined_sig(x_sig: u64, y_sig: u64) -> u64 {
        // A letter both have is there twice.
        x_sig | y_sig | (x_sig & y_sig & 0xFFFF_FFFF) << 32
    }

    /// False when two words of lengths `a` and `b` (sharing their first two
    /// letters) cannot reach [`NAME_SIMILARITY`]: with `c` letters in common,
    /// Jaro is at most `(c/a + c/b + 1) / 3`, and Winkler's bonus for the
    /// shared prefix adds `0.2 × (1 − Jaro)` (a prefix of up to four letters
    /// adds at most `0.4 × (1 − Jaro)`, which the bound uses).
    fn may_be_similar(&self, other: &Letters, a: usize, b: usize) -> bool {
        // The letters' minima, then their sum: two vector minima and two
        // byte sums (inlined into a loop over candidates, the sum in u16
        // lanes was left as a loop of 32 scalar steps).
        let mut mins = [0u8; 32];
        for ((m, &x), &y) in mins.iter_mut().zip(&self.0).zip(&other.0) {
            *m = x.min(y);
        }
        let common: u32 = mins.iter().map(|&m| u32::from(m)).sum();
        Self::similar_enough(common as usize, a, b)
    }

    /// The bound of [`Letters::may_be_similar`] for `c` letters in common,
    /// which only passes more words as `c` grows.
    fn similar_enough(c: usize, a: usize, b: usize) -> bool {
        let (a, b) = (a.max(1), b.max(1));
        // The bound below, in integers and with a margin (it needs
        // c/a + c/b ≥ 1.65): what fails by far fails the same way in
        // floating point, and the rest is decided there.
        if 100 * c * (a + b) < 164 * a * b {
            return false;
        }
        let (c, a, b) = (c as f64, a as f64, b as f64);
        let jaro = (c / a + c / b + 1.0) / 3.0;
        jaro + 0.4 * (1.0 - jaro) >= NAME_SIMILARITY
    }
}

/// Capitalised words of an English sentence that may be transliterated
/// Chinese names, and adjacent pairs of them joined (`Wang Yi` → `wangyi`).
/// Candidates shorter than 5 letters are too ambiguous to use alone.
#[cfg(test)]
fn name_candidates(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_name_candidates(text, &mut NameLists::default(), |w| out.push(w.to_string()));
    out
}

/// The lists [`for_name_candidates`] works in, reused from sentence to
/// sentence.
#[derive(Default)]
struct NameLists {
    /// The candidates, one after the other.
    all: String,
    /// Where each candidate lies in `all`.
    spans: Vec<(usize, usize)>,
    /// The word at hand and the capitalised word before it.
    word: String,
    prev: String,
}

/// The ASCII bytes of the words [`for_name_candidates`] reads: letters,
/// apostrophes and hyphens.
const NAME_BYTES: crate::lexicon::AsciiClass = crate::lexicon::AsciiClass::new(true, false, b"'-");

/// Calls `visit` with each name candidate of `text` (its capitalised words
/// that may be transliterated Chinese names, and adjacent pairs of them
/// joined) once, sorted, with no list of strings made.
fn for_name_candidates(text: &str, lists: &mut NameLists, mut visit: impl FnMut(&str)) {
    let NameLists {
        all,
        spans,
        word,
        prev,
    } = lists;
    all.clear();
    spans.clear();
    let tokens = crate::lexicon::runs(text, &NAME_BYTES, char::is_alphabetic);
    // Whether `prev` holds the capitalised word before.
    let mut has_prev = false;
    for tok in tokens {
        word.clear();
        if tok.is_ascii() {
            let b = tok.as_bytes();
            if !b[0].is_ascii_uppercase() || b[1..].iter().any(u8::is_ascii_uppercase) {
                has_prev = false;
                continue;
            }
            if b.iter().all(u8::is_ascii_alphabetic) {
                word.push_str(tok);
            } else {
                word.extend(tok.chars().filter(char::is_ascii_alphabetic));
            }
            word.make_ascii_lowercase();
        } else {
            let capitalised = tok.chars().next().is_some_and(char::is_uppercase)
                && tok.chars().skip(1).all(|c| !c.is_uppercase());
            if !capitalised {
                has_prev = false;
                continue;
            }
            word.extend(
                tok.chars()
                    .filter(|c| c.is_alphabetic())
                    .flat_map(char::to_lowercase),
            );
        }
        if crate::lexicon::is_stopword(word) || !word.is_ascii() {
            has_prev = false;
            continue;
        }
        if word.len() >= 5 {
            let from = all.len();
            all.push_str(word);
            spans.push((from, all.len()));
        }
        if has_prev {
            let from = all.len();
            all.push_str(prev);
            all.push_str(word);
            spans.push((from, all.len()));
        }
        std::mem::swap(prev, word);
        has_prev = true;
    }
    spans.sort_unstable_by(|&(a, b), &(c, d)| all[a..b].cmp(&all[c..d]));
    spans.dedup_by(|&mut (a, b), &mut (c, d)| all[a..b] == all[c..d]);
    for &(a, b) in spans.iter() {
        visit(&all[a..b]);
    }
}

/// Computes the features of one sentence.
///
/// ```
/// use bitext::{Lang, features::{Interner, sentence_features}};
/// let mut ids = Interner::default();
/// let zh = sentence_features("联合国成立７５周年，COVID-19？", Lang::Zh, &mut ids);
/// let en = sentence_features("The UN's 75th anniversary, COVID-19?", Lang::En, &mut ids);
/// assert_eq!(zh.numbers.len(), 2); // 75 and 19
/// assert!(zh.numbers.iter().all(|n| en.numbers.contains(n)));
/// assert!(zh.question && en.question);
/// assert_eq!(zh.len, 9.0); // 7 Han characters + 2 tokens (75, COVID-19)
/// ```
pub fn sentence_features(text: &str, lang: Lang, interner: &mut Interner) -> SentenceFeatures {
    let mut f = features_with(text, lang, interner, &mut Lists::default());
    f.numbers.sort_unstable();
    f.latin.sort_unstable();
    f
}

/// The lists [`features_with`] fills, reused from sentence to sentence
/// ([`extract`]): each sentence's own lists are copied from them at their
/// final length, in one allocation each rather than grown.
#[derive(Default)]
struct Lists {
    numbers: Vec<u32>,
    latin: Vec<u32>,
    word: String,
    /// The sentence folded ([`fold_quickly_into`]): one buffer for every
    /// sentence rather than a string allocated and freed for each.
    folded: String,
}

/// A byte of a token of [`features_with`] that is an ASCII digit.
const TOKEN_DIGIT: u8 = 1;
/// A byte of a token that is an ASCII letter.
const TOKEN_LETTER: u8 = 2;
/// A byte of a token that is neither, nor `-`.
const TOKEN_OTHER: u8 = 4;

/// Each byte's class ([`TOKEN_DIGIT`], [`TOKEN_LETTER`], [`TOKEN_OTHER`],
/// or none for `-`): a token's bytes or-ed together say whether it has a
/// digit, a letter, or anything but ASCII letters, digits and hyphens.
const TOKEN_BYTES: [u8; 256] = {
    let mut table = [TOKEN_OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_digit() {
            TOKEN_DIGIT
        } else if c.is_ascii_alphabetic() {
            TOKEN_LETTER
        } else if c == b'-' {
            0
        } else {
            TOKEN_OTHER
        };
        b += 1;
    }
    table
};

/// [`sentence_features`], with `lists` to work in, and its numbers and
/// Latin tokens in no particular order: [`extract`] sorts them once, when
/// its ids change ([`SentenceFeatures::remap`]), and [`sentence_features`]
/// sorts them here (a list of `u32`s sorts the same from any order).
fn features_with(
    text: &str,
    lang: Lang,
    interner: &mut impl Intern,
    lists: &mut Lists,
) -> SentenceFeatures {
    let mut f = SentenceFeatures::default();
    let Lists {
        numbers,
        latin,
        word,
        folded,
    } = lists;
    fold_quickly_into(text, folded);
    let folded = folded.as_str();
    numbers.clear();
    latin.clear();
    let mut tokens = 0usize;
    let mut flush = |token: &str, tokens: &mut usize| {
        // Trimmed of `-`, `.` and `,` at both ends (ASCII: byte by byte).
        let trim = |b: &u8| !matches!(b, b'-' | b'.' | b',');
        let t = match token.bytes().position(|b| trim(&b)) {
            Some(first) => {
                let last = token.bytes().rposition(|b| trim(&b)).unwrap_or(first);
                &token[first..=last]
            }
            None => "",
        };
        if !t.is_empty() {
            *tokens += 1;
            // What its bytes hold, in one pass.
            let class = t
                .bytes()
                .fold(0, |class, b| class | TOKEN_BYTES[usize::from(b)]);
            if class & TOKEN_DIGIT != 0 {
                number_of(t, interner, numbers);
            }
            // Its letters, digits and hyphens: the token itself when it
            // has nothing else (most do).
            let (word, kept): (&str, bool) = if class & TOKEN_OTHER == 0 {
                (t, t.len() > 1 && class & TOKEN_LETTER != 0)
            } else {
                word.clear();
                word.extend(t.chars().filter(|c| c.is_alphanumeric() || *c == '-'));
                let kept = word.chars().any(char::is_alphabetic) && word.chars().nth(1).is_some();
                (word.as_str(), kept)
            };
            if kept {
                latin.push(interner.id(word));
            }
        }
    };
    let (han, alnum) = scan_tokens(folded, |token| flush(token, &mut tokens));
    f.digit_numbers = numbers.len();
    let words = match lang {
        Lang::Zh => chinese_values(folded),
        Lang::En => english_values(folded),
    };
    for v in words {
        numbers.push(interner.id(&v.to_string()));
    }
    // Amounts written in digits with a scale (9420万, 94.2 million, 21.5万亿,
    // $2 billion) meet by value too: their digits alone (9420 / 94.2) never
    // would. Only whole values, and only a value no token already gave.
    if folded.bytes().any(|b| b.is_ascii_digit()) {
        for m in crate::numbers::mentions(folded, lang) {
            if m.kind == crate::numbers::MentionKind::Digits
                && m.value.fract() == 0.0
                && (1.0..1e18).contains(&m.value)
            {
                let id = interner.id(&(m.value as u64).to_string());
                if !numbers.contains(&id) {
                    numbers.push(id);
                }
            }
        }
    }
    f.len = match lang {
        Lang::Zh => (han + tokens) as f64,
        Lang::En => alnum as f64,
    };
    f.numbers = numbers.to_vec();
    f.latin = latin.to_vec();
    let trimmed = folded.trim_end();
    f.quote = trimmed.ends_with(['"', '”', '」', '』', '\'', '’', '»']);
    let last = trimmed
        .trim_end_matches(|c: char| crate::segment::is_closer(c) || c.is_whitespace())
        .chars()
        .last();
    f.question = last == Some('?');
    f.exclamation = last == Some('!');
    f
}

/// Calls `visit` with each token of a folded sentence (its letters and
/// digits, ASCII or not, kana and hangul aside, with the `-`, `.`, `,` and
/// `'` inside), in order, and gives its Han characters and its other
/// alphanumeric characters, counted. The characters one by one; ASCII ones
/// told apart by their byte, the others decoded from the bytes; a run of
/// ASCII letters and digits in a tight loop (the oracle,
/// `scan_tokens_by_chars`, goes byte by byte).
fn scan_tokens<'t>(folded: &'t str, mut visit: impl FnMut(&'t str)) -> (usize, usize) {
    let mut han = 0usize;
    let mut alnum = 0usize;
    // The token at hand is `folded[start..]` up to the character that ends
    // it (its characters are consecutive).
    let mut start: Option<usize> = None;
    let bytes = folded.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if TOKEN_BYTES[usize::from(b)] & (TOKEN_DIGIT | TOKEN_LETTER) != 0 {
            // A run of ASCII letters and digits: each is alphanumeric and
            // in a token.
            let run = bytes[at..]
                .iter()
                .position(|&b| TOKEN_BYTES[usize::from(b)] & (TOKEN_DIGIT | TOKEN_LETTER) == 0)
                .unwrap_or(bytes.len() - at);
            alnum += run;
            start.get_or_insert(at);
            at += run;
            continue;
        }
        let (next, in_token) = if b.is_ascii() {
            // Not alphanumeric (those are above); inside a token, `-`, `.`,
            // `,` and `'` go on with it.
            (
                at + 1,
                start.is_some() && matches!(b, b'-' | b'.' | b',' | b'\''),
            )
        } else {
            let (code, len) = crate::lexicon::char_at(bytes, at);
            let c = char::from_u32(code).unwrap_or_default();
            // A Han character is alphanumeric: the test of the tables is
            // left for the other characters.
            let han_char = is_han(c);
            let other_alnum = !han_char && c.is_alphanumeric();
            if han_char {
                han += 1;
            } else if other_alnum {
                alnum += 1;
            }
            (at + len, other_alnum && !is_kana_or_hangul(c))
        };
        if in_token {
            start.get_or_insert(at);
        } else if let Some(from) = start.take() {
            visit(&folded[from..at]);
        }
        at = next;
    }
    if let Some(from) = start {
        visit(&folded[from..]);
    }
    (han, alnum)
}

/// [`scan_tokens`] as it was, character by character: the tests'
/// reference.
#[cfg(test)]
fn scan_tokens_by_chars(folded: &str) -> (usize, usize, Vec<&str>) {
    let (mut han, mut alnum) = (0, 0);
    let mut start: Option<usize> = None;
    let mut tokens = Vec::new();
    for (at, c) in folded.char_indices() {
        let in_token = if c.is_ascii() {
            let ascii_alnum = c.is_ascii_alphanumeric();
            if ascii_alnum {
                alnum += 1;
            }
            ascii_alnum || (start.is_some() && matches!(c, '-' | '.' | ',' | '\''))
        } else {
            if is_han(c) {
                han += 1;
            } else if c.is_alphanumeric() {
                alnum += 1;
            }
            !is_han(c) && c.is_alphanumeric() && !is_kana_or_hangul(c)
        };
        if in_token {
            start.get_or_insert(at);
        } else if let Some(from) = start.take() {
            tokens.push(&folded[from..at]);
        }
    }
    if let Some(from) = start {
        tokens.push(&folded[from..]);
    }
    (han, alnum, tokens)
}

/// [`fold`] of `text`, written into `out` (cleared first; when the text
/// has a character none of the cases below covers, `out` is replaced by
/// [`fold`]'s own string), with NFKC skipped where it would change
/// nothing or where its result is known character by character: ASCII
/// text, and text made only of the characters of [`fold_of`] (most Chinese
/// sentences: Han characters, full-width punctuation, quotes); other text
/// is folded by [`fold`]. The characters are decoded from the bytes, and
/// those that fold to themselves copied a stretch at a time.
fn fold_quickly_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
        return;
    }
    let bytes = text.as_bytes();
    out.reserve(text.len());
    // The characters from `from` up to `at` fold to themselves: they are
    // copied in one piece when one that does not comes, or at the end.
    let mut from = 0;
    let mut at = 0;
    while at < bytes.len() {
        // A first byte 0xE5 to 0xE9 starts a character of U+5000..=U+9FFF,
        // CJK ideographs (most of a Chinese text), themselves.
        if (0xE5..=0xE9).contains(&bytes[at]) {
            at += 3;
            continue;
        }
        let (c, len) = crate::lexicon::char_at(bytes, at);
        match fold_of(c) {
            Folds::Same => {
                at += len;
                continue;
            }
            Folds::To(folded) => {
                out.push_str(&text[from..at]);
                out.push_str(folded);
            }
            Folds::Ascii(a) => {
                out.push_str(&text[from..at]);
                out.push(char::from(a));
            }
            Folds::Unknown => {
                *out = fold(text);
                return;
            }
        }
        at += len;
        from = at;
    }
    out.push_str(&text[from..]);
}

/// [`fold_quickly_into`] a new string.
#[cfg(test)]
fn fold_quickly(text: &str) -> String {
    let mut out = String::new();
    fold_quickly_into(text, &mut out);
    out
}

/// What a character folds to ([`fold_of`]).
enum Folds {
    /// Itself.
    Same,
    /// One ASCII character.
    Ascii(u8),
    /// A piece of text.
    To(&'static str),
    /// Not known alone (its fold may depend on its neighbours).
    Unknown,
}

/// The fold ([`fold`]: NFKC, then lower case) of the character of code
/// point `c`, for the characters whose fold does not depend on their
/// neighbours: each is a starter that NFKC maps to starters that compose
/// with nothing around them (ASCII, CJK ideographs, full-width ASCII
/// forms, CJK and general punctuation); [`Folds::Unknown`] for any other
/// character.
#[inline]
fn fold_of(c: u32) -> Folds {
    match c {
        0x41..=0x5A => Folds::Ascii(c as u8 | 0x20),
        0..=0x7F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF => Folds::Same,
        // Full-width ASCII (！ … ～) is ASCII under NFKC.
        0xFF01..=0xFF5E => Folds::Ascii(((c - 0xFEE0) as u8).to_ascii_lowercase()),
        // The ideographic space is a space; the ellipsis three full stops.
        0x3000 => Folds::To(" "),
        0x2026 => Folds::To("..."),
        // 、。〈〉《》「」『』【】〔〕〖〗〘〙〚〛, dashes, quotes, middle dots:
        // themselves.
        0x3001..=0x3002
        | 0x3008..=0x3011
        | 0x3014..=0x301B
        | 0x2013..=0x2014
        | 0x2018..=0x2019
        | 0x201C..=0x201D
        | 0x00B7
        | 0x2027 => Folds::Same,
        _ => Folds::Unknown,
    }
}

/// [`fold_quickly`] character by character, as it was (each character's
/// fold pushed): the tests' reference.
#[cfg(test)]
fn fold_quickly_by_chars(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !fold_char(c, &mut out) {
            return fold(text);
        }
    }
    out
}

/// Appends the fold of `c` ([`fold_of`]) and returns true, or returns
/// false, appending nothing, when it is not known alone.
#[cfg(test)]
fn fold_char(c: char, out: &mut String) -> bool {
    match fold_of(c as u32) {
        Folds::Same => out.push(c),
        Folds::Ascii(a) => out.push(char::from(a)),
        Folds::To(folded) => out.push_str(folded),
        Folds::Unknown => return false,
    }
    true
}

fn is_kana_or_hangul(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0xAC00..=0xD7AF | 0x1100..=0x11FF)
}

/// Pushes the number held in a token, if any: its digits with thousands
/// separators removed and a decimal part kept (`1,000` → `1000`, `3.5` →
/// `3.5`, `8th` → `8`, `covid-19` → `19`).
fn number_of(token: &str, interner: &mut impl Intern, out: &mut Vec<u32>) {
    let mut digits = String::new();
    let bytes: Vec<char> = token.chars().collect();
    let mut k = 0;
    while k < bytes.len() {
        let c = bytes[k];
        if c.is_ascii_digit() {
            digits.push(c);
        } else if c == ','
            && !digits.is_empty()
            && bytes.get(k + 1).is_some_and(char::is_ascii_digit)
        {
            // thousands separator
        } else if c == '.'
            && !digits.is_empty()
            && bytes.get(k + 1).is_some_and(char::is_ascii_digit)
        {
            digits.push('.');
        } else if !digits.is_empty() {
            out.push(interner.id(&canonical_number(&digits)));
            digits.clear();
        }
        k += 1;
    }
    if !digits.is_empty() {
        out.push(interner.id(&canonical_number(&digits)));
    }
}

/// One spelling per value: no leading zeros, no trailing decimal zeros
/// (`007` → `7`, `0.50` → `0.5`, `3.0` → `3`).
fn canonical_number(digits: &str) -> String {
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`NearNames::letting_through`] as it was before the run bounds
    /// ([`NearList::by_run_len`]): every group of the prefix tested in turn.
    fn through_every_group(
        near: &NearNames,
        prefix: Option<u16>,
        a: usize,
        (letters, sig): (Letters, u64),
    ) -> Vec<u32> {
        let mut out = Vec::new();
        let Some(list) = prefix.and_then(|p| near.by_prefix.get(&p)) else {
            return out;
        };
        for (len, union, range) in &list.groups {
            let len = *len;
            if len < a.saturating_sub(2) || len > a + 2 {
                continue;
            }
            let Some((most_a, most_b)) = near.budgets(a, len) else {
                continue;
            };
            if !at_most_bits(sig & !union, most_a) {
                continue;
            }
            for k in range.clone() {
                let c_sig = list.sigs[k];
                if !at_most_bits(sig & !c_sig, most_a) || !at_most_bits(c_sig & !sig, most_b) {
                    continue;
                }
                let (c, c_letters) = &list.letters[k];
                if letters.may_be_similar(c_letters, a, len) {
                    out.push(*c);
                }
            }
        }
        out
    }

    #[test]
    fn near_blocks_let_through_what_every_candidate_does() {
        // Many candidates of a few beginnings and lengths, so that groups
        // hold several blocks (cut at a new third byte or at
        // `NEAR_BLOCK` candidates): what the blocks let through is what
        // testing every candidate of every group lets through.
        let syllables = [
            "zhang", "zhao", "zhou", "zhu", "zhen", "zheng", "zhi", "wang", "wei", "wen", "wu",
            "li", "lin", "liu", "long", "lu", "an", "ai", "a", "jiang", "jin",
        ];
        let mut names = Vec::new();
        for a in syllables {
            for b in syllables {
                names.push(format!("{a}{b}"));
                for c in ["", "s", "son", "er"] {
                    names.push(format!("{a}{b}{c}"));
                }
            }
        }
        names.sort_unstable();
        names.dedup();
        let mut interner = Interner::default();
        let ids: Vec<u32> = names.iter().map(|n| interner.id(n)).collect();
        let near = NearNames::new(ids.iter().map(|&c| (c, interner.resolve(c))));
        let blocks: usize = near.by_prefix.values().map(|l| l.blocks.len()).sum();
        let groups: usize = near.by_prefix.values().map(|l| l.groups.len()).sum();
        assert!(blocks > 2 * groups, "{blocks} blocks, {groups} groups");
        for list in near.by_prefix.values() {
            // The blocks cover each group's candidates in order.
            for ((_, _, range), blocks) in list.groups.iter().zip(&list.group_blocks) {
                let covered: Vec<usize> = list.blocks[blocks.clone()]
                    .iter()
                    .flat_map(|b| b.range.clone())
                    .collect();
                assert_eq!(covered, range.clone().collect::<Vec<_>>());
            }
        }
        let (mut runs, mut through_any) = (0, 0);
        let mut through = Vec::new();
        for a in syllables {
            for b in syllables {
                for c in ["", "g", "n", "an", "s", "e", "ri"] {
                    let run = format!("{a}{b}{c}");
                    let prefix = run.get(..2).map(prefix_key);
                    let letters = Letters::with_sig(&run);
                    near.letting_through(prefix, run.len(), letters, &mut through);
                    let every = through_every_group(&near, prefix, run.len(), letters);
                    assert_eq!(through, every, "{run}");
                    runs += 1;
                    through_any += usize::from(!through.is_empty());
                }
            }
        }
        assert!(
            through_any > 100 && through_any < runs,
            "{through_any} of {runs}"
        );
    }

    #[test]
    fn near_names_are_those_the_similarity_finds_among_all() {
        // Candidates as `chinese_names` files them, and every run of two or
        // three syllables: what the filed candidates give a run is what
        // comparing it with every candidate gives (same first two bytes,
        // lengths within two, the letter counts' bound, similarity: the
        // bound counts letters alone, `lu:` has two), and the signatures' bound, which
        // turns most candidates away, never turns away one that the letter
        // counts' bound lets through.
        let names = [
            "wangyi",
            "xijinping",
            "lihua",
            "zhangwei",
            "liming",
            "wangfang",
            "chenjie",
            "liuyang",
            "huangmin",
            "zhaolei",
            "xiaoming",
            "jason",
            "shanghai",
            "anhui",
            "xiamen",
            "chenming",
            "wangli",
            "jiang",
            "zhangsan",
            "lisi",
            "x",
            "lu:si",
        ];
        let mut interner = Interner::default();
        let ids: Vec<u32> = names.iter().map(|n| interner.id(n)).collect();
        let near = NearNames::new(ids.iter().map(|&c| (c, interner.resolve(c))));
        let syllables = [
            "wang", "yi", "xi", "jin", "ping", "li", "hua", "zhang", "wei", "ming", "fang", "chen",
            "jie", "liu", "yang", "huang", "min", "zhao", "lei", "xiao", "shang", "hai", "an",
            "hui", "men", "jiang", "san", "si", "a", "e", "o", "lu:", "er",
        ];
        let (mut turned_away, mut let_through, mut found, mut at_once) = (0, 0, 0, 0);
        let mut check = |run: &str| {
            let mut expected: Vec<u32> = ids
                .iter()
                .copied()
                .filter(|&c| {
                    let name = interner.resolve(c);
                    name.len() >= 2
                        && run.as_bytes()[..2] == name.as_bytes()[..2]
                        && name.len().abs_diff(run.len()) <= 2
                        && Letters::with_sig(run).0.may_be_similar(
                            &Letters::with_sig(name).0,
                            run.len(),
                            name.len(),
                        )
                        && strsim::jaro_winkler(name, run) >= NAME_SIMILARITY
                })
                .collect();
            let mut got = near.spelled_by(run, Letters::with_sig(run), &interner.strings());
            // The run bounds turn away only runs every group would.
            let prefix = run.get(..2).map(prefix_key);
            let mut through = Vec::new();
            near.letting_through(prefix, run.len(), Letters::with_sig(run), &mut through);
            let by_groups = through_every_group(&near, prefix, run.len(), Letters::with_sig(run));
            assert_eq!(through, by_groups, "{run}");
            // What `spell_names` turns away before its cache, nothing
            // gets through.
            let sig = Letters::with_sig(run).1;
            if near
                .list(prefix)
                .and_then(|l| l.start(run.len(), sig))
                .is_none()
            {
                assert!(through.is_empty(), "{run}");
                at_once += 1;
            }
            expected.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, expected, "{run}");
            found += got.len();
            let (letters, sig) = Letters::with_sig(run);
            for &c in &ids {
                let name = interner.resolve(c);
                let (other, other_sig) = Letters::with_sig(name);
                if near.may_share_enough((sig, run.len()), (other_sig, name.len())) {
                    let_through += 1;
                } else {
                    turned_away += 1;
                    assert!(
                        !letters.may_be_similar(&other, run.len(), name.len()),
                        "{run} {name}"
                    );
                }
            }
        };
        for a in syllables {
            for b in syllables {
                check(&format!("{a}{b}"));
                for c in syllables {
                    check(&format!("{a}{b}{c}"));
                }
            }
        }
        assert!(
            turned_away > 100 * let_through && let_through > 100 && found > 10 && at_once > 1000,
            "{turned_away} turned away, {let_through} let through, {found} found, \
             {at_once} runs at once"
        );
        // Without candidates, nothing is nearly spelled.
        let wangyi = Letters::with_sig("wangyi");
        assert!(
            NearNames::default()
                .spelled_by("wangyi", wangyi, &interner.strings())
                .is_empty()
        );
        // Letters joined are the letters of the words joined.
        for a in syllables {
            for b in syllables {
                let joined = Letters::joined(Letters::with_sig(a), Letters::with_sig(b));
                let whole = Letters::with_sig(&format!("{a}{b}"));
                assert_eq!((joined.0.0, joined.1), (whole.0.0, whole.1), "{a}{b}");
            }
        }
    }

    /// Every word is found in the table of its lengths and signatures
    /// (a run that spells one exactly is never turned away), and most
    /// other pieces of pinyin are turned away.
    #[test]
    fn lengths_and_signatures_have_every_word() {
        let syllables = [
            "wang", "yi", "xi", "jin", "ping", "li", "hua", "zhang", "wei", "ming", "fang", "chen",
            "jie", "liu", "yang", "huang", "min", "zhao", "lei", "xiao", "shang", "hai", "an",
        ];
        let mut words = Vec::new();
        for a in syllables {
            for b in syllables {
                words.push(format!("{a}{b}"));
            }
        }
        let (names, others) = words.split_at(words.len() / 3);
        let table = LengthsAndSigs::new(names.iter().map(String::as_str), names.len());
        for w in names {
            assert!(table.may_have(w.len(), Letters::with_sig(w).1), "{w}");
        }
        // The others with letters of their own: few find a bit.
        let sigs: std::collections::HashSet<(usize, u64)> = names
            .iter()
            .map(|w| (w.len(), Letters::with_sig(w).1))
            .collect();
        let unlike: Vec<&String> = others
            .iter()
            .filter(|w| !sigs.contains(&(w.len(), Letters::with_sig(w).1)))
            .collect();
        let found = unlike
            .iter()
            .filter(|w| table.may_have(w.len(), Letters::with_sig(w).1))
            .count();
        assert!(
            unlike.len() > 200 && found * 20 < unlike.len(),
            "{found} of {}",
            unlike.len()
        );
        // Without words, every bit is clear.
        let empty = LengthsAndSigs::new(std::iter::empty(), 0);
        assert!(!empty.may_have(6, Letters::with_sig("wangyi").1));
    }

    #[test]
    fn run_prefixes_are_the_first_two_bytes_of_the_joined_pinyin() {
        let texts = ["", "a", "ü", "lü", "zhang", "x", "e", "aü"];
        let readings = Readings {
            common: Vec::new(),
            other: FastMap::default(),
            text: texts
                .iter()
                .map(|&t| std::borrow::Cow::Borrowed(t))
                .collect(),
        };
        let n = texts.len() as u32;
        let mut keys = Vec::new();
        for a in 0..n {
            keys.push([a, NO_READING, NO_READING, NO_READING]);
            for b in 0..n {
                keys.push([a, b, NO_READING, NO_READING]);
                for c in 0..n {
                    keys.push([a, b, c, NO_READING]);
                    keys.push([a, b, c, (a + b + c) % n]);
                }
            }
        }
        let mut seen = [false; 2];
        for key in keys {
            let joined: String = key
                .iter()
                .take_while(|&&id| id != NO_READING)
                .map(|&id| texts[id as usize])
                .collect();
            let want = joined.get(..2).map(prefix_key);
            seen[usize::from(want.is_some())] = true;
            assert_eq!(run_prefix(key, &readings), want, "{joined:?}");
            if let Some(prefix) = reading_prefix(texts[key[0] as usize]) {
                assert_eq!(prefix, want, "{joined:?}");
            }
        }
        assert_eq!(seen, [true, true]);
    }

    #[test]
    fn packed_runs_differ_and_the_run_cache_gives_back_what_it_got() {
        let ids = [0, 1, 2, 0xFFFE, NO_READING];
        let mut keys = Vec::new();
        for &a in &ids {
            for &b in &ids {
                for &c in &ids {
                    for &d in &ids {
                        keys.push([a, b, c, d]);
                    }
                }
            }
        }
        let packed: std::collections::HashSet<u64> =
            keys.iter().map(|&k| PackedRun::of(k).0).collect();
        assert_eq!(packed.len(), keys.len());
        let answers = [
            Spelled::Nearly(Vec::new()),
            Spelled::Exactly(0),
            Spelled::Exactly(7),
            Spelled::Exactly(RunCache::EXACT - 2),
            Spelled::Exactly(RunCache::EXACT - 1),
            Spelled::Exactly(u32::MAX),
            Spelled::Nearly(vec![3, 5]),
            Spelled::Nearly(vec![u32::MAX]),
        ];
        let mut cache = RunCache::with_room(2);
        let key = |k: usize| PackedRun::of([k as u32, 1, NO_READING, NO_READING]);
        for (k, a) in answers.iter().enumerate() {
            assert!(cache.get(key(k)).is_none());
            cache.insert(key(k), a.clone());
        }
        let same = |got: Option<Spelled<&[u32]>>, want: &Spelled| match (got, want) {
            (Some(Spelled::Exactly(x)), Spelled::Exactly(y)) => x == *y,
            (Some(Spelled::Nearly(x)), Spelled::Nearly(y)) => x == y.as_slice(),
            _ => false,
        };
        for (k, a) in answers.iter().enumerate() {
            assert!(
                same(cache.get(key(k)), a),
                "answer {k} changed in the cache"
            );
        }
        // Against a map, the table grown from 8 slots many times over, with
        // keys of every shape (some met twice: the later answer is kept).
        let mut table = RunCache::with_room(2);
        let mut map: std::collections::HashMap<u64, Spelled> = std::collections::HashMap::new();
        let mut x = 12345u64;
        for n in 0..20_000u32 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let id = |shift: u32| ((x >> shift) % 700) as u32;
            let len = 2 + (x >> 60) as usize % 3;
            let mut run = [NO_READING; 4];
            for (place, r) in run.iter_mut().enumerate().take(len) {
                *r = id(8 + 10 * place as u32);
            }
            let answer = match n % 4 {
                0 | 1 => Spelled::Nearly(Vec::new()),
                2 => Spelled::Exactly(n),
                _ => Spelled::Nearly(vec![n, n + 1]),
            };
            let packed = PackedRun::of(run);
            match map.get(&packed.0) {
                None => assert!(table.get(packed).is_none()),
                Some(old) => assert!(same(table.get(packed), old)),
            }
            table.insert(packed, answer.clone());
            map.insert(packed.0, answer);
        }
        assert_eq!(table.len, map.len());
        for (&k, want) in &map {
            assert!(same(table.get(PackedRun(k)), want));
        }
        for k in 0..2_000u32 {
            let absent = PackedRun::of([700 + k, k, NO_READING, NO_READING]);
            assert!(table.get(absent).is_none());
        }
    }

    #[test]
    fn name_candidates_are_capitalised_words_and_their_pairs() {
        // `Then` and `The` are stop words, `LORD` is not capitalised, `Wang`
        // alone is too short, `Zoë` is not ASCII (and breaks a pair).
        assert_eq!(
            name_candidates(
                "Then Wang Yi said to Abraham, \u{201c}The LORD is with Sarah.\u{201d}"
            ),
            ["abraham", "sarah", "wangyi"]
        );
        assert_eq!(
            name_candidates("Wang Zoë Qingyang met Mary-jane's Li Li."),
            ["lili", "maryjanes", "maryjanesli", "qingyang"]
        );
        assert!(name_candidates("no names here, none at all").is_empty());
    }

    /// The bigrams as they were found before the walk in order: each pair
    /// of characters tested against the spans by binary search.
    fn loose_bigrams_by_search<'t>(text: &'t str, spans: &[(usize, usize)]) -> Vec<&'t str> {
        let mut covered = spans.to_vec();
        covered.sort_unstable();
        let inside = |b: usize| {
            let k = covered.partition_point(|&(s, _)| s <= b);
            k > 0 && b < covered[k - 1].1
        };
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut out = Vec::new();
        for pair in chars.windows(2) {
            let ((a, x), (b, y)) = (pair[0], pair[1]);
            if is_han(x) && is_han(y) && !inside(a) && !inside(b) {
                out.push(&text[a..b + y.len_utf8()]);
            }
        }
        out
    }

    #[test]
    fn loose_bigrams_in_one_walk_are_those_found_by_search() {
        let lex = Lexicon::embedded();
        let text = "以扫的儿子，提幔。Esau 是以东人的始祖，他的儿子以利法";
        let words = lex.words(text);
        let spans = |words: &[crate::lexicon::Word<'_, '_>]| -> Vec<(usize, usize)> {
            words
                .iter()
                .filter(|w| w.text.chars().count() >= 2)
                .map(|w| (w.start, w.start + w.text.len()))
                .collect()
        };
        assert_eq!(
            loose_bigrams(text, &words),
            loose_bigrams_by_search(text, &spans(&words))
        );
        // Words out of order and overlapping (not what the lexicon gives,
        // but the function takes any list).
        let word = |start: usize, len: usize| crate::lexicon::Word {
            text: &text[start..start + len],
            start,
            stems: "x",
        };
        let odd = vec![word(9, 6), word(3, 6), word(6, 9), word(0, 3)];
        assert_eq!(
            loose_bigrams(text, &odd),
            loose_bigrams_by_search(text, &spans(&odd))
        );
        assert_eq!(loose_bigrams("", &[]), Vec::<&str>::new());
    }

    #[test]
    fn document_frequencies_count_a_sentence_once_per_key() {
        let with_keys = |keys: &[u32]| SentenceFeatures {
            keys: keys.to_vec(),
            ..Default::default()
        };
        for far in [9, 1 << 30] {
            let feats = [
                with_keys(&[3, 3, 1]),
                with_keys(&[1]),
                with_keys(&[]),
                with_keys(&[far, 3, far]),
            ];
            let df = document_frequencies(&feats);
            assert_eq!(
                matches!(df, DocumentFrequencies::Dense(_)),
                far == 9,
                "a list only for keys that fit one"
            );
            assert_eq!([df.of(1), df.of(3), df.of(far)], [2, 2, 1]);
        }
    }

    #[test]
    fn loose_bigrams_skip_dictionary_words() {
        let lex = Lexicon::embedded();
        // 以扫 (Esau) is not in CC-CEDICT: greedy matching reads 以 and 扫;
        // 儿子 is a word, so no bigram reaches into it.
        let text = "以扫的儿子，提幔";
        let words = lex.words(text);
        assert!(words.iter().any(|w| w.text == "儿子"));
        let got = loose_bigrams(text, &words);
        assert_eq!(got, ["以扫", "扫的", "提幔"]);
        let mut ids = Interner::default();
        let mut f = sentence_features(text, Lang::Zh, &mut ids);
        lexical_features(&mut f, text, Lang::Zh, lex, &mut ids);
        assert!(f.bigrams.contains(&ids.id("以扫")));
        assert!(!f.keys.contains(&ids.id("以扫")));
    }

    #[test]
    fn pinyin_runs_are_every_run_whose_beginning_passes() {
        // Every run of 2 to 4 characters with readings whose first two
        // bytes of pinyin the test gives bits, found the long way, against
        // `for_pinyin_runs` (which skips a start whose first reading the
        // test refuses, and follows runs whose first reading is shorter).
        let lex = Lexicon::embedded();
        let text = "王毅主持会议。陈清扬说：张伟和李明在北京，ａ以扫雅各。爱饿死。饿啊饿饿";
        let readings = Readings::of(std::iter::once(text), lex);
        assert!(readings.text.iter().any(|r| r.len() == 1));
        let chars: Vec<char> = text.chars().collect();
        for allowed in [
            &["wa", "ch", "zh", "li", "yi", "ai", "es", "ee"][..],
            &["qi", "sh", "ea"],
            &[],
        ] {
            let lengths_of = |run: &[u8]| {
                (0..allowed.len())
                    .filter(|&k| run.len() >= 2 && run[..2] == *allowed[k].as_bytes())
                    .fold(0u64, |bits, k| bits | 1 << k)
            };
            let mut expected = Vec::new();
            for start in 0..chars.len() {
                let mut joined = String::new();
                let mut key = [NO_READING; 4];
                for (len, c) in chars[start..(start + 4).min(chars.len())]
                    .iter()
                    .enumerate()
                {
                    let id = if is_han(*c) {
                        readings.id(*c)
                    } else {
                        NO_READING
                    };
                    if id == NO_READING {
                        break;
                    }
                    joined.push_str(&readings.text[id as usize]);
                    key[len] = id;
                    let bits = lengths_of(joined.as_bytes());
                    if len >= 1 && bits != 0 {
                        // The signature of the joined pinyin itself.
                        let sig = Letters::with_sig(&joined).1;
                        expected.push((key, joined.len(), bits, sig));
                    }
                }
            }
            let firsts: Vec<u64> = readings
                .text
                .iter()
                .map(|r| lengths_of(r.as_bytes()))
                .collect();
            let sigs: Vec<u64> = readings
                .text
                .iter()
                .map(|r| Letters::with_sig(r).1)
                .collect();
            let mut found = Vec::new();
            for_pinyin_runs(
                text,
                &readings,
                (&firsts, &lengths_of, &sigs),
                &mut Vec::new(),
                |key, len, bits, sig| found.push((key, len, bits, sig)),
            );
            assert_eq!(found, expected, "{allowed:?}");
            assert_eq!(allowed.is_empty(), found.is_empty(), "{allowed:?}");
        }
    }

    /// The tail of a string read by its overlapping pieces is the tail
    /// padded with zeros (the oracle): every length below 8.
    #[test]
    fn short_tails_read_as_the_padded_bytes() {
        let bytes: Vec<u8> = (1..=8u8).map(|b| 0x80 | (b * 13)).collect();
        for n in 0..8 {
            let mut padded = [0u8; 8];
            padded[..n].copy_from_slice(&bytes[..n]);
            let want = u64::from_le_bytes(padded);
            assert_eq!(LocalInterner::little_endian(&bytes[..n]), want, "{n}");
            assert_eq!(LocalInterner::little_endian(&bytes[8 - n..]), {
                padded = [0u8; 8];
                padded[..n].copy_from_slice(&bytes[8 - n..]);
                u64::from_le_bytes(padded)
            });
        }
    }

    #[test]
    fn a_chunks_interner_gives_the_ids_of_the_documents() {
        let words: Vec<String> = (0..300)
            .map(|k| match k % 7 {
                0 => String::new(),
                1 => format!("w{}", k % 13),
                2 => "联合国".repeat(k % 3 + 1),
                3 => format!("{}", k * k % 101),
                _ => format!("longer word number {}", k % 37),
            })
            .collect();
        // The ids by first sight, from a map: the oracle.
        let mut first_seen: std::collections::HashMap<&str, u32> = Default::default();
        let want: Vec<u32> = words
            .iter()
            .map(|w| {
                let next = first_seen.len() as u32;
                *first_seen.entry(w.as_str()).or_insert(next)
            })
            .collect();
        let absent = ["w13", "联合", "longer word number 37", "x"];
        // The document's interner, grown from empty and from a small room.
        for mut doc in [Interner::default(), Interner::with_capacity(3)] {
            for w in &absent {
                assert_eq!(doc.known(w), None, "{w}");
            }
            let got: Vec<u32> = words.iter().map(|w| doc.id(w)).collect();
            assert_eq!(got, want);
            for (w, &id) in words.iter().zip(&want) {
                assert_eq!(doc.known(w), Some(id), "{w}");
                assert_eq!(doc.resolve(id), w);
            }
            for w in &absent {
                assert_eq!(doc.known(w), None, "{w}");
            }
            assert_eq!(doc.strings().len(), first_seen.len());
        }
        // A chunk's: the hash as it is, and every string with the same
        // hash (a probe then passes every string met before, and the table
        // grows).
        for same in [false, true] {
            let hash = |w: &str| if same { 7 } else { LocalInterner::hash(w) };
            let mut local = LocalInterner::with_capacity(4);
            let got: Vec<u32> = words.iter().map(|w| local.id_hashed(w, hash(w))).collect();
            assert_eq!(got, want, "one hash: {same}");
            assert_eq!(local.len(), first_seen.len());
            for (w, &id) in words.iter().zip(&want) {
                assert_eq!(local.get(id), w);
                assert_eq!(local.find(w, hash(w)), Some(id), "{w}");
            }
            for w in &absent {
                assert_eq!(local.find(w, hash(w)), None, "{w}");
            }
        }
    }

    #[test]
    fn chunked_extraction_does_not_depend_on_the_chunks() {
        use crate::document::{Document, InputMode};
        let lex = Lexicon::embedded();
        let zh_text = "王毅主持会议，联合国成立７５周年。COVID-19疫情仍在蔓延。\n\
                       以扫和雅各是兄弟。三千二百人来了。王毅说：“会议很成功！”\n\
                       一九四九年十月一日。以扫回家了，雅各没有。";
        let en_text = "Wang Yi chaired the meeting; the UN is 75. COVID-19 still spreads.\n\
                       Esau and Jacob were brothers. Three thousand two hundred came.\n\
                       Wang Yi said: \"The meeting went well!\" Esau went home.";
        let zh = Document::from_text("zh", zh_text, Lang::Zh, InputMode::Raw).unwrap();
        let en = Document::from_text("en", en_text, Lang::En, InputMode::Raw).unwrap();
        assert!(zh.len() >= 7 && en.len() >= 6);
        // With the English names found as extraction finds them, or
        // found before ([`english_names`]).
        let names = english_names(&en);
        let run = |chunk: usize, named: bool| {
            let mut ids = Interner::default();
            let names = Some(&names).filter(|_| named);
            let e = extract_in_chunks(&en, &mut ids, Some(lex), names, chunk);
            let z = extract_in_chunks(&zh, &mut ids, Some(lex), None, chunk);
            let strings: Vec<String> = ids.strings().iter().map(|s| s.to_string()).collect();
            (e, z, strings)
        };
        let whole = run(usize::MAX, false);
        assert!(!whole.2.is_empty() && whole.1.iter().any(|f| !f.lex.is_empty()));
        assert!(whole.0.iter().any(|f| !f.names.is_empty()));
        for chunk in [1, 2, 3, 5, 512, usize::MAX] {
            for named in [false, true] {
                assert_eq!(run(chunk, named), whole, "chunks of {chunk}, named {named}");
            }
        }
        let mut ids = Interner::default();
        assert_eq!(extract(&en, &mut ids, Some(lex)), whole.0);
        assert_eq!(extract(&zh, &mut ids, Some(lex)), whole.1);
        assert_eq!(chunk_size(10), CHUNK);
        assert!(chunk_size(10_000_000) <= MAX_CHUNK);
    }

    /// An English document of many chunks, its names found before
    /// extraction ([`english_names`], chunk by chunk) or by it: the same
    /// features and ids.
    #[test]
    fn english_names_found_before_are_those_extraction_finds() {
        use crate::document::{Document, InputMode};
        let lex = Lexicon::embedded();
        let pieces = [
            "Wang Yi met Chen Qingyang in Beijing. ",
            "Esau and Jacob, Esau's brother. ",
            "Nothing here at all. ",
            "Zhang Wei, Zhang Wei and Li Na Lina met Zoë Müller. ",
            "The LORD God said to Abraham: Abraham! ",
        ];
        let text: String = (0..2 * CHUNK + 7)
            .map(|k| pieces[(k * k + k / 3) % pieces.len()])
            .collect();
        let en = Document::from_text("en", text, Lang::En, InputMode::Raw).unwrap();
        assert!(en.len() > 2 * CHUNK);
        let names = english_names(&en);
        assert!(names.candidates.is_sorted() && names.candidates.len() > 5);
        for chunk in [7, CHUNK, 4 * CHUNK] {
            let mut plain = Interner::default();
            let want = extract_in_chunks(&en, &mut plain, Some(lex), None, chunk);
            let mut ids = Interner::default();
            let got = extract_in_chunks(&en, &mut ids, Some(lex), Some(&names), chunk);
            assert!(got == want, "chunks of {chunk}");
            assert_eq!(ids.strings(), plain.strings());
            // The candidates are the features' names.
            let mut found: Vec<&str> = got
                .iter()
                .flat_map(|f| f.names.iter().map(|&c| ids.resolve(c)))
                .collect();
            found.sort_unstable();
            found.dedup();
            assert_eq!(found, names.candidates);
        }
    }

    #[test]
    fn names_meet_by_pinyin() {
        use crate::document::{Document, InputMode};
        let lex = Lexicon::embedded();
        let mut ids = Interner::default();
        let en_text = "Wang Yi chaired it, Qingyan said. Chen Qingyang came.";
        let en = Document::from_text("en", en_text, Lang::En, InputMode::Raw).unwrap();
        let en_feats = extract(&en, &mut ids, Some(lex));
        let wangyi = ids.id("wangyi");
        assert!(en_feats[0].names.contains(&wangyi));
        // 王毅 spells "wangyi"; 陈清扬 (chenqingyang) nearly spells "qingyan"
        // as its last three characters (qingyang), but "qingyang" is spelled
        // exactly elsewhere, so only a text without it links the near one.
        let zh =
            Document::from_text("zh", "王毅主持会议。清扬说。", Lang::Zh, InputMode::Raw).unwrap();
        let mut zh_feats = extract(&zh, &mut ids, Some(lex));
        chinese_names(&mut zh_feats, &zh, &en_feats, &ids, lex, true);
        assert!(zh_feats[0].names.contains(&wangyi));
        let qingyan = ids.id("qingyan");
        let qingyang = ids.id("qingyang");
        assert!(zh_feats[1].names.contains(&qingyang));
        assert!(!zh_feats[1].names.contains(&qingyan));
        let en2 = Document::from_text("en", "Qingyan said.", Lang::En, InputMode::Raw).unwrap();
        let en2_feats = extract(&en2, &mut ids, Some(lex));
        chinese_names(&mut zh_feats, &zh, &en2_feats, &ids, lex, true);
        assert!(zh_feats[1].names.contains(&qingyan));
        chinese_names(&mut zh_feats, &zh, &en2_feats, &ids, lex, false);
        assert!(zh_feats[1].names.is_empty());
    }

    /// A Chinese document of `n` sentences, `pieces` over and over.
    fn repeated_chinese(pieces: &[&str], n: usize) -> crate::document::Document {
        use crate::document::{Document, InputMode};
        let text: String = (0..n).map(|k| pieces[k % pieces.len()]).collect();
        Document::from_text("zh", text, Lang::Zh, InputMode::Raw).unwrap()
    }

    #[test]
    fn names_do_not_depend_on_the_threads() {
        use crate::document::{Document, InputMode};
        let lex = Lexicon::embedded();
        let mut ids = Interner::default();
        let en_text = "Wang Yi chaired it, Qingyan said. Chen Qingyang came. Esau and Jacob.";
        let en = Document::from_text("en", en_text, Lang::En, InputMode::Raw).unwrap();
        let en_feats = extract(&en, &mut ids, Some(lex));
        // Several chunks, so that jobs (each with its own cache) meet runs
        // other jobs have met.
        let zh = repeated_chinese(
            &[
                "王毅主持会议。",
                "清扬说。",
                "陈清扬来了。",
                "以扫和雅各。",
                "天气很好。",
            ],
            3 * CHUNK + 7,
        );
        assert!(zh.len() > 3 * CHUNK);
        let zh_feats = extract(&zh, &mut ids, Some(lex));
        let wangyi = ids.id("wangyi");
        let names_with = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut feats = zh_feats.clone();
            pool.install(|| chinese_names(&mut feats, &zh, &en_feats, &ids, lex, true));
            feats
        };
        let one = names_with(1);
        assert!(one[0].names.contains(&wangyi));
        assert!(one.iter().filter(|f| !f.names.is_empty()).count() >= 3 * CHUNK / 5);
        for threads in [2, 3, 4] {
            assert!(names_with(threads) == one, "{threads} threads");
        }
        // Outside any pool of this test's: the global one.
        let mut feats = zh_feats.clone();
        chinese_names(&mut feats, &zh, &en_feats, &ids, lex, true);
        assert!(feats == one);
    }

    #[test]
    fn a_pooled_cache_comes_back_with_what_it_holds() {
        let pool = CachePool::default();
        let key = PackedRun::of([3, 4, NO_READING, NO_READING]);
        {
            let mut cache = pool.take();
            assert!(cache.get(key).is_none());
            cache.insert(key, Spelled::Exactly(9));
        }
        // Given back: the next job goes on with it.
        let first = pool.take();
        assert!(matches!(first.get(key), Some(Spelled::Exactly(9))));
        // Held: another job gets a cache of its own, empty.
        let second = pool.take();
        assert!(second.get(key).is_none());
        drop(first);
        drop(second);
        assert_eq!(pool.0.lock().unwrap().len(), 2);
    }

    #[test]
    fn names_spelled_while_the_features_are_extracted_are_those_found_after() {
        // The aligner's way: the English names found in the text and looked
        // for in the Chinese text while both sides are extracted, then
        // given their ids; against the names looked for after extraction.
        use crate::document::{Document, InputMode};
        let lex = Lexicon::embedded();
        let en_text = "Wang Yi chaired it, Qingyan said. Chen Qingyang came. Esau and Jacob. \
                       Zhang Wei met Wang Yi.";
        let en = Document::from_text("en", en_text, Lang::En, InputMode::Raw).unwrap();
        let zh = repeated_chinese(
            &[
                "王毅主持会议。",
                "清扬说。",
                "陈清扬来了。",
                "以扫和雅各。",
                "张伟来了。",
            ],
            2 * CHUNK + 3,
        );
        for fuzzy in [false, true] {
            for zh_first in [false, true] {
                let order = |a, b| if zh_first { (b, a) } else { (a, b) };
                let (first, second) = order(&en, &zh);
                // After: both sides extracted, then the names.
                let mut ids = Interner::default();
                let one = extract(first, &mut ids, Some(lex));
                let two = extract(second, &mut ids, Some(lex));
                let (en_feats, mut after) = if zh_first { (two, one) } else { (one, two) };
                chinese_names(&mut after, &zh, &en_feats, &ids, lex, fuzzy);
                let wangyi = ids.id("wangyi");
                // During, the English names found once (before).
                let mut ids = Interner::default();
                let names = english_names(&en);
                let candidates = &names.candidates;
                let named = |doc: &Document| Some(&names).filter(|_| doc.lang() == Lang::En);
                let ((one, two), spelled) = rayon::join(
                    || {
                        let one = extract_named(first, &mut ids, Some(lex), named(first));
                        (
                            one,
                            extract_named(second, &mut ids, Some(lex), named(second)),
                        )
                    },
                    || spell_names(&zh, candidates, lex, fuzzy),
                );
                let (en_feats, mut during) = if zh_first { (two, one) } else { (one, two) };
                // The candidates are the English features' names.
                let mut names: Vec<&str> = en_feats
                    .iter()
                    .flat_map(|f| f.names.iter().map(|&c| ids.resolve(c)))
                    .collect();
                names.sort_unstable();
                names.dedup();
                assert_eq!(candidates, &names);
                let known: Vec<u32> = candidates.iter().map(|c| ids.known(c).unwrap()).collect();
                spelled.give(&mut during, &known);
                assert!(during == after, "fuzzy: {fuzzy}, Chinese first: {zh_first}");
                assert!(during[0].names.contains(&wangyi));
            }
        }
    }

    #[test]
    fn english_stems_are_the_lexicons_even_for_a_final_sigma() {
        use crate::document::{Document, InputMode};
        let text = "ΟΔΟΣ ΟΔΟΣ city's Cooperation";
        let mut ids = Interner::default();
        let doc = Document::from_text("en", text, Lang::En, InputMode::Raw).unwrap();
        let feats = extract(&doc, &mut ids, Some(Lexicon::embedded()));
        let got: Vec<&str> = feats[0].keys.iter().map(|&k| ids.resolve(k)).collect();
        let want: Vec<String> = crate::lexicon::english_stems(text)
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn quick_folding_is_folding() {
        for text in [
            "The UN's 75th anniversary, COVID-19?",
            "联合国成立７５周年，ＣＯＶＩＤ－１９？",
            "以扫的儿子，提幔。",
            "ΟΔΟΣ Straße ﬁ ½ Ⅻ",
            "",
        ] {
            assert_eq!(fold_quickly(text), fold(text), "{text}");
            assert_eq!(fold_quickly(text), fold_quickly_by_chars(text), "{text}");
        }
        // Into a buffer that held another sentence, ASCII or not, folded
        // quickly or not (`Ⅻ` is not): the buffer holds this fold alone.
        let texts = [
            "The UN's 75th.",
            "联合国成立７５周年，",
            "ΟΔΟΣ Ⅻ",
            "",
            "以扫",
        ];
        let mut reused = String::new();
        for before in texts {
            for text in texts {
                fold_quickly_into(before, &mut reused);
                fold_quickly_into(text, &mut reused);
                assert_eq!(reused, fold(text), "{before} {text}");
            }
        }
    }

    /// Every character [`fold_of`] folds alone folds as [`fold`] folds
    /// it; and next to any other character (every 61st code point, and
    /// combining marks, which compose with what precedes them) the text
    /// folds as [`fold`] folds it.
    #[test]
    fn folding_by_character_is_folding() {
        let mut quick = Vec::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut out = String::new();
            if fold_char(c, &mut out) {
                assert_eq!(out, fold(&c.to_string()), "U+{:04X}", c as u32);
                quick.push(c);
            } else {
                assert!(out.is_empty());
            }
        }
        assert!(quick.len() > 27_000);
        // All of them in a row, and in rows broken by the others: copied a
        // stretch at a time as they were pushed one by one.
        let all: String = quick.iter().collect();
        assert_eq!(fold_quickly(&all), fold_quickly_by_chars(&all));
        assert_eq!(fold_quickly(&all), fold(&all));
        // Every 211th code point (about 5,300 across the planes; every 61st
        // until the debug test run grew too long) and the marks that
        // compose with what precedes them.
        let others: Vec<char> = (0..=0x10FFFFu32)
            .step_by(211)
            .chain(0x300..0x370)
            .chain([0x3099, 0x309A, 0xFF9E, 0xFF9F, 0x1161, 0x11A8])
            .filter_map(char::from_u32)
            .collect();
        let samples = [
            'a', 'Z', '7', '，', '．', 'Ａ', '、', '《', '—', '“', '…', '\u{3000}', '·', '中',
        ];
        for &a in quick.iter().step_by(401).chain(&samples) {
            for &b in &others {
                for text in [format!("{a}{b}"), format!("{b}{a}"), format!("{a}{b}{a}")] {
                    assert_eq!(fold_quickly(&text), fold(&text), "{text:?}");
                    assert_eq!(fold_quickly(&text), fold_quickly_by_chars(&text));
                }
            }
        }
    }

    #[test]
    fn near_lengths_are_within_two() {
        let bits = |r: std::ops::RangeInclusive<u32>| r.fold(0u64, |m, b| m | 1 << b);
        assert_eq!(near_lengths(0), bits(0..=2));
        assert_eq!(near_lengths(1), bits(0..=3));
        assert_eq!(near_lengths(7), bits(5..=9));
        assert_eq!(near_lengths(61), bits(59..=63));
        assert_eq!(near_lengths(64), bits(62..=63));
        assert_eq!(near_lengths(1000), bits(63..=63));
    }

    /// The stems kept per thread are the stems.
    #[test]
    fn cached_stems_are_the_stems() {
        for w in [
            "cooperation",
            "the",
            "began",
            "a",
            "12",
            "city's",
            "'tis",
            "ς",
        ] {
            for _ in 0..2 {
                assert_eq!(
                    cached_content_stem(w, str::to_string),
                    crate::lexicon::content_stem(w),
                    "{w}"
                );
            }
        }
    }

    /// Tokens and counts found with runs of ASCII letters and digits taken
    /// whole are those found character by character (the oracle), on
    /// sentences of every script and punctuation inside and around tokens.
    #[test]
    fn tokens_scanned_by_runs_are_tokens_scanned_by_chars() {
        let pieces = [
            "abc", "A1", "42", "-", ".", ",", "'", " ", "x-ray", "3.14", "1,000", "王毅", "，",
            "。", "ａｂ", "カナ", "한글", "é", "ß", "Σ", "٣", "—", "\"", "(", ")", "U.S.", "--",
        ];
        let mut texts: Vec<String> = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in ["", " ", "z", "9", "王", "-"] {
                    texts.push(format!("{a}{b}{c}"));
                    texts.push(format!("{c}{a}{c}{b}"));
                }
            }
        }
        texts.push(String::new());
        texts.push(
            "Yes, it is. 世卫组织（WHO）说：“好！” In 1,000 B.C. the well-known x-ray".into(),
        );
        for text in &texts {
            let mut found = Vec::new();
            let (han, alnum) = scan_tokens(text, |t| found.push(t));
            assert_eq!((han, alnum, found), scan_tokens_by_chars(text), "{text:?}");
        }
    }

    /// A token's bytes or-ed in [`TOKEN_BYTES`] say what the byte tests of
    /// the token say: a digit, all letters, digits or hyphens, a letter.
    #[test]
    fn token_classes_are_the_byte_tests() {
        let class = |t: &[u8]| t.iter().fold(0, |c, &b| c | TOKEN_BYTES[usize::from(b)]);
        let mut tokens: Vec<Vec<u8>> = (0..=255u8).map(|b| vec![b]).collect();
        for a in 0..=255u8 {
            for b in [b'a', b'Z', b'0', b'9', b'-', b'.', b'\'', 0x80, 0xE4, 0xFF] {
                tokens.push(vec![a, b]);
                tokens.push(vec![b, a, b]);
            }
        }
        for t in &tokens {
            let c = class(t);
            assert_eq!(
                c & TOKEN_DIGIT != 0,
                t.iter().any(u8::is_ascii_digit),
                "{t:?}"
            );
            let plain = t.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-');
            assert_eq!(c & TOKEN_OTHER == 0, plain, "{t:?}");
            if plain {
                assert_eq!(c & TOKEN_LETTER != 0, t.iter().any(u8::is_ascii_alphabetic));
            }
        }
    }

    /// A sentence's ids remapped in place (every new id fits an entry)
    /// are those remapped entry by entry, and entry by entry an id past
    /// [`LexEntry::MAX_STEM`] drops its entries.
    #[test]
    fn remapped_in_place_is_remapped_entry_by_entry() {
        let remap = [5, 3, 0, 4, 1, 2, 9, 7, 6, 8];
        let f = SentenceFeatures {
            numbers: vec![3, 1, 2, 1],
            latin: vec![0, 4, 9],
            keys: vec![7, 7, 2],
            bigrams: vec![6, 8, 6],
            names: vec![5],
            lex: (0..200)
                .filter_map(|k: usize| LexEntry::new((k * 7 % 10) as u32, k % MAX_WORDS))
                .collect(),
            ..Default::default()
        };
        let (mut fast, mut slow) = (f.clone(), f.clone());
        fast.remap(&remap, true);
        slow.remap(&remap, false);
        assert_eq!(fast, slow);
        assert_eq!(fast.lex.len(), 200);
        assert!(fast.lex.is_sorted());
        assert_eq!(fast.numbers, [0, 3, 3, 4]);
        let mut far = remap;
        far[3] = LexEntry::MAX_STEM + 1;
        let mut dropped = f.clone();
        dropped.remap(&far, false);
        assert_eq!(dropped.lex.len(), 180);
        assert!(
            dropped
                .lex
                .iter()
                .all(|e| e.stem() != LexEntry::MAX_STEM + 1)
        );
    }

    #[test]
    fn lex_entries_sort_by_stem_then_position() {
        let e = |s, p| LexEntry::new(s, p).unwrap();
        let mut v = [e(7, 3), e(2, 63), e(7, 0), e(LexEntry::MAX_STEM, 1)];
        v.sort_unstable();
        let got: Vec<(u32, usize)> = v.iter().map(|x| (x.stem(), x.pos())).collect();
        assert_eq!(got, [(2, 63), (7, 0), (7, 3), (LexEntry::MAX_STEM, 1)]);
        assert_eq!(LexEntry::new(LexEntry::MAX_STEM + 1, 0), None);
        assert_eq!(LexEntry::new(1, MAX_WORDS), None);
        // The first entry of an entry's stem, as `new` makes it.
        for stem in [0, 1, 7, 12_345, LexEntry::MAX_STEM - 1, LexEntry::MAX_STEM] {
            for pos in [0, 1, 31, MAX_WORDS - 1] {
                let first = e(stem, pos).first_of_stem();
                assert_eq!(Some(first), LexEntry::new(stem, 0), "{stem} {pos}");
            }
        }
    }

    /// Trial 23: 9420万 and *94.2 million* are one amount; so are 21.5万亿
    /// and *21.5 trillion*. A bare 9420 meets no *94.2*.
    #[test]
    fn scaled_amounts_meet_by_value() {
        let mut ids = Interner::default();
        let mut shared = |zh: &str, en: &str| {
            let z = sentence_features(zh, Lang::Zh, &mut ids);
            let e = sentence_features(en, Lang::En, &mut ids);
            z.numbers.iter().filter(|n| e.numbers.contains(n)).count()
        };
        assert_eq!(
            shared(
                "发送旅客9420万人次。",
                "It carried 94.2 million passengers."
            ),
            1
        );
        // The same digits and the same value: both meet, as they should.
        assert_eq!(
            shared("出口21.5万亿元。", "Exports reached 21.5 trillion yuan."),
            2
        );
        assert_eq!(shared("增长3万人。", "30,000 more people."), 1);
        assert_eq!(
            shared("发送旅客9420人次。", "It carried 94.2 passengers."),
            0
        );
        // One id per value: the literal and the value of 2,000 are one.
        let f = sentence_features("It cost 2,000 yuan.", Lang::En, &mut ids);
        assert_eq!(f.numbers.len(), 1);
    }

    #[test]
    fn numbers_have_one_spelling() {
        assert_eq!(canonical_number("007"), "7");
        assert_eq!(canonical_number("0.50"), "0.5");
        assert_eq!(canonical_number("3.0"), "3");
        assert_eq!(canonical_number("0"), "0");
        let mut ids = Interner::default();
        let a = sentence_features("0.5m and 0.5 and 0th", Lang::En, &mut ids);
        assert_eq!(a.numbers, vec![ids.id("0.5"), ids.id("0.5"), ids.id("0")]);
    }

    #[test]
    fn numbers_are_normalized() {
        let mut ids = Interner::default();
        let a = sentence_features("共1,000人，增长3.5%，５月８日", Lang::Zh, &mut ids);
        let b = sentence_features("1000 people, up 3.5%, May 8th", Lang::En, &mut ids);
        assert_eq!(a.numbers.len(), 4);
        assert!(b.numbers.iter().all(|n| a.numbers.contains(n)));
    }

    #[test]
    fn latin_tokens_and_lengths() {
        let mut ids = Interner::default();
        let zh = sentence_features("世卫组织（WHO）说：“好！”", Lang::Zh, &mut ids);
        assert_eq!(zh.latin, vec![ids.id("who")]);
        assert!(zh.exclamation && !zh.question);
        assert_eq!(zh.len, 7.0); // 世卫组织说好 + WHO
        let en = sentence_features("Yes, it is.", Lang::En, &mut ids);
        assert_eq!(en.len, 7.0);
        assert_eq!(en.latin.len(), 3);
    }
}
