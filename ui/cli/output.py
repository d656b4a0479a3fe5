"""Shared output options: every read command takes ``--format table|json|csv`` and ``-o FILE``."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click
from rich.console import Console
from rich.table import Table


def output_options(command: Callable) -> Callable:
    """Add ``--format`` and ``-o/--output`` to a click command (as ``fmt`` and ``output``)."""

    @click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]),
                  default="table", show_default=True, help="How to print the rows.")
    @click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
                  help="Write the rows to this file instead of the terminal.")
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return command(*args, **kwargs)

    return wrapper


def emit(rows: Sequence[dict[str, Any]], fmt: str, output: str | None,
         columns: Sequence[str] | None = None, title: str | None = None) -> None:
    """Print ``rows`` (dicts) as a table, JSON or CSV, to the terminal or ``output``."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        text = json.dumps([{c: r.get(c) for c in columns} for r in rows], indent=2,
                          default=_json_default, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        text = buffer.getvalue()
    else:
        table = Table(*columns, title=title, show_lines=False)
        for row in rows:
            table.add_row(*(_cell(row.get(c)) for c in columns))
        if output is None:
            Console().print(table)
            return
        console = Console(file=io.StringIO(), width=200)
        console.print(table)
        text = console.file.getvalue()
    _deliver(text, output, len(rows))


def _deliver(text: str, output: str | None, rows: int) -> None:
    """Write ``text`` to ``output`` (saying how many rows went there), else to the terminal."""
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        click.echo(f"Wrote {rows} rows to {output}", err=True)
    else:
        sys.stdout.write(text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, default=_json_default, ensure_ascii=False)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def emit_sections(document: Any, sections: dict[str, Sequence[dict[str, Any]]], fmt: str,
                  output: str | None) -> None:
    """Print a result made of several tables: JSON prints ``document`` whole; a table prints
    each section under its title; CSV prints every section's rows, each led by its section."""
    if fmt == "json":
        text = json.dumps(document, indent=2, default=_json_default, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        columns = ["section"]
        for rows in sections.values():
            for row in rows:
                columns.extend(c for c in row if c not in columns)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for name, rows in sections.items():
            for row in rows:
                writer.writerow([_cell({**row, "section": name}.get(c)) for c in columns])
        text = buffer.getvalue()
    else:
        console = Console(file=io.StringIO(), width=200) if output else Console()
        for name, rows in sections.items():
            columns = list(rows[0]) if rows else ["(none)"]
            table = Table(*columns, title=name, show_lines=False)
            for row in rows:
                table.add_row(*(_cell(row.get(c)) for c in columns))
            console.print(table)
        if output is None:
            return
        text = console.file.getvalue()
    _deliver(text, output, sum(len(rows) for rows in sections.values()))
