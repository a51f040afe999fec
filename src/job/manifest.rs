//! The document pairs of a batch (`bitext batch`): two directories paired
//! by file name, or a manifest listing them.
//!
//! **Pairing rule.** A file's *key* is its name less one language-tag
//! component: a dot-separated part after the first that names the side's
//! language (`release-01.zh.txt` → `release-01.txt` on the Chinese side,
//! `release-01.en.txt` → `release-01.txt` on the English side, `001.en` →
//! `001`; `zh`, `zh-CN`, `zh_TW`, `cmn`, `en`, `en-US` … all count). A name
//! without such a part is its own key, so `chapter-3.txt` in both
//! directories pairs too; the last extension's case does not count
//! (`b.zh.TXT` pairs with `b.en.txt`). Files with equal keys pair; the
//! others are reported as unpaired, with the likely partners whose names
//! differ only in their language tag's spelling (`_zh` / `_en`, `chs` /
//! `eng`) or a number's leading zeros (`36` / `036`) named as near
//! misses. SRC_DIR and TGT_DIR may be one directory holding both
//! languages. Hidden files and directories (`.name`) are left out;
//! subdirectories (not symbolic links to them) are searched with
//! `recursive` (the key of a file in one
//! is its relative path: `2023/r-01.txt` pairs with `2023/r-01.txt` of the
//! other side) and otherwise reported as not searched; a batch's own
//! output directory and merged file are left out wherever they lie
//! ([`Excluded`]); two files of one
//! directory with the same key are an error. The *document name* is the
//! key less its last extension (`release-01`, `001`, `2023/r-01`), and
//! names the output file (`release-01.tmx`) and, in a merged TMX, the
//! document of each unit.
//!
//! **Manifest.** One document pair a line, `SOURCE TAB TARGET [TAB NAME]`,
//! UTF-8; blank lines and lines starting with `#` are skipped, a final
//! `\r` is dropped. Relative paths are relative to the manifest's
//! directory. NAME is the output file's name inside the output directory
//! (the format's extension is added when missing); without it, the
//! document name comes from the source file's name as above. A NAME may
//! name a subdirectory (`2021/may`) but never leave the output directory:
//! absolute names, `..`, `.`, empty parts, backslashes and control
//! characters are refused, as are two lines with the same name.
//!
//! ```
//! use bitext::job::manifest::parse_manifest;
//! use std::path::Path;
//! let text = "zh/a.txt\ten/a.txt\n# a comment\nzh/b.txt\ten/b.txt\tbook-b\n";
//! let pairs = parse_manifest(text.as_bytes(), Path::new("pairs.tsv"), Path::new("/data"), "tmx")?;
//! assert_eq!(pairs[0].src, Path::new("/data/zh/a.txt"));
//! assert_eq!((pairs[0].name.as_str(), pairs[1].name.as_str()), ("a", "book-b"));
//! let bad = parse_manifest(b"a\tb\t../../etc/x\n", Path::new("pairs.tsv"), Path::new("."), "tmx");
//! assert!(bad.unwrap_err().to_string().starts_with("pairs.tsv: line 1: "));
//! # Ok::<(), bitext::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::lang::{Lang, LangTag};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// One document pair of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchEntry {
    /// The source file.
    pub src: PathBuf,
    /// The target file.
    pub tgt: PathBuf,
    /// The document name: the output file's path inside the output
    /// directory, without the format's extension.
    pub name: String,
    /// The 1-based manifest line the pair comes from (`None` for pairs
    /// found by pairing two directories).
    pub line: Option<usize>,
}

impl BatchEntry {
    /// The output file's name inside the output directory: the document
    /// name and `.ext`.
    pub fn output_name(&self, ext: &str) -> String {
        format!("{}.{ext}", self.name)
    }
}

/// Two directories paired: the pairs, in the order of their keys, and the
/// files left without a partner.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairing {
    /// The document pairs, sorted by key.
    pub entries: Vec<BatchEntry>,
    /// Files of either directory with no partner, sorted.
    pub unpaired: Vec<PathBuf>,
    /// Unpaired files that look like each other's partner (source,
    /// target): their names differ only in the spelling of a language
    /// tag or in a number's leading zeros.
    pub near_misses: Vec<(PathBuf, PathBuf)>,
    /// Subdirectories not searched (all of them without `recursive`;
    /// symbolically linked ones, never followed, with it), sorted.
    pub subdirectories: Vec<PathBuf>,
    /// How many files would pair with the two languages' tags swapped
    /// (source names carrying the target's tag and the reverse), when
    /// that is more than pair as given: the directories are likely given
    /// in the wrong order. Zero otherwise.
    pub swapped: usize,
}

