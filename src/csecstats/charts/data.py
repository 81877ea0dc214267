"""Chart data: each chart's tidy frame, computed from the built tables.

One function per chart (``sex_worker_points``, ``materials``, ``enforcement_series``...)
takes the built tables (``tables.built``) and returns the rows the chart draws and
exports as its CSV: ids, values, bounds, qualifiers, grades, notes and the series a
line may join. Nothing here draws; notebooks call these to show what a chart shows.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping

import pandas as pd

from ..register.caveats import rank_of
from . import plots

QUALIFIER_WORDS = {"exact": "", "approximate": "about ", "lower_bound": "over ", "upper_bound": "up to ",
                   "range": "", "relative": ""}


def decimal_year(date: str) -> float:
    """'YYYY-MM-DD' as a decimal year (day of year / days in year)."""
    ts = pd.Timestamp(date)
    return ts.year + (ts.dayofyear - 1) / (366 if ts.is_leap_year else 365)


def month_year(date: str) -> str:
    """'1992-03-01' -> 'Mar 1992'."""
    return pd.Timestamp(date).strftime("%b %Y")


def period_midpoint(start: str, end: str) -> float:
    """The middle of a period as a decimal year; a whole year 'YYYY' sits at YYYY.5."""
    return (decimal_year(start) + decimal_year(end) + 1 / 365) / 2


def _report_rows(figures: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    rows = figures[mask].copy()
    rows["origin"] = "report"
    return rows


SEX_WORK_INDICATORS = ("sex_workers", "sex_workers_counted", "sex_workers_claimed",
                       "sex_workers_and_trafficked_claimed", "direct_sex_workers", "indirect_sex_workers")


SHORT_LABELS = {"sex_workers_counted": "counted", "sex_workers_claimed": "claimed",
                "sex_workers_and_trafficked_claimed": "claimed, incl. trafficked",
                "direct_sex_workers": "brothel-based", "indirect_sex_workers": "outside brothels"}


def external_points(external: pd.DataFrame) -> pd.DataFrame:
    """External rows as chart rows (qualifier as declared in external_rows.yml, never guessed from text)."""
    rows = external.rename(columns={"external_id": "figure_id"}).copy()
    rows["origin"] = "external"
    rows["source_id"] = rows["source"]
    rows["citation"] = rows["source"] + ", " + rows["url"]
    rows["caveat"] = "External: " + rows["described_as"] + "."
    rows["caveat_priority"] = "reading"  # what another publication counted changes how its point is read
    return rows


def estimate_points(t: Mapping[str, pd.DataFrame], ids: list[str]) -> pd.DataFrame:
    """Derived estimates as chart rows: drawn as intervals, sourced to the report, caveat from the table."""
    rows = t["estimates"][t["estimates"]["estimate_id"].isin(ids)].rename(columns={"estimate_id": "figure_id"})
    rows = rows.assign(origin="estimate", qualifier="derived", source_id="report_2004", citation=None,
                       indicator="sex_workers")
    return rows


def grade_of(t: Mapping[str, pd.DataFrame], ids: pd.Series) -> pd.Series:
    """Evidence grade of each figure, external or estimate id (figure grades, then the triangulation table)."""
    grades = pd.concat([t["figures"].set_index("figure_id")["evidence_grade"],
                        t["triangulation"].set_index("record_id")["evidence_grade"],
                        t["estimates"].set_index("estimate_id")["evidence_grade"]])
    return ids.map(grades[~grades.index.duplicated()])


AFTER_UNTAC = "sex_workers_phnom_penh_after_untac"


def sex_worker_points(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Sex-worker counts over time, report, derived and external, one row per figure, with its series."""
    figures = t["figures"]
    report = _report_rows(figures, figures["indicator"] == "sex_workers")
    external = external_points(t["external_estimates"])
    rows = pd.concat([report, estimate_points(t, [AFTER_UNTAC]),
                      external[external["indicator"].isin(SEX_WORK_INDICATORS)]], ignore_index=True)
    for col in ("period_start", "period_end"):  # the external table's dates are text: one type, so repeats match
        rows[col] = pd.to_datetime(rows[col], format="%Y-%m-%d")
    rows = one_mark_per_origin(rows)
    rows["year"] = [period_midpoint(s, e) for s, e in zip(rows["period_start"], rows["period_end"])]
    # Two sources for the same place and year stand side by side, so both are seen.
    rows["year"] += dodge(rows, ["geography", "year"])
    # A series is one geography, one definition and one source method: never joined across them.
    rows["series_key"] = (rows["geography"] + " | " + rows["indicator"] + " | " + rows["source_id"] + " | "
                          + rows["origin"])
    rows["group"] = rows["geography"]
    rows["evidence_grade"] = grade_of(t, rows["figure_id"])
    rows["note"] = [" ".join(filter(None, (shown_value(r), SHORT_LABELS.get(r["indicator"], ""),
                                          f"[{r['evidence_grade']}]"))) for _, r in rows.iterrows()]
    columns = ["figure_id", "origin", "indicator", "geography", "group", "series_key", "note", "shown",
               "year", "period_start", "period_end", "value", "low", "high", "qualifier", "evidence_grade",
               "source_id", "citation", "published", "url", "caveat", "caveat_priority"]
    rows = rows.sort_values(["year", "group", "figure_id"], kind="stable").reset_index(drop=True)
    return rows[columns].sort_values(["group", "year", "figure_id"], kind="stable").reset_index(drop=True)


