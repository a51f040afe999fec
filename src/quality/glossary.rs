//! Terminology glossaries: `zh TAB en`, one term a line.
//!
//! The format is deliberately small: UTF-8 (a byte-order mark is skipped),
//! lines ending in LF or CRLF, `#` starting a comment line, blank lines
//! ignored. Each entry holds the Chinese term, a tab, and the required
//! English term; several accepted English renderings are separated by `|`
//! (`安理会 TAB Security Council|UNSC`), or given on lines of their own (a
//! term on several lines accepts every rendering they give). Anything else — a line without a tab,
//! an empty side, a third column, a control character — is an error that
//! names the file and the line.

use crate::error::{Error, Result};
use crate::lexicon::stem;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Longest term accepted, in bytes (a glossary term is a phrase, not a text).
pub const MAX_TERM_BYTES: usize = 1000;

/// One glossary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The Chinese term as written.
    pub zh: String,
    /// The accepted English renderings (at least one).
    pub en: Vec<String>,
    /// 1-based line of the glossary file.
    pub line: usize,
}

/// A terminology glossary: Chinese terms and the English renderings that a
/// translation must use for them.
///
/// The parsed glossary is shared: cloning a `Glossary` (as every document of
/// `align`, `batch` and `stream` does for its quality options) copies a
/// pointer, not the terms and their index.
///
/// ```
/// use bitext::quality::Glossary;
/// let g = Glossary::parse("terms.tsv", "# term list\n安理会\tSecurity Council\n多边主义\tmultilateralism\n").unwrap();
/// assert_eq!(g.terms().len(), 2);
/// assert!(Glossary::parse("terms.tsv", "安理会 Security Council\n").is_err());
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    inner: Arc<Parsed>,
}

/// A glossary as parsed, behind [`Glossary`]'s shared pointer.
#[derive(Debug, Default, PartialEq, Eq)]
struct Parsed {
    path: PathBuf,
    terms: Vec<Term>,
    /// Each term's renderings as stemmed words (`terms[k].en[r]` is
    /// `stems[k][r]`), made once.
    stems: Vec<Vec<Vec<String>>>,
    /// The (term, rendering) pairs whose stemmed words start with a word.
    by_first: crate::hash::FastMap<String, Vec<(usize, usize)>>,
    /// Each term's Chinese with traditional characters folded to simplified
    /// ones, as the quality stage reads the segments
    /// ([`crate::normalize::fold_traditional`]; same length in bytes).
    folded: Vec<String>,
}

impl std::fmt::Debug for Glossary {
    /// As the derived form of the fields, under the name `Glossary`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = &*self.inner;
        f.debug_struct("Glossary")
            .field("path", &p.path)
            .field("terms", &p.terms)
            .field("stems", &p.stems)
            .field("by_first", &p.by_first)
            .field("folded", &p.folded)
            .finish()
    }
}

