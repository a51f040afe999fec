//! Subcommands: argument structs (clap) and one `run` each.

mod align;
mod eval;
mod segment;

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::Path;

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
  bitext segment --lang zh zh.txt
  bitext eval --gold gold.align --auto auto.align

Exit status: 0 success, 1 bad input or usage, 2 internal error.";

#[derive(Debug, Subcommand)]
enum Command {
    /// Align a source text with its translation and write the aligned pairs.
    Align(align::AlignArgs),
    /// Split a text into sentences: one a line, a blank line between paragraphs.
    Segment(segment::SegmentArgs),
    /// Score an alignment against a gold alignment (strict precision, recall, F1).
    Eval(eval::EvalArgs),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Align(args) => align::run(args),
        Command::Segment(args) => segment::run(args),
        Command::Eval(args) => eval::run(args),
    }
}

/// A mistake in how bitext was called (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Exit code for an error: 1 for bad input or usage, 2 for internal errors.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.downcast_ref::<UsageError>().is_some() {
        return 1;
    }
    match err.downcast_ref::<bitext::Error>() {
        Some(e) if e.is_user_error() => 1,
        Some(_) => 2,
        None => 2,
    }
}

/// Writes to `-o FILE` atomically, or to standard output. Refuses to write
/// over one of the inputs.
pub fn emit<T>(
    output: Option<&Path>,
    inputs: &[&Path],
    fill: impl FnOnce(&mut dyn Write) -> bitext::Result<T>,
) -> anyhow::Result<T> {
    match output {
        Some(path) if path != Path::new("-") => {
            for input in inputs {
                if same_file(path, input) {
                    return Err(UsageError(format!(
                        "{}: the output would overwrite an input file",
                        path.display()
                    ))
                    .into());
                }
            }
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

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
