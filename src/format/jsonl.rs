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

    /// Formats runs of 256 records on rayon's threads,
    /// each into its own buffer, and writes the buffers in order: the same
    /// bytes as writing one record after the other.
    fn write_many(&mut self, records: &[Record]) -> Result<usize> {
        super::in_runs(
            records,
            |_, run| -> Result<Vec<u8>> {
                let mut bytes = Vec::new();
                for r in run {
                    serde_json::to_writer(&mut bytes, r).map_err(|e| out_err(e.into()))?;
                    bytes.push(b'\n');
                }
                Ok(bytes)
            },
            |run| {
                self.out.write_all(&run?).map_err(out_err)?;
                Ok(())
            },
        )?;
        self.written += records.len();
        Ok(0)
    }

    fn finish(self: Box<Self>) -> Result<WriteReport> {
        Ok(WriteReport {
            written: self.written,
            ..WriteReport::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{FORMAT_RUN, RUNS_AT_ONCE};

    #[test]
    fn many_records_at_once_write_what_one_at_a_time_writes() {
        // Less than a run, and more than the runs formatted at once.
        for count in [3, FORMAT_RUN * RUNS_AT_ONCE + FORMAT_RUN + 7] {
            let records: Vec<Record> = (0..count)
                .map(|i| Record {
                    src: format!("第{i}句。"),
                    tgt: format!("Line {i} \"quoted\"\n"),
                    score: (i % 3 == 0).then_some(0.5),
                    ..Record::default()
                })
                .collect();
            let (mut serial, mut at_once) = (Vec::new(), Vec::new());
            let mut sink = JsonlSink::new(&mut serial);
            for r in &records {
                assert!(sink.write(r).unwrap());
            }
            let one_by_one = Box::new(sink).finish().unwrap();
            let mut sink = JsonlSink::new(&mut at_once);
            assert_eq!(sink.write_many(&records).unwrap(), 0);
            assert_eq!(Box::new(sink).finish().unwrap(), one_by_one);
            assert_eq!(one_by_one.written, count);
            assert!(at_once == serial, "{count} records: the bytes differ");
        }
    }
}
