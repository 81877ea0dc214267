"""Every count a figure's caveat cites (a hundred or more, years aside) is printed by the report or by a row of a
declared source (``analysis.row_words.caveat_count_problems``). Every cited count of every real caveat changed,
counts of the sources' rows cited, and through the build."""
from __future__ import annotations

import copy
import dataclasses
import functools
import re

from csecstats.analysis.row_words import CITED_COUNT, caveat_count_problems, cited_count_problems, printed_counts
from real_inputs import checked_register, project, project_copy, refused, replace_once

COUNT = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?!\d)|(?<![\w.,])\d{3,}(?![\w.])")


@functools.lru_cache(maxsize=1)
def frames() -> tuple:
    """Every declared source's table, as built (data/processed; the freshness tests hold it to the inputs)."""
    import csecstats
    built = csecstats.built_tables()
    return tuple(built[source.spec["table"]["name"]] for source in project()[2].declared)


@functools.lru_cache(maxsize=1)
def printed() -> frozenset:
    return frozenset(printed_counts(checked_register().report.body_text, frames()))


def problems_with(figure_index: int, caveat_index: int, text: str) -> list:
    """The rule over the one figure whose caveat is changed (it reads each figure alone)."""
    figure = copy.deepcopy(checked_register().figures[figure_index])
    figure["caveats"][caveat_index]["text"] = text
    return cited_count_problems([figure], set(printed()), "figures.yml")


def test_every_count_a_real_caveat_cites_is_printed():
    assert caveat_count_problems(checked_register(), frames(), "figures.yml") == []


def test_every_cited_count_changed_is_refused():
    tried = 0
    for i, figure in enumerate(checked_register().figures):
        for j, caveat in enumerate(figure["caveats"]):
            for match in COUNT.finditer(caveat["text"]):
                value = int(match.group().replace(",", ""))
                if value < CITED_COUNT or 1900 <= value <= 2030:
                    continue
                lie = caveat["text"][:match.start()] + f"{value * 7 + 1:,}" + caveat["text"][match.end():]
                found = problems_with(i, j, lie)
                assert [(p.entry, p.field) for p in found] == [(figure["figure_id"], f"caveats[{j + 1}].text")], lie
                tried += 1
    assert tried >= 10, tried


def test_a_count_a_declared_source_prints_may_be_cited():
    values = [int(v) for frame in frames() for v in frame["value"].dropna() if v >= CITED_COUNT][::7]
    for value in values:
        text = f"Another account gives {value:,}."
        assert problems_with(0, 0, text) == [], value


def test_the_build_refuses_the_embassy_count_miscited(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/figures.yml", "describes a country-wide survey of brothels, 14,725 brothel workers",
                 "describes a country-wide survey of brothels, 17,425 brothel workers")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/figures.yml'}: sex_workers_phnom_penh_1997: caveats[5].text: cites 17,425, which "
            "neither the report nor a row of a declared source prints") in err


def test_every_count_an_estimates_caveat_cites_changed_is_refused_once():
    from csecstats.analysis.declarations import declared_estimates, default_context
    from csecstats.inputs import paths
    estimates = declared_estimates(paths.RAW / "estimates.yml", default_context())
    register = checked_register()
    assert caveat_count_problems(register, frames(), "f.yml", estimates, "e.yml") == []
    tried = 0
    for est in {e.spec["id"]: e for e in estimates}.values():
        for i, caveat in enumerate(est.spec.get("caveats") or []):
            for match in COUNT.finditer(caveat["text"]):
                value = int(match.group().replace(",", ""))
                if value < CITED_COUNT or 1900 <= value <= 2030:
                    continue
                spec = copy.deepcopy(est.spec)
                spec["caveats"][i]["text"] = caveat["text"][:match.start()] + f"{value * 7 + 1:,}" + caveat["text"][match.end():]
                lied = [dataclasses.replace(e, spec=spec) if e is est else e for e in estimates]
                found = caveat_count_problems(register, frames(), "f.yml", lied, "e.yml")
                assert [(p.path, p.entry, p.field) for p in found] == [("e.yml", est.key, f"caveats[{i + 1}].text")]
                tried += 1
    assert tried >= 5, tried
