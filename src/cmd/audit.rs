//! `bitext audit`.

use super::UsageError;
use bitext::align::{Aligner, CostModel, NullThreshold};
use bitext::convert::{Format, UnitStream};
use bitext::document::InputMode;
use bitext::format::{self, Bitext, Record};
use bitext::quality::{self, Glossary, QualityOptions, QualityReport, Severity};
use bitext::read::TextEncoding;
use bitext::report::{self, AuditReport, Place, ReportFormat};
use bitext::segment::srx::SrxRules;
use bitext::{Lang, LangTag, read};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  bitext audit memory.tmx
  bitext audit memory.tmx --report audit.html
  bitext audit corpora/release-2021-05-08/zh.txt corpora/release-2021-05-08/en.txt --report audit.json
  bitext audit memory.tmx --src-lang zh-CN --tgt-lang en-US --glossary terms.tsv
  bitext audit release.tmx --fail-under 0.75 -q || echo 'release blocked'
  bitext audit zh.txt en.txt --fail-on error -q || echo 'an error flag: release blocked'
  bitext audit --src-lang en-US --tgt-lang zh-CN en.txt zh.txt --glossary terms.tsv --fail-on error
  bitext audit --encoding gb18030 --srx data/omegat-zh-en.srx zh.txt en.txt
  bitext audit --encoding gbk pairs-gbk.tsv
  bitext audit --keep-first-row pairs.tsv      # a first row `源文<TAB>译文` is a pair
  bitext align zh.txt en.txt --format tsv | bitext audit -
  bitext audit --null-threshold 0.1,0.25 zh.txt en.txt --report audit.html

