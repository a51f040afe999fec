//! `bitext align`.

use super::UsageError;
use bitext::LangTag;
use bitext::align::{NullThreshold, Search, Signal};
use bitext::format::Format;
use bitext::job::{self, AlignJob, AlignOptions, CreationDate, Input, JobReport, Model};
use bitext::read::TextEncoding;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  bitext align corpora/release-2021-05-08/zh.txt corpora/release-2021-05-08/en.txt -o release.tmx
  bitext align zh.txt en.txt --format tsv > pairs.tsv
  bitext align --src-lang en --tgt-lang zh-CN en.txt zh.txt -o en-zh.tmx
  bitext align --presegmented --format beads 001.zh 001.en
  bitext align zh.txt en.txt --min-score 0.5 -o clean.tmx
  bitext align zh.txt en.txt --drop-flagged error -o release-tm.tmx
  bitext align zh.txt en.txt --glossary terms.tsv --drop-flagged warning -o tm.tmx   (terminology flags, as audit)
  bitext align --min-confidence 0.9 zh.txt en.txt -o sure.tmx
  bitext align --null-threshold 0.1,0.25 --format jsonl zh.txt en.txt > audit.jsonl
  bitext align --src-encoding gb18030 --tgt-encoding windows-1252 zh.txt en.txt -o pair.tmx
  bitext segment --write-rules PROJECT/omegat
  bitext align --srx PROJECT/omegat/omegat-zh-en.srx zh.txt en.txt -o PROJECT/tm/auto/bitext.tmx

A TM for a CAT tool matches new text only where the tool cuts sentences as the
TM does: give bitext the tool's segmentation rules with --srx. For OmegaT,
`bitext segment --write-rules PROJECT/omegat` writes bitext's own rules as
omegat-zh-en.srx (for --srx) and segmentation.conf (the project's rules, which
OmegaT reads from there); with OmegaT's defaults instead, a heading or dateline
without a final stop is joined to the next line. A bead of several source
sentences (2-1, 3-1) is one unit that such a tool never matches exactly: the
summary counts them.

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
    #[command(flatten)]
    pub model_flags: ModelFlags,
    #[command(flatten)]
    pub file_flags: FileFlags,
    /// Output format [default: from the extension of OUT (.tmx, .tsv,
    /// .jsonl, .align; another extension is an error), else tmx].
    #[arg(long, short = 'f', value_enum, ignore_case = true)]
    format: Option<FormatArg>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Overwrite OUT if it exists (it is replaced atomically; an input file
    /// is never overwritten).
    #[arg(long)]
    force: bool,
    /// Print nothing on standard error but errors.
    #[arg(short, long)]
    quiet: bool,
}

