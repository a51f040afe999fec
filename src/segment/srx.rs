//! SRX 2.0 segmentation rule files (the rules CAT tools bring: Okapi,
//! OmegaT, memoQ, Trados, Memsource).
//!
//! An SRX file holds named *language rules*, each an ordered list of break
//! and no-break rules, and *map rules* that select language rules by a
//! regular expression on the language tag. A rule has a `beforebreak` and an
//! `afterbreak` pattern; it applies at a position of the text where the
//! before pattern ends and the after pattern begins. At each position the
//! first rule (in order) that applies decides: break or no break. With
//! `cascade="yes"` in the header the rules of every map rule matching the
//! language apply, in order; with `cascade="no"` only the first matching map
//! rule's.
//!
//! Positions are found as OmegaT 3.6 and Okapi find them: the before pattern
//! is searched through the paragraph (successive non-overlapping matches);
//! each match end is a candidate, kept when a match of the after pattern (in
//! its own successive, non-overlapping search) starts exactly there. Paragraphs
//! are lines, as in bitext's built-in rules and OmegaT's plain-text filter.
//! The header's `formathandle` elements concern inline codes, which plain text
//! has none of; segments are always trimmed of surrounding whitespace.
//!
//! Patterns are ICU/Java regular expressions. They are translated to the
//! syntax of [`fancy_regex`] (which adds look-around and back-references to
//! the `regex` crate): Java's ASCII meanings of `\w`, `\s`, `\d` (and their
//! negations) and of the POSIX classes `\p{Alpha}` …, `\uXXXX` escapes,
//! `\Q…\E` quoting, `\p{IsLatin}`/`\p{javaLowerCase}` style properties.
//! `\v`, `\R`, `\Z`, `\e`, `\a` are rewritten; constructs without an equivalent
//! (Unicode blocks `\p{InGreek}`, `\G`, `\X`, the `(?U)` flag, …) are refused
//! with an error naming the rule.
//!
//! ```
//! use bitext::segment::srx::SrxRules;
//! let srx = r#"<srx xmlns="http://www.lisa.org/srx20" version="2.0">
//!   <header cascade="no"/>
//!   <body><languagerules><languagerule languagerulename="en">
//!     <rule break="no"><beforebreak>\bDr\.</beforebreak><afterbreak>\s</afterbreak></rule>
//!     <rule><beforebreak>[.?!]+</beforebreak><afterbreak>\s+\p{Lu}</afterbreak></rule>
//!   </languagerule></languagerules>
//!   <maprules><languagemap languagepattern="en.*" languagerulename="en"/></maprules>
//!   </body></srx>"#;
//! let rules = SrxRules::parse(srx, "rules.srx".as_ref()).unwrap();
//! let en = rules.for_lang("en-US");
//! assert_eq!(en.breaks("Dr. Who is here. He waves."), [16]);
//! ```

use crate::error::{Error, Result};
use fancy_regex::{Regex, RegexBuilder};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Largest SRX file accepted (bytes). Real rule files are below 300 KB.
pub const MAX_FILE_BYTES: usize = 16 << 20;
/// Most rules accepted in one file.
pub const MAX_RULES: usize = 20_000;
/// Longest pattern accepted (bytes).
pub const MAX_PATTERN_BYTES: usize = 8 << 10;
/// Size limit of one compiled pattern (bytes, the `regex` crate's measure).
const COMPILED_SIZE_LIMIT: usize = 1 << 20;
/// Backtracking steps allowed per search for patterns that need
/// backtracking (look-around, back-references); past it the rule does not
/// apply at that position.
const BACKTRACK_LIMIT: usize = 100_000;

/// One break or no-break rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// `true` for a break rule, `false` for an exception (no break).
    pub is_break: bool,
    /// The `beforebreak` pattern as written in the file (empty when absent).
    pub before: String,
    /// The `afterbreak` pattern as written in the file (empty when absent).
    pub after: String,
    /// 1-based line of the `<rule>` element in the file.
    pub line: usize,
    before_re: Option<Regex>,
    after_re: Option<Regex>,
}

/// A named list of rules (`<languagerule>`).
#[derive(Debug, Clone)]
pub struct LanguageRule {
    /// The `languagerulename`.
    pub name: String,
    /// The rules, in order.
    pub rules: Vec<Arc<Rule>>,
}

/// A `<languagemap>`: language tags matching `pattern` use `rule_name`.
#[derive(Debug, Clone)]
pub struct MapRule {
    /// The `languagepattern` as written.
    pub pattern: String,
    /// The `languagerulename` it selects.
    pub rule_name: String,
    re: Regex,
}