/// The pairing key of a file name (see the module documentation).
///
/// ```
/// use bitext::{Lang, job::manifest::pairing_key};
/// assert_eq!(pairing_key("release-01.zh.txt", Lang::Zh), "release-01.txt");
/// assert_eq!(pairing_key("release-01.en-US.txt", Lang::En), "release-01.txt");
/// assert_eq!(pairing_key("001.zh", Lang::Zh), "001");
/// assert_eq!(pairing_key("notes.en.txt", Lang::Zh), "notes.en.txt");
/// assert_eq!(pairing_key("zh.txt", Lang::Zh), "zh.txt");
/// assert_eq!(pairing_key("b.ZH.TXT", Lang::Zh), "b.txt");
/// ```
pub fn pairing_key(file_name: &str, lang: Lang) -> String {
    let parts: Vec<&str> = file_name.split('.').collect();
    let tag = (1..parts.len()).rev().find(|&i| {
        parts[i]
            .parse::<LangTag>()
            .is_ok_and(|t| t.lang() == lang && !parts[i].is_empty())
    });
    let key = match tag {
        Some(i) => {
            let mut kept = parts.clone();
            kept.remove(i);
            kept.join(".")
        }
        None => file_name.to_string(),
    };
    // The last extension's case does not count (`.TXT`, `.txt`).
    match key.rfind('.') {
        Some(i) if i > 0 && key[i..].bytes().any(|b| b.is_ascii_uppercase()) => {
            format!("{}{}", &key[..i], key[i..].to_ascii_lowercase())
        }
        _ => key,
    }
}

/// The document name of a key: the key less its file name's last
/// extension (`v1.0/001.txt` → `v1.0/001`, never `v1`).
fn document_name(key: &str) -> String {
    let name_start = key.rfind('/').map_or(0, |i| i + 1);
    match key[name_start..].rfind('.') {
        Some(i) if i > 0 => key[..name_start + i].to_string(),
        _ => key.to_string(),
    }
}

/// The regular, non-hidden files of a directory by key, sorted, and its
/// subdirectories not searched. With `recursive`, the files of its
/// (non-hidden, not symbolically linked) subdirectories too, keyed by their
/// relative path.
/// `exclude` holds canonical paths (see [`Excluded`]) left out wherever
/// they are met.
fn keyed_files(
    dir: &Path,
    lang: Lang,
    recursive: bool,
    exclude: &Excluded,
) -> Result<(BTreeMap<String, PathBuf>, Vec<PathBuf>)> {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let mut skipped = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((here, prefix)) = pending.pop() {
        let entries = std::fs::read_dir(&here).map_err(|e| Error::io(&here, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&here, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with('.') || exclude.contains(&path) {
                continue;
            }
            let file_type = entry.file_type().map_err(|e| Error::io(&path, e))?;
            if file_type.is_dir() {
                if recursive {
                    pending.push((path, format!("{prefix}{name}/")));
                } else {
                    skipped.push(path);
                }
            } else if file_type.is_symlink() && path.is_dir() {
                // Never followed (no loop can start), but not left unsaid.
                skipped.push(path);
            } else if path.is_file() {
                files.push((format!("{prefix}{name}"), path));
            }
        }
    }
    files.sort();
    skipped.sort();
    let mut keyed: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (rel, path) in files {
        let (prefix, name) = rel.rsplit_once('/').unwrap_or(("", &rel));
        let key = match prefix {
            "" => pairing_key(name, lang),
            _ => format!("{prefix}/{}", pairing_key(name, lang)),
        };
        if let Some(other) = keyed.get(&key) {
            return Err(Error::Options(format!(
                "{} and {} pair under the same name '{key}'; keep one of them (or list the pairs in a --manifest)",
                other.display(),
                path.display()
            )));
        }
        keyed.insert(key, path);
    }
    Ok((keyed, skipped))
}

/// A file name reduced for spotting near-miss pairs: lower case, without
/// language words (`zh`, `chs`, `eng`, `english` …) between separators,
/// without separators, and with the leading zeros of its numbers dropped.
fn loose_key(name: &str) -> String {
    const LANGUAGE_WORDS: &[&str] = &[
        "zh", "cn", "chs", "cht", "chn", "zho", "chi", "cmn", "hans", "hant", "tw", "hk", "sc",
        "tc", "chinese", "zhongwen", "en", "eng", "english", "us", "gb", "uk",
    ];
    let lower = name.to_lowercase();
    let mut out = String::new();
    for word in lower.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() || LANGUAGE_WORDS.contains(&word) {
            continue;
        }
        let mut chars = word.chars().peekable();
        let mut prev_digit = false;
        while let Some(c) = chars.next() {
            // A zero that opens a number and has a digit after it.
            let leading_zero =
                c == '0' && !prev_digit && chars.peek().is_some_and(|d| d.is_ascii_digit());
            if leading_zero {
                continue;
            }
            prev_digit = c.is_ascii_digit();
            out.push(c);
        }
        out.push('|');
    }
    out
}

