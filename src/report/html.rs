//! The HTML report: one self-contained page (no network, no external
//! scripts, styles or fonts; a Content-Security-Policy forbids any) with the
//! summary, a histogram of the scores (inline SVG), and the segments side
//! by side with the flagged spans highlighted, a filter by flag kind and a
//! sort by score or by worst flag. A score badge is coloured by its score,
//! but never greener than its worst flag allows.
//!
//! The filter and the sort can be set from the URL fragment,
//! `report.html#filter=kind:number_mismatch&sort=score-asc` (filters:
//! `all`, `flagged`, `errors`, `clean`, `kind:NAME`; sorts: `index`,
//! `severity`, `score-asc`, `score-desc`), and the page records what it did on the
//! element `#status`: `data-state="ready"` once its script ran without an
//! error (`"error"` and the message otherwise), `data-visible` the number of
//! rows shown, `data-errors` the script errors seen on the page.
//!
//! Pages stay usable on large memories: at most [`MAX_ROWS`] segments are
//! listed (the worst ones: errors first, then warnings, then the lowest
//! scores; in document order; the page says so);
//! the summary and the histogram always cover every segment.

use super::{AuditReport, AuditSegment, HISTOGRAM_BINS};
use crate::error::Result;
use crate::format::out_err;
use crate::quality::{Flag, Severity, Side};
use std::fmt::Write as _;
use std::io::Write;

/// The most segments a page lists.
pub const MAX_ROWS: usize = 5000;

/// Escapes text for HTML content and attribute values (`&`, `<`, `>`, `"`,
/// `'`); NUL, which HTML cannot hold, becomes U+FFFD.
///
/// ```
/// assert_eq!(bitext::report::html::escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The largest char boundary of `s` at or before `i` (`i` clamped to the
/// length).
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `s` at or after `i` (clamped).
fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `text` escaped, with each part covered by a flag's span on `side` in a
/// `<mark>` naming the flags (kind and evidence in its title) and classed by
/// the most serious severity. Spans may overlap; spans outside the text or
/// not on char boundaries are clamped and widened to whole characters.
///
/// ```
/// use bitext::quality::{Flag, FlagKind, Severity, Side, Span};
/// use bitext::report::html::highlight;
/// let flag = Flag { kind: FlagKind::NumberMismatch, severity: Severity::Error,
///     evidence: "15 ≠ 16".into(), spans: vec![Span { side: Side::Target, start: 4, end: 6 }] };
/// assert_eq!(highlight("<a> 16 x", Side::Target, &[flag]),
///     "&lt;a&gt; <mark class=\"sev-error\" data-kinds=\"number_mismatch\" title=\"number_mismatch: 15 ≠ 16\">16</mark> x");
/// ```
pub fn highlight(text: &str, side: Side, flags: &[Flag]) -> String {
    let spans: Vec<(usize, usize, &Flag)> = flags
        .iter()
        .flat_map(|f| f.spans.iter().map(move |s| (s, f)))
        .filter(|(s, _)| s.side == side)
        .map(|(s, f)| {
            let a = floor_boundary(text, s.start.min(s.end));
            let b = ceil_boundary(text, s.end.max(s.start));
            (a, b, f)
        })
        .filter(|(a, b, _)| a < b)
        .collect();
    if spans.is_empty() {
        return escape(text);
    }
    let mut points: Vec<usize> = vec![0, text.len()];
    for (a, b, _) in &spans {
        points.push(*a);
        points.push(*b);
    }
    points.sort_unstable();
    points.dedup();
    let mut out = String::with_capacity(text.len() * 2);
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let piece = escape(&text[a..b]);
        let active: Vec<&Flag> = spans
            .iter()
            .filter(|(s, e, _)| *s <= a && *e >= b)
            .map(|(_, _, f)| *f)
            .collect();
        if active.is_empty() {
            out.push_str(&piece);
            continue;
        }
        let severity = active
            .iter()
            .map(|f| f.severity)
            .max()
            .unwrap_or(Severity::Info);
        let mut kinds: Vec<&str> = Vec::new();
        for f in &active {
            if !kinds.contains(&f.kind.name()) {
                kinds.push(f.kind.name());
            }
        }
        let title: Vec<String> = active
            .iter()
            .map(|f| format!("{}: {}", f.kind, f.evidence))
            .collect();
        let _ = write!(
            out,
            "<mark class=\"sev-{}\" data-kinds=\"{}\" title=\"{}\">{piece}</mark>",
            severity.name(),
            kinds.join(" "),
            escape(&title.join("\n"))
        );
    }
    out
}

