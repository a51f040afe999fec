//! The pairs TSV that `bitext score` reads: one `source TAB target` a line.
//!
//! The text is taken as written (no escapes: a backslash is a backslash),
//! lines end in LF or CRLF, a byte-order mark is skipped (decoding, UTF-8 or
//! UTF-16 with a BOM, is [`crate::read::decode`]'s job). A line without a
//! tab, or with more than one, or with both sides empty, is an error naming
//! the file and the line; one side may be empty (it is scored as an omission
//! or an addition). A final
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

/// Parses a pairs TSV already decoded to text; `path` names it in errors.
///
/// ```
/// use bitext::quality::pairs::parse_pairs;
/// let p = parse_pairs("pairs.tsv", "你好。\tHello.\n再见。\t\n").unwrap();
/// assert_eq!((p[1].line, p[1].tgt.as_str()), (2, ""));
/// let err = parse_pairs("pairs.tsv", "你好。\tHello.\nno tab\n").unwrap_err();
/// assert!(err.to_string().starts_with("pairs.tsv: line 2: no tab"));
/// ```
pub fn parse_pairs(path: impl AsRef<Path>, text: &str) -> Result<Vec<PairLine>> {
    let path = path.as_ref();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let body = text.strip_suffix('\n').unwrap_or(text);
    if body.is_empty() {
        return Err(Error::EmptyInput {
            path: path.to_path_buf(),
        });
    }
    let bad = |line: usize, message: String| Error::BadRecord {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut out = Vec::new();
    for (k, raw) in body.split('\n').enumerate() {
        let line = k + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.len() > MAX_LINE_BYTES {
            return Err(bad(
                line,
                format!(
                    "{} bytes on one line; the limit is {MAX_LINE_BYTES}",
                    raw.len()
                ),
            ));
        }
        if let Some(c) = raw.chars().find(|&c| c.is_control() && c != '\t') {
            return Err(bad(line, format!("control character U+{:04X}", c as u32)));
        }
        let Some((src, tgt)) = raw.split_once('\t') else {
            return Err(bad(
                line,
                "no tab: each line must be `source<TAB>target`".into(),
            ));
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
            return Err(bad(
                line,
                "both sides are empty: a line holds a source, a target or both (one empty side is scored as an omission or an addition)".into(),
            ));
        }
        if let Some(t) = aligned {
            out.push(PairLine {
                line,
                src: crate::format::tsv::unescape(src),
                tgt: crate::format::tsv::unescape(t),
            });
            continue;
        }
        if tgt.contains('\t') {
            return Err(bad(
                line,
                format!(
                    "{} columns: each line must be `source<TAB>target` (a tab inside a segment is not allowed), or the 4 columns `bitext align --format tsv` writes (source, target, a score from 0 to 1, flags)",
                    tgt.split('\t').count() + 1
                ),
            ));
        }
        out.push(PairLine {
            line,
            src: src.to_string(),
            tgt: tgt.to_string(),
        });
    }
    Ok(out)
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