/// Unpaired source and target files whose loose keys (see [`loose_key`])
/// meet one to one.
fn near_misses(
    src: &BTreeMap<String, PathBuf>,
    tgt: &BTreeMap<String, PathBuf>,
) -> Vec<(PathBuf, PathBuf)> {
    let loose = |m: &BTreeMap<String, PathBuf>| {
        let mut by: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
        for (key, path) in m {
            by.entry(loose_key(key)).or_default().push(path.clone());
        }
        by
    };
    let (s, t) = (loose(src), loose(tgt));
    let mut found = Vec::new();
    for (key, sources) in &s {
        if let Some(targets) = t.get(key)
            && let ([a], [b]) = (sources.as_slice(), targets.as_slice())
            && a != b
        {
            found.push((a.clone(), b.clone()));
        }
    }
    found
}

/// Paths a walk of the directories leaves out: a batch's own output
/// directory and merged file, which may lie inside an input directory
/// (`bitext batch in/ in/ -o in/out -r`), so that a second run does not
/// pair the first run's outputs. Compared as canonical paths (`in/./out`
/// is `in/out`); a path that does not exist yet has nothing to leave out.
#[derive(Debug, Default, Clone)]
pub struct Excluded {
    /// Canonical paths with their file names (checked first, so that only
    /// an entry of the same name is canonicalized).
    paths: Vec<(std::ffi::OsString, PathBuf)>,
}

impl Excluded {
    /// The paths that exist among `paths`, canonicalized.
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Self {
        let paths = paths
            .into_iter()
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .filter_map(|c| Some((c.file_name()?.to_os_string(), c)))
            .collect();
        Excluded { paths }
    }

    /// Whether `path` (an entry met in a walk) is one of the paths.
    fn contains(&self, path: &Path) -> bool {
        let Some(name) = path.file_name() else {
            return false;
        };
        self.paths
            .iter()
            .any(|(n, c)| n == name && std::fs::canonicalize(path).is_ok_and(|p| &p == c))
    }
}

/// Pairs the files of two directories by key (see the module
/// documentation); `recursive` searches their subdirectories too.
pub fn pair_directories(
    src_dir: &Path,
    tgt_dir: &Path,
    src_lang: Lang,
    tgt_lang: Lang,
    recursive: bool,
) -> Result<Pairing> {
    pair_directories_excluding(
        src_dir,
        tgt_dir,
        src_lang,
        tgt_lang,
        recursive,
        &Excluded::default(),
    )
}

