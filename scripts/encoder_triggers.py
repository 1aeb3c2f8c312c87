"""Experiment (issue 5): does a contextual encoder pretrained in-house tag event triggers well enough to help?

Nothing here ships; it measures what the closing notes claimed without a figure: that the shared corpus is too
small to pretrain an encoder that beats the trigger lexicon.  Three steps:

    python scripts/encoder_triggers.py prep  --work .gpu          # corpus + tagging data (CPU, ~15 s)
    python scripts/encoder_triggers.py train --work .gpu          # needs torch; a GPU makes it ~8 min
    python scripts/encoder_triggers.py score --work .gpu          # compare with the event stage (CPU)

``prep`` writes the pretraining corpus (the shared news, NER and UD texts in the event extractor's own folded
words; every article of every gold file left out) and the tagging data: each sentence of the gold articles with a
label per word (the PLOVER type of the gold trigger it overlaps, or O).  ``train`` pretrains a 4-layer,
256-wide transformer as a masked language model for ``--seconds``, then fine-tunes a tagger from it and, as the
baseline, from scratch: grouped 4-fold CV over the training sets (those `train_event_roles.py` trains on), then
a model on all of them predicts the held-out sets (check sets dev5, dev14, dev15; fresh dev36-dev39).  ``score``
prints, for CV and each held-out group, the event stage's type F1, the tagger's alone (its labelled spans as
events) and that of the event stage with the tagger's spans added where the stage has none, at three
probability thresholds.  The extras needed: torch for ``train`` (not a dependency of the package).
"""

from __future__ import annotations

import argparse
import glob
import gzip
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
if TYPE_CHECKING:
    from didban.article import Article
    from didban.attribution.words import Words
    from didban.events.gold import GoldArticle

# The package is imported by prep and score only: train runs where torch is, without the package's dependencies.
GOLD = ROOT / "tests" / "gold"
LABELS = ["O", "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "INVESTIGATE", "DEMAND",
          "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT",
          "CRIME"]  # fmt: skip
Span = tuple[int, int, str]


def held_sets() -> tuple[list[str], list[str]]:
    """The check sets and the fresh sets, never trained on."""
    from train_event_roles import CHECK_SETS, FRESH_SETS

    return [f"dev{k}" for k in CHECK_SETS], [f"dev{k}" for k in FRESH_SETS]


def gold_sets() -> dict[str, list[GoldArticle]]:
    from train_event_roles import TRAIN_SETS

    from didban.events.gold import load_gold, split_gold

    out = {name: split_gold(load_gold(GOLD / f), split) for name, f, split in TRAIN_SETS}
    out.update({n: load_gold(GOLD / f"events-{n}.jsonl") for group in held_sets() for n in group})
    return out


def sentence_words(article: Article) -> list[tuple[Words, int, int]]:
    from didban.attribution.words import Words

    ws = Words(article.text, article.tokens, article.mentions)
    out = []
    for s, e in article.sentences:
        i0, i1 = ws.index(s), ws.index(e)
        if i1 > i0:
            out.append((ws, i0, i1))
    return out


