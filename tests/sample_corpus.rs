//! The sample corpus (`corpora/release-2021-05-08`): the library aligns it
//! zh→en with strict F1 ≥ 0.90 against the hand-made gold, the gold itself is
//! a covering alignment of the segmented texts, and en→zh mirrors zh→en.

mod common;
use common::corpus;

use bitext::Lang;
use bitext::align::{Aligner, Alignment, CostModel};
use bitext::document::{Document, InputMode};
use bitext::eval::{BeadIds, read_beads, score};
use bitext::quality::{FlagKind, QualityOptions, Side, join_segment, score_alignment};

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
fn a_translation_that_stops_early_keeps_its_beads() {
    // Only the first 4 to 8 English sentences: the English is a seventh to
    // a fifth of the Chinese, so the total lengths made every English
    // sentence look three Chinese sentences long, and the few that exist
    // were merged into wrong 2-1 and 3-2 beads with high confidence. The
    // gold beads they hold must come out, then one 1-0 bead per Chinese
    // sentence left.
    let zh = zh();
    for kept in 4..=8 {
        let en = en_without(kept..42);
        assert_eq!(en.len(), kept);
        let got = ids(&align(&zh, &en));
        let mut want: Vec<BeadIds> = gold()
            .into_iter()
            .filter(|(_, t)| t.iter().all(|&j| j < kept))
            .collect();
        let covered = want.len();
        want.extend((covered..zh.len()).map(|i| (vec![i], Vec::new())));
        assert_eq!(got, want, "English sentences 0..{kept}");
    }
}

#[test]
fn a_sentence_left_untranslated_is_one_bead_with_its_source() {
    // English sentence 3 (gold [1]:[3]) replaced by the Chinese it
    // translates, as a translator who forgot it leaves it: the copy matches
    // nothing the lexicon knows, and the search made it an omission beside
    // an addition. It is one 1-1 bead, every other gold bead kept.
    let zh = zh();
    let en = en();
    let copy = zh.sentence_text(1);
    let cut = en.sentences()[3].span.clone();
    let text = format!("{}{copy}{}", &en.text()[..cut.start], &en.text()[cut.end..]);
    let en = Document::from_text("en-copy.txt", &text, Lang::En, InputMode::Raw)
        .expect("English with a copied sentence");
    assert_eq!(en.len(), 42);
    let got = ids(&align(&zh, &en));
    assert_eq!(got, gold(), "the copy is not in its gold bead");
}

/// `doc` with its sentence `k` removed.
fn without(doc: &Document, k: usize, lang: Lang) -> Document {
    let text = doc.text();
    let cut = doc.sentences()[k].span.clone();
    let modified = format!("{}{}", &text[..cut.start], &text[cut.end..]);
    Document::from_text("modified.txt", &modified, lang, InputMode::Raw).expect("modified text")
}

#[test]
fn the_issue_8_trial_finds_the_omission_the_best_path_folded_away() {
    // Issue 8's trial: deleting English sentence 28 (gold [21]:[28]) gave
    // the bead [21,22]:[28,29] at confidence 0.96. Chinese 21 found its
    // support in English words that Chinese 22 translates too; once a word
    // claimed by two sentences of a side counts half for each, the best
    // path itself leaves 21 alone (checked without the null marginals
    // below), and with them too.
    let (zh, en) = (zh(), without(&en(), 28, Lang::En));
    let auto = ids(&align(&zh, &en));
    assert!(
        auto.contains(&(vec![21], vec![])),
        "no [21]:[] bead: {auto:?}"
    );
    assert!(auto.contains(&(vec![22], vec![28, 29])), "{auto:?}");
    let with = |shared_credit: f64| {
        let mut model = CostModel::lexical();
        model.null_threshold = 0.0;
        model.shared_credit = shared_credit;
        let aligner = Aligner::builder()
            .cost_model(model)
            .build()
            .expect("aligner");
        ids(&aligner.align(&zh, &en).expect("alignment"))
    };
    let exclusive = with(CostModel::lexical().shared_credit);
    assert!(exclusive.contains(&(vec![21], vec![])), "{exclusive:?}");
    let shared = with(1.0);
    assert!(!shared.contains(&(vec![21], vec![])), "{shared:?}");
}