/// [`pair_directories`], leaving out the files and directories of
/// `exclude` wherever the walk meets them (neither paired, nor unpaired,
/// nor named as a subdirectory not searched).
pub fn pair_directories_excluding(
    src_dir: &Path,
    tgt_dir: &Path,
    src_lang: Lang,
    tgt_lang: Lang,
    recursive: bool,
    exclude: &Excluded,
) -> Result<Pairing> {
    for dir in [src_dir, tgt_dir] {
        if !dir.is_dir() {
            return Err(Error::Options(format!(
                "{}: not a directory (batch pairs the files of two directories; for a list of pairs use --manifest)",
                dir.display()
            )));
        }
    }
    let (mut src, src_skipped) = keyed_files(src_dir, src_lang, recursive, exclude)?;
    let (mut tgt, tgt_skipped) = keyed_files(tgt_dir, tgt_lang, recursive, exclude)?;
    let mut pairing = Pairing::default();
    let mut names: BTreeMap<String, PathBuf> = BTreeMap::new();
    let keys: Vec<String> = src.keys().cloned().collect();
    for key in keys {
        let Some(t) = tgt.remove(&key) else { continue };
        let s = src.remove(&key).expect("a key of src");
        let name = document_name(&key);
        if let Some(other) = names.get(&name) {
            return Err(Error::Options(format!(
                "{} and {} would both be written as document '{name}'; rename one (or name the outputs in a --manifest)",
                other.display(),
                s.display()
            )));
        }
        names.insert(name.clone(), s.clone());
        pairing.entries.push(BatchEntry {
            src: s,
            tgt: t,
            name,
            line: None,
        });
    }
    // One directory may hold both languages (`a.zh.txt` beside `a.en.txt`):
    // a file paired on one side is not unpaired on the other.
    let paired: std::collections::BTreeSet<PathBuf> = pairing
        .entries
        .iter()
        .flat_map(|e| [e.src.clone(), e.tgt.clone()])
        .collect();
    src.retain(|_, p| !paired.contains(p));
    tgt.retain(|_, p| !paired.contains(p));
    pairing.near_misses = near_misses(&src, &tgt);
    let mut unpaired: Vec<PathBuf> = src.into_values().chain(tgt.into_values()).collect();
    unpaired.sort();
    unpaired.dedup();
    pairing.unpaired = unpaired;
    let mut subdirectories: Vec<PathBuf> = src_skipped.into_iter().chain(tgt_skipped).collect();
    subdirectories.sort();
    subdirectories.dedup();
    pairing.subdirectories = subdirectories;
    // The directories given in the wrong order: the source names carry the
    // target language's tag, and the reverse.
    if src_lang != tgt_lang
        && let (Ok((s, _)), Ok((t, _))) = (
            keyed_files(src_dir, tgt_lang, recursive, exclude),
            keyed_files(tgt_dir, src_lang, recursive, exclude),
        )
    {
        let swapped = s
            .iter()
            .filter(|(k, p)| t.get(*k).is_some_and(|q| q != *p))
            .count();
        if swapped > pairing.entries.len() {
            pairing.swapped = swapped;
        }
    }
    Ok(pairing)
}

/// Checks an output name of a manifest: a relative path of plain parts
/// that stays inside the output directory.
fn check_name(name: &str) -> std::result::Result<(), String> {
    if name.chars().any(|c| c.is_control()) {
        return Err("the output name holds a control character".into());
    }
    if name.contains('\\') {
        return Err("the output name holds a backslash; separate directories with /".into());
    }
    if name.len() > 1024 {
        return Err(format!(
            "the output name is {} bytes long; the limit is 1024",
            name.len()
        ));
    }
    let path = Path::new(name);
    if path.is_absolute() {
        return Err(format!(
            "the output name '{name}' is absolute; name a file inside the output directory"
        ));
    }
    if name
        .split('/')
        .any(|p| p.is_empty() || p == "." || p == "..")
    {
        return Err(format!(
            "the output name '{name}' has an empty, '.' or '..' part; name a file inside the output directory"
        ));
    }
    if !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(format!(
            "the output name '{name}' leaves the output directory"
        ));
    }
    if name.split('/').any(|p| p.len() > 255) {
        return Err("a part of the output name is longer than 255 bytes".into());
    }
    Ok(())
}

