"""The report's own arithmetic, checked. Stage 4.

Where the report gives parts and a whole, or says "N" and then names N things,
the two must agree. Each rule is one small declaration; ``run_checks`` returns a
table with one row per rule and its outcome. A failed rule is a problem with the
register (a mis-typed phrase) or a finding about the report; either way the build
stops and names the figures involved.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..inputs.errors import Problem, raise_if_any
from ..source.reader import Report

CHECK_COLUMNS = ["check_id", "rule", "description", "figure_ids", "lhs", "rhs", "residual", "passed", "note"]


@dataclass(frozen=True)
class AtMost:
    """``part`` <= ``whole``: a subset cannot outnumber the set it is drawn from."""

    check_id: str
    part: str
    whole: str
    description: str

    def run(self, values: dict[str, float], report: Report) -> dict:
        lhs, rhs = values[self.part], values[self.whole]
        note = "equal: the report does not say whether they are the same records" if lhs == rhs else ""
        return _row(self, "part <= whole", [self.part, self.whole], lhs, rhs, rhs - lhs, lhs <= rhs, note)


@dataclass(frozen=True)
class SharesAtMostOne:
    """Shares of one population add up to at most 100%; the residual is reported, not hidden."""

    check_id: str
    parts: tuple[str, ...]
    description: str

    def run(self, values: dict[str, float], report: Report) -> dict:
        total = sum(values[p] for p in self.parts)
        residual = round(1.0 - total, 12)
        note = f"{residual:.0%} of the population is not accounted for by the listed groups" if residual > 0 else ""
        return _row(self, "sum of shares <= 1", list(self.parts), total, 1.0, residual, total <= 1.0 + 1e-12, note)


@dataclass(frozen=True)
class NamesCount:
    """The report says N and then names N things: count the names between two anchors of its text."""

    check_id: str
    figure: str
    after: str
    before: str
    description: str
    final_and: bool = True  # "A, B and C"; COSECAM's list has no "and" (and "Rights and Development" is one name)

    def run(self, values: dict[str, float], report: Report) -> dict:
        names = named_items(report.body_text, self.after, self.before, final_and=self.final_and)
        stated = values[self.figure]
        return _row(self, "stated count = names listed", [self.figure], stated, float(len(names)),
                    len(names) - stated, len(names) == stated, "; ".join(names))


def named_items(text: str, after: str, before: str, *, final_and: bool = True) -> list[str]:
    """Items of the list between ``after`` and ``before``: split on commas, and on the last "and"."""
    start = text.index(after) + len(after)
    span = text[start:text.index(before, start)]
    items = [item.strip(" .") for item in re.split(r",\s*(?![^()]*\))", span)]
    if final_and and items and " and " in items[-1]:
        items[-1:] = [part.strip(" .") for part in items[-1].rsplit(" and ", 1)]
    return [item for item in items if item]


def _row(rule, kind: str, ids: list[str], lhs: float, rhs: float, residual: float, passed: bool, note: str) -> dict:
    return {"check_id": rule.check_id, "rule": kind, "description": rule.description,
            "figure_ids": " ".join(ids), "lhs": float(lhs), "rhs": float(rhs),
            "residual": float(residual), "passed": bool(passed), "note": note}


RULES = (
    AtMost("confirmed_le_suspected_2003", "confirmed_cases_2003", "suspected_cases_2003",
           "Confirmed trafficking cases (2003) cannot exceed suspected cases."),
    AtMost("hotline_le_all_reports_2003", "hotline_reports_2003", "reports_received_2003",
           "Reports received through the hotline (2003) cannot exceed all reports received."),
    SharesAtMostOne("ethnic_shares_2003", ("share_khmer_sex_workers_cambodia_2003", "share_vietnamese_sex_workers_cambodia_2003"),
                    "Khmer and Vietnamese shares of the 2003 sex-worker estimate add up to at most 100%."),
    NamesCount("cosecam_members_named", "cosecam_member_ngos", "The latter network is composed of 18 local NGOs:",
               ". Its goal", "COSECAM is said to have 18 member NGOs; the report names them.", final_and=False),
    NamesCount("commit_governments_named", "commit_gms_governments", "Sub-region (GMS) governments-",
               "- to counter", "COMMIT brings together six GMS governments; the report names them."),
    NamesCount("uniap_countries_named", "uniap_countries", "response to human trafficking in the Greater Mekong Sub-region (",
               ")", "UNIAP works throughout the 6 countries of the Greater Mekong Sub-region; the report names them."),
    NamesCount("ngo_job_networks_named", "cosecam_job_placement_networks", "were established in ",
               " Provinces to assist", "Three NGO networks for job placement; the report names their three places."),
    NamesCount("tourism_locations_named", "mot_awareness_locations", "three main tourism locations, namely ",
               ".", "Three main tourism locations; the report names them."),
)


def run_checks(figures: pd.DataFrame, report: Report, rules=RULES, *, path: str = "figures.yml") -> pd.DataFrame:
    """One row per rule: both sides, the residual, and whether the report's arithmetic holds.

    A rule naming a figure the register lacks is a ``Problem`` on that figure id (``ValidationFailed``)."""
    values = dict(zip(figures["figure_id"], figures["value"]))
    rows, problems = [], []
    for rule in rules:
        missing = [fid for fid in _figure_ids(rule) if fid not in values]
        problems += [Problem(path, fid, "id", f"check {rule.check_id} needs this figure, which is not in the "
                                              "register") for fid in missing]
        if not missing:
            rows.append(rule.run(values, report))
    raise_if_any(problems)
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)


def _figure_ids(rule) -> list[str]:
    return [v for k, v in vars(rule).items() if k in ("part", "whole", "figure")] + list(getattr(rule, "parts", ()))


def check_problems(checks: pd.DataFrame, *, path: str) -> list[Problem]:
    """A failed rule as problems on the register entries it names."""
    problems = []
    for row in checks[~checks["passed"]].itertuples(index=False):
        for fid in row.figure_ids.split():
            problems.append(Problem(path, fid, "phrase",
                                    f"{row.check_id}: {row.description} ({row.lhs:g} vs {row.rhs:g})"))
    return problems
