//! JSON Lines: one object per bead.
//!
//! `{"src_ids":[0],"tgt_ids":[0,1],"src":"…","tgt":"…","src_lang":"zh-CN","tgt_lang":"en-US","confidence":0.98,"cost":1.23}`
//!
//! `bitext convert` reads these records back (the ids and the cost are left
//! out of a TMX; the languages and the confidence are kept).

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
    src_lang: &'a str,
    tgt_lang: &'a str,
    confidence: f64,
    cost: f64,
}

/// Rounds to 4 decimals so the output is stable and readable.
fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// Writes one JSON object per bead; `langs` are the source and target
/// language tags.
pub fn write(b: Bitext<'_>, langs: (&str, &str), out: &mut dyn Write) -> Result<WriteReport> {
    for bead in b.alignment.beads() {
        let src = b.src.joined(bead.src.clone());
        let tgt = b.tgt.joined(bead.tgt.clone());
        let record = Record {
            src_ids: bead.src.clone().collect(),
            tgt_ids: bead.tgt.clone().collect(),
            src: &src,
            tgt: &tgt,
            src_lang: langs.0,
            tgt_lang: langs.1,
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
