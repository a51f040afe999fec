//! `bitext convert`.

use super::UsageError;
use bitext::convert::{self, ConvertOptions, Format, UnitStream};
use bitext::output::AtomicFile;
use bitext::read::TextEncoding;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  bitext convert memory.tmx pairs.tsv
  bitext convert memory.tmx pairs.jsonl --src-lang zh-CN --tgt-lang en-US
  bitext convert pairs.tsv memory.tmx --src-lang zh-CN --tgt-lang en-US
  bitext convert memory.tmx corpus --to moses     # corpus.zh and corpus.en (the languages' codes)
  cat pairs.tsv | bitext convert - memory.tmx --src-lang zh-CN --tgt-lang en-US
  bitext convert big.tmx clean.tmx --dedupe
  bitext convert --from tsv-raw export.txt memory.tmx --src-lang zh-CN --tgt-lang en-US
  bitext convert --encoding gbk pairs-gbk.tsv pairs.jsonl   # detected when not named
  bitext convert --keep-first-row glossary.tsv glossary.tmx # a first row `Source<TAB>Target` is a pair
  bitext convert aligned.tmx release.tmx --min-score 0.5    # scores as `bitext align` wrote them
  bitext convert aligned.jsonl release.tmx --drop-flagged error
  bitext convert aligned.tmx corpus --to moses --min-score 0.6 --drop-flagged warning --dedupe

Formats come from the file extensions (.tmx, .tsv, .jsonl) unless --from/--to
name them; an input without one (standard input, a .txt) is TMX when it starts
with `<`, JSON Lines with `{`, else TSV. TMX → TMX keeps every language, attribute, note, property and inline
tag (with --src-lang and --tgt-lang, only that pair). The other formats hold one
language pair as plain text; the pair is --src-lang/--tgt-lang, else the TMX
header's srclang and the first other language found.

