"""The calibration report: figures of an ecosystem file beside the published ones.

Every figure is computed from the file by the analytics (the same functions that run on
frames pulled from Neo4j), set beside the published figure (counts scaled to the file's number
of models: paths like the number of models, pairs around a parent like its square, triples
like its cube), and checked against a stated tolerance. Works on any file in the published
dataset's schema, synthetic or real.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pandas as pd

from lineage.analytics.ecosystem import documentation, drift, mutation, recognition
from lineage.analytics.measures import structure
from lineage.analytics.replication import published
from lineage.analytics.replication.tolerance import Tolerance, Value
from lineage.errors import LineageError
from lineage.languages import language_code, language_name
from lineage.loader.synthetic.fileframes import Frames, read_frames


@dataclasses.dataclass(frozen=True)
class Row:
    section: str
    figure: str
    generated: Value
    published: Value
    tolerance: Tolerance

    @property
    def ok(self) -> bool:
        return self.tolerance.holds(self.generated, self.published)

    def as_dict(self) -> dict[str, object]:
        return {"section": self.section, "figure": self.figure,
                "generated": _show(self.generated), "published": _show(self.published),
                "tolerance": self.tolerance.describe(), "status": "ok" if self.ok else "OUT"}


def _show(value: Value) -> str:
    if isinstance(value, str):
        return value
    if math.isnan(value):
        return "–"
    if abs(value) >= 100 or value == int(value):
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3f}"


REL = Tolerance("relative", 0.05)
SHARE = Tolerance("absolute", 0.015)


def report_file(path: Path) -> list[Row]:
    """The calibration report of the dataset file at ``path``."""
    return report(read_frames(Path(path)))


def report(frames: Frames) -> list[Row]:
    """The calibration report of an ecosystem given as analytics frames."""
    rows: list[Row] = []
    for section in (_structure, _table1, _traits, _vocabularies, _documentation,
                    _recognition):
        rows += section(frames)
    return rows


def _structure(frames: Frames) -> list[Row]:
    n = len(frames.models)
    edges = frames.edges
    nodes = frames.models["model"]
    section = "structure"
    published_edges = published.EDGES_TOTAL
    counts = edges["relation"].value_counts()
    total = len(edges)
    rows = [Row(section, "edges per model", total / n, published_edges / published.DATASET_MODELS,
                REL)]
    for label, keys in (("finetune", ("finetune",)), ("quantization", ("quantization",)),
                        ("adapter", ("adapter",)), ("merge+unstated", ("merge", "unstated"))):
        share = sum(counts.get(k, 0) for k in keys) / total
        rows.append(Row(section, f"share of edges: {label}", share,
                        published.EDGES[label] / published_edges, SHARE))
    components = structure.component_count(edges[["parent", "child"]], nodes)
    rows.append(Row(section, "weak components per model", components / n,
                    published.WEAK_COMPONENTS / published.DATASET_MODELS, Tolerance("relative",
                                                                                0.03)))
    sizes = structure.family_sizes(edges, nodes)
    for rank, (name, size) in enumerate(published.LARGEST_FAMILIES, start=1):
        generated = sizes[rank - 1] / n if len(sizes) >= rank else float("nan")
        rows.append(Row(section, f"family #{rank} share of models ({name})", generated,
                        size / published.DATASET_MODELS, Tolerance("relative", 0.25)))
    generations = structure.generations(edges[["parent", "child"]], nodes)
    rows.append(Row(section, "deepest lineage (generations)", float(generations.max()),
                    float(published.MAX_GENERATION), Tolerance("absolute", 3)))
    with_children = structure.children_with_children(edges)
    for relation, count in published.CHILDREN_WITH_CHILDREN.items():
        expected = published.scaled(count, n)
        rows.append(Row(section, f"{relation} children with children",
                        float(with_children[relation]), expected, _count_tolerance(expected)))
    return rows


def _count_tolerance(expected: float, relative: float = 0.25) -> Tolerance:
    """``relative``, or three Poisson standard deviations when the count is small."""
    return Tolerance("relative", max(relative, 3 / math.sqrt(max(expected, 1.0))))


#: Table 1 tolerances: counts of short paths are steady, of longer paths less so; counts of
#: pairs and triples around the few largest parents swing with them.
TABLE1_TOLERANCE = {
    "edges": Tolerance("relative", 0.1),
    "grandparent paths": Tolerance("relative", 0.35),
    "great-grandparent paths": Tolerance("relative", 0.6),
    "sibling pairs": Tolerance("factor", 2.0),
    "edges whose child has several children": Tolerance("factor", 2.0),
    "uncle-nephew pairs": Tolerance("factor", 2.0),
    "sibling triples": Tolerance("factor", 3.0),
}


def _table1(frames: Frames) -> list[Row]:
    n = len(frames.models)
    forest = frames.edges[frames.edges["relation"] == "finetune"]
    counts = structure.subgraph_counts(forest)
    rows = []
    for name, (count, power) in published.TABLE1.items():
        rows.append(Row("finetune forest (Table 1)", name,
                        float(counts[published.TABLE1_KEYS[name]]),
                        published.scaled(count, n, power), TABLE1_TOLERANCE[name]))
    return rows


def _traits(frames: Frames) -> list[Row]:
    edges = frames.edges
    rows = []
    section = "mutation"
    for trait, rate in published.MUTATION.items():
        measured = mutation.mutation_rate(edges, frames.traits[trait])
        rows.append(Row(section, f"{trait} mutation rate", measured.rate, rate.value,
                        Tolerance("absolute", 0.03)))
        finetune = mutation.mutation_rate(edges, frames.traits[trait], ("finetune",))
        rows.append(Row(section, f"{trait} mutation rate, finetune edges", finetune.rate,
                        published.MUTATION_FINETUNE[trait], Tolerance("absolute", 0.06)))
    by_release = _sibling_order(frames)
    for trait in ("license", "task"):
        siblings = mutation.sibling_distance(by_release, frames.traits[trait]).rate
        parent_child = mutation.mutation_rate(edges, frames.traits[trait]).rate
        rows.append(Row(section, f"{trait}: sibling / parent-child distance",
                        siblings / parent_child, "< 1 (siblings more alike)",
                        Tolerance("at most", 0.9)))
    section = "drift (top 20)"
    for trait, published_drift in published.DRIFT.items():
        values = _published_values(trait, published_drift.ordering)
        transitions = drift.drift_transitions(edges, frames.traits[trait])
        oriented = drift.drift_graph(transitions, values)
        ordering = drift.optimal_ordering(oriented, values)
        agreement = drift.ordering_agreement(transitions, values)
        rows.append(Row(section, f"{trait}: drifts explained by the published ordering",
                        agreement.explained, published_drift.explained,
                        Tolerance("absolute", 0.12)))
        rows.append(Row(section, f"{trait}: mutations accounted for", agreement.accounted_for,
                        published_drift.accounted_for, Tolerance("absolute", 0.12)))
        rows.append(Row(section, f"{trait}: exact ordering's pairs in the published order",
                        drift.order_concordance(ordering, values), 1.0,
                        Tolerance("at least", 0.75)))
    return rows


def _published_values(trait: str, ordering: tuple[str, ...]) -> list[str]:
    """The published ordering's values as the frames spell them (languages by name)."""
    if trait != "language":
        return list(ordering)
    return [language_name(language_code(name) or name) for name in ordering]


