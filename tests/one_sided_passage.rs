//! A long passage on one side only (a release with an untranslated appendix,
//! a chapter the translator left out) must not bend the alignment of what
//! both sides share. The length cost expects the two texts' length ratio;
//! taken from their total lengths, a passage one side lacks makes every real
//! bead look several times too short on the other side, so the aligner
//! joined real sentences into wrong beads and called the pair unrelated.
//! The ratio is measured between sure pairs instead when the two differ.

use bitext::Lang;
use bitext::align::{Aligner, Alignment, Search};
use bitext::document::{Document, InputMode};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn sample(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpora/release-2021-05-08")
        .join(name);
    std::fs::read_to_string(path).expect("read the sample corpus")
}

fn doc(name: &str, text: String, lang: Lang) -> Document {
    Document::from_text(name, text, lang, InputMode::Raw).expect("a valid text")
}

fn align(src: &Document, tgt: &Document, search: Search) -> Alignment {
    Aligner::builder()
        .search(search)
        .build()
        .expect("the default configuration")
        .align(src, tgt)
        .expect("alignment")
}

/// The sample's gold beads as `(source, target)` index lists, shifted by
/// `(di, dj)`.
fn gold(di: usize, dj: usize) -> BTreeSet<(Vec<usize>, Vec<usize>)> {
    let list = |s: &str| -> Vec<usize> {
        s.split(',')
            .filter(|x| !x.trim().is_empty())
            .map(|x| x.trim().parse().expect("an index"))
            .collect()
    };
    sample("gold.align")
        .lines()
        .filter_map(|l| {
            let (a, b) = l.trim().split_once("]:[")?;
            Some((
                list(a.trim_start_matches('['))
                    .iter()
                    .map(|i| i + di)
                    .collect(),
                list(b.trim_end_matches(']'))
                    .iter()
                    .map(|j| j + dj)
                    .collect(),
            ))
        })
        .collect()
}

fn predicted(a: &Alignment) -> BTreeSet<(Vec<usize>, Vec<usize>)> {
    a.beads()
        .iter()
        .map(|b| (b.src.clone().collect(), b.tgt.clone().collect()))
        .collect()
}

/// `count` Chinese sentences that translate nothing of the sample, of
/// varied length (9 to 40 characters).
fn foreign_chinese(count: usize) -> Vec<String> {
    const WHO: [&str; 6] = ["面包师", "园丁", "老水手", "织布的姑娘", "陶工", "磨坊主"];
    const DID: [&str; 5] = ["修好了", "漆好了", "搬走了", "整理了", "擦亮了"];
    const WHAT: [&str; 10] = [
        "旧篱笆",
        "一篮苹果",
        "那条木船",
        "七个陶罐",
        "村里的钟",
        "一大袋面粉",
        "坏了的织布机",
        "十二把园椅",
        "那座窄桥",
        "一盒蜡烛",
    ];
    (0..count)
        .map(|k| {
            let tail = if k % 3 == 0 {
                "，然后沿着河边慢慢地走回家去，一路上看着山坡上的羊群"
            } else {
                ""
            };
            format!(
                "{}每天早上在集市开门前{}{}{}。",
                WHO[k % WHO.len()],
                DID[(k / WHO.len()) % DID.len()],
                WHAT[(k / (WHO.len() * DID.len())) % WHAT.len()],
                tail,
            )
        })
        .collect()
}

#[test]
fn a_long_untranslated_appendix_leaves_the_translated_part_aligned() {
    // The sample's 33 Chinese sentences and 200 more that the English does
    // not translate: six times the sample's Chinese.
    let zh_text = format!(
        "{}\n\n{}\n",
        sample("zh.txt"),
        foreign_chinese(200).join("")
    );
    let zh = doc("zh.txt", zh_text, Lang::Zh);
    let en = doc("en.txt", sample("en.txt"), Lang::En);
    let n = doc("zh.txt", sample("zh.txt"), Lang::Zh).len();
    assert_eq!(zh.len(), n + 200);
    for search in [Search::Exhaustive, Search::Guided] {
        let a = align(&zh, &en, search);
        let got = predicted(&a);
        let missed: Vec<_> = gold(0, 0)
            .into_iter()
            .filter(|b| !got.contains(b))
            .collect();
        assert!(
            missed.is_empty(),
            "{search:?}: gold beads missed: {missed:?}"
        );
        let omitted = a
            .beads()
            .iter()
            .filter(|b| b.tgt.is_empty() && b.src.start >= n)
            .count();
        assert_eq!(omitted, 200, "{search:?}: the appendix as 1-0 beads");
        assert!(
            a.relatedness() > 0.9,
            "{search:?}: a translation with an appendix is not an unrelated pair (relatedness {})",
            a.relatedness()
        );
    }
}

#[test]
fn copies_around_a_long_passage_on_one_side_stay_aligned() {
    // Three copies of the sample, and 300 English sentences that translate
    // nothing between the first and the second: the English is three times
    // longer than the Chinese's translation.
    let en_one = sample("en.txt");
    let per_src = doc("zh.txt", sample("zh.txt"), Lang::Zh).len();
    let per_tgt = doc("en.txt", en_one.clone(), Lang::En).len();
    let extra = (0..300)
        .map(|k| {
            format!(
                "Every morning the {} walked {} miles to the old market by the river.",
                ["baker", "gardener", "sailor", "weaver", "potter"][k % 5],
                ["two", "three", "four", "five", "six", "seven"][(k / 5) % 6],
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let zh = doc("zh.txt", sample("zh.txt").repeat(3), Lang::Zh);
    let en = doc(
        "en.txt",
        format!("{en_one}\n{extra}\n\n{}", en_one.repeat(2)),
        Lang::En,
    );
    assert_eq!(en.len(), 3 * per_tgt + 300);
    let mut want = gold(0, 0);
    want.extend(gold(per_src, per_tgt + 300));
    want.extend(gold(2 * per_src, 2 * per_tgt + 300));
    for search in [Search::Exhaustive, Search::Guided] {
        let got = predicted(&align(&zh, &en, search));
        let missed: Vec<_> = want.iter().filter(|b| !got.contains(*b)).collect();
        let near: Vec<_> = got
            .iter()
            .filter(|b| missed.iter().any(|m| m.0.iter().any(|i| b.0.contains(i))))
            .collect();
        // The passage's first or last sentence may join the real bead beside
        // it (`[32]:[41, 42]`: the sample's last English sentence and the
        // first added one): one bead at each edge at most.
        assert!(
            missed.len() <= 2,
            "{search:?}: real beads missed: {missed:?}, predicted {near:?}"
        );
        eprintln!(
            "{search:?}: {} of {} real beads found",
            want.len() - missed.len(),
            want.len()
        );
    }
}
