//! Alignment jobs: the whole per-pair pipeline (read, detect the encoding,
//! segment, align, score, filter, write) behind one call.
//!
//! Options are validated into an [`AlignConfig`] before any input is read
//! ([`AlignOptions::validate`]: conflicting flags, the SRX rules and the
//! glossaries are checked first, so a bad option fails without touching an
//! input), and [`run`] then runs one [`AlignJob`] and returns its
//! [`JobReport`]. `bitext align` runs one job, `bitext batch` a parallel map
//! of them, `bitext stream` one per JSON line ([`stream`]); [`manifest`]
//! pairs the files of a batch.
//!
//! ```
//! use bitext::job::{self, AlignConfig, AlignJob, AlignOptions, Destination, Input};
//!
//! let config: AlignConfig = AlignOptions {
//!     format: bitext::format::Format::Tsv,
//!     ..AlignOptions::default()
//! }
//! .validate()?;
//! let job = AlignJob::new(
//!     Input::text("zh", "会议由王毅主持。十五国外长出席会议。"),
//!     Input::text("en", "Wang Yi chaired the meeting. The foreign ministers of 15 countries attended."),
//! );
//! let mut out = Vec::new();
//! let report = job::run(&config, &job, Destination::Writer(&mut out))?;
//! assert_eq!((report.src_sentences, report.tgt_sentences, report.beads), (2, 2, 2));
//! assert!(String::from_utf8(out).unwrap().starts_with("会议由王毅主持。\tWang Yi chaired the meeting."));
//! # Ok::<(), bitext::Error>(())
//! ```

pub mod manifest;
pub mod stream;

use crate::align::{Aligner, CostModel, NullThreshold, ParagraphMode, Search, Signal};
use crate::document::{DEFAULT_MAX_SENTENCE_BYTES, Document, InputMode};
use crate::error::{Error, Result};
use crate::format::tmx::TmxOptions;
use crate::format::{self, Bitext, Format, Record, SinkOptions, WriteReport};
use crate::lang::{Lang, LangTag};
use crate::lexicon::Lexicon;
use crate::quality::{self, QualityOptions, Severity};
use crate::read::{self, TextEncoding};
use crate::segment::Segmenter;
use crate::segment::srx::SrxRules;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The cost model of an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Model {
    /// Lexicon, names, a learned second pass, numbers, Latin tokens,
    /// punctuation, paragraphs and length: the most accurate.
    #[default]
    Full,
    /// Numbers, Latin tokens, punctuation, paragraphs and length only.
    Core,
}

/// The TMX `creationdate` of a job's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CreationDate {
    /// This many seconds since 1970 (`--creation-date`, `SOURCE_DATE_EPOCH`).
    Fixed(u64),
    /// The newer modification time of the two input files (the current
    /// time when neither is a file), so the same files give the same bytes.
    #[default]
    NewestInput,
}

/// The options of an alignment as given (the flags of `bitext align`),
/// before validation. [`AlignOptions::validate`] turns them into an
/// [`AlignConfig`].
#[derive(Debug, Clone)]
pub struct AlignOptions {
    /// Source language tag (`zh-CN` by default).
    pub src_lang: LangTag,
    /// Target language tag (`en-US` by default).
    pub tgt_lang: LangTag,
    /// Inputs hold one segment per line, taken as is.
    pub presegmented: bool,
    /// Segment with this SRX 2.0 file's rules.
    pub srx: Option<PathBuf>,
    /// Output format.
    pub format: Format,
    /// Cost model.
    pub model: Model,
    /// How the aligner searches (exhaustive for short texts, guided for
    /// long ones, by default).
    pub search: Search,
    /// Glossaries added to the embedded lexicon (`Chinese TAB English`).
    pub lexicons: Vec<PathBuf>,
    /// Signals switched off.
    pub disable: Vec<Signal>,
    /// Ignore paragraph boundaries.
    pub no_paragraphs: bool,
    /// TMX: keep beads with an empty side as single-`<tuv>` units.
    pub keep_empty: bool,
    /// TMX creation date.
    pub creation_date: CreationDate,
    /// Encoding of the source input (`None`: UTF-8, UTF-16 with a BOM, or
    /// detected).
    pub src_encoding: Option<TextEncoding>,
    /// Encoding of the target input.
    pub tgt_encoding: Option<TextEncoding>,
    /// Leave out beads whose confidence is below this.
    pub min_confidence: Option<f64>,
    /// Leave out beads whose quality score is below this.
    pub min_score: Option<f64>,
    /// Leave out beads with a flag at least this serious (`Error`: beads
    /// with an error flag; `Warning`: with a warning or an error).
    pub drop_flagged: Option<Severity>,
    /// The null marginals from which a sentence's empty-side bead is
    /// favoured, source and target ([`NullThreshold`]; the full model's
    /// default when `None`). Needs the full model.
    pub null_threshold: Option<NullThreshold>,
    /// Write each pair of texts (source text, target text) once: a later
    /// bead with the same two texts as an earlier one of the document is
    /// left out and counted ([`JobReport::duplicates`]). Not for bead
    /// lists, whose beads are positions.
    pub dedupe: bool,
    /// Terminology glossary for the quality checks (`terminology` flags),
    /// as `audit --glossary` reads it: `Chinese TAB English` a line. It
    /// flags; it does not change the alignment (`lexicons` does).
    pub glossary: Option<PathBuf>,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions {
            src_lang: LangTag::from(Lang::Zh),
            tgt_lang: LangTag::from(Lang::En),
            presegmented: false,
            srx: None,
            format: Format::Tmx,
            model: Model::Full,
            search: Search::Auto,
            lexicons: Vec::new(),
            disable: Vec::new(),
            no_paragraphs: false,
            keep_empty: false,
            creation_date: CreationDate::NewestInput,
            src_encoding: None,
            tgt_encoding: None,
            min_confidence: None,
            min_score: None,
            drop_flagged: None,
            null_threshold: None,
            dedupe: false,
            glossary: None,
        }
    }
}

