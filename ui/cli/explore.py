"""Reading the graph: search, family trees, named queries and ad-hoc Cypher."""

from __future__ import annotations

import click

from lineage.ui.cli.common import explorer, parse_params
from lineage.ui.cli.output import emit, output_options


@click.command()
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True,
              help="Most models to list.")
@click.option("--cards", is_flag=True,
              help="Search the text of model cards for TEXT as a phrase (any case, whole "
                   "words), best match first, with a snippet.")
@output_options
def search(text: str, limit: int, cards: bool, fmt: str, output: str | None) -> None:
    """Find models whose id contains TEXT (any case), most downloaded first; with --cards,
    models whose card contains TEXT."""
    with explorer() as lineage:
        rows = lineage.search_cards(text, limit) if cards else lineage.search(text, limit)
    if cards:
        emit(rows, fmt, output, columns=["id", "score", "snippet"] if fmt == "table" else None,
             title=f"Model cards containing {text!r}")
    else:
        emit(rows, fmt, output, title=f"Models matching {text!r}")


@click.command()
@click.argument("model_id")
@click.option("--up", type=click.IntRange(0, 40), default=3, show_default=True,
              help="Generations of ancestors.")
@click.option("--down", type=click.IntRange(0, 40), default=2, show_default=True,
              help="Generations of descendants.")
@click.option("--max-nodes", type=click.IntRange(1, 5000), default=150, show_default=True,
              help="Most models in the tree (the walk stops there).")
@output_options
def family(model_id: str, up: int, down: int, max_nodes: int, fmt: str,
           output: str | None) -> None:
    """The family tree around MODEL_ID: one row per lineage edge (parent -> child)."""
    with explorer() as lineage:
        tree = lineage.family_tree(model_id, up=up, down=down, max_nodes=max_nodes)
    rows = [{"parent": tree.nodes[p]["id"], "relation": r, "child": tree.nodes[c]["id"],
             "generation": tree.levels[c]} for p, c, r in tree.edges]
    emit(rows, fmt, output, columns=["generation", "parent", "relation", "child"],
         title=f"Family tree of {tree.nodes[tree.focus]['id']}")
    hidden = sum(tree.hidden_children.values())
    if hidden:
        click.echo(f"({hidden:,} more children not shown; raise --down or --max-nodes, or start "
                   "from one of the models)", err=True)


@click.command("queries")
@output_options
def list_queries(fmt: str, output: str | None) -> None:
    """List the named queries with their parameters and what they return."""
    with explorer() as lineage:
        named = lineage.named_queries()
    rows = [{"name": q.name, "access": q.access, "parameters": list(q.parameters),
             "returns": list(q.returns), "purpose": q.purpose} for q in named]
    emit(rows, fmt, output, title="Named queries")


@click.command()
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter; JSON values (numbers, lists) are typed. Repeatable.")
@output_options
def query(name: str, params: tuple[str, ...], fmt: str, output: str | None) -> None:
    """Run the named read query NAME (see `lineage queries`)."""
    with explorer() as lineage:
        named = lineage.named_query(name)
        if named.access != "read":
            raise click.UsageError(f"{name} writes to the graph; only read queries run from here")
        rows = lineage.run_query(name, parse_params(params))
    emit(rows, fmt, output, columns=list(named.returns) or None)


@click.command()
@click.argument("text")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter ($NAME in the text). Repeatable.")
@click.option("--max-rows", type=click.IntRange(1, 1_000_000), default=None,
              help="Most rows to return [default: LINEAGE_MAX_ROWS].")
@output_options
def cypher(text: str, params: tuple[str, ...], max_rows: int | None, fmt: str,
           output: str | None) -> None:
    """Run an ad-hoc Cypher query that only reads the graph: one that writes, changes the
    schema, runs LOAD CSV, calls a procedure beyond the schema listings or administers the
    server is refused, from the server's plan of it. Timed out after LINEAGE_QUERY_TIMEOUT
    seconds; at most LINEAGE_MAX_ROWS rows and LINEAGE_MAX_BYTES bytes."""
    with explorer() as lineage:
        result = lineage.cypher(text, parse_params(params), max_rows)
    emit(result.rows, fmt, output, columns=result.columns)
    if result.cut_by == "rows":
        click.echo(f"(stopped at {len(result.rows):,} rows; raise --max-rows for more)",
                   err=True)
    elif result.cut_by == "bytes":
        click.echo(f"(stopped at {len(result.rows):,} rows: the result passed LINEAGE_MAX_BYTES "
                   f"= {lineage.settings.max_bytes:,} bytes; narrow the query)", err=True)


