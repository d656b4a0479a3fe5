"""Named queries: one ``.cypher`` file per query, loaded by name.

Every file under this folder is ``<area>/<name>.cypher`` and starts with a header of ``//``
comment lines::

    // Purpose in one or more sentences.
    //
    // Access: read            (read or write)
    // Parameters:
    //   $id      what the parameter means
    // Returns: id, parent, relation

The query's name is ``area/name``. A test parses every file against the real server and checks
that the parameters in the header are exactly those the body uses.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from importlib import resources

from lineage.errors import UsageError

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_HEADER_PARAM = re.compile(r"^\s*\$([A-Za-z_][A-Za-z0-9_]*)\s+(.*)$")
# Strings and comments are blanked before looking for $parameters in the body.
_STRING_OR_COMMENT = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|/\*.*?\*/", re.S)


@dataclasses.dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    purpose: str
    access: str
    parameters: dict[str, str]
    returns: tuple[str, ...]

    @property
    def body_parameters(self) -> set[str]:
        """The ``$parameters`` the query body uses."""
        return set(_PARAM.findall(_STRING_OR_COMMENT.sub("", self.text)))


def parse(name: str, text: str) -> NamedQuery:
    """Parse one ``.cypher`` file's text (its header and body)."""
    header = []
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        header.append(line[2:].strip())
    purpose_lines, parameters, returns, access = [], {}, (), ""
    section = "purpose"
    for line in header:
        if line.startswith("Access:"):
            access = line.removeprefix("Access:").strip()
            section = "other"
        elif line.startswith("Parameters:"):
            section = "parameters"
            rest = line.removeprefix("Parameters:").strip()
            if rest and rest.lower() != "none":
                raise ValueError(f"{name}: list parameters one per line under 'Parameters:'")
        elif line.startswith("Returns:"):
            returns = tuple(c.strip() for c in line.removeprefix("Returns:").split(",") if c.strip())
            section = "other"
        elif section == "parameters" and (match := _HEADER_PARAM.match(line)):
            parameters[match.group(1)] = match.group(2).strip()
        elif section == "purpose" and line:
            purpose_lines.append(line)
    if access not in ("read", "write"):
        raise ValueError(f"{name}: the header needs 'Access: read' or 'Access: write'")
    if not purpose_lines:
        raise ValueError(f"{name}: the header needs a purpose line")
    return NamedQuery(name, text, " ".join(purpose_lines), access, parameters, returns)


@functools.cache
def catalogue() -> dict[str, NamedQuery]:
    """Every named query shipped with the project, by name."""
    root = resources.files(__package__)
    found = {}
    for area in sorted(root.iterdir(), key=lambda p: p.name):
        if not area.is_dir() or area.name.startswith(("_", ".")):
            continue
        for file in sorted(area.iterdir(), key=lambda p: p.name):
            # Numbered files are schema migrations (see schema.py), not named queries.
            if file.name.endswith(".cypher") and not re.match(r"\d+_", file.name):
                name = f"{area.name}/{file.name.removesuffix('.cypher')}"
                found[name] = parse(name, file.read_text(encoding="utf-8"))
    return found


def get(name: str) -> NamedQuery:
    """The named query ``area/name``; a clear error lists the known names otherwise."""
    try:
        return catalogue()[name]
    except KeyError:
        known = ", ".join(catalogue())
        raise UsageError(f"no query named {name!r}; known queries: {known}") from None


#: The named query the Cypher console offers first: the simplest useful read.
FIRST_EXAMPLE = "models/search"


def examples() -> dict[str, NamedQuery]:
    """The named read queries, offered as examples in the console (:data:`FIRST_EXAMPLE`
    first)."""
    found = {name: query for name, query in catalogue().items() if query.access == "read"}
    return {FIRST_EXAMPLE: found[FIRST_EXAMPLE],
            **{name: query for name, query in found.items() if name != FIRST_EXAMPLE}}
