//! The pairs TSV that `bitext score` reads: one `source TAB target` a line.
//!
//! The text is taken as written (no escapes: a backslash is a backslash),
//! lines end in LF or CRLF, a byte-order mark is skipped (decoding, UTF-8 or
//! UTF-16 with a BOM, is [`crate::read::decode`]'s job). A line without a
//! tab, or with more than one, or with both sides empty, is an error naming
//! the file and the line ([`parse_pairs`]), or is kept apart as a
//! [`BadLine`] while the rest is read ([`read_pairs`]); one side may be
//! empty (it is scored as an omission or an addition). A final
//! line break does not make an extra line. The TSV `bitext align` writes,
//! `source TAB target TAB score TAB flags`, is read too: its score and flags
//! columns are left aside (the pair is scored afresh).

use crate::error::{Error, Result};
use std::path::Path;

/// Pairs longer than this many bytes on one line are refused: a TSV of
/// sentence pairs does not hold a megabyte on one line.
pub const MAX_LINE_BYTES: usize = 1_000_000;

/// One line of a pairs file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairLine {
    /// 1-based line number in the file.
    pub line: usize,
    /// The source side, as written (surrounding spaces kept).
    pub src: String,
    /// The target side.
    pub tgt: String,
}

/// A line of a pairs file that holds no pair, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based line number in the file.
    pub line: usize,
    /// What is wrong with it (`no tab: …`, `3 columns: …`, …).
    pub message: String,
}

/// Every line of a pairs file, read: the pairs, and the lines that hold
/// none, each in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PairsRead {
    /// The lines that hold a pair.
    pub pairs: Vec<PairLine>,
    /// The lines that do not.
    pub bad: Vec<BadLine>,
}

/// Parses a pairs TSV already decoded to text; `path` names it in errors.
/// The first line that holds no pair is the error (see [`read_pairs`] to
/// read past such lines).
///
/// ```
/// use bitext::quality::pairs::parse_pairs;
/// let p = parse_pairs("pairs.tsv", "你好。\tHello.\n再见。\t\n").unwrap();
/// assert_eq!((p[1].line, p[1].tgt.as_str()), (2, ""));
/// let err = parse_pairs("pairs.tsv", "你好。\tHello.\nno tab\n").unwrap_err();
/// assert!(err.to_string().starts_with("pairs.tsv: line 2: no tab"));
/// ```
pub fn parse_pairs(path: impl AsRef<Path>, text: &str) -> Result<Vec<PairLine>> {
    parse_pairs_capped(path, text, usize::MAX)
}

/// [`parse_pairs`], with a segment longer than `max_segment_bytes` (as
/// written) an error too; reading stops at the first bad line.
///
/// ```
/// use bitext::quality::pairs::parse_pairs_capped;
/// let err = parse_pairs_capped("p.tsv", "你好。\tHello there.\n", 10).unwrap_err();
/// assert!(err.to_string().starts_with("p.tsv: line 1: the target segment is 12 bytes"));
/// ```
pub fn parse_pairs_capped(
    path: impl AsRef<Path>,
    text: &str,
    max_segment_bytes: usize,
) -> Result<Vec<PairLine>> {
    let path = path.as_ref();
    if is_empty(text) {
        return Err(Error::EmptyInput {
            path: path.to_path_buf(),
        });
    }
    let mut out = Vec::new();
    for_each_line(text, max_segment_bytes, |read| match read {
        Ok(pair) => {
            out.push(pair);
            Ok(())
        }
        Err(bad) => Err(Error::BadRecord {
            path: path.to_path_buf(),
            line: bad.line,
            message: bad.message,
        }),
    })?;
    Ok(out)
}