def prep(data: Path, work: Path) -> None:
    from train_event_roles import TRAIN_SETS

    from didban.article import Article
    from didban.events.gold import gold_text
    from didban.goldfile import news_text
    from didban.pipeline import Pipeline

    work.mkdir(parents=True, exist_ok=True)
    seen = {json.loads(line)["ref"] for f in GOLD.glob("**/*.jsonl") for line in f.open() if line.strip()}
    texts = [
        news_text(data, ref)
        for folder in ("farsnews", "varzesh3", "rss")
        for f in sorted((data / "news" / folder).glob("*.json"))
        for i in range(len(json.loads(f.read_text(encoding="utf-8"))))
        if (ref := f"{folder}/{f.name}#{i}") not in seen
    ]
    lines: list[str] = []
    for path, sep in (
        (data / "ner/nsurl2019/train_600K.conll", "\t"),
        (data / "ner/nsurl2019/train_300K_peyma.conll", "\t"),
        *((data / f"ner/arman/test_fold{k}.txt", " ") for k in (1, 2, 3)),
        (data / "ner/parstwiner/train.txt", "\t"),
    ):
        words: list[str] = []
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.startswith("-DOCSTART-"):
                if words:
                    lines.append(" ".join(words))
                words = []
            else:
                words.append(raw.rsplit(sep, 1)[0])
    for f in glob.glob(str(data / "ud/*/*.conllu")):
        lines += [
            x[len("# text = ") :] for x in Path(f).read_text(encoding="utf-8").splitlines() if x.startswith("# text = ")
        ]
    texts += ["\n".join(lines[k : k + 40]) for k in range(0, len(lines), 40)]
    split = Pipeline(["normalize", "segment"])
    n = 0
    with gzip.open(work / "corpus.txt.gz", "wt", encoding="utf-8") as out:
        for text in texts:
            for ws, i0, i1 in sentence_words(split(Article(raw_text=text))):
                out.write(" ".join(w.replace(" ", "_") for w in ws.words[i0:i1]) + "\n")
                n += i1 - i0
    pre = Pipeline(["normalize", "segment"])
    rows = []
    for name, articles in gold_sets().items():
        for g in articles:
            gold = [(e.trigger[0], e.trigger[1], e.type) for e in g.events]
            article = pre(Article(raw_text=gold_text(data, g), outlet=g.outlet))
            for ws, i0, i1 in sentence_words(article):
                spans = [article.raw_span((ws.starts[i], ws.ends[i])) for i in range(i0, i1)]  # gold offsets are raw
                labels = [next((t for s, e, t in gold if ws_s < e and s < ws_e), "O") for ws_s, ws_e in spans]
                rows.append({"set": name, "ref": g.ref, "words": ws.words[i0:i1], "labels": labels, "spans": spans})
    train = [name for name, _, _ in TRAIN_SETS]
    order = train[:]
    random.Random(1).shuffle(order)
    folds = [order[k::4] for k in range(4)]
    (work / "events.json").write_text(json.dumps({"rows": rows, "folds": folds, "train": train}, ensure_ascii=False))
    print(f"corpus: {n} words; tagging data: {len(rows)} sentences")


