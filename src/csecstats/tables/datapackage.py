"""Frictionless data package descriptor for ``data/processed``. Stage 10.

Every field of every table is described here once; ``descriptor`` turns the
descriptions and the bytes about to be written into ``datapackage.json``.
"""
from __future__ import annotations

import json

from .. import __version__
from ..analysis import estimates, external, triangulation
from ..register import caveats, grades
from ..inputs.fingerprint import sha256_bytes

LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
REPORT_SOURCE = {
    "title": "Cambodia: Country Progress Report to the Post-Yokohama Mid-Term Review of the East Asia "
             "and the Pacific Regional Commitment and Action Plan Against CSEC (Bangkok, 8-10 November 2004)",
    "path": "data/raw/cambodia-csec-country-progress-report-2004.txt",
}

# resource name -> (title, description, {field: (frictionless type, description)})
RESOURCES: dict[str, tuple[str, str, dict[str, tuple[str, str]]]] = {
    "figures": ("Figures in the report", "Every quantitative figure in the 2004 report, parsed from its own words.", {
        "figure_id": ("string", "Stable identifier of the figure (register entry id)."),
        "topic": ("string", "Topic of the indicator (vocabulary.yml)."),
        "indicator": ("string", "What is counted, from the documented vocabulary (vocabulary.yml)."),
        "value": ("number", "The value the report states, parsed from the phrase; empty for a range. Shares are fractions in [0, 1]."),
        "low": ("number", "Lower bound implied by the phrase (equals value when exact; empty when none is implied)."),
        "high": ("number", "Upper bound implied by the phrase (equals value when exact; empty when none is implied)."),
        "unit": ("string", "Unit of value, low and high (vocabulary.yml)."),
        "period_start": ("date", "First day of the period the figure refers to; empty when the report gives none."),
        "period_end": ("date", "Last day of the period the figure refers to; empty when the report gives none."),
        "period_basis": ("string", "stated (the report gives the period), inferred (derived from context, see caveat) or none."),
        "geography": ("string", "Place the figure refers to."),
        "qualifier": ("string", "exact, approximate, lower_bound, upper_bound, range or relative, read from the phrase."),
        "kind": ("string", "count, share (fraction) or ratio (relative change after/before)."),
        "source_id": ("string", "Source the figure rests on (sources.csv); report_2004 when the report cites nothing."),
        "footnote": ("integer", "Report footnote that supports the figure; empty when none."),
        "section": ("string", "Report section the quote stands in (I, II.C, II.D.2, ...)."),
        "actor": ("string", "Organisation that carried out the activity counted, where the report names one."),
        "phrase": ("string", "The number phrase, verbatim, that value, low and high are parsed from."),
        "quote": ("string", "The sentence of the report holding the phrase, verbatim (checked against the report text)."),
        "caveat": ("string", "Caveats a reader must know, in rank order (most important first), separated by ' | '."),
        "caveat_priority": ("string", "Priority of each caveat, in the same order, separated by ' | ': reading, qualifies or provenance (caveats.csv)."),
        "evidence_grade": ("string", "A administrative count, B field count or survey, C expert or secondary estimate, D derived from qualitative wording (grades.csv; reasons in figure_grades.csv)."),
    }),
    "sources": ("Sources cited by the report", "Every work the report cites, with its footnote numbers.", {
        "source_id": ("string", "Identifier used by figures.source_id."),
        "author": ("string", "Author or issuing body."),
        "year": ("integer", "Year of publication."),
        "title": ("string", "Title of the work."),
        "kind": ("string", "Kind of work (government_report, survey, database, field_study, ...)."),
        "footnotes": ("string", "Report footnote numbers citing the work, separated by spaces."),
        "citation": ("string", "The citation as the report prints it, verbatim."),
    }),
    "checks": ("The report's own arithmetic", "Parts against wholes and stated counts against named lists.", {
        "check_id": ("string", "Identifier of the rule."),
        "rule": ("string", "Kind of rule."),
        "description": ("string", "What the rule asserts."),
        "figure_ids": ("string", "Figures the rule uses, separated by spaces."),
        "lhs": ("number", "Left-hand side (the part, the sum of shares, or the stated count)."),
        "rhs": ("number", "Right-hand side (the whole, 1, or the number of names listed)."),
        "residual": ("number", "rhs minus lhs (for shares: the share not accounted for)."),
        "passed": ("boolean", "Whether the report's arithmetic holds."),
        "note": ("string", "Residual stated in words, or the names counted."),
    }),
}


def describe(name: str, title: str, description: str, fields: dict[str, tuple[str, str]]) -> None:
    """Register the description of one more processed table (used by later stages)."""
    RESOURCES[name] = (title, description, fields)


for _module in (caveats, external, grades, estimates, triangulation):  # later stages describe their own tables
    for _name, (_title, _description, _fields) in _module.RESOURCES.items():
        describe(_name, _title, _description, _fields)


def descriptor(outputs: dict[str, bytes], sources: list[dict]) -> bytes:
    """``datapackage.json`` for the CSV outputs about to be written, as bytes."""
    resources = []
    for filename in sorted(outputs):
        name = filename.removesuffix(".csv")
        if not filename.endswith(".csv") or name not in RESOURCES:
            continue
        title, description, fields = RESOURCES[name]
        data = outputs[filename]
        resources.append({
            "name": name.replace("_", "-"), "path": filename, "title": title, "description": description,
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"delimiter": ",", "quoteChar": "\"", "header": True},
            "hash": f"sha256:{sha256_bytes(data)}", "bytes": len(data),
            "schema": {"fields": [{"name": f, "type": t, "description": d} for f, (t, d) in fields.items()]},
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