/// A parsed SRX 2.0 file.
#[derive(Debug, Clone)]
pub struct SrxRules {
    /// The file it came from (for messages).
    pub path: PathBuf,
    /// The header's `cascade` option.
    pub cascade: bool,
    /// The language rules, in file order.
    pub language_rules: Vec<LanguageRule>,
    /// The map rules, in file order.
    pub map_rules: Vec<MapRule>,
}

/// The rules that apply to one language, in order: what the segmenter runs.
#[derive(Debug, Clone, Default)]
pub struct LangRules {
    rules: Vec<Arc<Rule>>,
    /// Names of the language rules selected, in order.
    pub names: Vec<String>,
}

impl SrxRules {
    /// Reads and parses an SRX file.
    pub fn from_file(path: &Path) -> Result<Self> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.len() > MAX_FILE_BYTES as u64 {
            return Err(srx_err(
                path,
                1,
                format!(
                    "the file has {} bytes; an SRX file may have at most {MAX_FILE_BYTES}",
                    meta.len()
                ),
            ));
        }
        let text = crate::read::read_file(path)?;
        Self::parse(&text, path)
    }

    /// Parses SRX text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        if text.len() > MAX_FILE_BYTES {
            return Err(srx_err(
                path,
                1,
                format!("more than {MAX_FILE_BYTES} bytes"),
            ));
        }
        Parser {
            text,
            path,
            reader: Reader::from_str(text),
            cache: HashMap::new(),
            line_cache: std::cell::Cell::new((0, 1)),
        }
        .parse()
    }

    /// The rules for a language tag (`zh-CN`, `en`): those of the first map
    /// rule whose pattern matches the whole tag (case-insensitively), or of
    /// every matching map rule in order when the header says `cascade="yes"`.
    /// No matching map rule gives no rules (a paragraph is one segment).
    pub fn for_lang(&self, tag: &str) -> LangRules {
        let mut out = LangRules::default();
        for map in &self.map_rules {
            if !matches!(map.re.is_match(tag), Ok(true)) {
                continue;
            }
            if let Some(lr) = self
                .language_rules
                .iter()
                .find(|lr| lr.name == map.rule_name)
            {
                out.rules.extend(lr.rules.iter().cloned());
                out.names.push(lr.name.clone());
            }
            if !self.cascade {
                break;
            }
        }
        out
    }

    /// The rules as OmegaT 3.6 stores a project's segmentation
    /// (`omegat/segmentation.conf`, a `java.beans.XMLEncoder` document): put
    /// this file in a project's `omegat/` folder and OmegaT segments with
    /// these rules. OmegaT always cascades, so with `cascade="no"` only the
    /// language rules of the first matching map rule of each language can
    /// agree; write one map rule per language for such files.
    pub fn to_omegat_conf(&self) -> String {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<java version=\"17\" class=\"java.beans.XMLDecoder\">\n <object class=\"org.omegat.core.segmentation.SRX\">\n  <void property=\"mappingRules\">\n",
        );
        for map in &self.map_rules {
            let Some(lr) = self
                .language_rules
                .iter()
                .find(|lr| lr.name == map.rule_name)
            else {
                continue;
            };
            out.push_str("   <void method=\"add\">\n    <object class=\"org.omegat.core.segmentation.MapRule\">\n");
            out.push_str(&format!(
                "     <void property=\"language\"><string>{}</string></void>\n     <void property=\"pattern\"><string>{}</string></void>\n     <void property=\"rules\">\n      <object class=\"java.util.ArrayList\">\n",
                xml_escape(&lr.name),
                xml_escape(&map.pattern)
            ));
            for rule in &lr.rules {
                out.push_str("       <void method=\"add\">\n        <object class=\"org.omegat.core.segmentation.Rule\">\n");
                out.push_str(&format!(
                    "         <void property=\"afterbreak\"><string>{}</string></void>\n         <void property=\"beforebreak\"><string>{}</string></void>\n         <void property=\"breakRule\"><boolean>{}</boolean></void>\n",
                    xml_escape(&rule.after),
                    xml_escape(&rule.before),
                    rule.is_break
                ));
                out.push_str("        </object>\n       </void>\n");
            }
            out.push_str("      </object>\n     </void>\n    </object>\n   </void>\n");
        }
        out.push_str("  </void>\n  <void property=\"segmentSubflows\"><boolean>true</boolean></void>\n  <void property=\"version\"><string>0.2.2</string></void>\n </object>\n</java>\n");
        out
    }
}