def _sibling_order(frames: Frames) -> pd.DataFrame:
    """Edges sorted by parent and the child's creation time: siblings released one after
    the other are next to each other."""
    created = frames.models.set_index("model")["created_at"]
    return mutation.release_neighbours(frames.edges, created)


def _vocabularies(frames: Frames) -> list[Row]:
    section = "vocabularies"
    licenses = frames.traits["license"]["value"].value_counts(normalize=True)
    reference = pd.Series(dict(published.LICENSE_COUNTS), dtype=float)
    reference /= reference.sum()
    rows = [
        Row(section, "licence shares: total variation from published",
            _total_variation(licenses, reference), 0.0, Tolerance("at most", 0.12)),
        Row(section, "permissive share of licences (apache-2.0, mit)",
            float(licenses.reindex(list(published.PERMISSIVE_LICENSES)).fillna(0).sum()),
            float(reference[list(published.PERMISSIVE_LICENSES)].sum()),
            Tolerance("absolute", 0.06)),
    ]
    languages = frames.traits["language"]
    listing = languages["model"].nunique()
    counts = languages["value"].value_counts()
    names = {name: language_name(language_code(name)) for name, _ in published.LANGUAGE_COUNTS}
    language_reference = pd.Series({names[k]: v for k, v in published.LANGUAGE_COUNTS},
                                   dtype=float)
    rows += [
        Row(section, "language mentions: total variation from published",
            _total_variation(counts / counts.sum(), language_reference / language_reference.sum()),
            0.0, Tolerance("at most", 0.2)),
        Row(section, "English share of models listing a language",
            counts.get("English", 0) / listing, published.ENGLISH_SHARE,
            Tolerance("absolute", 0.06)),
        Row(section, "Chinese share of models listing a language",
            counts.get("Chinese", 0) / listing, published.CHINESE_SHARE,
            Tolerance("absolute", 0.03)),
        Row(section, "most common task", _most_common(frames.traits["task"]),
            published.MOST_COMMON_TASK, Tolerance("same")),
        Row(section, "most common library", _most_common(frames.traits["library"]),
            published.MOST_COMMON_LIBRARY, Tolerance("same")),
    ]
    return rows