With one INPUT, a translation memory: TMX 1.4 or 1.1 (UTF-8 or UTF-16, inline
tags read as text), or bitext's .tsv/.jsonl; the format comes from the
extension, else from the content (standard input `-`, another extension):
TMX starts with `<`, JSON Lines with `{`, anything else is TSV; a segment
over 100,000 bytes (align's longest sentence) is refused, naming its line or
unit. With two, a
source text and its
translation, aligned first as `bitext align` does. The summary goes to standard
output (not with -q); --report writes the report in the format its extension names: .json
(everything, machine-readable), .tsv (one segment a line) or .html (one
self-contained page with a score histogram, highlighted flags, a filter by flag
and a sort by score).

Exit status: 0 success, 1 bad input or usage, 2 internal error, 3 the document
score is below --fail-under or a segment has a flag as serious as --fail-on
(the summary, unless -q, and the report are still written).")]
pub struct AuditArgs {
    /// A translation memory (TMX, or bitext's TSV/JSON Lines), or a source
    /// text and its translation.
    #[arg(required = true, num_args = 1..=2, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Source language: picks the source variant of a TMX (default: the
    /// header's srclang); for two texts, their source language [default:
    /// zh-CN].
    #[arg(long, value_name = "LANG")]
    src_lang: Option<String>,
    /// Target language, as --src-lang [texts default: en-US].
    #[arg(long, value_name = "LANG")]
    tgt_lang: Option<String>,
    /// Two texts: one segment per line, taken as is (blank lines ignored).
    #[arg(long)]
    presegmented: bool,
    /// Two texts: segment them with the rules of this SRX 2.0 file (as
    /// `bitext align --srx`).
    #[arg(long, value_name = "FILE", conflicts_with = "presegmented")]
    srx: Option<PathBuf>,
    /// The character encoding of both texts, or of a TSV or JSON Lines
    /// memory (as `bitext align --encoding`; a TMX declares its own)
    /// [default: UTF-8 or UTF-16 with a BOM, else detected and reported].
    #[arg(long, value_name = "NAME")]
    encoding: Option<TextEncoding>,
    /// Two texts: the encoding of the source text (overrides --encoding).
    #[arg(long, value_name = "NAME")]
    src_encoding: Option<TextEncoding>,
    /// Two texts: the encoding of the target text (overrides --encoding).
    #[arg(long, value_name = "NAME")]
    tgt_encoding: Option<TextEncoding>,
    /// A TSV memory: read its first row as a pair whatever it holds.
    /// Without it, a first row whose two cells name two columns
    /// (`source`/`target`, `源文`/`译文`, `中文`/`English`,
    /// `zh-CN`/`en-US`…) above other rows is skipped, with a warning.
    #[arg(long)]
    keep_first_row: bool,
    /// Two texts: how readily a sentence becomes an omission or addition
    /// instead of joining a neighbour's bead (as `bitext align
    /// --null-threshold`: `auto` judges how close the translation is)
    /// [default: auto].
    #[arg(long, value_name = "P[,Q]|auto")]
    null_threshold: Option<NullThreshold>,
    /// Glossary to check (terminology flags): `Chinese term<TAB>English
    /// term` a line (alternatives separated by `|`, `#` comments), in the
    /// direction of the translation: zh→en, a Chinese term in the source
    /// needs one of its English terms in the target; en→zh, an English
    /// term in the source needs its Chinese term in the target.
    #[arg(long, value_name = "FILE")]
    glossary: Option<PathBuf>,
    /// Write the report to FILE (atomically): .json, .tsv or .html.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Overwrite the report file if it exists.
    #[arg(long)]
    force: bool,
    /// Exit with status 3 when the document score is below X (0 to 1).
    /// Scores of zh→en and en→zh are fitted on different data and are not
    /// on one scale: set the gate per direction.
    #[arg(long, value_name = "X", value_parser = super::parse_unit_interval)]
    fail_under: Option<f64>,
    /// Exit with status 3 when any segment has a flag of this severity or
    /// a worse one: `error` (an omitted sentence, a wrong number, a
    /// replaced name, untranslated text...) or `warning`. The document
    /// score alone hardly moves for one omitted sentence among many.
    #[arg(long, value_name = "SEVERITY", value_parser = super::parse_severity)]
    fail_on: Option<Severity>,
    /// A memory is scored in chunks of N units, each one document context
    /// (length model, learned translations, repeated segments), as `bitext
    /// score` does: memory stays bounded on large memories. The document
    /// score is the chunks' scores weighted by their sizes. A memory only:
    /// two texts are aligned and scored as one document [default: 5000].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    context: Option<u64>,
    /// How many of the worst segments the summary shows (errors first, then
    /// warnings, then the lowest scores).
    #[arg(long, value_name = "N", default_value_t = 10)]
    worst: usize,
    /// Print nothing but errors: no summary on standard output, no notice
    /// on standard error (the exit status, a failed gate's message and
    /// --report still tell), as a release gate wants.
    #[arg(short, long)]
    quiet: bool,
}

/// The audit fails the bar set by `--fail-under` or `--fail-on` (exit
/// status 3); the message says which.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BarNotMet(pub String);

/// The language of a tag, for scoring: Chinese or English. `named`: the
/// user gave the tag (so naming another pair is the only way on).
fn lang_of(tag: &str, what: &str, named: bool) -> anyhow::Result<Lang> {
    tag.parse::<Lang>().map_err(|_| {
        let advice = if named {
            "bitext scores Chinese against English only"
        } else {
            "bitext scores Chinese and English (zh…, en…): name the pair with --src-lang and --tgt-lang"
        };
        UsageError(format!("{what} is '{tag}'; {advice}")).into()
    })
}

pub fn run(args: AuditArgs) -> anyhow::Result<()> {
    let report_format = match &args.report {
        Some(path) => Some(ReportFormat::from_path(path).ok_or_else(|| {
            UsageError(format!(
                "{}: name the report .json, .tsv or .html (the extension chooses the format)",
                path.display()
            ))
        })?),
        None => None,
    };
    let mut inputs: Vec<&Path> = args.inputs.iter().map(PathBuf::as_path).collect();
    if let Some(g) = &args.glossary {
        inputs.push(g);
    }
    if let Some(out) = &args.report {
        super::check_output(out, &inputs, args.force)?;
    }
    let glossary = args.glossary.as_deref().map(Glossary::read).transpose()?;
    let mut report = if args.inputs.len() == 1 {
        audit_memory(&args, glossary)?
    } else {
        audit_texts(&args, glossary)?
    };
    report.inputs = args
        .inputs
        .iter()
        .map(|p| read::display_path(p).display().to_string())
        .collect();
    report.settings = settings(&args);
    let mut failed = Vec::new();
    if let Some(threshold) = args.fail_under
        && report.document_score < threshold
    {
        failed.push(format!(
            "the document score {} is below --fail-under {threshold}",
            below_the_bar(report.document_score, threshold)
        ));
    }
    if let Some(severity) = args.fail_on {
        let serious: Vec<_> = report
            .segments
            .iter()
            .filter(|s| s.quality.worst().is_some_and(|w| w >= severity))
            .collect();
        if let Some(first) = serious.first() {
            let kinds: Vec<&str> = first
                .quality
                .flags
                .iter()
                .filter(|f| f.severity >= severity)
                .map(|f| f.kind.name())
                .collect();
            let what = match severity {
                Severity::Warning => "a warning or error flag",
                _ => "an error flag",
            };
            failed.push(format!(
                "{} segment{} with {what} (--fail-on {severity}); the first is #{} ({}){}",
                serious.len(),
                if serious.len() == 1 { "" } else { "s" },
                first.index,
                kinds.join(", "),
                report
                    .place_text(first)
                    .map_or_else(String::new, |p| format!(" at {p}"))
            ));
        }
    }
    // The report first: standard output that cannot be written (a full
    // disk, a closed pipe) loses neither the report nor the gate's exit 3.
    // A report that cannot be written loses neither the summary nor what
    // the gate found: both are still printed, and the write's error is the
    // one the run ends with (the report the user asked for is missing).
    let mut report_error = None;
    if let (Some(path), Some(format)) = (&args.report, report_format) {
        match bitext::output::write_atomic(path, |out| report::write(&report, format, out)) {
            Ok(()) if !args.quiet => say!("bitext: report written to {}", path.display()),
            Ok(()) => {}
            Err(e) => report_error = Some(e),
        }
    }
    // -q: nothing but errors, as align -q (whose summary is on standard
    // error) says nothing: the exit status, the gate's message and the
    // report tell.
    let summary = if args.quiet {
        Ok(())
    } else {
        super::write_stdout(&report.summary(args.worst))
    };
    if let Err(e) = summary {
        if failed.is_empty() && report_error.is_none() {
            return Err(e);
        }
        if !super::is_broken_pipe(&e) {
            say!("bitext: error: {e}");
        }
    }
    // Named, so that a gate looping over documents says which failed.
    let failure = format!("{}: {}", report.inputs.join(" + "), failed.join("; "));
    if let Some(e) = report_error {
        if !failed.is_empty() {
            say!("bitext: {failure}");
        }
        return Err(e.into());
    }
    if !failed.is_empty() {
        return Err(BarNotMet(failure).into());
    }
    Ok(())
}

/// `score`, below `bar`, written with three places as the summary shows
/// it, or as many more as it takes to read as below the bar (0.92593
/// below 0.926 is `0.9259`, not `0.926`).
fn below_the_bar(score: f64, bar: f64) -> String {
    (3..=16)
        .map(|places| format!("{score:.places$}"))
        .find(|shown| shown.parse::<f64>().is_ok_and(|s| s < bar))
        // The shortest text that reads back as the score itself.
        .unwrap_or_else(|| score.to_string())
}

/// The options that shaped the report, for its header: how the two texts
/// were segmented and aligned, or how the memory was chunked; the glossary.
fn settings(args: &AuditArgs) -> Vec<(String, String)> {
    let mut settings = Vec::new();
    let mut set = |name: &str, value: String| settings.push((name.to_owned(), value));
    if args.inputs.len() == 1 {
        let n = context(args);
        set(
            "context",
            super::plural(usize::try_from(n).unwrap_or(usize::MAX), "unit", "units"),
        );
    } else {
        set(
            "segmentation",
            match &args.srx {
                Some(path) => format!("SRX {}", path.display()),
                None if args.presegmented => "presegmented".to_owned(),
                None => "built-in".to_owned(),
            },
        );
        set(
            "null-threshold",
            match args.null_threshold {
                Some(p) => p.to_string(),
                None => format!("{} (default)", NullThreshold::auto()),
            },
        );
    }
    if let Some(g) = &args.glossary {
        set("glossary", g.display().to_string());
    }
    settings
}

/// One translation memory: its pairs, scored together.
fn audit_memory(args: &AuditArgs, glossary: Option<Glossary>) -> anyhow::Result<AuditReport> {
    let path = &args.inputs[0];
    for (given, flag) in [
        (args.presegmented, "--presegmented"),
        (args.srx.is_some(), "--srx"),
        (args.src_encoding.is_some(), "--src-encoding"),
        (args.tgt_encoding.is_some(), "--tgt-encoding"),
        (args.null_threshold.is_some(), "--null-threshold"),
    ] {
        if given {
            return Err(
                UsageError(format!("{flag} is for two texts, not a translation memory")).into(),
            );
        }
    }
    // A plain text read as pairs: most likely the translation was left off
    // the command line, which the parse error alone does not say.
    let plain = Format::from_extension(path).is_none();
    let hint = |e: bitext::Error| -> anyhow::Error {
        match e {
            bitext::Error::BadRecord { line: 1, .. } if plain => UsageError(format!(
                "{e} (one input is read as a translation memory: TMX, TSV pairs or JSON Lines; \
                 to audit a translation, give the source text and the target text: \
                 bitext audit SOURCE TARGET)"
            ))
            .into(),
            e => e.into(),
        }
    };
    // The format from the extension, else from the content (standard
    // input, `memory.txt`): TMX starts with `<`, JSON Lines with `{`.
    let (mut stream, format) = UnitStream::open_detected(
        path,
        args.encoding,
        args.src_lang.as_deref(),
        args.tgt_lang.as_deref(),
    )
    .map_err(hint)?;
    if args.keep_first_row {
        if !matches!(format, Format::Tsv | Format::RawTsv) {
            return Err(super::keep_first_row_misused(format).into());
        }
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
    let (src_tag, tgt_tag) = (stream.src_lang().to_string(), stream.tgt_lang().to_string());
    let mut pairs_read = stream.read_pairs().map_err(hint)?;
    let shown = read::display_path(path).display().to_string();
    if pairs_read.units == 0 {
        return Err(UsageError(format!("{shown}: no translation unit to audit")).into());
    }
    let src_lang = lang_of(
        &src_tag,
        &format!("{shown}: the source language"),
        args.src_lang.is_some(),
    )?;
    let tgt_lang = lang_of(
        &tgt_tag,
        &format!("{shown}: the target language"),
        args.tgt_lang.is_some(),
    )?;
    if src_lang == tgt_lang {
        return Err(UsageError(format!(
            "{shown}: the language pair {src_tag} → {tgt_tag} is one language; bitext scores Chinese and English: name the pair with --src-lang and --tgt-lang"
        ))
        .into());
    }
    if pairs_read.records.is_empty() {
        let units = match pairs_read.units {
            1 => "its one unit does not hold".to_string(),
            n => format!("none of its {n} units holds"),
        };
        return Err(UsageError(format!(
            "{shown}: {units} both {src_tag} and {tgt_tag}; name the pair with --src-lang and --tgt-lang"
        ))
        .into());
    }
    // A unit without text on either side (only inline codes, as CAT tools
    // write for a line break, or only spaces) has nothing to score: left
    // out and counted, as convert leaves out an empty segment. One empty
    // side is an omission or an addition, and scored.
    let without_text = leave_out_units_without_text(&mut pairs_read);
    if pairs_read.records.is_empty() {
        let units = match pairs_read.units {
            1 => "its one unit holds no text".to_string(),
            n => format!("none of its {n} units holds text"),
        };
        return Err(UsageError(format!(
            "{shown}: {units} to audit (empty, spaces or inline codes only)"
        ))
        .into());
    }
    for (r, &unit) in pairs_read.records.iter().zip(&pairs_read.unit_numbers) {
        let place = || match (format, r.tuid.as_deref()) {
            // A TSV record's tuid is its line number.
            (Format::Tsv, Some(line)) => format!("{shown}: line {line}"),
            (_, Some(tuid)) => format!("{shown}: unit {unit} (tuid {tuid})"),
            (_, None) => format!("{shown}: unit {unit}"),
        };
        super::check_segment_lengths(place, &r.src, &r.tgt)?;
    }
    let mut samples = [
        bitext::lang::Sample::default(),
        bitext::lang::Sample::default(),
    ];
    for r in &pairs_read.records {
        samples[0].add(&r.src);
        samples[1].add(&r.tgt);
    }
    bitext::lang::check_sides(
        &shown,
        (&samples[0], &src_tag),
        (&samples[1], &tgt_tag),
        bitext::convert::declare_advice(format != Format::Tmx),
    )?;
    let pairs: Vec<(&str, &str)> = pairs_read
        .records
        .iter()
        .map(|r| (r.src.as_str(), r.tgt.as_str()))
        .collect();
    let options = QualityOptions {
        glossary,
        ..QualityOptions::new(src_lang, tgt_lang)
    };
    let chunk = usize::try_from(context(args)).unwrap_or(usize::MAX);
    let mut quality = QualityReport {
        segments: Vec::with_capacity(pairs.len()),
        document_score: 0.0,
    };
    let mut weighted = 0.0;
    quality::score_in_chunks(&pairs, chunk, &options, |part, q| {
        weighted += q.document_score * part.len() as f64;
        quality.segments.extend(q.segments);
        Ok(())
    })?;
    quality.document_score = weighted / pairs.len() as f64;
    let places = pairs_read
        .unit_numbers
        .iter()
        .zip(&pairs_read.unit_lines)
        .map(|(&unit, &line)| Place::Unit { unit, line })
        .collect();
    let mut report = AuditReport::new(Vec::new(), (src_tag, tgt_tag), pairs_read.records, quality)?;
    report.locate(places)?;
    report.units_without_pair = pairs_read.missing_lang;
    report.units_without_text = without_text;
    if !args.quiet && pairs_read.missing_lang > 0 {
        let n = pairs_read.missing_lang;
        say!(
            "bitext: {n} of {} {} {} or {} and {} left out",
            super::plural(pairs_read.units, "unit", "units"),
            if n == 1 { "lacks" } else { "lack" },
            report.src_lang,
            report.tgt_lang,
            if n == 1 { "was" } else { "were" }
        );
    }
    if !args.quiet && without_text > 0 {
        let n = without_text;
        say!(
            "bitext: {n} of {} {} no text (empty, spaces or inline codes only) and {} left out",
            super::plural(pairs_read.units, "unit", "units"),
            if n == 1 { "holds" } else { "hold" },
            if n == 1 { "was" } else { "were" }
        );
    }
    Ok(report)
}

/// Leaves out of `read` the records with no text on either side (white
/// space only: a TMX's inline codes are not text), with their unit
/// numbers and lines; returns how many.
fn leave_out_units_without_text(read: &mut bitext::convert::PairsRead) -> usize {
    let before = read.records.len();
    let kept: Vec<bool> = read
        .records
        .iter()
        .map(|r| !(r.src.trim().is_empty() && r.tgt.trim().is_empty()))
        .collect();
    let mut keep = kept.iter().copied();
    read.records.retain(|_| keep.next().unwrap_or(true));
    let mut keep = kept.iter().copied();
    read.unit_numbers.retain(|_| keep.next().unwrap_or(true));
    let mut keep = kept.iter().copied();
    read.unit_lines.retain(|_| keep.next().unwrap_or(true));
    before - read.records.len()
}

/// The units of a memory scored as one document context (`--context`).
fn context(args: &AuditArgs) -> u64 {
    args.context.unwrap_or(5000)
}

/// A source text and its translation: aligned, then scored.
fn audit_texts(args: &AuditArgs, glossary: Option<Glossary>) -> anyhow::Result<AuditReport> {
    let (src_path, tgt_path) = (&args.inputs[0], &args.inputs[1]);
    if args.keep_first_row {
        return Err(UsageError(
            "--keep-first-row is for a TSV translation memory, not two texts".into(),
        )
        .into());
    }
    if args.context.is_some() {
        return Err(UsageError(
            "--context is for a translation memory, not two texts (they are aligned and scored as one document)"
                .into(),
        )
        .into());
    }
    if src_path == Path::new("-") && tgt_path == Path::new("-") {
        return Err(UsageError("only one INPUT can be standard input".into()).into());
    }
    let src_tag: LangTag = args.src_lang.as_deref().unwrap_or("zh-CN").parse()?;
    let tgt_tag: LangTag = args.tgt_lang.as_deref().unwrap_or("en-US").parse()?;
    if src_tag.lang() == tgt_tag.lang() {
        return Err(UsageError(format!(
            "--src-lang {src_tag} and --tgt-lang {tgt_tag} are the same language"
        ))
        .into());
    }
    let mode = if args.presegmented {
        InputMode::Presegmented
    } else {
        InputMode::Raw
    };
    let srx = args.srx.as_deref().map(SrxRules::from_file).transpose()?;
    let src = super::read_document(
        src_path,
        args.src_encoding.or(args.encoding),
        &src_tag,
        mode,
        srx.as_ref(),
        args.quiet,
    )?;
    let tgt = super::read_document(
        tgt_path,
        args.tgt_encoding.or(args.encoding),
        &tgt_tag,
        mode,
        srx.as_ref(),
        args.quiet,
    )?;
    // Both texts one language: a wrong file, said as align and batch say
    // it (not a direction to change).
    bitext::job::check_not_both_one_language(&src, &src_tag, &tgt, &tgt_tag, false)?;
    for (doc, tag, flag) in [
        (&src, &src_tag, "--src-lang"),
        (&tgt, &tgt_tag, "--tgt-lang"),
    ] {
        if bitext::lang::contradicts(doc.text(), tag.lang()) {
            let looks = if tag.lang() == Lang::Zh {
                "English"
            } else {
                "Chinese"
            };
            // The command with the languages the user named, for the two
            // texts in the order they were given and swapped.
            let (zh_tag, en_tag) = if src_tag.lang() == Lang::Zh {
                (&src_tag, &tgt_tag)
            } else {
                (&tgt_tag, &src_tag)
            };
            let shown = |p: &Path| read::display_path(p).display().to_string();
            let (first, second) = (shown(src_path), shown(tgt_path));
            let (en_first, zh_first) = if bitext::lang::detect(src.text()) == Lang::En {
                ((&first, &second), (&second, &first))
            } else {
                ((&second, &first), (&first, &second))
            };
            return Err(UsageError(format!(
                "{}: the text looks {looks}, but {flag} is {tag}; the source text comes first \
                 (English to Chinese: bitext audit --src-lang {en_tag} --tgt-lang {zh_tag} {} {}; \
                 Chinese to English: bitext audit --src-lang {zh_tag} --tgt-lang {en_tag} {} {})",
                read::display_path(doc.path()).display(),
                en_first.0,
                en_first.1,
                zh_first.0,
                zh_first.1,
            ))
            .into());
        }
    }
    let mut warnings: Vec<String> = [(&src, &src_tag), (&tgt, &tgt_tag)]
        .into_iter()
        .filter_map(|(doc, tag)| {
            let shown = read::display_path(doc.path());
            bitext::lang::not_english_warning(shown, doc.text(), tag)
        })
        .collect();
    let mut aligner = Aligner::builder();
    if let Some(p) = args.null_threshold {
        let mut model = CostModel::lexical();
        p.apply(&mut model);
        aligner = aligner.cost_model(model);
    }
    let alignment = aligner.build()?.align(&src, &tgt)?;
    let options = QualityOptions {
        glossary,
        ..QualityOptions::new(src_tag.lang(), tgt_tag.lang())
    };
    let quality = quality::score_alignment(&src, &tgt, &alignment, &options)?;
    let bitext = Bitext {
        src: &src,
        tgt: &tgt,
        alignment: &alignment,
    };
    let records: Vec<Record> =
        format::alignment_records(bitext, (src_tag.as_str(), tgt_tag.as_str()))?;
    if alignment.relatedness() < bitext::quality::UNRELATED_TEXTS {
        warnings.push(format!(
            "the two texts do not look like translations of each other (relatedness {:.2}): \
             the flags below are those of unrelated texts, not of a poor translation \
             (is one of them the wrong file?)",
            alignment.relatedness()
        ));
    }
    let places = alignment
        .beads()
        .iter()
        .map(|bead| Place::Lines {
            src_lines: src.line_range(bead.src.clone()).map(<[usize; 2]>::from),
            tgt_lines: tgt.line_range(bead.tgt.clone()).map(<[usize; 2]>::from),
        })
        .collect();
    let mut report = AuditReport::new(
        Vec::new(),
        (src_tag.to_string(), tgt_tag.to_string()),
        records,
        quality,
    )?;
    report.locate(places)?;
    report.warnings = warnings;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::below_the_bar;

    #[test]
    fn a_score_below_the_bar_reads_as_below_it() {
        assert_eq!(below_the_bar(0.925_931_7, 0.926), "0.9259");
        assert_eq!(below_the_bar(0.5, 0.75), "0.500");
        assert_eq!(below_the_bar(0.749_96, 0.75), "0.74996");
        assert_eq!(below_the_bar(0.0, 1e-300), "0.000");
        let tiny = 0.75 - f64::EPSILON;
        assert!(below_the_bar(tiny, 0.75).parse::<f64>().unwrap() < 0.75);
    }
}
