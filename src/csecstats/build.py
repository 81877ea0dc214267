"""Rebuild ``data/processed`` from ``data/raw`` (and ``data/external``).

The only orchestrator: ``tables()`` composes the stages (register -> figures and
sources -> the report's arithmetic -> external tables -> estimates -> TIP figures and
their breaks -> triangulation -> denominators and rates)
and validates every table against its declaration; ``run()`` writes them all.
Nothing is written unless every step succeeded, and the whole set is switched at
once (``inputs.files.replace_folder``): a failed or interrupted build leaves the
previous outputs untouched and no temporary files behind. ``csecstats validate``
runs ``tables()`` on the inputs it is given, so nothing it passes can fail here.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .analysis.checks import check_problems, run_checks
from .analysis.declarations import DISTRIBUTIONS, EFFECTS, METHODS, Context, declared_estimates
from .analysis.estimates import assumptions_table, load_estimates, sensitivity
from .analysis.external import PERIOD_KINDS
from .analysis.external import declared_sources, read_sources
from .analysis.design_effects import design_effects
from .analysis.population import KINDS as DENOMINATOR_KINDS
from .analysis.population import population_accounts
from .analysis.rates import MEASURES as RATE_MEASURES
from .analysis.rates import rate_tables
from .analysis.tip import tip_caveats
from .analysis.triangulation import STATUSES, load_comparisons, load_triangulation
from .inputs import paths
from .inputs.errors import raise_if_any
from .inputs.files import csv_bytes, replace_folder
from .inputs.freshness import MANIFEST_NAME, manifest_bytes
from .register.breaks import breaks_table, read_breaks
from .register.caveats import PRIORITIES, caveats_table
from .register.grades import RUBRIC, figure_grades
from .register.lineage import definitions_frame, load_lineage
from .register.figures import read_all
from .tables.datapackage import descriptor
from .tables.declared import TABLES, Table, declaration_problems
from .tables.figures import VOCABULARIES as REGISTER_VOCABULARIES
from .tables.figures import validated_tables
from .tables.references import figure_references, tip_breaks
from .tables.schema import reference_problems, table_problems

# Every closed code list a declared column may name in ``isin``.
VOCABULARIES = {**REGISTER_VOCABULARIES, "methods": METHODS, "distributions": tuple(DISTRIBUTIONS),
                "effects": EFFECTS, "period_kinds": PERIOD_KINDS, "priorities": tuple(PRIORITIES),
                "statuses": STATUSES, "denominator_kinds": DENOMINATOR_KINDS, "rate_measures": tuple(RATE_MEASURES)}


def tables(register: Path | None = None, sources: Path | None = None, vocabulary: Path | None = None,
           report: Path | None = None, checks: Path | None = None, estimates: Path | None = None,
           triangulation: Path | None = None, breaks: Path | None = None,
           external: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every processed table in memory, each validated against its declaration (every problem at once).

    Each input is read from its usual place unless a path is given (``csecstats validate`` does);
    ``external`` is the folder of declared sources (``data/external``)."""
    return built_and_declared(register, sources, vocabulary, report, checks, estimates, triangulation, breaks,
                              external)[0]


def built_and_declared(register: Path | None = None, sources: Path | None = None, vocabulary: Path | None = None,
                       report: Path | None = None, checks: Path | None = None, estimates: Path | None = None,
                       triangulation: Path | None = None, breaks: Path | None = None,
                       external: Path | None = None) -> tuple[dict[str, pd.DataFrame], dict[str, Table]]:
    """``tables()`` and the declaration of each table (the code's and the declared sources')."""
    raise_if_any(declaration_problems())
    declared, problems = declared_sources(Path(external or paths.EXTERNAL), VOCABULARIES)
    raise_if_any(problems)
    checked = read_all(register, sources, vocabulary, report)
    lineage, problems = load_lineage()
    raise_if_any(problems)
    built = validated_tables(checked, lineage)  # figures, sources and origins
    built["checks"] = run_checks(built["figures"], checked.report, path=checks)
    raise_if_any(check_problems(built["checks"], path=str(register or paths.REGISTER_FILE)))
    geographies = set(checked.vocabulary.geographies)
    declared_breaks = read_breaks(breaks)
    raise_if_any(read_sources(declared, geographies=geographies, lineage=lineage, breaks=breaks,
                              declared_breaks=declared_breaks))
    context = Context(built["figures"], built["sources"],
                      [frame.set_index(declared.of(name).id_column) for name, frame in declared.frames.items()],
                      lineage)
    estimates_path = estimates
    estimates = load_estimates(context=context, path=estimates_path)
    tip = next(declared.frames[s.name] for s in declared.declared if s.spec.get("reading") == "tip_periods")
    built.update({"grades": RUBRIC, "figure_grades": figure_grades(built["figures"], built["sources"]),
                  **declared.frames, "definitions": definitions_frame(lineage),
                  "estimates": estimates, "assumptions": assumptions_table(context=context, path=estimates_path),
                  "sensitivity": sensitivity(context=context, path=estimates_path),
                  "design_effects": design_effects(declared_estimates(estimates_path, context)),
                  "breaks": pd.DataFrame(breaks_table(declared_breaks[0])),
                  "triangulation": load_triangulation(built, estimates, load_comparisons(triangulation), tip=tip,
                                                      sources=declared, lineage=lineage),
                  "caveats": pd.concat([caveats_table(built["figures"], estimates), tip_caveats(tip)],
                                       ignore_index=True)})
    ids = {i for s in declared.declared for i in declared.frames[s.name][s.id_column]}
    built.update({"figure_references": figure_references(built, ids), "tip_breaks": tip_breaks(tip)})
    built.update(rate_tables(built, population_accounts(declared)))  # denominators and rates
    declarations = {**TABLES, **{s.name: s.table for s in declared.declared}}
    raise_if_any([problem for name, frame in built.items() if name not in ("figures", "sources")
                  for problem in table_problems(declarations[name], frame, VOCABULARIES,
                                                path=f"data/processed/{name}.csv")])
    raise_if_any(reference_problems(built, declarations))
    return built, declarations


def data_outputs() -> dict[str, bytes]:
    """Every file of ``data/processed`` as bytes, computed in memory."""
    built, declarations = built_and_declared()
    outputs = {f"{name}.csv": csv_bytes(frame) for name, frame in built.items()}
    sources = built["sources"].rename(columns={"source_id": "id"}).to_dict("records")
    outputs["datapackage.json"] = descriptor(outputs, sources, declarations)
    outputs[MANIFEST_NAME] = manifest_bytes()  # the inputs these tables were built from
    return outputs


def run(folder: Path | None = None) -> list[Path]:
    """Rebuild the processed data; raise ``ValidationFailed`` (writing nothing) on bad input."""
    folder = Path(folder or paths.PROCESSED)
    return replace_folder(data_outputs(), folder, owned=folder.resolve() == paths.PROCESSED.resolve())
