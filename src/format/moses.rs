//! Moses parallel files: two line-aligned plain-text files, one segment a
//! line. Every character some line reader takes as a line break, and the
//! tab, becomes a space (counted): the two files are often pasted side by
//! side into a TSV of pairs for training, which a tab inside a segment would
//! break.

use super::{Record, Sink, WriteReport, out_err};
use crate::error::Result;
use std::io::Write;

/// A segment on one line with no tab: every character that some line
/// reader takes as a line break (LF, CR, VT, FF, NEL, U+2028, U+2029, the
/// C0 separators FS, GS, RS) and the tab become a space.
///
/// ```
/// assert_eq!(bitext::format::moses::one_line("a\tb\nc"), "a b c");
/// ```
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{1C}' | '\u{1D}' | '\u{1E}'
            | '\u{85}' | '\u{2028}' | '\u{2029}' => ' ',
            c => c,
        })
        .collect()
}

/// Writes the source side to one file, the target side to the other.
pub struct MosesSink<'a> {
    src: &'a mut dyn Write,
    tgt: &'a mut dyn Write,
    report: WriteReport,
}

impl<'a> MosesSink<'a> {
    /// A sink writing sources to `src` and targets to `tgt`.
    pub fn new(src: &'a mut dyn Write, tgt: &'a mut dyn Write) -> Self {
        MosesSink {
            src,
            tgt,
            report: WriteReport::default(),
        }
    }
}

impl Sink for MosesSink<'_> {
    fn write(&mut self, r: &Record) -> Result<bool> {
        for (w, text) in [(&mut *self.src, &r.src), (&mut *self.tgt, &r.tgt)] {
            let line = one_line(text);
            if line != *text {
                self.report.flattened += 1;
            }
            writeln!(w, "{line}").map_err(out_err)?;
        }
        self.report.written += 1;
        Ok(true)
    }

    fn finish(self: Box<Self>) -> Result<WriteReport> {
        Ok(self.report)
    }
}
