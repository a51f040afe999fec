//! `bitext batch`: many document pairs, on every core.

use super::UsageError;
use super::align::{FileFlags, FormatArg, ModelFlags};
use bitext::format::record::PropRecord;
use bitext::format::tmx::TmxSink;
use bitext::format::{Format, QualityColumns, Record, Sink, SinkOptions};
use bitext::job::manifest::{self, BatchEntry};
use bitext::job::{self, AlignConfig, AlignJob, CreationDate, Input, JobReport};
use bitext::output::AtomicFile;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::iter::{ParallelBridge, ParallelIterator};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// TMX property naming the document a unit of a merged TMX comes from.
pub const PROP_DOCUMENT: &str = "x-bitext-document";

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  bitext batch zh/ en/ -o aligned/
  bitext batch zh/ en/ -o aligned/ --skip-existing   (resume: align only the pairs with no output yet)
  bitext batch zh/ en/ --merge all.tmx
  bitext batch -r archive/zh archive/en -o aligned/ -f jsonl   (nested folders: aligned/2023/r-01.jsonl)
  set -o pipefail; bitext batch zh/ en/ --merge - | gzip > all.tmx.gz   (pipefail: bitext's exit status, not gzip's)
  bitext batch zh/ en/ --merge corpus.tmx --dedupe   (each pair of texts once, across the batch)
  bitext batch --manifest pairs.tsv -o aligned/ --format jsonl --jobs 2
  bitext batch --presegmented --src-lang en --tgt-lang zh bible/en bible/zh -o out/ -f beads
  bitext batch zh/ en/ --srx omegat-zh-en.srx --merge omegat-tm.tmx   (see `align --help`: --srx)

Pairing: a file pairs with the file of the other directory that has the same
name once a language-tag part is taken out of each (release-01.zh.txt with
release-01.en.txt, 001.zh with 001.en), or the same name (ch3.txt with ch3.txt);
SRC_DIR and TGT_DIR may be one directory holding both languages. The case of
the extension does not count (b.zh.TXT pairs with b.en.txt). Hidden files are
left out; subdirectories are searched with --recursive (a file pairs with the
file of the same relative path) and otherwise named as not searched; the
output directory and the --merge file are never read as inputs, even inside
SRC_DIR (bitext batch in/ in/ -r -o in/out can run again). Unpaired
files are reported (even with -q: they are input left out; the exit status
stays 0, a --manifest makes a missing file a failure), with the likely partners whose names differ only in the
tag's spelling or a number's leading zeros (notice_31_zh.txt, notice_31_en.txt;
36.zh.txt, 036.en.txt: rename them or list them in a --manifest).
The output of a pair is OUT_DIR/NAME.EXT, NAME being the name less the tag and
the extension (release-01.tmx; 2023/r-01.tmx with --recursive).

Manifest: one pair a line, SOURCE TAB TARGET [TAB NAME] (UTF-8; blank lines and
# comments skipped; relative paths start from the manifest's directory; NAME is
the output's name inside OUT_DIR, which it can never leave). A syntax error
stops the batch before anything runs. Every line's files are checked before
any document runs (but those --skip-existing sets aside, whose output exists):
a file that is missing, a directory or unreadable is reported as
\"pairs.tsv: line 3: the source file zh/x.txt does not exist\", that document
fails, the other lines run, and the exit status is 1.

A document that fails is reported and the others go on; the exit status is 1
if any failed, with the list (an output file of an earlier run for a document
that failed is left in place, and the list says so). The output does not
depend on --jobs.
--merge writes one TMX whose units each carry
<prop type=\"x-bitext-document\">NAME</prop> and tuid NAME:K (the K-th bead).")]
pub struct BatchArgs {
    /// Directory of source texts.
    #[arg(required_unless_present = "manifest", requires = "tgt_dir")]
    src_dir: Option<PathBuf>,
    /// Directory of target texts, their translations.
    #[arg(conflicts_with = "manifest")]
    tgt_dir: Option<PathBuf>,
    /// Search the subdirectories of SRC_DIR and TGT_DIR too: a file pairs
    /// with the file of the same relative path, and its output goes to the
    /// same subdirectory of OUT_DIR.
    #[arg(short, long, conflicts_with = "manifest")]
    recursive: bool,
    /// Take the pairs from this TSV file (`-`: standard input): SOURCE TAB
    /// TARGET [TAB NAME] a line.
    #[arg(long, value_name = "PAIRS.tsv")]
    manifest: Option<PathBuf>,
    /// Write one file per pair into this directory (created if missing).
    #[arg(
        short,
        long,
        value_name = "OUT_DIR",
        required_unless_present = "merge",
        conflicts_with = "merge"
    )]
    output: Option<PathBuf>,
    /// Write every pair into one TMX file instead (atomically; `-`:
    /// standard output); a name with another extension than .tmx
    /// (`merged.txt`) is refused. In a pipe (`--merge - | gzip > all.tmx.gz`)
    /// the shell reports the last command's exit status, not bitext's: run
    /// `set -o pipefail` first to see a failed document (exit 1). When the
    /// reader goes away (`--merge - | head`), the batch stops at once,
    /// without a summary: exit 0, as `bitext stream | head`, unless a
    /// document failed (one before the stop, or a manifest line naming a
    /// file that cannot be read): then exit 1 with the list.
    #[arg(long, value_name = "FILE.tmx")]
    merge: Option<PathBuf>,
    /// Write each pair of texts once: a bead whose source and target texts
    /// are those of an earlier bead is left out and counted (with --merge,
    /// across the whole batch, the first document's unit kept; with -o,
    /// inside each document). Not with --format beads.
    #[arg(long)]
    dedupe: bool,
    /// Output format of the files in OUT_DIR.
    #[arg(
        long,
        short = 'f',
        value_enum,
        ignore_case = true,
        default_value = "tmx",
        conflicts_with = "merge"
    )]
    format: FormatArg,
    /// Documents aligned at once [default: one per core].
    #[arg(long, short = 'j', value_name = "N", value_parser = parse_jobs)]
    jobs: Option<usize>,
    #[command(flatten)]
    model_flags: ModelFlags,
    #[command(flatten)]
    file_flags: FileFlags,
    /// Overwrite output files that exist (each is replaced atomically; an
    /// input file, the manifest and the --lexicon, --glossary and --srx
    /// files included, is never overwritten).
    #[arg(long)]
    force: bool,
    /// Leave the pairs whose output file exists as they are, unaligned,
    /// and align the others: resumes an interrupted batch or one whose
    /// input folders grew (the summary counts "N documents skipped: output
    /// exists"). Each output is written to a temporary file and renamed
    /// into place when complete (atomically), so an output that exists is
    /// a whole one, even after Ctrl-C, SIGTERM or a crash (the temporary
    /// file, `.NAME.EXT.bitext-PID-K.tmp` beside the output, is removed on
    /// Ctrl-C or SIGTERM; on Linux, one a killed process left, SIGKILL, is
    /// removed by the next run that writes that output). It is not
    /// checked against the inputs: after changing the options or a text,
    /// use --force. Not with --merge (one file, all or nothing).
    #[arg(long, conflicts_with_all = ["force", "merge"])]
    skip_existing: bool,
    /// Print nothing on standard error but errors and the input left out
    /// (unpaired files, subdirectories not searched, the last line of an
    /// interrupted run); no progress, no summary.
    #[arg(short, long)]
    quiet: bool,
}

