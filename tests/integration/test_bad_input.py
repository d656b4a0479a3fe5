"""Bad input gets a clear error and loses nothing: each bad row, field or edge goes to the
rejects file with its position, reason and raw value, and the load goes on; a whole-file problem
is one clear message and exit code 1."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lineage.cypher.cardstore import CardStore
from lineage.ui.cli import main

HEADER = ("model_id,likes,trendingScore,private,downloads,tags,pipeline_tag,library_name,"
          "createdAt,regions,licenses,arxiv_papers,datasets,parent_model,finetune_parent,"
          "quantized_parent,adapter_parent,merge_parent,languages,modelCard")


def dataset_row(model_id, *, parents="[]", finetune="[]", merge="[]", likes="1", tags="[]",
                languages="[]", card="", licenses="[]", created="2023-01-01 00:00:00+00:00"):
    cells = [model_id, likes, "0", "False", "10", tags, "text-generation", "transformers",
             created, "['us']", licenses, "[]", "[]", parents, finetune, "[]", "[]", merge,
             languages, card]
    return ",".join('"' + c.replace('"', '""') + '"' for c in cells)


def run_cli(capsys, *args):
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    captured = capsys.readouterr()
    return exit_.value.code, captured.out, captured.err


def load(capsys, tmp_path, *paths, extra=()):
    rejects = tmp_path / "rejects.jsonl"
    code, out, err = run_cli(capsys, "load", "file", *map(str, paths), "--rejects", str(rejects),
                             *extra)
    lines = [json.loads(x) for x in rejects.read_text().splitlines()] if rejects.exists() else []
    return code, err, lines


def model(graph, model_id):
    rows = graph.run("models/get", id=model_id)
    return rows[0]["model"] if rows else None


def edges(graph):
    return {(r["p"], r["t"], r["c"]) for r in graph.adhoc(
        "MATCH (p:Model)-[r]->(c:Model) RETURN p.id AS p, type(r) AS t, c.id AS c").rows}


def test_bad_rows_and_fields_of_a_dataset_csv(graph, cli_env, capsys, tmp_path):
    path = tmp_path / "eco.csv"
    rows = [
        HEADER,
        dataset_row("org/base", licenses="['Apache 2.0']", languages="['English', 'Robotese']"),
        dataset_row("org/ft", parents="['org/base']", finetune="['org/base']"),
        dataset_row("org/bad-fields", likes="lots", tags="['unclosed", created="someday"),
        dataset_row(""),                                            # empty model id
        dataset_row("   "),                                         # blank model id
        dataset_row("org/ft", likes="99"),                          # duplicate id
        dataset_row("org/self", finetune="['org/self']"),           # names itself
        dataset_row("org/url", finetune="[' https://huggingface.co/ORG/Base ']"),
        dataset_row("org/garbage-parent", finetune="['not a/valid/id']"),
        '"org/short","1"',                                          # malformed line
        dataset_row("org/last"),
    ]
    data = ("\n".join(rows) + "\n").encode()
    data += dataset_row("org/latin1", card="caf\udce9").encode("utf-8", "surrogateescape") + b"\n"
    path.write_bytes(data)

    code, err, rejects = load(capsys, tmp_path, path)
    assert code == 0, err
    reasons = [(r["kind"], r["reason"]) for r in rejects]
    assert ("row", "malformed CSV: 2 fields where the header has 20") in reasons
    assert reasons.count(("row", "missing model id")) == 2
    assert ("row", "duplicate model id in this load (first row kept)") in reasons
    assert ("edge", "model names itself as its parent") in reasons
    assert ("edge", "finetune_parent: not a model id") in reasons
    assert ("field", "likes: not a number") in reasons
    assert ("field", "tags: not a list literal") in reasons
    assert ("field", "createdAt: not a date and time") in reasons
    assert ("field", "modelCard: not UTF-8 text") in reasons
    assert ("field", "languages: not an ISO 639 language, left out of languages") in reasons
    for reject in rejects:
        assert reject["position"].startswith("eco.csv:")
    bad = next(r for r in rejects if r["reason"] == "likes: not a number")
    assert bad["value"] == "lots" and bad["model_id"] == "org/bad-fields"
    assert bad["position"] == "eco.csv:record 3"

    # Nothing silently dropped: every good row is a model, bad fields left unset.
    for model_id in ("org/base", "org/ft", "org/bad-fields", "org/self", "org/url",
                     "org/garbage-parent", "org/last", "org/latin1"):
        assert model(graph, model_id)["placeholder"] is False
    assert model(graph, "org/ft")["likes"] == 1  # the first row won
    assert "likes" not in model(graph, "org/bad-fields")
    base = model(graph, "org/base")
    assert base["licenses"] == ["apache-2.0"] and base["languages"] == ["en"]
    assert ("org/base", "FINETUNE", "org/ft") in edges(graph)
    assert ("org/base", "FINETUNE", "org/url") in edges(graph)  # URL, case, spaces
    assert ("org/base", "DERIVATIVE", "org/ft") not in edges(graph)
    assert not any(p == c for p, _, c in edges(graph))
    assert "Rejects written to" in err


def test_cycles_unknown_words_and_bad_json_in_a_crawl(graph, cli_env, capsys, tmp_path):
    def row(model_id, tags, metadata=None):
        return {"model_id": model_id, "depth": 0, "children": "[]",
                "metadata": metadata if metadata is not None else json.dumps(
                    {"id": model_id, "tags": tags})}
    path = tmp_path / "family.json"
    path.write_text(json.dumps({"models": [
        row("org/a", ["base_model:finetune:org/b"]),
        row("org/b", ["base_model:finetune:org/a"]),
        row("org/x", ["base_model:finetune:org/z"]),
        row("org/y", ["base_model:finetune:org/x"]),
        row("org/z", ["base_model:finetune:org/y"]),
        row("org/distilled", ["base_model:distill:org/teacher"]),
        row("org/broken", [], metadata='{"id": "org/broken", "tags": ['),
    ]}))
    code, err, rejects = load(capsys, tmp_path, path)
    assert code == 0, err
    cycles = [r for r in rejects if r["kind"] == "cycle"]
    assert sorted(c["value"] for c in cycles) == ["org/a -> org/b", "org/x -> org/y -> org/z"]
    assert "cycles (edges flagged)" in err
    flagged = graph.adhoc("MATCH ()-[r {cycle: true}]->() RETURN count(r) AS n").rows[0]["n"]
    assert flagged == 5
    word = graph.adhoc("MATCH (:Model {key: 'org/teacher'})-[r:DERIVATIVE]->(:Model {key: "
                       "'org/distilled'}) RETURN r.relation_word AS word").rows
    assert word == [{"word": "distill"}]
    assert "unknown relation word 'distill'" in err
    broken = [r for r in rejects if r["model_id"] == "org/broken"]
    assert broken and broken[0]["reason"].startswith("metadata is not valid JSON")
    assert model(graph, "org/broken")["placeholder"] is False


def test_a_twenty_megabyte_card_is_kept_cut_and_reported(graph, cli_env, capsys, tmp_path):
    card = "# Huge\n" + "lorem ipsum " * (20_000_000 // 12)
    path = tmp_path / "huge.csv"
    path.write_text(HEADER + "\n" + dataset_row("org/huge", card=card) + "\n")
    code, err, rejects = load(capsys, tmp_path, path)
    assert code == 0, err
    facts = model(graph, "org/huge")
    assert facts["card_length"] == len(card) and facts["has_card"] is True
    text, cut = CardStore.of(graph).texts(["org/huge"])["org/huge"]
    assert (len(text), cut) == (1_000_000, True)
    assert [r["kind"] for r in rejects] == ["card"]


@pytest.mark.parametrize("make,message", [
    (lambda p: p.write_bytes(b""), "is empty: nothing to load"),
    (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100), "is a PNG image, not a file of models"),
    (lambda p: p.write_text("name,size\nx,1\n"), "format not recognised"),
])
def test_whole_file_problems_are_one_message_and_exit_1(graph, cli_env, capsys, tmp_path,
                                                        make, message):
    path = tmp_path / "input.csv"
    make(path)
    code, err, rejects = load(capsys, tmp_path, path)
    assert code == 1
    assert message in err and "Traceback" not in err
    assert err.count("Error:") == 1
    assert graph.adhoc("MATCH (n) WHERE NOT n:SchemaVersion RETURN count(n) AS n"
                       ).rows == [{"n": 0}]


def test_a_bad_file_among_good_ones_stops_before_anything_is_written(graph, cli_env, capsys,
                                                                     tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "\n" + dataset_row("org/good") + "\n")
    image = tmp_path / "photo.csv"
    image.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)
    code, err, _ = load(capsys, tmp_path, good, image)
    assert code == 1 and "is a JPEG image" in err
    assert model(graph, "org/good") is None


def test_a_truncated_parquet_file_is_refused_whole(graph, cli_env, capsys, tmp_path):
    path = tmp_path / "eco.parquet"
    table = pa.table({"model_id": [f"org/m{i}" for i in range(1000)],
                      "parent_model": ["[]"] * 1000, "createdAt": [None] * 1000})
    pq.write_table(table, path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    code, err, _ = load(capsys, tmp_path, path)
    assert code == 1
    assert "not a readable Parquet file" in err and "truncated" in err


def test_the_format_can_be_named_and_a_wrong_name_is_misuse(graph, cli_env, capsys, tmp_path):
    path = tmp_path / "eco.txt"
    path.write_text(HEADER + "\n" + dataset_row("org/named") + "\n")
    code, err, _ = load(capsys, tmp_path, path, extra=("--format", "dataset"))
    assert code == 0 and model(graph, "org/named") is not None
    code, err, _ = load(capsys, tmp_path, path, extra=("--format", "nonsense"))
    assert code == 2 and "nonsense" in err
