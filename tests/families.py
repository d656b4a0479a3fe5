"""Tiny literal families written as crawl-format JSON files, for app and tree tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_crawl(path: Path, models: list[dict[str, Any]]) -> Path:
    """A crawl-format JSON file holding ``models`` (Hub metadata, each with id and tags)."""
    path.write_text(json.dumps({"models": [
        {"model_id": model["id"], "metadata": json.dumps(model), "depth": 0, "children": "[]"}
        for model in models]}))
    return path


def hub_model(model_id: str, downloads: int, *parents: tuple[str, str],
              **more: Any) -> dict[str, Any]:
    """Hub metadata for one model declaring ``parents`` as (relation word, parent id)."""
    return {"id": model_id, "downloads": downloads,
            "tags": [f"base_model:{relation}:{parent}" for relation, parent in parents],
            **more}


#: A base with two finetunes, a merge of both, a quantization of the merge, and an adapter of
#: a parent that is not loaded (a placeholder).
FAMILY = [
    hub_model("org/base", 1000, pipeline_tag="text-generation", library_name="transformers",
              likes=42, tags=["license:apache-2.0", "en", "fr"]),
    hub_model("org/ft-a", 500, ("finetune", "org/base")),
    hub_model("org/ft-b", 400, ("finetune", "org/base")),
    hub_model("org/merged", 300, ("merge", "org/ft-a"), ("merge", "org/ft-b")),
    hub_model("org/quant", 20, ("quantized", "org/merged")),
    hub_model("org/orphan", 5, ("adapter", "elsewhere/missing")),
]


#: FAMILY with a declared two-model cycle beside it.
FAMILY_WITH_LOOP = FAMILY + [hub_model("org/loop-a", 1, ("finetune", "org/loop-b")),
                             hub_model("org/loop-b", 1, ("finetune", "org/loop-a"))]

#: A root with 520 children, 12 grandchildren below its most downloaded child and 2 below its
#: least downloaded one: more descendants than a report draws, most in one generation.
WIDE_FAMILY = [
    hub_model("wide/root", 10),
    *(hub_model(f"wide/kid-{n:03d}", 1000 + n, ("finetune", "wide/root")) for n in range(520)),
    *(hub_model(f"wide/grandkid-{n}", 5000 + n, ("quantized", "wide/kid-519"))
      for n in range(12)),
    *(hub_model(f"wide/far-{n}", 9000 + n, ("adapter", "wide/kid-000")) for n in range(2)),
]
