//! The guided search against its oracle, the exhaustive search: on texts
//! long enough to be guided, both give (nearly) the same alignment; and a long run of
//! sentences present on one side only, which leaves the guide far from the
//! path, is still found (the window widens where the texts diverge), and
//! the sentences both sides share stay aligned around it (the length cost's
//! ratio is measured where the texts correspond).

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

fn shapes(a: &Alignment) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    a.beads()
        .iter()
        .map(|b| (b.src.clone(), b.tgt.clone()))
        .collect()
}

/// Asserts that the guided search found (nearly) the exhaustive search's
/// alignment: at least `share` of the exhaustive beads, with confidences
/// that differ by 0.06 on average where the beads agree and join sentences
/// of both sides. (Within a long run of sentences of one side only, the
/// exhaustive search spreads the mass over the many places the run could
/// be cut; the guided window does not look that far, so its empty-side
/// beads there are surer.) The two need not be identical: a guided path
/// that settles in a window can differ from the exhaustive one where a
/// better path lies outside it, and the lexicon learned from it then
/// differs a little.
fn assert_agree(guided: &Alignment, exhaustive: &Alignment, share: f64) {
    let g = shapes(guided);
    let (mut agree, mut compared, mut difference) = (0, 0u32, 0.0);
    for e in exhaustive.beads() {
        if let Some(k) = g.iter().position(|s| s.0 == e.src && s.1 == e.tgt) {
            agree += 1;
            if !e.is_null() {
                compared += 1;
                difference += (guided.beads()[k].confidence - e.confidence).abs();
            }
        }
    }
    let total = exhaustive.beads().len();
    let mean = difference / f64::from(compared.max(1));
    assert!(mean <= 0.06, "confidences differ by {mean} on average");
    eprintln!(
        "guided search agrees on {agree} of the exhaustive search's {total} beads; confidences differ by {mean:.4} on average"
    );
    assert!(
        agree as f64 >= share * total as f64,
        "the guided search agrees on {agree} of {total} beads"
    );
}

/// `count` different English sentences of one pattern: a passage with no
/// counterpart in the Chinese.
fn foreign_sentences(count: usize) -> Vec<String> {
    const WHO: [&str; 6] = ["baker", "gardener", "sailor", "weaver", "potter", "miller"];
    const DID: [&str; 5] = ["mended", "painted", "carried", "sorted", "polished"];
    const WHAT: [&str; 10] = [
        "the old fence",
        "a basket of apples",
        "the wooden boat",
        "seven clay jars",
        "the village bell",
        "a heavy sack of flour",
        "the broken loom",
        "twelve garden chairs",
        "the narrow bridge",
        "a box of candles",
    ];
    (0..count)
        .map(|k| {
            format!(
                "Every morning the {} {} {} before the market opened.",
                WHO[k % WHO.len()],
                DID[(k / WHO.len()) % DID.len()],
                WHAT[(k / (WHO.len() * DID.len())) % WHAT.len()],
            )
        })
        .collect()
}

#[test]
fn guided_search_finds_the_exhaustive_alignment_of_a_long_text() {
    // The sample four times over (132 Chinese, 168 English sentences): long
    // enough for a guided search, short enough for the oracle in a test.
    let zh = doc("zh.txt", sample("zh.txt").repeat(4), Lang::Zh);
    let en = doc("en.txt", sample("en.txt").repeat(4), Lang::En);
    assert!(zh.len() > 100 && en.len() > 150);
    let exhaustive = align(&zh, &en, Search::Exhaustive);
    let guided = align(&zh, &en, Search::Guided);
    assert_agree(&guided, &exhaustive, 0.97);
    // And the same the other way round.
    let exhaustive = align(&en, &zh, Search::Exhaustive);
    let guided = align(&en, &zh, Search::Guided);
    assert_agree(&guided, &exhaustive, 0.97);
}