impl LangRules {
    /// Whether no rule applies (every paragraph is one segment).
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The byte offsets in `para` where a segment ends, ascending, without 0
    /// and `para.len()`.
    pub fn breaks(&self, para: &str) -> Vec<usize> {
        // decided[pos]: the first rule (in order) that applies at pos decides.
        let mut decided: Vec<Option<bool>> = vec![None; para.len() + 1];
        for rule in &self.rules {
            for pos in rule.positions(para) {
                if decided[pos].is_none() {
                    decided[pos] = Some(rule.is_break);
                }
            }
        }
        (1..para.len())
            .filter(|&p| decided[p] == Some(true))
            .collect()
    }
}

impl Rule {
    /// Positions where this rule applies, OmegaT's way: successive matches
    /// of the before pattern; each end kept when a successive match of the
    /// after pattern starts there.
    fn positions(&self, text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut after = self.after_re.as_ref().map(|re| Matches::new(re, text));
        if let Some(a) = &mut after
            && a.current.is_none()
        {
            return out; // the after pattern matches nowhere
        }
        let before_ends: Vec<usize> = match &self.before_re {
            Some(re) => {
                let mut m = Matches::new(re, text);
                let mut ends = Vec::new();
                while let Some((_, end)) = m.current {
                    ends.push(end);
                    m.advance();
                }
                ends
            }
            // No before pattern: OmegaT uses "." (after every character).
            None => text.char_indices().map(|(i, c)| i + c.len_utf8()).collect(),
        };
        for pos in before_ends {
            match &mut after {
                None => out.push(pos),
                Some(a) => {
                    while let Some((start, _)) = a.current {
                        if start >= pos {
                            break;
                        }
                        a.advance();
                    }
                    match a.current {
                        None => return out,
                        Some((start, _)) if start == pos => out.push(pos),
                        Some(_) => {}
                    }
                }
            }
        }
        out
    }
}

/// Successive non-overlapping matches of a pattern, as Java's
/// `Matcher.find()` gives them (an empty match moves the search on by one
/// character). A search that exceeds the backtracking limit ends the
/// sequence.
struct Matches<'a> {
    re: &'a Regex,
    text: &'a str,
    current: Option<(usize, usize)>,
}

impl<'a> Matches<'a> {
    fn new(re: &'a Regex, text: &'a str) -> Self {
        let current = find(re, text, 0);
        Matches { re, text, current }
    }

    fn advance(&mut self) {
        let Some((start, end)) = self.current else {
            return;
        };
        let from = if end > start {
            end
        } else {
            match self.text[end..].chars().next() {
                Some(c) => end + c.len_utf8(),
                None => {
                    self.current = None;
                    return;
                }
            }
        };
        self.current = find(self.re, self.text, from);
    }
}

fn find(re: &Regex, text: &str, from: usize) -> Option<(usize, usize)> {
    if from > text.len() {
        return None;
    }
    match re.find_from_pos(text, from) {
        Ok(Some(m)) => Some((m.start(), m.end())),
        _ => None,
    }
}

fn srx_err(path: &Path, line: usize, message: String) -> Error {
    Error::Srx {
        path: path.to_path_buf(),
        line,
        message,
    }
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Which pattern of a rule a text belongs to.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    None,
    Before,
    After,
}

struct Parser<'a> {
    text: &'a str,
    path: &'a Path,
    reader: Reader<&'a [u8]>,
    /// Compiled patterns by translated text: rule files repeat patterns.
    cache: HashMap<String, Regex>,
    /// (byte position, line) of the last line asked for.
    line_cache: std::cell::Cell<(usize, usize)>,
}

