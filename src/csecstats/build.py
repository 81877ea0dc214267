"""Rebuild ``data/processed`` from ``data/raw`` (and ``data/external``).

The only orchestrator: ``tables()`` composes the stages (register -> figures and
sources -> the report's arithmetic -> external tables -> estimates -> TIP figures and
their breaks -> triangulation -> denominators and rates)
and validates every table against its declaration; ``run()`` writes them all. The declared sources are
read, and the assumption, sensitivity, denominator and rate tables made, on the other core while the other steps
run (forked children, ``inputs.beside``; one after another where the system cannot fork): each depends only on
what it is given and on its own seeded streams, so the tables are the same either way, and a problem found there
is raised where that step stands in the order of the steps.
Nothing is written unless every step succeeded, and the whole set is switched at
once (``inputs.files.replace_folder``): a failed or interrupted build leaves the
previous outputs untouched and no temporary files behind. ``csecstats validate``
runs ``tables()`` on the inputs it is given, so nothing it passes can fail here.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pandas as pd

from .analysis import declarations
from .analysis import triangulation as comparisons
from .analysis.checks import check_problems, run_checks
from .analysis.compilations import compiles_problems, held_problems
from .analysis.declarations import DISTRIBUTIONS, EFFECTS, METHODS, Context, declared_estimates
from .analysis.estimates import assumptions_table, estimates_table, sensitivity
from .analysis.external import PERIOD_KINDS
from .analysis.external import declared_sources, read_sources
from .analysis.assumptions import bound_name_problems, quantity_unit_problems
from .analysis.row_words import caveat_count_problems, corroboration_problems, subset_caveat_problems
from .analysis.design_effects import design_effect_problems, design_effects
from .analysis.coherence import (coherence_problems, definition_measures_problems, origin_producer_problems,
                                 unit_measures_problems)
from .analysis.effects import effect_problems
from .analysis.readings import (bound_reading_problems, chosen_account_problems, kept_arithmetic_problems,
                                published_caveat_problems, several_readings_problems)
from .analysis.formulas import bare_number_problems, estimate_unit_problems
from .analysis.origin_rows import (actor_origin_problems, counted_by_problems, counted_place_problems,
                                   counted_subject_problems, origin_year_problems, own_number_problems,
                                   own_text_producer_problems, published_rows)
from .analysis.population import KINDS as DENOMINATOR_KINDS
from .analysis.population import population_accounts
from .analysis.rates import MEASURES as RATE_MEASURES
from .analysis.rates import rate_tables
from .analysis.tip_caveat_words import series_caveat_problems
from .analysis.tip_crosswalk import tip_caveats
from .analysis.tolerances import tolerance_evidence_problems
from .analysis.comparisons import (apart_reason_problems, apart_repeat_problems, gathering_problems, load_comparisons,
                                   said_compared_problems)
from .analysis.triangulation import STATUSES, triangulate
from .inputs import paths
from .inputs.beside import Beside
from .inputs.errors import Problem, ValidationFailed, raise_if_any, warn_all
from .inputs.files import csv_bytes, replace_folder
from .inputs.reading import read_once
from .inputs.freshness import MANIFEST_NAME, manifest_bytes, written_by_build
from .register.audit import account
from .register.breaks import breaks_table, read_breaks
from .register.caveats import PRIORITIES, caveats_table
from .register.grades import RUBRIC, figure_grades
from .register.subjects import ages_problems, definition_text_problems, indicator_text_problems
from .register.lineage import definitions_frame, load_lineage
from .register.load import load_vocabulary, read_yaml
from .register.figures import read_all
from .register.documents import (documents_problems, near_duplicate_findings, repeated_entries_problems, repeated_rows,
                                 repeats_problems, triangulation_names_problems, unit_problems, yaml_inputs)
from .tables.datapackage import descriptor
from .tables.declared import TABLES, Table, declaration_problems
from .tables.figures import VOCABULARIES as REGISTER_VOCABULARIES
from .tables.figures import validated_tables
from .tables.references import denominator_accounts, figure_references, tip_breaks
from .tables.schema import reference_problems, table_problems
from .inputs import frames

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
    """``tables()`` and the declaration of each table (the code's and the declared sources'); each input read
    once (``inputs.reading.read_once``)."""
    with read_once(), imports_set_aside():
        return _built_and_declared(register, sources, vocabulary, report, checks, estimates, triangulation,
                                   breaks, external)


_SET_ASIDE = 0  # imports_set_aside blocks open


@contextmanager
def imports_set_aside() -> Iterator[None]:
    """The objects alive when a build starts (the libraries imported, over a hundred thousand) are set aside from
    the garbage collector while it runs (``gc.freeze``): none becomes garbage in a build, and one full collection
    walking them all again cost a fresh process's build about a sixth of its time. Young collections are made
    every ``YOUNG`` allocations instead of 700 meanwhile (as in the tests): a build allocates in bulk, and
    reference counting frees nearly all of it (~0.015 s of ~0.32 s). Nested blocks keep the first's settings.

    Yields
    ------
    None
    """
    global _SET_ASIDE
    # Only the outermost block asks whether anything is frozen (the count walks every frozen object, a hundred
    # thousand here) and sets objects aside; a nested block relies on the depth kept here.
    outermost = _SET_ASIDE == 0 and gc.get_freeze_count() == 0
    _SET_ASIDE += 1
    threshold = gc.get_threshold()
    if outermost:
        gc.freeze()
        gc.set_threshold(max(YOUNG, threshold[0]), *threshold[1:])
    try:
        yield
    finally:
        _SET_ASIDE -= 1
        if outermost:
            gc.set_threshold(*threshold)
            gc.unfreeze()


YOUNG = 10_000  # allocations between two young collections while a build runs


_SET_ASIDE = 0  # how many ``imports_set_aside`` blocks are open


def _built_and_declared(register, sources, vocabulary, report, checks, estimates, triangulation, breaks,
                        external) -> tuple[dict[str, pd.DataFrame], dict[str, Table]]:
    raise_if_any(declaration_problems())
    documents = yaml_inputs(vocabulary=vocabulary, checks=checks, breaks=breaks,
                            estimates=estimates or declarations.ESTIMATES_FILE, triangulation=triangulation)
    raise_if_any(documents_problems(documents))
    declared, problems = declared_sources(Path(external or paths.EXTERNAL), VOCABULARIES)
    raise_if_any(problems)
    # the breaks and the declared sources read and checked on the other core (``inputs.beside``) while the
    # register is read and its tables made; their problems raised where they stood, after the register's
    with Beside({"sources": partial(_read_sources, declared, vocabulary, breaks)}) as aside:
        checked = read_all(register, sources, vocabulary, report)
        audit = list(account(checked).problems)  # every number of the report accounted for, each read once
        lineage, problems = load_lineage()
        raise_if_any(problems + definition_text_problems(lineage.definitions, lineage.counted_in,
                                                         str(paths.DEFINITIONS_FILE))
                     + indicator_text_problems(checked.vocabulary.indicators, str(vocabulary or paths.VOCABULARY_FILE)))
        try:
            built = validated_tables(checked, lineage)  # figures, sources and origins
            built["checks"] = run_checks(built["figures"], checked.report, path=checks)
        except ValidationFailed as failed:
            raise ValidationFailed(failed.problems + audit) from None
        raise_if_any(check_problems(built["checks"], path=str(register or paths.REGISTER_FILE)) + audit
                     + ages_problems(list(zip(built["figures"]["indicator"], built["figures"]["definition"])),
                                     checked.vocabulary.indicators, lineage.definitions,
                                     str(vocabulary or paths.VOCABULARY_FILE)))
        # raised among the last rules: an entry said twice is often refused first by a rule naming the field it
        # repeats (found here, while the declared sources are read)
        repeated = repeated_entries_problems([register or paths.REGISTER_FILE, sources or paths.SOURCES_FILE,
                                              *documents])
        declared_breaks, problems, frames = aside.result("sources")
    declared.frames.update(frames)
    raise_if_any(problems)
    tip = next(declared.frames[s.name] for s in declared.declared if s.spec.get("reading") == "tip_periods")
    raise_if_any(series_caveat_problems(str(breaks or paths.BREAKS_FILE), declared_breaks[2], tip["measures"].tolist(),
                                        tip["account"].tolist(), len(declared_breaks[0])))
    context = Context(built["figures"], built["sources"],
                      [frame.set_index(declared.of(name).id_column) for name, frame in declared.frames.items()],
                      lineage)
    estimates_path = estimates
    estimates = estimates_table(context, path=estimates_path)
    population = population_accounts(declared)  # its problems raised here, before the later steps'
    specified = declared_estimates(estimates_path, context)
    # made on the other core (a forked child, ``inputs.beside``) while the other steps run, in the order they are
    # needed; each answer is taken, or its exception raised, where that step stands among the steps
    where, register_where = str(estimates_path or declarations.ESTIMATES_FILE), str(register or paths.REGISTER_FILE)
    with Beside({"assumptions": partial(assumptions_table, context=context, path=estimates_path),
                 "sensitivity": partial(sensitivity, context=context, path=estimates_path),
                 "compiles": partial(compiles_problems, lineage.origins, declared.frames.items()),
                 "caveat counts": partial(caveat_count_problems, checked, declared.frames.values(), register_where,
                                          specified, where),
                 "rates": partial(rate_tables, {**built, **declared.frames, "estimates": estimates},
                                  population)}) as rated:
        return _finished(built, declared, context, checked, estimates, estimates_path, lineage, declared_breaks,
                         register, checks, triangulation, rated, tip, repeated, specified)


def _finished(built, declared, context, checked, estimates, estimates_path, lineage, declared_breaks, register,
              checks, triangulation, rated, tip, repeated, specified) -> tuple[dict[str, pd.DataFrame], dict[str, Table]]:
    """The steps after the estimates, in order; what is made beside them (``rated``) comes in where it stood among
    them; ``tip`` is the TIP source's rows; ``repeated`` the entries said twice, raised among the last rules;
    ``specified`` the estimates as declared."""
    caveat_lists = {("figure", f["figure_id"]): f["caveats"] for f in checked.figures}  # lists, never re-split
    for est in specified:  # the first scenario's, as in estimates.csv
        caveat_lists.setdefault(("estimate", est.spec["id"]), est.spec.get("caveats", []))
    where = str(estimates_path or declarations.ESTIMATES_FILE)
    raise_if_any(effect_problems(specified, where) + design_effect_problems(specified, where)
                 + bound_name_problems(specified, where) + quantity_unit_problems(specified, lineage.counted_in, where))
    comparisons = load_comparisons(triangulation)
    raise_if_any(_comparison_problems(declared, built, estimates, specified, checks, estimates_path, triangulation)
                 + coherence_problems(specified, context, where, _named_by(checked.vocabulary, declared)))
    built.update({"grades": RUBRIC, "figure_grades": figure_grades(built["figures"], built["sources"]),
                  **declared.frames, "definitions": definitions_frame(lineage),
                  "estimates": estimates, "assumptions": rated.result("assumptions"),
                  "sensitivity": rated.result("sensitivity"),
                  "design_effects": design_effects(specified),
                  "breaks": pd.DataFrame(breaks_table(declared_breaks[0])),
                  "triangulation": triangulate(built, estimates, comparisons, tip=tip, sources=declared,
                                               lineage=lineage),
                  "caveats": pd.concat([caveats_table(built["figures"], estimates, caveat_lists), tip_caveats(tip)],
                                       ignore_index=True)})
    raise_if_any(_measures_problems(built, estimates, declared, lineage, estimates_path, checked.vocabulary)
                 + gathering_problems(built["triangulation"], comparisons, tables=built, sources=declared)
                 + apart_repeat_problems(comparisons, {r: of for s in declared.declared for r, of in s.repeats.items()},
                                         str(triangulation or paths.TRIANGULATION_FILE))
                 + said_compared_problems(comparisons, [(e.spec["id"], e.spec) for e in specified],
                                          str(triangulation or paths.TRIANGULATION_FILE))
                 + apart_reason_problems(built["triangulation"], comparisons, str(triangulation or paths.TRIANGULATION_FILE))
                 + tolerance_evidence_problems(built["triangulation"], dict(comparisons.tolerance_reasons),
                                               str(triangulation or paths.TRIANGULATION_FILE))
                 + kept_arithmetic_problems(specified, context, where)
                 + several_readings_problems(specified, _own_caveats(where), where)
                 + published_caveat_problems(specified, _own_caveats(where), context, where)
                 + chosen_account_problems(specified, built["triangulation"], where)
                 + bound_reading_problems(specified, _own_caveats(where), context, where)
                 + rated.result("compiles"))  # a compilation declared
    _near_duplicates(declared, built["figures"], register)
    raise_if_any(rated.result("caveat counts")
                 + corroboration_problems(checked, str(register or paths.REGISTER_FILE), specified, where, context)
                 + subset_caveat_problems(built["checks"], checked.figures, str(register or paths.REGISTER_FILE))
                 + repeated)
    ids = {i for s in declared.declared for i in declared.frames[s.name][s.id_column]}
    built.update({"figure_references": figure_references(built, ids), "tip_breaks": tip_breaks(tip)})
    built.update(rated.result("rates"))  # denominators and rates
    built["denominator_accounts"] = denominator_accounts(built["denominators"])
    declared_tables = {**TABLES, **{s.name: s.table for s in declared.declared}}
    raise_if_any([problem for name, frame in built.items() if name not in ("figures", "sources")
                  for problem in table_problems(declared_tables[name], frame, VOCABULARIES,
                                                path=f"data/processed/{name}.csv")])
    raise_if_any([p for name, frame in built.items() if not declared_tables[name].key  # a unique key (checked
                  for p in repeated_rows(f"data/processed/{name}.csv", frame)])  # above) leaves no row repeated
    raise_if_any(reference_problems(built, declared_tables))
    return built, declared_tables


def _read_sources(declared, vocabulary, breaks) -> tuple[tuple, list, dict[str, pd.DataFrame]]:
    """The breaks read, then ``read_sources``, made beside the other steps: the breaks, the sources' problems, and
    the frames read into ``declared`` (sent back: a forked child's ``declared`` is its own). The places and the
    lineage are read here as the steps read them; a problem with either the steps raise first."""
    vocab, problems = load_vocabulary(vocabulary)
    lineage, found = load_lineage()
    raise_if_any(problems + found)
    declared_breaks = read_breaks(breaks)
    problems = read_sources(declared, geographies=vocab.places(), lineage=lineage, breaks=breaks,
                            declared_breaks=declared_breaks)
    return declared_breaks, problems, declared.frames


def _own_caveats(where: str) -> dict[str, list]:
    """Each estimate's own caveats, above its scenarios (``estimates.yml``, parsed once per build: ``read_once``)."""
    items, _ = read_yaml(Path(where), "estimates")
    return {e["id"]: e.get("caveats") or [] for e in items or [] if isinstance(e, dict) and "id" in e}


def _named_by(vocabulary, declared) -> dict[str, list[str]]:
    """The phrases naming each indicator that declares them: the register's and each declared source's."""
    found = {name: spec["named_by"] for name, spec in vocabulary.indicators.items() if spec.get("named_by")}
    for s in declared.declared:
        values = (s.spec.get("indicators") or {}).get("values", {})
        found.update({name: v["named_by"] for name, v in values.items() if v.get("named_by")})
    return found


def _measures_problems(built, estimates: pd.DataFrame, declared, lineage, estimates_path, vocabulary) -> list:
    """Origins held primary have their own text here, their years are ones their words print, their producers
    who their evidence names and what they counted what and where their rows count; each unit measures what it
    can; one definition, one measure."""
    places, named_by = vocabulary.places(), _named_by(vocabulary, declared)
    # each source's rows by what they count: its triangulation indicator column (the population's ``group``)
    resting = [built["figures"], *(declared.frames[s.name].rename(columns={s.indicator_column: "indicator"})
                                   if "indicator" not in declared.frames[s.name] else declared.frames[s.name]
                                   for s in declared.declared)]
    return (held_problems(lineage.origins, built, str(paths.ORIGINS_FILE))
            + counted_subject_problems(lineage.origins, resting, named_by,
                                       str(paths.ORIGINS_FILE), places)
            + actor_origin_problems(lineage.origins, built["figures"], resting, named_by,
                                    str(paths.ORIGINS_FILE), places)
            + counted_place_problems(lineage.origins, resting, places, str(paths.ORIGINS_FILE))
            + counted_by_problems(lineage.origins, resting, str(paths.ORIGINS_FILE))
            + own_number_problems(lineage.origins, resting, lineage.definitions, str(paths.ORIGINS_FILE))
            + origin_year_problems(lineage.origins, built["sources"], str(paths.ORIGINS_FILE))
            + origin_producer_problems(lineage.origins, built, declared, places, str(paths.ORIGINS_FILE))
            + own_text_producer_problems(lineage.origins, published_rows(declared.declared, declared.frames), places, str(paths.ORIGINS_FILE))
            + unit_measures_problems(lineage, built["figures"], estimates, definitions=str(paths.DEFINITIONS_FILE),
                                     estimates_path=str(estimates_path or declarations.ESTIMATES_FILE))
            + definition_measures_problems(_measured(built, estimates, declared, lineage, estimates_path)))


def _measured(built, estimates: pd.DataFrame, declared, lineage, estimates_path) -> list:
    """(definition, measures, where that measures is written) of every figure, estimate and declared row."""
    where = str(paths.DEFINITIONS_FILE)
    numbers = [(f.definition, f.measures, Problem(where, f"indicators.{f.indicator}" if f.indicator in lineage.indicators
                                                  else f"topics.{f.topic}", "measures", ""))
               for f in frames.rows(built["figures"])]
    numbers += [(e.definition, e.measures, Problem(str(estimates_path or declarations.ESTIMATES_FILE), e.estimate_id,
                                                   "measures", "")) for e in frames.rows(estimates)]
    for s in declared.declared:
        frame, annotated = declared.frames[s.name], "annotations" in s.spec["lineage"]
        numbers += [(d, m, Problem(str(paths.EXTERNAL_ROWS_FILE), f"{s.spec['data']}: {i}", "measures", "") if annotated
                     else Problem(str(s.path), "lineage.measures", "(value)", ""))
                    for i, d, m in zip(frame[s.id_column], frame["definition"], frame["measures"])]
    return numbers


def _near_duplicates(declared, figures: pd.DataFrame, register) -> None:
    """Near-duplicates of the register and of each declared source flagged (warnings, never refused), but for
    the repeats a source's declaration reviewed; a review that no longer holds is refused."""
    keyed = [(s, declared.frames[s.name], s.id_column, s.indicator_column)
             for s in declared.declared]
    raise_if_any(repeats_problems((s.path, frame, column, indicator, s.repeats) for s, frame, column, indicator in keyed))
    warn_all(near_duplicate_findings([(register or paths.REGISTER_FILE, figures, "figure_id", "indicator"),
                                      *((s.data, frame, column, indicator, s.repeats)
                                        for s, frame, column, indicator in keyed)]))


def _comparison_problems(declared, built, estimates, specified, checks, estimates_path, triangulation) -> list:
    """Names that match nothing (never an empty group) and comparisons across units, over every declared
    source's rows (each source's indicator is the column its triangulation entry names)."""
    rows = []
    for source in declared.declared:
        frame = declared.frames[source.name]
        indicator = source.indicator_column
        if indicator in frame and "unit" in frame:
            rows.append(pd.DataFrame({"id": frame[source.id_column], "indicator": frame[indicator],
                                      "unit": frame["unit"]}))
    rows = pd.concat(rows, ignore_index=True)
    triangulation = triangulation or comparisons.TRIANGULATION_FILE
    figures = built["figures"]
    return (triangulation_names_problems(triangulation, report=figures["indicator"], external=rows["indicator"],
                                         estimates=estimates["estimate_id"])
            + unit_problems(triangulation=triangulation, checks=checks or paths.RAW / "checks.yml",
                            estimates=estimates_path or declarations.ESTIMATES_FILE,
                            specs=[(e.key, e.spec) for e in specified],
                            report_units=dict(zip(figures["indicator"], figures["unit"])),
                            external_units=rows.groupby("indicator")["unit"].agg(set).to_dict(),
                            figure_units=dict(zip(figures["figure_id"], figures["unit"])),
                            row_units=dict(zip(rows["id"], rows["unit"])))
            + bare_number_problems(str(estimates_path or declarations.ESTIMATES_FILE),
                                   [(e.key, e.spec) for e in specified])
            + estimate_unit_problems(str(estimates_path or declarations.ESTIMATES_FILE),
                                     [(e.key, e.spec) for e in specified],
                                     {**dict(zip(figures["figure_id"], figures["unit"])),
                                      **dict(zip(rows["id"], rows["unit"]))}))


def data_outputs() -> dict[str, bytes]:
    """Every file of ``data/processed`` as bytes, computed in memory."""
    built, declared_tables = built_and_declared()
    outputs = {f"{name}.csv": csv_bytes(frame) for name, frame in built.items()}
    sources = frames.records(built["sources"].rename(columns={"source_id": "id"}))
    outputs["datapackage.json"] = descriptor(outputs, sources, declared_tables)
    outputs[MANIFEST_NAME] = manifest_bytes()  # the inputs these tables were built from
    return outputs


def run(folder: Path | None = None) -> list[Path]:
    """Rebuild the processed data; raise ``ValidationFailed`` (writing nothing) on bad input."""
    folder = Path(folder or paths.PROCESSED)
    owned = written_by_build(folder) if folder.resolve() == paths.PROCESSED.resolve() else False
    with imports_set_aside():
        outputs = data_outputs()
    return replace_folder(outputs, folder, owned=owned)  # a file no build wrote is refused, never deleted
