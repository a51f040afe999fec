//! Subcommands: argument structs (clap) and one `run` each.

mod align;
mod audit;
mod batch;
mod convert;
mod eval;
mod score;
mod segment;
mod stream;

use bitext::document::{DEFAULT_MAX_SENTENCE_BYTES, Document, InputMode};
use bitext::format::Format;
use bitext::format::tmx::tmx_date;
use bitext::read::TextEncoding;
use bitext::report::plural;
use bitext::segment::Segmenter;
use bitext::segment::srx::SrxRules;
use bitext::{LangTag, read};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// Align a Chinese text with its English translation, sentence by sentence,
/// and export translation memory (TMX 1.4b), TSV, JSON Lines or bead lists.
#[derive(Debug, Parser)]
#[command(name = "bitext", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples:
  bitext align zh.txt en.txt -o pair.tmx
  bitext align zh.txt en.txt --format tsv
  bitext align --presegmented --format beads zh.sent en.sent
  bitext batch zh/ en/ -o aligned/ --jobs 2
  bitext stream < pairs.jsonl > aligned.jsonl
  bitext segment --lang zh zh.txt
  bitext eval --gold gold.align --auto auto.align
  bitext convert memory.tmx pairs.tsv
  bitext convert memory.tmx corpus --to moses
  bitext audit memory.tmx --report audit.html
  bitext audit zh.txt en.txt --fail-under 0.75
  bitext audit zh.txt en.txt --fail-on error
  bitext score pairs.tsv

Exit status: 0 success, 1 bad input or usage, 2 internal error, 3 audit: the
document score is below --fail-under, or a flag is as serious as --fail-on.";

#[derive(Debug, Subcommand)]
enum Command {
    /// Align a source text with its translation and write the aligned pairs.
    Align(align::AlignArgs),
    /// Align many document pairs (two directories or a manifest) on every core.
    Batch(batch::BatchArgs),
    /// Align document pairs given as JSON lines on standard input (for Spark, Hadoop, GNU parallel).
    Stream(stream::StreamArgs),
    /// Split a text into sentences: one a line, a blank line between paragraphs.
    Segment(segment::SegmentArgs),
    /// Score an alignment against a gold alignment (strict precision, recall, F1).
    Eval(eval::EvalArgs),
    /// Convert translation memory: TMX, TSV, JSON Lines, Moses parallel files.
    Convert(convert::ConvertArgs),
    /// Audit a translation: score every segment, flag what looks wrong, report.
    Audit(audit::AuditArgs),
    /// Score pre-aligned pairs (`source TAB target` a line): one JSON object per line.
    Score(score::ScoreArgs),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Align(args) => align::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Segment(args) => segment::run(args),
        Command::Stream(args) => stream::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Score(args) => score::run(args),
    }
}

/// A mistake in how bitext was called (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Exit code for an error: 1 for bad input or usage, 2 for internal errors,
/// 3 for an audit below `--fail-under` or with a flag as serious as
/// `--fail-on`.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.downcast_ref::<audit::BarNotMet>().is_some() {
        return 3;
    }
    if err.downcast_ref::<UsageError>().is_some()
        || err.downcast_ref::<batch::DocumentsFailed>().is_some()
    {
        return 1;
    }
    match err.downcast_ref::<bitext::Error>() {
        Some(e) if e.is_user_error() => 1,
        Some(_) => 2,
        None => 2,
    }
}

/// Refuses an output file that is one of the inputs, or that exists when
/// `force` is not given. `-` (standard output) is always fine.
pub fn check_output(path: &Path, inputs: &[&Path], force: bool) -> anyhow::Result<()> {
    if path == Path::new("-") {
        return Ok(());
    }
    // Said before any work is done, and plainly.
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(UsageError(format!(
            "{}: the output directory {} does not exist",
            path.display(),
            dir.display()
        ))
        .into());
    }
    if path.is_dir() {
        return Err(UsageError(format!(
            "{}: is a directory; name an output file",
            path.display()
        ))
        .into());
    }
    InputFiles::new(inputs).check(path)?;
    // Only a regular file (or one a link names) holds data to lose; a pipe
    // or /dev/null is written to as it is, and so is a descriptor the
    // caller opened (`-o /dev/stdout > out.tsv`: the shell truncated the
    // file, or appends to it).
    if !force && is_regular_file(path) && bitext::output::descriptor_named(path).is_none() {
        return Err(UsageError(format!(
            "{}: the file exists; add --force to overwrite it",
            path.display()
        ))
        .into());
    }
    Ok(())
}