TSV output of a memory bitext scored keeps the score and flags columns that
`bitext align --format tsv` writes (source, target, score, flags) on every
line: a unit without them (another tool's) has those two columns empty. A
memory without any score gives two columns. (The lines before the first score
are held to decide; after 8 MiB of them the file has two columns, and later
scores are counted in a warning, not written.)

--min-score and --drop-flagged read the scores and flags bitext wrote when it
aligned (TMX: the x-bitext-score and x-bitext-flags properties; JSON Lines: the
\"score\" and \"flags\" fields; TSV: the score and flags columns), so a memory
aligned once can be cleaned for a release without aligning again. A unit
without a score (from another tool) is kept and counted; an input in which no
unit carries one is an error, and nothing is written.")]
pub struct ConvertArgs {
    /// Input file (`-` for standard input).
    input: PathBuf,
    /// Output file (`-` for standard output). For Moses, a prefix: PREFIX.<src>
    /// and PREFIX.<tgt> are written.
    output: PathBuf,
    /// Input format (else the extension's, else what the first bytes show).
    #[arg(long, value_enum)]
    from: Option<InFormatArg>,
    /// Output format, when the extension does not tell (Moses output is
    /// always named: `--to moses`).
    #[arg(long, value_enum)]
    to: Option<FormatArg>,
    /// Source language to pick from a TMX (`zh_CN`, `zh-cn` and `zh-CN` are
    /// the same; the exact region is preferred, then any region), or to give
    /// TSV/JSON Lines records.
    #[arg(long, value_name = "LANG")]
    src_lang: Option<String>,
    /// Target language, as --src-lang.
    #[arg(long, value_name = "LANG")]
    tgt_lang: Option<String>,
    /// Write each pair of texts once: a unit whose source and target texts
    /// (for TMX → TMX of every language: each language's text) are those
    /// of an earlier unit is left out and counted, whatever its tuid,
    /// notes or properties (a merged batch's document, a score); the first
    /// unit is written as it is.
    #[arg(long)]
    dedupe: bool,
    /// Leave out units whose quality score, as `bitext align` wrote it, is
    /// below X (0 to 1), as `align --min-score` does. A unit without a
    /// score is kept and counted; an input without any is an error. How
    /// many were left out is reported on standard error.
    #[arg(long, value_name = "X", value_parser = super::parse_unit_interval)]
    min_score: Option<f64>,
    /// Leave out units with a flag, as `bitext align` wrote the flags, at
    /// least this serious: `error` or `warning`, as `align --drop-flagged`
    /// does. A unit with a score and no flag has none; one with neither is
    /// kept and counted. How many were left out is reported on standard
    /// error.
    #[arg(long, value_name = "SEVERITY", value_parser = super::parse_severity)]
    drop_flagged: Option<bitext::quality::Severity>,
    /// Keep units with text on one side only, as `bitext align
    /// --keep-empty` does (an omission or an addition, with its score and
    /// flags): a TMX unit of one `<tuv>` in the source or target language,
    /// or a TSV or JSON Lines record with an empty side, is written with an
    /// empty side (TSV, JSON Lines, Moses) or its one `<tuv>` (TMX).
    /// Without it they are left out and counted. TMX → TMX keeps them
    /// anyway.
    #[arg(long)]
    keep_empty: bool,
    /// Overwrite outputs that exist.
    #[arg(long)]
    force: bool,
    /// creationdate of a TMX written from TSV or JSON Lines, as
    /// YYYYMMDDThhmmssZ or @SECONDS since 1970 (up to the end of year 9999);
    /// a JSON Lines record's own creationdate (in "attrs") is kept.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    creation_date: Option<u64>,
    /// Character encoding of a TSV or JSON Lines input: gb18030 (also gbk,
    /// gb2312), big5 (with HKSCS), windows-1252, utf-8, utf-16le … [default:
    /// UTF-8 or UTF-16 with a BOM; otherwise detected among GB18030, Big5 and
    /// windows-1252, and the choice reported]. A TMX declares its own.
    #[arg(long, value_name = "NAME")]
    encoding: Option<TextEncoding>,
    /// Read a TSV's first row as a pair whatever it holds. Without it, a
    /// first row whose two cells name two columns (`source`/`target`,
    /// `源文`/`译文`, `中文`/`English`, `zh-CN`/`en-US`…) above other
    /// rows is skipped, with a warning.
    #[arg(long)]
    keep_first_row: bool,
    /// Print nothing on standard error but errors.
    #[arg(short, long)]
    quiet: bool,
}

/// Formats as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// TMX (reads 1.4 and 1.1, writes 1.4b)
    Tmx,
    /// source TAB target, one unit a line (bitext's escapes: \\ \t \n \r),
    /// then score TAB flags for a memory bitext scored
    Tsv,
    /// source TAB target without escapes, as spreadsheets write it (then
    /// score TAB flags for a memory bitext scored)
    #[value(name = "tsv-raw")]
    TsvRaw,
    /// one JSON object a line (from TMX: with the unit's and each side's
    /// attributes, properties and notes)
    #[value(alias = "json")]
    Jsonl,
    /// two line-aligned plain-text files (output only)
    Moses,
}

/// Input formats (Moses files have no metadata to read back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InFormatArg {
    /// TMX 1.4 or 1.1
    Tmx,
    /// source TAB target, one unit a line (bitext's escapes: \\ \t \n \r)
    Tsv,
    /// source TAB target without escapes, as spreadsheets write it
    #[value(name = "tsv-raw")]
    TsvRaw,
    /// one JSON object a line with "src" and "tgt"
    #[value(alias = "json")]
    Jsonl,
}

impl From<InFormatArg> for FormatArg {
    fn from(f: InFormatArg) -> Self {
        match f {
            InFormatArg::Tmx => FormatArg::Tmx,
            InFormatArg::Tsv => FormatArg::Tsv,
            InFormatArg::TsvRaw => FormatArg::TsvRaw,
            InFormatArg::Jsonl => FormatArg::Jsonl,
        }
    }
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Tmx => Format::Tmx,
            FormatArg::Tsv => Format::Tsv,
            FormatArg::TsvRaw => Format::RawTsv,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Moses => Format::Moses,
        }
    }
}

/// The output's format: --to, else its extension.
fn output_format(path: &Path, given: Option<FormatArg>) -> anyhow::Result<Format> {
    if let Some(f) = given {
        let format = f.into();
        super::check_format_extension(path, format, "--to")?;
        return Ok(format);
    }
    Format::from_extension(path).ok_or_else(|| {
        let name = match path.to_str() {
            Some("-") => "<stdout>".to_string(),
            _ => bitext::read::display_path(path).display().to_string(),
        };
        UsageError(format!(
            "{name}: cannot tell the format from the file name; name it with --to (tmx, tsv, jsonl or moses)"
        ))
        .into()
    })
}

