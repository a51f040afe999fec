//! Shared by `examples/gen_lexicon.rs` and `examples/gen_names.rs`: reading
//! a CC-CEDICT file. Nothing here is part of the library.

#![allow(dead_code)]

use std::io::Read;

/// One dictionary entry: `TRADITIONAL SIMPLIFIED [pin1 yin1] /gloss/gloss/`.
pub struct Entry<'a> {
    pub trad: &'a str,
    pub simp: &'a str,
    /// As written, with tone numbers (`Zhong1 guo2`).
    pub pinyin: &'a str,
    /// The glosses between the first and last `/`, slashes included.
    pub glosses: &'a str,
}

/// A CC-CEDICT text: its release (from the `#! date=` header, or
/// `unknown`) and its entries, in file order. Comments, blank lines and
/// malformed lines are skipped.
pub struct Cedict<'a> {
    pub release: String,
    pub entries: Vec<Entry<'a>>,
}

/// The text of the file named by the program's first argument, `-` for
/// standard input; `usage` is the message when the argument is missing.
pub fn read_input(usage: &str) -> Result<String, Box<dyn std::error::Error>> {
    let arg = std::env::args().nth(1).ok_or(usage)?;
    let mut text = String::new();
    if arg == "-" {
        std::io::stdin().read_to_string(&mut text)?;
    } else {
        text = std::fs::read_to_string(&arg)?;
    }
    Ok(text)
}

/// Parses a CC-CEDICT text.
pub fn parse(text: &str) -> Cedict<'_> {
    let mut release = String::from("unknown");
    let mut entries = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("#! date=") {
            release = rest.trim().to_string();
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((heads, rest)) = line.split_once(" [") else {
            continue;
        };
        let Some((pinyin, glosses)) = rest.split_once("] ") else {
            continue;
        };
        let mut hw = heads.split(' ');
        let (Some(trad), Some(simp)) = (hw.next(), hw.next()) else {
            continue;
        };
        entries.push(Entry {
            trad,
            simp,
            pinyin,
            glosses,
        });
    }
    Cedict { release, entries }
}

/// The syllables of a pinyin string without tone numbers, in lower case,
/// `u:` written `v` (`Lu:3 you2` → `lv`, `you`).
pub fn toneless(pinyin: &str) -> impl Iterator<Item = String> + '_ {
    pinyin.split(' ').map(|s| {
        s.trim_end_matches(|c: char| c.is_ascii_digit())
            .to_lowercase()
            .replace("u:", "v")
    })
}
