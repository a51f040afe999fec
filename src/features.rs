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
use crate::lang::Lang;
use crate::lexicon::{Lexicon, english_stems};
use crate::normalize::{fold, is_han};
use crate::numbers::{chinese_values, english_values};
use std::collections::HashMap;

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
    /// Lexical evidence: `(stem id, word position)`, sorted by stem id.
    pub lex: Vec<(u32, u8)>,
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
    /// Chinese: interned pinyin of runs of Han characters, plus the English
    /// candidates they nearly spell ([`link_names`]). Sorted.
    pub names: Vec<u32>,
}

/// Maps strings to small integers shared by both sides of a bitext, so that
/// comparing tokens is comparing integers.
#[derive(Debug, Default)]
pub struct Interner {
    ids: HashMap<String, u32>,
    strings: Vec<String>,
}

impl Interner {
    /// The id of `s`, allocating one on first sight.
    pub fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(s.to_string(), id);
        self.strings.push(s.to_string());
        id
    }

    /// The string of an id.
    pub fn resolve(&self, id: u32) -> &str {
        &self.strings[id as usize]
    }
}

/// Computes the features of every sentence of a document, with lexical
/// words, names and weights when a lexicon is given.
pub fn extract(
    doc: &Document,
    interner: &mut Interner,
    lexicon: Option<&Lexicon>,
) -> Vec<SentenceFeatures> {
    let mut feats: Vec<SentenceFeatures> = (0..doc.len())
        .map(|i| {
            let text = doc.sentence_text(i);
            let mut f = sentence_features(text, doc.lang(), interner);
            if let Some(lex) = lexicon {
                lexical_features(&mut f, text, doc.lang(), lex, interner);
            }
            f
        })
        .collect();
    weigh(&mut feats);
    feats
}

/// Adds the lexical words and names of one sentence.
pub fn lexical_features(
    f: &mut SentenceFeatures,
    text: &str,
    lang: Lang,
    lex: &Lexicon,
    interner: &mut Interner,
) {
    match lang {
        Lang::Zh => {
            let words = lex.words(text);
            f.bigrams = loose_bigrams(text, &words)
                .into_iter()
                .map(|b| interner.id(b))
                .collect();
            f.bigrams.sort_unstable();
            f.bigrams.dedup();
            for (pos, w) in words.into_iter().take(MAX_WORDS).enumerate() {
                f.keys.push(interner.id(w.text));
                for stem in w.stems.split(' ') {
                    f.lex.push((interner.id(stem), pos as u8));
                }
            }
            f.names = pinyin_windows(text, lex)
                .iter()
                .map(|w| interner.id(w))
                .collect();
            f.names.sort_unstable();
        }
        Lang::En => {
            for (stem, pos) in english_stems(text).into_iter().take(MAX_WORDS) {
                let id = interner.id(&stem);
                f.keys.push(id);
                f.lex.push((id, pos as u8));
            }
            f.names = name_candidates(text)
                .iter()
                .map(|w| interner.id(w))
                .collect();
            f.names.sort_unstable();
        }
    }
    f.lex.sort_unstable();
}

/// Pairs of adjacent Han characters of `text` neither of which lies inside
/// one of `words` of two or more characters (the dictionary words found in
/// it): the pieces of what the dictionary could only read character by
/// character, such as a transliterated name (以扫, 提幔).
pub fn loose_bigrams<'t>(text: &'t str, words: &[crate::lexicon::Word<'t, '_>]) -> Vec<&'t str> {
    let mut covered: Vec<(usize, usize)> = words
        .iter()
        .filter(|w| w.text.chars().nth(1).is_some())
        .map(|w| (w.start, w.start + w.text.len()))
        .collect();
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

