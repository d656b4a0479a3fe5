"""Bills of materials: CycloneDX 1.6 and SPDX 3.0.1 exports of a model's lineage, valid by the
standards' own tooling, read back by the libraries' own parsers into exactly the ancestry the
kin queries give; a review of many models as one BOM; and the usual errors."""

from __future__ import annotations

import io
import json

import pytest
from cyclonedx.model.bom import Bom
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from spdx_python_model import v3_0_1 as spdx

from lineage.licenses import normalise_license
from lineage.loader.files import load_files
from lineage.ui.cli import main
from lineage.ui.explorer import Explorer
from lineage.ui.render import cyclonedx
from lineage.ui.render import spdx as spdx_render
from tests.families import FAMILY_WITH_LOOP, hub_model

#: Text a model's facts may hold that must stay text: markup, quotes, escapes, separators.
CORPUS = ["<script>window.pwned=1</script>", "<img src=x onerror=alert(1)>",
          "[click](javascript:alert(1))", "\"quoted\" \\back\\slash", "line\u2028sep ünï"]

MODELS = FAMILY_WITH_LOOP + [
    hub_model("org/d0", 9, tags=["license:llama3.1"]),
    *(hub_model(f"org/d{n}", 9 - n, ("finetune", f"org/d{n - 1}")) for n in range(1, 6)),
    hub_model("org/evil", 3, pipeline_tag=CORPUS[0],
              tags=["base_model:finetune:org/d5", "base_model:adapter:org/base",
                    "license:apache-2.0", f"license:{CORPUS[1]}"],
              cardData={"datasets": [CORPUS[2], "org/\"data\""]}),
    hub_model("org/loop-child", 1, ("quantized", "org/loop-a")),
]
#: The evil model's card: the corpus, and the front matter a card starts with.
CARD = "---\nlicense: apache-2.0\n---\n# Evil\n" + "\n".join(CORPUS)
#: A deep model, a merge of two parents, a model on a declared cycle, a placeholder's child,
#: and a model whose facts hold the corpus.
CASES = ["org/d5", "org/merged", "org/quant", "org/loop-child", "org/loop-a", "org/orphan",
         "org/evil"]


@pytest.fixture
def loaded(graph, cli_env, tmp_path):
    path = tmp_path / "models.json"
    path.write_text(json.dumps({"models": [
        {"model_id": m["id"], "metadata": json.dumps(m), "depth": 0, "children": "[]",
         **({"card": CARD} if m["id"] == "org/evil" else {})}
        for m in MODELS]}))
    load_files(graph, [path], rejects_path=tmp_path / "rejects.jsonl")
    with Explorer() as explorer:
        explorer.compute()
    return graph


def expected_lineage(explorer: Explorer, model_id: str) -> set[tuple[str, str, str]]:
    """(child, parent, relations) of every lineage edge above the model, from the kin queries
    (the model's ancestors, and each one's parents with their relations)."""
    ancestors, _ = explorer.kin(model_id, "ancestors", limit=1000)
    models = [model_id, *(row["id"] for row in ancestors)]
    edges = set()
    for child in models:
        parents, _ = explorer.kin(child, "parents", limit=1000)
        edges |= {(child, row["id"], ",".join(row["relations"])) for row in parents}
    return edges


def cyclonedx_lineage(text: str) -> tuple[str, set[tuple[str, str, str]]]:
    """The BOM read back by cyclonedx-python-lib: its model, and every pedigree step."""
    bom = Bom.from_json(json.loads(text))
    edges, stack = set(), [bom.metadata.component]
    while stack:
        component = stack.pop()
        for ancestor in (component.pedigree.ancestors if component.pedigree else ()):
            relation = {p.name: p.value for p in ancestor.properties}["lineage:relation"]
            edges.add((component.name, ancestor.name, relation))
            stack.append(ancestor)
    return bom.metadata.component.name, edges


def spdx_lineage(text: str) -> tuple[str, set[tuple[str, str, str]], spdx.SHACLObjectSet]:
    """The document read back by the SPDX 3 model: its root package, and every ancestorOf."""
    objects = spdx.SHACLObjectSet()
    spdx.JSONLDDeserializer().read(io.BytesIO(text.encode()), objects)
    [document] = objects.foreach_type(spdx.SpdxDocument)
    edges = set()
    for relation in objects.foreach_type(spdx.Relationship):
        if relation.relationshipType == spdx.RelationshipType.ancestorOf:
            word = relation.comment.removeprefix("relation: ").split(";")[0]
            edges |= {(child.name, relation.from_.name, word) for child in relation.to}
    return document.rootElement[0].name, edges, objects