/// How texts are cut into sentences.
#[derive(Debug, Clone)]
enum Segmentation {
    Builtin(InputMode),
    Srx(SrxRules),
}

/// A validated alignment configuration: the aligner built, the SRX rules
/// and glossaries read, the output format fixed. Shared by every job of a
/// batch (it is `Sync`).
#[derive(Debug, Clone)]
pub struct AlignConfig {
    src_lang: LangTag,
    tgt_lang: LangTag,
    segmentation: Segmentation,
    format: Format,
    aligner: Aligner,
    keep_empty: bool,
    creation_date: CreationDate,
    src_encoding: Option<TextEncoding>,
    tgt_encoding: Option<TextEncoding>,
    min_confidence: Option<f64>,
    min_score: Option<f64>,
    drop_flagged: Option<Severity>,
    dedupe: bool,
    glossary: Option<quality::glossary::Glossary>,
}

impl AlignOptions {
    /// Checks the options and builds the configuration, before any input is
    /// read: the two languages must differ, `--lexicon` and
    /// `--null-threshold` need the full model (`--lexicon` also the lexicon
    /// signal), the thresholds lie in [0, 1] (the null threshold above 0), an SRX
    /// file excludes `presegmented`; the SRX file and the glossaries are
    /// read and parsed here (their errors name the file and line).
    pub fn validate(self) -> Result<AlignConfig> {
        if self.src_lang.lang() == self.tgt_lang.lang() {
            return Err(Error::Options(format!(
                "--src-lang {} and --tgt-lang {} are the same language; bitext aligns Chinese with English",
                self.src_lang, self.tgt_lang
            )));
        }
        if let Some(p) = self.null_threshold {
            p.check()
                .map_err(|e| Error::Options(format!("--null-threshold {e}")))?;
            if self.model == Model::Core {
                return Err(Error::Options("--null-threshold needs --model full".into()));
            }
            if self.disable.contains(&Signal::Lexicon) {
                return Err(Error::Options(
                    "--null-threshold needs the lexicon (it was chosen with lexical evidence); drop --disable lexicon".into(),
                ));
            }
        }
        for (name, x) in [
            ("--min-confidence", self.min_confidence),
            ("--min-score", self.min_score),
        ] {
            if let Some(x) = x
                && !(0.0..=1.0).contains(&x)
            {
                return Err(Error::Options(format!(
                    "{name} {x} is not a number between 0 and 1"
                )));
            }
        }
        if self.dedupe && self.format == Format::Beads {
            return Err(Error::Options(
                "--dedupe leaves out repeated pairs of texts; a bead list keeps every bead (its lines are positions): \
                 write tmx, tsv or jsonl"
                    .into(),
            ));
        }
        if self.srx.is_some() && self.presegmented {
            return Err(Error::Options(
                "--srx and --presegmented exclude each other".into(),
            ));
        }
        if !self.lexicons.is_empty() {
            if self.model == Model::Core {
                return Err(Error::Options("--lexicon needs --model full".into()));
            }
            if self.disable.contains(&Signal::Lexicon) {
                return Err(Error::Options(
                    "--lexicon and --disable lexicon contradict each other".into(),
                ));
            }
        }
        let segmentation = match &self.srx {
            Some(path) => Segmentation::Srx(SrxRules::from_file(path)?),
            None if self.presegmented => Segmentation::Builtin(InputMode::Presegmented),
            None => Segmentation::Builtin(InputMode::Raw),
        };
        let paragraphs = if self.no_paragraphs {
            ParagraphMode::Ignore
        } else {
            ParagraphMode::Auto
        };
        let mut builder = Aligner::builder()
            .paragraphs(paragraphs)
            .search(self.search);
        if self.model == Model::Core {
            builder = builder.cost_model(CostModel::length_only());
        }
        if let Some(p) = self.null_threshold {
            let mut model = CostModel::lexical();
            p.apply(&mut model);
            builder = builder.cost_model(model);
        }
        if !self.lexicons.is_empty() {
            let mut lexicon = Lexicon::embedded().clone();
            for path in &self.lexicons {
                let text = read::read_file(path)?;
                lexicon
                    .add_user_tsv(&text, path)
                    .map_err(|e| explain_lexicon_error(e, &text))?;
            }
            builder = builder.lexicon(lexicon);
        }
        for &signal in &self.disable {
            builder = builder.disable(signal);
        }
        if self.glossary.is_some()
            && self.format == Format::Beads
            && self.min_score.is_none()
            && self.drop_flagged.is_none()
        {
            return Err(Error::Options(
                "--glossary: a bead list carries no flags; write tmx, jsonl or tsv, or add --drop-flagged".into(),
            ));
        }
        let glossary = self
            .glossary
            .as_deref()
            .map(quality::glossary::Glossary::read)
            .transpose()?;
        Ok(AlignConfig {
            src_lang: self.src_lang,
            tgt_lang: self.tgt_lang,
            segmentation,
            format: self.format,
            aligner: builder.build()?,
            keep_empty: self.keep_empty,
            creation_date: self.creation_date,
            src_encoding: self.src_encoding,
            tgt_encoding: self.tgt_encoding,
            min_confidence: self.min_confidence,
            min_score: self.min_score,
            drop_flagged: self.drop_flagged,
            dedupe: self.dedupe,
            glossary,
        })
    }
}