impl Parser<'_> {
    /// The 1-based line of the reader's position. Positions only grow, so
    /// newlines are counted from the last position asked (linear in all).
    fn line(&self) -> usize {
        let pos = (self.reader.buffer_position() as usize).min(self.text.len());
        let (last_pos, last_line) = self.line_cache.get();
        let (from, base) = if pos >= last_pos {
            (last_pos, last_line)
        } else {
            (0, 1)
        };
        let line = base
            + self.text.as_bytes()[from..pos]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        self.line_cache.set((pos, line));
        line
    }

    fn err(&self, message: impl Into<String>) -> Error {
        srx_err(self.path, self.line(), message.into())
    }

    fn attr(&self, e: &BytesStart, name: &str) -> Result<Option<String>> {
        for a in e.attributes().with_checks(false) {
            let a = a.map_err(|err| self.err(format!("malformed attribute: {err}")))?;
            if a.key.local_name().as_ref() == name.as_bytes() {
                let v = a
                    .unescape_value()
                    .map_err(|err| self.err(format!("attribute {name}: {err}")))?;
                return Ok(Some(v.into_owned()));
            }
        }
        Ok(None)
    }

    fn parse(mut self) -> Result<SrxRules> {
        let mut cascade = false;
        let mut saw_root = false;
        let mut language_rules: Vec<LanguageRule> = Vec::new();
        let mut map_rules: Vec<MapRule> = Vec::new();
        let mut current_lr: Option<LanguageRule> = None;
        // The rule being read: (break, line, before, after, seen before, seen after).
        let mut rule: Option<(bool, usize, String, String, bool, bool)> = None;
        let mut field = Field::None;
        let mut depth = 0usize;
        let mut total_rules = 0usize;
        loop {
            let ev = self
                .reader
                .read_event()
                .map_err(|e| self.err(format!("malformed XML: {e}")))?;
            match ev {
                Event::Eof => break,
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    if !empty {
                        depth += 1;
                        if depth > 64 {
                            return Err(self.err("elements nested more than 64 deep"));
                        }
                    }
                    let name = e.local_name();
                    let name = name.as_ref();
                    if !saw_root {
                        if name != b"srx" {
                            return Err(self.err(format!(
                                "not an SRX file: the root element is <{}>, not <srx>",
                                String::from_utf8_lossy(name)
                            )));
                        }
                        saw_root = true;
                        if let Some(v) = self.attr(e, "version")?
                            && !v.starts_with('2')
                            && !v.starts_with('1')
                        {
                            return Err(self.err(format!(
                                "SRX version {v:?}: bitext reads SRX 2.0 (and 1.0)"
                            )));
                        }
                        continue;
                    }
                    match name {
                        b"header" => {
                            cascade = self.yes_no(e, "cascade", false)?;
                        }
                        b"languagerule" => {
                            if current_lr.is_some() {
                                return Err(self.err("<languagerule> inside <languagerule>"));
                            }
                            let name = self.attr(e, "languagerulename")?.ok_or_else(|| {
                                self.err("<languagerule> without languagerulename")
                            })?;
                            let lr = LanguageRule {
                                name,
                                rules: Vec::new(),
                            };
                            if empty {
                                language_rules.push(lr);
                            } else {
                                current_lr = Some(lr);
                            }
                        }
                        b"rule" => {
                            if current_lr.is_none() {
                                return Err(self.err("<rule> outside a <languagerule>"));
                            }
                            total_rules += 1;
                            if total_rules > MAX_RULES {
                                return Err(
                                    self.err(format!("more than {MAX_RULES} rules in the file"))
                                );
                            }
                            let is_break = self.yes_no(e, "break", true)?;
                            let r = (
                                is_break,
                                self.line(),
                                String::new(),
                                String::new(),
                                false,
                                false,
                            );
                            if empty {
                                let rule = self.finish_rule(r)?;
                                current_lr.as_mut().expect("checked").rules.push(rule);
                            } else {
                                rule = Some(r);
                            }
                        }
                        b"beforebreak" | b"afterbreak" => {
                            let Some(r) = rule.as_mut() else {
                                return Err(self.err(format!(
                                    "<{}> outside a <rule>",
                                    String::from_utf8_lossy(name)
                                )));
                            };
                            if name == b"beforebreak" {
                                r.4 = true;
                                field = if empty { Field::None } else { Field::Before };
                            } else {
                                r.5 = true;
                                field = if empty { Field::None } else { Field::After };
                            }
                        }
                        b"languagemap" => {
                            let pattern = self
                                .attr(e, "languagepattern")?
                                .ok_or_else(|| self.err("<languagemap> without languagepattern"))?;
                            let rule_name = self.attr(e, "languagerulename")?.ok_or_else(|| {
                                self.err("<languagemap> without languagerulename")
                            })?;
                            let translated = translate(&pattern).map_err(|m| {
                                self.err(format!("languagemap pattern \"{pattern}\": {m}"))
                            })?;
                            let re = compile(&format!("(?i)^(?:{translated})$")).map_err(|m| {
                                self.err(format!("languagemap pattern \"{pattern}\": {m}"))
                            })?;
                            map_rules.push(MapRule {
                                pattern,
                                rule_name,
                                re,
                            });
                        }
                        _ => {}
                    }
                }
                Event::End(ref e) => {
                    depth = depth.saturating_sub(1);
                    match e.local_name().as_ref() {
                        b"beforebreak" | b"afterbreak" => field = Field::None,
                        b"rule" => {
                            if let Some(r) = rule.take() {
                                let r = self.finish_rule(r)?;
                                if let Some(lr) = current_lr.as_mut() {
                                    lr.rules.push(r);
                                }
                            }
                        }
                        b"languagerule" => {
                            if let Some(lr) = current_lr.take() {
                                language_rules.push(lr);
                            }
                        }
                        _ => {}
                    }
                }
                Event::Text(ref t) if field != Field::None => {
                    let s = t
                        .unescape()
                        .map_err(|e| self.err(format!("bad text: {e}")))?;
                    self.push_text(&mut rule, field, &s)?;
                }
                Event::CData(ref t) if field != Field::None => {
                    let s = std::str::from_utf8(t.as_ref())
                        .map_err(|_| self.err("CDATA is not UTF-8"))?
                        .to_owned();
                    self.push_text(&mut rule, field, &s)?;
                }
                Event::DocType(_) => {
                    return Err(self.err("a DOCTYPE is not allowed in an SRX file"));
                }
                _ => {}
            }
        }
        if !saw_root {
            return Err(self.err("not an SRX file: no <srx> element"));
        }
        if depth != 0 {
            return Err(self.err("the file ends inside an element"));
        }
        for map in &map_rules {
            if !language_rules.iter().any(|lr| lr.name == map.rule_name) {
                return Err(srx_err(
                    self.path,
                    1,
                    format!(
                        "languagemap {:?} names languagerule {:?}, which the file does not define",
                        map.pattern, map.rule_name
                    ),
                ));
            }
        }
        Ok(SrxRules {
            path: self.path.to_path_buf(),
            cascade,
            language_rules,
            map_rules,
        })
    }

    fn push_text(
        &self,
        rule: &mut Option<(bool, usize, String, String, bool, bool)>,
        field: Field,
        s: &str,
    ) -> Result<()> {
        let Some(r) = rule.as_mut() else {
            return Ok(());
        };
        let target = if field == Field::Before {
            &mut r.2
        } else {
            &mut r.3
        };
        target.push_str(s);
        if target.len() > MAX_PATTERN_BYTES {
            return Err(self.err(format!("a pattern longer than {MAX_PATTERN_BYTES} bytes")));
        }
        Ok(())
    }

    fn yes_no(&self, e: &BytesStart, name: &str, default: bool) -> Result<bool> {
        match self.attr(e, name)?.as_deref().map(str::trim) {
            None => Ok(default),
            Some("yes") => Ok(true),
            Some("no") => Ok(false),
            Some(other) => Err(self.err(format!(
                "attribute {name}={other:?}: expected \"yes\" or \"no\""
            ))),
        }
    }

    fn finish_rule(&mut self, r: (bool, usize, String, String, bool, bool)) -> Result<Arc<Rule>> {
        let (is_break, line, before, after, _, _) = r;
        let kind = if is_break { "break" } else { "no-break" };
        let path = self.path;
        let cache = &mut self.cache;
        let mut build = |pat: &str, which: &str| -> Result<Option<Regex>> {
            if pat.is_empty() {
                return Ok(None);
            }
            let translated = translate(pat).map_err(|m| {
                srx_err(
                    path,
                    line,
                    format!("{kind} rule, {which} pattern \"{pat}\": {m}"),
                )
            })?;
            if let Some(re) = cache.get(&translated) {
                return Ok(Some(re.clone()));
            }
            let re = compile(&translated).map_err(|m| {
                srx_err(
                    path,
                    line,
                    format!("{kind} rule, {which} pattern \"{pat}\": {m}"),
                )
            })?;
            cache.insert(translated, re.clone());
            Ok(Some(re))
        };
        let before_re = build(&before, "beforebreak")?;
        let after_re = build(&after, "afterbreak")?;
        Ok(Arc::new(Rule {
            is_break,
            before,
            after,
            line,
            before_re,
            after_re,
        }))
    }
}