/// Parses a manifest (see the module documentation). `path` names it in
/// errors, `base` is the directory its relative paths start from, `ext` the
/// output format's extension (dropped from a NAME that ends with it). An
/// error names the line.
pub fn parse_manifest(
    bytes: &[u8],
    path: &Path,
    base: &Path,
    ext: &str,
) -> Result<Vec<BatchEntry>> {
    let bad = |line: usize, message: String| Error::BadRecord {
        path: path.to_path_buf(),
        line,
        message,
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(bad(
                line,
                format!("invalid UTF-8 at byte offset {offset}; the manifest must be UTF-8"),
            ));
        }
    };
    // A UTF-8 byte-order mark is no part of the first path.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let suffix = format!(".{}", ext.to_ascii_lowercase());
    let mut entries = Vec::new();
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    for (k, line) in text.split('\n').enumerate() {
        let n = k + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if line.contains('\0') {
            return Err(bad(n, "NUL byte in the line".into()));
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if !(2..=3).contains(&fields.len()) {
            return Err(bad(
                n,
                format!(
                    "expected SOURCE TAB TARGET [TAB NAME], found {} field{}",
                    fields.len(),
                    if fields.len() == 1 { "" } else { "s" }
                ),
            ));
        }
        for (field, what) in fields
            .iter()
            .zip(["source path", "target path", "output name"])
        {
            if field.trim().is_empty() {
                return Err(bad(n, format!("the {what} is empty")));
            }
        }
        let src = base.join(fields[0]);
        let tgt = base.join(fields[1]);
        let name = match fields.get(2) {
            Some(given) => {
                check_name(given).map_err(|m| bad(n, m))?;
                let lower = given.to_ascii_lowercase();
                match lower.strip_suffix(&suffix) {
                    Some(stem) if !stem.is_empty() && !stem.ends_with('/') => {
                        given[..stem.len()].to_string()
                    }
                    _ => given.to_string(),
                }
            }
            None => {
                let file = Path::new(fields[0])
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .ok_or_else(|| {
                        bad(n, format!("the source path '{}' names no file", fields[0]))
                    })?;
                // The language of the source is unknown here: a tag of
                // either language is dropped.
                let key = pairing_key(&pairing_key(&file, Lang::Zh), Lang::En);
                let name = document_name(&key);
                check_name(&name).map_err(|m| bad(n, m))?;
                name
            }
        };
        if let Some(first) = names.get(&name) {
            return Err(bad(
                n,
                format!(
                    "the output name '{name}' is also line {first}'s; give each pair its own NAME"
                ),
            ));
        }
        names.insert(name.clone(), n);
        entries.push(BatchEntry {
            src,
            tgt,
            name,
            line: Some(n),
        });
    }
    Ok(entries)
}

/// The manifest lines whose source or target file cannot be read (missing,
/// a directory, no permission), checked before any document runs: each as
/// the index into `entries` and an error naming the manifest (`path`, as in
/// [`parse_manifest`]) and the line, in the style of the manifest's syntax
/// errors. Both files of a line are checked; the first bad one is named.
pub fn unreadable_entries(entries: &[BatchEntry], path: &Path) -> Vec<(usize, Error)> {
    let mut bad = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        for (file, what) in [(&entry.src, "source"), (&entry.tgt, "target")] {
            if let Some(problem) = unreadable(file) {
                bad.push((
                    i,
                    Error::BadRecord {
                        path: path.to_path_buf(),
                        line: entry.line.unwrap_or(0),
                        message: format!("the {what} file {} {problem}", file.display()),
                    },
                ));
                break;
            }
        }
    }
    bad
}

