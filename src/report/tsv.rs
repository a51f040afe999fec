//! The TSV report: a header line, then one segment a line:
//! `index TAB tuid TAB src_lines TAB tgt_lines TAB score TAB flags TAB
//! source TAB target` for two texts, `index TAB tuid TAB unit TAB line TAB
//! score TAB flags TAB source TAB target` for a translation memory, with
//! the texts escaped as bitext's TSV does (`\\`, `\t`, `\n`, `\r`), the
//! score with four decimals and the flags as `kind:severity` items
//! separated by `, `. `src_lines` and `tgt_lines` are the lines a side
//! occupies in its text, `12` or `14-15`, empty for a side without
//! sentences; `unit` is the unit's place among the memory's units, `line`
//! the line it begins on. A report of segments without places has only
//! `index TAB tuid TAB score TAB flags TAB source TAB target`.

use super::{AuditReport, Place, flag_list};
use crate::error::Result;
use crate::format::out_err;
use crate::format::tsv::escape;
use std::io::Write;

/// Writes the report as TSV.
pub fn write(report: &AuditReport, out: &mut dyn Write) -> Result<()> {
    // The place columns follow the first segment's kind of place (an
    // audit's are all of one kind: two texts or a memory); a place of the
    // other kind leaves them empty.
    let first = report.segments.first().and_then(|s| s.place.as_ref());
    let columns = match first {
        Some(Place::Lines { .. }) => "src_lines\ttgt_lines\t",
        Some(Place::Unit { .. }) => "unit\tline\t",
        None => "",
    };
    writeln!(out, "index\ttuid\t{columns}score\tflags\tsource\ttarget").map_err(out_err)?;
    let lines = |l: Option<[usize; 2]>| match l {
        Some([a, b]) if a == b => a.to_string(),
        Some([a, b]) => format!("{a}-{b}"),
        None => String::new(),
    };
    for s in &report.segments {
        let place = match (first, &s.place) {
            (None, _) => String::new(),
            (
                Some(Place::Lines { .. }),
                Some(Place::Lines {
                    src_lines,
                    tgt_lines,
                }),
            ) => format!("{}\t{}\t", lines(*src_lines), lines(*tgt_lines)),
            (Some(Place::Unit { .. }), Some(Place::Unit { unit, line })) => format!(
                "{unit}\t{}\t",
                line.map_or_else(String::new, |l| l.to_string())
            ),
            _ => "\t\t".to_string(),
        };
        writeln!(
            out,
            "{}\t{}\t{place}{:.4}\t{}\t{}\t{}",
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