/// The options that depend on the input's format: `--creation-date` (for a
/// TMX written from records), `--encoding` (for records) and
/// `--keep-first-row` (for TSV).
fn check_input_options(args: &ConvertArgs, from: Format, to: Format) -> anyhow::Result<()> {
    if args.creation_date.is_some() && (to != Format::Tmx || from == Format::Tmx) {
        return Err(UsageError(
            "--creation-date sets the date of a TMX written from TSV or JSON Lines; a TMX read keeps its own dates"
                .into(),
        )
        .into());
    }
    if args.encoding.is_some() && from == Format::Tmx {
        return Err(UsageError(
            "--encoding names the encoding of TSV and JSON Lines input; a TMX file declares its own"
                .into(),
        )
        .into());
    }
    if args.keep_first_row && !matches!(from, Format::Tsv | Format::RawTsv) {
        return Err(super::keep_first_row_misused(from).into());
    }
    Ok(())
}

pub fn run(args: ConvertArgs) -> anyhow::Result<()> {
    // The input's format: --from, else its extension, else (standard input,
    // a file named otherwise) what its first bytes show, as `audit` does.
    let named = match args.from {
        Some(f) => Some(Format::from(FormatArg::from(f))),
        None => Format::from_extension(&args.input),
    };
    let to = output_format(&args.output, args.to)?;
    let stdout = args.output == Path::new("-");
    if stdout && to == Format::Moses {
        return Err(
            UsageError("Moses output is two files; give a file prefix, not -".into()).into(),
        );
    }
    if to == Format::Moses
        && (args.output.is_dir() || args.output.as_os_str().to_string_lossy().ends_with('/'))
    {
        return Err(UsageError(format!(
            "{}: Moses output needs a file prefix (e.g. {}/corpus for corpus.zh and corpus.en), not a directory",
            args.output.display(),
            args.output.display().to_string().trim_end_matches('/')
        ))
        .into());
    }
    if let Some(from) = named {
        check_input_options(&args, from, to)?;
    }
    // Check outputs that can be named before reading anything.
    if to != Format::Moses {
        super::check_output(&args.output, &[&args.input], args.force)?;
    } else {
        // The prefix's directory; the two files are checked once the
        // languages are known.
        super::check_output(&args.output, &[&args.input], true)?;
    }
    let (src_lang, tgt_lang) = (args.src_lang.as_deref(), args.tgt_lang.as_deref());
    let (mut stream, from) = match named {
        Some(from) => (
            UnitStream::open_as(&args.input, from, args.encoding, src_lang, tgt_lang)?,
            from,
        ),
        None => UnitStream::open_detected(&args.input, args.encoding, src_lang, tgt_lang)?,
    };
    if named.is_none() {
        check_input_options(&args, from, to)?;
    }
    if args.keep_first_row {
        stream.keep_first_row();
    }
    if !args.quiet
        && let Some(notice) = stream.encoding_notice()
    {
        say!("bitext: {notice}");
    }
    if !args.quiet {
        for notice in stream.notices() {
            say!("bitext: warning: {notice}");
        }
    }
    let options = ConvertOptions {
        dedupe: args.dedupe,
        creation_time: if to == Format::Tmx && from != Format::Tmx {
            super::creation_time(args.creation_date, &[&args.input])?
        } else {
            0
        },
        min_score: args.min_score,
        drop_flagged: args.drop_flagged,
        keep_empty: args.keep_empty,
    };
    let mut written = vec![args.output.clone()];
    let report = if to == Format::Moses {
        let paths = moses_paths(&args.output, stream.src_lang(), stream.tgt_lang());
        for p in &paths {
            super::check_output(p, &[&args.input], args.force)?;
        }
        let mut files = [
            AtomicFile::create(&paths[0])?,
            AtomicFile::create(&paths[1])?,
        ];
        let [a, b] = &mut files;
        let report = convert::write(stream, to, &mut [a.writer(), b.writer()], &options)
            .map_err(|e| e.with_output_path(&paths[0]))?;
        let [a, b] = files;
        a.commit()?;
        b.commit()?;
        written = paths.to_vec();
        report
    } else {
        super::emit(Some(&args.output), &[&args.input], args.force, |out| {
            convert::write(stream, to, &mut [out], &options)
        })?
    };
    if !args.quiet {
        let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        let languages = if report.all_languages {
            "all languages kept".to_string()
        } else {
            format!("{} → {}", report.src_lang, report.tgt_lang)
        };
        let units = |n: usize| super::plural(n, "unit", "units");
        let mut line = format!(
            "bitext: read {} ({languages}), wrote {} to {}",
            units(report.read),
            report.written,
            if stdout {
                "<stdout>".into()
            } else {
                names.join(" and ")
            }
        );
        let left_out = [
            (
                report.duplicates,
                "duplicate (--dedupe)",
                "duplicates (--dedupe)",
            ),
            (
                report.missing_lang,
                "without both languages",
                "without both languages",
            ),
            (
                report.empty,
                "with an empty segment",
                "with an empty segment",
            ),
        ];
        let left_out: Vec<String> = left_out
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|&(n, one, many)| super::plural(n, one, many))
            .collect();
        if report.one_sided > 0 {
            line.push_str(&format!(
                " ({} with an empty side, --keep-empty)",
                report.one_sided
            ));
        }
        if !left_out.is_empty() {
            line.push_str(&format!("; left out {}", left_out.join(", ")));
        }
        if report.one_sided_left_out > 0 {
            let n = report.one_sided_left_out;
            line.push_str(&format!(
                " (--keep-empty keeps the {} with text on one side)",
                if n == 1 {
                    "one".to_string()
                } else {
                    n.to_string()
                }
            ));
        }
        say!("{line}");
        super::print_quality_left_out(
            ("unit", "units"),
            (args.min_score, report.below_min_score),
            (args.drop_flagged, report.flagged),
        );
        if report.unscored > 0 {
            let n = report.unscored;
            say!(
                "bitext: {} without bitext's score or flags kept (--min-score and --drop-flagged cannot judge {})",
                units(n),
                if n == 1 { "it" } else { "them" }
            );
        }
        if report.empty_variants > 0 {
            say!(
                "bitext: {} (a <tuv> without text) left out of the units written",
                super::plural(report.empty_variants, "empty segment", "empty segments")
            );
        }
        if report.flattened > 0 {
            let n = report.flattened;
            let segments = super::plural(n, "segment", "segments");
            if to == Format::Moses {
                say!(
                    "bitext: {segments} held tabs or line breaks, written as spaces (Moses files are one segment a line, with no tab)"
                );
            } else {
                say!(
                    "bitext: {segments} held tabs or line breaks, written as spaces (raw TSV has no escapes)"
                );
            }
        }
        for notice in &report.notices {
            say!("bitext: {notice}");
        }
        if report.quality_dropped > 0 {
            say!(
                "bitext: warning: the score and flags of {} not written: over 8 MiB of units \
                 without a score came first, and the TSV has two columns (JSON Lines or TMX \
                 output keeps them)",
                units(report.quality_dropped)
            );
        }
        if report.dropped_chars > 0 {
            say!(
                "bitext: warning: {} that XML 1.0 forbids {} dropped",
                super::plural(report.dropped_chars, "character", "characters"),
                if report.dropped_chars == 1 {
                    "was"
                } else {
                    "were"
                }
            );
        }
        std::io::stderr().flush().ok();
    }
    Ok(())
}

