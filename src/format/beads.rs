//! Bead lists: one bead a line, `[0,1]:[2]`, 0-based sentence indices, `[]`
//! for an empty side. This is the format of the gold alignments used for
//! evaluation; [`crate::eval`] reads it.

use super::{WriteReport, out_err};
use crate::align::Alignment;
use crate::error::Result;
use std::fmt::Write as _;
use std::io::Write;
use std::ops::Range;

/// Formats one side: `[3,4]` or `[]`.
pub fn format_side(r: &Range<usize>) -> String {
    let mut s = String::from("[");
    for (k, i) in r.clone().enumerate() {
        if k > 0 {
            s.push(',');
        }
        let _ = write!(s, "{i}");
    }
    s.push(']');
    s
}

/// Writes one line per bead.
pub fn write(alignment: &Alignment, out: &mut dyn Write) -> Result<WriteReport> {
    for bead in alignment.beads() {
        writeln!(out, "{}:{}", format_side(&bead.src), format_side(&bead.tgt)).map_err(out_err)?;
    }
    Ok(WriteReport {
        written: alignment.beads().len(),
        ..WriteReport::default()
    })
}