/// Gives every word an inverse-document-frequency weight, `ln(1 + N/df)`,
/// scaled so that the average word of the document weighs 1.
pub fn weigh(feats: &mut [SentenceFeatures]) {
    let mut df: HashMap<u32, u32> = HashMap::new();
    for f in feats.iter() {
        let mut keys = f.keys.clone();
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            *df.entry(k).or_default() += 1;
        }
    }
    let n = feats.len().max(1) as f64;
    let (mut sum, mut count) = (0.0f64, 0usize);
    for f in feats.iter_mut() {
        f.weights = f
            .keys
            .iter()
            .map(|k| (1.0 + n / f64::from(df[k])).ln() as f32)
            .collect();
        sum += f.weights.iter().map(|&w| f64::from(w)).sum::<f64>();
        count += f.weights.len();
    }
    if count > 0 && sum > 0.0 {
        let scale = (count as f64 / sum) as f32;
        for f in feats.iter_mut() {
            f.weights.iter_mut().for_each(|w| *w *= scale);
        }
    }
}

/// Lets Chinese pinyin runs that nearly spell an English name candidate of
/// the other document count as that name: Jaro–Winkler similarity ≥ 0.93,
/// the same first two letters and lengths within two letters
/// (`qingyan` ~ `qingyang`). Exact spellings already share an id.
pub fn link_names(zh: &mut [SentenceFeatures], en: &[SentenceFeatures], interner: &Interner) {
    let mut candidates: Vec<u32> = en.iter().flat_map(|f| f.names.iter().copied()).collect();
    candidates.sort_unstable();
    candidates.dedup();
    let mut windows: Vec<u32> = zh.iter().flat_map(|f| f.names.iter().copied()).collect();
    windows.sort_unstable();
    windows.dedup();
    // Candidates with no exact spelling on the Chinese side, by first two letters.
    let mut by_prefix: HashMap<&str, Vec<u32>> = HashMap::new();
    for &c in &candidates {
        let name = interner.resolve(c);
        if windows.binary_search(&c).is_err() && name.len() >= 2 {
            by_prefix.entry(&name[..2]).or_default().push(c);
        }
    }
    if by_prefix.is_empty() {
        return;
    }
    let mut alias: HashMap<u32, Vec<u32>> = HashMap::new();
    for &w in &windows {
        let pinyin = interner.resolve(w);
        let Some(similar) = pinyin.get(..2).and_then(|p| by_prefix.get(p)) else {
            continue;
        };
        for &c in similar {
            let name = interner.resolve(c);
            if name.len().abs_diff(pinyin.len()) <= 2 && strsim::jaro_winkler(name, pinyin) >= 0.93
            {
                alias.entry(w).or_default().push(c);
            }
        }
    }
    if alias.is_empty() {
        return;
    }
    for f in zh.iter_mut() {
        let extra: Vec<u32> = f
            .names
            .iter()
            .filter_map(|w| alias.get(w))
            .flatten()
            .copied()
            .collect();
        if !extra.is_empty() {
            f.names.extend(extra);
            f.names.sort_unstable();
            f.names.dedup();
        }
    }
}