fn parse_jobs(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(n),
        _ => Err(format!("'{s}' is not a number of jobs from 1 to 1024")),
    }
}

/// Some documents of a batch failed (exit code 1); the message lists them.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DocumentsFailed(pub String);

/// The file extension of a per-document output format.
fn extension(format: Format) -> &'static str {
    match format {
        Format::Tsv => "tsv",
        Format::Jsonl => "jsonl",
        Format::Beads => "align",
        _ => "tmx",
    }
}

pub fn run(args: BatchArgs) -> anyhow::Result<()> {
    if let Some(merge) = &args.merge
        && let Some(ext) = merge.extension()
        && !ext.eq_ignore_ascii_case("tmx")
    {
        return Err(UsageError(format!(
            "{}: --merge writes TMX; end the file name in .tmx (-o OUT_DIR --format {} writes one file per pair)",
            merge.display(),
            match ext.to_string_lossy().to_ascii_lowercase().as_str() {
                "tsv" | "tab" => "tsv",
                "jsonl" | "json" | "ndjson" => "jsonl",
                "align" | "beads" => "beads",
                _ => "F",
            }
        ))
        .into());
    }
    let format: Format = if args.merge.is_some() {
        Format::Tmx
    } else {
        args.format.into()
    };
    // Every option is checked before a file is listed or read.
    let mut options = args.model_flags.options(format, Some(&args.file_flags))?;
    options.dedupe = args.dedupe;
    let config = options.validate()?;
    let ext = extension(format);
    let (entries, pairing) = entries(&args, &config, ext)?;
    if entries.is_empty() {
        return Err(UsageError(match (&args.manifest, &pairing) {
            (Some(m), _) => format!("{}: the manifest lists no pair", m.display()),
            (None, pairing) => no_pair_message(&config, pairing.as_ref()),
        })
        .into());
    }
    // Every file the batch reads: no output may be one of them (the
    // manifest too: `--manifest m.tsv -o . -f tsv` with a pair named m).
    let mut inputs: Vec<&Path> = args.model_flags.rule_files();
    inputs.extend(args.manifest.as_deref());
    for e in &entries {
        inputs.push(&e.src);
        inputs.push(&e.tgt);
    }
    let outputs: Vec<PathBuf> = match (&args.output, &args.merge) {
        (Some(dir), _) => {
            if dir.exists() && !dir.is_dir() {
                return Err(UsageError(format!(
                    "{}: not a directory; -o names the output directory of a batch (--merge FILE.tmx writes one file)",
                    dir.display()
                ))
                .into());
            }
            let outputs: Vec<PathBuf> = entries
                .iter()
                .map(|e| dir.join(e.output_name(ext)))
                .collect();
            check_outputs(&outputs, &inputs, args.force || args.skip_existing)?;
            std::fs::create_dir_all(dir).map_err(|e| bitext::Error::io(dir, e))?;
            outputs
        }
        (None, Some(merge)) => {
            if merge != Path::new("-") {
                super::check_output(merge, &inputs, args.force)?;
            }
            Vec::new()
        }
        (None, None) => unreachable!("clap requires -o or --merge"),
    };
    let (entries, outputs, skipped) = if args.skip_existing {
        skip_existing(entries, outputs)
    } else {
        (entries, outputs, 0)
    };
    if let Some(dir) = &args.output {
        interrupt::plan(dir, &outputs, skipped);
    }
    // Every manifest line's files are checked before any document runs: a
    // bad line is said now (manifest file and line), its document fails,
    // and the other documents run (exit 1 at the end, as for any failed
    // document).
    let unreadable: BTreeMap<usize, String> = match &args.manifest {
        Some(m) => manifest::unreadable_entries(&entries, bitext::read::display_path(m))
            .into_iter()
            .map(|(i, e)| (i, e.to_string()))
            .collect(),
        None => BTreeMap::new(),
    };
    if !unreadable.is_empty() {
        for message in unreadable.values() {
            say!("bitext: error: {message}");
        }
        // Counted over the whole manifest; the lines set aside by
        // --skip-existing were not checked and do not run.
        let n = unreadable.len();
        let lines = entries.len() + skipped;
        let rest = entries.len() - n;
        let aside = if skipped > 0 {
            format!(" ({skipped} set aside: output exists)")
        } else {
            String::new()
        };
        say!(
            "bitext: {n} of {} {} a file that cannot be read: {} not aligned; the other {rest} {}{aside}",
            super::plural(lines, "manifest line", "manifest lines"),
            if n == 1 { "names" } else { "name" },
            if n == 1 {
                "its document is"
            } else {
                "their documents are"
            },
            if rest == 1 { "runs" } else { "run" },
        );
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()?;
    let mut progress = Progress::new(entries.len(), args.quiet);
    let mut failures: Vec<(usize, String)> = Vec::new();
    let mut totals = Totals::default();
    let start = Instant::now();
    match &args.merge {
        None => {
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::scope(|s| {
                let entries = &entries;
                let outputs = &outputs;
                let config = &config;
                let unreadable = &unreadable;
                s.spawn(move || {
                    pool.install(|| {
                        entries.iter().enumerate().par_bridge().for_each_with(
                            tx,
                            |tx, (i, entry)| {
                                let result = match unreadable.get(&i) {
                                    Some(message) => Err(message.clone()),
                                    None => align_to_file(config, entry, &outputs[i]),
                                };
                                let _ = tx.send((i, result));
                            },
                        )
                    })
                });
                for (i, result) in rx {
                    match result {
                        Ok((report, flags)) => {
                            progress.notices(&report);
                            totals.add(i, &report);
                            totals.add_flags(i, flags);
                            if let Some(w) = &report.written
                                && w.skipped > 0
                            {
                                totals.skipped_in.push((i, w.skipped));
                            }
                            progress.done(&totals, None);
                        }
                        Err(e) => {
                            // A bad manifest line was said already.
                            let said = unreadable.contains_key(&i);
                            progress.done(&totals, (!said).then_some((&entries[i], &e)));
                            failures.push((i, e));
                        }
                    }
                }
            });
        }
        Some(merge) => {
            let result = merged(
                &config,
                &entries,
                merge,
                &pool,
                &args,
                &mut progress,
                &mut totals,
                &mut failures,
                &unreadable,
            );
            if let Err(e) = result {
                progress.finish();
                return Err(reader_gone(e, &entries, skipped, failures, &unreadable));
            }
        }
    }
    progress.finish();
    let elapsed = start.elapsed();
    failures.sort();
    let unpaired = pairing.as_ref().map_or(0, |p| p.unpaired.len());
    if !args.quiet {
        say!(
            "{}",
            totals.summary(entries.len() + skipped, failures.len(), unpaired, elapsed)
        );
        if skipped > 0 {
            say!(
                "bitext: {} skipped: output exists (--skip-existing)",
                super::plural(skipped, "document", "documents")
            );
        }
        super::print_left_out(
            &args.model_flags,
            totals.left_out_confidence,
            totals.left_out_score,
            totals.left_out_flagged,
        );
        super::print_duplicates(args.dedupe, totals.duplicates);
        if !totals.unrelated.is_empty() {
            totals.unrelated.sort();
            let names: Vec<&str> = totals
                .unrelated
                .iter()
                .take(10)
                .map(|&i| entries[i].name.as_str())
                .collect();
            let more = totals.unrelated.len().saturating_sub(names.len());
            let n = totals.unrelated.len();
            say!(
                "bitext: warning: {n} {} not look like translations of each other \
                 (relatedness < 0.5; every bead has low confidence): {}{}",
                if n == 1 {
                    "document does"
                } else {
                    "documents do"
                },
                names.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            );
        }
        if totals.scored {
            let errors = super::plural(totals.flags.errors, "error", "errors");
            let warnings = super::plural(totals.flags.warnings, "warning", "warnings");
            let docs = if totals.errors_in.is_empty() {
                String::new()
            } else {
                format!(" (in {})", named_counts(&entries, &mut totals.errors_in))
            };
            say!("bitext: flags: {errors}{docs}, {warnings}");
        }
        // The units written, and the empty-side beads a TMX left out (named
        // by document: an omission must not vanish unsaid).
        let skipped_in = named_counts(&entries, &mut totals.skipped_in);
        super::align::print_written(
            format,
            totals.units,
            (totals.skipped, &skipped_in),
            totals.dropped_chars,
        );
        super::align::print_joined(format, totals.joined, totals.units, config.src_lang());
    }
    if !failures.is_empty() {
        let list: Vec<String> = failures
            .iter()
            .map(|(i, e)| {
                // With --force, a file of an earlier run may stand where
                // this run wrote nothing: never removed (it is the user's),
                // but not left unsaid either.
                let stale = outputs.get(*i).filter(|out| super::is_regular_file(out));
                match stale {
                    Some(out) => format!(
                        "  {}: {e} ({} is an earlier run's output, left in place)",
                        entries[*i].name,
                        out.display()
                    ),
                    None => format!("  {}: {e}", entries[*i].name),
                }
            })
            .collect();
        return Err(DocumentsFailed(format!(
            "{} of {} failed:\n{}",
            failures.len(),
            super::plural(entries.len() + skipped, "document", "documents"),
            list.join("\n")
        ))
        .into());
    }
    Ok(())
}

/// The error of a merged batch that stopped early. When the output's
/// reader went away (`--merge - | head`) the batch stops without a summary
/// and, as `bitext stream | head`, that alone is no failure (exit 0); but a
/// document that failed (before the stop, or a manifest line naming a file
/// that cannot be read, said before any document ran, whether or not it
/// was reached) still makes the exit status 1, with the list.
fn reader_gone(
    error: anyhow::Error,
    entries: &[BatchEntry],
    skipped: usize,
    mut failures: Vec<(usize, String)>,
    unreadable: &BTreeMap<usize, String>,
) -> anyhow::Error {
    if !super::is_broken_pipe(&error) {
        return error;
    }
    for (&i, message) in unreadable {
        if !failures.iter().any(|(j, _)| *j == i) {
            failures.push((i, message.clone()));
        }
    }
    if failures.is_empty() {
        return error;
    }
    failures.sort();
    let list: Vec<String> = failures
        .iter()
        .map(|(i, e)| format!("  {}: {e}", entries[*i].name))
        .collect();
    DocumentsFailed(format!(
        "{} of {} failed (then the output's reader went away and the batch stopped):\n{}",
        failures.len(),
        super::plural(entries.len() + skipped, "document", "documents"),
        list.join("\n")
    ))
    .into()
}

/// The pairs: from the manifest, or the two directories paired (unpaired
/// files, near misses and subdirectories not searched reported), with the
/// pairing of the directories.
fn entries(
    args: &BatchArgs,
    config: &AlignConfig,
    ext: &str,
) -> anyhow::Result<(Vec<BatchEntry>, Option<manifest::Pairing>)> {
    if let Some(path) = &args.manifest {
        let (bytes, base) = if path == Path::new("-") {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)
                .map_err(|e| bitext::Error::io("<stdin>", e))?;
            (buf, PathBuf::new())
        } else {
            let bytes = std::fs::read(path).map_err(|e| bitext::Error::io(path, e))?;
            let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
            (bytes, base)
        };
        let shown = bitext::read::display_path(path);
        return Ok((manifest::parse_manifest(&bytes, shown, &base, ext)?, None));
    }
    let (Some(src), Some(tgt)) = (&args.src_dir, &args.tgt_dir) else {
        unreachable!("clap requires SRC_DIR and TGT_DIR without --manifest")
    };
    // The run's own outputs, when they lie inside an input directory, are
    // not inputs (a second run would pair the first run's outputs).
    let own = args
        .output
        .iter()
        .chain(args.merge.iter().filter(|m| m.as_path() != Path::new("-")));
    let mut pairing = manifest::pair_directories_excluding(
        src,
        tgt,
        config.src_lang().lang(),
        config.tgt_lang().lang(),
        args.recursive,
        &manifest::Excluded::new(own.map(PathBuf::as_path)),
    )?;
    // The directories given the wrong way round, with no file pairing:
    // every file is then unpaired or a near miss, which the swap explains,
    // and the error says the swap alone. When some files pair, the swap is
    // a warning beside the files' own.
    let swap_explains_all = pairing.swapped > 0 && pairing.entries.is_empty();
    // Said even with --quiet: an unpaired file is input that no output
    // holds, which -q must not hide (the exit status stays 0; a --manifest
    // makes a missing file a failed document, exit 1).
    if !swap_explains_all {
        let near: std::collections::BTreeSet<&Path> = pairing
            .near_misses
            .iter()
            .flat_map(|(a, b)| [a.as_path(), b.as_path()])
            .collect();
        for path in &pairing.unpaired {
            if !near.contains(path.as_path()) {
                say!(
                    "bitext: warning: {}: no file of the other directory pairs with it",
                    path.display()
                );
            }
        }
        for (a, b) in &pairing.near_misses {
            say!(
                "bitext: warning: {} and {} look like a pair, but their names differ beyond the language tag; \
                 rename one (see `bitext batch --help`: Pairing) or list them in a --manifest",
                a.display(),
                b.display()
            );
        }
    }
    // Subdirectories not searched and a swap: input left out too.
    if !pairing.entries.is_empty() {
        if !pairing.subdirectories.is_empty() {
            say!(
                "bitext: warning: {}",
                subdirectories_phrase(&pairing.subdirectories)
            );
        }
        if pairing.swapped > 0 {
            say!("bitext: warning: {}", swapped_phrase(&pairing, config));
        }
    }
    let entries = std::mem::take(&mut pairing.entries);
    Ok((entries, Some(pairing)))
}