/// Reads every line of a pairs TSV already decoded to text, keeping the
/// lines that hold no pair apart instead of stopping at the first (`bitext
/// score --skip-bad-lines`): the same rules as [`parse_pairs`], and a
/// segment longer than `max_segment_bytes` (as written, before any
/// unescaping) makes its line a bad one too. A text with no line at all
/// reads as nothing.
///
/// ```
/// use bitext::quality::pairs::read_pairs;
/// let read = read_pairs("你好。\tHello.\nno tab\n再见。\tBye.\n", 100_000);
/// assert_eq!(read.pairs.iter().map(|p| p.line).collect::<Vec<_>>(), [1, 3]);
/// assert_eq!(read.bad[0].line, 2);
/// assert!(read.bad[0].message.starts_with("no tab"));
/// ```
pub fn read_pairs(text: &str, max_segment_bytes: usize) -> PairsRead {
    let mut read = PairsRead::default();
    if is_empty(text) {
        return read;
    }
    let kept: std::result::Result<(), std::convert::Infallible> =
        for_each_line(text, max_segment_bytes, |line| {
            match line {
                Ok(pair) => read.pairs.push(pair),
                Err(bad) => read.bad.push(bad),
            }
            Ok(())
        });
    let Ok(()) = kept;
    read
}

/// Why a pair is refused for a segment over `max` bytes (`None` when both
/// fit): `the target segment is 120000 bytes; the limit is …`.
pub fn oversized_segment(src: &str, tgt: &str, max: usize) -> Option<String> {
    [("source", src), ("target", tgt)]
        .into_iter()
        .find(|(_, text)| text.len() > max)
        .map(|(side, text)| {
            format!(
                "the {side} segment is {} bytes; the limit is {max} bytes \
                 (the longest sentence `bitext align` takes): split it, or leave the pair out",
                text.len()
            )
        })
}

fn is_empty(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.strip_suffix('\n').unwrap_or(text).is_empty()
}

