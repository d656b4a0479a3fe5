"""The Model page's panels below the tree: suggested parents, stored measures, kin and
governance.

Each panel asks the :class:`~lineage.ui.explorer.Explorer` for what other parts of the project
store or compute (the measures of ``lineage compute``, the kin, the lineage report and its
governance flags) and says plainly what to run when a result is absent. The report's files are
:func:`lineage.ui.render.lineage_report.render`'s text, the same bytes ``lineage report``
writes.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pyarrow as pa
import streamlit as st

from lineage.analytics.inference import DEFAULT_MIN_CONFIDENCE
from lineage.relations import Relation
from lineage.ui.app.session import KEPT
from lineage.ui.explorer import Explorer
from lineage.ui.render import cyclonedx, lineage_report, results, spdx
from lineage.ui.render.facts import escape_markdown

#: The kin tabs, in order: (kind, title).
KIN_TABS = (("siblings", "Siblings"), ("cousins", "Cousins"), ("ancestors", "Ancestors"),
            ("descendants", "Descendants"))
KIN_LISTED = 10  # the most downloaded relatives listed per tab
#: The report the page offers is `lineage report MODEL_ID`'s: every ancestor to every root, two
#: generations of descendants.
REPORT_UP, REPORT_DOWN = None, 2

DISRUPTION = """The **disruption index** asks whether later models build on this model *instead
of* its parents (disruptive, towards +1) or *together with* them (consolidating, towards −1).
Counting the models created within the window after this one:
**n_i** derive from this model and from none of its parents, **n_j** from this model and from
some of its parents, **n_k** from some of its parents but not from this model;
D = (n_i − n_j) / (n_i + n_j + n_k). The *direct* variant counts direct parents only; the
*lineage* variant counts descent through any ancestor. Undefined (no parents, no creation time or
nothing in the window) shows as “undefined”."""


SUGGESTED_NOTE = (
    "Inferred by `lineage infer` from names, cards and model fingerprints: **not declared** by "
    "the model, so no measure, kin list or ancestry counts them. Drawn dashed in the tree; "
    f"those with a confidence of at least {DEFAULT_MIN_CONFIDENCE:g} are shown. Run "
    "`lineage infer` again to refresh them after a load.")


@st.cache_data(ttl=KEPT, max_entries=2048, show_spinner=False)
def suggestions_of(_lineage: Explorer, where: str, version: tuple, model_id: str
                   ) -> list[dict[str, Any]]:
    return _lineage.suggested_parents(model_id)


def show_suggested(lineage: Explorer, where: str, version: tuple, model_id: str,
                   go_to) -> None:
    """The model's suggested parents, apart from its declared ones: each with its relation,
    confidence, licence and evidence, and a button to its family tree."""
    st.subheader("Suggested parents (not declared)", anchor=False)
    found = suggestions_of(lineage, where, version, model_id)
    if not found:
        st.caption(f"None with a confidence of at least {DEFAULT_MIN_CONFIDENCE:g}. Suggested "
                   "parents are inferred, never declared: run `lineage infer` to look for "
                   "parents this model does not name.")
        return
    st.caption(SUGGESTED_NOTE)
    for row in found:
        parent = row["model"]
        licences = ", ".join(parent.get("licenses") or ()) or "none stated"
        st.button(escape_markdown(f"{parent['id']} · suggested {row['relation']} · "
                                  f"confidence {row['confidence']:.2f}"),
                  key=f"suggested-{parent['key']}", on_click=go_to, args=(parent["id"],),
                  help=f"Show the family tree of {parent['id']}", width="stretch")
        reasons = "; ".join(row.get("evidence") or ()) or "no evidence recorded"
        st.caption(escape_markdown(f"Licence: {licences}. Evidence: {reasons}."))


def show_measures(model: dict[str, Any]) -> None:
    st.subheader("Generation, family and disruption", anchor=False)
    if model.get("generation") is None:
        st.info("The graph measures are not computed yet: run `lineage compute`, then "
                "reload.", icon=":material/calculate:")
        return
    columns = st.columns(4)
    columns[0].metric("Generation", f"{model['generation']:,}",
                      help="Lineage edges on the longest path up to a root (0: a root).")
    columns[1].metric("Family size", f"{model.get('family_size') or 1:,}")
    columns[2].metric("Descendants", f"{model.get('descendants') or 0:,}")
    children = {member.label: model.get(f"children_{member.label}") or 0 for member in Relation}
    columns[3].metric("Children", f"{sum(children.values()):,}")
    st.caption("Family: " + escape_markdown(str(model.get("family") or model["id"]))
               + " · children by relation: "
               + (", ".join(f"{n:,} {word}" for word, n in children.items() if n) or "none"))
    rows = []
    for variant, prefix in (("direct parents", "mdi"), ("lineage", "mdi_lineage")):
        value = model.get(prefix)
        rows.append({"variant": variant,
                     "index": "undefined" if value is None else f"{value:+.3f}",
                     "n_i": model.get(f"{prefix}_n_i"), "n_j": model.get(f"{prefix}_n_j"),
                     "n_k": model.get(f"{prefix}_n_k")})
    st.dataframe(results.arrow_table(list(rows[0]), rows), hide_index=True)
    with st.expander("What the disruption index means"):
        st.markdown(DISRUPTION)


@st.cache_data(ttl=KEPT, max_entries=2048, show_spinner=False)
def kin_table(_lineage: Explorer, where: str, version: tuple, model_id: str, kind: str,
              limit: int) -> tuple[pa.Table | None, int]:
    """The most downloaded relatives of a kind as a table (None: there are none), and how
    many there are."""
    rows, total = _lineage.kin(model_id, kind, None, limit)
    return (results.arrow_table(list(rows[0]), rows) if rows else None), total


def show_kin(lineage: Explorer, where: str, version: tuple, model_id: str) -> None:
    st.subheader("Kin", anchor=False)
    for (kind, title), tab in zip(KIN_TABS, st.tabs([t for _, t in KIN_TABS])):
        with tab:
            rows, total = kin_table(lineage, where, version, model_id, kind, KIN_LISTED)
            st.metric(title, f"{total:,}")
            if rows is not None:
                st.caption(f"The {min(rows.num_rows, KIN_LISTED)} most downloaded:")
                st.dataframe(rows, hide_index=True)
            else:
                st.caption(f"No {title.lower()}.")


@st.cache_data(ttl=KEPT, max_entries=256, show_spinner="Building the lineage report ...")
def report_of(_lineage: Explorer, where: str, version: tuple, model_id: str
              ) -> tuple[pa.Table | None, dict[str, str]]:
    """The report's governance flags (None: no flag) and its files by extension: the lineage
    report (``html``, ``json``) and the model's bills of materials (``cdx.json``,
    ``spdx.json``), made once per model (a rerun with the same model reads them from the
    cache rather than rendering them again); the bytes ``lineage report`` and ``lineage
    export cyclonedx|spdx`` write."""
    rules = _lineage.rules()
    report = _lineage.lineage_report(model_id, up=REPORT_UP, down=REPORT_DOWN, rules=rules)
    card = _lineage.model(report.model["id"]).get("card_excerpt")
    flags = [dataclasses.asdict(flag) for flag in report.flags]
    files = {"html": lineage_report.render(report, "html"),
             "json": lineage_report.render(report, "json"),
             "cdx.json": cyclonedx.render(report, rules, card),
             "spdx.json": spdx.render(report, rules, card)}
    return (results.arrow_table(list(flags[0]), flags) if flags else None), files


def show_governance(lineage: Explorer, where: str, version: tuple, model_id: str) -> None:
    st.subheader("Governance flags along the ancestry", anchor=False)
    flags, files = report_of(lineage, where, version, model_id)
    if flags is not None:
        st.dataframe(flags, hide_index=True,
                     column_config={"ancestor": "from the ancestor"})
    else:
        st.success("No flag: licence, languages, task and documentation agree along the "
                   "ancestry.", icon=":material/verified:")
    name = model_id.replace("/", "__") + "-lineage"
    # The files are handed over when asked for (a callable), so a rerun neither hashes nor
    # stores them again.
    for label, extension, mime, key in (
            ("the lineage report (HTML)", "html", "text/html", "report-html"),
            ("the lineage report (JSON)", "json", "application/json", "report-json"),
            ("the CycloneDX bill of materials", "cdx.json", "application/vnd.cyclonedx+json",
             "report-cyclonedx"),
            ("the SPDX document", "spdx.json", "application/spdx+json", "report-spdx")):
        stem = name if extension in ("html", "json") else model_id.replace("/", "__")
        st.download_button(f"Download {label}", lambda text=files[extension]: text,
                           file_name=f"{stem}.{extension}", mime=mime, key=key,
                           on_click="ignore")
