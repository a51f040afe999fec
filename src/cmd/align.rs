//! `bitext align`.

use super::UsageError;
use bitext::align::{Aligner, Alignment, CostModel, ParagraphMode, Search, Signal};
use bitext::document::{Document, InputMode};
use bitext::format::tmx::TmxOptions;
use bitext::format::{self, Bitext, Format, Record};
use bitext::lexicon::Lexicon;
use bitext::quality::{self, QualityOptions};
use bitext::read::TextEncoding;
use bitext::segment::srx::SrxRules;
use bitext::{LangTag, read};
use clap::{Args, ValueEnum};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  bitext align corpora/release-2021-05-08/zh.txt corpora/release-2021-05-08/en.txt -o release.tmx
  bitext align zh.txt en.txt --format tsv > pairs.tsv
  bitext align --src-lang en --tgt-lang zh-CN en.txt zh.txt -o en-zh.tmx
  bitext align --presegmented --format beads 001.zh 001.en
  bitext align zh.txt en.txt --min-score 0.5 -o clean.tmx
  bitext align --min-confidence 0.9 zh.txt en.txt -o sure.tmx
  bitext align --src-encoding gb18030 --tgt-encoding windows-1252 zh.txt en.txt -o pair.tmx

Every bead is scored (see `bitext audit`): JSON Lines records carry \"score\" and
\"flags\", TSV lines two more columns (score, flags as kind:severity), TMX units
<prop type=\"x-bitext-score\"> and <prop type=\"x-bitext-flags\"> (a JSON array).

The TMX creationdate is --creation-date, else SOURCE_DATE_EPOCH, else the newer
modification time of the two inputs, so the same files give the same bytes.")]
pub struct AlignArgs {
    /// Source text (`-` for standard input).
    src: PathBuf,
    /// Target text, the translation (`-` for standard input).
    tgt: PathBuf,
    /// Source language tag, written to TMX as given (`_` as `-`).
    #[arg(long, default_value = "zh-CN")]
    src_lang: LangTag,
    /// Target language tag, written to TMX as given (`_` as `-`).
    #[arg(long, default_value = "en-US")]
    tgt_lang: LangTag,
    /// Inputs hold one segment per line, taken as is (blank lines ignored).
    #[arg(long)]
    presegmented: bool,
    /// Segment both texts with the rules of this SRX 2.0 file (the CAT
    /// tool's rules, so that the TMX is cut as the tool cuts new text); the
    /// language tags select its language rules.
    #[arg(long, value_name = "FILE", conflicts_with = "presegmented")]
    srx: Option<PathBuf>,
    /// Output format [default: from the extension of OUT (.tmx, .tsv,
    /// .jsonl, .align; another extension is an error), else tmx].
    #[arg(long, short = 'f', value_enum, ignore_case = true)]
    format: Option<FormatArg>,
    /// Cost model.
    #[arg(long, value_enum, default_value_t = ModelArg::Full)]
    model: ModelArg,
    /// How to search: `auto` searches every cell of the grid for texts of a
    /// few hundred sentences and a narrow window around sure pairs for
    /// longer ones (near-linear); `exhaustive` always searches every cell
    /// (quadratic: for checking); `guided` always uses the window.
    #[arg(long, value_enum, default_value_t = SearchArg::Auto)]
    search: SearchArg,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Overwrite OUT if it exists (it is replaced atomically; an input file
    /// is never overwritten).
    #[arg(long)]
    force: bool,
    /// TMX: also write beads with an empty side (omissions, additions) as
    /// units with a single <tuv>.
    #[arg(long)]
    keep_empty: bool,
    /// TMX creationdate, as YYYYMMDDThhmmssZ or @SECONDS since 1970.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    creation_date: Option<u64>,
    /// Do not use paragraph boundaries, even when both sides have comparable
    /// paragraph structure (same as --disable paragraphs).
    #[arg(long)]
    no_paragraphs: bool,
    /// A glossary to add to the embedded CC-CEDICT lexicon: one `Chinese TAB
    /// English` pair a line, `#` comments. Its entries replace the embedded
    /// ones for the same Chinese term. Repeatable.
    #[arg(long, value_name = "FILE")]
    lexicon: Vec<PathBuf>,
    /// Switch signals off, comma-separated: length, numbers, latin,
    /// punctuation, paragraphs, lexicon, names.
    #[arg(long, value_name = "SIGNALS", value_delimiter = ',')]
    disable: Vec<Signal>,
    /// Leave out beads whose quality score is below X (0 to 1): corpus
    /// cleaning. How many were left out is reported on standard error.
    #[arg(long, value_name = "X", value_parser = super::parse_unit_interval)]
    min_score: Option<f64>,
    /// Character encoding of both inputs: gb18030 (also gbk, gb2312), big5
    /// (with HKSCS), windows-1252, utf-8, utf-16le, utf-16be … [default: UTF-8
    /// or UTF-16 with a BOM; otherwise detected among GB18030, Big5 and
    /// windows-1252, and the choice reported].
    #[arg(long, value_name = "NAME")]
    encoding: Option<TextEncoding>,
    /// Character encoding of SRC (overrides --encoding for it).
    #[arg(long, value_name = "NAME")]
    src_encoding: Option<TextEncoding>,
    /// Character encoding of TGT (overrides --encoding for it).
    #[arg(long, value_name = "NAME")]
    tgt_encoding: Option<TextEncoding>,
    /// Leave out of the output every bead whose confidence is below X (0 to
    /// 1; confidences are calibrated probabilities that the bead is right).
    /// The number left out is reported on standard error.
    #[arg(long, value_name = "X", value_parser = super::parse_unit_interval)]
    min_confidence: Option<f64>,
    /// Print nothing on standard error but errors.
    #[arg(short, long)]
    quiet: bool,
}

/// Output formats, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// TMX 1.4b translation memory
    Tmx,
    /// source TAB target, one bead a line
    Tsv,
    /// one JSON object per bead
    #[value(alias = "json")]
    Jsonl,
    /// `[0,1]:[2]` bead lists (the evaluation gold format)
    #[value(alias = "align")]
    Beads,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Tmx => Format::Tmx,
            FormatArg::Tsv => Format::Tsv,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Beads => Format::Beads,
        }
    }
}