/// `PREFIX.zh` and `PREFIX.en`; the full tags when both sides share a
/// language (`PREFIX.en-us`, `PREFIX.en-gb`).
fn moses_paths(prefix: &Path, src: &str, tgt: &str) -> [PathBuf; 2] {
    let (ps, pt) = (
        bitext::tmx::primary_subtag(src).to_ascii_lowercase(),
        bitext::tmx::primary_subtag(tgt).to_ascii_lowercase(),
    );
    let (s, t) = if ps == pt {
        (bitext::tmx::fold_lang(src), bitext::tmx::fold_lang(tgt))
    } else {
        (ps, pt)
    };
    // A tag read from a file becomes part of a file name: letters, digits
    // and hyphens only.
    let clean = |tag: String, fallback: &str| {
        let tag: String = tag
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if tag.is_empty() {
            fallback.to_string()
        } else {
            tag
        }
    };
    let (s, t) = (clean(s, "src"), clean(t, "tgt"));
    let with = |ext: &str| {
        let mut name = prefix.as_os_str().to_owned();
        name.push(".");
        name.push(ext);
        PathBuf::from(name)
    };
    [with(&s), with(&t)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moses_file_names() {
        let [a, b] = moses_paths(Path::new("out/corpus"), "zh-CN", "en_US");
        assert_eq!(
            (a.to_str(), b.to_str()),
            (Some("out/corpus.zh"), Some("out/corpus.en"))
        );
        let [a, b] = moses_paths(Path::new("c"), "en-US", "en-GB");
        assert_eq!((a.to_str(), b.to_str()), (Some("c.en-us"), Some("c.en-gb")));
        let [a, b] = moses_paths(Path::new("c"), "", "../x/y");
        assert_eq!((a.to_str(), b.to_str()), (Some("c.src"), Some("c.xy")));
    }
}
