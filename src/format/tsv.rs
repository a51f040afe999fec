//! TSV: source TAB target, one bead a line.
//!
//! Backslash, tab, line feed and carriage return inside a segment are escaped
//! as `\\`, `\t`, `\n`, `\r`. An empty side is an empty field.

use super::{Bitext, WriteReport, out_err};
use crate::error::Result;
use std::io::Write;

/// Escapes a segment for one TSV field.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// Writes one line per bead.
pub fn write(b: Bitext<'_>, out: &mut dyn Write) -> Result<WriteReport> {
    for bead in b.alignment.beads() {
        let src = escape(&b.src.joined(bead.src.clone()));
        let tgt = escape(&b.tgt.joined(bead.tgt.clone()));
        writeln!(out, "{src}\t{tgt}").map_err(out_err)?;
    }
    Ok(WriteReport {
        written: b.alignment.beads().len(),
        ..WriteReport::default()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_controls() {
        assert_eq!(super::escape("a\tb\\c\nd"), "a\\tb\\\\c\\nd");
    }
}