/// The subdirectories not searched, as a sentence.
fn subdirectories_phrase(dirs: &[PathBuf]) -> String {
    let shown: Vec<String> = dirs
        .iter()
        .take(3)
        .map(|d| d.display().to_string())
        .collect();
    let more = dirs.len().saturating_sub(shown.len());
    format!(
        "{} {} not searched ({}{}): add --recursive to pair the files in {}",
        dirs.len(),
        if dirs.len() == 1 {
            "subdirectory"
        } else {
            "subdirectories"
        },
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        },
        if dirs.len() == 1 { "it" } else { "them" }
    )
}

/// The directories likely given in the wrong order, as a sentence.
fn swapped_phrase(pairing: &manifest::Pairing, config: &AlignConfig) -> String {
    format!(
        "{} would pair with the directories the other way round (the source names carry {} tags, the target names {} tags): \
         are SRC_DIR and TGT_DIR swapped? The source texts' directory comes first",
        match pairing.swapped {
            1 => "1 file".to_string(),
            n => format!("{n} files"),
        },
        config.tgt_lang().lang(),
        config.src_lang().lang()
    )
}

/// Why two directories gave no pair, with what would help.
fn no_pair_message(config: &AlignConfig, pairing: Option<&manifest::Pairing>) -> String {
    if let Some(p) = pairing.filter(|p| p.swapped > 0) {
        // The swap explains it: the pairing rule is not the news.
        let mut message = format!(
            "no file pairs with a file of the other directory, but {}",
            swapped_phrase(p, config)
        );
        if !p.subdirectories.is_empty() {
            message.push_str(&format!("; {}", subdirectories_phrase(&p.subdirectories)));
        }
        return message;
    }
    let mut message = format!(
        "no file pairs with a file of the other directory; the language tag ({}) is taken out of the source names and \
         the tag ({}) out of the target names (--src-lang, --tgt-lang; see `bitext batch --help` for the pairing rule)",
        config.src_lang().lang(),
        config.tgt_lang().lang()
    );
    if let Some(p) = pairing
        && !p.subdirectories.is_empty()
    {
        message.push_str(&format!("; {}", subdirectories_phrase(&p.subdirectories)));
    }
    message
}