/// The alignment options of `align`, `batch` and `stream`.
#[derive(Debug, Args)]
pub struct ModelFlags {
    /// Source language tag, written to TMX as given (`_` as `-`).
    #[arg(long, default_value = "zh-CN")]
    pub src_lang: LangTag,
    /// Target language tag, written to TMX as given (`_` as `-`).
    #[arg(long, default_value = "en-US")]
    pub tgt_lang: LangTag,
    /// Inputs hold one segment per line, taken as is (blank lines ignored).
    #[arg(long)]
    pub presegmented: bool,
    /// Segment both texts with the rules of this SRX 2.0 file (the CAT
    /// tool's rules, so that the TMX is cut as the tool cuts new text); the
    /// language tags select its language rules.
    #[arg(long, value_name = "FILE", conflicts_with = "presegmented")]
    pub srx: Option<PathBuf>,
    /// Cost model.
    #[arg(long, value_enum, default_value_t = ModelArg::Full)]
    pub model: ModelArg,
    /// How to search: `auto` searches every cell of the grid for texts of a
    /// few hundred sentences and a narrow window around sure pairs for
    /// longer ones (near-linear); `exhaustive` always searches every cell
    /// (quadratic: for checking); `guided` always uses the window.
    #[arg(long, value_enum, default_value_t = SearchArg::Auto)]
    pub search: SearchArg,
    /// Do not use paragraph boundaries, even when both sides have comparable
    /// paragraph structure (same as --disable paragraphs).
    #[arg(long)]
    pub no_paragraphs: bool,
    /// A glossary to add to the embedded CC-CEDICT lexicon: one `Chinese TAB
    /// English` pair a line, `#` comments. Its entries replace the embedded
    /// ones for the same Chinese term. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Vec<PathBuf>,
    /// Switch signals off, comma-separated: length, numbers, latin,
    /// punctuation, paragraphs, lexicon, names.
    #[arg(long, value_name = "SIGNALS", value_delimiter = ',')]
    pub disable: Vec<Signal>,
    /// Leave out beads whose quality score is below X (0 to 1): corpus
    /// cleaning. How many were left out is reported on standard error.
    #[arg(long, value_name = "X", value_parser = super::parse_unit_interval)]
    pub min_score: Option<f64>,
    /// Leave out beads with a flag at least this serious: `error` (keep a
    /// wrong price, a dropped sentence, a misalignment out of a TM that a
    /// CAT tool would insert as a 100% match) or `warning`. How many were
    /// left out is reported on standard error.
    #[arg(long, value_name = "SEVERITY", value_parser = super::parse_severity)]
    pub drop_flagged: Option<bitext::quality::Severity>,
    /// Terminology glossary for the quality checks, as `audit --glossary`:
    /// `Chinese term<TAB>English term` a line (alternatives separated by
    /// `|`, `#` comments). A term of the source whose rendering is missing
    /// from the target gets a `terminology` flag (in the TMX, JSON Lines and
    /// TSV, and for --drop-flagged). It does not change the alignment (see
    /// --lexicon).
    #[arg(long, value_name = "FILE")]
    pub glossary: Option<PathBuf>,
    /// Leave out of the output every bead whose confidence is below X (0 to
    /// 1; confidences are calibrated probabilities that the bead is right).
    /// The number left out is reported on standard error.
    #[arg(long, value_name = "X", value_parser = super::parse_unit_interval)]
    pub min_confidence: Option<f64>,
    /// How readily a sentence becomes an omission or addition (a 1-0 or 0-1
    /// bead) instead of joining a neighbour's bead: one whose probability of
    /// having no counterpart reaches P (above 0, at most 1) is favoured.
    /// P,Q sets source sentences (omissions) apart from target sentences
    /// (additions): the side split into more sentences holds most of the
    /// fragments that a low threshold wrongly cuts loose. Lower finds more
    /// omissions in close translations: at 0.1,0.25, 47 of 50 single
    /// deletions from the sample release (37 at 0.35) with the sample
    /// itself still aligned right, and 81–88% of the omissions and
    /// additions planted in the Bible, with 81–85% of the empty-side
    /// sentences right. Loose literary translations need 0.35, since lower
    /// also splits their real merged beads. `auto` judges from the texts
    /// how close the translation is (the share of its 1-1 beads that are
    /// certain): a close one gets 0.1 and 0.25 (the side with 10% more
    /// sentences or more the higher, else 0.25 both) and a sentence its merged beads do not
    /// support costs twice as much; any other gets 0.35 [default: auto;
    /// full model only].
    #[arg(long, value_name = "P[,Q]|auto")]
    pub null_threshold: Option<NullThreshold>,
}

/// The options of `align` and `batch` about input files and TMX output.
#[derive(Debug, Args)]
pub struct FileFlags {
    /// Character encoding of both inputs: gb18030 (also gbk, gb2312), big5
    /// (with HKSCS), windows-1252, utf-8, utf-16le, utf-16be … [default: UTF-8
    /// or UTF-16 with a BOM; otherwise detected among GB18030, Big5 and
    /// windows-1252, and the choice reported]. A legacy encoding is for the
    /// files that are not Unicode: a file with a UTF-8 or UTF-16 BOM, or
    /// valid UTF-8, is read as such (and said), so one option serves a
    /// folder of mixed files.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<TextEncoding>,
    /// Character encoding of SRC (overrides --encoding for it; a legacy one
    /// gives way to a Unicode file, as --encoding does).
    #[arg(long, value_name = "NAME")]
    pub src_encoding: Option<TextEncoding>,
    /// Character encoding of TGT (overrides --encoding for it; a legacy one
    /// gives way to a Unicode file, as --encoding does).
    #[arg(long, value_name = "NAME")]
    pub tgt_encoding: Option<TextEncoding>,
    /// TMX: also write beads with an empty side (omissions, additions) as
    /// units with a single <tuv>.
    #[arg(long)]
    pub keep_empty: bool,
    /// TMX creationdate, as YYYYMMDDThhmmssZ or @SECONDS since 1970 (up to
    /// the end of year 9999).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub creation_date: Option<u64>,
}

