"""A plain N-model file in the published dataset's schema, for load benchmarks.

Roughly the published shape: about 31 % of models declare a parent (573,653 edges in 1.86M
models), with the published relation mix; traits drawn from a few common values.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

RELATIONS = ("finetune_parent", "quantized_parent", "adapter_parent", "merge_parent")
# finetune 189,391; quantized 101,921; adapter 241,417; merge + untyped 40,924
MIX = np.array([189_391, 101_921, 241_417, 40_924]) / 573_653
CHUNK = 250_000


def make_dataset(models: int, seed: int, path: Path) -> Path:
    rng = np.random.default_rng(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = None
    try:
        for start in range(0, models, CHUNK):
            table = _chunk(rng, start, min(models, start + CHUNK))
            if writer is None:
                writer = pa_csv.CSVWriter(path, table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    return path


def _chunk(rng: np.random.Generator, start: int, stop: int) -> pa.Table:
    n = stop - start
    index = np.arange(start, stop)
    ids = np.char.add(np.char.add("bench-owner", (index % 40_000).astype(str)),
                      np.char.add("/model-", index.astype(str)))
    has_parent = (rng.random(n) < 0.31) & (index > 0)
    parent = (rng.random(n) * index * 0.8).astype(np.int64)
    parent_ids = np.char.add(np.char.add("bench-owner", (parent % 40_000).astype(str)),
                             np.char.add("/model-", parent.astype(str)))
    literal = np.char.add(np.char.add("['", parent_ids), "']")
    relation = rng.choice(4, n, p=MIX)
    columns = {name: np.where(has_parent & (relation == i), literal, "[]")
               for i, name in enumerate(RELATIONS)}
    pick = lambda *values: np.array(values)[rng.integers(0, len(values), n)]  # noqa: E731
    return pa.table({
        "model_id": ids,
        "likes": rng.zipf(2.2, n).astype(np.int64) - 1,
        "trendingScore": rng.integers(0, 5, n),
        "private": np.full(n, "False"),
        "downloads": rng.zipf(1.6, n).astype(np.int64) - 1,
        "tags": pick("['transformers', 'safetensors', 'llama', 'text-generation', 'en', "
                     "'license:apache-2.0', 'autotrain_compatible', 'region:us']",
                     "['diffusers', 'lora', 'text-to-image', 'region:us']",
                     "['gguf', 'region:us']", "[]"),
        "pipeline_tag": pick("text-generation", "text-to-image", "text-classification", ""),
        "library_name": pick("transformers", "diffusers", "gguf", "peft", ""),
        "createdAt": pick("2022-03-02 23:29:04+00:00", "2023-06-11 08:01:00+00:00",
                          "2024-10-30 17:45:12+00:00"),
        "regions": np.full(n, "['us']"),
        "licenses": pick("['apache-2.0']", "['mit']", "[]", "['other']", "['llama3']"),
        "arxiv_papers": pick("[]", "[]", "['arxiv:2106.09685']"),
        "datasets": pick("[]", "[]", "['tatsu-lab/alpaca']"),
        "parent_model": np.where(has_parent, literal, "[]"),
        **columns,
        "languages": pick("['English']", "[]", "[]", "['English', 'French']", "['Chinese']"),
    })
