//! `bitext align`.

use super::UsageError;
use bitext::align::{Aligner, Alignment, CostModel, ParagraphMode, Signal};
use bitext::document::{Document, InputMode};
use bitext::format::tmx::TmxOptions;
use bitext::format::{self, Bitext, Format};
use bitext::lexicon::Lexicon;
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
  bitext align --min-confidence 0.9 zh.txt en.txt -o sure.tmx

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
    /// Output format [default: from the extension of OUT (.tmx, .tsv,
    /// .jsonl, .align), else tmx].
    #[arg(long, short = 'f', value_enum, ignore_case = true)]
    format: Option<FormatArg>,
    /// Cost model.
    #[arg(long, value_enum, default_value_t = ModelArg::Full)]
    model: ModelArg,
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
    /// Leave out of the output every bead whose confidence is below X (0 to
    /// 1; confidences are calibrated probabilities that the bead is right).
    /// The number left out is reported on standard error.
    #[arg(long, value_name = "X", value_parser = parse_confidence)]
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

fn parse_confidence(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("'{s}' is not a confidence between 0 and 1")),
    }
}

pub fn run(args: AlignArgs) -> anyhow::Result<()> {
    let output_format = args.format.unwrap_or_else(|| {
        args.output
            .as_deref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .and_then(|e| match e.to_ascii_lowercase().as_str() {
                "tsv" | "tab" => Some(FormatArg::Tsv),
                "jsonl" | "json" | "ndjson" => Some(FormatArg::Jsonl),
                "align" | "beads" => Some(FormatArg::Beads),
                _ => None,
            })
            .unwrap_or(FormatArg::Tmx)
    });
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
    if let Some(out) = &args.output {
        super::check_output(out, &inputs, args.force)?;
    }
    let mode = if args.presegmented {
        InputMode::Presegmented
    } else {
        InputMode::Raw
    };
    let src = Document::read(&args.src, args.src_lang.lang(), mode)?;
    let tgt = Document::read(&args.tgt, args.tgt_lang.lang(), mode)?;
    for (doc, tag, flag) in [
        (&src, &args.src_lang, "--src-lang"),
        (&tgt, &args.tgt_lang, "--tgt-lang"),
    ] {
        if bitext::lang::contradicts(doc.text(), tag.lang()) {
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
    let mut builder = Aligner::builder().paragraphs(paragraphs);
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
    let mut alignment = aligner.align(&src, &tgt)?;
    // The summary describes the whole alignment, before any is left out.
    let summary = summary(&alignment, &src, &tgt, &args);
    let left_out = args
        .min_confidence
        .map_or(0, |min| alignment.retain_confident(min));
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
    let report = super::emit(args.output.as_deref(), &inputs, args.force, |out| {
        format::write(output_format.into(), bitext, &tmx_opts, out)
    })?;
    if !args.quiet {
        eprintln!("{summary}");
        if let Some(min) = args.min_confidence {
            eprintln!(
                "bitext: {left_out} beads with confidence < {min} left out (--min-confidence)"
            );
        }
        if alignment.relatedness() < 0.5 {
            eprintln!(
                "bitext: warning: the two texts do not look like translations of each other \
                 (relatedness {:.2}); every bead has low confidence",
                alignment.relatedness()
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
