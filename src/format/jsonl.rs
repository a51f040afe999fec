//! JSON Lines: one object per bead.
//!
//! `{"src_ids":[0],"tgt_ids":[0,1],"src":"…","tgt":"…","confidence":0.98,"cost":1.23}`

use super::{Bitext, WriteReport, out_err};
use crate::error::Result;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Record<'a> {
    src_ids: Vec<usize>,
    tgt_ids: Vec<usize>,
    src: &'a str,
    tgt: &'a str,
    confidence: f64,
    cost: f64,
}

/// Rounds to 4 decimals so the output is stable and readable.
fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// Writes one JSON object per bead.
pub fn write(b: Bitext<'_>, out: &mut dyn Write) -> Result<WriteReport> {
    for bead in b.alignment.beads() {
        let src = b.src.joined(bead.src.clone());
        let tgt = b.tgt.joined(bead.tgt.clone());
        let record = Record {
            src_ids: bead.src.clone().collect(),
            tgt_ids: bead.tgt.clone().collect(),
            src: &src,
            tgt: &tgt,
            confidence: round4(bead.confidence),
            cost: round4(bead.cost),
        };
        serde_json::to_writer(&mut *out, &record).map_err(|e| out_err(e.into()))?;
        out.write_all(b"\n").map_err(out_err)?;
    }
    Ok(WriteReport {
        written: b.alignment.beads().len(),
        ..WriteReport::default()
    })
}