/// Refuses, before any work, outputs that exist (without `force`) or that
/// are inputs.
fn check_outputs(outputs: &[PathBuf], inputs: &[&Path], force: bool) -> anyhow::Result<()> {
    let inputs = super::InputFiles::new(inputs);
    let mut existing = Vec::new();
    for out in outputs {
        inputs.check(out)?;
        if out.is_dir() {
            return Err(UsageError(format!(
                "{}: is a directory; the output of a pair cannot be written there",
                out.display()
            ))
            .into());
        }
        if !force && super::is_regular_file(out) {
            existing.push(out.display().to_string());
        }
    }
    if !existing.is_empty() {
        let more = if existing.len() > 5 {
            format!(" and {} more", existing.len() - 5)
        } else {
            String::new()
        };
        existing.truncate(5);
        return Err(UsageError(format!(
            "{}{more}: the file exists; add --force to overwrite",
            existing.join(", ")
        ))
        .into());
    }
    Ok(())
}

/// `--skip-existing`: the entries whose output is not yet a file, their
/// outputs, and how many were left out.
fn skip_existing(
    entries: Vec<BatchEntry>,
    outputs: Vec<PathBuf>,
) -> (Vec<BatchEntry>, Vec<PathBuf>, usize) {
    let total = entries.len();
    let (todo, outs): (Vec<BatchEntry>, Vec<PathBuf>) = entries
        .into_iter()
        .zip(outputs)
        .filter(|(_, out)| !super::is_regular_file(out))
        .unzip();
    let skipped = total - todo.len();
    (todo, outs, skipped)
}