const STYLE: &str = r#"
:root{--bg:#fafafa;--fg:#1d232a;--muted:#5b6670;--line:#dde2e6;--err:#c62828;--warn:#b26a00;--info:#1f6fb2}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:var(--fg);background:var(--bg)}
header{padding:18px 28px 8px;border-bottom:1px solid var(--line);background:#fff}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:16px;margin:18px 0 8px}
.meta{color:var(--muted);margin:0}
main{padding:0 28px 28px}
.overview{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.cards{display:grid;grid-template-columns:repeat(2,minmax(130px,1fr));gap:10px;min-width:300px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.card b{display:block;font-size:24px}
.card span{color:var(--muted)}
table.counts{border-collapse:collapse;background:#fff;border:1px solid var(--line)}
table.counts td,table.counts th{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left}
table.counts td.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px}
figcaption{color:var(--muted);font-size:12px;text-align:center}
svg .bar{fill:#5c8dbd}
svg .bar.low{fill:#d9534f}
svg .bar.mid{fill:#e0a030}
svg text{font-size:11px;fill:#444}
.controls{display:flex;gap:18px;align-items:center;margin:8px 0 10px;flex-wrap:wrap}
select{font:inherit;padding:3px 6px}
#shown{color:var(--muted)}
table#rows{width:100%;border-collapse:collapse;background:#fff;border:1px solid var(--line);table-layout:fixed}
#rows th{position:sticky;top:0;background:#eef1f4;text-align:left;padding:6px 8px;border-bottom:1px solid var(--line)}
#rows td{padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top;word-wrap:break-word}
#rows col.idx{width:56px}#rows col.score{width:70px}#rows col.flags{width:26%}
td.text{white-space:pre-wrap}
tr.sev-error td.idx{border-left:4px solid var(--err)}
tr.sev-warning td.idx{border-left:4px solid var(--warn)}
tr.sev-info td.idx{border-left:4px solid var(--info)}
.score span{display:inline-block;min-width:48px;text-align:center;border-radius:10px;padding:0 6px;color:#fff;font-variant-numeric:tabular-nums}
mark{border-radius:3px;padding:0 1px}
mark.sev-error{background:#ffcdd2;box-shadow:inset 0 -2px var(--err)}
mark.sev-warning{background:#ffe6b3;box-shadow:inset 0 -2px var(--warn)}
mark.sev-info{background:#d4e6f7;box-shadow:inset 0 -2px var(--info)}
ul.flags{margin:0;padding:0;list-style:none}
ul.flags li{margin:0 0 4px}
.sev{font-size:11px;border-radius:4px;padding:0 4px;color:#fff;margin-right:4px}
.sev.error{background:var(--err)}.sev.warning{background:var(--warn)}.sev.info{background:var(--info)}
.kind{font-weight:600;margin-right:4px}
.note{color:var(--muted)}
.loc{color:var(--muted);font-size:11px;white-space:normal;font-variant-numeric:tabular-nums}
.alert{border-left:4px solid var(--warn);background:#fff4e0;padding:6px 10px;margin:0 0 12px}
#status{display:none}
"#;

const SCRIPT: &str = r##"
(function () {
  "use strict";
  var status = document.getElementById("status");
  var errors = 0;
  window.addEventListener("error", function () {
    errors += 1;
    status.setAttribute("data-errors", String(errors));
  });
  try {
    var tbody = document.querySelector("#rows tbody");
    var rows = Array.prototype.slice.call(tbody.rows);
    var filter = document.getElementById("filter");
    var sort = document.getElementById("sort");
    var shownText = document.getElementById("shown");
    var has = function (select, value) {
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === value) return true;
      }
      return false;
    };
    var keep = function (row, f) {
      var kinds = row.getAttribute("data-kinds");
      if (f === "all") return true;
      if (f === "flagged") return kinds !== " ";
      if (f === "clean") return kinds === " ";
      if (f === "errors") return row.getAttribute("data-severity") === "error";
      if (f.indexOf("kind:") === 0) return kinds.indexOf(" " + f.slice(5) + " ") >= 0;
      return true;
    };
    var apply = function () {
      var f = filter.value, s = sort.value, shown = 0;
      rows.forEach(function (row) {
        var ok = keep(row, f);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      var order = rows.slice();
      var rank = { error: 3, warning: 2, info: 1, none: 0 };
      if (s !== "index") {
        var sign = s === "score-desc" ? -1 : 1;
        order.sort(function (a, b) {
          var r = s === "severity" ? rank[b.getAttribute("data-severity")] - rank[a.getAttribute("data-severity")] : 0;
          var d = sign * (parseFloat(a.getAttribute("data-score")) - parseFloat(b.getAttribute("data-score")));
          return r || d || (parseInt(a.getAttribute("data-index"), 10) - parseInt(b.getAttribute("data-index"), 10));
        });
      }
      var frag = document.createDocumentFragment();
      order.forEach(function (row) { frag.appendChild(row); });
      tbody.appendChild(frag);
      shownText.textContent = shown + " of " + rows.length + " listed segments shown";
      status.setAttribute("data-visible", String(shown));
      status.setAttribute("data-filter", f);
      status.setAttribute("data-sort", s);
    };
    var fromHash = function () {
      var parts = window.location.hash.replace(/^#/, "").split("&");
      for (var i = 0; i < parts.length; i++) {
        var kv = parts[i].split("=");
        if (kv.length !== 2) continue;
        var value;
        try { value = decodeURIComponent(kv[1]); } catch (e) { continue; /* a malformed fragment is ignored */ }
        if (kv[0] === "filter" && has(filter, value)) filter.value = value;
        if (kv[0] === "sort" && has(sort, value)) sort.value = value;
      }
    };
    var toHash = function () {
      var hash = "#filter=" + encodeURIComponent(filter.value) + "&sort=" + encodeURIComponent(sort.value);
      try { history.replaceState(null, "", hash); } catch (e) { /* file: URLs may refuse */ }
    };
    filter.addEventListener("change", function () { toHash(); apply(); });
    sort.addEventListener("change", function () { toHash(); apply(); });
    window.addEventListener("hashchange", function () { fromHash(); apply(); });
    fromHash();
    apply();
    status.setAttribute("data-state", "ready");
  } catch (e) {
    status.setAttribute("data-state", "error");
    status.textContent = "report script failed: " + e;
  }
})();
"##;

/// Colour of a score: red (0) through amber to green (1).
fn score_colour(score: f64) -> String {
    let s = if score.is_finite() {
        score.clamp(0.0, 1.0)
    } else {
        0.0
    };
    // Hue 0 (red) to 130 (green), darkened for white text.
    format!("hsl({:.0},65%,38%)", s * 130.0)
}

/// A score badge's colour: by the score, but never greener than its worst
/// flag allows (red for an error, orange at most for a warning), so that a
/// segment with a wrong dose does not wear a green badge where the score
/// model does not hold errors down (en→zh).
fn badge_colour(score: f64, worst: Option<Severity>) -> String {
    let cap = match worst {
        Some(Severity::Error) => 0.0,
        Some(Severity::Warning) => 0.27,
        _ => 1.0,
    };
    score_colour(if score.is_finite() {
        score.min(cap)
    } else {
        0.0
    })
}

/// The histogram as inline SVG.
fn histogram_svg(report: &AuditReport) -> String {
    let bins = report.histogram();
    let max = bins.iter().copied().max().unwrap_or(0).max(1);
    let (w, h, left, bottom, top) = (440.0, 190.0, 36.0, 24.0, 16.0);
    let bar_w = (w - left - 8.0) / HISTOGRAM_BINS as f64;
    let plot_h = h - bottom - top;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg id=\"histogram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Histogram of segment scores\">"
    );
    let _ = write!(
        svg,
        "<line x1=\"{left}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"#888\"/>",
        y = h - bottom,
        x2 = w - 8.0
    );
    let _ = write!(
        svg,
        "<text x=\"{x}\" y=\"{y}\" text-anchor=\"end\">{max}</text><text x=\"{x}\" y=\"{y0}\" text-anchor=\"end\">0</text>",
        x = left - 4.0,
        y = top + 4.0,
        y0 = h - bottom
    );
    for (i, &n) in bins.iter().enumerate() {
        let bh = plot_h * n as f64 / max as f64;
        let x = left + i as f64 * bar_w + 2.0;
        let y = h - bottom - bh;
        let class = match i {
            0..=3 => "bar low",
            4..=6 => "bar mid",
            _ => "bar",
        };
        let from = i as f64 / HISTOGRAM_BINS as f64;
        let to = (i + 1) as f64 / HISTOGRAM_BINS as f64;
        let _ = write!(
            svg,
            "<rect class=\"{class}\" data-bin=\"{i}\" data-count=\"{n}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{bh:.1}\"><title>score {from:.1}–{to:.1}: {}</title></rect>",
            super::plural(n, "segment", "segments"),
            bw = bar_w - 4.0
        );
        if n > 0 {
            let _ = write!(
                svg,
                "<text x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{n}</text>",
                cx = x + (bar_w - 4.0) / 2.0,
                ty = y - 3.0
            );
        }
    }
    for i in 0..=HISTOGRAM_BINS {
        let x = left + i as f64 * bar_w;
        let _ = write!(
            svg,
            "<text x=\"{x:.1}\" y=\"{y}\" text-anchor=\"middle\">{:.1}</text>",
            i as f64 / HISTOGRAM_BINS as f64,
            y = h - bottom + 15.0
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The score's components, one `name value` a line (the title of the
/// score).
fn components(s: &AuditSegment) -> String {
    let mut out = String::from("score components (1 = good)");
    if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(&s.quality.components) {
        for (name, value) in map {
            if let Some(x) = value.as_f64() {
                let _ = write!(out, "\n{name}: {x:.3}");
            }
        }
    }
    out
}

/// One table row.
/// `places`: where the source and the target are
/// ([`AuditReport::place_sides`]), shown above each text.
fn row(
    out: &mut String,
    s: &AuditSegment,
    (src_lang, tgt_lang): (&str, &str),
    places: [Option<String>; 2],
) {
    let [src_place, tgt_place] = places.map(|p| {
        p.map_or_else(String::new, |p| {
            format!("<div class=\"loc\">{}</div>", escape(&p))
        })
    });
    let flags = &s.quality.flags;
    let mut kinds: Vec<&str> = flags.iter().map(|f| f.kind.name()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let kinds = if kinds.is_empty() {
        " ".to_string()
    } else {
        format!(" {} ", kinds.join(" "))
    };
    let severity = s.quality.worst().map_or("none", Severity::name);
    let score = if s.quality.score.is_finite() {
        s.quality.score
    } else {
        0.0
    };
    let _ = write!(
        out,
        "<tr id=\"seg-{i}\" class=\"sev-{severity}\" data-index=\"{i}\" data-score=\"{score:.4}\" data-kinds=\"{kinds}\" data-severity=\"{severity}\"><td class=\"idx\">{i}{tuid}</td><td class=\"score\"><span style=\"background:{colour}\" title=\"{components}\">{score:.3}</span></td><td class=\"text\" lang=\"{sl}\">{src_place}{src}</td><td class=\"text\" lang=\"{tl}\">{tgt_place}{tgt}</td><td><ul class=\"flags\">",
        i = s.index,
        tuid = s
            .tuid
            .as_deref()
            .map_or_else(String::new, |t| if t == s.index.to_string() {
                String::new()
            } else {
                // A line may break after a colon (NAME:<wbr>K), not inside
                // the name while it fits the column's cap (see `idx_chars`;
                // a longer one breaks where it must).
                format!(
                    "<br><span class=\"note\" title=\"tuid\">{}</span>",
                    escape(t).replace(':', ":<wbr>")
                )
            }),
        colour = badge_colour(score, s.quality.worst()),
        components = escape(&components(s)),
        sl = escape(src_lang),
        tl = escape(tgt_lang),
        src = highlight(&s.src, Side::Source, flags),
        tgt = highlight(&s.tgt, Side::Target, flags),
    );
    for f in flags {
        let _ = write!(
            out,
            "<li><span class=\"sev {sev}\">{sev}</span><span class=\"kind\">{kind}</span>{evidence}</li>",
            sev = f.severity.name(),
            kind = f.kind.name(),
            evidence = escape(&f.evidence)
        );
    }
    out.push_str("</ul></td></tr>\n");
}

/// Writes the page, listing at most [`MAX_ROWS`] segments.
pub fn write(report: &AuditReport, out: &mut dyn Write) -> Result<()> {
    write_listing(report, MAX_ROWS, out)
}

/// Writes the page, listing at most `max_rows` segments (the lowest-scoring,
/// in document order) when there are more.
pub fn write_listing(report: &AuditReport, max_rows: usize, out: &mut dyn Write) -> Result<()> {
    let mut page = String::new();
    let inputs = report.inputs.join(" + ");
    let n = report.segments.len();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>bitext audit: {title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <div id=\"status\" data-state=\"loading\" data-errors=\"0\"></div>\n\
         <header><h1>Translation audit</h1><p class=\"meta\">{title} · {sl} → {tl} · bitext {version}{settings}</p></header>\n<main>\n",
        title = escape(&inputs),
        sl = escape(&report.src_lang),
        tl = escape(&report.tgt_lang),
        version = env!("CARGO_PKG_VERSION"),
        settings = report
            .settings
            .iter()
            .map(|(name, value)| format!(" · {} {}", escape(name), escape(value)))
            .collect::<String>(),
    );
    // Summary.
    let pct = |k: usize| {
        if n == 0 {
            0.0
        } else {
            100.0 * k as f64 / n as f64
        }
    };
    let (flagged, errors) = (report.flagged(), report.with_errors());
    page.push_str("<section id=\"summary\"><h2>Summary</h2>");
    for warning in &report.warnings {
        let _ = write!(
            page,
            "<p class=\"alert\" role=\"alert\"><b>Warning:</b> {}</p>",
            escape(warning)
        );
    }
    let _ = writeln!(
        page,
        "<div class=\"overview\"><div class=\"cards\">\
         <div class=\"card\" id=\"document-score\"><b>{:.3}</b><span>document score</span></div>\
         <div class=\"card\"><b>{n}</b><span>segments</span></div>\
         <div class=\"card\"><b>{flagged}</b><span>flagged ({:.1}%)</span></div>\
         <div class=\"card\"><b>{errors}</b><span>with an error ({:.1}%)</span></div></div>",
        report.document_score,
        pct(flagged),
        pct(errors)
    );
    let counts = report.flag_counts();
    page.push_str("<table class=\"counts\" id=\"flag-counts\"><tr><th>severity</th><th>flag</th><th>count</th></tr>");
    if counts.is_empty() {
        page.push_str("<tr><td colspan=\"3\">no flags</td></tr>");
    }
    for (kind, severity, count) in &counts {
        let _ = write!(
            page,
            "<tr><td><span class=\"sev {s}\">{s}</span></td><td>{k}</td><td class=\"n\">{count}</td></tr>",
            s = severity.name(),
            k = kind.name()
        );
    }
    page.push_str("</table>\n");
    let _ = write!(
        page,
        "<figure>{}<figcaption>Scores of {}</figcaption></figure></div>",
        histogram_svg(report),
        if n == 1 {
            "the segment".to_string()
        } else {
            format!("the {n} segments")
        }
    );
    for (n, what) in [
        (report.units_without_pair, "without both languages"),
        (report.units_without_text, "without text"),
    ] {
        if n > 0 {
            let _ = write!(
                page,
                "<p class=\"note\">{} {what} {} left out.</p>",
                super::plural(n, "unit", "units"),
                if n == 1 { "was" } else { "were" }
            );
        }
    }
    page.push_str("</section>\n");
    // Segments.
    let listed: Vec<&AuditSegment> = if n > max_rows {
        let mut worst = report.worst(max_rows);
        worst.sort_by_key(|s| s.index);
        worst
    } else {
        report.segments.iter().collect()
    };
    page.push_str("<section id=\"segments\"><h2>Segments</h2>");
    if listed.len() < n {
        let _ = write!(
            page,
            "<p class=\"note\" id=\"truncated\">Listing the {} worst of {n} segments (errors first, then warnings, then lowest score); the JSON report has them all.</p>",
            listed.len()
        );
    }
    page.push_str(
        "<div class=\"controls\"><label>Show <select id=\"filter\">\
         <option value=\"all\">all segments</option>\
         <option value=\"flagged\">flagged segments</option>\
         <option value=\"errors\">segments with an error</option>\
         <option value=\"clean\">segments without flags</option>",
    );
    for kind in report.kinds_present() {
        let count = report
            .segments
            .iter()
            .filter(|s| s.quality.flags.iter().any(|f| f.kind == kind))
            .count();
        let _ = write!(
            page,
            "<option value=\"kind:{k}\">{k} ({count})</option>",
            k = kind.name()
        );
    }
    page.push_str(
        "</select></label><label>Sort <select id=\"sort\">\
         <option value=\"index\">document order</option>\
         <option value=\"severity\">worst flag, then lowest score</option>\
         <option value=\"score-asc\">score, lowest first</option>\
         <option value=\"score-desc\">score, highest first</option>\
         </select></label><span id=\"shown\"></span></div>\n",
    );
    // The # column fits the longest part of a tuid between colons
    // (`contract:` of `contract:12`), up to 24 `ch` (a Han or other wide
    // character counts two); a longer part breaks inside (`word-wrap`).
    let idx_chars = listed
        .iter()
        .filter_map(|s| s.tuid.as_deref())
        .flat_map(|t| t.split_inclusive(':'))
        .map(|part| {
            part.chars()
                .map(|c| if is_wide(c) { 2 } else { 1 })
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0)
        .min(24);
    let idx_style = if idx_chars > 4 {
        format!(" style=\"width:calc({idx_chars}ch + 24px)\"")
    } else {
        String::new()
    };
    let _ = write!(
        page,
        "<table id=\"rows\"><colgroup><col class=\"idx\"{idx_style}><col class=\"score\"><col><col><col class=\"flags\"></colgroup>\
         <thead><tr><th>#</th><th>score</th><th>source ({})</th><th>target ({})</th><th>flags</th></tr></thead>\n<tbody>\n",
        escape(&report.src_lang),
        escape(&report.tgt_lang)
    );
    for s in listed {
        row(
            &mut page,
            s,
            (&report.src_lang, &report.tgt_lang),
            report.place_sides(s),
        );
    }
    page.push_str("</tbody></table></section>\n</main>\n");
    let _ = write!(page, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out.write_all(page.as_bytes()).map_err(out_err)
}

/// Whether a character takes two columns in a monospace rendering (East
/// Asian wide and full-width: Hangul Jamo, CJK, Hangul syllables, CJK
/// compatibility, full-width forms, the supplementary ideographs).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::{FlagKind, Span};

    #[test]
    fn severity_badges_share_one_style() {
        // Bug: the alert's rule `.warning{…padding…}` also matched the
        // `sev warning` badges, which came out larger than the others.
        for sev in ["error", "warning", "info"] {
            for rule in STYLE.split('}') {
                let selector = rule.split('{').next().unwrap_or("").trim();
                assert!(
                    !selector.split(',').any(|s| s.trim() == format!(".{sev}")),
                    "a bare .{sev} rule styles the badges too: {rule}"
                );
            }
        }
    }

    fn flag(kind: FlagKind, severity: Severity, spans: Vec<(Side, usize, usize)>) -> Flag {
        Flag {
            kind,
            severity,
            evidence: "<e>".into(),
            spans: spans
                .into_iter()
                .map(|(side, start, end)| Span { side, start, end })
                .collect(),
        }
    }

    #[test]
    fn a_badge_is_never_greener_than_its_worst_flag() {
        // A wrong dose scored 0.73 with the en→zh weights wore a green badge.
        assert_eq!(badge_colour(0.73, Some(Severity::Error)), score_colour(0.0));
        assert_eq!(
            badge_colour(0.73, Some(Severity::Warning)),
            score_colour(0.27)
        );
        assert_eq!(
            badge_colour(0.2, Some(Severity::Warning)),
            score_colour(0.2)
        );
        assert_eq!(badge_colour(0.73, Some(Severity::Info)), score_colour(0.73));
        assert_eq!(badge_colour(0.73, None), score_colour(0.73));
        assert_eq!(badge_colour(f64::NAN, None), score_colour(0.0));
    }

    #[test]
    fn long_reports_list_the_lowest_scoring_segments_in_order() {
        use crate::Lang;
        let pairs: Vec<(String, String)> = [
            (
                "会议于2021年5月7日举行。",
                "The meeting was held on 7 May 2021.",
            ),
            ("共有15个国家出席。", "Twelve countries attended."),
            ("王毅主持会议。", "Wang Yi chaired the meeting."),
        ]
        .iter()
        .map(|(s, t)| (s.to_string(), t.to_string()))
        .collect();
        let report = crate::report::tests::scored_report(&pairs, (Lang::Zh, Lang::En));
        let mut out = Vec::new();
        write_listing(&report, 2, &mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        assert!(page.contains("Listing the 2 worst of 3 segments"));
        let worst: Vec<usize> = {
            let mut w: Vec<usize> = report.worst(2).iter().map(|s| s.index).collect();
            w.sort_unstable();
            w
        };
        let listed: Vec<usize> = page
            .match_indices("<tr id=\"seg-")
            .map(|(i, _)| {
                let rest = &page[i + 12..];
                rest[..rest.find('"').unwrap()].parse().unwrap()
            })
            .collect();
        assert_eq!(listed, worst);
        let mut all = Vec::new();
        write(&report, &mut all).unwrap();
        assert_eq!(
            String::from_utf8(all)
                .unwrap()
                .matches("<tr id=\"seg-")
                .count(),
            3
        );
    }

    #[test]
    fn tuids_break_only_after_a_colon_in_a_column_that_fits_them() {
        use crate::Lang;
        let pairs = vec![
            (
                "王毅主持会议。".to_string(),
                "Wang Yi chaired the meeting.".to_string(),
            ),
            (
                "共有15个国家出席。".to_string(),
                "15 countries attended.".to_string(),
            ),
        ];
        let mut report = crate::report::tests::scored_report(&pairs, (Lang::Zh, Lang::En));
        report.segments[0].tuid = Some("contract:1".into());
        report.segments[1].tuid = Some("press-release-01:12".into());
        let mut out = Vec::new();
        write(&report, &mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        assert!(page.contains(">contract:<wbr>1</span>"), "{page}");
        assert!(page.contains(">press-release-01:<wbr>12</span>"), "{page}");
        // `press-release-01:` is 17 characters.
        assert!(
            page.contains("<col class=\"idx\" style=\"width:calc(17ch + 24px)\">"),
            "{page}"
        );
        // Plain bead numbers keep the narrow column.
        let mut plain = crate::report::tests::scored_report(&pairs, (Lang::Zh, Lang::En));
        plain.segments[1].tuid = Some("12".into());
        let mut out = Vec::new();
        write(&plain, &mut out).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .contains("<col class=\"idx\"><col")
        );
    }

    #[test]
    fn overlapping_spans_nest_nothing_and_keep_every_character() {
        let text = "王毅说：“好”。";
        let flags = [
            flag(
                FlagKind::NameMismatch,
                Severity::Warning,
                vec![(Side::Source, 0, 6)],
            ),
            flag(
                FlagKind::Punctuation,
                Severity::Error,
                vec![(Side::Source, 3, 12), (Side::Target, 0, 1)],
            ),
        ];
        let html = highlight(text, Side::Source, &flags);
        assert_eq!(
            html,
            "<mark class=\"sev-warning\" data-kinds=\"name_mismatch\" title=\"name_mismatch: &lt;e&gt;\">王</mark>\
             <mark class=\"sev-error\" data-kinds=\"name_mismatch punctuation\" title=\"name_mismatch: &lt;e&gt;\npunctuation: &lt;e&gt;\">毅</mark>\
             <mark class=\"sev-error\" data-kinds=\"punctuation\" title=\"punctuation: &lt;e&gt;\">说：</mark>“好”。"
        );
    }

    #[test]
    fn spans_off_char_boundaries_or_out_of_range_are_clamped() {
        let text = "数字15";
        // 1..4 is inside 数 and 字: widened to both characters.
        let f = [flag(
            FlagKind::NumberMismatch,
            Severity::Info,
            vec![
                (Side::Target, 1, 4),
                (Side::Target, 7, 99),
                (Side::Target, 50, 60),
            ],
        )];
        let html = highlight(text, Side::Target, &f);
        assert!(html.starts_with("<mark class=\"sev-info\""), "{html}");
        assert!(html.contains(">数字</mark>"), "{html}");
        assert!(html.ends_with(">5</mark>"), "{html}");
        // Removing the markup gives the text back.
        let plain: String = html
            .split('<')
            .map(|p| p.split_once('>').map_or(p, |(_, rest)| rest))
            .collect();
        assert_eq!(plain, text);
        assert_eq!(highlight("a&b", Side::Source, &f), "a&amp;b");
    }
}
