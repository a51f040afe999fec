//! The sample corpus (`corpora/release-2021-05-08`): the library aligns it
//! zh→en with strict F1 ≥ 0.90 against the hand-made gold, the gold itself is
//! a covering alignment of the segmented texts, and en→zh mirrors zh→en.

mod common;

use bitext::Lang;
use bitext::align::{Aligner, Alignment};
use bitext::document::{Document, InputMode};
use bitext::eval::{BeadIds, read_beads, score};
use std::path::PathBuf;

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpora/release-2021-05-08")
        .join(name)
}

fn zh() -> Document {
    Document::read(corpus("zh.txt"), Lang::Zh, InputMode::Raw).expect("read zh.txt")
}

fn en() -> Document {
    Document::read(corpus("en.txt"), Lang::En, InputMode::Raw).expect("read en.txt")
}

fn gold() -> Vec<BeadIds> {
    read_beads(&corpus("gold.align")).expect("read gold.align")
}

fn ids(a: &Alignment) -> Vec<BeadIds> {
    a.beads()
        .iter()
        .map(|b| (b.src.clone().collect(), b.tgt.clone().collect()))
        .collect()
}

fn align(src: &Document, tgt: &Document) -> Alignment {
    Aligner::builder()
        .build()
        .expect("default aligner")
        .align(src, tgt)
        .expect("alignment")
}

#[test]
fn zh_to_en_scores_at_least_0_90_strict_f1() {
    let (zh, en) = (zh(), en());
    let auto = ids(&align(&zh, &en));
    let gold = gold();
    let s = score(&gold, &auto);
    let wrong: Vec<String> = auto
        .iter()
        .filter(|b| !gold.contains(b))
        .map(|b| format!("{:?}:{:?}", b.0, b.1))
        .collect();
    assert!(
        s.f1() >= 0.90,
        "strict F1 {:.4} (P {:.4}, R {:.4}; {} correct of {} predicted, {} gold); wrong beads: {}",
        s.f1(),
        s.precision(),
        s.recall(),
        s.correct,
        s.predicted,
        s.gold,
        wrong.join(" ")
    );
}

#[test]
fn gold_is_a_covering_alignment_of_the_segmented_texts() {
    let (zh, en) = (zh(), en());
    let gold = gold();
    assert_eq!(gold.len(), 33);
    assert_eq!(zh.len(), 33, "zh.txt sentences as gold.align numbers them");
    assert_eq!(en.len(), 42, "en.txt sentences as gold.align numbers them");
    common::assert_covering(&gold, zh.len(), en.len());
    // The gold is accepted by the library's own check too.
    let beads = gold
        .iter()
        .map(|(s, t)| bitext::align::Bead {
            src: s.first().map_or(0, |&x| x)..s.last().map_or(0, |&x| x + 1),
            tgt: t.first().map_or(0, |&x| x)..t.last().map_or(0, |&x| x + 1),
            cost: 0.0,
            confidence: 1.0,
        })
        .collect();
    assert!(Alignment::from_beads(beads, zh.len(), en.len()).is_ok());
}

#[test]
fn aligner_output_covers_both_documents() {
    let (zh, en) = (zh(), en());
    let a = align(&zh, &en);
    common::assert_covering(&ids(&a), zh.len(), en.len());
    assert!(
        a.beads()
            .iter()
            .all(|b| (0.0..=1.0).contains(&b.confidence))
    );
    assert_eq!(a, align(&zh, &en), "aligning twice gives the same result");
}

#[test]
fn en_to_zh_mirrors_zh_to_en() {
    let (zh, en) = (zh(), en());
    let forward = ids(&align(&zh, &en));
    let backward = ids(&align(&en, &zh));
    let mirrored: Vec<BeadIds> = backward.into_iter().map(|(s, t)| (t, s)).collect();
    assert_eq!(mirrored, forward);
}

/// The English text with sentences `drop` (indices of `en()`) removed, and
/// the document read from it.
fn en_without(drop: std::ops::Range<usize>) -> Document {
    let en = en();
    let text = en.text();
    let cut = en.sentences()[drop.start].span.start..en.sentences()[drop.end - 1].span.end;
    let modified = format!("{}{}", &text[..cut.start], &text[cut.end..]);
    Document::from_text("en-modified.txt", &modified, Lang::En, InputMode::Raw)
        .expect("modified English")
}

#[test]
fn a_deleted_translation_is_found_as_an_empty_bead() {
    // Gold [22]:[29,30]: delete English sentences 29 and 30, so Chinese
    // sentence 22 has no translation left. The aligner must say so with a
    // 1-0 bead, not fold it into a neighbour (issue 8), in both directions.
    let (zh, en) = (zh(), en_without(29..31));
    assert_eq!(en.len(), 40);
    let auto = ids(&align(&zh, &en));
    assert!(
        auto.contains(&(vec![22], vec![])),
        "no [22]:[] bead: {auto:?}"
    );
    // Every other gold bead survives (English indices after 30 shift by 2).
    let shifted: Vec<BeadIds> = gold()
        .into_iter()
        .map(|(s, t)| {
            let t = if s == [22] {
                Vec::new()
            } else {
                t.into_iter()
                    .map(|j| if j > 30 { j - 2 } else { j })
                    .collect()
            };
            (s, t)
        })
        .collect();
    let s = score(&shifted, &auto);
    assert_eq!(s.correct, s.gold, "strict F1 {:.4}: {auto:?}", s.f1());
    let backward = ids(&align(&en, &zh));
    assert!(
        backward.contains(&(vec![], vec![22])),
        "en→zh: no []:[22] bead: {backward:?}"
    );
}

#[test]
fn zh_to_en_is_perfect_on_the_sample() {
    let auto = ids(&align(&zh(), &en()));
    assert_eq!(score(&gold(), &auto).f1(), 1.0, "{auto:?}");
}