impl AlignConfig {
    /// The output format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The source language tag (jobs may override it).
    pub fn src_lang(&self) -> &LangTag {
        &self.src_lang
    }

    /// The target language tag (jobs may override it).
    pub fn tgt_lang(&self) -> &LangTag {
        &self.tgt_lang
    }

    /// The aligner.
    pub fn aligner(&self) -> &Aligner {
        &self.aligner
    }

    /// The TMX creation date.
    pub fn creation_date(&self) -> CreationDate {
        self.creation_date
    }

    /// Whether the configuration leaves beads out (`--min-confidence`,
    /// `--min-score`, `--drop-flagged`).
    pub fn filters(&self) -> bool {
        self.min_confidence.is_some() || self.min_score.is_some() || self.drop_flagged.is_some()
    }

    /// Whether a later bead with the same texts as an earlier one is left
    /// out ([`AlignOptions::dedupe`]).
    pub fn dedupe(&self) -> bool {
        self.dedupe
    }
}

/// One side of a job.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file to read and decode; `-` is standard input.
    File(PathBuf),
    /// Text already in memory (`bitext stream`), with the name its errors
    /// give. It goes through the same checks as a file's text (no NUL, not
    /// empty).
    Text {
        /// How messages name the text.
        name: PathBuf,
        /// The text.
        text: String,
    },
}

impl Input {
    /// Text in memory named `name` in messages.
    pub fn text(name: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        Input::Text {
            name: name.into(),
            text: text.into(),
        }
    }

    /// The file, if the input is one (not standard input).
    fn file(&self) -> Option<&Path> {
        match self {
            Input::File(p) if p != Path::new("-") => Some(p),
            _ => None,
        }
    }
}

/// One pair of texts to align.
#[derive(Debug, Clone)]
pub struct AlignJob {
    /// The source text.
    pub src: Input,
    /// The target text, its translation.
    pub tgt: Input,
    /// Language tags replacing the configuration's for this job.
    pub langs: Option<(LangTag, LangTag)>,
}

impl AlignJob {
    /// A job with the configuration's languages.
    pub fn new(src: Input, tgt: Input) -> Self {
        AlignJob {
            src,
            tgt,
            langs: None,
        }
    }

    /// The input files (not standard input, not text in memory).
    pub fn files(&self) -> Vec<&Path> {
        self.src.file().into_iter().chain(self.tgt.file()).collect()
    }
}

/// What a job did.
#[derive(Debug, Clone, PartialEq)]
pub struct JobReport {
    /// Messages for the user from reading (the encoding detected), in order.
    pub notices: Vec<String>,
    /// The source language tag.
    pub src_lang: LangTag,
    /// The target language tag.
    pub tgt_lang: LangTag,
    /// Source sentences.
    pub src_sentences: usize,
    /// Target sentences.
    pub tgt_sentences: usize,
    /// Beads of the alignment (before any is left out).
    pub beads: usize,
    /// Beads by shape: (source sentences, target sentences) → count.
    pub shapes: BTreeMap<(usize, usize), usize>,
    /// Beads with confidence < 0.5 (more likely wrong than right).
    pub low_confidence: usize,
    /// How much the two texts look like translations of each other (see
    /// [`crate::align::Alignment::relatedness`]).
    pub relatedness: f64,
    /// Beads left out by `--min-confidence`.
    pub left_out_confidence: usize,
    /// Beads left out by `--min-score` (a bead below both counts for
    /// confidence only).
    pub left_out_score: usize,
    /// Beads left out by `--drop-flagged` (and by neither threshold).
    pub left_out_flagged: usize,
    /// Beads left out by `--dedupe` (kept by the filters, with the same
    /// source and target texts as an earlier bead of the document).
    pub duplicates: usize,
    /// What the writer did (units written, empty-side beads left out of a
    /// TMX, characters XML forbids dropped); `None` until written.
    pub written: Option<WriteReport>,
}

/// A job aligned and scored, not yet written: its records and report.
#[derive(Debug)]
pub struct Aligned {
    records: Vec<Record>,
    sink_options: SinkOptions,
    format: Format,
    report: JobReport,
}