/// Reads the lines in order, handing each to `each` as a pair or as a bad
/// line; stops at the first error `each` returns.
fn for_each_line<E>(
    text: &str,
    max_segment_bytes: usize,
    mut each: impl FnMut(std::result::Result<PairLine, BadLine>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let body = text.strip_suffix('\n').unwrap_or(text);
    for (k, raw) in body.split('\n').enumerate() {
        let line = k + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        each(
            parse_line(raw, max_segment_bytes)
                .map_err(|message| BadLine { line, message })
                .map(|(src, tgt)| PairLine { line, src, tgt }),
        )?;
    }
    Ok(())
}

/// One line: its source and target, or what is wrong with it.
fn parse_line(
    raw: &str,
    max_segment_bytes: usize,
) -> std::result::Result<(String, String), String> {
    if raw.len() > MAX_LINE_BYTES {
        return Err(format!(
            "{} bytes on one line; the limit is {MAX_LINE_BYTES}",
            raw.len()
        ));
    }
    if let Some(c) = raw.chars().find(|&c| c.is_control() && c != '\t') {
        return Err(format!("control character U+{:04X}", c as u32));
    }
    let Some((src, tgt)) = raw.split_once('\t') else {
        return Err("no tab: each line must be `source<TAB>target`".into());
    };
    // `bitext align`'s TSV: target, score (0 to 1), flags; its segments
    // are escaped (`\\`, `\t`, `\n`, `\r`), so they are unescaped as
    // `convert` reads them.
    let aligned = match tgt.split('\t').collect::<Vec<_>>().as_slice() {
        [t, score, _flags] if score.parse::<f64>().is_ok_and(|x| (0.0..=1.0).contains(&x)) => {
            Some(*t)
        }
        _ => None,
    };
    if src.trim().is_empty() && aligned.unwrap_or(tgt).trim().is_empty() {
        return Err("both sides are empty: a line holds a source, a target or both (one empty side is scored as an omission or an addition)".into());
    }
    if aligned.is_none() && tgt.contains('\t') {
        return Err(format!(
            "{} columns: each line must be `source<TAB>target` (a tab inside a segment is not allowed), or the 4 columns `bitext align --format tsv` writes (source, target, a score from 0 to 1, flags)",
            tgt.split('\t').count() + 1
        ));
    }
    if let Some(why) = oversized_segment(src, aligned.unwrap_or(tgt), max_segment_bytes) {
        return Err(why);
    }
    Ok(match aligned {
        Some(t) => (
            crate::format::tsv::unescape(src),
            crate::format::tsv::unescape(t),
        ),
        None => (src.to_string(), tgt.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn align_tsv_columns_are_left_aside() {
        let p = parse_pairs(
            "p.tsv",
            "一\tone\t0.9123\t\n二\ttwo\t0.5000\tomission:warning\n",
        )
        .unwrap();
        assert_eq!((p[0].tgt.as_str(), p[1].tgt.as_str()), ("one", "two"));
        assert!(parse_pairs("p.tsv", "一\tone\tx\ty\n").is_err());
    }

    #[test]
    fn align_tsv_segments_are_unescaped() {
        let p = parse_pairs("p.tsv", "C:\\\\temp\\t一\tC:\\\\temp\\none\t0.9\t\n").unwrap();
        assert_eq!(p[0].src, "C:\\temp\t一");
        assert_eq!(p[0].tgt, "C:\\temp\none");
        // Two columns are read as written.
        let p = parse_pairs("p.tsv", "C:\\\\temp\tC:\\temp\n").unwrap();
        assert_eq!(
            (p[0].src.as_str(), p[0].tgt.as_str()),
            ("C:\\\\temp", "C:\\temp")
        );
    }

    #[test]
    fn a_line_with_both_sides_empty_is_refused() {
        // Bug: a line holding only a tab was scored 0.96 with no flag.
        for text in ["a\tb\n\t\n", "a\tb\n \t \n", "a\tb\n\t\t0.5\t\n"] {
            let err = parse_pairs("p.tsv", text).unwrap_err().to_string();
            assert!(
                err.starts_with("p.tsv: line 2: both sides are empty"),
                "{err}"
            );
        }
    }

    #[test]
    fn read_pairs_keeps_the_bad_lines_apart_in_order() {
        let text =
            "\u{feff}a\tb\r\nno tab\r\n\t\n一\ttwo\t0.5\tomission:warning\nx\ty\tz\nlong\tenough\n";
        let read = read_pairs(text, 5);
        let lines = |p: &[PairLine]| p.iter().map(|p| p.line).collect::<Vec<_>>();
        assert_eq!(lines(&read.pairs), [1, 4]);
        assert_eq!(read.pairs[1].tgt, "two");
        let bad: Vec<(usize, &str)> = read
            .bad
            .iter()
            .map(|b| (b.line, b.message.split(':').next().unwrap()))
            .collect();
        assert_eq!(
            bad,
            [
                (2, "no tab"),
                (3, "both sides are empty"),
                (5, "3 columns"),
                (
                    6,
                    "the target segment is 6 bytes; the limit is 5 bytes (the longest sentence `bitext align` takes)"
                ),
            ]
        );
        // The strict reading stops at the first of them, with the same words.
        let err = parse_pairs("p.tsv", text).unwrap_err().to_string();
        assert!(err.starts_with("p.tsv: line 2: no tab"), "{err}");
        assert_eq!(read_pairs("", 5), PairsRead::default());
        assert_eq!(read_pairs("\u{feff}\n", 5), PairsRead::default());
    }

    #[test]
    fn crlf_bom_and_empty_sides() {
        let p = parse_pairs("p.tsv", "\u{feff}a\tb\r\n\tc\r\nd\t\r\n").unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(p[1].src, "");
        assert_eq!(p[2].tgt, "");
    }

    #[test]
    fn errors_name_the_line() {
        for (text, needle) in [
            ("a\tb\n\n", "line 2: no tab"),
            ("a\tb\tc\n", "line 1: 3 columns: each line must be"),
            (
                "a\tb\t2\t\n",
                "or the 4 columns `bitext align --format tsv` writes",
            ),
            ("a\tb\u{7}\n", "line 1: control character U+0007"),
            ("", "the file has no text"),
            ("\n", "the file has no text"),
        ] {
            let err = parse_pairs("p.tsv", text).unwrap_err().to_string();
            assert!(err.contains(needle), "{err}");
        }
    }
}