fn compile(pattern: &str) -> std::result::Result<Regex, String> {
    RegexBuilder::new(pattern)
        .backtrack_limit(BACKTRACK_LIMIT)
        .delegate_size_limit(COMPILED_SIZE_LIMIT)
        .delegate_dfa_size_limit(COMPILED_SIZE_LIMIT)
        .build()
        .map_err(|e| format!("cannot be compiled ({e})"))
}

const JAVA_SPACE: &str = r" \t\n\x0B\f\r";
const JAVA_WORD: &str = "0-9A-Za-z_";
const JAVA_VSPACE: &str = r"\n\x0B\f\r\x{85}\x{2028}\x{2029}";

/// Translates a Java/ICU pattern into fancy-regex syntax, or says what
/// cannot be translated.
pub fn translate(java: &str) -> std::result::Result<String, String> {
    let chars: Vec<char> = java.chars().collect();
    let mut out = String::with_capacity(java.len() + 16);
    let mut class_depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let Some(&n) = chars.get(i + 1) else {
                    return Err("the pattern ends with a lone backslash".into());
                };
                i += 2;
                let in_class = class_depth > 0;
                let set = |pos: bool, body: &str| -> String {
                    match (pos, in_class) {
                        (true, true) => body.to_string(),
                        (true, false) => format!("[{body}]"),
                        (false, _) => format!("[^{body}]"),
                    }
                };
                match n {
                    'w' => out.push_str(&set(true, JAVA_WORD)),
                    'W' => out.push_str(&set(false, JAVA_WORD)),
                    's' => out.push_str(&set(true, JAVA_SPACE)),
                    'S' => out.push_str(&set(false, JAVA_SPACE)),
                    'd' => out.push_str(&set(true, "0-9")),
                    'D' => out.push_str(&set(false, "0-9")),
                    'h' => out.push_str(&set(
                        true,
                        r" \t\xA0\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}",
                    )),
                    'H' => out.push_str(&set(
                        false,
                        r" \t\xA0\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}",
                    )),
                    'u' => {
                        let hex: String = chars.iter().skip(i).take(4).collect();
                        if hex.len() != 4 || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                            return Err(format!("bad \\u escape near offset {i}"));
                        }
                        let cp = u32::from_str_radix(&hex, 16).expect("hex checked");
                        if (0xD800..0xE000).contains(&cp) {
                            return Err(format!(
                                "\\u{hex} is a UTF-16 surrogate; write the character as \\x{{...}}"
                            ));
                        }
                        out.push_str(&format!("\\x{{{hex}}}"));
                        i += 4;
                    }
                    'Q' => {
                        let rest: String = chars[i..].iter().collect();
                        let (lit, skip) = match rest.find("\\E") {
                            Some(p) => (&rest[..p], rest[..p].chars().count() + 2),
                            None => (rest.as_str(), rest.chars().count()),
                        };
                        for ch in lit.chars() {
                            push_literal(&mut out, ch);
                        }
                        i += skip;
                    }
                    'p' | 'P' => {
                        let (name, used) = if chars.get(i) == Some(&'{') {
                            let end = chars[i..]
                                .iter()
                                .position(|&x| x == '}')
                                .ok_or("unclosed \\p{")?;
                            (chars[i + 1..i + end].iter().collect::<String>(), end + 1)
                        } else {
                            (chars.get(i).map(|c| c.to_string()).ok_or("lone \\p")?, 1)
                        };
                        i += used;
                        out.push_str(&property(&name, n == 'p', in_class)?);
                    }
                    'e' => out.push_str(r"\x1B"),
                    'a' => out.push_str(r"\x07"),
                    'v' => out.push_str(&set(true, JAVA_VSPACE)),
                    'V' => out.push_str(&set(false, JAVA_VSPACE)),
                    'R' if !in_class => {
                        out.push_str(&format!(r"(?:\r\n|[{JAVA_VSPACE}])"));
                    }
                    'Z' if !in_class => out.push_str(r"(?=\n?\z)"),
                    'G' | 'Z' | 'R' | 'X' | 'c' | 'N' => {
                        return Err(format!(
                            "\\{n} has no equivalent in bitext's regular expressions"
                        ));
                    }
                    '0' => {
                        // Java octal \0n, \0nn, \0mnn.
                        let digits: String = chars[i..]
                            .iter()
                            .take(3)
                            .take_while(|d| d.is_digit(8))
                            .collect();
                        if digits.is_empty() {
                            return Err("\\0 without octal digits".into());
                        }
                        let cp = u32::from_str_radix(&digits, 8).expect("octal");
                        out.push_str(&format!("\\x{{{cp:X}}}"));
                        i += digits.len();
                    }
                    _ => {
                        out.push('\\');
                        out.push(n);
                    }
                }
                continue;
            }
            '[' => {
                class_depth += 1;
                out.push('[');
                // A leading ']' or '^]' is literal in Java too.
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(']');
            }
            '(' if class_depth == 0 && chars.get(i + 1) == Some(&'?') => {
                // Inline flags: Java's U (Unicode character classes) means
                // something else in Rust (swap greed), and d, u have none.
                let mut j = i + 2;
                let mut flags = String::new();
                while let Some(&f) = chars.get(j) {
                    if f.is_ascii_alphabetic() || f == '-' {
                        flags.push(f);
                        j += 1;
                    } else {
                        break;
                    }
                }
                if matches!(chars.get(j), Some(':') | Some(')')) && !flags.is_empty() {
                    if flags.contains('U') {
                        return Err(
                            "the (?U) flag (Unicode character classes) is not supported".into()
                        );
                    }
                    let kept: String = flags.chars().filter(|f| !matches!(f, 'u' | 'd')).collect();
                    if kept.is_empty() || kept == "-" {
                        // (?u) or (?d) alone: no-op group or flag.
                        if chars[j] == ')' {
                            i = j + 1;
                            continue;
                        }
                        out.push_str("(?:");
                    } else {
                        out.push_str("(?");
                        out.push_str(&kept);
                        out.push(chars[j]);
                    }
                    i = j + 1;
                    continue;
                }
                out.push('(');
            }
            _ => out.push(c),
        }
        i += 1;
    }
    Ok(out)
}

fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_punctuation() || c == ' ' {
        out.push('\\');
    }
    out.push(c);
}

/// Translates a `\p{NAME}` (or `\P{NAME}`) property.
fn property(name: &str, positive: bool, in_class: bool) -> std::result::Result<String, String> {
    let posix = match name {
        "Lower" => Some("a-z"),
        "Upper" => Some("A-Z"),
        "ASCII" => Some(r"\x00-\x7F"),
        "Alpha" => Some("A-Za-z"),
        "Digit" => Some("0-9"),
        "Alnum" => Some("0-9A-Za-z"),
        "Punct" => Some(r"!-/:-@\[-`{-~"),
        "Graph" => Some(r"!-~"),
        "Print" => Some(r" -~"),
        "Blank" => Some(r" \t"),
        "Cntrl" => Some(r"\x00-\x1F\x7F"),
        "XDigit" => Some("0-9a-fA-F"),
        "Space" => Some(JAVA_SPACE),
        _ => None,
    };
    if let Some(body) = posix {
        return Ok(match (positive, in_class) {
            (true, true) => body.to_string(),
            (true, false) => format!("[{body}]"),
            (false, _) => format!("[^{body}]"),
        });
    }
    let mapped = match name {
        "javaLowerCase" => "Lowercase",
        "javaUpperCase" => "Uppercase",
        "javaWhitespace" => "White_Space",
        "javaLetter" => "L",
        "javaDigit" => "Nd",
        "javaAlphabetic" => "Alphabetic",
        "javaSpaceChar" => "Z",
        n if n.starts_with("In") && n.len() > 2 => {
            return Err(format!(
                "\\p{{{n}}} is a Unicode block, which bitext's regular expressions do not support; use a script (\\p{{Is…}}) or a character range"
            ));
        }
        n if n.starts_with("java") => {
            return Err(format!("\\p{{{n}}} is not supported"));
        }
        n if n.starts_with("Is") && n.len() > 2 => &n[2..],
        n if n.starts_with("general_category=") => &n["general_category=".len()..],
        n if n.starts_with("gc=") => &n[3..],
        n if n.starts_with("script=") => &n["script=".len()..],
        n if n.starts_with("sc=") => &n[3..],
        n => n,
    };
    let sign = if positive { 'p' } else { 'P' };
    let out = format!("\\{sign}{{{mapped}}}");
    // Check that the regex crate knows the property.
    regex_syntax_check(&out).map_err(|_| format!("unknown property \\{sign}{{{name}}}"))?;
    Ok(out)
}