impl Aligned {
    /// The output records: one per bead kept, with score and flags (bead
    /// lists carry neither unless `--min-score` is on).
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// Takes the records out.
    pub fn into_records(self) -> (Vec<Record>, JobReport) {
        (self.records, self.report)
    }

    /// The report so far.
    pub fn report(&self) -> &JobReport {
        &self.report
    }

    /// Writes the records in the configuration's format and returns the
    /// complete report.
    pub fn write(mut self, out: &mut dyn Write) -> Result<JobReport> {
        let written =
            format::write_records(self.format, &self.records, &self.sink_options, vec![out])?;
        self.report.written = Some(written);
        // The records (a few strings and a flag list each) are freed on a
        // core of their own while the caller goes on.
        let records = std::mem::take(&mut self.records);
        rayon::spawn(move || drop(records));
        Ok(self.report)
    }
}

/// Where a job's output goes.
pub enum Destination<'a> {
    /// A file, written atomically (a temporary file renamed over it once
    /// complete; a failed job leaves it as it was).
    File(&'a Path),
    /// A writer (flushed by the caller).
    Writer(&'a mut dyn Write),
}

/// Runs one job: reads and decodes both inputs, segments them, checks that
/// their languages are what the configuration says, aligns, scores, leaves
/// out what the filters say, and writes the output.
///
/// ```
/// use bitext::job::{self, AlignJob, AlignOptions, Destination, Input};
/// let config = AlignOptions { format: bitext::format::Format::Jsonl, ..Default::default() }
///     .validate()?;
/// let job = AlignJob::new(Input::text("zh", "你好。"), Input::text("en", "Hello."));
/// let mut out = Vec::new();
/// let report = job::run(&config, &job, Destination::Writer(&mut out))?;
/// assert_eq!(report.written.unwrap().written, 1);
/// # Ok::<(), bitext::Error>(())
/// ```
pub fn run(config: &AlignConfig, job: &AlignJob, dest: Destination<'_>) -> Result<JobReport> {
    let aligned = align(config, job)?;
    match dest {
        Destination::File(path) => crate::output::write_atomic(path, |out| aligned.write(out)),
        Destination::Writer(out) => aligned.write(out),
    }
}

/// Runs a job up to the output: read, segment, align, score, filter.
pub fn align(config: &AlignConfig, job: &AlignJob) -> Result<Aligned> {
    let (src_lang, tgt_lang) = match &job.langs {
        Some((s, t)) => {
            if s.lang() == t.lang() {
                return Err(Error::Options(format!(
                    "the source language {s} and the target language {t} are the same language; \
                     bitext aligns Chinese with English"
                )));
            }
            (s.clone(), t.clone())
        }
        None => (config.src_lang.clone(), config.tgt_lang.clone()),
    };
    let mut notices = Vec::new();
    let (mut src_notices, mut tgt_notices) = (Vec::new(), Vec::new());
    // The lexicon is parsed (once per process) while the documents are
    // read, the two side by side; the source's error comes first.
    let ((), (src, tgt)) = rayon::join(
        || config.aligner.load_lexicon(),
        || {
            rayon::join(
                || {
                    read_document(
                        config,
                        &job.src,
                        config.src_encoding,
                        &src_lang,
                        &mut src_notices,
                    )
                },
                || {
                    read_document(
                        config,
                        &job.tgt,
                        config.tgt_encoding,
                        &tgt_lang,
                        &mut tgt_notices,
                    )
                },
            )
        },
    );
    let (src, tgt) = (src?, tgt?);
    notices.append(&mut src_notices);
    notices.append(&mut tgt_notices);
    let in_memory = matches!(
        (&job.src, &job.tgt),
        (Input::Text { .. }, Input::Text { .. })
    );
    check_languages(&src, &src_lang, &tgt, &tgt_lang, in_memory)?;
    for (doc, tag, option) in [
        (&src, &src_lang, "--src-lang"),
        (&tgt, &tgt_lang, "--tgt-lang"),
    ] {
        let shown = crate::read::display_path(doc.path());
        if let Some(warning) = crate::lang::not_english_warning(shown, doc.text(), tag) {
            notices.push(format!("warning: {warning}"));
        }
        // Traditional text under zh-CN (the default), simplified under zh-TW.
        if crate::convert::script::script_of_tag(tag.as_str()).is_some() {
            let mut count = crate::convert::script::ScriptCount::default();
            count.add(doc.text());
            let what = format!("{}: the text", shown.display());
            if let Some(warning) = count.notice(tag.as_str(), &what, option) {
                notices.push(format!("warning: {warning}"));
            }
        }
    }
    let alignment = config.aligner.align(&src, &tgt)?;
    let mut shapes: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for b in alignment.beads() {
        *shapes.entry((b.src.len(), b.tgt.len())).or_default() += 1;
    }
    let low_confidence = alignment
        .beads()
        .iter()
        .filter(|b| b.confidence < 0.5)
        .count();
    let bitext = Bitext {
        src: &src,
        tgt: &tgt,
        alignment: &alignment,
    };
    let tmx_opts = TmxOptions {
        src_lang: Some(src_lang.clone()),
        tgt_lang: Some(tgt_lang.clone()),
        keep_empty: config.keep_empty,
        creation_time: if config.format == Format::Tmx {
            creation_time(config.creation_date, &job.files())
        } else {
            0
        },
    };
    let (records, left_out) = scored_records(config, bitext, &tmx_opts)?;
    let sink_options = format::alignment_sink_options(bitext, &tmx_opts, true);
    Ok(Aligned {
        records,
        sink_options,
        format: config.format,
        report: JobReport {
            notices,
            src_sentences: src.len(),
            tgt_sentences: tgt.len(),
            src_lang,
            tgt_lang,
            beads: alignment.beads().len(),
            shapes,
            low_confidence,
            relatedness: alignment.relatedness(),
            left_out_confidence: left_out.0,
            left_out_score: left_out.1,
            left_out_flagged: left_out.2,
            duplicates: left_out.3,
            written: None,
        },
    })
}

/// Reads, decodes and segments one input (with the SRX rules for its
/// language when the configuration has them).
fn read_document(
    config: &AlignConfig,
    input: &Input,
    encoding: Option<TextEncoding>,
    tag: &LangTag,
    notices: &mut Vec<String>,
) -> Result<Document> {
    let (shown, decoded) = match input {
        Input::File(path) => {
            let decoded = read::read_file_as(path, encoding)?;
            if let Some(notice) = decoded.notice(path) {
                notices.push(notice);
            }
            (read::display_path(path).to_path_buf(), decoded.text)
        }
        Input::Text { name, text } => {
            // Valid UTF-8 is taken as it is; what is checked is what a
            // file's text is checked for (NUL characters, no text).
            let decoded = read::decode_as(text.as_bytes(), name, Some(TextEncoding::UTF_8))?;
            (name.clone(), decoded.text)
        }
    };
    match &config.segmentation {
        Segmentation::Srx(rules) => {
            let seg = Segmenter::with_srx(tag.lang(), rules.for_lang(tag.as_str()));
            Document::with_segmenter(shown, decoded, &seg, DEFAULT_MAX_SENTENCE_BYTES)
        }
        Segmentation::Builtin(mode) => Document::from_text(shown, decoded, tag.lang(), *mode),
    }
}

/// Refuses texts whose language contradicts their tag: both texts in the
/// same language (one is the wrong file), or the two swapped. Texts given
/// in memory (`bitext stream`'s records) are not files and their languages
/// are not only the command's options: the advice says so. Two tags of
/// the same language are refused too.
///
/// [`align`] runs it on every job; a program that aligns its own
/// [`Document`]s with an [`Aligner`] can call it first to get the same
/// validation ([`Error::Options`]).
///
/// ```
/// use bitext::{Lang, LangTag, document::{Document, InputMode}, job::check_languages};
/// let zh = Document::from_text("zh.txt", "会议由王毅主持。", Lang::Zh, InputMode::Raw)?;
/// let en = Document::from_text("en.txt", "Wang Yi chaired the meeting.", Lang::En, InputMode::Raw)?;
/// let (zh_tag, en_tag): (LangTag, LangTag) = ("zh".parse()?, "en".parse()?);
/// assert!(check_languages(&zh, &zh_tag, &en, &en_tag, true).is_ok());
/// // Chinese as both source and target: one of the two is the wrong file.
/// assert!(check_languages(&zh, &zh_tag, &zh, &zh_tag, true).is_err());
/// # Ok::<(), bitext::Error>(())
/// ```
pub fn check_languages(
    src: &Document,
    src_tag: &LangTag,
    tgt: &Document,
    tgt_tag: &LangTag,
    in_memory: bool,
) -> Result<()> {
    if src_tag.lang() == tgt_tag.lang() {
        return Err(Error::Options(format!(
            "the source language {src_tag} and the target language {tgt_tag} are the same \
             language; bitext aligns Chinese with English"
        )));
    }
    // Each text's sample is taken once: every test below reads it.
    let (src_sample, tgt_sample) = (sample_of(src), sample_of(tgt));
    let (src_contradicted, tgt_contradicted) = (
        src_sample.contradicts(src_tag.lang()),
        tgt_sample.contradicts(tgt_tag.lang()),
    );
    not_both_one_language(
        (src, src_sample),
        (tgt, tgt_sample),
        src_contradicted || tgt_contradicted,
        in_memory,
    )?;
    // Each side in the other's language: the two were given the wrong way
    // round, which is to be said as such (not as a wrong direction). One
    // side plainly contradicting its tag is enough when the other looks the
    // first side's language: a short text (会议由王毅主持。) has too few
    // Han characters to contradict "en" on its own.
    let name = |l: Lang| if l == Lang::Zh { "Chinese" } else { "English" };
    if (src_contradicted || tgt_contradicted)
        && src_sample.looks() == Some(tgt_tag.lang())
        && tgt_sample.looks() == Some(src_tag.lang())
    {
        let (src_name, tgt_name) = (src.path().display(), tgt.path().display());
        let (looks_src, looks_tgt) = (name(tgt_tag.lang()), name(src_tag.lang()));
        if in_memory {
            return Err(Error::Options(format!(
                "{src_name} looks {looks_src} and {tgt_name} {looks_tgt}, but their languages are \
                 {src_tag} and {tgt_tag} (the record's src_lang and tgt_lang, else the command's \
                 --src-lang and --tgt-lang): the two texts look swapped. The source text comes \
                 first: put the {looks_tgt} text in src, or, if the {looks_src} text is the \
                 source, say so: src_lang {tgt_tag}, tgt_lang {src_tag}"
            )));
        }
        return Err(Error::Options(format!(
            "{src_name} looks {looks_src} and {tgt_name} {looks_tgt}, but --src-lang is {src_tag} \
             and --tgt-lang {tgt_tag}: the two files look swapped. The source text comes first: \
             give {tgt_name} as the source (in a batch, swap the directories or the manifest's \
             columns), or, if the {looks_src} text is the source, say so: --src-lang {tgt_tag} \
             --tgt-lang {src_tag}"
        )));
    }
    for (doc, tag, contradicted, flag, field) in [
        (src, src_tag, src_contradicted, "--src-lang", "src_lang"),
        (tgt, tgt_tag, tgt_contradicted, "--tgt-lang", "tgt_lang"),
    ] {
        if contradicted {
            let other = if tag.lang() == Lang::Zh {
                "English"
            } else {
                "Chinese"
            };
            if in_memory {
                return Err(Error::Options(format!(
                    "{}: the text looks {other}, but its language is {tag} (the record's \
                     {field}, else the command's {flag}); the source text comes first",
                    doc.path().display()
                )));
            }
            return Err(Error::Options(format!(
                "{}: the text looks {other}, but {flag} is {tag}; the source text comes first \
                 (for English to Chinese: --src-lang en-US --tgt-lang zh-CN en.txt zh.txt)",
                doc.path().display()
            )));
        }
    }
    Ok(())
}

/// The sample of a document's text that the language checks read (its
/// first 200,000 characters, [`crate::lang::Sample`]): whether it plainly
/// contradicts a tag ([`crate::lang::contradicts`]), and what it looks
/// ([`crate::lang::detect`]).
fn sample_of(doc: &Document) -> crate::lang::Sample {
    let mut sample = crate::lang::Sample::default();
    sample.add(doc.text());
    sample
}

/// Refuses two texts that look the same language while one of them
/// contradicts its tag (`bitext audit zh.txt copy-of-zh.txt`): one of them
/// is the wrong file (`in_memory`: text), which is what the error says,
/// rather than a direction to change. The first check of
/// [`check_languages`]; `bitext audit`, which gives its own advice for
/// the other cases, shares it.
///
/// ```
/// use bitext::{Lang, LangTag, document::{Document, InputMode}, job::check_not_both_one_language};
/// let text = "联合国安理会7日以视频方式举行高级别会议。";
/// let zh = Document::from_text("zh.txt", text, Lang::Zh, InputMode::Raw)?;
/// let (zh_tag, en_tag): (LangTag, LangTag) = ("zh".parse()?, "en".parse()?);
/// let err = check_not_both_one_language(&zh, &zh_tag, &zh, &en_tag, false).unwrap_err();
/// assert!(err.to_string().contains("both look Chinese"));
/// # Ok::<(), bitext::Error>(())
/// ```
pub fn check_not_both_one_language(
    src: &Document,
    src_tag: &LangTag,
    tgt: &Document,
    tgt_tag: &LangTag,
    in_memory: bool,
) -> Result<()> {
    let (src_sample, tgt_sample) = (sample_of(src), sample_of(tgt));
    let contradicted =
        src_sample.contradicts(src_tag.lang()) || tgt_sample.contradicts(tgt_tag.lang());
    not_both_one_language(
        (src, src_sample),
        (tgt, tgt_sample),
        contradicted,
        in_memory,
    )
}

/// [`check_not_both_one_language`] with each text's sample taken
/// ([`sample_of`]) and whether either contradicts its tag.
fn not_both_one_language(
    (src, src_sample): (&Document, crate::lang::Sample),
    (tgt, tgt_sample): (&Document, crate::lang::Sample),
    contradicted: bool,
    in_memory: bool,
) -> Result<()> {
    if contradicted {
        let (s, t) = (src_sample.detected(), tgt_sample.detected());
        if s == t {
            let name = if s == Lang::Zh { "Chinese" } else { "English" };
            let advice = if in_memory {
                "is one of them the wrong text?"
            } else {
                "is one of them the wrong file?"
            };
            return Err(Error::Options(format!(
                "{} and {} both look {name}; bitext aligns a Chinese text with its English \
                 translation ({advice})",
                src.path().display(),
                tgt.path().display()
            )));
        }
    }
    Ok(())
}

/// The TMX date of a job: fixed, else the newest modification time of its
/// input files, else now.
fn creation_time(date: CreationDate, files: &[&Path]) -> u64 {
    match date {
        CreationDate::Fixed(t) => t,
        CreationDate::NewestInput => newest_mtime(files).unwrap_or_else(now),
    }
}

/// The newest modification time of `files` (seconds since 1970), if any
/// can be read.
pub fn newest_mtime(files: &[&Path]) -> Option<u64> {
    let mtime = |p: &Path| -> Option<u64> {
        let m = std::fs::metadata(p).ok()?.modified().ok()?;
        Some(m.duration_since(UNIX_EPOCH).ok()?.as_secs())
    };
    files.iter().filter_map(|p| mtime(p)).max()
}

/// The current time in seconds since 1970.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// How many beads each filter left out: confidence, score, flags,
/// duplicates (`--dedupe`).
type LeftOut = (usize, usize, usize, usize);

/// The quality options of one document: its languages and the
/// configuration's glossary, shared (a [`quality::Glossary`] clones as a
/// pointer, so a 50,000-term glossary costs nothing a document).
fn quality_options(config: &AlignConfig, src_lang: Lang, tgt_lang: Lang) -> QualityOptions {
    QualityOptions {
        glossary: config.glossary.clone(),
        ..QualityOptions::new(src_lang, tgt_lang)
    }
}

/// The alignment's records with each bead's score and flags (bead lists
/// carry neither, so they are scored only for `--min-score`), less the
/// beads the filters and `--dedupe` leave out, with how many each left out
/// (confidence, score, flags, duplicates). When a filter or `--dedupe` is
/// on, every record keeps its `tuid` (the bead's position), since
/// positions in the output no longer tell.
fn scored_records(
    config: &AlignConfig,
    bitext: Bitext<'_>,
    tmx_opts: &TmxOptions,
) -> Result<(Vec<Record>, LeftOut)> {
    let (src_tag, tgt_tag) = format::alignment_langs(bitext, tmx_opts);
    let mut records = format::alignment_records(bitext, (&src_tag, &tgt_tag))?;
    if config.format != Format::Beads || config.min_score.is_some() || config.drop_flagged.is_some()
    {
        let options = quality_options(config, bitext.src.lang(), bitext.tgt.lang());
        let quality = quality::score_alignment(bitext.src, bitext.tgt, bitext.alignment, &options)?;
        records
            .par_iter_mut()
            .zip(&quality.segments)
            .for_each(|(r, q)| r.set_quality(q));
        // The records hold what is written: the report (a flag list per
        // segment) is freed on a core of its own while they are.
        rayon::spawn(move || drop(quality));
    }
    let mut left_out = (0, 0, 0, 0);
    if !config.filters() && !config.dedupe {
        return Ok((records, left_out));
    }
    let mut seen: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
    // The values as written (scores to four decimals) are what is compared,
    // so that a threshold read off the output keeps exactly the beads shown
    // at or above it.
    let kept = records
        .into_iter()
        .enumerate()
        .filter(|(_, r)| {
            if config
                .min_confidence
                .is_some_and(|min| r.confidence.is_none_or(|c| c < min))
            {
                left_out.0 += 1;
                false
            } else if config
                .min_score
                .is_some_and(|min| r.score.is_none_or(|s| s < min))
            {
                left_out.1 += 1;
                false
            } else if config.drop_flagged.is_some_and(|min| {
                r.flags
                    .iter()
                    .flatten()
                    .any(|f| Severity::from_name(&f.severity).is_some_and(|s| s >= min))
            }) {
                left_out.2 += 1;
                false
            } else if config.dedupe && !seen.insert((r.src.clone(), r.tgt.clone())) {
                left_out.3 += 1;
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

/// A user lexicon's error, explained when the line's first column has no
/// Chinese character (`iPhone<TAB>iPhone`, `GPU<TAB>图形处理器`): the
/// lexicon maps Chinese terms to English, and a Latin term written alike on
/// both sides needs no entry.
fn explain_lexicon_error(e: Error, text: &str) -> Error {
    let Error::BadLexicon {
        path,
        line,
        message,
    } = e
    else {
        return e;
    };
    // Only a line of two terms whose first has no Han character.
    let cols: Vec<&str> = crate::read::lines(text)
        .into_iter()
        .find(|l| l.number == line)
        .map(|l| text[l.span].split('\t').map(str::trim).collect())
        .unwrap_or_default();
    let first = match cols[..] {
        [zh, en] if !zh.is_empty() && !en.is_empty() => zh,
        _ => "",
    };
    let message = if !first.is_empty() && !first.chars().any(crate::normalize::is_han) {
        format!(
            "'{}' has no Chinese character: the lexicon maps a Chinese term (first column) \
             to English (second column); a Latin term written alike on both sides \
             ('iPhone', 'GPU') needs no entry, the Latin tokens the two sides share are \
             matched already; an English term first is a swapped line",
            crate::report::clip(first, 40)
        )
    } else {
        message
    };
    Error::BadLexicon {
        path,
        line,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh_en() -> AlignJob {
        AlignJob::new(
            Input::text("zh", "王毅主持会议。15国外长出席会议。"),
            Input::text(
                "en",
                "Wang Yi chaired the meeting. Foreign ministers of 15 countries attended.",
            ),
        )
    }

    #[test]
    fn bad_options_fail_before_any_input_is_read() {
        let bad = [
            AlignOptions {
                tgt_lang: "zh-TW".parse().unwrap(),
                ..AlignOptions::default()
            },
            AlignOptions {
                model: Model::Core,
                lexicons: vec!["/nonexistent/glossary.tsv".into()],
                ..AlignOptions::default()
            },
            AlignOptions {
                lexicons: vec!["g.tsv".into()],
                disable: vec![Signal::Lexicon],
                ..AlignOptions::default()
            },
            AlignOptions {
                min_score: Some(1.5),
                ..AlignOptions::default()
            },
            AlignOptions {
                presegmented: true,
                srx: Some("rules.srx".into()),
                ..AlignOptions::default()
            },
        ];
        for options in bad {
            let err = options.clone().validate().unwrap_err();
            assert!(matches!(err, Error::Options(_)), "{options:?}: {err}");
            assert!(err.is_user_error());
        }
        // A glossary or SRX file that cannot be read names the file.
        let err = AlignOptions {
            srx: Some("/nonexistent/rules.srx".into()),
            ..AlignOptions::default()
        }
        .validate()
        .unwrap_err();
        assert!(err.to_string().contains("/nonexistent/rules.srx"), "{err}");
    }

    #[test]
    fn every_document_shares_the_configurations_glossary() {
        // Each document's quality options hold the configuration's parsed
        // glossary, not a copy of it: the terms are the same allocation.
        let path =
            std::env::temp_dir().join(format!("bitext-job-glossary-{}.tsv", std::process::id()));
        std::fs::write(
            &path,
            "安理会\tSecurity Council\n多边主义\tmultilateralism\n",
        )
        .unwrap();
        let config = AlignOptions {
            format: Format::Jsonl,
            glossary: Some(path.clone()),
            ..AlignOptions::default()
        }
        .validate()
        .unwrap();
        std::fs::remove_file(&path).unwrap();
        let shared = config.glossary.as_ref().unwrap().terms();
        assert_eq!(shared.len(), 2);
        for _ in 0..3 {
            let options = quality_options(&config, Lang::Zh, Lang::En);
            let terms = options.glossary.as_ref().unwrap().terms();
            assert_eq!(terms, shared);
            assert!(std::ptr::eq(terms, shared), "the glossary was copied");
        }
    }

    #[test]
    fn a_job_reports_what_it_did() {
        let config = AlignOptions {
            format: Format::Jsonl,
            min_confidence: Some(0.0),
            ..AlignOptions::default()
        }
        .validate()
        .unwrap();
        let aligned = align(&config, &zh_en()).unwrap();
        assert_eq!(aligned.records().len(), 2);
        assert!(aligned.records().iter().all(|r| r.score.is_some()));
        // A filter keeps each bead's position as its tuid.
        assert_eq!(aligned.records()[1].tuid.as_deref(), Some("2"));
        let mut out = Vec::new();
        let report = aligned.write(&mut out).unwrap();
        assert_eq!(report.shapes, BTreeMap::from([((1, 1), 2)]));
        assert_eq!(report.left_out_confidence, 0);
        assert_eq!(report.written.unwrap().written, 2);
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
    }

    #[test]
    fn text_inputs_get_the_checks_of_files() {
        let config = AlignOptions::default().validate().unwrap();
        for (src, what) in [
            ("", "has no text"),
            (" \n", "has no text"),
            ("你\0好", "NUL"),
        ] {
            let job = AlignJob::new(Input::text("doc 7 src", src), Input::text("t", "Hello."));
            let err = align(&config, &job).unwrap_err().to_string();
            assert!(
                err.starts_with("doc 7 src: ") && err.contains(what),
                "{err}"
            );
        }
        // Swapped languages are refused, with the job's own tags.
        let mut job = zh_en();
        job.langs = Some(("en".parse().unwrap(), "zh".parse().unwrap()));
        let err = align(&config, &job).unwrap_err().to_string();
        assert!(err.contains("the two texts look swapped"), "{err}");
        job.langs = Some(("en".parse().unwrap(), "en-GB".parse().unwrap()));
        let err = align(&config, &job).unwrap_err().to_string();
        assert!(err.contains("same language"), "{err}");
    }

    #[test]
    fn check_languages_refuses_one_language_twice_for_library_users() {
        let zh =
            Document::from_text("zh.txt", "会议由王毅主持。", Lang::Zh, InputMode::Raw).unwrap();
        let en = Document::from_text(
            "en.txt",
            "The meeting was chaired by Wang Yi.",
            Lang::En,
            InputMode::Raw,
        )
        .unwrap();
        let tag = |t: &str| -> LangTag { t.parse().unwrap() };
        assert!(check_languages(&zh, &tag("zh"), &en, &tag("en"), true).is_ok());
        let err = check_languages(&zh, &tag("zh"), &zh, &tag("zh-TW"), true).unwrap_err();
        assert!(err.to_string().contains("same language"), "{err}");
        let err = check_languages(&en, &tag("en"), &en, &tag("en-GB"), false).unwrap_err();
        assert!(matches!(err, Error::Options(_)), "{err:?}");
    }
}
