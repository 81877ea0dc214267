"""Frictionless data package descriptor for ``data/processed``.

``descriptor`` turns the table declarations (``tables.declared``) and the bytes
about to be written into ``datapackage.json``; a CSV without a declaration is refused.
"""
from __future__ import annotations

import json
from collections.abc import Mapping

from .. import __version__
from ..inputs.errors import Problem, raise_if_any
from ..inputs.fingerprint import sha256_bytes
from .declared import TABLES, Table

LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
REPORT_SOURCE = {
    "title": "Cambodia: Country Progress Report to the Post-Yokohama Mid-Term Review of the East Asia "
             "and the Pacific Regional Commitment and Action Plan Against CSEC (Bangkok, 8-10 November 2004)",
    "path": "data/raw/cambodia-csec-country-progress-report-2004.txt",
}


def descriptor(outputs: dict[str, bytes], sources: list[dict], tables: Mapping[str, Table] | None = None) -> bytes:
    """``datapackage.json`` for the CSV outputs about to be written, as bytes.

    Every field described, each table's primary key and foreign keys declared so that frictionless checks them
    across the package.

    Parameters
    ----------
    outputs : dict of str to bytes
        File name -> bytes of the CSV tables about to be written.
    sources : list of dict
        The rows of the ``sources`` table (each with its ``citation``), listed after the report.
    tables : mapping of str to Table, optional
        The declared tables (default: ``tables.declared.TABLES``).

    Returns
    -------
    bytes

    Raises
    ------
    ValidationFailed
        When an output has no declaration.
    """
    tables = TABLES if tables is None else tables
    csvs = sorted(f for f in outputs if f.endswith(".csv"))
    raise_if_any([Problem(f"data/processed/{f}", "(table)", "(declaration)", "no declaration in csecstats.tables.declared")
                  for f in csvs if f.removesuffix(".csv") not in tables])
    resources = []
    for filename in csvs:
        table, data = tables[filename.removesuffix(".csv")], outputs[filename]
        resources.append({
            "name": table.name.replace("_", "-"), "path": filename, "title": table.title,
            "description": table.description,
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"delimiter": ",", "quoteChar": "\"", "header": True},
            "hash": f"sha256:{sha256_bytes(data)}", "bytes": len(data),
            "schema": _schema(table),
        })
    package = {
        "profile": "tabular-data-package",
        "name": "csecstats-cambodia-2004",
        "title": "Figures from Cambodia's 2004 country progress report against CSEC, with caveated estimates",
        "description": "Built by csecstats from data/raw and data/external. The report calls its background data "
                       "'indicative only'.",
        "version": __version__,
        "licenses": [LICENSE],
        "sources": [REPORT_SOURCE] + [{"title": s["citation"]} for s in sources],
        "resources": resources,
    }
    return (json.dumps(package, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


def _schema(table: Table) -> dict:
    """A table's frictionless Table Schema: fields, primary key, foreign keys."""
    schema: dict = {"fields": [{"name": c.name, "type": c.type, "description": c.description} for c in table.columns]}
    if table.key:
        schema["primaryKey"] = [table.key]
    if table.foreign_keys:
        schema["foreignKeys"] = [{"fields": [column], "reference": {"resource": other.replace("_", "-"), "fields": [key]}}
                                 for column, other, key in table.foreign_keys]
    return schema
