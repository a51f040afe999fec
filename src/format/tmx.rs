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
use crate::error::{Error, Result};
use crate::lang::LangTag;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
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

/// True for characters XML 1.0 allows in content.
pub fn is_xml_char(c: char) -> bool {
    matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Removes characters XML 1.0 forbids, adding their number to `dropped`.
fn xml_clean(s: &str, dropped: &mut usize) -> String {
    if s.chars().all(is_xml_char) {
        return s.to_string();
    }
    s.chars()
        .filter(|&c| {
            let ok = is_xml_char(c);
            *dropped += usize::from(!ok);
            ok
        })
        .collect()
}

/// An I/O failure while writing is an I/O error (a closed pipe, a full
/// disk); anything else from the XML writer is a bug.
fn xml_err(e: impl Into<quick_xml::Error>) -> Error {
    match e.into() {
        quick_xml::Error::Io(io) => Error::io(
            "<output>",
            std::sync::Arc::try_unwrap(io)
                .unwrap_or_else(|shared| std::io::Error::new(shared.kind(), shared.to_string())),
        ),
        other => Error::Xml(other.to_string()),
    }
}

/// Writes the bitext as TMX 1.4b.
pub fn write(b: Bitext<'_>, opts: &TmxOptions, out: &mut dyn Write) -> Result<WriteReport> {
    let src_tag = opts.src_lang.clone().unwrap_or_else(|| b.src.lang().into());
    let tgt_tag = opts.tgt_lang.clone().unwrap_or_else(|| b.tgt.lang().into());
    let date = tmx_date(opts.creation_time);
    let mut w = Writer::new(out);
    let mut report = WriteReport::default();
    let nl = |w: &mut Writer<&mut dyn Write>, indent: &str| -> Result<()> {
        w.write_event(Event::Text(BytesText::from_escaped(indent)))
            .map_err(xml_err)
    };
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(xml_err)?;
    nl(&mut w, "\n")?;
    w.write_event(Event::DocType(BytesText::from_escaped(
        "tmx SYSTEM \"tmx14.dtd\"",
    )))
    .map_err(xml_err)?;
    nl(&mut w, "\n")?;
    w.write_event(Event::Start(
        BytesStart::new("tmx").with_attributes([("version", "1.4")]),
    ))
    .map_err(xml_err)?;
    nl(&mut w, "\n  ")?;
    let version = env!("CARGO_PKG_VERSION");
    let header = BytesStart::new("header").with_attributes([
        ("creationtool", "bitext"),
        ("creationtoolversion", version),
        ("segtype", "sentence"),
        ("o-tmf", "bitext"),
        ("adminlang", "en"),
        ("srclang", src_tag.as_str()),
        ("datatype", "plaintext"),
        ("creationdate", date.as_str()),
    ]);
    w.write_event(Event::Empty(header)).map_err(xml_err)?;
    nl(&mut w, "\n  ")?;
    w.write_event(Event::Start(BytesStart::new("body")))
        .map_err(xml_err)?;
    for (k, bead) in b.alignment.beads().iter().enumerate() {
        if bead.is_null() && !opts.keep_empty {
            report.skipped += 1;
            continue;
        }
        let src = xml_clean(&b.src.joined(bead.src.clone()), &mut report.dropped_chars);
        let tgt = xml_clean(&b.tgt.joined(bead.tgt.clone()), &mut report.dropped_chars);
        // A side made only of characters XML forbids is empty too.
        let empty_side = src.trim().is_empty() || tgt.trim().is_empty();
        if (src.trim().is_empty() && tgt.trim().is_empty()) || (empty_side && !opts.keep_empty) {
            report.skipped += 1;
            continue;
        }
        let tuid = (k + 1).to_string();
        nl(&mut w, "\n    ")?;
        w.write_event(Event::Start(BytesStart::new("tu").with_attributes([
            ("tuid", tuid.as_str()),
            ("creationdate", date.as_str()),
        ])))
        .map_err(xml_err)?;
        nl(&mut w, "\n      ")?;
        w.write_event(Event::Start(
            BytesStart::new("prop").with_attributes([("type", "x-bitext-confidence")]),
        ))
        .map_err(xml_err)?;
        let confidence = format!("{:.4}", bead.confidence);
        w.write_event(Event::Text(BytesText::new(&confidence)))
            .map_err(xml_err)?;
        w.write_event(Event::End(BytesEnd::new("prop")))
            .map_err(xml_err)?;
        for (tag, seg) in [(&src_tag, &src), (&tgt_tag, &tgt)] {
            if seg.trim().is_empty() {
                continue;
            }
            nl(&mut w, "\n      ")?;
            w.write_event(Event::Start(
                BytesStart::new("tuv").with_attributes([("xml:lang", tag.as_str())]),
            ))
            .map_err(xml_err)?;
            w.write_event(Event::Start(BytesStart::new("seg")))
                .map_err(xml_err)?;
            w.write_event(Event::Text(BytesText::new(seg)))
                .map_err(xml_err)?;
            w.write_event(Event::End(BytesEnd::new("seg")))
                .map_err(xml_err)?;
            w.write_event(Event::End(BytesEnd::new("tuv")))
                .map_err(xml_err)?;
        }
        nl(&mut w, "\n    ")?;
        w.write_event(Event::End(BytesEnd::new("tu")))
            .map_err(xml_err)?;
        report.written += 1;
    }
    nl(&mut w, "\n  ")?;
    w.write_event(Event::End(BytesEnd::new("body")))
        .map_err(xml_err)?;
    nl(&mut w, "\n")?;
    w.write_event(Event::End(BytesEnd::new("tmx")))
        .map_err(xml_err)?;
    nl(&mut w, "\n")?;
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
        let mut dropped = 0;
        assert_eq!(xml_clean("a\u{1}b\u{FFFE}c\td", &mut dropped), "abc\td");
        assert_eq!(dropped, 2);
    }
}