def shown_value(row: pd.Series) -> str:
    """A point's value as a reader should see it: a derived estimate's rounded ``shown`` value (its interval
    left to the bar), a published range as its two ends, a bound or an approximate value in words."""
    shown = row.get("shown")
    if isinstance(shown, str) and shown and row.get("origin") == "estimate":
        return shown.split(" (", 1)[0]
    if row["qualifier"] == "range" and pd.notna(row["low"]) and pd.notna(row["high"]):
        return f"{row['low']:,.0f}-{row['high']:,.0f}"
    return f"{QUALIFIER_WORDS.get(row['qualifier'], '')}{row['value']:,.0f}"


def one_mark_per_origin(rows: pd.DataFrame) -> pd.DataFrame:
    """Accounts repeating one study's number are one mark (the report's), all listed in its ``citation``."""
    key = ["origin_id", "geography", "period_start", "period_end", "value"]
    rows = rows.sort_values("origin", key=lambda o: o != "report", kind="stable")
    accounts = rows["citation"].fillna(rows["source_id"]).groupby([rows[k].fillna("") for k in key], sort=False)
    rows = rows.assign(citation=accounts.transform(" | ".join).where(rows["origin_id"].notna(), rows["citation"]))
    return rows[~(rows.duplicated(key) & rows["origin_id"].notna())].sort_index()


def dodge(frame: pd.DataFrame, by: list[str], width: float = 0.35) -> pd.Series:
    """Horizontal offsets that set points sharing ``by`` (e.g. place and year) side by side, not on top."""
    rank = frame.groupby(by, sort=False).cumcount()
    size = frame.groupby(by, sort=False)[by[0]].transform("size")
    return (rank - (size - 1) / 2) * width


def humanise(indicator: str) -> str:
    """'booklets_distributed' -> 'Booklets distributed'."""
    return indicator.replace("_", " ").capitalize()


def outreach_rows(t: Mapping[str, pd.DataFrame], mask: Callable[[pd.DataFrame], pd.Series]) -> pd.DataFrame:
    """Figures selected by ``mask``, labelled by what was counted, largest first."""
    figures = t["figures"]
    rows = _report_rows(figures, mask(figures))
    rows["label"] = [OUTREACH_LABELS.get(r["figure_id"]) or outreach_label(r) for _, r in rows.iterrows()]
    columns = ["figure_id", "origin", "label", "indicator", "actor", "geography", "value", "low", "high",
               "qualifier", "unit", "source_id", "caveat", "caveat_priority"]
    return rows[columns].sort_values(["value", "figure_id"], ascending=[False, True]).reset_index(drop=True)


# Declared labels where the indicator's words would mislead: the report counts these people trained, but not
# in anything to do with sexual exploitation ('1903 people were trained on food production').
OUTREACH_LABELS = {"wathnakpheap_people_trained_food_production": "People trained on food production"}


