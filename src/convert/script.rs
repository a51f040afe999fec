//! Whether Chinese text is written in traditional or simplified
//! characters, against what its language tag says (`zh-TW` over simplified
//! text, `zh-CN` over traditional text).

use crate::normalize::{is_han, simplified};
use std::collections::HashSet;
use std::sync::OnceLock;

/// The script a Chinese language tag names: `zh-TW`, `zh-HK`, `zh-MO` and
/// `zh-Hant…` traditional; `zh-CN`, `zh-SG`, `zh-MY` and `zh-Hans…`
/// simplified; `zh` alone (or `cmn`, `yue` without a region or script)
/// neither, and any other language `None`.
///
/// ```
/// use bitext::convert::script::{Script, script_of_tag};
/// assert_eq!(script_of_tag("zh_TW"), Some(Script::Traditional));
/// assert_eq!(script_of_tag("zh-Hans-HK"), Some(Script::Simplified));
/// assert_eq!(script_of_tag("zh"), None);
/// assert_eq!(script_of_tag("en-US"), None);
/// ```
pub fn script_of_tag(tag: &str) -> Option<Script> {
    let folded = crate::tmx::fold_lang(tag);
    let mut parts = folded.split('-');
    if !matches!(parts.next(), Some("zh" | "cmn" | "yue")) {
        return None;
    }
    let rest: Vec<&str> = parts.collect();
    // A script subtag decides; else the region.
    if rest.contains(&"hant") {
        return Some(Script::Traditional);
    }
    if rest.contains(&"hans") {
        return Some(Script::Simplified);
    }
    rest.iter().find_map(|r| match *r {
        "tw" | "hk" | "mo" => Some(Script::Traditional),
        "cn" | "sg" | "my" => Some(Script::Simplified),
        _ => None,
    })
}

/// Traditional or simplified Chinese characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Traditional characters (`們`, `這`).
    Traditional,
    /// Simplified characters (`们`, `这`).
    Simplified,
}

impl Script {
    /// `traditional` or `simplified`.
    pub fn name(self) -> &'static str {
        match self {
            Script::Traditional => "traditional",
            Script::Simplified => "simplified",
        }
    }
}

/// The characters that are the simplified form of a traditional one and
/// differ from it (`们` of `們`).
fn simplified_forms() -> &'static HashSet<char> {
    static FORMS: OnceLock<HashSet<char>> = OnceLock::new();
    FORMS.get_or_init(|| {
        (0x3400u32..=0x9FFF)
            .chain(0xF900..=0xFAFF)
            .filter_map(char::from_u32)
            .filter_map(|c| {
                let s = simplified(c);
                (s != c).then_some(s)
            })
            .collect()
    })
}

/// Counts of the characters that tell the two scripts apart, over a sample
/// of text (at most [`ScriptCount::LIMIT`] Han characters are looked at).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScriptCount {
    /// Han characters looked at.
    pub han: usize,
    /// Traditional characters that have another simplified form (`們`).
    pub traditional: usize,
    /// Simplified forms of a traditional character (`们`; also `台`,
    /// `后`, which traditional text writes too: hence the margins of
    /// [`ScriptCount::contradicts`]).
    pub simplified: usize,
}

impl ScriptCount {
    /// How many Han characters are looked at, at most.
    pub const LIMIT: usize = 200_000;

    /// Adds the Han characters of `text`.
    pub fn add(&mut self, text: &str) {
        if self.han >= Self::LIMIT {
            return;
        }
        let forms = simplified_forms();
        for c in text.chars().filter(|&c| is_han(c)) {
            self.han += 1;
            if simplified(c) != c {
                self.traditional += 1;
            } else if forms.contains(&c) {
                self.simplified += 1;
            }
            if self.han >= Self::LIMIT {
                break;
            }
        }
    }

    /// The script the text is plainly written in: at least 10 of its
    /// telling characters, and three times as many as of the other script;
    /// `None` when the text does not say (little of it, or mixed).
    pub fn script(&self) -> Option<Script> {
        let (t, s) = (self.traditional, self.simplified);
        if t >= 10 && t >= 3 * s {
            Some(Script::Traditional)
        } else if s >= 10 && s >= 3 * t {
            Some(Script::Simplified)
        } else {
            None
        }
    }

    /// The script of the text when it contradicts the one `tag` names
    /// (`zh-CN` over traditional text); `None` when they agree, when the
    /// tag names no script or the text does not plainly show one.
    pub fn contradicts(&self, tag: &str) -> Option<Script> {
        let named = script_of_tag(tag)?;
        self.script().filter(|&s| s != named)
    }

    /// When the text contradicts `tag` ([`ScriptCount::contradicts`]),
    /// what to tell the user, starting with `what` (`memory.tmx: the text
    /// written as zh-CN`) and ending with the option that names the
    /// language (`--src-lang`).
    pub fn notice(&self, tag: &str, what: &str, option: &str) -> Option<String> {
        let script = self.contradicts(tag)?;
        let (named, fix) = match script {
            Script::Traditional => ("simplified", "zh-TW or zh-Hant"),
            Script::Simplified => ("traditional", "zh-CN or zh-Hans"),
        };
        Some(format!(
            "{what} is in {} characters ({} traditional, {} simplified of the first {} \
             Han characters), but {tag} names {named} Chinese; if the tag is wrong, name \
             the language with {option} (e.g. {fix})",
            script.name(),
            self.traditional,
            self.simplified,
            self.han,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_told_apart_and_checked_against_tags() {
        let mut trad = ScriptCount::default();
        trad.add("我們在台灣開會，這份報告說明了經濟發展的問題。");
        assert_eq!(trad.script(), Some(Script::Traditional), "{trad:?}");
        assert_eq!(trad.contradicts("zh-CN"), Some(Script::Traditional));
        assert_eq!(trad.contradicts("zh-TW"), None);
        assert_eq!(trad.contradicts("zh"), None);
        let mut simp = ScriptCount::default();
        simp.add("我们在台湾开会，这份报告说明了经济发展的问题。");
        assert_eq!(simp.script(), Some(Script::Simplified), "{simp:?}");
        assert_eq!(simp.contradicts("zh_TW"), Some(Script::Simplified));
        assert_eq!(simp.contradicts("zh-Hans"), None);
        // Too little text says nothing.
        let mut short = ScriptCount::default();
        short.add("们");
        assert_eq!(short.script(), None);
        assert_eq!(ScriptCount::default().contradicts("zh-CN"), None);
    }
}