#[test]
fn a_deleted_sentence_whose_words_the_neighbour_repeats_is_flagged() {
    // Deleting English 5 ("The President of the United Nations General
    // Assembly Bozkor made a briefing to the meeting.") folds Chinese 3
    // into the next bead, whose English repeats 联合国, 主席 and 会议; it
    // went unflagged while each of those words supported both Chinese
    // sentences. Counted half for each, Chinese 3's null marginal now
    // marks it.
    let (zh, en) = (zh(), without(&en(), 5, Lang::En));
    let a = align(&zh, &en);
    assert!(
        found_or_flagged(&zh, &en, &a, Side::Source, 3),
        "{:?}",
        ids(&a)
    );
    let mut model = CostModel::lexical();
    model.shared_credit = 1.0;
    let before = Aligner::builder()
        .cost_model(model)
        .build()
        .expect("aligner")
        .align(&zh, &en)
        .expect("alignment");
    assert!(
        !found_or_flagged(&zh, &en, &before, Side::Source, 3),
        "{:?}",
        ids(&before)
    );
}

#[test]
fn most_single_deletions_of_the_sample_stay_found() {
    // Every 1-1 gold bead in turn loses its English (then its Chinese)
    // sentence; the sentence left alone must come out as an empty-side
    // bead. At the default (`--null-threshold auto`, which judges this
    // release a close translation and gives it 0.1,0.25) 47 of the 50
    // trials do; at the fixed 0.35 of literary text 36 (37 before session
    // 19's irregular English stems, which moved one; 23 before words
    // claimed by two sentences counted half, 20 without the null
    // marginals); the rest are short sentences that a neighbour's bead
    // absorbs, and most of those are flagged in it.
    let (zh, en) = (zh(), en());
    let aligner = Aligner::builder().build().expect("aligner");
    // `--null-threshold 0.1,0.25`, the thresholds `auto` gives close
    // translations such as this one: 0.1 for a Chinese sentence without
    // English, 0.25 for an English one without Chinese (0.1 on both sides
    // finds all 50 but cuts English 34 out of the real merged bead
    // [25]:[33,34]; 0.15 on both finds 47).
    let mut model = CostModel::lexical();
    model.null_threshold = 0.1;
    model.null_threshold_tgt = Some(0.25);
    // These thresholds everywhere, not only on texts judged loose.
    model.null_auto = false;
    let keen = Aligner::builder()
        .cost_model(model)
        .build()
        .expect("aligner");
    assert_eq!(
        score(&gold(), &ids(&keen.align(&zh, &en).expect("alignment"))).f1(),
        1.0
    );
    let mut loose = CostModel::lexical();
    loose.null_auto = false;
    let loose = Aligner::builder()
        .cost_model(loose)
        .build()
        .expect("aligner");
    let mut found = 0;
    let mut found_loose = 0;
    let mut flagged = 0;
    let mut found_keen = 0;
    let mut trials = 0;
    for (s, t) in gold() {
        if let ([i], [j]) = (s.as_slice(), t.as_slice()) {
            let en_cut = without(&en, *j, Lang::En);
            let a = aligner.align(&zh, &en_cut).expect("alignment");
            let zh_cut = without(&zh, *i, Lang::Zh);
            let b = aligner.align(&zh_cut, &en).expect("alignment");
            found += usize::from(ids(&a).contains(&(vec![*i], vec![])));
            found += usize::from(ids(&b).contains(&(vec![], vec![*j])));
            let a_loose = ids(&loose.align(&zh, &en_cut).expect("alignment"));
            let b_loose = ids(&loose.align(&zh_cut, &en).expect("alignment"));
            found_loose += usize::from(a_loose.contains(&(vec![*i], vec![])));
            found_loose += usize::from(b_loose.contains(&(vec![], vec![*j])));
            flagged += usize::from(found_or_flagged(&zh, &en_cut, &a, Side::Source, *i));
            flagged += usize::from(found_or_flagged(&zh_cut, &en, &b, Side::Target, *j));
            let a = ids(&keen.align(&zh, &en_cut).expect("alignment"));
            let b = ids(&keen.align(&zh_cut, &en).expect("alignment"));
            found_keen += usize::from(a.contains(&(vec![*i], vec![])));
            found_keen += usize::from(b.contains(&(vec![], vec![*j])));
            trials += 2;
        }
    }
    assert_eq!(trials, 50);
    // At 0.1,0.25, 47 of 50 (all 25 English deletions), and the unmodified
    // sample is still perfect.
    assert!(
        found_keen >= 47,
        "{found_keen} of {trials} deletions found at 0.1,0.25"
    );
    assert!(found >= 47, "{found} of {trials} deletions found at auto");
    assert!(
        found_loose >= 36,
        "{found_loose} of {trials} deletions found at 0.35"
    );
    // For an auditor: the sentence is in an empty-side bead or its bead
    // flags it (47 of 50 today; 36, the empty-side beads alone at 0.35,
    // without the unmatched-sentence flags).
    assert!(
        flagged >= 47,
        "{flagged} of {trials} deletions found or flagged"
    );
}