# A definition that adds nothing to the indicator's own description (data/raw/definitions.yml's convention).
NO_OWN_DEFINITION = ("", "as_described")


def outreach_label(row: pd.Series) -> str:
    """What a count is, in words: the row's definition where it names one of its own (a code such as
    'forced_or_tricked_self_reported' is put in words), else its indicator ('as_described' adds nothing)."""
    definition = row.get("definition")
    own = isinstance(definition, str) and definition.strip() not in NO_OWN_DEFINITION
    text = humanise(definition.strip()) if own and " " not in definition.strip() else definition if own else None
    text = text or humanise(row["indicator"])
    return textwrap.fill(text[:1].upper() + text[1:], 30)


def materials(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Awareness materials produced or distributed (unit: copies)."""
    return outreach_rows(t, lambda f: f["unit"] == "copies")


REACH_TOPICS = ("awareness", "training")


# Who carries the work out rather than receives it: never counted among the people reached.
DELIVERERS = ("activists", "trainers_invited", "trainers_trained")


ROLES = {"reached": "People trained or sensitised", "deliver": "Activists and trainers, who deliver the work"}


def people_reached(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """People trained or sensitised, and apart from them the activists and trainers who deliver (unit: persons)."""
    rows = outreach_rows(t, lambda f: (f["unit"] == "persons") & f["topic"].isin(REACH_TOPICS))
    rows.insert(2, "role", ["deliver" if i in DELIVERERS else "reached" for i in rows["indicator"]])
    return rows.sort_values("role", key=lambda r: r.map(list(ROLES).index), kind="stable").reset_index(drop=True)


def figures_by_actor(t: Mapping[str, pd.DataFrame]) -> pd.Series:
    """How many figures the report credits to each actor, most first (ties by name): what it describes, not what was done."""
    counts = t["figures"].dropna(subset=["actor"]).groupby("actor").size().rename("figures")
    return counts.reset_index().sort_values(["figures", "actor"], ascending=[False, True],
                                            kind="stable").set_index("actor")["figures"]


def estimate_rows(t: Mapping[str, pd.DataFrame], mask: Callable[[pd.DataFrame], pd.Series]) -> pd.DataFrame:
    """Estimates selected by ``mask`` as chart rows: label (quantity and scenario), grade, caveat."""
    est = t["estimates"]
    rows = est[mask(est)].rename(columns={"estimate_id": "figure_id"}).copy()
    rows["origin"] = "estimate"
    rows["label"] = [textwrap.fill(q, 44) for q in rows["quantity"]]  # a scenario's quantity names its base
    rows["source_id"] = "report_2004"
    rows["note"] = "[" + rows["evidence_grade"] + "]"
    return rows.reset_index(drop=True)


# What a derived count counts, by the estimate's declared definition (data/raw/definitions.yml); any
# other definition counts sex workers (all of them, or by age or ethnicity).
BLOCKS = {"trafficked_debt_bondage_or_under_16": "Trafficked (debt bondage or under 16, the study's definition)",
          "forced_or_tricked_self_reported": "Said they were forced or tricked (self-reported)"}


ALL_SEX_WORKERS = "Sex workers, all or by age or ethnicity"


def block_of(definition: str) -> str:
    """The block of an estimate: its definition's heading if it is one of ``BLOCKS``, else all sex workers."""
    return BLOCKS.get(definition, ALL_SEX_WORKERS)


def caveated_estimates(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every derived count of persons with its interval, grouped by what it counts; a range of readings marked."""
    rows = estimate_rows(t, lambda e: (e["unit"] == "persons") & (e["method"] != "as_published"))
    definitions = t["estimates"].set_index(["estimate_id", "scenario"])["definition"]
    rows["block"] = [block_of(definitions.get((f, s))) for f, s in zip(rows["figure_id"], rows["scenario"])]
    # Under a block's heading a scenario needs only its own words ('If the share applies to ...').
    scenario = rows["scenario"].notna() & rows["quantity"].str.contains(", ")
    rows.loc[scenario, "label"] = [textwrap.fill(q.split(", ", 1)[1][:1].upper() + q.split(", ", 1)[1][1:], 44)
                                   for q in rows.loc[scenario, "quantity"]]
    # No two rows share a label: where the short form repeats, each row keeps its whole quantity (its base).
    repeated = rows["label"].duplicated(keep=False)
    rows.loc[repeated, "label"] = [textwrap.fill(q, 44) for q in rows.loc[repeated, "quantity"]]
    rows["kind"] = ["range" if m == "range" else "interval" for m in rows["method"]]
    order = [ALL_SEX_WORKERS, *BLOCKS.values()]
    rows = rows.sort_values("block", key=lambda b: b.map(order.index), kind="stable").reset_index(drop=True)
    return rows[["figure_id", "origin", "block", "label", "scenario", "value", "low", "high", "shown", "kind", "level",
                 "unit", "geography", "period_start", "method", "evidence_grade", "note", "source_id", "inputs",
                 "caveat", "caveat_priority"]]


SHARE_TRAFFICKED = "share_trafficked_sex_workers_cambodia_2003"


SHARE_STUDY_IDS = ("share_trafficked_phnom_penh_2003_study", "share_trafficked_cambodia_2003_study")


def share_trafficked(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The report's share trafficked, in its own words, beside the shares the study's own counts give."""
    figures = t["figures"]
    report = _report_rows(figures, figures["figure_id"] == SHARE_TRAFFICKED)
    phrase = figures.set_index("figure_id").loc[SHARE_TRAFFICKED, "phrase"]
    report["label"] = textwrap.fill(f"The report: '{phrase}' of sex workers trafficked", 44)
    report["evidence_grade"] = grade_of(t, report["figure_id"])
    report["note"] = f"{phrase} [" + report["evidence_grade"] + "]"
    study = estimate_rows(t, lambda e: e["estimate_id"].isin(SHARE_STUDY_IDS))
    study["note"] = [f"{v:.1%} [{g}]" for v, g in zip(study["value"], study["evidence_grade"])]
    columns = ["figure_id", "origin", "scenario", "label", "value", "low", "high", "shown", "qualifier", "period_start",
               "period_end", "evidence_grade", "note", "source_id", "caveat", "caveat_priority"]
    return pd.concat([report, study], ignore_index=True).reindex(columns=columns)


# What each assumption is, in words, for the tornado chart's labels (never its code name).
ASSUMPTION_WORDS = {
    "national_total_factor": "if the national total were another base",
    "share_forced_or_tricked": "the share who said they were forced or tricked",
    "sex_workers": "the number of sex workers it applies to",
    "share_khmer": "the share who are ethnic Khmer",
    "share_vietnamese": "the share who are ethnic Vietnamese",
    "before": "the count before UNTAC left",
    "ratio_after_before": "the ratio of the count after UNTAC left to before",
    "trafficked_national": "the study's national count of trafficked sex workers",
    "share_trafficked": "the share trafficked (its rounding)",
    "sex_workers_phnom_penh_1997": "the 1997 Phnom Penh count it applies to",
    "share_aged_12_17": "the share aged 12-17",
}


def assumption_words(name: str) -> str:
    """An assumption in words: declared in ``ASSUMPTION_WORDS``, else its name with spaces for underscores."""
    return ASSUMPTION_WORDS.get(name, name.replace("_", " "))


def tornado_rows(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Sensitivity rows as the change of each estimate, in percent, when one assumption moves end to end."""
    sens = t["sensitivity"].merge(t["estimates"][["estimate_id", "scenario", "quantity", "evidence_grade",
                                                  "caveat", "caveat_priority"]], on=["estimate_id", "scenario"], how="left")
    sens = sens.rename(columns={"estimate_id": "figure_id"})
    sens["origin"], sens["source_id"] = "estimate", "report_2004"
    sens["change_at_low"] = sens["value_at_low"] / sens["value"] - 1
    sens["change_at_high"] = sens["value_at_high"] / sens["value"] - 1
    sens["label"] = [f"{q}: {assumption_words(a)}" for q, a in zip(sens["quantity"], sens["assumption"])]
    sens["span"] = (sens["change_at_high"] - sens["change_at_low"]).abs()
    return sens.sort_values(["span", "figure_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


ENFORCEMENT_2003 = ("suspected_cases_2003", "confirmed_cases_2003", "perpetrators_arrested_2003",
                    "victims_rescued_2003", "reports_received_2003", "hotline_reports_2003")


# A unit in words where the table gives a code ('noun_unstated': the report's number has no noun after it).
UNIT_WORDS = {"noun_unstated": "noun not stated"}


def same_number(counts: pd.DataFrame) -> list[str]:
    """Beside a count printed with the same number as an earlier one ('257' reports received, '257' suspected
    cases): the caveat that they may count the same thing, so no reader adds them up."""
    seen: dict[float, str] = {}
    out = []
    for value, label in zip(counts["value"], counts["label"]):
        out.append(f"the same number as {seen[value].lower()}: perhaps the same cases" if value in seen else "")
        seen.setdefault(value, label)
    return out


SHARES_2003 = ("confirmed_share_of_suspected_cases_2003", "hotline_share_of_reports_2003")


def enforcement_2003(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The report's 2003 counts (in the order of the police process) and the two shares with intervals."""
    figures = t["figures"]
    counts = _report_rows(figures, figures["figure_id"].isin(ENFORCEMENT_2003))
    counts = counts.set_index("figure_id").loc[list(ENFORCEMENT_2003)].reset_index()
    counts["label"], counts["panel"] = counts["indicator"].map(humanise), "count"
    counts["note"] = same_number(counts)
    shares = estimate_rows(t, lambda e: e["estimate_id"].isin(SHARES_2003))
    shares["label"] = [textwrap.fill(q, 34) for q in shares["quantity"]]
    shares["panel"], shares["qualifier"] = "share", "derived"
    shares["note"] = [f"{v:.1%} [{g}]" for v, g in zip(shares["value"], shares["evidence_grade"])]
    counts["evidence_grade"] = grade_of(t, counts["figure_id"])
    columns = ["figure_id", "origin", "panel", "label", "value", "low", "high", "qualifier", "unit", "period_start",
               "period_end", "evidence_grade", "note", "actor", "source_id", "caveat", "caveat_priority"]
    return pd.concat([counts, shares], ignore_index=True).reindex(columns=columns)


QUANTITIES = {"police_cases": "Cases (suspected, confirmed, dealt with, to court)",
              "arrests": "Arrests (perpetrators, traffickers, suspects; suspects to court)",
              "victims_rescued": "Victims rescued"}


def release_caveats(release: pd.Series, year: int) -> tuple[str | None, str | None]:
    """A release's note as caveat cells: each part a caveat; 'first ... only' (drawn as an open square)
    qualifies the count, anything else (a conflict, a definition, a breakdown) changes how it is read."""
    if not isinstance(release["note"], str):
        return None, None
    parts = [p.strip() for p in release["note"].split(";") if p.strip()]
    texts = [f"{release['reporter']}, {year}: {p}" for p in parts]
    ranks = ["qualifies" if p.startswith("first ") and p.endswith(" only") else "reading" for p in parts]
    order = sorted(range(len(parts)), key=lambda k: rank_of(ranks[k]))
    return " | ".join(texts[k] for k in order), " | ".join(ranks[k] for k in order)


# One department named two ways (the report's and the releases'): one reporter, one colour.
SAME_REPORTER = {"Department of Anti-Human Trafficking and Juvenile Protection":
                 "Anti-Human Trafficking and Juvenile Protection Department"}


CASE_WORDS = {"suspected_cases": "suspected", "confirmed_cases": "confirmed"}


def period_note(start: str, end: str, kind: str) -> str:
    """'Jan-Jun only' for a part year, '25 Dec-25 Dec' for a non-calendar year, '' for a calendar year."""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if kind == "part_year":
        return f"{s:%b}-{e:%b} only"
    return f"{s:%b}-{e:%b}" if kind == "non_calendar_year" else ""


def enforcement_series(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Cases, arrests and rescues 2003-2024, report and external, one row per release, reporters side by side."""
    tri = t["triangulation"]
    # TIP figures have a chart of their own (tip_enforcement), drawn by period with their breaks.
    rows = tri[tri["quantity"].isin(list(QUANTITIES)) & (tri["origin"] != "external (TIP)")]
    rows = rows.rename(columns={"record_id": "figure_id"}).copy()
    ext = t["external_enforcement"].set_index("external_id")
    figures = t["figures"].set_index("figure_id")
    is_ext = rows["origin"] == "external"
    rows["reporter"] = [ext.loc[i, "reporter"] if x else SAME_REPORTER.get(figures.loc[i, "actor"], figures.loc[i, "actor"])
                        for i, x in zip(rows["figure_id"], is_ext)]
    rows["source_id"] = [ext.loc[i, "source"] if x else figures.loc[i, "source_id"]
                         for i, x in zip(rows["figure_id"], is_ext)]
    rows["citation"] = [f"{ext.loc[i, 'source']}, {ext.loc[i, 'url']}" if x else None
                        for i, x in zip(rows["figure_id"], is_ext)]
    rows["published"] = [ext.loc[i, "published"] if x else None for i, x in zip(rows["figure_id"], is_ext)]
    rows["url"] = [ext.loc[i, "url"] if x else None for i, x in zip(rows["figure_id"], is_ext)]
    # External caveats are the table's notes (part-year marks, conflicts named); the frame keeps `disagrees`.
    notes = [release_caveats(ext.loc[i], y) if x else (figures.loc[i, "caveat"], figures.loc[i, "caveat_priority"])
             for i, x, y in zip(rows["figure_id"], is_ext, rows["year"])]
    rows["caveat"], rows["caveat_priority"] = [n[0] for n in notes], [n[1] for n in notes]
    # A release's derived figure (296 = 85 + 211 the article prints) stays derived on the chart, as in its table.
    derived = [x and ext.loc[i, "qualifier"] == "derived" for i, x in zip(rows["figure_id"], is_ext)]
    rows["qualifier"] = ["derived" if d else "exact" if k == "calendar_year" else plots.PART_PERIOD
                         for d, k in zip(derived, rows["period_kind"])]
    rows["note"] = [period_note(s, e, k) for s, e, k in zip(rows["period_start"], rows["period_end"],
                                                            rows["period_kind"])]
    # The report's 2003 cases are 'suspected' or 'confirmed' cases of human trafficking: named on the chart,
    # so they are not read as the same series as later releases' cases.
    named = ~is_ext & rows["indicator"].isin(CASE_WORDS)
    rows.loc[named, "note"] = rows.loc[named, "indicator"].map(CASE_WORDS)
    rows["panel"] = rows["quantity"].map(QUANTITIES)
    rows["panel_order"] = rows["quantity"].map(list(QUANTITIES).index)
    # Releases for the same year sit side by side (reporters offset), so disagreement is seen, not averaged.
    rank = rows.groupby(["quantity", "year"]).cumcount()
    size = rows.groupby(["quantity", "year"])["figure_id"].transform("size")
    rows["x"] = rows["year"].astype(float) + 0.5 + (rank - (size - 1) / 2) * 0.3
    rows["series_key"] = rows["quantity"] + " | " + rows["indicator"] + " | " + rows["reporter"] + " | " + \
        rows["period_kind"] + " | " + rows["origin"]
    columns = ["figure_id", "origin", "panel", "quantity", "indicator", "year", "x", "period_start", "period_end",
               "period_kind", "reporter", "series_key", "value", "low", "high", "qualifier", "note",
               "disagrees", "evidence_grade", "source_id", "citation", "published", "url", "caveat", "caveat_priority"]
    rows = rows.sort_values(["panel_order", "x"], kind="stable")
    return rows.reindex(columns=columns).reset_index(drop=True)


def period_label(start: str, end: str, *, calendar: str = "") -> str:
    """'2013' (``calendar`` in front, e.g. 'calendar 2013') for a calendar year, 'Apr 2008-Mar 2009' otherwise."""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year:
        return f"{calendar}{s.year}"
    return f"{s:%b %Y}-{e:%b %Y}"