/// What an interrupted batch says last: how many documents have their
/// output, and that `--skip-existing` goes on from there.
pub mod interrupt {
    use std::path::{Path, PathBuf};
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The batch's output directory, how many outputs it has to write, the
    /// documents skipped because their output existed, and the outputs
    /// this run has written so far.
    struct Plan {
        dir: PathBuf,
        outputs: usize,
        skipped: usize,
        written: AtomicUsize,
    }

    static PLAN: OnceLock<Plan> = OnceLock::new();

    /// Records the batch's outputs (`-o` only: a merged TMX is all or
    /// nothing).
    pub fn plan(dir: &Path, outputs: &[PathBuf], skipped: usize) {
        let _ = PLAN.set(Plan {
            dir: dir.to_path_buf(),
            outputs: outputs.len(),
            skipped,
            written: AtomicUsize::new(0),
        });
    }

    /// Counts an output this run has written whole (renamed into place).
    pub fn wrote() {
        if let Some(plan) = PLAN.get() {
            plan.written.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// The line for an interrupted batch, or `None` outside one. The
    /// outputs counted are those this run wrote and those it skipped (with
    /// `--skip-existing`), not every file that exists: a `--force` run over
    /// an earlier run's outputs has rewritten only some of them. An output
    /// renamed into place after the count is complete too, so the line
    /// never says more were written than were.
    pub fn line() -> Option<String> {
        let plan = PLAN.get()?;
        let written = plan.written.load(Ordering::SeqCst) + plan.skipped;
        let total = plan.outputs + plan.skipped;
        Some(format!(
            "bitext: interrupted: {written} of {} written to {} (each file complete); \
             run the same command with --skip-existing to align the other {}",
            super::super::plural(total, "document", "documents"),
            plan.dir.display(),
            total - written
        ))
    }
}

/// The job of an entry.
fn job_of(entry: &BatchEntry) -> AlignJob {
    AlignJob::new(
        Input::File(entry.src.clone()),
        Input::File(entry.tgt.clone()),
    )
}

/// Aligns one pair into its own file (its directory made when the name
/// has one); the error as text.
fn align_to_file(
    config: &AlignConfig,
    entry: &BatchEntry,
    out: &Path,
) -> Result<(JobReport, FlagCounts), String> {
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| bitext::Error::io(dir, e).to_string())?;
    }
    let aligned = job::align(config, &job_of(entry)).map_err(|e| e.to_string())?;
    let flags = FlagCounts::of(aligned.records());
    let report =
        bitext::output::write_atomic(out, |w| aligned.write(w)).map_err(|e| e.to_string())?;
    interrupt::wrote();
    Ok((report, flags))
}