def train(work: Path, seconds: float, epochs: int) -> None:
    import torch
    import torch.nn.functional as F
    from torch import nn

    t0 = time.time()
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    torch.manual_seed(0)
    rng = random.Random(0)
    ev = json.loads((work / "events.json").read_text(encoding="utf-8"))
    rows, train_sets = ev["rows"], set(ev["train"])
    with gzip.open(work / "corpus.txt.gz", "rt", encoding="utf-8") as f:
        sents = [line.split() for line in f]
    counts = Counter(w for s in sents for w in s)
    for r in rows:
        if r["set"] in train_sets:
            counts.update(r["words"])
    special = ["[PAD]", "[UNK]", "[MASK]"]  # ids 0, 1, 2
    vocab = {w: i for i, w in enumerate(special + [w for w, c in counts.most_common(60000) if c >= 2])}
    # OOV words still carry their first three and last two letters («…ها», «…ی»)
    pre = {p: i for i, p in enumerate(special + sorted({w[:3] for w in counts}))}
    suf = {p: i for i, p in enumerate(special + sorted({w[-2:] for w in counts}))}
    maxlen, width, label_id = 128, 256, {x: i for i, x in enumerate(LABELS)}

    def ids(ws: list[str]) -> tuple[list[int], list[int], list[int]]:
        ws = ws[:maxlen]
        return [vocab.get(w, 1) for w in ws], [pre.get(w[:3], 1) for w in ws], [suf.get(w[-2:], 1) for w in ws]

    class Encoder(nn.Module):  # type: ignore[misc, unused-ignore]
        def __init__(self) -> None:
            super().__init__()
            self.w, self.p, self.s = (
                nn.Embedding(len(vocab), width),
                nn.Embedding(len(pre), width),
                nn.Embedding(len(suf), width),
            )
            self.pos, self.drop = nn.Embedding(maxlen, width), nn.Dropout(0.1)
            layer = nn.TransformerEncoderLayer(
                width, 4, 1024, 0.1, batch_first=True, norm_first=True, activation="gelu"
            )
            self.enc, self.norm = nn.TransformerEncoder(layer, 4, enable_nested_tensor=False), nn.LayerNorm(width)

        def forward(self, w: Any, p: Any, s: Any) -> Any:
            x = self.w(w) + self.p(p) + self.s(s) + self.pos(torch.arange(w.shape[1], device=w.device))[None]
            return self.norm(self.enc(self.drop(x), src_key_padding_mask=w == 0))

    def batch(items: list[Any]) -> list[Any]:
        n = max(len(x[0]) for x in items)
        return [torch.tensor([x[k] + [0] * (n - len(x[k])) for x in items], device=dev) for k in range(3)]

    def autocast() -> Any:
        return torch.autocast(dev, dtype=torch.bfloat16, enabled=dev == "cuda")

    def pretrain() -> Any:
        enc, head = Encoder().to(dev), nn.Linear(width, len(vocab)).to(dev)
        opt = torch.optim.AdamW([*enc.parameters(), *head.parameters()], lr=5e-4, weight_decay=0.01)
        data = sorted((ids(s) for s in sents if len(s) >= 3), key=lambda x: len(x[0]))
        batches = [data[k : k + 256] for k in range(0, len(data), 256)]
        step, start, loss = 0, time.time(), torch.zeros(())
        while time.time() - start < seconds:
            rng.shuffle(batches)
            for b in batches:
                if time.time() - start >= seconds:
                    break
                w, p, s = batch(b)
                masked = (torch.rand(w.shape, device=dev) < 0.15) & (w != 0)
                r = torch.rand(w.shape, device=dev)
                hide = masked & (r < 0.9)  # 80% [MASK], 10% a random word, 10% kept (BERT's recipe)
                wm = w.masked_fill(masked & (r < 0.8), 2)
                swap = masked & (r >= 0.8) & (r < 0.9)
                wm[swap] = torch.randint(3, len(vocab), (int(swap.sum()),), device=dev)
                for g in opt.param_groups:
                    g["lr"] = 5e-4 * min(1.0, (step + 1) / 500)
                with autocast():
                    loss = F.cross_entropy(
                        head(enc(wm, p.masked_fill(hide, 2), s.masked_fill(hide, 2))[masked]).float(), w[masked]
                    )
                opt.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(enc.parameters(), 1.0)
                opt.step()
                step += 1
        print(f"pretrained: {step} steps in {seconds:.0f} s, last MLM loss {loss.item():.3f}", flush=True)
        return enc.state_dict()

    def finetune(train_rows: list[Any], init: Any) -> Any:
        enc, head = Encoder().to(dev), nn.Linear(width, len(LABELS)).to(dev)
        if init is not None:
            enc.load_state_dict(init)
        groups = [
            {"params": enc.parameters(), "lr": 1e-4 if init is not None else 5e-4},
            {"params": head.parameters(), "lr": 1e-3},
        ]
        opt = torch.optim.AdamW(groups, weight_decay=0.01)
        data = [(*ids(r["words"]), [label_id[x] for x in r["labels"][:maxlen]]) for r in train_rows]
        for _ in range(epochs):
            rng.shuffle(data)
            enc.train()
            for k in range(0, len(data), 32):
                b = data[k : k + 32]
                w, p, s = batch(b)
                y = torch.tensor([x[3] + [-100] * (w.shape[1] - len(x[3])) for x in b], device=dev)
                with autocast():
                    logits = head(enc(w, p, s)).float()
                loss = F.cross_entropy(logits.reshape(-1, len(LABELS)), y.reshape(-1), ignore_index=-100)
                opt.zero_grad()
                loss.backward()
                opt.step()
        enc.eval()
        return enc, head

    @torch.no_grad()  # type: ignore[misc, unused-ignore]
    def predict(model: Any, pred_rows: list[Any]) -> list[Any]:
        enc, head = model
        out = []
        for k in range(0, len(pred_rows), 64):
            chunk = pred_rows[k : k + 64]
            with autocast():
                top, arg = torch.softmax(head(enc(*batch([ids(r["words"]) for r in chunk]))).float(), -1).max(-1)
            for i, r in enumerate(chunk):
                n, rest = min(len(r["words"]), maxlen), max(0, len(r["words"]) - maxlen)
                labels = [LABELS[int(a)] for a in arg[i, :n]] + ["O"] * rest
                out.append((labels, [round(float(x), 3) for x in top[i, :n]] + [1.0] * rest))
        return out

    init = pretrain()
    result: dict[str, list[Any]] = {}
    for variant, start in (("pretrained", init), ("scratch", None)):
        preds: list[Any] = [None] * len(rows)
        for fold in ev["folds"]:
            model = finetune([r for r in rows if r["set"] in train_sets and r["set"] not in fold], start)
            held = [i for i, r in enumerate(rows) if r["set"] in fold]
            for i, pr in zip(held, predict(model, [rows[i] for i in held]), strict=True):
                preds[i] = pr
        model = finetune([r for r in rows if r["set"] in train_sets], start)
        held = [i for i, r in enumerate(rows) if r["set"] not in train_sets]
        for i, pr in zip(held, predict(model, [rows[i] for i in held]), strict=True):
            preds[i] = pr
        result[variant] = preds
        out = Path(os.environ.get("OUT", work)) / "preds.json"
        out.write_text(json.dumps(result))  # after each variant: a run cut short keeps the first
        print(f"{variant}: tagged, wrote {out} ({time.time() - t0:.0f} s)", flush=True)