fn regex_syntax_check(p: &str) -> std::result::Result<(), ()> {
    RegexBuilder::new(p).build().map(|_| ()).map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(body: &str, cascade: bool) -> SrxRules {
        let c = if cascade { "yes" } else { "no" };
        let xml = format!(
            r#"<?xml version="1.0"?><srx version="2.0" xmlns="http://www.lisa.org/srx20"><header cascade="{c}"/><body>{body}</body></srx>"#
        );
        SrxRules::parse(&xml, Path::new("t.srx")).unwrap()
    }

    fn split<'a>(r: &LangRules, text: &'a str) -> Vec<&'a str> {
        let mut out = Vec::new();
        let mut start = 0;
        for b in r.breaks(text).into_iter().chain([text.len()]) {
            out.push(text[start..b].trim());
            start = b;
        }
        out
    }

    const EN: &str = r#"<languagerules><languagerule languagerulename="en">
        <rule break="no"><beforebreak>\b(Mr|Dr)\.</beforebreak><afterbreak>\s</afterbreak></rule>
        <rule break="yes"><beforebreak>[.?!]+</beforebreak><afterbreak>\s+\p{Lu}</afterbreak></rule>
        </languagerule><languagerule languagerulename="any">
        <rule><beforebreak>;</beforebreak><afterbreak></afterbreak></rule>
        </languagerule></languagerules>
        <maprules><languagemap languagepattern="EN.*" languagerulename="en"/>
        <languagemap languagepattern=".*" languagerulename="any"/></maprules>"#;

    #[test]
    fn first_rule_decides_and_maps_select() {
        let r = rules(EN, false);
        let en = r.for_lang("en-US");
        assert_eq!(en.names, ["en"]);
        assert_eq!(
            split(&en, "Mr. Smith came. He left; bye."),
            ["Mr. Smith came.", "He left; bye."]
        );
        let zh = r.for_lang("zh");
        assert_eq!(zh.names, ["any"]);
        let r = rules(EN, true);
        let en = r.for_lang("en");
        assert_eq!(en.names, ["en", "any"]);
        assert_eq!(
            split(&en, "Mr. Smith came. He left; bye."),
            ["Mr. Smith came.", "He left;", "bye."]
        );
    }

    #[test]
    fn java_classes_are_ascii() {
        assert_eq!(
            translate(r"\w+\s\d").unwrap(),
            "[0-9A-Za-z_]+[ \\t\\n\\x0B\\f\\r][0-9]"
        );
        assert_eq!(translate(r"[\w.]").unwrap(), "[0-9A-Za-z_.]");
        assert_eq!(translate(r"\u3002").unwrap(), "\\x{3002}");
        assert_eq!(translate(r"\Qa.b\E").unwrap(), "a\\.b");
        assert_eq!(translate(r"(?i)x").unwrap(), "(?i)x");
        assert_eq!(translate(r"(?iu)x").unwrap(), "(?i)x");
        assert_eq!(translate(r"\p{IsLatin}").unwrap(), "\\p{Latin}");
        assert!(translate(r"\p{InGreek}").unwrap_err().contains("block"));
        assert!(translate(r"(?U)\w").is_err());
        assert!(translate(r"\G").is_err());
        assert_eq!(translate(r"a\Z").unwrap(), r"a(?=\n?\z)");
        assert!(compile(&translate(r"x\R\v\e\k<n>").unwrap().replace(r"\k<n>", "")).is_ok());
    }

    #[test]
    fn errors_name_the_rule_and_line() {
        let xml = "<srx version=\"2.0\"><header/><body><languagerules>\n<languagerule languagerulename=\"x\">\n<rule break=\"no\"><beforebreak>\\p{InGreek}</beforebreak></rule></languagerule></languagerules></body></srx>";
        let e = SrxRules::parse(xml, Path::new("bad.srx"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("bad.srx: line 3: no-break rule, beforebreak pattern"),
            "{e}"
        );
        let e = SrxRules::parse("<tmx/>", Path::new("a.srx"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("not an SRX file"), "{e}");
        let e = SrxRules::parse("<srx><body><maprules><languagemap languagepattern=\".*\" languagerulename=\"nope\"/></maprules></body></srx>", Path::new("a.srx")).unwrap_err().to_string();
        assert!(e.contains("nope"), "{e}");
        let e = SrxRules::parse("<srx><body>", Path::new("a.srx"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("a.srx"), "{e}");
    }

    #[test]
    fn lookahead_and_empty_patterns() {
        let body = r#"<languagerules><languagerule languagerulename="d">
            <rule><beforebreak>\.(?=\s)</beforebreak><afterbreak/></rule>
            <rule><beforebreak>。</beforebreak></rule>
            </languagerule></languagerules>
            <maprules><languagemap languagepattern=".*" languagerulename="d"/></maprules>"#;
        let r = rules(body, false).for_lang("zh");
        assert_eq!(split(&r, "a. b.c 好。好"), ["a.", "b.c 好。", "好"]);
    }
}