/// Writes to `-o FILE` atomically, or to standard output. Refuses to write
/// over one of the inputs, or over an existing file without `force`.
pub fn emit<T>(
    output: Option<&Path>,
    inputs: &[&Path],
    force: bool,
    fill: impl FnOnce(&mut dyn Write) -> bitext::Result<T>,
) -> anyhow::Result<T> {
    match output {
        Some(path) if path != Path::new("-") => {
            check_output(path, inputs, force)?;
            Ok(bitext::output::write_atomic(path, fill)?)
        }
        _ => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            let stdout_path = Path::new("<stdout>");
            let value = fill(&mut lock).map_err(|e| e.with_output_path(stdout_path))?;
            lock.flush()
                .map_err(|e| bitext::Error::io(stdout_path, e))?;
            Ok(value)
        }
    }
}

/// Writes `text` to standard output and flushes it; an error (a full
/// disk, a closed pipe) is returned as `<stdout>: …`, never a panic.
pub fn write_stdout(text: &str) -> anyhow::Result<()> {
    let stdout_path = Path::new("<stdout>");
    let mut lock = std::io::stdout().lock();
    lock.write_all(text.as_bytes())
        .and_then(|()| lock.flush())
        .map_err(|e| bitext::Error::io(stdout_path, e))?;
    Ok(())
}

/// The last line of a batch interrupted by a signal (how many documents
/// it wrote; `--skip-existing` resumes), or `None` when no batch runs.
pub fn interrupted_batch() -> Option<String> {
    batch::interrupt::line()
}

/// A closed pipe (`bitext … | head`): not a failure of its own.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || matches!(e.downcast_ref::<bitext::Error>(),
                Some(bitext::Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The files a run reads, which no output may overwrite. Each is known by
/// its identity ([`file_id`]), so that a link, a hard link or another path
/// to the same file is that file; `-` is the file standard input is
/// redirected from (`< pairs.tsv`), if it is one.
pub struct InputFiles(std::collections::HashSet<FileId>);

impl InputFiles {
    /// The inputs `paths` (those that are not regular files, such as a pipe,
    /// a terminal or a file that does not exist, left out).
    pub fn new(paths: &[&Path]) -> Self {
        let stdin = Path::new("/dev/stdin");
        InputFiles(
            paths
                .iter()
                .filter_map(|&p| file_id(if p == Path::new("-") { stdin } else { p }))
                .collect(),
        )
    }

    /// Refuses `output` when it is one of the inputs (`--force` or not),
    /// whichever path reaches it (`-o /dev/stdout >> zh.txt` too).
    pub fn check(&self, output: &Path) -> anyhow::Result<()> {
        match file_id(output) {
            Some(id) if self.0.contains(&id) => Err(UsageError(format!(
                "{}: the output would overwrite an input file",
                output.display()
            ))
            .into()),
            _ => Ok(()),
        }
    }
}

/// What makes two paths one file: the device and inode on Unix, the
/// canonical path elsewhere.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = std::path::PathBuf;

/// The identity of the regular file `path` names (following links), or
/// `None` when it names none.
fn file_id(path: &Path) -> Option<FileId> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok()
    }
}

/// The longest segment `audit` and `score` take, in bytes: the length of
/// the longest sentence `align` takes. Scoring time grows with the square
/// of a segment's length (a 6.6 MB pair ran for minutes).
pub const MAX_SEGMENT_BYTES: usize = DEFAULT_MAX_SENTENCE_BYTES;

/// Refuses a pair with a segment longer than [`MAX_SEGMENT_BYTES`];
/// `place` names it (`pairs.tsv: line 7`).
pub fn check_segment_lengths(
    place: impl FnOnce() -> String,
    src: &str,
    tgt: &str,
) -> anyhow::Result<()> {
    match bitext::quality::pairs::oversized_segment(src, tgt, MAX_SEGMENT_BYTES) {
        Some(why) => Err(UsageError(format!("{}: {why}", place())).into()),
        None => Ok(()),
    }
}

/// `--fail-on` and `--drop-flagged`: `error` or `warning` (an `info` flag is
/// not a failure).
pub fn parse_severity(s: &str) -> Result<bitext::quality::Severity, String> {
    use bitext::quality::Severity;
    match s {
        "error" => Ok(Severity::Error),
        "warning" => Ok(Severity::Warning),
        _ => Err(format!("'{s}' is not a severity: use error or warning")),
    }
}

