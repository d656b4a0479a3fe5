"""Licence knowledge and governance thresholds, read from data files.

The project's own knowledge is ``licenses.yaml`` beside this module; a user extends or
overrides it with a file of the same shape (``--rules FILE``). Licences are looked up by their
Hub id in any spelling (normalised as the loader normalises them) or by their SPDX id. A
licence not in the knowledge is unknown: nothing is guessed about it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from lineage.errors import UsageError
from lineage.licenses import normalise_license

__all__ = ["FAMILIES", "THIN_RATIO", "THIN_MIN_LENGTH", "License", "Rules", "default_rules",
           "load_rules", "parse_rules"]

FAMILIES = ("permissive", "copyleft", "non-commercial", "model", "other")
#: A child card shorter than this fraction of its parent's is thinned ...
THIN_RATIO = 0.25
#: ... when the parent's card has at least this many characters.
THIN_MIN_LENGTH = 1000
_ENTRY_KEYS = {"id", "spdx", "family", "allows"}
_CARD_KEYS = {"thin_ratio", "thin_min_length"}
#: libyaml's parser when PyYAML was built with it: every report and review reads the rules, and
#: the pure-Python parser takes a noticeable part of a report's time.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclasses.dataclass(frozen=True)
class License:
    """One licence: its Hub id, SPDX id, family, and what a derivative may declare
    (``allows`` None means any licence)."""

    id: str
    spdx: str | None
    family: str
    allows: frozenset[str] | None

    def permits(self, child: License) -> bool:
        """Whether a derivative of a model under this licence may declare ``child``.

        Examples
        --------
        >>> rules = default_rules()
        >>> rules.license("llama3.1").permits(rules.license("apache-2.0"))
        False
        >>> rules.license("mit").permits(rules.license("gpl-3.0"))
        True
        """
        if self.allows is None or child.id == self.id:
            return True
        return child.id in self.allows or f"family:{child.family}" in self.allows


@dataclasses.dataclass(frozen=True)
class Rules:
    """The licence knowledge and the card thresholds the governance flags apply."""

    licenses: Mapping[str, License]
    thin_ratio: float = THIN_RATIO
    thin_min_length: int = THIN_MIN_LENGTH

    def license(self, value: str | None) -> License | None:
        """The licence a spelling names (Hub id in any spelling, or SPDX id), else None.

        Examples
        --------
        >>> default_rules().license("Apache License 2.0").id
        'apache-2.0'
        >>> default_rules().license("GPL-3.0-only").family
        'copyleft'
        >>> default_rules().license("my-own-terms") is None
        True
        """
        known = self.__dict__.setdefault("_looked_up", {})
        if value in known:
            return known[value]
        key = normalise_license(value)
        found = None
        if key is not None:
            found = self.licenses.get(key) or self._by_spdx().get(key)
        if isinstance(value, str):
            # Reviews look the same few spellings up millions of times.
            known[value] = found
        return found

    def _by_spdx(self) -> dict[str, License]:
        cached = self.__dict__.get("_spdx")
        if cached is None:
            cached = {lic.spdx.lower(): lic for lic in self.licenses.values() if lic.spdx}
            object.__setattr__(self, "_spdx", cached)
        return cached


def default_rules() -> Rules:
    """The project's own licence knowledge (``licenses.yaml``)."""
    text = resources.files(__package__).joinpath("licenses.yaml").read_text("utf-8")
    return parse_rules(text, "licenses.yaml")


def load_rules(path: str | Path | None = None) -> Rules:
    """The project's rules, extended or overridden by a user's rules file when given.

    Raises
    ------
    UsageError
        When the file cannot be read or an entry is wrong; the message names the file, the line
        and what is wrong.
    """
    base = default_rules()
    if path is None:
        return base
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"cannot read the rules file {path}: {err}") from None
    extra = parse_rules(text, str(path), known=base.licenses)
    return Rules({**base.licenses, **extra.licenses}, extra.thin_ratio, extra.thin_min_length)