/// Aligns one pair for the merged TMX: its records, each carrying the
/// document and a tuid `NAME:K`.
fn align_for_merge(
    config: &AlignConfig,
    entry: &BatchEntry,
) -> Result<(Vec<Record>, JobReport), String> {
    let aligned = job::align(config, &job_of(entry)).map_err(|e| e.to_string())?;
    let (mut records, report) = aligned.into_records();
    for (k, r) in records.iter_mut().enumerate() {
        let bead = r.tuid.take().unwrap_or_else(|| (k + 1).to_string());
        r.tuid = Some(format!("{}:{bead}", entry.name));
        r.props.push(PropRecord {
            kind: PROP_DOCUMENT.to_string(),
            value: entry.name.clone(),
        });
    }
    Ok((records, report))
}

/// The merged TMX: documents aligned in parallel, written in the order of
/// the entries (so that the bytes do not depend on `--jobs`), the file
/// replaced atomically at the end.
#[allow(clippy::too_many_arguments)]
fn merged(
    config: &AlignConfig,
    entries: &[BatchEntry],
    merge: &Path,
    pool: &rayon::ThreadPool,
    args: &BatchArgs,
    progress: &mut Progress,
    totals: &mut Totals,
    failures: &mut Vec<(usize, String)>,
    unreadable: &BTreeMap<usize, String>,
) -> anyhow::Result<()> {
    let creation_time = match config.creation_date() {
        CreationDate::Fixed(t) => t,
        CreationDate::NewestInput => {
            let files: Vec<&Path> = entries
                .iter()
                .flat_map(|e| [e.src.as_path(), e.tgt.as_path()])
                .collect();
            job::newest_mtime(&files).unwrap_or_else(job::now)
        }
    };
    let options = SinkOptions {
        header: None,
        srclang: config.src_lang().to_string(),
        creation_time: Some(creation_time),
        keep_empty: args.file_flags.keep_empty,
        quality_columns: QualityColumns::Always,
    };
    // `-`: standard output, written as the documents come (a failed
    // document leaves its units out, as in a file).
    let to_stdout = merge == Path::new("-");
    let mut file = if to_stdout {
        None
    } else {
        Some(AtomicFile::create(merge)?)
    };
    let mut stdout = to_stdout.then(|| std::io::BufWriter::new(std::io::stdout().lock()));
    let writer: &mut dyn std::io::Write = match (&mut file, &mut stdout) {
        (Some(file), _) => file.writer(),
        (None, Some(out)) => out,
        (None, None) => unreachable!("a file or standard output"),
    };
    let report = {
        let mut sink = TmxSink::start(writer, &options).map_err(|e| e.with_output_path(merge))?;
        let (tx, rx) = std::sync::mpsc::channel();
        let mut result: anyhow::Result<()> = Ok(());
        // --dedupe across the batch: the pairs of texts written so far
        // (each document's own repeats are already left out).
        let mut seen: std::collections::HashSet<(String, String)> =
            std::collections::HashSet::new();
        // Set when the output fails (a reader gone, `--merge - | head`):
        // the documents not yet begun are not aligned.
        let stop = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            let stop = &stop;
            s.spawn(move || {
                pool.install(|| {
                    entries
                        .iter()
                        .enumerate()
                        .par_bridge()
                        .for_each_with(tx, |tx, (i, entry)| {
                            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                                return;
                            }
                            let result = match unreadable.get(&i) {
                                Some(message) => Err(message.clone()),
                                None => align_for_merge(config, entry),
                            };
                            let _ = tx.send((i, result));
                        })
                })
            });
            // Documents done out of order wait here for those before them.
            let mut waiting = BTreeMap::new();
            let mut next = 0;
            for (i, r) in rx {
                match &r {
                    Ok((records, report)) => {
                        progress.notices(report);
                        totals.add(i, report);
                        // Units joining sentences are counted as written
                        // (after --dedupe), below.
                        totals.add_flags(
                            i,
                            FlagCounts {
                                joined: 0,
                                ..FlagCounts::of(records)
                            },
                        );
                        progress.done(totals, None);
                    }
                    Err(e) => {
                        // A bad manifest line was said already.
                        let said = unreadable.contains_key(&i);
                        progress.done(totals, (!said).then_some((&entries[i], e)));
                        failures.push((i, e.clone()));
                    }
                }
                waiting.insert(i, r);
                while let Some(r) = waiting.remove(&next) {
                    let doc = next;
                    next += 1;
                    if let (Ok((records, _)), Ok(())) = (r, &result) {
                        for rec in &records {
                            if args.dedupe && !seen.insert((rec.src.clone(), rec.tgt.clone())) {
                                totals.duplicates += 1;
                                continue;
                            }
                            match sink.write(rec) {
                                Ok(true) => {
                                    totals.joined +=
                                        usize::from(super::align::joins_sentences(rec));
                                }
                                Ok(false) => {
                                    totals.skipped += 1;
                                    match totals.skipped_in.last_mut() {
                                        Some((d, n)) if *d == doc => *n += 1,
                                        _ => totals.skipped_in.push((doc, 1)),
                                    }
                                }
                                Err(e) => {
                                    result = Err(e.with_output_path(merge).into());
                                    break;
                                }
                            }
                        }
                    }
                }
                if result.is_err() {
                    stop.store(true, std::sync::atomic::Ordering::Relaxed);
                    break;
                }
            }
        });
        result?;
        Box::new(sink)
            .finish()
            .map_err(|e| e.with_output_path(merge))?
    };
    totals.units += report.written;
    totals.dropped_chars += report.dropped_chars;
    if let Some(file) = file {
        file.commit()?;
    }
    if let Some(out) = &mut stdout {
        std::io::Write::flush(out).map_err(|e| bitext::Error::io("<stdout>", e))?;
    }
    Ok(())
}