/// Whether `path` names a regular file (through links): an output that
/// holds data, as a pipe or `/dev/null` does not.
fn is_regular_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// The error for `--keep-first-row` given with an input of `format`, which
/// has no rows of column names to keep.
fn keep_first_row_misused(format: Format) -> UsageError {
    UsageError(format!(
        "--keep-first-row is for TSV input (a first row of column names); this input is read as {}",
        format.name()
    ))
}

/// Says on standard error how many beads each filter that is on left out
/// (`align`, `batch` and `stream` alike).
fn print_left_out(flags: &align::ModelFlags, confidence: usize, score: usize, flagged: usize) {
    let beads = |n: usize| plural(n, "bead", "beads");
    if let Some(min) = flags.min_confidence {
        say!(
            "bitext: {} with confidence < {min} left out (--min-confidence)",
            beads(confidence)
        );
    }
    print_quality_left_out(
        ("bead", "beads"),
        (flags.min_score, score),
        (flags.drop_flagged, flagged),
    );
}

/// Says on standard error how many `noun`s (one, many: "bead", "beads";
/// "unit", "units") `--min-score` and `--drop-flagged` left out, for each
/// that is on: `(threshold, count)` and `(severity, count)`. Shared by
/// `align`, `batch`, `stream` and `convert`, so that they say it alike.
pub fn print_quality_left_out(
    noun: (&str, &str),
    (min_score, score): (Option<f64>, usize),
    (drop_flagged, flagged): (Option<bitext::quality::Severity>, usize),
) {
    let count = |n: usize| plural(n, noun.0, noun.1);
    if let Some(x) = min_score {
        say!(
            "bitext: {} with a score below {x} left out (--min-score)",
            count(score)
        );
    }
    if let Some(s) = drop_flagged {
        say!(
            "bitext: {} with {} flag left out (--drop-flagged {s})",
            count(flagged),
            flag_phrase(s)
        );
    }
}

/// How many beads `--dedupe` left out, when it is on.
fn print_duplicates(dedupe: bool, duplicates: usize) {
    if dedupe {
        say!(
            "bitext: {duplicates} duplicate {} of texts left out (--dedupe)",
            if duplicates == 1 { "pair" } else { "pairs" }
        );
    }
}

/// What a bead left out by `--drop-flagged` carried: "an error" or "a
/// warning or error".
pub fn flag_phrase(s: bitext::quality::Severity) -> &'static str {
    match s {
        bitext::quality::Severity::Error => "an error",
        _ => "a warning or error",
    }
}

/// A number in [0, 1] (`--min-score`, `--min-confidence`, `--fail-under`).
pub fn parse_unit_interval(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("'{s}' is not a number between 0 and 1")),
    }
}

/// The last second a TMX date (`YYYYMMDDThhmmssZ`, four digits of year)
/// can say: 9999-12-31T23:59:59Z.
pub const LAST_TMX_SECOND: u64 = 253_402_300_799;

