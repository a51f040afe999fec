//! Bead lists: one bead a line, `[0,1]:[2]`, 0-based sentence indices, `[]`
//! for an empty side. This is the format of the gold alignments used for
//! evaluation; [`crate::eval`] reads it.

use super::{Record, Sink, WriteReport, out_err};
use crate::error::{Error, Result};
use std::fmt::Write as _;
use std::io::Write;
use std::ops::Range;

/// Formats one side: `[3,4]` or `[]`.
pub fn format_side(r: &Range<usize>) -> String {
    format_ids(&r.clone().collect::<Vec<_>>())
}

/// Formats sentence ids: `[3,4]` or `[]`.
pub fn format_ids(ids: &[usize]) -> String {
    let mut s = String::from("[");
    for (k, i) in ids.iter().enumerate() {
        if k > 0 {
            s.push(',');
        }
        let _ = write!(s, "{i}");
    }
    s.push(']');
    s
}

/// Writes one line per record, from its sentence ids.
pub struct BeadsSink<'a> {
    out: &'a mut dyn Write,
    written: usize,
}

impl<'a> BeadsSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: &'a mut dyn Write) -> Self {
        BeadsSink { out, written: 0 }
    }
}

impl Sink for BeadsSink<'_> {
    fn write(&mut self, r: &Record) -> Result<bool> {
        let (Some(src), Some(tgt)) = (&r.src_ids, &r.tgt_ids) else {
            return Err(Error::Config(
                "bead lists are written from alignments only (the records have no sentence ids)"
                    .into(),
            ));
        };
        writeln!(self.out, "{}:{}", format_ids(src), format_ids(tgt)).map_err(out_err)?;
        self.written += 1;
        Ok(true)
    }

    fn finish(self: Box<Self>) -> Result<WriteReport> {
        Ok(WriteReport {
            written: self.written,
            ..WriteReport::default()
        })
    }
}