/// Output formats, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum FormatArg {
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

impl From<ModelArg> for Model {
    fn from(m: ModelArg) -> Self {
        match m {
            ModelArg::Full => Model::Full,
            ModelArg::Core => Model::Core,
        }
    }
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
pub(super) enum ModelArg {
    /// the embedded lexicon, names, a learned second pass, numbers, Latin
    /// tokens, punctuation, paragraphs and length (the most accurate)
    Full,
    /// numbers, Latin tokens, punctuation, paragraphs and length only (no
    /// lexicon: less accurate; faster on short texts, slower on book-length
    /// ones, which it searches in a wide band)
    Core,
}

/// The searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum SearchArg {
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
pub(super) fn summary(report: &JobReport) -> String {
    let shapes: Vec<String> = report
        .shapes
        .iter()
        .map(|((s, t), n)| format!("{s}-{t}: {n}"))
        .collect();
    format!(
        "bitext: {} {} {}, {} {} {} → {} ({}); {} with confidence < 0.5",
        report.src_sentences,
        report.src_lang,
        if report.src_sentences == 1 {
            "sentence"
        } else {
            "sentences"
        },
        report.tgt_sentences,
        report.tgt_lang,
        if report.tgt_sentences == 1 {
            "sentence"
        } else {
            "sentences"
        },
        super::plural(report.beads, "bead", "beads"),
        shapes.join(", "),
        report.low_confidence
    )
}

impl ModelFlags {
    /// The library's options: these flags, the output format, and the file
    /// flags when the command reads files (`align`, `batch`).
    pub fn options(
        &self,
        format: Format,
        files: Option<&FileFlags>,
    ) -> anyhow::Result<AlignOptions> {
        let mut options = AlignOptions {
            src_lang: self.src_lang.clone(),
            tgt_lang: self.tgt_lang.clone(),
            presegmented: self.presegmented,
            srx: self.srx.clone(),
            format,
            model: self.model.into(),
            search: match self.search {
                SearchArg::Auto => Search::Auto,
                SearchArg::Exhaustive => Search::Exhaustive,
                SearchArg::Guided => Search::Guided,
            },
            lexicons: self.lexicon.clone(),
            disable: self.disable.clone(),
            no_paragraphs: self.no_paragraphs,
            min_confidence: self.min_confidence,
            drop_flagged: self.drop_flagged,
            min_score: self.min_score,
            null_threshold: self.null_threshold,
            glossary: self.glossary.clone(),
            ..AlignOptions::default()
        };
        if let Some(f) = files {
            options.keep_empty = f.keep_empty;
            options.creation_date = if format == Format::Tmx {
                super::creation_date(f.creation_date)?
            } else {
                CreationDate::NewestInput
            };
            options.src_encoding = f.src_encoding.or(f.encoding);
            options.tgt_encoding = f.tgt_encoding.or(f.encoding);
        }
        Ok(options)
    }