#[test]
fn an_added_sentence_folded_into_a_bead_is_flagged() {
    // Issue 8's trial: one extra English sentence after English sentence 8.
    // It was folded into the bead of Chinese 6; since session 19 the default
    // gives it a bead of its own, and at a fixed 0.35 it is still folded and
    // the quality stage flags it as an addition pointing at it (README).
    let (zh, en) = (zh(), en());
    let cut = en.sentences()[8].span.end;
    let added = "The weather in New York was mild and sunny that Saturday.";
    let text = format!("{} {added}{}", &en.text()[..cut], &en.text()[cut..]);
    let en = Document::from_text("added.txt", &text, Lang::En, InputMode::Raw).expect("text");
    assert_eq!(en.sentence_text(9), added);
    let a = align(&zh, &en);
    assert!(
        found_or_flagged(&zh, &en, &a, Side::Target, 9),
        "{:?}",
        ids(&a)
    );
}

/// Sentence `k` of `side` is in an empty-side bead, or its bead carries an
/// omission (source) or addition (target) flag pointing at it.
fn found_or_flagged(src: &Document, tgt: &Document, a: &Alignment, side: Side, k: usize) -> bool {
    let report = score_alignment(src, tgt, a, &QualityOptions::new(src.lang(), tgt.lang()))
        .expect("quality");
    let (bead, segment) = a
        .beads()
        .iter()
        .zip(&report.segments)
        .find(|(b, _)| match side {
            Side::Source => b.src.contains(&k),
            Side::Target => b.tgt.contains(&k),
        })
        .expect("every sentence is in a bead");
    if bead.is_null() {
        return true;
    }
    let (range, doc, kind) = match side {
        Side::Source => (bead.src.clone(), src, FlagKind::Omission),
        Side::Target => (bead.tgt.clone(), tgt, FlagKind::Addition),
    };
    let texts: Vec<&str> = range.clone().map(|i| doc.sentence_text(i)).collect();
    let joined = join_segment(doc.lang(), &texts);
    let before: usize = texts[..k - range.start]
        .iter()
        .map(|t| t.len() + doc.lang().joiner().len())
        .sum();
    let end = before + texts[k - range.start].len();
    assert!(end <= joined.len());
    segment.flags.iter().any(|f| {
        f.kind == kind
            && f.spans
                .iter()
                .any(|s| s.side == side && s.start < end && s.end > before)
    })
}

#[test]
fn zh_to_en_is_perfect_on_the_sample() {
    let auto = ids(&align(&zh(), &en()));
    assert_eq!(score(&gold(), &auto).f1(), 1.0, "{auto:?}");
}

