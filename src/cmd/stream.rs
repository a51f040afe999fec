//! `bitext stream`: document pairs as JSON lines, for distributed engines.

use super::align::ModelFlags;
use bitext::format::Format;
use bitext::job::stream::{self, DEFAULT_MAX_LINE_BYTES};
use clap::Args;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  echo '{\"id\": 1, \"src\": \"你好。\", \"tgt\": \"Hello.\"}' | bitext stream
  bitext stream --presegmented --src-lang en --tgt-lang zh < pairs.jsonl > aligned.jsonl
  bitext stream --dedupe < pairs.jsonl > aligned.jsonl   (each pair of texts once inside each line)
  parallel --pipe -N 100 --keep-order bitext stream -q < pairs.jsonl > aligned.jsonl
  parallel --pipe -N 100 --keep-order 'bitext stream -q --first-line $(( ({#} - 1) * 100 + 1 ))' < pairs.jsonl
  rdd.pipe(\"/usr/local/bin/bitext stream -q\")     # Apache Spark: the full path (see README)

Input: one JSON object a line, {\"id\": ID, \"src\": TEXT, \"tgt\": TEXT} with optional
\"src_lang\" and \"tgt_lang\" replacing --src-lang and --tgt-lang for that pair; ID is a
string or a number. A key of these five given twice makes the line an error
(\"id\" twice: the error's id is null); other keys are ignored.

Output: one JSON line per input line, in order, flushed line by line:
{\"id\": ID, \"src_lang\", \"tgt_lang\", \"src_sentences\", \"tgt_sentences\", \"beads\",
\"low_confidence\", \"left_out\" (beads the filters and --dedupe left out), \"relatedness\", \"pairs\": [records of
`bitext align --format jsonl`]}, or {\"id\": ID or null, \"error\": \"line N: …\"} for
a line that cannot be aligned (N counts from --first-line); the stream goes on. The exit status is 0 when the
input was read to its end (errors are in the output), 1 when it could not be
read or the options are wrong.")]
pub struct StreamArgs {
    #[command(flatten)]
    model_flags: ModelFlags,
    /// Longest request line accepted, in bytes; a longer line is skipped
    /// (never held in memory) and answered with an error object.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_LINE_BYTES, value_parser = parse_line_bytes)]
    max_line_bytes: usize,
    /// The number of the first input line, for the line numbers of error
    /// objects: a process given a part of a larger input (GNU parallel's
    /// blocks, `split`) names its lines as the whole input numbers them.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = parse_first_line)]
    first_line: usize,
    /// Write each pair of texts once inside each line's documents: a bead
    /// whose source and target texts are those of an earlier bead of the
    /// same line is left out and counted in "left_out". Each line is
    /// answered alone, so two lines are never compared (dedupe the
    /// combined output, e.g. with `bitext convert --dedupe`).
    #[arg(long)]
    dedupe: bool,
    /// Print nothing on standard error but errors (no summary at the end).
    #[arg(short, long)]
    quiet: bool,
}

fn parse_first_line(s: &str) -> Result<usize, String> {
    at_least_one(s, "a line number")
}

fn parse_line_bytes(s: &str) -> Result<usize, String> {
    at_least_one(s, "a number of bytes")
}

/// A whole number of 1 or more; `what` names it in the error.
fn at_least_one(s: &str, what: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("'{s}' is not {what} (1 or more)")),
    }
}

pub fn run(args: StreamArgs) -> anyhow::Result<()> {
    let mut options = args.model_flags.options(Format::Jsonl, None)?;
    options.dedupe = args.dedupe;
    let config = options.validate()?;
    let start = std::time::Instant::now();
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let report = stream::process_from(
        stdin.lock(),
        std::io::BufWriter::new(stdout.lock()),
        &config,
        args.max_line_bytes,
        args.first_line,
    )?;
    if !args.quiet {
        say!(
            "{}",
            summary(report.lines, report.errors, start.elapsed().as_secs_f64())
        );
        super::print_left_out(
            &args.model_flags,
            report.left_out_confidence,
            report.left_out_score,
            report.left_out_flagged,
        );
        super::print_duplicates(args.dedupe, report.duplicates);
    }
    Ok(())
}

/// The summary line: the lines read, aligned and answered with an error,
/// and the rate of the lines aligned (an error line, often refused at
/// once, is no work done).
fn summary(lines: usize, errors: usize, secs: f64) -> String {
    let aligned = lines - errors;
    format!(
        "bitext: {}, {aligned} aligned, {}, in {secs:.1} s ({:.1} documents aligned/s)",
        super::plural(lines, "line", "lines"),
        super::plural(errors, "error", "errors"),
        aligned as f64 / secs.max(1e-9)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_summary_rate_counts_only_the_lines_aligned() {
        let line = super::summary(10, 9, 2.0);
        assert!(line.contains("(0.5 documents aligned/s)"), "{line}");
    }
}