impl Glossary {
    /// Parses glossary text; `path` names the file in errors.
    pub fn parse(path: impl AsRef<Path>, text: &str) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let bad = |line: usize, message: String| Error::BadRecord {
            path: path.clone(),
            line,
            message,
        };
        let mut terms = Vec::new();
        // Each term's place in `terms`.
        let mut index: crate::hash::FastMap<String, usize> = crate::hash::FastMap::default();
        for (k, raw) in text.split('\n').enumerate() {
            let line = k + 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
                continue;
            }
            if let Some(c) = raw.chars().find(|&c| c.is_control() && c != '\t') {
                return Err(bad(
                    line,
                    format!("control character U+{:04X} in a glossary line", c as u32),
                ));
            }
            let mut cols = raw.split('\t');
            let zh = cols.next().unwrap_or("").trim();
            let Some(en) = cols.next() else {
                return Err(bad(
                    line,
                    "no tab: a glossary line is `Chinese term<TAB>English term`".into(),
                ));
            };
            if cols.next().is_some() {
                return Err(bad(
                    line,
                    "more than two tab-separated columns (expected `Chinese term<TAB>English term`)"
                        .into(),
                ));
            }
            if zh.is_empty() {
                return Err(bad(line, "the Chinese term is empty".into()));
            }
            let han = |s: &str| s.chars().any(crate::normalize::is_han);
            if !han(zh) && han(en) {
                return Err(bad(
                    line,
                    format!(
                        "“{zh}” holds no Chinese and “{}” does: a glossary line is `Chinese term<TAB>English term` (are the columns swapped?)",
                        en.trim()
                    ),
                ));
            }
            let en: Vec<String> = en
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if en.is_empty() {
                return Err(bad(line, "the English term is empty".into()));
            }
            if zh.len() > MAX_TERM_BYTES || en.iter().any(|e| e.len() > MAX_TERM_BYTES) {
                return Err(bad(
                    line,
                    format!("a term longer than {MAX_TERM_BYTES} bytes"),
                ));
            }
            // A term on several lines: each line adds accepted renderings
            // (the first line is the one the flags cite).
            if let Some(&k) = index.get(zh) {
                let t: &mut Term = &mut terms[k];
                for e in en {
                    if !t.en.contains(&e) {
                        t.en.push(e);
                    }
                }
                continue;
            }
            index.insert(zh.to_string(), terms.len());
            terms.push(Term {
                zh: zh.to_string(),
                en,
                line,
            });
        }
        let stems: Vec<Vec<Vec<String>>> = terms
            .iter()
            .map(|t| t.en.iter().map(|e| stem_words(e)).collect())
            .collect();
        let mut by_first: crate::hash::FastMap<String, Vec<(usize, usize)>> =
            crate::hash::FastMap::default();
        for (k, renderings) in stems.iter().enumerate() {
            for (r, words) in renderings.iter().enumerate() {
                if let Some(first) = words.first() {
                    by_first.entry(first.clone()).or_default().push((k, r));
                }
            }
        }
        let folded = terms
            .iter()
            .map(|t| crate::normalize::fold_traditional(&t.zh).into_owned())
            .collect();
        Ok(Glossary {
            inner: Arc::new(Parsed {
                path,
                terms,
                stems,
                by_first,
                folded,
            }),
        })
    }

    /// Term `k`'s Chinese as the quality stage matches it: traditional
    /// characters folded to simplified ones, the same length in bytes.
    pub(crate) fn folded_zh(&self, k: usize) -> &str {
        &self.inner.folded[k]
    }

    /// The stemmed words of term `k`'s renderings, in order.
    pub(crate) fn stems(&self, k: usize) -> &[Vec<String>] {
        &self.inner.stems[k]
    }

    /// The (term, rendering) pairs whose stemmed words begin with `word`.
    pub(crate) fn starting_with(&self, word: &str) -> &[(usize, usize)] {
        self.inner.by_first.get(word).map_or(&[], Vec::as_slice)
    }

    /// Reads and parses a glossary file (UTF-8 or UTF-16 with a BOM).
    pub fn read(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let text = crate::read::read_file(path)?;
        Glossary::parse(path, &text)
    }

    /// The file the glossary came from.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The entries, in file order.
    pub fn terms(&self) -> &[Term] {
        &self.inner.terms
    }
}

/// Lower-cased, stemmed word sequence of an English phrase, for matching a
/// term in a text whatever its inflection (`agreements` meets `agreement`).
///
/// ```
/// use bitext::quality::glossary::stem_words;
/// assert_eq!(stem_words("Free-Editions"), stem_words("free edition"));
/// ```
pub fn stem_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| stem(&w.to_lowercase()))
        .collect()
}

