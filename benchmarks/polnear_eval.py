"""Quote extraction and speaker attribution on PolNeAR, scored by the shared PolNeAR scorer.

Recipe, data and metric: /work/shared/benchmarks/polnear/README.md. PolNeAR has no licence, so
its data never enters the repository: build the gold once into a cache outside it,

    python3 /work/shared/benchmarks/polnear/convert_quote_eval.py \
        --git-dir <PolNeAR git dir> --commit c3eee833c035bf7b8c84f55b58c0bf7346cfae76 \
        --out /work/cache/polnear --splits test dev

then run this script. Each gold document's ``text`` becomes an ``Article`` (language en) and goes
through the pipeline's own analysis (``Analyzer.analyze_doc`` on ``nlp.pipe`` output, as in
``Analyzer.__call__``, without the clustering embedding). Mentions are mapped to the PolNeAR
prediction format:

* direct mention: content span widened to take in its quotation marks (and a ``,``/``;`` before
  the closing mark); consecutive direct mentions of one paragraph with the same speaker as
  written, only that attribution between them (narration after its sentence, names and titles
  in marks aside) and one verb of saying in all (``"A," X said after the vote. "B."``), or a
  mention with no cue of its own that goes on in the same paragraph or opens the next one after
  a paragraph ending with the attribution (``"A," he said.<blank line>"B."``), become one
  prediction with ``fragments`` (PolNeAR's unit is the attribution, storyline's the quoted run;
  a verb whose own clause lies between, "said, emphasizing why …", or a passive one, claims
  nothing; a quotation after a colon has an attribution of its own, ``I had to change my
  answer: "B."``);
  ``--no-merge`` / ``--no-widen`` switch these off;
* mixed mention: the content it reports, PolNeAR's (PARC's) unit: the mention less its speaker
  and cue, from the parse (``storyline.analyze.quotes.reported_content``: "X called it “a
  gift”" -> "it “a gift”", "CONTENT, X said" -> "CONTENT"); the ``variant_spans`` block
  scores the same mentions with spans as storyline stores them (the whole reporting clause),
  written next to the main file; ``--clause-spans`` makes that the main mapping;
* indirect mention: its content as for mixed ones, written with kind ``indirect`` (score.py
  ignores those);
* ``supplementary_indirect_phrases``: the indirect scope again, with the mentions of
  ``extract_quotes(..., phrases=True)`` (also attributions whose content is an infinitive or a
  noun phrase: "vowed to …", "called for …", "cited a poll"; off in the pipeline);
* speaker: ``QuoteMention.speaker_text`` (as written: "he", "the source") located in the text:
  the occurrence outside quotes nearest the quote inside its context sentences (for mixed and
  indirect mentions, nearest their cue: "they say they support …"), else the nearest one
  before the quote, else after it; a group of direct mentions takes the speaker of the member
  whose speaker stands in its own sentence first.

Every prediction takes its kind by the gold's own rule (``convert_quote_eval.classify``): one
whose content holds no double quotation mark (storyline's direct quote in ''…'' marks, as the
New York Times articles write it) is ``indirect``, scored in the indirect scope only.

score.py is run as a subprocess and its JSON is printed; ``supplementary_indirect`` is extra:
storyline's indirect mentions against gold indirect attributions with score.py's own
``evaluate`` (same matching rules; score.py itself does not print an indirect scope).

Usage:
    .venv/bin/python benchmarks/polnear_eval.py [--split dev|test] [--gold-dir /work/cache/polnear]
        [--pred PATH] [--json RESULTS.json] [--no-merge] [--no-widen] [--clause-spans]
        [--limit N] [-v]

    -v lists the direct-scope misses by score.py's rules: FN (gold unmatched), FP (scored
    prediction unmatched), SPEAKER (matched, speaker span misses the gold Source).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from storyline.analyze import Analyzer
from storyline.analyze.cues import EN_CUE_LEMMAS
from storyline.analyze.nlp import load_pipeline
from storyline.analyze.quotes import extract_quotes, find_quoted, reported_content
from storyline.records import Article, QuoteMention

SHARED = Path("/work/shared/benchmarks/polnear")
ANCHORS = {  # README, PolNeAR test, direct scope, textacy "fixed" (%), and our targets
    "textacy_fixed_test": {"direct_quote_f1": 83.7, "direct_quote_speaker_f1": 77.6,
                           "direct_mixed_quote_f1": 64.1},
    "textacy_fixed_dev": {"direct_quote_f1": 81.8, "direct_quote_speaker_f1": 74.8},
    "targets": {"direct_quote_f1": 90.0, "direct_quote_speaker_f1": 85.0,
                "direct_mixed_quote_f1": 80.0},
}
_OPEN = "\"“„«‹"
_CLOSE = "\"”»›“"


# --------------------------------------------------------------------------- mapping


def _widen(text: str, s: int, e: int) -> tuple[int, int]:
    """Take in the quotation marks around a direct quote's words (PolNeAR content has them)."""
    if text[max(0, s - 2):s] == "''":  # ''…'': two apostrophes for a double mark
        s -= 2
    elif s > 0 and text[s - 1] in _OPEN:
        s -= 1
    j = e
    while j < len(text) and j - e < 2 and text[j] in ",;":
        j += 1
    if text[j:j + 2] == "''":
        e = j + 2
    elif j < len(text) and text[j] in _CLOSE:
        e = j + 1
    return s, e


