//! `bitext segment`.

use bitext::lang::detect;
use bitext::{
    Lang,
    document::{Document, InputMode},
};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  bitext segment --lang zh corpora/release-2021-05-08/zh.txt
  cat en.txt | bitext segment --lang en - -o en.sent")]
pub struct SegmentArgs {
    /// Text file to split (`-` for standard input).
    file: PathBuf,
    /// Language of the text: zh or en (a tag such as zh-CN works too).
    /// Guessed from the text when left out.
    #[arg(long)]
    lang: Option<String>,
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

pub fn run(args: SegmentArgs) -> anyhow::Result<()> {
    if let Some(out) = &args.output {
        super::check_output(out, &[&args.file], args.force)?;
    }
    let decoded = bitext::read::read_file_as(&args.file, args.encoding)?;
    if let Some(notice) = decoded.notice(&args.file) {
        eprintln!("bitext: {notice}");
    }
    let text = decoded.text;
    let lang: Lang = match &args.lang {
        Some(l) => l.parse()?,
        None => detect(&text),
    };
    let doc = Document::from_text(
        bitext::read::display_path(&args.file),
        text,
        lang,
        InputMode::Raw,
    )?;
    super::emit(args.output.as_deref(), &[&args.file], args.force, |out| {
        let mut para = 0;
        for (i, s) in doc.sentences().iter().enumerate() {
            if s.paragraph != para {
                writeln!(out).map_err(|e| bitext::Error::io("<output>", e))?;
                para = s.paragraph;
            }
            writeln!(out, "{}", doc.sentence_text(i))
                .map_err(|e| bitext::Error::io("<output>", e))?;
        }
        Ok(())
    })
}