def _total_variation(shares: pd.Series, reference: pd.Series) -> float:
    index = shares.index.union(reference.index)
    return float(0.5 * (shares.reindex(index, fill_value=0)
                        - reference.reindex(index, fill_value=0)).abs().sum())


def _most_common(trait: pd.DataFrame) -> str:
    counts = trait["value"].value_counts()
    return str(counts.index[0]) if len(counts) else "–"


def _documentation(frames: Frames) -> list[Row]:
    section = "documentation"
    summary = documentation.card_summary(frames.models)
    along = documentation.cards_along_edges(frames.edges, frames.models)
    listed = documentation.listed_along_edges(frames.edges, frames.traits["language"])
    lengths = Tolerance("relative", 0.3)
    return [
        Row(section, "share of models with a card", summary.share, published.CARD_SHARE,
            Tolerance("absolute", 0.03)),
        Row(section, "mean card length", summary.mean_length, published.CARD_LENGTH_MEAN,
            Tolerance("relative", 0.2)),
        Row(section, "median card length", summary.median_length, published.CARD_LENGTH_MEDIAN,
            Tolerance("relative", 0.2)),
        Row(section, "parent card length (edges where both have one)", along.parent_length,
            published.CARD_LENGTH_PARENT, lengths),
        Row(section, "child card length (edges where both have one)", along.child_length,
            published.CARD_LENGTH_CHILD, lengths),
        Row(section, "child / parent card length", along.length_ratio,
            published.CARD_LENGTH_CHILD / published.CARD_LENGTH_PARENT,
            Tolerance("absolute", 0.12)),
        Row(section, "'automatically generated': child minus parent", along.autogenerated_gap,
            published.AUTOGENERATED_GAP, Tolerance("absolute", 0.06)),
        Row(section, "'automatically generated' among children", along.child_autogenerated,
            published.AUTOGENERATED_CHILDREN, Tolerance("absolute", 0.06)),
        Row(section, "languages listed by the parent (both list some)", listed.parent,
            published.LANGUAGES_PARENT, Tolerance("relative", 0.35)),
        Row(section, "languages listed by the child (both list some)", listed.child,
            published.LANGUAGES_CHILD, Tolerance("relative", 0.35)),
    ]


def _recognition(frames: Frames) -> list[Row]:
    effect = recognition.release_order_effect(frames.edges, frames.models)
    section = "race to release"
    return [
        Row(section, "log downloads per log release rank (siblings)", effect.rank_slope,
            "negative", Tolerance("negative")),
        Row(section, "log downloads per log crowding (siblings)", effect.crowding_slope,
            "negative", Tolerance("negative")),
    ]


class OutOfTolerance(LineageError):
    """Figures of a calibration report fall outside their tolerance."""


def out_of_tolerance(rows: list[Row]) -> list[Row]:
    return [row for row in rows if not row.ok]


def check(rows: list[Row]) -> None:
    """Raise :class:`OutOfTolerance` naming the figures outside their tolerance, if any."""
    out = out_of_tolerance(rows)
    if out:
        raise OutOfTolerance(f"{len(out)} of {len(rows)} figures are out of tolerance: "
                             + "; ".join(f"{row.section}: {row.figure}" for row in out))