/// Accepts `YYYYMMDDThhmmssZ` or `@SECONDS` since the epoch (up to the end
/// of year 9999).
pub fn parse_date(s: &str) -> Result<u64, String> {
    if let Some(secs) = s.strip_prefix('@') {
        return secs
            .parse::<u64>()
            .ok()
            .filter(|&t| t <= LAST_TMX_SECOND)
            .ok_or_else(|| {
                format!(
                    "'{s}' is not @SECONDS since 1970 up to the end of year 9999 (@{LAST_TMX_SECOND})"
                )
            });
    }
    let bad =
        || format!("'{s}' is not a date of the form YYYYMMDDThhmmssZ (or @SECONDS since 1970)");
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<i64>().map_err(|_| bad());
    let (y, mo, d, h, mi, se) = (
        num(0..4)?,
        num(4..6)?,
        num(6..8)?,
        num(9..11)?,
        num(11..13)?,
        num(13..15)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 || y < 1970
    {
        return Err(bad());
    }
    // Days from civil (H. Hinnant), inverse of tmx_date.
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = (days * 86_400 + h * 3600 + mi * 60 + se) as u64;
    if tmx_date(secs) != s {
        return Err(bad());
    }
    Ok(secs)
}

/// The value of SOURCE_DATE_EPOCH: seconds since 1970, up to the end of
/// year 9999.
fn source_date_epoch(v: &str) -> anyhow::Result<u64> {
    v.trim()
        .parse::<u64>()
        .ok()
        .filter(|&t| t <= LAST_TMX_SECOND)
        .ok_or_else(|| {
            UsageError(format!(
                "SOURCE_DATE_EPOCH='{v}' is not a number of seconds since 1970 up to the end of year 9999"
            ))
            .into()
        })
}

/// The TMX date of `align` and `batch`: explicit, else SOURCE_DATE_EPOCH,
/// else the newest modification time of a job's inputs.
pub fn creation_date(explicit: Option<u64>) -> anyhow::Result<bitext::job::CreationDate> {
    use bitext::job::CreationDate;
    if let Some(t) = explicit {
        return Ok(CreationDate::Fixed(t));
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => source_date_epoch(&v).map(CreationDate::Fixed),
        Err(_) => Ok(CreationDate::NewestInput),
    }
}

/// The TMX date: explicit, else SOURCE_DATE_EPOCH, else the newest input
/// modification time (of the files; standard input has none), else now.
pub fn creation_time(explicit: Option<u64>, inputs: &[&Path]) -> anyhow::Result<u64> {
    if let Some(t) = explicit {
        return Ok(t);
    }
    if let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") {
        return source_date_epoch(&v);
    }
    let mtime = |p: &Path| -> Option<u64> {
        let m = std::fs::metadata(p).ok()?.modified().ok()?;
        Some(m.duration_since(UNIX_EPOCH).ok()?.as_secs())
    };
    let now = || {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    };
    Ok(inputs
        .iter()
        .filter(|p| **p != Path::new("-"))
        .filter_map(|p| mtime(p))
        .max()
        .unwrap_or_else(now))
}

/// Reads, decodes and segments one input (with the SRX file's rules for
/// its language when one is given), saying on standard error (unless
/// `quiet`) which encoding was detected.
pub fn read_document(
    path: &Path,
    encoding: Option<TextEncoding>,
    tag: &LangTag,
    mode: InputMode,
    srx: Option<&SrxRules>,
    quiet: bool,
) -> anyhow::Result<Document> {
    let decoded = read::read_file_as(path, encoding)?;
    if !quiet && let Some(notice) = decoded.notice(path) {
        say!("bitext: {notice}");
    }
    let shown = read::display_path(path);
    // Traditional text under zh-CN (the default), simplified under zh-TW.
    if !quiet && bitext::convert::script::script_of_tag(tag.as_str()).is_some() {
        let mut count = bitext::convert::script::ScriptCount::default();
        count.add(&decoded.text);
        let what = format!("{}: the text", shown.display());
        if let Some(notice) = count.notice(tag.as_str(), &what, "--src-lang or --tgt-lang") {
            say!("bitext: warning: {notice}");
        }
    }
    Ok(match srx {
        Some(rules) => {
            let seg = Segmenter::with_srx(tag.lang(), rules.for_lang(tag.as_str()));
            Document::with_segmenter(shown, decoded.text, &seg, DEFAULT_MAX_SENTENCE_BYTES)?
        }
        None => Document::from_text(shown, decoded.text, tag.lang(), mode)?,
    })
}

/// Refuses an output format named by `option` (`--format`, `--to`) that
/// the output file's extension contradicts (TMX into `x.tsv`): as a name
/// that says no format is refused, a name that says another is never what
/// was meant. Raw TSV goes into a `.tsv` file; beads and Moses files have
/// extensions of their own, not checked.
pub(crate) fn check_format_extension(
    path: &Path,
    format: Format,
    option: &str,
) -> anyhow::Result<()> {
    let Some(named) = Format::from_extension(path) else {
        return Ok(());
    };
    let same = named == format || (named == Format::Tsv && format == Format::RawTsv);
    if same || matches!(format, Format::Beads | Format::Moses) {
        return Ok(());
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    Err(UsageError(format!(
        "{}: {option} {} writes {} but the file name ends in .{ext}; \
         drop {option} or name the file for its format",
        bitext::read::display_path(path).display(),
        format.name(),
        format.name().to_uppercase(),
    ))
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(parse_date("20210508T000000Z"), Ok(1_620_432_000));
        assert_eq!(parse_date("@1620432000"), Ok(1_620_432_000));
        assert!(parse_date("20210508").is_err());
        assert!(parse_date("2021").is_err());
        assert!(parse_date("20210230T000000Z").is_err());
        assert!(parse_date("2021-05-08").is_err());
        assert_eq!(parse_date("@253402300799"), Ok(LAST_TMX_SECOND));
        assert!(parse_date("@253402300800").is_err());
    }
}