#[test]
fn a_300_sentence_passage_on_one_side_only_is_aligned_as_additions() {
    // Three copies of the sample, with 300 English sentences that translate
    // nothing inserted after the first: the guide (no sure pairs survive in
    // repeated text, so the length diagonal) runs far from the path.
    let zh_text = sample("zh.txt").repeat(3);
    let en_one = sample("en.txt");
    let extra = foreign_sentences(300).join(" ");
    let en_text = format!("{en_one}\n{extra}\n\n{}", en_one.repeat(2));
    let zh = doc("zh.txt", zh_text, Lang::Zh);
    let en = doc("en.txt", en_text, Lang::En);
    let per_copy = doc("en.txt", en_one, Lang::En).len();
    assert_eq!(en.len(), 3 * per_copy + 300);
    let guided = align(&zh, &en, Search::Guided);
    let added: Vec<usize> = guided
        .beads()
        .iter()
        .filter(|b| b.src.is_empty())
        .flat_map(|b| b.tgt.clone())
        .collect();
    let planted = per_copy..per_copy + 300;
    let found = added.iter().filter(|j| planted.contains(j)).count();
    eprintln!(
        "guided search: {found} of the 300 added sentences aligned as 0-1 beads ({} 0-1 beads in all)",
        added.len()
    );
    assert!(found >= 295, "{found} of the 300 added sentences found");
    // Nothing else is taken for an addition wholesale: the three copies
    // still align.
    let aligned_outside = guided
        .beads()
        .iter()
        .filter(|b| !b.is_null() && b.tgt.clone().all(|j| !planted.contains(&j)))
        .count();
    assert!(
        aligned_outside >= 3 * 25,
        "{aligned_outside} beads outside the passage"
    );
    let exhaustive = align(&zh, &en, Search::Exhaustive);
    assert_agree(&guided, &exhaustive, 0.97);
}

#[test]
fn any_bead_table_the_builder_accepts_aligns() {
    use bitext::align::{BeadKind, CostModel};
    // Every shape up to 8-8 (80 of them): the builder accepts it, so the
    // search must handle it.
    let mut model = CostModel::lexical();
    model.priors = (0..=8)
        .flat_map(|a| (0..=8).map(move |b| (a, b)))
        .filter(|&(a, b)| a + b > 0)
        .map(|(a, b)| (BeadKind::new(a, b), 0.01))
        .collect();
    assert_eq!(model.priors.len(), 80);
    let zh = doc("zh.txt", "王毅主持会议。十五国外长出席。".into(), Lang::Zh);
    let en = doc(
        "en.txt",
        "Wang Yi chaired the meeting. Fifteen foreign ministers attended.".into(),
        Lang::En,
    );
    for search in [Search::Exhaustive, Search::Guided] {
        let a = Aligner::builder()
            .cost_model(model.clone())
            .search(search)
            .build()
            .expect("a valid bead table")
            .align(&zh, &en)
            .expect("alignment");
        assert_eq!(
            a.beads().last().map(|b| (b.src.end, b.tgt.end)),
            Some((2, 2))
        );
    }
}

#[test]
fn an_unbounded_band_is_bounded_by_the_grid() {
    use bitext::align::CostModel;
    let zh = doc("zh.txt", sample("zh.txt").repeat(2), Lang::Zh);
    let en = doc("en.txt", sample("en.txt").repeat(2), Lang::En);
    let a = Aligner::builder()
        .cost_model(CostModel::length_only())
        .search(Search::Guided)
        .max_band(usize::MAX)
        .build()
        .expect("the length-only model")
        .align(&zh, &en)
        .expect("alignment");
    assert_eq!(
        a.beads().last().map(|b| (b.src.end, b.tgt.end)),
        Some((zh.len(), en.len()))
    );
}

#[test]
fn the_guided_search_learns_from_the_paths_the_exhaustive_search_learns_from() {
    // The guided first pass tries the one-sentence bead shapes, then refines its
    // path with every shape before the lexicon learns from it, as the
    // exhaustive first pass does in one go: on the sample four times over
    // (four 1-3 beads among its 132), the two searches learn the same
    // pairs and find the same beads with the same confidences (up to the
    // mass of the paths outside the guided window).
    let zh = doc("zh.txt", sample("zh.txt").repeat(4), Lang::Zh);
    let en = doc("en.txt", sample("en.txt").repeat(4), Lang::En);
    for (src, tgt) in [(&zh, &en), (&en, &zh)] {
        let exhaustive = align(src, tgt, Search::Exhaustive);
        let guided = align(src, tgt, Search::Guided);
        assert_eq!(shapes(&guided), shapes(&exhaustive));
        let most = guided
            .beads()
            .iter()
            .zip(exhaustive.beads())
            .map(|(g, e)| (g.confidence - e.confidence).abs())
            .fold(0.0, f64::max);
        eprintln!("largest difference of confidences: {most:.2e}");
        assert!(most <= 1e-4, "confidences differ by up to {most}");
    }
}

// A long passage on one side only (a release with an untranslated appendix,
// a chapter the translator left out) must not bend the alignment of what
// both sides share. The length cost expects the two texts' length ratio;
// taken from their total lengths, a passage one side lacks made every real
// bead look several times too short on the other side, so the aligner
// joined real sentences into wrong beads and called the pair unrelated.
// The ratio is measured between sure pairs instead when the two differ.

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