def parse_rules(text: str, name: str, known: Mapping[str, License] | None = None) -> Rules:
    """Rules from the text of a rules file (``name`` is used in error messages).

    Examples
    --------
    >>> parse_rules("licenses:\\n  - {id: acme, family: model, allows: [acme]}\\n", "r.yaml"
    ...             ).licenses["acme"].allows
    frozenset({'acme'})
    >>> parse_rules("licenses:\\n  - {id: acme, family: modle}\\n", "r.yaml")
    Traceback (most recent call last):
    ...
    lineage.errors.UsageError: r.yaml line 2: family 'modle' is not one of permissive, \
copyleft, non-commercial, model, other
    """
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        raise UsageError(f"{name}{where}: not valid YAML ({problem})") from None
    if root is None:
        return Rules({})

    def fail(node: yaml.Node, message: str) -> UsageError:
        return UsageError(f"{name} line {node.start_mark.line + 1}: {message}")

    if not isinstance(root, yaml.MappingNode):
        raise fail(root, "expected a mapping with `licenses:` (and optionally `card:`)")
    licenses: dict[str, License] = {}
    placed: list[tuple[yaml.Node, License]] = []
    thresholds: dict[str, Any] = {}
    for key_node, value_node in root.value:
        key = key_node.value
        if key == "licenses":
            if not isinstance(value_node, yaml.SequenceNode):
                raise fail(value_node, "`licenses` must be a list of entries")
            for entry in value_node.value:
                lic = _license(entry, fail)
                licenses[lic.id] = lic
                placed.append((entry, lic))
        elif key == "card":
            thresholds = _card(value_node, fail)
        else:
            raise fail(key_node, f"unknown section {key!r}: use `licenses` or `card`")
    every = {**(known or {}), **licenses}
    for entry, lic in placed:
        for allowed in sorted(lic.allows or ()):
            if not allowed.startswith("family:") and allowed not in every:
                raise fail(entry, f"licence {lic.id!r} allows {allowed!r}, which is neither a "
                                  "known licence id nor `family:<name>`")
    return Rules(licenses, **thresholds)


def _license(node: yaml.Node, fail) -> License:
    if not isinstance(node, yaml.MappingNode):
        raise fail(node, "each licence entry must be a mapping with id, family and allows")
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.value not in _ENTRY_KEYS:
            raise fail(key_node, f"unknown key {key_node.value!r} in a licence entry: use "
                                 f"{', '.join(sorted(_ENTRY_KEYS))}")
        values[key_node.value] = value_node
    for required in ("id", "family"):
        if required not in values:
            raise fail(node, f"a licence entry needs `{required}`")
    raw_id = _scalar(values["id"], "id", fail)
    lic_id = normalise_license(raw_id)
    if not lic_id:
        raise fail(values["id"], "`id` is empty")
    family = _scalar(values["family"], "family", fail)
    if family not in FAMILIES:
        raise fail(values["family"], f"family {family!r} is not one of {', '.join(FAMILIES)}")
    spdx = _scalar(values["spdx"], "spdx", fail) if "spdx" in values else None
    allows_node = values.get("allows")
    if allows_node is None:
        raise fail(node, f"licence {lic_id!r} needs `allows`: `any` or a list of licence ids "
                         "and `family:<name>` entries")
    if isinstance(allows_node, yaml.ScalarNode):
        if allows_node.value != "any":
            raise fail(allows_node, f"`allows` is {allows_node.value!r}: use `any` or a list")
        allows = None
    elif isinstance(allows_node, yaml.SequenceNode):
        items = []
        for item in allows_node.value:
            word = _scalar(item, "allows", fail)
            if word.startswith("family:"):
                if word.removeprefix("family:") not in FAMILIES:
                    raise fail(item, f"{word!r} names no family: use one of "
                                     f"{', '.join(FAMILIES)}")
                items.append(word)
            else:
                items.append(normalise_license(word) or word)
        allows = frozenset(items)
    else:
        raise fail(allows_node, "`allows` must be `any` or a list")
    return License(lic_id, spdx, family, allows)


def _card(node: yaml.Node, fail) -> dict[str, Any]:
    if not isinstance(node, yaml.MappingNode):
        raise fail(node, "`card` must be a mapping with thin_ratio and/or thin_min_length")
    found: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key not in _CARD_KEYS:
            raise fail(key_node, f"unknown key {key!r} under `card`: use "
                                 f"{', '.join(sorted(_CARD_KEYS))}")
        text = _scalar(value_node, key, fail)
        try:
            value = float(text) if key == "thin_ratio" else int(text)
        except ValueError:
            raise fail(value_node, f"`{key}` must be a number, not {text!r}") from None
        if key == "thin_ratio" and not 0 < value < 1:
            raise fail(value_node, "`thin_ratio` must lie between 0 and 1")
        if key == "thin_min_length" and value < 0:
            raise fail(value_node, "`thin_min_length` must not be negative")
        found[key] = value
    return found


def _scalar(node: yaml.Node, key: str, fail) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise fail(node, f"`{key}` must be a single non-empty value")
    return str(node.value).strip()