/// What the documents done so far add up to.
#[derive(Debug, Default)]
struct Totals {
    documents: usize,
    src_sentences: usize,
    tgt_sentences: usize,
    beads: usize,
    low_confidence: usize,
    left_out_confidence: usize,
    left_out_score: usize,
    left_out_flagged: usize,
    units: usize,
    skipped: usize,
    dropped_chars: usize,
    /// Beads left out by --dedupe.
    duplicates: usize,
    /// The documents whose texts do not look like translations of each
    /// other (relatedness < 0.5).
    unrelated: Vec<usize>,
    /// The documents with beads of an empty side left out of a TMX, and
    /// how many each.
    skipped_in: Vec<(usize, usize)>,
    /// Flags of the beads kept, by severity.
    flags: FlagCounts,
    /// Whether any bead was scored (bead lists carry no flags).
    scored: bool,
    /// The documents with error flags, and how many each.
    errors_in: Vec<(usize, usize)>,
    /// Units written that join several source sentences.
    joined: usize,
}

/// Flags of a document's beads, by severity.
#[derive(Debug, Default, Clone, Copy)]
struct FlagCounts {
    errors: usize,
    warnings: usize,
    /// Records that join several source sentences (see
    /// [`super::align::joins_sentences`]).
    joined: usize,
    /// Whether any record carries a score or flags.
    scored: bool,
}

impl FlagCounts {
    fn of(records: &[Record]) -> Self {
        let mut c = FlagCounts::default();
        for r in records {
            c.scored |= r.flags.is_some() || r.score.is_some();
            c.joined += usize::from(super::align::joins_sentences(r));
            for f in r.flags.iter().flatten() {
                match f.severity.as_str() {
                    "error" => c.errors += 1,
                    "warning" => c.warnings += 1,
                    _ => {}
                }
            }
        }
        c
    }
}

