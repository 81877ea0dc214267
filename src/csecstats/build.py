"""Rebuild ``data/processed`` from ``data/raw`` (and ``data/external``). Stage 12.

The only orchestrator: ``tables()`` composes the stages (register -> figures and
sources -> the report's arithmetic -> external tables -> estimates -> TIP figures and
their breaks -> triangulation)
and validates every table against its declaration; ``run()`` writes them all.
Nothing is written unless every step succeeded, and the whole set is switched at
once (``inputs.files.replace_folder``): a failed or interrupted build leaves the
previous outputs untouched and no temporary files behind. ``csecstats validate``
runs ``tables()`` on the inputs it is given, so nothing it passes can fail here.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .analysis import declarations
from .analysis import triangulation as comparisons
from .analysis.checks import check_problems, run_checks
from .analysis.declarations import DISTRIBUTIONS, EFFECTS, METHODS, Context, declared_estimates
from .analysis.estimates import assumptions_table, load_estimates, sensitivity
from .analysis.external import PERIOD_KINDS, load_external_enforcement, load_external_estimates
from .analysis.design_effects import design_effects
from .analysis.effects import effect_problems
from .analysis.tip import load_tip, tip_caveats
from .analysis.triangulation import STATUSES, load_comparisons, load_triangulation
from .inputs import paths
from .inputs.errors import ValidationFailed, raise_if_any
from .inputs.files import csv_bytes, replace_folder
from .inputs.freshness import MANIFEST_NAME, manifest_bytes, written_by_build
from .register.audit import account
from .register.breaks import breaks_table, load_breaks
from .register.caveats import PRIORITIES, caveats_table
from .register.grades import RUBRIC, figure_grades
from .register.figures import read_all
from .register.documents import (documents_problems, repeated_rows, triangulation_names_problems, unit_problems,
                                 yaml_inputs)
from .tables.datapackage import descriptor
from .tables.declared import declaration_problems
from .tables.figures import VOCABULARIES as REGISTER_VOCABULARIES
from .tables.figures import validated_tables
from .tables.schema import table_problems

# Every closed code list a declared column may name in ``isin``.
VOCABULARIES = {**REGISTER_VOCABULARIES, "methods": METHODS, "distributions": tuple(DISTRIBUTIONS),
                "effects": EFFECTS, "period_kinds": PERIOD_KINDS, "priorities": tuple(PRIORITIES),
                "statuses": STATUSES}


def tables(register: Path | None = None, sources: Path | None = None, vocabulary: Path | None = None,
           report: Path | None = None, checks: Path | None = None, estimates: Path | None = None,
           triangulation: Path | None = None, tip: Path | None = None,
           breaks: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every processed table in memory, each validated against its declaration (every problem at once).

    Each input is read from its usual place unless a path is given (``csecstats validate`` does)."""
    raise_if_any(declaration_problems())
    raise_if_any(documents_problems(yaml_inputs(vocabulary=vocabulary, checks=checks, breaks=breaks,
                                                estimates=estimates or declarations.ESTIMATES_FILE,
                                                triangulation=triangulation)))
    checked = read_all(register, sources, vocabulary, report)
    audit = list(account(checked).problems)  # every number of the report accounted for, each read once
    try:
        built = validated_tables(checked)  # figures and sources
        built["checks"] = run_checks(built["figures"], checked.report, path=checks)
    except ValidationFailed as failed:
        raise ValidationFailed(failed.problems + audit) from None
    raise_if_any(check_problems(built["checks"], path=str(register or paths.REGISTER_FILE)) + audit)
    external = {"external_estimates": load_external_estimates(), "external_enforcement": load_external_enforcement()}
    context = Context(built["figures"], built["sources"], *external.values())
    estimates_path = estimates
    estimates = load_estimates(context=context, path=estimates_path)
    declared = declared_estimates(estimates_path, context)
    caveat_lists = {("figure", f["figure_id"]): f["caveats"] for f in checked.figures}  # lists, never re-split
    for est in declared:  # the first scenario's, as in estimates.csv
        caveat_lists.setdefault(("estimate", est.spec["id"]), est.spec.get("caveats", []))
    raise_if_any(effect_problems(declared, str(estimates_path or declarations.ESTIMATES_FILE)))
    tip = load_tip(tip, breaks)
    raise_if_any(triangulation_names_problems(  # a name matching nothing is an error, never an empty group
        triangulation or comparisons.TRIANGULATION_FILE, report=built["figures"]["indicator"],
        external=pd.concat([*(t["indicator"] for t in external.values()), tip["indicator"]]),
        estimates=estimates["estimate_id"]))
    rows = pd.concat([*(t[["external_id", "indicator", "unit"]] for t in external.values()),
                      tip[["indicator", "unit"]]])
    raise_if_any(unit_problems(  # shares, Wilson intervals, checks and triangulation over one unit
        triangulation=triangulation or comparisons.TRIANGULATION_FILE, checks=checks or paths.RAW / "checks.yml",
        estimates=estimates_path or declarations.ESTIMATES_FILE, specs=[(e.key, e.spec) for e in declared],
        report_units=dict(zip(built["figures"]["indicator"], built["figures"]["unit"])),
        external_units=rows.groupby("indicator")["unit"].agg(set).to_dict(),
        figure_units=dict(zip(built["figures"]["figure_id"], built["figures"]["unit"])),
        row_units=dict(zip(rows["external_id"].dropna(), rows.dropna(subset=["external_id"])["unit"]))))
    built.update({"grades": RUBRIC, "figure_grades": figure_grades(built["figures"], built["sources"]), **external,
                  "estimates": estimates, "assumptions": assumptions_table(context=context, path=estimates_path),
                  "sensitivity": sensitivity(context=context, path=estimates_path),
                  "design_effects": design_effects(declared),
                  "tip_enforcement": tip, "breaks": pd.DataFrame(breaks_table(load_breaks(breaks)[0])),
                  "triangulation": load_triangulation(built, estimates, load_comparisons(triangulation), tip=tip),
                  "caveats": pd.concat([caveats_table(built["figures"], estimates, caveat_lists), tip_caveats(tip)],
                                       ignore_index=True)})
    raise_if_any([problem for name, frame in built.items() if name not in ("figures", "sources")
                  for problem in table_problems(name, frame, VOCABULARIES, path=f"data/processed/{name}.csv")])
    raise_if_any([p for name, frame in built.items() for p in repeated_rows(f"data/processed/{name}.csv", frame)])
    return built


def data_outputs() -> dict[str, bytes]:
    """Every file of ``data/processed`` as bytes, computed in memory."""
    built = tables()
    outputs = {f"{name}.csv": csv_bytes(frame) for name, frame in built.items()}
    sources = built["sources"].rename(columns={"source_id": "id"}).to_dict("records")
    outputs["datapackage.json"] = descriptor(outputs, sources)
    outputs[MANIFEST_NAME] = manifest_bytes()  # the inputs these tables were built from
    return outputs


def run(folder: Path | None = None) -> list[Path]:
    """Rebuild the processed data; raise ``ValidationFailed`` (writing nothing) on bad input."""
    folder = Path(folder or paths.PROCESSED)
    owned = written_by_build(folder) if folder.resolve() == paths.PROCESSED.resolve() else False
    return replace_folder(data_outputs(), folder, owned=owned)  # a file no build wrote is refused, never deleted