/// The lower-cased, stemmed words of an English text with their byte
/// spans (the words [`stem_words`] gives, in order).
pub(crate) fn stem_words_at(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric() && i < text.len(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((stem(&text[s..i].to_lowercase()), s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// True when the stemmed word sequence `needle` occurs in `haystack`.
pub(crate) fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_shares_the_parsed_glossary() {
        // Cloning copies a pointer: the clone's terms are the original's
        // allocation, equal and at the same address.
        let g = Glossary::parse(
            "g.tsv",
            "安理会\tSecurity Council|UNSC\n多边主义\tmultilateralism\n",
        )
        .unwrap();
        let c = g.clone();
        assert_eq!(c, g);
        assert_eq!(c.terms().len(), 2);
        assert!(std::ptr::eq(c.terms(), g.terms()), "the terms were copied");
        assert_eq!(c.path(), Path::new("g.tsv"));
        assert_eq!(c.starting_with("unsc"), g.starting_with("unsc"));
        assert!(!c.starting_with("unsc").is_empty());
        assert_eq!(format!("{c:?}"), format!("{g:?}"));
        assert!(format!("{g:?}").starts_with("Glossary { path: \"g.tsv\", terms: ["));
    }

    #[test]
    fn a_term_on_two_lines_takes_both_renderings() {
        // Two lines for one term are two accepted renderings, not a later
        // line replacing the first (which made every segment that uses the
        // first rendering a terminology error).
        let g = Glossary::parse(
            "g.tsv",
            "多边主义\tmultilateralism\n安理会\tSecurity Council\n多边主义\tpluralism|multilateralism\n",
        )
        .unwrap();
        assert_eq!(g.terms().len(), 2);
        let t = &g.terms()[0];
        assert_eq!((t.zh.as_str(), t.line), ("多边主义", 1));
        assert_eq!(t.en, ["multilateralism", "pluralism"]);
    }

    #[test]
    fn comments_bom_crlf_and_alternatives() {
        let g = Glossary::parse(
            "g.tsv",
            "\u{feff}# c\r\n\r\n安理会\tSecurity Council | UNSC\r\n",
        )
        .unwrap();
        assert_eq!(g.terms()[0].en, ["Security Council", "UNSC"]);
        assert_eq!(g.terms()[0].line, 3);
    }

    #[test]
    fn hostile_lines_name_the_line() {
        for (text, line) in [
            ("a\tb\nno tab here\n", 2),
            ("\tb\n", 1),
            ("a\t \n", 1),
            ("a\tb\tc\n", 1),
            ("a\tb\u{0}\n", 1),
        ] {
            let err = Glossary::parse("g.tsv", text).unwrap_err().to_string();
            assert!(err.starts_with(&format!("g.tsv: line {line}:")), "{err}");
        }
        let long = format!("{}\tx\n", "术".repeat(400));
        assert!(Glossary::parse("g.tsv", &long).is_err());
        // English first: the columns are swapped (it was accepted, and
        // checked nothing).
        let err = Glossary::parse("g.tsv", "Security Council\t安理会\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("g.tsv: line 1: “Security Council” holds no Chinese")
                && err.contains("swapped"),
            "{err}"
        );
        // A Latin term on both sides is fine.
        assert!(Glossary::parse("g.tsv", "API\tAPI\n5G网络\t5G network\n").is_ok());
    }

    #[test]
    fn words_with_their_spans() {
        let w = stem_words_at("The free-edition plans, 10 GB.");
        let stems: Vec<&str> = w.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(stems, stem_words("The free-edition plans, 10 GB."));
        assert_eq!((w[1].1, w[1].2), (4, 8));
        assert_eq!(&"The free-edition plans, 10 GB."[w[3].1..w[3].2], "plans");
    }

    #[test]
    fn stemmed_phrase_matching() {
        let hay = stem_words("They signed international agreements.");
        assert!(contains_words(&hay, &stem_words("International Agreement")));
        assert!(!contains_words(
            &hay,
            &stem_words("agreement international")
        ));
        assert!(!contains_words(&hay, &[]));
    }
}