_DOUBLE_QUOTES = frozenset("\"\u201c\u201d\u201e\u00ab\u00bb")  # as convert_quote_eval.py


def _gold_kind(text: str, rec: dict[str, Any]) -> str:
    """The kind by PolNeAR's gold convention (convert_quote_eval.py's ``classify``): content
    with no double quotation mark is indirect, whatever marks storyline read (''…'', '…')."""
    spans = rec.get("fragments") or [(rec["start"], rec["end"])]
    if any(c in _DOUBLE_QUOTES for s, e in spans for c in text[s:e]):
        return rec["kind"]
    return "indirect"


def _outside(pos: int, quoted: list[tuple[int, int]]) -> bool:
    return not any(s - 1 <= pos < e + 1 for s, e in quoted)


def _locate_speaker(text: str, speaker: str, q: QuoteMention,
                    quoted: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Offsets of the speaker as written: nearest occurrence outside quotes, in the quote's
    context sentences first, then before the quote, then after it."""
    if not speaker.strip():
        return None
    hits = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(speaker)}(?!\w)", text)
            if _outside(m.start(), quoted)
            and not (q.kind == "direct" and q.start <= m.start() < q.end)]
    if not hits:
        return None
    near = [h for h in hits if q.sentence_start <= h < q.sentence_end]
    cues = ([m.start() for m in re.finditer(rf"(?<!\w){re.escape(q.cue)}(?!\w)", text)
             if q.sentence_start <= m.start() < q.sentence_end and _outside(m.start(), quoted)]
            if q.kind != "direct" and q.cue and q.cue[:1].isalpha() else [])
    if near and cues:  # reported speech: the occurrence next to its cue ("they say they …")
        h = min(near, key=lambda h: min(abs(h + len(speaker) - c) if h < c else abs(h - c)
                                        for c in cues))
    elif near:
        h = min(near, key=lambda h: min(abs(h - q.start), abs(h - q.end)))
    else:
        before = [h for h in hits if h < q.start]
        h = before[-1] if before else hits[0]
    return h, h + len(speaker)


def _cue_count(doc: Any, s: int, e: int) -> int:
    """Verbs of saying (storyline's English cue lemmas, "according to") in ``s:e`` that could
    introduce a quotation after them: passive ones ("he was called to") and ones whose own
    complement lies inside ``s:e`` ("…,” X said, emphasizing why it matters. “…”") do not."""
    span = doc.char_span(s, e, alignment_mode="contract") if e > s else None
    if span is None:
        return 0

    def claims(t: Any) -> bool:
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children):
            return False
        own = [c for c in t.children if c.dep_ in ("ccomp", "xcomp") and c.i > t.i]
        return not any(c.right_edge.idx < e for c in own)

    return sum(1 for t in span if ((t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in EN_CUE_LEMMAS)
               or (t.lower_ == "according" and t.i + 1 < len(doc) and t.nbor().lower_ == "to"))
               and claims(t))


def _continues(doc: Any, a: QuoteMention, q: QuoteMention, gap: str,
               between: list[int]) -> bool:
    """``q`` goes on with ``a``'s attribution: storyline found no cue of its own for it (its
    speaker is ``a``'s, inherited), no other quotation stands between them, and it is in the
    same paragraph or opens the next one right after a paragraph that ends with the
    attribution ("“A,” X said after the vote. “B.”", "“A,” he said.<blank line>“B.”")."""
    if q.cue is not None or between:
        return False
    if "\n" not in gap:
        return True
    head, _sep, tail = gap.rpartition("\n")
    paragraphs = [p for p in head.split("\n") if p.strip()]
    return not tail.strip(_OPEN + " ") and len(paragraphs) == 1 and re.search(
        rf"(?<!\w){re.escape(q.speaker_text)}(?!\w)", paragraphs[0]) is not None and _cue_count(
        doc, a.end, a.end + len(paragraphs[0]) + 1) == 1


def _is_title(words: str) -> bool:
    """A short run of capitalised words ("Cia", "Fox and Friends"): a name in marks."""
    toks = re.findall(r"[\w'’]+", words)
    return 0 < len(toks) <= 5 and toks[0][:1].isupper() and sum(
        t[:1].isupper() for t in toks) >= len(toks) - 1


def _attribution_end(doc: Any, start: int, q: QuoteMention) -> int:
    """End of the sentence that holds ``q``'s speaker between ``start`` and ``q`` ("…,” Obama
    said after meeting Putin. He didn't suggest retaliation. “…”": the narration after the
    attribution adds no verb of saying of its own); ``q.start`` when the speaker is not there."""
    m = None
    for m in re.finditer(rf"(?<!\w){re.escape(q.speaker_text)}(?!\w)", doc.text[start:q.start]):
        pass
    if m is None:
        return q.start
    span = doc.char_span(start + m.start(), start + m.end(), alignment_mode="expand")
    if span is None:
        return q.start
    return min(q.start, span.sent.end_char)


def _groups(doc: Any, directs: list[QuoteMention], quoted: list[tuple[int, int]],
            merge: bool) -> list[list[QuoteMention]]:
    """Direct mentions grouped into PolNeAR attributions: consecutive ones of one paragraph with
    the same speaker as written, nothing but that speaker's attribution between them, and at
    most one verb of saying for the group, between or after them ("A," X said. "B." or
    "A." "B," X said.). "A," X said, adding, "B." stays two."""
    text = doc.text
    out: list[list[QuoteMention]] = []
    for i, q in enumerate(directs):
        if merge and out:
            group = out[-1]
            a = group[-1]
            same = bool(q.speaker_text.strip()) and q.speaker_text == a.speaker_text
            # Quotations between them, less names and titles in marks ("Marcia “Cia” Price",
            # "said on “Fox and Friends.”"): those attribute nothing.
            between = [s for s, e in quoted if a.end < s < q.start - 1
                       and not _is_title(text[s:e])]
            gap = text[a.end:q.start]
            # Between them: nothing but marks, or the attribution itself (its speaker).
            attributed = len(re.findall(r"\w+", gap)) <= 2 or re.search(
                rf"(?<!\w){re.escape(q.speaker_text)}(?!\w)", gap) is not None
            if same and _continues(doc, a, q, gap, between):
                group.append(q)  # its speaker is inherited: no attribution of its own
                continue
            # "… I had to change my answer: “B.”": a colon gives q an attribution of its own.
            own = gap.rstrip(_OPEN + " ").endswith(":")
            if same and attributed and "\n" not in gap and not between and not own:
                nxt = directs[i + 1].start if i + 1 < len(directs) else len(text)
                line_end = text.find("\n", q.end)
                tail_end = min(nxt, line_end if line_end >= 0 else len(text))
                cues = sum(_cue_count(doc, x.end, _attribution_end(doc, x.end, y))
                           for x, y in zip(group, [*group[1:], q], strict=True))
                if cues + (_cue_count(doc, q.end, tail_end) if cues else 0) <= 1:
                    group.append(q)
                    continue
        out.append([q])
    return out


def _own_sentences(doc: Any, q: QuoteMention) -> tuple[int, int]:
    """Characters of the parser's sentences that the quote's words touch."""
    first = doc.char_span(q.start, q.start + 1, alignment_mode="expand")
    last = doc.char_span(max(q.start, q.end - 1), q.end, alignment_mode="expand")
    if first is None or last is None:
        return q.sentence_start, q.sentence_end
    return first.sent.start_char, last.sent.end_char


def _group_speaker(doc: Any, group: list[QuoteMention],
                   quoted: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The speaker span of a group: that of the member whose speaker stands in its own
    sentence ("“A.”<blank line>“B,” Warren said"), else in its context sentences ("…, she
    said. “A.”"), else the first one located."""
    text = doc.text
    found = [(q, _locate_speaker(text, q.speaker_text, q, quoted)) for q in group]
    found = [(q, spk) for q, spk in found if spk is not None]
    for within in (lambda q: _own_sentences(doc, q), lambda q: (q.sentence_start,
                                                                 q.sentence_end)):
        for q, spk in found:
            lo, hi = within(q)
            if lo <= spk[0] < hi:
                return spk
    return found[0][1] if found else None


def predictions(doc: Any, quotes: list[QuoteMention], merge: bool = True,
                widen: bool = True, content: bool = True) -> list[dict[str, Any]]:
    """storyline's mentions of one parsed document in the PolNeAR prediction format."""
    text = doc.text
    quoted = find_quoted(text)
    out: list[dict[str, Any]] = []
    directs = sorted((q for q in quotes if q.kind == "direct"), key=lambda q: q.start)
    for group in _groups(doc, directs, quoted, merge):
        frags = [(_widen(text, q.start, q.end) if widen else (q.start, q.end)) for q in group]
        spk = _group_speaker(doc, group, quoted)
        rec: dict[str, Any] = {"start": frags[0][0], "end": frags[-1][1],
                               "speaker_start": spk[0] if spk else None,
                               "speaker_end": spk[1] if spk else None, "kind": "direct"}
        if len(frags) > 1:
            rec["fragments"] = [list(f) for f in frags]
        rec["kind"] = _gold_kind(text, rec)
        out.append(rec)
    for q in quotes:
        if q.kind == "direct":
            continue
        spk = _locate_speaker(text, q.speaker_text, q, quoted)
        s, e = q.start, q.end
        if content:
            s, e = reported_content(doc, q)
        rec = {"start": s, "end": e, "speaker_start": spk[0] if spk else None,
               "speaker_end": spk[1] if spk else None, "kind": q.kind}
        rec["kind"] = _gold_kind(text, rec)
        out.append(rec)
    out.sort(key=lambda p: (p["start"], p["end"]))
    return out


# --------------------------------------------------------------------------- misses (-v)


def _chars(p: dict[str, Any]) -> set[int]:
    out: set[int] = set()
    for s, e in p.get("fragments") or [(p["start"], p["end"])]:
        out.update(range(s, e))
    return out


def _misses(doc: dict[str, Any], preds: list[dict[str, Any]]) -> list[str]:
    """FN / FP / SPEAKER lines for the direct scope, by score.py's rules (greedy mutual 50%)."""
    text = doc["text"]
    golds = [q for q in doc["quotes"] if q["kind"] == "direct"]
    others = [q for q in doc["quotes"] if q["kind"] != "direct"]
    gsets = [{c for s, e in g["quote_fragments"] for c in range(s, e)} for g in golds]
    osets = [{c for s, e in g["quote_fragments"] for c in range(s, e)} for g in others]
    dset = {c for s, e in doc.get("discard_spans") or [] for c in range(s, e)}
    ps = [p for p in preds if p["kind"] != "indirect"]
    psets = [_chars(p) for p in ps]
    neutral = [not any(len(x & g) >= len(x) / 2 for g in gsets) and (
        any(len(x & o) >= len(x) / 2 for o in osets) or len(x & dset) >= len(x) / 2)
        for x in psets]
    cands = sorted((-min(len(x & g) / len(x), len(x & g) / len(g)), j, i)
                   for i, x in enumerate(psets) if not neutral[i]
                   for j, g in enumerate(gsets)
                   if len(x & g) >= len(x) / 2 and len(x & g) >= len(g) / 2)
    up: dict[int, int] = {}
    ug: dict[int, int] = {}
    for _, j, i in cands:
        if i not in up and j not in ug:
            up[i], ug[j] = j, i
    rows = []

    def clip(s: int, e: int) -> str:
        return text[s:e].replace("\n", " / ")[:110]

    for j, g in enumerate(golds):
        if j not in ug:
            rows.append(f"FN\t{doc['doc_id']}\t{g['quote_start']}\t{clip(g['quote_start'], g['quote_end'])}"
                        f"\tgold speaker={g['speaker_text']!r}")
            continue
        p = ps[ug[j]]
        gs, ge, s, e = g["speaker_start"], g["speaker_end"], p["speaker_start"], p["speaker_end"]
        if None in (gs, ge, s, e) or not (s < ge and e > gs):
            pred_spk = text[s:e] if s is not None else None
            rows.append(f"SPEAKER\t{doc['doc_id']}\t{g['quote_start']}\t"
                        f"{clip(g['quote_start'], g['quote_end'])}\tgold={g['speaker_text']!r}"
                        f"@{gs} pred={pred_spk!r}@{s}")
    for i, p in enumerate(ps):
        if i not in up and not neutral[i]:
            rows.append(f"FP\t{doc['doc_id']}\t{p['start']}\t{p['kind']}\t"
                        f"{clip(p['start'], p['end'])}")
    return rows


# --------------------------------------------------------------------------- main


def _load_scorer(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("polnear_score", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--gold-dir", type=Path, default=Path("/work/cache/polnear"))
    ap.add_argument("--scorer", type=Path, default=SHARED / "score.py")
    ap.add_argument("--pred", type=Path, default=None,
                    help="predictions JSONL (default: <gold-dir>/pred-storyline-<split>.jsonl)")
    ap.add_argument("--json", type=Path, default=None, metavar="RESULTS",
                    help="also write the results as one JSON object to this file")
    ap.add_argument("--no-merge", action="store_true", help="one prediction per direct mention")
    ap.add_argument("--no-widen", action="store_true", help="keep spans without the marks")
    ap.add_argument("--clause-spans", action="store_true",
                    help="score mixed/indirect mentions as stored (the reporting clause)")
    ap.add_argument("--limit", type=int, default=0, help="first N documents only")
    ap.add_argument("-v", "--verbose", action="store_true", help="list direct-scope misses")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    gold_path = args.gold_dir / f"polnear-{args.split}.jsonl"
    if not gold_path.exists():
        sys.stderr.write(f"{gold_path} missing: build it with convert_quote_eval.py "
                         f"(see {SHARED / 'README.md'})\n")
        return 2
    docs = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    if args.limit:  # score against a gold file of those documents only (outside the repo)
        docs = docs[: args.limit]
        gold_path = args.gold_dir / f"polnear-{args.split}-first{args.limit}.jsonl"
        gold_path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs),
                             encoding="utf-8")
    pred_path = args.pred or args.gold_dir / f"pred-storyline-{args.split}.jsonl"

    analyzer = Analyzer()
    t_load = time.perf_counter()
    nlp = load_pipeline("en")
    load_s = time.perf_counter() - t_load
    articles = [Article(id=d["doc_id"], text=d["text"], language="en") for d in docs]
    t0 = time.perf_counter()
    preds: dict[str, list[dict[str, Any]]] = {}
    preds_mc: dict[str, list[dict[str, Any]]] = {}  # variant: the other span convention
    preds_ph: dict[str, list[dict[str, Any]]] = {}  # indirect, with phrase attributions
    failed = []
    n_mentions = {"direct": 0, "mixed": 0, "indirect": 0}
    parsed = nlp.pipe((a.text for a in articles), batch_size=analyzer.settings.batch_size)
    for article, doc in zip(articles, parsed, strict=True):
        try:
            analysis = analyzer.analyze_doc(doc, article, "en")
        except Exception as exc:  # noqa: BLE001 - as Analyzer.__call__: reject, keep going
            failed.append(f"{article.id}: {type(exc).__name__}: {exc}")
            preds[article.id] = preds_mc[article.id] = preds_ph[article.id] = []
            continue
        for q in analysis.quotes:
            n_mentions[q.kind] = n_mentions.get(q.kind, 0) + 1
        main = not args.clause_spans
        for out, content in ((preds, main), (preds_mc, not main)):
            out[article.id] = predictions(doc, list(analysis.quotes), merge=not args.no_merge,
                                          widen=not args.no_widen, content=content)
        with_phrases = extract_quotes(doc, article, analysis.entities, phrases=True)
        preds_ph[article.id] = [p for p in predictions(doc, with_phrases, merge=not args.no_merge,
                                                       widen=not args.no_widen)
                                if p["kind"] == "indirect"]
    elapsed = time.perf_counter() - t0

    def score(path: Path, by_doc: dict[str, list[dict[str, Any]]]) -> tuple[str, dict]:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps({"doc_id": d["doc_id"], "quotes": by_doc[d["doc_id"]]}) + "\n")
        proc = subprocess.run([sys.executable, str(args.scorer), str(path), "--gold",
                               str(gold_path)], capture_output=True, text=True, check=True)
        return proc.stdout.strip(), json.loads(proc.stdout)

    raw, scores = score(pred_path, preds)
    mc_path = pred_path.with_name(pred_path.stem + ("-content.jsonl" if args.clause_spans
                                                    else "-clause-spans.jsonl"))
    _raw_mc, scores_mc = score(mc_path, preds_mc)
    scorer = _load_scorer(args.scorer)
    relabelled = {k: [dict(p, kind="indirect_pred") for p in v if p["kind"] == "indirect"]
                  for k, v in preds.items()}
    counts, _ = scorer.evaluate(docs, relabelled, ("indirect",))
    supplementary = scorer.summarize(counts)
    ph_path = pred_path.with_name(pred_path.stem + "-phrases.jsonl")
    ph_path.write_text("".join(json.dumps({"doc_id": d["doc_id"], "quotes": preds_ph[d["doc_id"]]})
                               + "\n" for d in docs), encoding="utf-8")
    counts_ph, _ = scorer.evaluate(docs, {k: [dict(p, kind="indirect_pred") for p in v]
                                          for k, v in preds_ph.items()}, ("indirect",))
    supplementary_ph = scorer.summarize(counts_ph)

    result = {
        "split": args.split,
        "gold": str(gold_path),
        "predictions": str(pred_path),
        "options": {"merge": not args.no_merge, "widen": not args.no_widen,
                    "content_spans": not args.clause_spans},
        "score": scores,
        "supplementary_indirect": supplementary,
        # The same, with extract_quotes(..., phrases=True): attributions whose content is an
        # infinitive or a noun phrase ("vowed to …", "called for …"), off in the pipeline.
        "supplementary_indirect_phrases": supplementary_ph,
        "headline_pct": {
            "direct_quote_f1": round(100 * scores["direct"]["quote_f1"], 1),
            "direct_quote_speaker_f1": round(100 * scores["direct"]["quote_speaker_f1"], 1),
            "direct_mixed_quote_f1": round(100 * scores["direct_mixed"]["quote_f1"], 1),
            "direct_mixed_quote_speaker_f1": round(
                100 * scores["direct_mixed"]["quote_speaker_f1"], 1),
            "indirect_quote_f1_supplementary": round(100 * supplementary["quote_f1"], 1),
            "indirect_quote_f1_with_phrases": round(100 * supplementary_ph["quote_f1"], 1),
        },
        # Same mentions in the other span convention (clause as stored, or content with
        # --clause-spans): how much of the mixed-scope score is span convention.
        "variant_spans": {
            "content": args.clause_spans, "predictions": str(mc_path), "score": scores_mc, "pct": {
            "direct_quote_f1": round(100 * scores_mc["direct"]["quote_f1"], 1),
            "direct_quote_speaker_f1": round(100 * scores_mc["direct"]["quote_speaker_f1"], 1),
            "direct_mixed_quote_f1": round(100 * scores_mc["direct_mixed"]["quote_f1"], 1),
            "direct_mixed_quote_speaker_f1": round(
                100 * scores_mc["direct_mixed"]["quote_speaker_f1"], 1)}},
        "anchors_pct": ANCHORS,
        "mentions": n_mentions,
        "failed": failed,
        "docs": len(docs),
        "chars": sum(len(d["text"]) for d in docs),
        "model_load_seconds": round(load_s, 2),
        "seconds": round(elapsed, 2),
        "docs_per_second": round(len(docs) / elapsed, 2) if elapsed else 0.0,
    }
    sys.stdout.write(raw + "\n")
    rows = {**{k: result[k] for k in ("headline_pct", "supplementary_indirect",
                                      "supplementary_indirect_phrases")},
            "variant_spans": result["variant_spans"]["pct"],
            **{k: result[k] for k in ("mentions", "failed", "docs", "seconds",
                                      "docs_per_second")}}
    for k, v in rows.items():
        sys.stdout.write(f"{k:24} {json.dumps(v)}\n")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if args.verbose:
        for d in docs:
            for row in _misses(d, preds[d["doc_id"]]):
                sys.stdout.write(row + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