/// Issue 8's trial of an extra Chinese paragraph (four sentences with no
/// English, after the sample's fifth paragraph): four 1-0 beads, and every
/// other bead as the gold has it. At the default (the sample is judged a
/// close translation, so its English side, the one with more sentences, is
/// favoured from a null marginal of 0.25) the short fragment `China
/// advocates:`, which opens the next sentence of its real 1-2 bead, was cut
/// out as a false addition: fragments that end on a colon are not favoured.
#[test]
fn an_extra_chinese_paragraph_leaves_the_other_beads_alone() {
    let zh_text = std::fs::read_to_string(corpus("zh.txt")).expect("zh.txt");
    let lines: Vec<&str> = zh_text.lines().collect();
    let extra = "据中央气象台预报，本周北方地区将迎来大范围降雨。气象专家提醒，河北、山西等地需防范强对流天气。\
                 南方大部地区气温将持续偏高，最高可达三十五摄氏度。有关部门已启动防汛应急响应，做好各项准备工作。";
    let mut changed: Vec<&str> = lines[..5].to_vec();
    changed.push(extra);
    changed.extend_from_slice(&lines[5..]);
    let original = zh();
    let zh =
        Document::from_text("extra.txt", changed.join("\n"), Lang::Zh, InputMode::Raw).expect("zh");
    let at = zh_sentences_before_paragraph(&original, 5);
    assert_eq!(zh.len(), original.len() + 4);
    let a = ids(&align(&zh, &en()));
    let planted: Vec<usize> = (at..at + 4).collect();
    for &i in &planted {
        assert!(a.contains(&(vec![i], vec![])), "{i}: {a:?}");
    }
    // Every other bead, numbered as before the insertion, is a gold bead.
    let back = |i: usize| if i < at { i } else { i - 4 };
    let others: Vec<BeadIds> = a
        .iter()
        .filter(|(s, _)| !s.iter().any(|i| planted.contains(i)))
        .map(|(s, t)| (s.iter().map(|&i| back(i)).collect(), t.clone()))
        .collect();
    assert_eq!(others, gold());
}

/// The number of sentences of `doc` in its paragraphs before paragraph `p`.
fn zh_sentences_before_paragraph(doc: &Document, p: usize) -> usize {
    doc.sentences().iter().filter(|s| s.paragraph < p).count()
}

/// Sentences `range` of `doc`, one a line, read back as a presegmented
/// document: a short text cut from the sample.
fn cut(doc: &Document, range: std::ops::Range<usize>, lang: Lang) -> Document {
    let lines: Vec<&str> = range.map(|i| doc.sentence_text(i)).collect();
    Document::from_text("cut.txt", lines.join("\n"), lang, InputMode::Presegmented)
        .expect("cut text")
}

#[test]
fn a_short_text_missing_its_last_translation_keeps_its_other_beads() {
    // Chinese 1–8 and English 3–9 of the sample (gold [i]:[i + 2], eight
    // 1-1 beads with English 10 deleted): the sure pairs of the true beads
    // and those of each Chinese sentence with the previous one's English
    // made chains of seven pairs each, and the shifted chain won; its
    // length ratio (12 instead of 3.9) then made every other Chinese
    // sentence a 1-0 bead. The chain with the most supporting keys wins.
    let (zh, en) = (cut(&zh(), 1..9, Lang::Zh), cut(&en(), 3..10, Lang::En));
    let mut want: Vec<BeadIds> = (0..7).map(|i| (vec![i], vec![i])).collect();
    want.push((vec![7], vec![]));
    assert_eq!(ids(&align(&zh, &en)), want);
    let mirrored: Vec<BeadIds> = ids(&align(&en, &zh))
        .into_iter()
        .map(|(s, t)| (t, s))
        .collect();
    assert_eq!(mirrored, want);
}