/// Why `file` cannot be read as a text file, or `None` when it can be
/// opened. Only a regular file is opened to see whether it can be read: a
/// named pipe (`<(…)`, `/dev/fd/N`) is left for its document to read, as
/// opening and closing it here would block without a writer, or make the
/// writer fail before the document is read.
fn unreadable(file: &Path) -> Option<String> {
    use std::io::ErrorKind;
    let checked = std::fs::metadata(file).and_then(|m| {
        if m.is_file() {
            std::fs::File::open(file).map(|_| m)
        } else {
            Ok(m)
        }
    });
    match checked {
        Ok(m) if m.is_dir() => Some("is a directory, not a file".into()),
        Ok(_) => None,
        Err(e) => Some(match e.kind() {
            ErrorKind::NotFound => "does not exist".into(),
            ErrorKind::PermissionDenied => "cannot be read (permission denied)".into(),
            _ => format!("cannot be read ({e})"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<BatchEntry>> {
        parse_manifest(
            text.as_bytes(),
            Path::new("m.tsv"),
            Path::new("/base"),
            "tmx",
        )
    }

    #[test]
    fn names_that_leave_the_output_directory_are_refused() {
        for name in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "./a",
            "a/",
            "a\\..\\b",
            "a\u{7}b",
            "..",
        ] {
            let err = parse(&format!("s\tt\t{name}\n")).unwrap_err().to_string();
            assert!(err.starts_with("m.tsv: line 1: "), "{name:?}: {err}");
        }
        let ok = parse("s\tt\t2021/may.tmx\ns2\tt2\tjune.TMX\n").unwrap();
        assert_eq!(ok[0].name, "2021/may");
        assert_eq!(ok[1].name, "june");
        assert_eq!(ok[0].output_name("tmx"), "2021/may.tmx");
    }

    #[test]
    fn bad_lines_are_named() {
        let cases = [
            ("a\tb\n\nonly-one\n", 3, "found 1 field"),
            ("a\tb\tc\td\n", 1, "found 4 fields"),
            ("\tb\n", 1, "source path is empty"),
            ("a\tb\n# c\nc\t \n", 3, "target path is empty"),
            ("a\tb\tx\nc\td\tx.tmx\n", 2, "also line 1's"),
            (
                "zh/a.zh.txt\ten/a.en.txt\nzh2/a.txt\ten2/a.txt\n",
                2,
                "'a' is also line 1's",
            ),
        ];
        for (text, line, what) in cases {
            let err = parse(text).unwrap_err().to_string();
            assert!(
                err.starts_with(&format!("m.tsv: line {line}: ")) && err.contains(what),
                "{text:?}: {err}"
            );
        }
        let err = parse_manifest(
            b"a\tb\n\xff\tc\n",
            Path::new("m.tsv"),
            Path::new("."),
            "tmx",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("line 2: invalid UTF-8 at byte offset 4"),
            "{err}"
        );
    }

    #[test]
    fn paths_are_relative_to_the_base_and_crlf_is_dropped() {
        let e = parse("zh/001.zh\t/abs/001.en\r\n").unwrap();
        assert_eq!(
            e,
            [BatchEntry {
                src: "/base/zh/001.zh".into(),
                tgt: "/abs/001.en".into(),
                name: "001".into(),
                line: Some(1),
            }]
        );
    }

    #[test]
    fn directories_pair_by_key() {
        let dir = tempfile::tempdir().unwrap();
        let (zh, en) = (dir.path().join("zh"), dir.path().join("en"));
        std::fs::create_dir_all(zh.join("sub")).unwrap();
        std::fs::create_dir_all(&en).unwrap();
        for f in [
            "r-01.zh.txt",
            "r-02.zh-CN.txt",
            "same.txt",
            "lonely.zh.txt",
            ".hidden",
        ] {
            std::fs::write(zh.join(f), "x").unwrap();
        }
        for f in ["r-01.en.txt", "r-02.en_US.txt", "same.txt", "other.en.txt"] {
            std::fs::write(en.join(f), "x").unwrap();
        }
        let p = pair_directories(&zh, &en, Lang::Zh, Lang::En, false).unwrap();
        let names: Vec<&str> = p.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["r-01", "r-02", "same"]);
        assert_eq!(p.entries[1].tgt, en.join("r-02.en_US.txt"));
        assert_eq!(
            p.unpaired,
            [en.join("other.en.txt"), zh.join("lonely.zh.txt")]
        );
        assert_eq!(p.subdirectories, [zh.join("sub")]);
        assert!(p.near_misses.is_empty());
        assert_eq!(p.swapped, 0);
        // One directory holding both languages.
        let both = dir.path().join("both");
        std::fs::create_dir_all(&both).unwrap();
        for f in ["a.zh.txt", "a.en.txt", "b.zh.txt"] {
            std::fs::write(both.join(f), "x").unwrap();
        }
        let p = pair_directories(&both, &both, Lang::Zh, Lang::En, false).unwrap();
        assert_eq!(p.entries.len(), 1);
        assert_eq!(
            (&p.entries[0].src, &p.entries[0].tgt),
            (&both.join("a.zh.txt"), &both.join("a.en.txt"))
        );
        assert_eq!(p.unpaired, [both.join("b.zh.txt")]);
        // Two files with one key are ambiguous.
        std::fs::write(zh.join("r-01.txt"), "x").unwrap();
        let err = pair_directories(&zh, &en, Lang::Zh, Lang::En, false).unwrap_err();
        assert!(err.to_string().contains("same name 'r-01.txt'"), "{err}");
    }

    /// Trial 23: names a corpus builder meets — extensions in capitals,
    /// near misses, nested folders, directories given in the wrong order.
    #[test]
    fn pairing_reports_near_misses_subdirectories_and_swapped_directories() {
        let dir = tempfile::tempdir().unwrap();
        let (zh, en) = (dir.path().join("zh"), dir.path().join("en"));
        std::fs::create_dir_all(zh.join("2023")).unwrap();
        std::fs::create_dir_all(en.join("2023")).unwrap();
        std::fs::create_dir_all(zh.join(".git")).unwrap();
        for f in [
            "b.zh.TXT",
            "36.zh.txt",
            "notice_31_zh.txt",
            "33.chs.txt",
            "2023/01.zh.txt",
            "2023/02.zh.txt",
            ".git/x.zh.txt",
        ] {
            std::fs::write(zh.join(f), "x").unwrap();
        }
        for f in [
            "b.en.txt",
            "036.en.txt",
            "notice_31_en.txt",
            "33.eng.txt",
            "2023/01.en.txt",
        ] {
            std::fs::write(en.join(f), "x").unwrap();
        }
        let p = pair_directories(&zh, &en, Lang::Zh, Lang::En, false).unwrap();
        let names: Vec<&str> = p.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["b"]);
        assert_eq!(p.subdirectories, [en.join("2023"), zh.join("2023")]);
        assert_eq!(
            p.near_misses,
            [
                (zh.join("33.chs.txt"), en.join("33.eng.txt")),
                (zh.join("36.zh.txt"), en.join("036.en.txt")),
                (zh.join("notice_31_zh.txt"), en.join("notice_31_en.txt")),
            ]
        );
        // Recursive: nested files pair by their relative path.
        let p = pair_directories(&zh, &en, Lang::Zh, Lang::En, true).unwrap();
        let names: Vec<&str> = p.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["2023/01", "b"]);
        assert!(p.subdirectories.is_empty());
        assert!(p.unpaired.contains(&zh.join("2023/02.zh.txt")));
        // A directory name with a dot keeps its files apart (review: both
        // were document 'v1').
        for d in [&zh, &en] {
            std::fs::create_dir_all(d.join("v1.0")).unwrap();
        }
        for f in ["v1.0/001.zh", "v1.0/002.zh"] {
            std::fs::write(zh.join(f), "x").unwrap();
        }
        for f in ["v1.0/001.en", "v1.0/002.en"] {
            std::fs::write(en.join(f), "x").unwrap();
        }
        let p = pair_directories(&zh, &en, Lang::Zh, Lang::En, true).unwrap();
        let names: Vec<&str> = p.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["2023/01", "b", "v1.0/001", "v1.0/002"]);
        // The directories given in the wrong order.
        let p = pair_directories(&en, &zh, Lang::Zh, Lang::En, false).unwrap();
        assert!(p.entries.is_empty());
        assert_eq!(p.swapped, 1);
    }

    /// A named pipe is not opened by the check (with no writer, opening it
    /// would block the batch before any document runs).
    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_left_for_its_document_to_read() {
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::write(dir.path().join("a.en"), "Hello.").unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(dir.path().join("pipe.zh"))
            .status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here: nothing to check
        }
        let entries = parse_manifest(
            "pipe.zh\ta.en\n".as_bytes(),
            Path::new("m.tsv"),
            dir.path(),
            "tmx",
        )
        .unwrap();
        assert!(unreadable_entries(&entries, Path::new("m.tsv")).is_empty());
    }

    #[test]
    fn unreadable_files_are_named_with_the_manifest_line() {
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::write(dir.path().join("a.zh"), "你好。").unwrap();
        std::fs::write(dir.path().join("a.en"), "Hello.").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let text = "# pairs\na.zh\ta.en\tone\nmissing.zh\ta.en\ttwo\n\na.zh\tsub\tthree\n";
        let entries =
            parse_manifest(text.as_bytes(), Path::new("m.tsv"), dir.path(), "tmx").unwrap();
        let bad: Vec<(usize, String)> = unreadable_entries(&entries, Path::new("m.tsv"))
            .into_iter()
            .map(|(i, e)| (i, e.to_string()))
            .collect();
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert_eq!(bad[0].0, 1);
        assert!(
            bad[0].1.starts_with("m.tsv: line 3: the source file ")
                && bad[0].1.ends_with("missing.zh does not exist"),
            "{}",
            bad[0].1
        );
        assert_eq!(bad[1].0, 2);
        assert!(
            bad[1].1.starts_with("m.tsv: line 5: the target file ")
                && bad[1].1.ends_with("sub is a directory, not a file"),
            "{}",
            bad[1].1
        );
    }
}
