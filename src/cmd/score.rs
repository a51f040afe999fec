//! `bitext score`: scores pre-aligned pairs, one JSON object per line.

use bitext::LangTag;
use bitext::quality::pairs::{BadLine, parse_pairs_capped, read_pairs};
use bitext::quality::{Glossary, QualityOptions, score_in_chunks};
use bitext::read::TextEncoding;
use clap::Args;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  bitext score pairs.tsv
  bitext align zh.txt en.txt --format tsv | bitext score -
  bitext score --src-lang en --tgt-lang zh en-zh.tsv --glossary terms.tsv
  bitext score pairs.tsv | jq 'select(.score < 0.5)'
  bitext score --encoding gbk pairs-gbk.tsv
  bitext score --skip-bad-lines crawled.tsv | jq -c 'select(.error)'

Input: one `source<TAB>target` a line, as written (no escapes), UTF-8 or
UTF-16 with a BOM, else a legacy encoding detected (and said) or named with
--encoding. A segment over 100,000 bytes (align's longest sentence) is an
error naming the line. The 4 columns `bitext align --format tsv` writes (source,
target, score, flags) are read too, unescaped, the score and flags left aside.
Any other number of columns, or both sides empty, is an error naming the line; one empty side is
scored (it is an omission or an addition). With --skip-bad-lines such a line is
answered in its place by {\"line\": N, \"error\": \"…\"} and the rest is scored.

Output: one JSON object per input line, in input order:
  {\"line\": 1, \"score\": 0.93, \"flags\": [{\"kind\": \"number_mismatch\",
   \"severity\": \"error\", \"evidence\": \"…\", \"spans\": [...]}], \"components\": {...}}
Spans are byte offsets into the line's source or target.

The pairs are scored in chunks of --context lines (default 5000): each chunk
is one document context (length model, learned translations, repeated
segments), and its lines are printed as soon as it is scored (as many chunks
at a time as there are cores, printed in input order).")]
pub struct ScoreArgs {
    /// Pairs file (`-` for standard input).
    file: PathBuf,
    /// Source language (first column): zh or en.
    #[arg(long, default_value = "zh")]
    src_lang: LangTag,
    /// Target language (second column): en or zh.
    #[arg(long, default_value = "en")]
    tgt_lang: LangTag,
    /// Terminology glossary: `Chinese term<TAB>English term` a line
    /// (alternatives separated by `|`, `#` comments), in the direction of
    /// the translation: zh→en, a Chinese term in the source needs one of
    /// its English terms in the target; en→zh, an English term in the
    /// source needs its Chinese term in the target.
    #[arg(long, value_name = "FILE")]
    glossary: Option<PathBuf>,
    /// Character encoding of the pairs file: gb18030 (also gbk, gb2312),
    /// big5, windows-1252, utf-8, utf-16le … [default: UTF-8 or UTF-16 with
    /// a BOM; otherwise detected among GB18030, Big5 and windows-1252, and
    /// the choice reported].
    #[arg(long, value_name = "NAME")]
    encoding: Option<TextEncoding>,
    /// Pairs per document context (at least 1).
    #[arg(long, value_name = "N", default_value_t = 5000)]
    context: usize,
    /// Answer a line that holds no pair (no tab, too many columns, both
    /// sides empty, a control character, a segment over 100,000 bytes, a
    /// line over 1,000,000 bytes)
    /// with `{"line": N, "error": "…"}` in its place and score the rest,
    /// instead of stopping at it before anything is printed; the summary
    /// counts them. The exit status stays 0 unless no line holds a pair.
    #[arg(long)]
    skip_bad_lines: bool,
    /// Do not print the summary on standard error.
    #[arg(short, long)]
    quiet: bool,
}

/// The answer to a line that holds no pair (`--skip-bad-lines`).
#[derive(Serialize)]
struct Skipped<'a> {
    line: usize,
    error: &'a str,
}

#[derive(Serialize)]
struct Line<'a> {
    line: usize,
    score: f64,
    flags: &'a [bitext::quality::Flag],
    components: &'a bitext::quality::Components,
}

pub fn run(args: ScoreArgs) -> anyhow::Result<()> {
    if args.src_lang.lang() == args.tgt_lang.lang() {
        return Err(super::UsageError(format!(
            "--src-lang {} and --tgt-lang {} are the same language; bitext scores Chinese against English",
            args.src_lang, args.tgt_lang
        ))
        .into());
    }
    if args.context == 0 {
        return Err(super::UsageError("--context must be at least 1".into()).into());
    }
    let glossary = match &args.glossary {
        Some(p) => Some(Glossary::read(p)?),
        None => None,
    };
    let decoded = bitext::read::read_file_as(&args.file, args.encoding)?;
    if !args.quiet
        && let Some(notice) = decoded.notice(&args.file)
    {
        say!("bitext: {notice}");
    }
    let text = decoded.text;
    let shown = bitext::read::display_path(&args.file);
    let (pairs, bad) = if !args.skip_bad_lines {
        // The first line that holds no pair stops the run before anything
        // is scored or printed.
        (
            parse_pairs_capped(shown, &text, super::MAX_SEGMENT_BYTES)?,
            Vec::new(),
        )
    } else {
        let read = read_pairs(&text, super::MAX_SEGMENT_BYTES);
        match read.bad.first() {
            None if read.pairs.is_empty() => {
                return Err(bitext::Error::EmptyInput {
                    path: shown.to_path_buf(),
                }
                .into());
            }
            Some(first) if read.pairs.is_empty() => {
                let stdout = std::io::stdout();
                let mut out = std::io::BufWriter::new(stdout.lock());
                write_skipped(&mut out, &read.bad, usize::MAX)?;
                out.flush().map_err(|e| bitext::Error::io("<stdout>", e))?;
                let lines = match read.bad.len() {
                    1 => "its one line holds no pair".to_string(),
                    n => format!("none of its {n} lines holds a pair"),
                };
                return Err(super::UsageError(format!(
                    "{}: {lines} (line {}: {})",
                    shown.display(),
                    first.line,
                    first.message
                ))
                .into());
            }
            _ => (read.pairs, read.bad),
        }
    };
    drop(text);
    let mut samples = [
        bitext::lang::Sample::default(),
        bitext::lang::Sample::default(),
    ];
    for p in &pairs {
        samples[0].add(&p.src);
        samples[1].add(&p.tgt);
    }
    bitext::lang::check_sides(
        &bitext::read::display_path(&args.file).display().to_string(),
        (&samples[0], args.src_lang.as_str()),
        (&samples[1], args.tgt_lang.as_str()),
        bitext::convert::declare_advice(true),
    )?;
    let opts = QualityOptions {
        src_lang: args.src_lang.lang(),
        tgt_lang: args.tgt_lang.lang(),
        glossary,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let io = |e| bitext::Error::io("<stdout>", e);
    let (mut total, mut weighted, mut flagged) = (0usize, 0.0f64, 0usize);
    let texts: Vec<(&str, &str)> = pairs
        .iter()
        .map(|p| (p.src.as_str(), p.tgt.as_str()))
        .collect();
    // The bad lines not yet answered: each is printed just before the
    // first pair that comes after it in the file.
    let mut skipped = bad.as_slice();
    score_in_chunks(&texts, args.context, &opts, |chunk, report| {
        // `total` pairs were printed before this chunk.
        for (p, s) in pairs[total..].iter().zip(&report.segments) {
            skipped = write_skipped(&mut out, skipped, p.line)?;
            let line = Line {
                line: p.line,
                score: (s.score * 10_000.0).round() / 10_000.0,
                flags: &s.flags,
                components: &s.components,
            };
            serde_json::to_writer(&mut out, &line).map_err(|e| io(e.into()))?;
            out.write_all(b"\n").map_err(io)?;
        }
        out.flush().map_err(io)?;
        total += chunk.len();
        weighted += report.document_score * chunk.len() as f64;
        flagged += report
            .segments
            .iter()
            .filter(|s| !s.flags.is_empty())
            .count();
        Ok(())
    })?;
    write_skipped(&mut out, skipped, usize::MAX)?;
    out.flush().map_err(io)?;
    if !args.quiet {
        let skipped = match bad.len() {
            0 => String::new(),
            1 => format!(", 1 line skipped (no pair: line {})", bad[0].line),
            n => format!(
                ", {n} lines skipped (no pair; the first is line {})",
                bad[0].line
            ),
        };
        say!(
            "bitext: scored {}, {flagged} flagged{skipped}; document score {:.3}",
            super::plural(total, "pair", "pairs"),
            weighted / total.max(1) as f64
        );
    }
    Ok(())
}

/// Prints the answers to the bad lines before line `before`, and returns
/// the ones after it.
fn write_skipped<'a>(
    out: &mut impl Write,
    bad: &'a [BadLine],
    before: usize,
) -> bitext::Result<&'a [BadLine]> {
    let io = |e| bitext::Error::io("<stdout>", e);
    let n = bad.partition_point(|b| b.line < before);
    for b in &bad[..n] {
        let answer = Skipped {
            line: b.line,
            error: &b.message,
        };
        serde_json::to_writer(&mut *out, &answer).map_err(|e| io(e.into()))?;
        out.write_all(b"\n").map_err(io)?;
    }
    Ok(&bad[n..])
}