/// The score of the bead holding the source sentence `text`.
fn bead_score(src: &Document, tgt: &Document, text: &str) -> f64 {
    let a = align(src, tgt);
    let report = score_alignment(src, tgt, &a, &QualityOptions::new(src.lang(), tgt.lang()))
        .expect("quality");
    let k = (0..src.len())
        .find(|&i| src.sentence_text(i) == text)
        .expect("the sentence is in the sample");
    let (_, segment) = a
        .beads()
        .iter()
        .zip(&report.segments)
        .find(|(b, _)| b.src.contains(&k))
        .expect("every sentence is in a bead");
    segment.score
}

/// A short faithful sentence among the sample's long ones is not taken
/// for a truncated one: the spread of a log length ratio grows as the
/// sentence gets shorter (it scored 0.2654 zh→en, where alone it scores
/// 0.99, because its 4 words were held to the spread of 30-word ones).
#[test]
fn a_short_faithful_sentence_among_long_ones_keeps_a_good_score() {
    let s = bead_score(&zh(), &en(), "我们需要真正的多边主义。");
    assert!(s >= 0.5, "zh→en: {s}");
    let s = bead_score(&en(), &zh(), "We need true multilateralism.");
    assert!(s >= 0.5, "en→zh: {s}");
}

/// The sample's gold pairs (source text, target text), with the English of
/// the pairs in `cut` replaced: (whole English sentence, its truncation).
fn gold_pairs(cut: &[(&str, &str)]) -> Vec<(String, String)> {
    let (zh, en) = (zh(), en());
    gold()
        .iter()
        .map(|(s, t)| {
            let texts = |doc: &Document, ids: &[usize]| -> Vec<String> {
                ids.iter()
                    .map(|&i| doc.sentence_text(i).to_string())
                    .collect()
            };
            let src = texts(&zh, s);
            let tgt: Vec<String> = texts(&en, t)
                .into_iter()
                .map(|e| {
                    cut.iter()
                        .find(|(whole, _)| *whole == e)
                        .map_or(e, |(_, part)| part.to_string())
                })
                .collect();
            let join = |lang: Lang, v: &[String]| {
                join_segment(lang, &v.iter().map(String::as_str).collect::<Vec<_>>())
            };
            (join(Lang::Zh, &src), join(Lang::En, &tgt))
        })
        .collect()
}

/// Widening the spread of a short sentence's length ratio does not excuse
/// a short translation that drops half its content: among the sample's
/// pairs, `We need.` for 我们需要真正的多边主义。 and the chair without
/// his titles keep a low score and an omission flag, while the faithful
/// short pair scores well.
#[test]
fn a_short_translation_that_drops_half_its_content_still_scores_low() {
    let opts = QualityOptions::new(Lang::Zh, Lang::En);
    let whole = gold_pairs(&[]);
    let faithful = whole
        .iter()
        .position(|p| p.1 == "We need true multilateralism.")
        .expect("the pair is in the gold");
    let report = bitext::quality::score_pairs(&whole, &opts).expect("quality");
    let s = report.segments[faithful].score;
    assert!(s >= 0.5, "faithful: {s}");
    let chaired =
        "The meeting was chaired by State Councilor and Minister of Foreign Affairs Wang Yi.";
    let cut = gold_pairs(&[
        ("We need true multilateralism.", "We need."),
        (chaired, "The meeting was chaired by Wang Yi."),
    ]);
    let report = bitext::quality::score_pairs(&cut, &opts).expect("quality");
    let mut seen = 0;
    for (k, pair) in cut.iter().enumerate() {
        if pair.1 == "We need." || pair.1.starts_with("The meeting was chaired by Wang Yi.") {
            seen += 1;
            let seg = &report.segments[k];
            assert!(seg.score < 0.2, "{pair:?}: {}", seg.score);
            assert!(
                seg.flags.iter().any(|f| f.kind == FlagKind::Omission),
                "{pair:?}: {:?}",
                seg.flags
            );
        }
    }
    assert_eq!(seen, 2, "both truncations are in the pairs");
}