/// The cost models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ModelArg {
    /// the embedded lexicon, names, a learned second pass, numbers, Latin
    /// tokens, punctuation, paragraphs and length (the most accurate)
    Full,
    /// numbers, Latin tokens, punctuation, paragraphs and length only (no
    /// lexicon: about 9× faster, less accurate)
    Core,
}

/// The searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SearchArg {
    /// exhaustive up to 250,000 cells (about 500 × 500 sentences), guided
    /// beyond
    Auto,
    /// every cell of the grid (time and memory grow with n × m)
    Exhaustive,
    /// a window around sure pairs, then around the first pass's path,
    /// widened where the path needs it (time and memory grow with n + m)
    Guided,
}

/// The summary line: sentences, beads by shape, and how many are more
/// likely wrong than right (confidence < 0.5).
fn summary(alignment: &Alignment, src: &Document, tgt: &Document, args: &AlignArgs) -> String {
    let mut shapes: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for b in alignment.beads() {
        *shapes.entry((b.src.len(), b.tgt.len())).or_default() += 1;
    }
    let shapes: Vec<String> = shapes
        .iter()
        .map(|((s, t), n)| format!("{s}-{t}: {n}"))
        .collect();
    let low = alignment
        .beads()
        .iter()
        .filter(|b| b.confidence < 0.5)
        .count();
    format!(
        "bitext: {} {} sentences, {} {} sentences → {} beads ({}); {} with confidence < 0.5",
        src.len(),
        args.src_lang,
        tgt.len(),
        args.tgt_lang,
        alignment.beads().len(),
        shapes.join(", "),
        low
    )
}