/// "press-02 (1), story (2)": documents named with a count each, the
/// first ten (by the order of the entries) and how many more.
fn named_counts(entries: &[BatchEntry], counts: &mut [(usize, usize)]) -> String {
    counts.sort_unstable();
    let shown: Vec<String> = counts
        .iter()
        .take(10)
        .map(|&(i, n)| format!("{} ({n})", entries[i].name))
        .collect();
    let more = counts.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

impl Totals {
    fn add_flags(&mut self, index: usize, flags: FlagCounts) {
        self.flags.errors += flags.errors;
        self.flags.warnings += flags.warnings;
        self.scored |= flags.scored;
        self.joined += flags.joined;
        if flags.errors > 0 {
            self.errors_in.push((index, flags.errors));
        }
    }

    fn add(&mut self, index: usize, r: &JobReport) {
        self.documents += 1;
        if r.relatedness < bitext::quality::UNRELATED_TEXTS {
            self.unrelated.push(index);
        }
        self.src_sentences += r.src_sentences;
        self.tgt_sentences += r.tgt_sentences;
        self.beads += r.beads;
        self.low_confidence += r.low_confidence;
        self.left_out_confidence += r.left_out_confidence;
        self.left_out_score += r.left_out_score;
        self.left_out_flagged += r.left_out_flagged;
        self.duplicates += r.duplicates;
        if let Some(w) = &r.written {
            self.units += w.written;
            self.skipped += w.skipped;
            self.dropped_chars += w.dropped_chars;
        }
    }

    fn summary(
        &self,
        documents: usize,
        failed: usize,
        unpaired: usize,
        elapsed: Duration,
    ) -> String {
        let secs = elapsed.as_secs_f64();
        let unpaired = match unpaired {
            0 => String::new(),
            1 => " (1 file unpaired)".to_string(),
            n => format!(" ({n} files unpaired)"),
        };
        format!(
            "bitext: {} of {} aligned{unpaired}, {failed} failed, in {secs:.1} s ({:.1} documents aligned/s): \
             {} + {} sentences, {}, {} with confidence < 0.5",
            self.documents,
            super::plural(documents, "document", "documents"),
            // Only the documents aligned: one that failed at once (a
            // missing file) is no work done.
            self.documents as f64 / secs.max(1e-9),
            self.src_sentences,
            self.tgt_sentences,
            super::plural(self.beads, "bead", "beads"),
            self.low_confidence
        )
    }
}

/// Progress on standard error: a bar when it is a terminal, a plain line
/// every few seconds otherwise, nothing with `--quiet`.
struct Progress {
    bar: Option<ProgressBar>,
    plain: bool,
    total: usize,
    done: usize,
    start: Instant,
    last_line: Instant,
}

/// The time left, from the pace of the documents aligned so far (`secs`
/// for `aligned` of them): a document that failed at once (a missing file)
/// is no work done and would make the rest look quick. `done` counts every
/// document finished, failed or not; "?" before the first one aligned.
fn eta(secs: f64, aligned: usize, done: usize, total: usize) -> String {
    if aligned == 0 {
        return "?".to_string();
    }
    let left = secs / aligned as f64 * total.saturating_sub(done) as f64;
    format!("{left:.0} s")
}

/// Seconds between two plain progress lines.
const PLAIN_EVERY: Duration = Duration::from_secs(5);

impl Progress {
    fn new(total: usize, quiet: bool) -> Self {
        let terminal = std::io::stderr().is_terminal();
        let bar = (!quiet && terminal).then(|| {
            let bar = ProgressBar::new(total as u64);
            if let Ok(style) = ProgressStyle::with_template(
                "{bar:30} {pos}/{len} documents, {msg}, {elapsed_precise}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            plain: !quiet && !terminal,
            total,
            done: 0,
            start: Instant::now(),
            last_line: Instant::now(),
        }
    }

    /// Says a line above the bar (or plainly).
    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => say!("{line}"),
        }
    }

    fn notices(&self, report: &JobReport) {
        if self.bar.is_some() || self.plain {
            for n in &report.notices {
                self.say(&format!("bitext: {n}"));
            }
        }
    }

    /// One more document done (`failed`: it failed, with the error).
    fn done(&mut self, totals: &Totals, failed: Option<(&BatchEntry, &String)>) {
        self.done += 1;
        let quiet = self.bar.is_none() && !self.plain;
        if let Some((entry, error)) = failed
            && !quiet
        {
            self.say(&format!("bitext: {} failed: {error}", entry.name));
        }
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        let rate = (totals.src_sentences + totals.tgt_sentences) as f64 / secs;
        let eta = eta(secs, totals.documents, self.done, self.total);
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{rate:.0} sentences/s, ETA {eta}"));
            bar.inc(1);
        } else if self.plain && self.last_line.elapsed() >= PLAIN_EVERY && self.done < self.total {
            self.last_line = Instant::now();
            say!(
                "bitext: {}/{} documents, {rate:.0} sentences/s, ETA {eta}",
                self.done,
                self.total
            );
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_rate_counts_only_the_documents_aligned() {
        // 1 document aligned in 2 s; 9 failed at once (missing files):
        // the rate is the aligned one's, 0.5 documents/s, not 5.0.
        let totals = Totals {
            documents: 1,
            ..Totals::default()
        };
        let line = totals.summary(10, 9, 0, Duration::from_secs(2));
        assert!(line.contains("(0.5 documents aligned/s)"), "{line}");
    }

    #[test]
    fn the_eta_goes_by_the_documents_aligned() {
        // 2 documents aligned in 10 s, 8 more failed at once, 10 left:
        // 50 s, not the 10 s a pace over all 10 done would give.
        assert_eq!(eta(10.0, 2, 10, 20), "50 s");
        assert_eq!(eta(3.0, 0, 5, 20), "?");
    }
}
