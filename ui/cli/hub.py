"""``lineage load hub`` and ``lineage load dataset``: the live Hugging Face Hub as a source."""

from __future__ import annotations

from pathlib import Path

import click

from lineage.loader.hub.datasetfiles import DATASET
from lineage.ui.cli.common import explorer
from lineage.ui.cli.load import batch_option, rejects_option
from lineage.ui.cli.progress import (
    console,
    count_progress,
    load_progress,
    say,
    summary_table,
)


@click.command("hub")
@click.option("--family", "root", metavar="MODEL_ID",
              help="Crawl the family of this model: its declared ancestors and its descendants "
                   "of every relation.")
@click.option("--all", "everything", is_flag=True, help="Page through every model on the Hub.")
@click.option("--depth", type=click.IntRange(0, 100), default=3, show_default=True,
              help="Generations to follow up (ancestors) and down (descendants) from the root.")
@click.option("--max-models", type=click.IntRange(1, None), default=None,
              help="Stop after this many models [default: 10,000 with --family, no bound with "
                   "--all].")
@click.option("--since", metavar="SNAPSHOT|DATE|last", is_flag=False, flag_value="last",
              help="With --all: only the models modified since the start of load SNAPSHOT, "
                   "or since DATE (2026-11-28, 2026-11-28T09:00, UTC unless stated), read "
                   "newest first up to that boundary; `last` (what --since alone means): the "
                   "start of the newest complete Hub load. A partial load: it marks no model "
                   "removed.")
@click.option("--cards", is_flag=True, help="Also fetch each model's card text (README.md).")
@click.option("--concurrency", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Card texts fetched at once.")
@click.option("--restart", is_flag=True,
              help="Ignore the checkpoint of an earlier, interrupted run and start over.")
@click.option("--retries", type=click.IntRange(0, 20), default=5, show_default=True,
              help="Retries of a request the Hub fails (HTTP 5xx, no answer, broken JSON), "
                   "with exponential backoff; rate limits are waited out without counting.")
@rejects_option
@batch_option
def hub(root: str | None, everything: bool, depth: int, max_models: int | None,
        since: str | None, cards: bool, concurrency: int, restart: bool, retries: int,
        rejects: Path | None, batch_size: int) -> None:
    """Crawl the live Hub (HF_ENDPOINT, default https://huggingface.co; HF_TOKEN or your saved
    login for gated and private models) into the graph.

    Interrupted crawls resume where they stopped: the state is kept in
    $LINEAGE_HOME/checkpoints/ after what was read is written. --all alone lists the whole Hub
    and marks the models it no longer lists as removed; --since refreshes what changed.
    """
    if bool(root) == everything:
        raise click.UsageError("name a family root with --family MODEL_ID, or crawl --all")
    if since is not None and not everything:
        raise click.UsageError("--since refreshes a crawl of every model: use it with --all")
    with explorer() as lineage:
        crawl = lineage.hub_crawl(family=root, everything=everything, depth=depth,
                                  max_models=max_models, cards=cards, concurrency=concurrency,
                                  retries=retries, since=since, say=say)
        # How many models changed is unknown until the boundary is reached.
        total = None if since is not None else crawl.max_models
        with count_progress("Crawling the Hub", total, unit="models") as advance:
            summary = lineage.load_hub(crawl, restart=restart,
                                       rejects_path=rejects or lineage.default_rejects_path(),
                                       batch_size=batch_size, on_rows=advance, say=say)
    console.print(summary_table(summary))


@click.command("dataset")
@click.argument("repo_id", default=DATASET)
@click.option("--revision", help="A branch, tag or commit of the dataset [default: main].")
@rejects_option
@batch_option
def dataset(repo_id: str, revision: str | None, rejects: Path | None, batch_size: int) -> None:
    """Fetch the published ecosystem dataset (REPO_ID, default modelbiome/ai_ecosystem) from
    the Hub into the Hugging Face cache, then load it. A second run uses the cache."""
    with explorer() as lineage:
        files = lineage.dataset_files(repo_id, revision)
        with load_progress("Loading", sum(f.stat().st_size for f in files)) as (rows, size):
            summary = lineage.load_files(files, fmt="dataset", kind="dataset",
                                         source=f"{repo_id} ({files[0].parent})",
                                         rejects_path=rejects or lineage.default_rejects_path(),
                                         batch_size=batch_size, on_rows=rows, on_bytes=size,
                                         on_phase=say)
    console.print(summary_table(summary))


