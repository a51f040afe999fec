//! The TSV report: a header line, then one segment a line:
//! `index TAB tuid TAB score TAB flags TAB source TAB target`, with the
//! texts escaped as bitext's TSV does (`\\`, `\t`, `\n`, `\r`), the score
//! with four decimals and the flags as `kind:severity` items separated by
//! `, `.

use super::{AuditReport, flag_list};
use crate::error::Result;
use crate::format::out_err;
use crate::format::tsv::escape;
use std::io::Write;

/// Writes the report as TSV.
pub fn write(report: &AuditReport, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "index\ttuid\tscore\tflags\tsource\ttarget").map_err(out_err)?;
    for s in &report.segments {
        writeln!(
            out,
            "{}\t{}\t{:.4}\t{}\t{}\t{}",
            s.index,
            escape(s.tuid.as_deref().unwrap_or("")),
            s.quality.score,
            flag_list(&s.quality.flags),
            escape(&s.src),
            escape(&s.tgt)
        )
        .map_err(out_err)?;
    }
    Ok(())
}