def score(data: Path, work: Path, preds_path: Path) -> None:
    from train_event_roles import STAGES

    from didban.article import Article
    from didban.events.gold import gold_text
    from didban.pipeline import Pipeline

    ev = json.loads((work / "events.json").read_text(encoding="utf-8"))
    preds = json.loads(preds_path.read_text(encoding="utf-8"))
    rows, train_sets = ev["rows"], set(ev["train"])
    pipe = Pipeline([*STAGES, "events"])
    articles: dict[tuple[str, str], tuple[list[Span], list[Span]]] = {}
    for name, gold in gold_sets().items():
        for g in gold:
            a = pipe(Article(raw_text=gold_text(data, g), outlet=g.outlet))
            system = [(a.raw_span(e.trigger)[0], a.raw_span(e.trigger)[1], e.type) for e in a.events]
            articles[(name, g.ref)] = (system, [(e.trigger[0], e.trigger[1], e.type) for e in g.events])

    def matched(system: list[Span], gold: list[Span]) -> int:
        used: set[int] = set()
        for s, e, t in system:
            k = next(
                (k for k, (gs, ge, gt) in enumerate(gold) if k not in used and gt == t and s < ge and gs < e), None
            )
            if k is not None:
                used.add(k)
        return len(used)

    def f1(tp: int, n_sys: int, n_gold: int) -> float:
        return 200 * tp / (n_sys + n_gold) if n_sys + n_gold else 0.0

    check, fresh = held_sets()
    groups = (("CV", sorted(train_sets)), ("check", check), ("fresh", fresh))
    for variant, pred in preds.items():
        tagged: dict[tuple[str, str], list[tuple[int, int, str, float]]] = defaultdict(list)
        for r, p in zip(rows, pred, strict=True):
            labels, probs, spans = p[0], p[1], r["spans"]
            i = 0
            while i < len(labels):
                j = i
                while j + 1 < len(labels) and labels[j + 1] == labels[i]:
                    j += 1
                if labels[i] != "O":
                    tagged[(r["set"], r["ref"])].append((spans[i][0], spans[j][1], labels[i], max(probs[i : j + 1])))
                i = j + 1
        for group, names in groups:
            for threshold in (0.0, 0.5, 0.7):
                c: Counter[str] = Counter()
                for (name, ref), (system, gold) in articles.items():
                    if name not in names:
                        continue
                    spans_ = [(s, e, t) for s, e, t, m in tagged[(name, ref)] if m >= threshold]
                    added = [x for x in spans_ if not any(x[0] < se and ss < x[1] for ss, se, _ in system)]
                    c.update(
                        gold=len(gold),
                        system=len(system),
                        tp=matched(system, gold),
                        tagger=len(spans_),
                        tagger_tp=matched(spans_, gold),
                        added=len(added),
                        both_tp=matched(system + added, gold),
                    )
                print(
                    f"{variant:10} {group:5} p>={threshold}: event stage F1 {f1(c['tp'], c['system'], c['gold']):.1f}"
                    f" | tagger alone P {100 * c['tagger_tp'] / max(1, c['tagger']):.1f}"
                    f" R {100 * c['tagger_tp'] / c['gold']:.1f}"
                    f" F1 {f1(c['tagger_tp'], c['tagger'], c['gold']):.1f} | stage + {c['added']} tagged spans"
                    f" ({c['both_tp'] - c['tp']} right): F1 {f1(c['both_tp'], c['system'] + c['added'], c['gold']):.1f}"
                )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("step", choices=["prep", "train", "score"])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--work", type=Path, default=ROOT / ".gpu")
    ap.add_argument("--seconds", type=float, default=270.0, help="train: pretraining time")
    ap.add_argument("--epochs", type=int, default=10, help="train: fine-tuning epochs")
    ap.add_argument("--preds", type=Path, help="score: the predictions file (default WORK/preds.json)")
    a = ap.parse_args()
    if a.step == "prep":
        prep(a.data, a.work)
    elif a.step == "train":
        train(a.work, a.seconds, a.epochs)
    else:
        score(a.data, a.work, a.preds or a.work / "preds.json")


if __name__ == "__main__":
    main()