@pytest.mark.parametrize("model_id", CASES)
def test_every_export_is_valid_and_reads_back_as_the_kin_queries_lineage(loaded, model_id):
    with Explorer() as explorer:
        report = explorer.lineage_report(model_id, down=0)
        expected = expected_lineage(explorer, model_id)
    bom = cyclonedx.render(report)
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(bom) is None
    assert cyclonedx_lineage(bom) == (model_id, expected)
    document = spdx_render.render(report)  # the SPDX model checks every element as it writes
    name, edges, _ = spdx_lineage(document)
    assert (name, edges) == (model_id, {(child, parent, relation)
                                        for child, parent, relations in expected
                                        for relation in relations.split(",")})


def test_the_facts_of_a_model_survive_the_round_trip_as_text(loaded):
    with Explorer() as explorer:
        report = explorer.lineage_report("org/evil", down=0)
    data = json.loads(cyclonedx.render(report))
    model = data["metadata"]["component"]
    assert model["modelCard"]["modelParameters"]["task"] == CORPUS[0]
    assert {c["name"] for c in data["components"]} == {CORPUS[2], "org/\"data\""}
    assert {lic["license"].get("name") or lic["license"].get("id")
            for lic in model["licenses"]} == {"Apache-2.0", normalise_license(CORPUS[1])}
    assert any(p["name"] == "lineage:flag" and p["value"].startswith("license_unknown")
               for p in model["properties"])
    with Explorer() as explorer:
        card = explorer.model("org/evil")["card_excerpt"]
    assert card == CARD
    assert json.loads(cyclonedx.render(report, card=card))["metadata"]["component"][
        "description"] == CARD
    _, _, objects = spdx_lineage(spdx_render.render(report, card=card))
    [package] = [p for p in objects.foreach_type(spdx.ai_AIPackage) if p.name == "org/evil"]
    assert package.description == CARD
    trained = [r for r in objects.foreach_type(spdx.Relationship)
               if r.relationshipType == spdx.RelationshipType.trainedOn]
    assert [sorted(d.name for d in r.to) for r in trained] == [sorted([CORPUS[2],
                                                                      "org/\"data\""])]
    expressions = {e.simplelicensing_licenseExpression
                   for e in objects.foreach_type(spdx.simplelicensing_LicenseExpression)}
    assert any(e.startswith("Apache-2.0 AND LicenseRef-") for e in expressions)


def test_the_model_card_concludes_no_assertion_where_an_ancestor_refuses_the_licence(loaded):
    # org/d5 declares nothing of its own; org/evil declares apache-2.0 below llama3.1.
    with Explorer() as explorer:
        report = explorer.lineage_report("org/evil", down=0)
    assert any(f.code == "license_not_allowed" for f in report.flags)
    _, _, objects = spdx_lineage(spdx_render.render(report))
    concluded = [r for r in objects.foreach_type(spdx.Relationship)
                 if r.relationshipType == spdx.RelationshipType.hasConcludedLicense
                 and r.from_.name == "org/evil"]
    assert [r.to[0] for r in concluded] == [
        spdx.expandedlicensing_IndividualLicensingInfo.NoAssertionLicense]


def test_a_review_of_a_family_is_one_valid_bom_with_its_lineage_as_dependencies(
        loaded, tmp_path, capsys):
    path = tmp_path / "family.cdx.json"
    with pytest.raises(SystemExit) as done:
        main(["review", "--family", "org/base", "-o", str(path)])
    assert done.value.code == 0
    text = path.read_text(encoding="utf-8")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    names = {c["name"] for c in bom["components"]}
    with Explorer() as explorer:
        family = {row["id"] for row in explorer.kin("org/base", "descendants", limit=1000)[0]}
        edges = {(child, parent) for child in names
                 for parent in (r["id"] for r in explorer.kin(child, "parents")[0])}
    # The family: org/base, its descendants, the evil model's other branch and the placeholder.
    assert {"org/base", *family} <= names
    depends = {(d["ref"].removeprefix("model:"), p.removeprefix("model:"))
               for d in bom["dependencies"] for p in d.get("dependsOn", [])}
    assert depends == edges


@pytest.mark.parametrize("args,code,message", [
    (["export", "cyclonedx", "org/none"], 2, "no model 'org/none' in the graph"),
    (["export", "spdx", "org/base", "-o", "/no/such/folder/x.spdx.json"], 1, "does not exist"),
    (["review", "--all", "-o", "all.cdx.xml"], 2, "cannot tell the format"),
])
def test_errors_say_what_to_do_and_leave_no_file(loaded, tmp_path, monkeypatch, capsys, args,
                                                 code, message):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == code and message in capsys.readouterr().err
    assert list(here.iterdir()) == []