pub fn run(args: AlignArgs) -> anyhow::Result<()> {
    if args.src == Path::new("-") && args.tgt == Path::new("-") {
        return Err(UsageError("only one of SRC and TGT can be standard input".into()).into());
    }
    if args.src_lang.lang() == args.tgt_lang.lang() {
        return Err(UsageError(format!(
            "--src-lang {} and --tgt-lang {} are the same language; bitext aligns Chinese with English",
            args.src_lang, args.tgt_lang
        ))
        .into());
    }
    let mut inputs: Vec<&Path> = vec![&args.src, &args.tgt];
    inputs.extend(args.lexicon.iter().map(PathBuf::as_path));
    inputs.extend(args.srx.as_deref());
    if let Some(out) = &args.output {
        super::check_output(out, &inputs, args.force)?;
    }
    let output_format = match args.format {
        Some(f) => f,
        None => format_from_output(args.output.as_deref())?,
    };
    let srx = args.srx.as_deref().map(SrxRules::from_file).transpose()?;
    let mode = if args.presegmented {
        InputMode::Presegmented
    } else {
        InputMode::Raw
    };
    let src = super::read_document(
        &args.src,
        args.src_encoding.or(args.encoding),
        &args.src_lang,
        mode,
        srx.as_ref(),
        args.quiet,
    )?;
    let tgt = super::read_document(
        &args.tgt,
        args.tgt_encoding.or(args.encoding),
        &args.tgt_lang,
        mode,
        srx.as_ref(),
        args.quiet,
    )?;
    let contradicted =
        |doc: &Document, tag: &LangTag| bitext::lang::contradicts(doc.text(), tag.lang());
    if contradicted(&src, &args.src_lang) || contradicted(&tgt, &args.tgt_lang) {
        let (s, t) = (
            bitext::lang::detect(src.text()),
            bitext::lang::detect(tgt.text()),
        );
        if s == t {
            let name = if s == bitext::Lang::Zh {
                "Chinese"
            } else {
                "English"
            };
            return Err(UsageError(format!(
                "{} and {} both look {name}; bitext aligns a Chinese text with its English \
                 translation (is one of them the wrong file?)",
                read::display_path(src.path()).display(),
                read::display_path(tgt.path()).display()
            ))
            .into());
        }
    }
    for (doc, tag, flag) in [
        (&src, &args.src_lang, "--src-lang"),
        (&tgt, &args.tgt_lang, "--tgt-lang"),
    ] {
        if contradicted(doc, tag) {
            let other = if tag.lang() == bitext::Lang::Zh {
                "English"
            } else {
                "Chinese"
            };
            return Err(UsageError(format!(
                "{}: the text looks {other}, but {flag} is {tag}; the source text comes first \
                 (for English to Chinese: --src-lang en-US --tgt-lang zh-CN en.txt zh.txt)",
                read::display_path(doc.path()).display()
            ))
            .into());
        }
    }
    let paragraphs = if args.no_paragraphs {
        ParagraphMode::Ignore
    } else {
        ParagraphMode::Auto
    };
    let search = match args.search {
        SearchArg::Auto => Search::Auto,
        SearchArg::Exhaustive => Search::Exhaustive,
        SearchArg::Guided => Search::Guided,
    };
    let mut builder = Aligner::builder().paragraphs(paragraphs).search(search);
    if args.model == ModelArg::Core {
        if !args.lexicon.is_empty() {
            return Err(UsageError("--lexicon needs --model full".into()).into());
        }
        builder = builder.cost_model(CostModel::length_only());
    }
    if !args.lexicon.is_empty() {
        if args.disable.contains(&Signal::Lexicon) {
            return Err(
                UsageError("--lexicon and --disable lexicon contradict each other".into()).into(),
            );
        }
        let mut lexicon = Lexicon::embedded().clone();
        for path in &args.lexicon {
            let text = read::read_file(path)?;
            lexicon.add_user_tsv(&text, path)?;
        }
        builder = builder.lexicon(lexicon);
    }
    for &signal in &args.disable {
        builder = builder.disable(signal);
    }
    let aligner = builder.build()?;
    let alignment = aligner.align(&src, &tgt)?;
    // The summary describes the whole alignment, before any is left out.
    let summary = summary(&alignment, &src, &tgt, &args);
    let bitext = Bitext {
        src: &src,
        tgt: &tgt,
        alignment: &alignment,
    };
    let tmx_opts = TmxOptions {
        src_lang: Some(args.src_lang.clone()),
        tgt_lang: Some(args.tgt_lang.clone()),
        keep_empty: args.keep_empty,
        creation_time: if output_format == FormatArg::Tmx {
            super::creation_time(args.creation_date, &[&args.src, &args.tgt])?
        } else {
            0
        },
    };
    let filter = Filter {
        min_confidence: args.min_confidence,
        min_score: args.min_score,
    };
    let (records, left_out) = scored_records(bitext, &tmx_opts, output_format, filter)?;
    let sink_options = format::alignment_sink_options(bitext, &tmx_opts, true);
    let report = super::emit(args.output.as_deref(), &inputs, args.force, |out| {
        format::write_records(output_format.into(), &records, &sink_options, vec![out])
    })?;
    if !args.quiet {
        eprintln!("{summary}");
        if let Some(min) = args.min_confidence {
            eprintln!(
                "bitext: {} beads with confidence < {min} left out (--min-confidence)",
                left_out.confidence
            );
        }
        if alignment.relatedness() < 0.5 {
            eprintln!(
                "bitext: warning: the two texts do not look like translations of each other \
                 (relatedness {:.2}); every bead has low confidence",
                alignment.relatedness()
            );
        }
        if let Some(x) = args.min_score {
            eprintln!(
                "bitext: {} beads with a score below {x} left out (--min-score)",
                left_out.score
            );
        }
        if output_format == FormatArg::Tmx {
            eprintln!("bitext: {} translation units written", report.written);
        }
        if report.skipped > 0 {
            eprintln!(
                "bitext: {} beads with an empty side left out of the TMX (--keep-empty keeps them)",
                report.skipped
            );
        }
        if report.dropped_chars > 0 {
            eprintln!(
                "bitext: warning: {} characters that XML 1.0 forbids were dropped from the TMX",
                report.dropped_chars
            );
        }
    }
    Ok(())
}

