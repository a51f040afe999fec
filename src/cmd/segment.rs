//! `bitext segment`.

use bitext::lang::{LangTag, contradicts, detect};
use bitext::segment::Segmenter;
use bitext::segment::srx::SrxRules;
use bitext::{Lang, document::Document};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Output formats of `bitext segment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SegmentFormat {
    /// One sentence a line, a blank line between paragraphs.
    Lines,
    /// One JSON object a sentence: text, byte offsets, paragraph, line.
    Jsonl,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  bitext segment --lang zh corpora/release-2021-05-08/zh.txt
  cat en.txt | bitext segment --lang en - -o en.sent
  bitext segment --lang en-US --format jsonl en.txt
  bitext segment --lang zh-CN --srx data/omegat-zh-en.srx zh.txt
  bitext segment --write-rules my-project/omegat           # OmegaT's rules, no source tree needed
  bitext segment --write-rules my-project/omegat --force   # overwrite an older copy

--write-rules DIR writes the segmentation rules bitext ships for CAT tools
into DIR: omegat-zh-en.srx (SRX 2.0: OmegaT, Okapi, memoQ …, and bitext's own
--srx) and segmentation.conf (the same rules as OmegaT 3.6 reads them: a
project's own rules are its omegat/segmentation.conf, so DIR is the project's
omegat/ folder, as above; reopen the project in OmegaT). With these rules
OmegaT cuts a text as bitext does (bitext align --srx
my-project/omegat/omegat-zh-en.srx …), so it finds bitext's TMX units as exact
matches.

JSON Lines: one object a sentence, {\"text\", \"start\", \"end\", \"paragraph\", \"line\"};
start and end are byte offsets into the decoded UTF-8 text (the input file
itself when it is UTF-8 without a byte-order mark), so text == input[start..end].")]
pub struct SegmentArgs {
    /// Text file to split (`-` for standard input).
    #[arg(required_unless_present = "write_rules")]
    file: Option<PathBuf>,
    /// Write the shipped CAT-tool rules (omegat-zh-en.srx and OmegaT's
    /// segmentation.conf) into this directory (an OmegaT project's omegat/
    /// folder) instead of splitting a text. Existing files are refused
    /// without --force.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["file", "lang", "srx", "format", "output", "encoding"])]
    write_rules: Option<PathBuf>,
    /// Language of the text: zh or en (a tag such as zh-CN works too; with
    /// --srx the tag selects the SRX language rules). Guessed from the text
    /// when left out.
    #[arg(long)]
    lang: Option<LangTag>,
    /// Segment with the rules of this SRX 2.0 file (as a CAT tool such as
    /// OmegaT, Okapi or memoQ would) instead of bitext's built-in rules.
    #[arg(long, value_name = "FILE")]
    srx: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SegmentFormat::Lines)]
    format: SegmentFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Overwrite OUT if it exists.
    #[arg(long)]
    force: bool,
    /// Character encoding of FILE: gb18030, big5, windows-1252, utf-16le …
    /// [default: UTF-8 or UTF-16 with a BOM, else detected and reported].
    #[arg(long, value_name = "NAME")]
    encoding: Option<bitext::read::TextEncoding>,
}

/// The SRX 2.0 rule file shipped for CAT tools (`data/omegat-zh-en.srx`).
pub const SHIPPED_SRX: &str = include_str!("../../data/omegat-zh-en.srx");
/// The same rules as OmegaT 3.6's project segmentation file
/// (`data/omegat-segmentation.conf`).
pub const SHIPPED_OMEGAT_CONF: &str = include_str!("../../data/omegat-segmentation.conf");
/// The name `--write-rules` gives [`SHIPPED_OMEGAT_CONF`]: the one OmegaT
/// reads a project's own rules from (`PROJECT/omegat/segmentation.conf`).
pub const OMEGAT_CONF_NAME: &str = "segmentation.conf";

/// Writes the shipped rule files into `dir`: both or neither (an existing
/// file without `force`, or a missing directory, is refused before anything
/// is written), each atomically.
fn write_rules(dir: &std::path::Path, force: bool) -> anyhow::Result<()> {
    if !dir.is_dir() {
        return Err(super::UsageError(format!(
            "{}: not a directory; --write-rules needs an existing directory",
            dir.display()
        ))
        .into());
    }
    let files = [
        ("omegat-zh-en.srx", SHIPPED_SRX),
        (OMEGAT_CONF_NAME, SHIPPED_OMEGAT_CONF),
    ];
    for (name, _) in files {
        super::check_output(&dir.join(name), &[], force)?;
    }
    let mut pending = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        let mut file = bitext::output::AtomicFile::create(&path)?;
        file.writer()
            .write_all(text.as_bytes())
            .map_err(|e| bitext::Error::io(&path, e))?;
        pending.push(file);
    }
    for file in pending {
        file.commit()?;
    }
    for (name, _) in files {
        say!("bitext: wrote {}", dir.join(name).display());
    }
    Ok(())
}

pub fn run(args: SegmentArgs) -> anyhow::Result<()> {
    if let Some(dir) = &args.write_rules {
        return write_rules(dir, args.force);
    }
    let Some(file) = args.file.as_deref() else {
        return Err(
            super::UsageError("name a text file to split (or --write-rules DIR)".into()).into(),
        );
    };
    if let Some(out) = &args.output {
        let mut inputs = vec![file];
        if let Some(srx) = &args.srx {
            inputs.push(srx);
        }
        super::check_output(out, &inputs, args.force)?;
    }
    // The rule file first: a bad rule file is reported before any reading.
    let srx = args.srx.as_deref().map(SrxRules::from_file).transpose()?;
    let decoded = bitext::read::read_file_as(file, args.encoding)?;
    if let Some(notice) = decoded.notice(file) {
        say!("bitext: {notice}");
    }
    let text = decoded.text;
    let tag: LangTag = match &args.lang {
        Some(t) => {
            if contradicts(&text, t.lang()) {
                let (said, looks, fix) = match t.lang() {
                    Lang::Zh => ("Chinese", "English", "en"),
                    Lang::En => ("English", "Chinese", "zh"),
                };
                say!(
                    "bitext: warning: {}: --lang {t} says {said}, but the text looks {looks}; \
                     it is split by the {said} rules (use --lang {fix} if it is {looks})",
                    bitext::read::display_path(file).display()
                );
            }
            t.clone()
        }
        None => detect(&text).into(),
    };
    let segmenter = match &srx {
        Some(rules) => {
            let lang_rules = rules.for_lang(tag.as_str());
            if lang_rules.is_empty() {
                say!(
                    "bitext: warning: {}: no language rules for {tag}: every line is one segment",
                    rules.path.display()
                );
            }
            Segmenter::with_srx(tag.lang(), lang_rules)
        }
        None => Segmenter::new(tag.lang()),
    };
    let doc = Document::with_segmenter(
        bitext::read::display_path(file),
        text,
        &segmenter,
        bitext::document::DEFAULT_MAX_SENTENCE_BYTES,
    )?;
    let io = |e| bitext::Error::io("<output>", e);
    super::emit(args.output.as_deref(), &[file], args.force, |out| {
        let mut para = 0;
        for (i, s) in doc.sentences().iter().enumerate() {
            match args.format {
                SegmentFormat::Lines => {
                    if s.paragraph != para {
                        writeln!(out).map_err(io)?;
                        para = s.paragraph;
                    }
                    writeln!(out, "{}", doc.sentence_text(i)).map_err(io)?;
                }
                SegmentFormat::Jsonl => {
                    let v = serde_json::json!({
                        "text": doc.sentence_text(i),
                        "start": s.span.start,
                        "end": s.span.end,
                        "paragraph": s.paragraph,
                        "line": s.line,
                    });
                    writeln!(out, "{v}").map_err(io)?;
                }
            }
        }
        Ok(())
    })
}
