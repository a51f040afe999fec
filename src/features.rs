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
//!   (before closing quotes).

use crate::document::Document;
use crate::lang::Lang;
use crate::normalize::{fold, is_han};
use std::collections::HashMap;

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
}

/// Maps strings to small integers shared by both sides of a bitext, so that
/// comparing tokens is comparing integers.
#[derive(Debug, Default)]
pub struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    /// The id of `s`, allocating one on first sight.
    pub fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(s.to_string(), id);
        id
    }
}

/// Computes the features of every sentence of a document.
pub fn extract(doc: &Document, interner: &mut Interner) -> Vec<SentenceFeatures> {
    (0..doc.len())
        .map(|i| sentence_features(doc.sentence_text(i), doc.lang(), interner))
        .collect()
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
            out.push(interner.id(digits.trim_start_matches('0').trim_start_matches('.')));
            digits.clear();
        }
        k += 1;
    }
    if !digits.is_empty() {
        let d = digits.trim_start_matches('0');
        out.push(interner.id(if d.is_empty() { "0" } else { d }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