    /// The glossaries and the SRX file: files that an output must not
    /// overwrite.
    pub fn rule_files(&self) -> Vec<&Path> {
        let mut files: Vec<&Path> = self.lexicon.iter().map(PathBuf::as_path).collect();
        files.extend(self.srx.as_deref());
        files.extend(self.glossary.as_deref());
        files
    }
}

pub fn run(args: AlignArgs) -> anyhow::Result<()> {
    if args.src == Path::new("-") && args.tgt == Path::new("-") {
        return Err(UsageError("only one of SRC and TGT can be standard input".into()).into());
    }
    let flags = &args.model_flags;
    if flags.src_lang.lang() == flags.tgt_lang.lang() {
        return Err(UsageError(format!(
            "--src-lang {} and --tgt-lang {} are the same language; bitext aligns Chinese with English",
            flags.src_lang, flags.tgt_lang
        ))
        .into());
    }
    let mut inputs: Vec<&Path> = vec![&args.src, &args.tgt];
    inputs.extend(flags.rule_files());
    if let Some(out) = &args.output {
        super::check_output(out, &inputs, args.force)?;
    }
    let output_format: Format = match args.format {
        Some(f) => f,
        None => format_from_output(args.output.as_deref())?,
    }
    .into();
    if let Some(out) = &args.output {
        super::check_format_extension(out, output_format, "--format")?;
    }
    // Every option is checked (and the SRX rules and glossaries read)
    // before an input is read.
    let config = flags
        .options(output_format, Some(&args.file_flags))?
        .validate()?;
    let job = AlignJob::new(Input::File(args.src.clone()), Input::File(args.tgt.clone()));
    let aligned = job::align(&config, &job)?;
    if !args.quiet {
        for notice in &aligned.report().notices {
            say!("bitext: {notice}");
        }
    }
    let joined = aligned
        .records()
        .iter()
        .filter(|r| joins_sentences(r))
        .count();
    let report = super::emit(args.output.as_deref(), &inputs, args.force, |out| {
        aligned.write(out)
    })?;
    if !args.quiet {
        print_report(&report, &args, output_format, joined);
    }
    Ok(())
}

/// What `align` says on standard error after a run.
fn print_report(report: &JobReport, args: &AlignArgs, output_format: Format, joined: usize) {
    // The summary describes the whole alignment, before any is left out.
    say!("{}", summary(report));
    if report.relatedness < bitext::quality::UNRELATED_TEXTS {
        say!(
            "bitext: warning: the two texts do not look like translations of each other \
             (relatedness {:.2}); every bead has low confidence",
            report.relatedness
        );
    }
    super::print_left_out(
        &args.model_flags,
        report.left_out_confidence,
        report.left_out_score,
        report.left_out_flagged,
    );
    let written = report.written.clone().unwrap_or_default();
    print_written(
        output_format,
        written.written,
        (written.skipped, ""),
        written.dropped_chars,
    );
    print_joined(output_format, joined, written.written, &report.src_lang);
}

/// The lines on standard error about what was written: the TMX units, the
/// beads with an empty side left out of a TMX (with `skipped_in`, when not
/// empty, naming where: `batch`'s documents), the characters XML forbids.
pub(super) fn print_written(
    format: Format,
    units: usize,
    (skipped, skipped_in): (usize, &str),
    dropped_chars: usize,
) {
    if format == Format::Tmx {
        say!(
            "bitext: {} written",
            super::plural(units, "translation unit", "translation units")
        );
    }
    if skipped > 0 {
        let named = if skipped_in.is_empty() {
            String::new()
        } else {
            format!(": {skipped_in}")
        };
        say!(
            "bitext: {} with an empty side left out of the TMX (--keep-empty keeps them){named}",
            super::plural(skipped, "bead", "beads")
        );
    }
    if dropped_chars > 0 {
        say!(
            "bitext: warning: {} that XML 1.0 forbids {} dropped from the TMX",
            super::plural(dropped_chars, "character", "characters"),
            if dropped_chars == 1 { "was" } else { "were" }
        );
    }
}

/// Whether a record joins several source sentences (a 2-1 or 3-1 bead)
/// and has a translation: a TMX unit whose source a CAT tool that cuts the
/// source text sentence by sentence never produces.
pub(super) fn joins_sentences(r: &bitext::format::Record) -> bool {
    r.src_ids.as_ref().is_some_and(|ids| ids.len() > 1)
        && !r.src.trim().is_empty()
        && !r.tgt.trim().is_empty()
}

/// The line on standard error about TMX units that join several source
/// sentences (`joined` of `units`): a CAT tool never matches them exactly.
pub(super) fn print_joined(format: Format, joined: usize, units: usize, src_lang: &LangTag) {
    if format == Format::Tmx && joined > 0 {
        say!(
            "bitext: {joined} of {} {} several {src_lang} sentences in {} source \
             (2-1, 3-1 … beads): a CAT tool that cuts {src_lang} text sentence by sentence never \
             matches {} exactly",
            super::plural(units, "unit", "units"),
            if joined == 1 { "joins" } else { "join" },
            if joined == 1 { "its" } else { "their" },
            if joined == 1 { "it" } else { "them" },
        );
    }
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
