"""Governance flags: what changed along a model's lineage that a reviewer must not take on
trust from its ancestors.

A model's ancestry is a list of :class:`Step` (the model first, then each ancestor with the
lineage links to its own parents). :func:`flags` is pure over that list. The same rules run
incrementally over the whole graph (:class:`Inheritance`): what a model inherits from its
ancestors (their licences, whether one is a placeholder or gated, each with the nearest ancestor
that has it) is merged from its parents' inheritance, so one pass parents-before-children flags
every model without walking any ancestry twice.

The rules (``FLAGS`` holds the one-line text of each, as reports and docs show it):

``license_not_allowed``
    An ancestor's licence does not allow a derivative to declare any of the model's (known)
    licences (``allows`` in the licence knowledge; e.g. ``llama3.1`` or ``cc-by-nc-4.0``
    ancestors and an ``apache-2.0`` model).
``license_missing``
    The model declares no licence and an ancestor declares one.
``license_unknown``
    The model's licence, or an ancestor's, is not in the licence knowledge or is the Hub's
    free-text ``other``: whether it is allowed cannot be checked.
``languages_dropped``
    A parent declares languages the model does not.
``task_changed``
    The model and a parent both state a task (pipeline tag) and they differ.
``card_thinned``
    The model's card is shorter than ``thin_ratio`` (0.25) of a parent's card of at least
    ``thin_min_length`` (1,000) characters, or it is automatically generated where the
    parent's is not.
``card_missing``
    The model is known to have no card.
``ancestor_placeholder``
    An ancestor is a placeholder: referenced but never loaded, so its provenance is unknown.
``ancestor_gated``
    An ancestor is gated (access needs the owner's approval).
``on_cycle``
    A lineage link into the model lies on a declared cycle.
``lineage_undeclared``
    A parent suggested by ``lineage infer`` (not declared) at or above the confidence
    threshold is under a licence that does not allow a derivative to declare any of the
    model's known licences: the same licence rule as ``license_not_allowed``, applied to a
    parent the model does not name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from lineage.analytics.governance.rules import License, Rules, default_rules
from lineage.analytics.inference import DEFAULT_MIN_CONFIDENCE

__all__ = ["FLAGS", "Link", "Step", "Flag", "passes_on", "inherit", "allows_any", "model_flags",
           "flags"]

FLAGS = {
    "license_not_allowed": "an ancestor's licence does not allow a derivative to declare the "
                           "model's licence",
    "license_missing": "the model declares no licence while an ancestor declares one",
    "license_unknown": "a licence (the model's or an ancestor's) is not in the licence "
                       "knowledge, or is free text, so it cannot be checked",
    "languages_dropped": "a parent declares languages the model does not",
    "task_changed": "the model's task differs from a parent's",
    "card_thinned": "the model's card is much shorter than a parent's, or generated "
                    "automatically where the parent's is not",
    "card_missing": "the model has no card",
    "ancestor_placeholder": "an ancestor is a placeholder (never loaded: unknown provenance)",
    "ancestor_gated": "an ancestor is gated",
    "on_cycle": "the model lies on a declared lineage cycle",
    "lineage_undeclared": "a suggested parent (inferred, not declared) is under a licence that "
                          "does not allow a derivative to declare the model's licence",
}
_ORDER = {code: n for n, code in enumerate(FLAGS)}
_NOT_GATED = {None, False, "", "false", "False", "0", "no"}


@dataclasses.dataclass(frozen=True, slots=True)
class Link:
    """A lineage link from a model to one of its parents.

    A suggested link (``lineage infer``: inferred, not declared) carries its ``confidence``
    and the relation it suggests (``suggested_relation``); its ``relation`` is the word
    ``suggested``, so that no text mistakes it for a declared one.
    """

    parent: str
    relation: str
    cycle: bool = False
    confidence: float | None = None
    suggested_relation: str | None = None

    @property
    def suggested(self) -> bool:
        return self.confidence is not None


@dataclasses.dataclass(frozen=True, slots=True)
class Step:
    """One model of an ancestry with the facts the flags read (absent facts as None/empty)."""

    key: str
    id: str
    depth: int = 0
    parents: tuple[Link, ...] = ()
    placeholder: bool = False
    gated: Any = None
    created_at: str | None = None
    licenses: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    task: str | None = None
    has_card: bool | None = None
    card_length: int | None = None
    card_autogenerated: bool | None = None

    @property
    def is_gated(self) -> bool:
        return self.gated not in _NOT_GATED


@dataclasses.dataclass(frozen=True, slots=True)
class Flag:
    """One governance flag on ``model``: its code, the ancestor it comes from (None when it is
    the model's own) and the evidence in words."""

    code: str
    model: str
    ancestor: str | None
    evidence: str

    def sort_key(self) -> tuple:
        return _ORDER[self.code], self.ancestor or "", self.evidence


#: What a model inherits: for each trait, the (distance, ancestor id) of the nearest ancestor
#: that has it. Traits: ("license", id), ("licensed",), ("placeholder",), ("gated",).
Inherited = Mapping[tuple, tuple[int, str]]
_NOTHING: Inherited = {}


def passes_on(step: Step) -> dict[tuple, tuple[int, str]]:
    """The traits a model passes to its children, at distance 1.

    Examples
    --------
    >>> sorted(passes_on(Step("a/b", "a/b", licenses=("mit",), placeholder=True)))
    [('license', 'mit'), ('licensed',), ('placeholder',)]
    """
    own: dict[tuple, tuple[int, str]] = {}
    for lic in step.licenses:
        own[("license", lic)] = (1, step.id)
    if step.licenses:
        own[("licensed",)] = (1, step.id)
    if step.placeholder:
        own[("placeholder",)] = (1, step.id)
    if step.is_gated:
        own[("gated",)] = (1, step.id)
    return own


def inherit(parents: Iterable[tuple[Step, Inherited]]) -> dict[tuple, tuple[int, str]]:
    """A model's inheritance from its parents and theirs: each trait with its nearest ancestor
    (fewest steps, then smallest id).

    Examples
    --------
    >>> base = Step("m/base", "m/base", licenses=("llama3.1",))
    >>> ft = Step("x/ft", "x/ft", licenses=("apache-2.0",))
    >>> got = inherit([(ft, inherit([(base, {})]))])
    >>> got[("license", "llama3.1")], got[("licensed",)]
    ((2, 'm/base'), (1, 'x/ft'))
    """
    merged: dict[tuple, tuple[int, str]] = {}
    for parent, theirs in parents:
        for trait, (distance, ancestor) in theirs.items():
            _keep(merged, trait, (distance + 1, ancestor))
        for trait, near in passes_on(parent).items():
            _keep(merged, trait, near)
    return merged


def _keep(merged: dict, trait: tuple, near: tuple[int, str]) -> None:
    held = merged.get(trait)
    if held is None or near < held:
        merged[trait] = near


def allows_any(theirs: License, known: Sequence[License]) -> bool:
    """Whether a derivative of a model under ``theirs`` may declare one of the model's known
    licences (True when it declares none: nothing to refuse). The one licence rule of
    ``license_not_allowed`` and ``lineage_undeclared``.

    Examples
    --------
    >>> rules = default_rules()
    >>> allows_any(rules.license("llama3"), [rules.license("mit")])
    False
    >>> allows_any(rules.license("mit"), [rules.license("llama3")])
    True
    """
    return not known or any(theirs.permits(lic) for lic in known)


def model_flags(step: Step, parents: Sequence[tuple[Link, Step]], inherited: Inherited,
                rules: Rules, suggested: Sequence[tuple[Link, Step]] = (),
                min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> list[Flag]:
    """The flags of one model from its own facts, its parents' facts and its inheritance;
    ``suggested``: its suggested parents (each link with its confidence) and their facts,
    of which those at or above ``min_confidence`` are checked for ``lineage_undeclared``.

    Examples
    --------
    >>> base = Step("m/base", "m/base", licenses=("gemma",), task="text-generation")
    >>> child = Step("x/ft", "x/ft", parents=(Link("m/base", "finetune"),),
    ...              licenses=("mit",), task="text-classification")
    >>> [f.code for f in model_flags(child, [(child.parents[0], base)],
    ...                              inherit([(base, {})]), default_rules())]
    ['license_not_allowed', 'task_changed']
    """
    found: list[Flag] = []

    def flag(code: str, ancestor: str | None, evidence: str) -> None:
        found.append(Flag(code, step.id, ancestor, evidence))

    own = [(name, rules.license(name)) for name in step.licenses]
    known = [lic for _, lic in own if lic is not None and lic.family != "other"]
    for name, lic in own:
        if lic is None or lic.family == "other":
            flag("license_unknown", None, f"the model's licence {name!r} "
                 f"{'is free text' if lic else 'is not in the licence knowledge'}")
    for trait, (distance, ancestor) in sorted(inherited.items(), key=_trait_order):
        if trait[0] != "license":
            continue
        name = trait[1]
        theirs = rules.license(name)
        if theirs is None or theirs.family == "other":
            flag("license_unknown", ancestor, f"licence {name!r} of {ancestor} ({_steps(distance)}"
                 f" up) {'is free text' if theirs else 'is not in the licence knowledge'}")
            continue
        if not allows_any(theirs, known):
            flag("license_not_allowed", ancestor,
                 f"{ancestor} ({_steps(distance)} up) is under {name} ({theirs.family}), which "
                 f"allows a derivative {_allowed(theirs)}; the model declares "
                 f"{', '.join(step.licenses)}")
    if not step.licenses and not step.placeholder and ("licensed",) in inherited:
        distance, ancestor = inherited[("licensed",)]
        names = sorted(t[1] for t, (d, a) in inherited.items()
                       if t[0] == "license" and a == ancestor)
        flag("license_missing", ancestor, f"the model declares no licence; {ancestor} "
             f"({_steps(distance)} up) declares {', '.join(names)}")
    for link, parent in parents:
        if parent.placeholder or step.placeholder:
            continue
        dropped = sorted(set(parent.languages) - set(step.languages))
        if dropped:
            flag("languages_dropped", parent.id, f"{parent.id} declares {', '.join(dropped)}; "
                 f"the model declares {', '.join(sorted(step.languages)) or 'no language'}")
        if parent.task and step.task and parent.task != step.task:
            flag("task_changed", parent.id, f"{parent.id} is {parent.task}; the model is "
                 f"{step.task} ({link.relation})")
        thin = _thinned(step, parent, rules)
        if thin:
            flag("card_thinned", parent.id, thin)
    if step.has_card is False:
        flag("card_missing", None, "the model has no card")
    for trait, code, what in ((("placeholder",), "ancestor_placeholder",
                               "is a placeholder: referenced but never loaded"),
                              (("gated",), "ancestor_gated", "is gated")):
        if trait in inherited:
            distance, ancestor = inherited[trait]
            flag(code, ancestor, f"{ancestor} ({_steps(distance)} up) {what}")
    for link in step.parents:
        if link.cycle:
            flag("on_cycle", None,
                 f"the {link.relation} link from {link.parent} lies on a declared cycle")
            break
    for link, parent in suggested:
        # Below the threshold a suggestion is too often wrong to hold against a model.
        if link.confidence is None or link.confidence < min_confidence:
            continue
        for name in parent.licenses:
            theirs = rules.license(name)
            # An unknown licence cannot be checked: said by license_unknown where declared,
            # never guessed here.
            if theirs is None or theirs.family == "other" or allows_any(theirs, known):
                continue
            kind = " ".join(filter(None, ("suggested", link.suggested_relation, "parent")))
            flag("lineage_undeclared", parent.id,
                 f"{parent.id} is a {kind} (confidence {link.confidence:.2f}; inferred, not "
                 f"declared) under {name} ({theirs.family}), which allows a derivative "
                 f"{_allowed(theirs)}; the model declares {', '.join(step.licenses)}")
    return sorted(found, key=Flag.sort_key)


def _thinned(step: Step, parent: Step, rules: Rules) -> str | None:
    if not parent.has_card or step.has_card is False:
        return None
    mine, theirs = step.card_length, parent.card_length
    if (mine is not None and theirs is not None and theirs >= rules.thin_min_length
            and mine < rules.thin_ratio * theirs):
        return (f"the model's card has {mine:,} characters, under {rules.thin_ratio:.0%} of "
                f"{parent.id}'s {theirs:,}")
    if step.card_autogenerated and parent.card_autogenerated is False:
        return f"the model's card is generated automatically; {parent.id}'s is not"
    return None


def _trait_order(item: tuple[tuple, tuple[int, str]]) -> tuple:
    trait, near = item
    return near, trait


def _steps(distance: int) -> str:
    return "1 step" if distance == 1 else f"{distance} steps"


def _allowed(lic) -> str:
    if not lic.allows:
        return "no licence at all (no derivatives)"
    return "only " + ", ".join(sorted(lic.allows))


def flags(ancestry: Sequence[Step], rules: Rules | None = None,
          suggested: Sequence[tuple[Link, Step]] = ()) -> list[Flag]:
    """The governance flags of the first model of ``ancestry`` (its ancestors follow it, each
    with its links to its own parents; links to models not in the list are ignored), and,
    from ``suggested`` (its suggested parents: link and facts), ``lineage_undeclared``.

    Examples
    --------
    >>> base = Step("meta/llama", "meta/Llama", 1, licenses=("llama3.1",), languages=("en",))
    >>> ft = Step("x/ft", "x/ft", 0, (Link("meta/llama", "finetune"),), licenses=("mit",))
    >>> [(f.code, f.ancestor) for f in flags([ft, base])]
    [('license_not_allowed', 'meta/Llama'), ('languages_dropped', 'meta/Llama')]
    """
    if not ancestry:
        return []
    rules = rules or default_rules()
    steps = {step.key: step for step in ancestry}
    inheritance = _inheritance(steps)
    subject = ancestry[0]
    parents = [(link, steps[link.parent]) for link in subject.parents if link.parent in steps]
    return model_flags(subject, parents, inheritance[subject.key], rules, suggested)


def _inheritance(steps: Mapping[str, Step]) -> dict[str, Inherited]:
    """Every step's inheritance, parents first (iterative depth-first; a link back into a
    model still being visited, on a cycle, contributes nothing)."""
    done: dict[str, Inherited] = {}
    visiting: set[str] = set()
    for start in sorted(steps):
        stack = [start]
        while stack:
            key = stack[-1]
            if key in done:
                stack.pop()
                continue
            visiting.add(key)
            pending = [link.parent for link in steps[key].parents
                       if link.parent in steps and link.parent not in done
                       and link.parent not in visiting]
            if pending:
                stack.extend(sorted(pending, reverse=True))
                continue
            done[key] = inherit((steps[link.parent], done.get(link.parent, _NOTHING))
                                for link in steps[key].parents if link.parent in steps)
            visiting.discard(key)
            stack.pop()
    return done