/// Toneless pinyin of every run of 2 to 4 Han characters, sorted, unique.
fn pinyin_windows(text: &str, lex: &Lexicon) -> Vec<String> {
    let syllables: Vec<Option<String>> = text
        .chars()
        .map(|c| {
            let mut buf = [0u8; 4];
            let s: &str = c.encode_utf8(&mut buf);
            is_han(c)
                .then(|| lex.pinyin(s).map(|p| p.replace(' ', "")))
                .flatten()
        })
        .collect();
    let mut out = Vec::new();
    for start in 0..syllables.len() {
        let mut joined = String::new();
        for len in 1..=4 {
            match syllables.get(start + len - 1) {
                Some(Some(s)) => joined.push_str(s),
                _ => break,
            }
            if len >= 2 {
                out.push(joined.clone());
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Capitalised words of an English sentence that may be transliterated
/// Chinese names, and adjacent pairs of them joined (`Wang Yi` → `wangyi`).
/// Candidates shorter than 5 letters are too ambiguous to use alone.
fn name_candidates(text: &str) -> Vec<String> {
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '-'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut prev: Option<String> = None;
    for tok in &tokens {
        let capitalised = tok.chars().next().is_some_and(char::is_uppercase)
            && tok.chars().skip(1).all(|c| !c.is_uppercase());
        let word: String = tok
            .chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .collect();
        let english = crate::lexicon::is_stopword(&word);
        if !capitalised || english || !word.is_ascii() {
            prev = None;
            continue;
        }
        if word.len() >= 5 {
            out.push(word.clone());
        }
        if let Some(p) = prev.take() {
            out.push(format!("{p}{word}"));
        }
        prev = Some(word);
    }
    out.sort_unstable();
    out.dedup();
    out
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
    let folded = fold(text);
    let mut f = SentenceFeatures::default();
    let mut han = 0usize;
    let mut alnum = 0usize;
    let mut token = String::new();
    let mut tokens = 0usize;
    let mut flush = |token: &mut String, f: &mut SentenceFeatures, tokens: &mut usize| {
        let t = token.trim_matches(|c: char| c == '-' || c == '.' || c == ',');
        if !t.is_empty() {
            *tokens += 1;
            number_of(t, interner, &mut f.numbers);
            let word: String = t
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '-')
                .collect();
            if word.chars().any(char::is_alphabetic) && word.chars().count() >= 2 {
                f.latin.push(interner.id(&word));
            }
        }
        token.clear();
    };
    for c in folded.chars() {
        if is_han(c) {
            han += 1;
        } else if c.is_alphanumeric() {
            alnum += 1;
        }
        let in_token = (c.is_alphanumeric() && !is_han(c) && !is_kana_or_hangul(c))
            || (!token.is_empty() && matches!(c, '-' | '.' | ',' | '\''));
        if in_token {
            token.push(c);
        } else {
            flush(&mut token, &mut f, &mut tokens);
        }
    }
    flush(&mut token, &mut f, &mut tokens);
    f.digit_numbers = f.numbers.len();
    let words = match lang {
        Lang::Zh => chinese_values(&folded),
        Lang::En => english_values(&folded),
    };
    for v in words {
        f.numbers.push(interner.id(&v.to_string()));
    }
    f.len = match lang {
        Lang::Zh => (han + tokens) as f64,
        Lang::En => alnum as f64,
    };
    f.numbers.sort_unstable();
    f.latin.sort_unstable();
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

fn is_kana_or_hangul(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0xAC00..=0xD7AF | 0x1100..=0x11FF)
}

/// Pushes the number held in a token, if any: its digits with thousands
/// separators removed and a decimal part kept (`1,000` → `1000`, `3.5` →
/// `3.5`, `8th` → `8`, `covid-19` → `19`).
fn number_of(token: &str, interner: &mut Interner, out: &mut Vec<u32>) {
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
    fn names_meet_by_pinyin() {
        let lex = Lexicon::embedded();
        let mut ids = Interner::default();
        let mut zh = [sentence_features("王毅主持会议", Lang::Zh, &mut ids)];
        lexical_features(&mut zh[0], "王毅主持会议", Lang::Zh, lex, &mut ids);
        let mut en = [sentence_features(
            "Wang Yi chaired it, Qingyan said",
            Lang::En,
            &mut ids,
        )];
        lexical_features(
            &mut en[0],
            "Wang Yi chaired it, Qingyan said",
            Lang::En,
            lex,
            &mut ids,
        );
        let wangyi = ids.id("wangyi");
        assert!(en[0].names.contains(&wangyi));
        assert!(zh[0].names.contains(&wangyi));
        // 陈清扬 → chenqingyang; "Qingyan" is near "qingyang".
        let mut zh2 = [sentence_features("陈清扬说", Lang::Zh, &mut ids)];
        lexical_features(&mut zh2[0], "陈清扬说", Lang::Zh, lex, &mut ids);
        link_names(&mut zh2, &en, &ids);
        assert!(zh2[0].names.contains(&ids.id("qingyan")));
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
