//! English sentence boundaries.
//!
//! A sentence ends after a run of `.`, `?`, `!` or `…` (with the closing
//! quotes and brackets that follow) when whitespace follows and the next word
//! starts with an upper-case letter, a digit, an opening quote or bracket, or a
//! letter of a caseless script. Abbreviations are handled by the word before a
//! single period:
//! - titles before names (`Mr.`, `Dr.`, `Prof.` …), `e.g.`, `i.e.`, `vs.`,
//!   single initials (`J. R. R. Tolkien`) and upper-case initialisms
//!   (`U.S.`, `U.N.`, `Ph.D.`) never end a sentence inside a paragraph;
//! - other abbreviations (`etc.`, `Inc.`, `Jan.`, `No.`, `a.m.` …) do not end a
//!   sentence before a digit (`No. 5`, `Jan. 5`), and do before a capital.
//!
//! Decimals, versions, URLs (`3.14`, `v2.0.1`, `example.com`) never break,
//! since no whitespace follows their periods.

use super::is_closer;

/// Titles and abbreviations that never end a sentence inside a paragraph.
const NEVER_BREAK: &[&str] = &[
    "mr", "mrs", "ms", "mssrs", "messrs", "dr", "prof", "st", "gen", "col", "capt", "lt", "sgt",
    "cpl", "maj", "brig", "adm", "cmdr", "rev", "hon", "gov", "sen", "rep", "pres", "mt", "ft",
    "e.g", "i.e", "vs", "viz", "cf", "mme", "mlle", "fr",
];

/// Abbreviations that end a sentence only before a capitalised word.
const BEFORE_DIGIT: &[&str] = &[
    "no", "nos", "nr", "vol", "vols", "p", "pp", "fig", "figs", "art", "sec", "ch", "chap", "ed",
    "eds", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "etc", "inc", "ltd",
    "co", "corp", "jr", "sr", "approx", "dept", "ave", "rd", "blvd", "est", "a.m", "p.m", "al",
    "ca", "op", "para", "tel", "min", "max",
];

/// Returns the byte offsets (within `para`) where sentences end.
pub fn sentence_ends(para: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut ends = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        if !is_terminator(c) {
            k += 1;
            continue;
        }
        let run_start = k;
        while k < chars.len() && is_terminator(chars[k].1) {
            k += 1;
        }
        let run: String = chars[run_start..k].iter().map(|&(_, c)| c).collect();
        while k < chars.len() && is_closer(chars[k].1) {
            k += 1;
        }
        let Some(&(end, after)) = chars.get(k) else {
            break; // end of paragraph
        };
        if !after.is_whitespace() {
            continue;
        }
        let Some(next) = chars[k..]
            .iter()
            .map(|&(_, c)| c)
            .find(|c| !c.is_whitespace())
        else {
            break;
        };
        if !starts_sentence(next) {
            continue;
        }
        let ellipsis = run.chars().all(|c| c == '.' || c == '…') && run != ".";
        if ellipsis && next.is_ascii_digit() {
            continue; // "Counting down... 3, 2, 1"
        }
        if run == "." {
            let word = word_before(para, chars[run_start].0);
            if !period_ends_sentence(word, next) {
                continue;
            }
        }
        ends.push(end);
    }
    ends
}

fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '?' | '!' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '？' | '！' | '。'
    )
}

/// Whether a character can begin a new sentence after a terminator.
fn starts_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '¿' | '¡')
        || (c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase())
}

/// The word immediately before byte offset `at`, without leading punctuation.
fn word_before(para: &str, at: usize) -> &str {
    let head = &para[..at];
    let start = head
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '\'' | '‘' | '['))
        .map_or(0, |p| {
            p + head[p..].chars().next().map_or(1, char::len_utf8)
        });
    &head[start..]
}

/// Decides whether a single period after `word` ends the sentence, given the
/// first character of the next word (already known to start a sentence).
fn period_ends_sentence(word: &str, next: char) -> bool {
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    if NEVER_BREAK.contains(&lower.as_str()) {
        return false;
    }
    let mut letters = word.chars();
    if let (Some(first), None) = (letters.next(), letters.next()) {
        // A single upper-case initial: "John F. Kennedy".
        if first.is_uppercase() {
            return false;
        }
    }
    if is_initialism(word) {
        // U.S., U.N., Ph.D. keep going; a.m. and p.m. are handled below.
        if word.chars().any(char::is_uppercase) {
            return false;
        }
    }
    if BEFORE_DIGIT.contains(&lower.as_str()) {
        return !next.is_ascii_digit();
    }
    true
}

/// Letters separated by single periods: `U.S`, `a.m`, `Ph.D`.
fn is_initialism(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| {
            !part.is_empty() && part.len() <= 2 && part.chars().all(char::is_alphabetic)
        })
}

#[cfg(test)]
mod tests {
    use crate::Lang;
    use crate::segment::Segmenter;

    fn split(text: &str) -> Vec<&str> {
        Segmenter::new(Lang::En)
            .split_paragraph(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            split("Mr. J. R. R. Tolkien wrote it."),
            ["Mr. J. R. R. Tolkien wrote it."]
        );
        assert_eq!(
            split("The U.S. State Department agreed."),
            ["The U.S. State Department agreed."]
        );
        assert_eq!(
            split("See No. 5 now. Then go."),
            ["See No. 5 now.", "Then go."]
        );
        assert_eq!(
            split("Pens, paper, etc. The shop opens."),
            ["Pens, paper, etc.", "The shop opens."]
        );
    }

    #[test]
    fn quotes_and_lower_case_continuation() {
        assert_eq!(
            split("He said \"Go.\" Then he left."),
            ["He said \"Go.\"", "Then he left."]
        );
        assert_eq!(
            split("Wait... and then? Yes?! Fine."),
            ["Wait... and then?", "Yes?!", "Fine."]
        );
        assert_eq!(split("Pi is 3.14 today."), ["Pi is 3.14 today."]);
    }
}
