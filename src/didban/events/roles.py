"""Learned argument roles: which of a sentence's participants are an event's actors and which its targets.

The rules of `didban.events.extract` give each participant of the trigger's clause a marker role (subject,
«به/علیه X», «X را», genitive, …) and pick actors and targets from them. The rules decide well where the
marker decides («علیه X»), less well where Persian leaves it open: a subject dropped or several clauses
back, a genitive that is an agent for one noun and a patient for another, a name inside the object. A
linear model per role re-decides over every participant of the sentence (and any participant the rules
took from outside it: an earlier subject, a pronoun's antecedent, the speaker), with the rules' own
decision among its features, so it keeps what the rules get right and learns where they go wrong. The
shipped model is a *choice* model: the candidates of one trigger compete for a role in a softmax that
includes "none" (in leave-one-set-out CV it found every gold argument of 1.4% more events than
independent logistic regressions at equal role precision).

The weights are plain JSON (``didban/models/event_roles.json``), run without scikit-learn; they are
trained by ``scripts/train_event_roles.py`` from the development gold sets (its docstring has the command
and the figures). Without the file the rules decide alone. The rules' decisions are features, so after a
change to the rules or the trigger lexicon retrain (and check the scores) so that features and weights agree.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import Any

from didban.errors import ConfigError

ROLES = ("actor", "target")
TIE = 0.1  # actor and target probabilities this close: the rules' role decides (CV: no change in 2,418 events)
KINDS = ("logistic", "choice")


@dataclass(frozen=True, slots=True)
class Participant:
    """What the features read of one participant: its word span, value (entity id or text) and kinds."""

    i: int
    j: int
    id: str
    type: str  # PER ORG GPE LOC FAC (linked) or GROUP (a literal noun phrase)
    role: str  # the rules' marker role in the trigger's clause; "out" outside it


@dataclass(frozen=True, slots=True)
class TriggerView:
    """The trigger as the features read it."""

    t: int
    te: int
    type: str
    nominal: bool
    passive: bool
    speech: bool


def _distance(n: int) -> str:
    if n <= 0:
        return "0"
    if n <= 2:
        return "1-2"
    if n <= 5:
        return "3-5"
    if n <= 10:
        return "6-10"
    return "11+"


@dataclass(frozen=True, slots=True)
class Context:
    """Where a participant stands in its sentence, for one trigger (found by `didban.events.extract`)."""

    rule: str  # the rules' decision: actor | target | none
    own_role: str = ""  # its marker role in its own clause
    clauses_between: int = 0  # clause boundaries between it and the trigger
    bound: str = ""  # the word of the first such boundary
    rank: int = 0  # participants between it and the trigger, on its side
    filled: tuple[bool, bool] = (False, False)  # whether the rules found an actor, a target
    trigger_context: tuple[str, str] = ("", "")  # the words before and after the trigger
    first_in_clause: bool = False
    sentence_first: bool = False
    nearest_subject: bool = False  # the nearest subject before the trigger
    speaker: bool = False  # the speaker of the statement the trigger is in
    triggers_between: bool = False


def _kind(trig: TriggerView) -> str:
    return "P" if trig.passive else ("N" if trig.nominal else "V")


def participant_features(
    words: Sequence[str], p: Participant, trig: TriggerView, clause: tuple[int, int], ctx: Context
) -> list[str]:
    """Feature names of one participant for one trigger (the model's input)."""
    kind, rule = _kind(trig), ctx.rule
    pos = "before" if p.j <= trig.t else ("after" if p.i >= trig.te else "inside")
    gap = trig.t - p.j if pos == "before" else p.i - trig.te
    prev = words[p.i - 1] if p.i > 0 else "<s>"
    nxt = words[p.j] if p.j < len(words) else "</s>"
    in_clause = clause[0] <= p.i < clause[1]
    t = trig.type
    prev2 = words[p.i - 2] if p.i > 1 else "<s>"
    head = words[trig.t]
    near = str(min(ctx.rank, 2))  # 0: the nearest participant on its side of the trigger
    feats = [
        f"near={near}|{pos}|{kind}",
        f"near={near}|{pos}|role={p.role}",
        f"near={near}|{pos}|{t}",
        f"head={head}|{pos}",
        f"head={head}|role={p.role}",
        f"prev2={prev2} {prev}|{pos}",
        "bias",
        f"rule={rule}",
        f"rule={rule}|{kind}",
        f"rule={rule}|{t}",
        f"role={p.role}",
        f"role={p.role}|{kind}",
        f"role={p.role}|{t}",
        f"role={p.role}|rule={rule}",
        f"pos={pos}|{kind}",
        f"pos={pos}|{t}",
        f"pos={pos}|gap={_distance(gap)}",
        f"pos={pos}|gap={_distance(gap)}|{kind}",
        f"prev={prev}|{pos}",
        f"prev={prev}|{kind}|{pos}",
        f"next={nxt}|{pos}",
        f"type={p.type}",
        f"type={p.type}|{t}",
        f"clause={in_clause}",
        f"clause={in_clause}|rule={rule}",
    ]
    own_role, bound = ctx.own_role, ctx.bound
    cd = str(min(ctx.clauses_between, 3))
    fill = f"filled={int(ctx.filled[0])}{int(ctx.filled[1])}"
    feats += [
        f"own={own_role}|{pos}|{kind}",
        f"own={own_role}|cd={cd}|{pos}",
        f"own={own_role}|rule={rule}|{fill}",
        f"cd={cd}|{pos}|{kind}",
        f"{fill}|rule={rule}|{pos}",
        f"head={head}|own={own_role}|{pos}",
        f"bound={bound}|own={own_role}|{pos}",
        f"bound={bound}|{kind}|{pos}",
    ]
    feats += [f"tprev={ctx.trigger_context[0]}|{pos}|{kind}", f"tnext={ctx.trigger_context[1]}|{pos}|{kind}"]
    if ctx.nearest_subject:
        feats += ["nearest-subject", f"nearest-subject|{kind}|{fill}", f"nearest-subject|{t}"]
    if ctx.sentence_first:
        feats += ["sfirst", f"sfirst|{pos}|{kind}", f"sfirst|{fill}"]
    if ctx.first_in_clause:
        feats += ["first", f"first|{kind}|{pos}"]
    if ctx.speaker:
        feats += ["speaker", f"speaker|{t}"]
    if ctx.triggers_between:
        feats += ["trigger-between", f"trigger-between|{pos}"]
    if trig.speech:
        feats.append(f"speech|pos={pos}|role={p.role}")
    return feats


def outside_features(trig: TriggerView, rule: str, *, speaker: bool) -> list[str]:
    """Features of a participant the rules took from outside the sentence (an earlier subject, a pronoun's
    antecedent, the speaker of the statement)."""
    kind = _kind(trig)
    feats = ["bias", f"rule={rule}", f"rule={rule}|{kind}", f"rule={rule}|{trig.type}", "outside", f"outside|{kind}"]
    if speaker:
        feats += ["speaker", f"speaker|{trig.type}"]
    return feats


@dataclass(slots=True)
class RoleModel:
    """Two linear models (actor, target) over feature names, with a decision threshold each.

    ``kind`` "logistic": each candidate's probability of a role on its own (a sigmoid of its score).
    ``kind`` "choice": per role, a softmax over the trigger's candidates and "none" (score 0), so that
    candidates compete for the role; a value's probability sums its mentions'.
    """

    weights: dict[str, dict[str, float]]
    thresholds: dict[str, float]
    kind: str = "logistic"

    @classmethod
    def from_dict(cls, data: dict[str, Any], label: str = "event_roles.json") -> RoleModel:
        try:
            weights = {r: {str(k): float(v) for k, v in data["weights"][r].items()} for r in ROLES}
            thresholds = {str(r): float(v) for r, v in data["thresholds"].items()}
            if any(r not in thresholds for r in ROLES):
                raise KeyError("thresholds")
            kind = str(data.get("kind", "logistic"))
            if kind not in KINDS:
                raise ValueError(f"kind {kind!r} is not one of {list(KINDS)}")
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(f"{label}: not a role model ({exc.__class__.__name__}: {exc})") from None
        return cls(weights, thresholds, kind)

    def score(self, role: str, feats: Iterable[str]) -> float:
        return sum(map(self.weights[role].get, feats, repeat(0.0)))  # w.get(f, 0.0) per feature, in order

    def probability(self, role: str, feats: Iterable[str]) -> float:
        """A candidate's probability of ``role`` on its own (the logistic kind)."""
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.score(role, feats)))))

    def probabilities(self, candidates: Sequence[tuple[str, list[str], int]]) -> dict[str, tuple[float, float]]:
        """Each value's (actor, target) probability: its best mention's (logistic) or the sum of its
        mentions' shares of the softmax over the candidates and "none" (choice)."""
        best: dict[str, tuple[float, float]] = {}
        if self.kind == "logistic":
            for value, feats, _ in candidates:
                a, t = self.probability("actor", feats), self.probability("target", feats)
                old = best.get(value)
                best[value] = (a, t) if old is None else (max(a, old[0]), max(t, old[1]))
            return best
        shares: dict[str, list[float]] = {value: [0.0, 0.0] for value, _, _ in candidates}
        for k, role in enumerate(ROLES):
            z = [self.score(role, feats) for _, feats, _ in candidates]
            top = max([0.0, *z])  # "none" scores 0
            e = [math.exp(x - top) for x in z]
            total = math.exp(-top) + sum(e)
            for (value, _, _), ez in zip(candidates, e, strict=True):
                shares[value][k] += ez / total
        return {value: (a, t) for value, (a, t) in shares.items()}

    def decide(
        self,
        candidates: Sequence[tuple[str, list[str], int]],
        barred: Collection[str] = (),
        rules: tuple[Collection[str], Collection[str]] = ((), ()),
    ) -> tuple[list[str], list[str]]:
        """Actors and targets among ``(value, features, link)`` candidates (a value may come several times;
        ``link``: the index of the candidate it is coordinated with, or -1).

        Most events have one actor and one target: per role the best value from the threshold on is
        taken, others only from the (higher) ``<role>_more`` threshold on; a value takes the role it scores
        higher in; coordinated participants («X و Y را») share the role either one takes. ``barred``
        values are no actor (the rules know: «X از اعدام Y انتقاد کرد» — X does not execute). A value whose
        two probabilities lie within `TIE` of each other takes the role the ``rules`` (actors, targets) gave it,
        if any: the model cannot tell, the marker can («روسیه حملات هوایی را آغاز کرد»). Each role's values
        come in text order.
        """
        best = self.probabilities(candidates)
        side = {v: _side(v, s, rules) for v, s in best.items()}  # 0 actor, 1 target
        out: list[list[str]] = []
        for k, role in enumerate(ROLES):
            taken = out[0] if out else []
            own = [
                (s[k], v)
                for v, s in best.items()
                if side[v] == k and v not in taken and not (role == "actor" and v in barred)
            ]
            own.sort(key=lambda sv: -sv[0])
            th, more = self.thresholds[role], self.thresholds.get(role + "_more", 1.0)
            out.append([v for n, (sc, v) in enumerate(own) if sc >= (th if n == 0 else max(th, more))])
        actors, targets = out
        for _ in range(2):  # both directions of a chain «X، Y و Z»
            for value, _, link in candidates:
                if link < 0:
                    continue
                other = candidates[link][0]
                for chosen, rest, bar in ((actors, targets, barred), (targets, actors, ())):
                    if other in chosen and value not in chosen and value not in rest and value not in bar:
                        chosen.append(value)
                    elif value in chosen and other not in chosen and other not in rest and other not in bar:
                        chosen.append(other)
        order = {value: n for n, (value, _, _) in reversed(list(enumerate(candidates)))}
        return sorted(actors, key=order.__getitem__), sorted(targets, key=order.__getitem__)


def _side(value: str, s: tuple[float, float], rules: tuple[Collection[str], Collection[str]]) -> int:
    """The role a value leans to (0 actor, 1 target): its higher probability, or within `TIE` the rules' role."""
    if abs(s[0] - s[1]) < TIE:
        if value in rules[0]:
            return 0
        if value in rules[1]:
            return 1
    return 0 if s[0] >= s[1] else 1


def load_role_model(path: str | Path) -> RoleModel:
    """A role model file (as ``scripts/train_event_roles.py`` writes it); a bad file is a one-line error."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read the role model ({exc.__class__.__name__}: {exc})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: not a role model (a JSON object was expected)")
    return RoleModel.from_dict(data, str(path))


@lru_cache(maxsize=1)
def default_role_model() -> RoleModel | None:
    """The shipped model, or None when the package carries none (the rules then decide alone)."""
    path = Path(str(resources.files("didban"))) / "models" / "event_roles.json"
    return load_role_model(path) if path.is_file() else None
