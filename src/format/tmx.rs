//! TMX 1.4b output, written with quick-xml.
//!
//! One `<tu>` per bead whose sides are both non-empty (empty-side beads are
//! kept, with a single `<tuv>`, only when asked). Each `<tu>` carries a stable
//! `tuid` (the bead's 1-based position in the alignment) and the bead's
//! confidence as `<prop type="x-bitext-confidence">`. The sentences of a side
//! are joined with nothing between Chinese sentences and one space between
//! English ones. Characters that XML 1.0 forbids are dropped and counted; no
//! whitespace is ever added inside `<seg>`.

use super::{Bitext, WriteReport};
use crate::error::Result;
use crate::lang::LangTag;
pub use crate::tmx::is_xml_char;
use crate::tmx::{Header, Meta, Segment, TmxWriter, Unit, Variant};
use std::io::Write;

/// Options of the TMX writer.
#[derive(Debug, Clone, Default)]
pub struct TmxOptions {
    /// Language tag of the source side (`srclang` and the source `xml:lang`).
    /// `None` uses the document's bare language code.
    pub src_lang: Option<LangTag>,
    /// Language tag of the target side.
    pub tgt_lang: Option<LangTag>,
    /// Keep beads with an empty side, as `<tu>`s with one `<tuv>`.
    pub keep_empty: bool,
    /// `creationdate` for the header and every `<tu>`, as seconds since the
    /// Unix epoch (UTC). Fixed by the caller so that output is reproducible.
    pub creation_time: u64,
}

/// Formats seconds since the epoch as TMX's `YYYYMMDDThhmmssZ`.
///
/// ```
/// assert_eq!(bitext::format::tmx::tmx_date(1_620_432_000), "20210508T000000Z");
/// ```
pub fn tmx_date(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The header of the TMX files bitext makes: creationtool, version,
/// `segtype="sentence"`, `o-tmf`, `adminlang="en"`, `srclang`,
/// `datatype="plaintext"` and the creation date.
pub fn bitext_header(srclang: &str, creation_time: u64) -> Header {
    let attr = |k: &str, v: &str| (k.to_string(), v.to_string());
    Header {
        attrs: vec![
            attr("creationtool", "bitext"),
            attr("creationtoolversion", env!("CARGO_PKG_VERSION")),
            attr("segtype", "sentence"),
            attr("o-tmf", "bitext"),
            attr("adminlang", "en"),
            attr("srclang", srclang),
            attr("datatype", "plaintext"),
            attr("creationdate", &tmx_date(creation_time)),
        ],
        meta: Vec::new(),
    }
}

/// Writes the bitext as TMX 1.4b.
pub fn write(b: Bitext<'_>, opts: &TmxOptions, out: &mut dyn Write) -> Result<WriteReport> {
    let src_tag = opts.src_lang.clone().unwrap_or_else(|| b.src.lang().into());
    let tgt_tag = opts.tgt_lang.clone().unwrap_or_else(|| b.tgt.lang().into());
    let date = tmx_date(opts.creation_time);
    let attr = |k: &str, v: &str| (k.to_string(), v.to_string());
    let header = bitext_header(src_tag.as_str(), opts.creation_time);
    let mut w = TmxWriter::start(out, &header)?;
    let mut report = WriteReport::default();
    for (k, bead) in b.alignment.beads().iter().enumerate() {
        let sides = [
            (&src_tag, b.src.joined(bead.src.clone())),
            (&tgt_tag, b.tgt.joined(bead.tgt.clone())),
        ];
        // A side made only of characters XML forbids is empty too.
        let empty = |s: &str| !s.chars().any(|c| is_xml_char(c) && !c.is_whitespace());
        let empty_sides = sides.iter().filter(|(_, s)| empty(s)).count();
        if empty_sides == 2 || (empty_sides == 1 && !opts.keep_empty) {
            report.skipped += 1;
            continue;
        }
        let unit = Unit {
            attrs: vec![
                attr("tuid", &(k + 1).to_string()),
                attr("creationdate", &date),
            ],
            meta: vec![Meta::Prop {
                attrs: vec![attr("type", "x-bitext-confidence")],
                text: format!("{:.4}", bead.confidence),
            }],
            variants: sides
                .into_iter()
                .map(|(tag, text)| Variant {
                    lang: tag.as_str().to_string(),
                    seg: Segment::text(text),
                    ..Variant::default()
                })
                .collect(),
        };
        w.write_unit(&unit)?;
        report.written += 1;
    }
    report.dropped_chars = w.finish()?.dropped_chars;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_xml_chars() {
        assert_eq!(tmx_date(0), "19700101T000000Z");
        assert_eq!(tmx_date(951_782_400), "20000229T000000Z");
        assert_eq!(tmx_date(1_700_000_000), "20231114T221320Z");
    }
}
