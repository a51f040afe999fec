//! JSON Lines: one [`Record`] a line, fields absent when unknown.
//!
//! Alignments: `{"src_ids":[0],"tgt_ids":[0,1],"src":"…","tgt":"…","src_lang":"zh-CN","tgt_lang":"en-US","confidence":0.98,"cost":1.23,"score":0.91,"flags":[]}`
//!
//! `bitext convert` reads these records back (the ids and the cost are left
//! out of a TMX; the languages, confidence, score and flags are kept).

use super::{Record, Sink, WriteReport, out_err};
use crate::error::Result;
use std::io::Write;

/// Writes one JSON object per record.
pub struct JsonlSink<'a> {
    out: &'a mut dyn Write,
    written: usize,
}

impl<'a> JsonlSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: &'a mut dyn Write) -> Self {
        JsonlSink { out, written: 0 }
    }
}

impl Sink for JsonlSink<'_> {
    fn write(&mut self, r: &Record) -> Result<bool> {
        serde_json::to_writer(&mut *self.out, r).map_err(|e| out_err(e.into()))?;
        self.out.write_all(b"\n").map_err(out_err)?;
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