/// Which beads `--min-confidence` and `--min-score` leave out.
#[derive(Debug, Clone, Copy)]
struct Filter {
    min_confidence: Option<f64>,
    min_score: Option<f64>,
}

/// How many beads each filter left out (a bead below both counts for
/// confidence only).
#[derive(Debug, Default)]
struct LeftOut {
    confidence: usize,
    score: usize,
}

/// The alignment's records with each bead's score and flags (bead lists
/// carry neither, so they are scored only for --min-score), less the beads
/// the filter leaves out. When a filter is on, every record keeps its
/// `tuid` (the bead's position), since positions in the output no longer
/// tell.
fn scored_records(
    bitext: Bitext<'_>,
    tmx_opts: &TmxOptions,
    output_format: FormatArg,
    filter: Filter,
) -> anyhow::Result<(Vec<Record>, LeftOut)> {
    let (src_tag, tgt_tag) = format::alignment_langs(bitext, tmx_opts);
    let mut records = format::alignment_records(bitext, (&src_tag, &tgt_tag));
    if output_format != FormatArg::Beads || filter.min_score.is_some() {
        let options = QualityOptions::new(bitext.src.lang(), bitext.tgt.lang());
        let quality = quality::score_alignment(bitext.src, bitext.tgt, bitext.alignment, &options)?;
        for (r, q) in records.iter_mut().zip(&quality.segments) {
            r.set_quality(q);
        }
    }
    let mut left_out = LeftOut::default();
    if filter.min_confidence.is_none() && filter.min_score.is_none() {
        return Ok((records, left_out));
    }
    // The values as written (scores to four decimals) are what is compared,
    // so that a threshold read off the output keeps exactly the beads shown
    // at or above it.
    let kept = records
        .into_iter()
        .enumerate()
        .filter(|(_, r)| {
            if filter
                .min_confidence
                .is_some_and(|min| r.confidence.is_none_or(|c| c < min))
            {
                left_out.confidence += 1;
                false
            } else if filter
                .min_score
                .is_some_and(|min| r.score.is_none_or(|s| s < min))
            {
                left_out.score += 1;
                false
            } else {
                true
            }
        })
        .map(|(k, mut r)| {
            r.tuid = Some((k + 1).to_string());
            r
        })
        .collect();
    Ok((kept, left_out))
}

/// The output format `-o` names by its extension: `.tmx`, `.tsv` (`.tab`),
/// `.jsonl` (`.json`, `.ndjson`), `.align` (`.beads`), in any case; TMX for
/// standard output and a name without an extension. Any other extension is
/// an error: writing TMX into `out.txt` or `out.xlsx` is never what was meant.
fn format_from_output(output: Option<&Path>) -> anyhow::Result<FormatArg> {
    let Some(path) = output.filter(|p| *p != Path::new("-")) else {
        return Ok(FormatArg::Tmx);
    };
    let Some(ext) = path.extension() else {
        return Ok(FormatArg::Tmx);
    };
    match ext.to_string_lossy().to_ascii_lowercase().as_str() {
        "tmx" => Ok(FormatArg::Tmx),
        "tsv" | "tab" => Ok(FormatArg::Tsv),
        "jsonl" | "json" | "ndjson" => Ok(FormatArg::Jsonl),
        "align" | "beads" => Ok(FormatArg::Beads),
        other => Err(UsageError(format!(
            "{}: .{other} names no output format; name it with --format (tmx, tsv, jsonl, beads) \
             or end the file name in .tmx, .tsv, .jsonl or .align",
            path.display()
        ))
        .into()),
    }
}
