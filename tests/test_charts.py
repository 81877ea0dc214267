"""Charts: byte-identical rebuilds, thin plot functions, series never joined across keys, footers from data."""
import json

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from csecstats.inputs import paths
from csecstats.inputs.files import write_atomically
from csecstats.charts import (
    catalogue, caveated_estimates, describe, enforcement_series, export, plots, prevention_materials,
    prevention_people_reached, sensitivity_tornado, sex_worker_estimates,
)
from csecstats.charts import data as chart_data
from csecstats.charts.style import GRADE_COLOURS
from csecstats.tables.built import tables as built_tables

import chart_drawings


@pytest.fixture(scope="session")
def rendered():
    return chart_drawings.rendered()


def built(chart_id: str, size: str = "report"):
    return chart_drawings.drawn()[chart_id, size]


def test_drawing_every_chart_leaves_matplotlibs_rc_settings_alone():
    assert chart_drawings.rc_changed_by_drawing() == {}


@pytest.mark.bytes
def test_rebuild_is_byte_identical_to_committed_files(rendered, tmp_path):
    written = write_atomically(rendered, tmp_path)
    committed = sorted(p.name for p in paths.FIGURES.iterdir()
                       if p.suffix in (".png", ".svg", ".pdf", ".csv", ".json", ".txt"))
    assert sorted(p.name for p in written) == committed, "run `make build` and commit reports/figures"
    differ = [p.name for p in written if p.read_bytes() != (paths.FIGURES / p.name).read_bytes()]
    assert not differ, (f"reports/figures/{', reports/figures/'.join(differ)} differ(s) from a rebuild: "
                        "run `make build` and commit the rebuilt charts")


def test_manifest_has_the_agreed_shape(rendered):
    manifest = json.loads(rendered["manifest.json"])
    assert set(manifest) == {"package_version", "charts"}
    keys = {"chart_id", "title", "subtitle", "caption", "alt_text", "caveats", "caveat_priorities", "key", "sources",
            "figure_ids", "estimate_ids", "chart_rows", "labels_left_off", "notebook", "data_sha256", "files"}
    for chart in manifest["charts"]:
        assert set(chart) == keys
        assert all(set(s) == {"source_id", "citation", "publisher", "date", "url"} for s in chart["sources"])
        assert set(chart["files"]) == {"png", "svg", "pdf", "csv", "json", "slide_png", "readme"}
        assert (paths.ROOT / chart["notebook"]).exists()


def test_png_is_at_least_200_dpi(rendered):
    png = rendered["sex_worker_estimates.png"]
    width = int.from_bytes(png[16:20], "big")
    assert width >= 6.3 * 200 - 1


def _pixels(data: bytes):
    import io

    import numpy as np
    from PIL import Image
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


def _matplotlibs_png(fig, dpi: float) -> bytes:
    import io
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def test_png_holds_the_pixels_matplotlib_draws_without_an_alpha_channel_or_text():
    import io

    from PIL import Image
    fig = built("sex_worker_estimates").figure
    with export.house_style():
        ours, theirs = export.png(fig, 200), _matplotlibs_png(fig, 200)
    image = Image.open(io.BytesIO(ours))
    assert image.mode == "RGB" and image.size == (1260, int(fig.get_figheight() * 200))
    assert not image.text and round(image.info["dpi"][0]) == 200
    assert (_pixels(ours) == _pixels(theirs)).all()
    assert len(ours) < 0.9 * len(theirs)  # zlib level 3 on RGB: smaller than matplotlib's RGBA at level 6


def test_png_keeps_the_alpha_channel_of_a_see_through_figure():
    import io

    from PIL import Image
    fig = plt.figure(figsize=(1, 1), facecolor="none")
    fig.add_subplot().plot([0, 1], [1, 0])
    ours, theirs = export.png(fig, 50), _matplotlibs_png(fig, 50)
    plt.close(fig)
    assert Image.open(io.BytesIO(ours)).mode == "RGBA"
    assert (_pixels(ours) == _pixels(theirs)).all() and _pixels(ours)[0, 0, 3] == 0


def test_sidecar_hash_is_the_hash_of_the_csv(rendered):
    import hashlib
    for chart_id in catalogue.CHARTS:
        meta = json.loads(rendered[f"{chart_id}.json"])
        assert meta["data_sha256"] == hashlib.sha256(rendered[f"{chart_id}.csv"]).hexdigest()


def test_sex_worker_chart_uses_the_report_figures_by_id(rendered):
    meta = json.loads(rendered["sex_worker_estimates.json"])
    assert set(meta["figure_ids"]) == {"sex_workers_phnom_penh_1992", "sex_workers_phnom_penh_1997",
                                       "sex_workers_cambodia_2003"}
    data = pd.read_csv(paths.FIGURES / "sex_worker_estimates.csv")
    row = data.set_index("figure_id").loc["sex_workers_phnom_penh_1997"]
    assert (row["value"], row["qualifier"]) == (14000.0, "lower_bound")


def _texts(fig):
    return "\n".join(t.get_text() for t in fig.texts)


@pytest.mark.parametrize("size", chart_drawings.SIZES)
@pytest.mark.parametrize("chart_id", list(catalogue.CHARTS))
def test_image_shows_title_source_line_and_the_top_caveats(chart_id, size):
    b = built(chart_id, size)
    text = " ".join(_texts(b.figure).split())
    assert b.title in text and b.subtitle in text
    assert catalogue.source_line(b.sources, compact=size == "slide") in text
    assert b.caveats
    for caveat in b.caveats[:2 if size == "slide" else 3]:
        assert " ".join(caveat.split()) in text


def test_the_sex_worker_chart_carries_the_reports_own_warning():
    assert "The report calls its background data indicative only." in built("sex_worker_estimates").caveats


def test_caveats_come_from_the_data_cells_highest_priority_first():
    data = pd.DataFrame({"origin": ["report", "report"], "caveat": ["A. | B.", "B. | C."]})
    assert catalogue.caveats_of(data) == ["B.", "A.", "C."]  # B concerns both rows
    data["caveat_priority"] = ["qualifies | provenance", "provenance | reading"]
    assert catalogue.ranked_caveats(data) == [{"priority": "reading", "text": "C."},
                                              {"priority": "qualifies", "text": "A."},
                                              {"priority": "provenance", "text": "B."}]


def test_a_caveat_about_one_point_names_it_in_the_words_the_chart_shows_it_by():
    data = pd.DataFrame({"origin": ["report", "report"], "label": ["Arrests", "Victims rescued"],
                         "caveat": ["Both. | Exceeds the cases.", "Both. | Arrests are a different count."]})
    assert catalogue.caveats_of(data) == ["Both.", "Arrests: Exceeds the cases.",
                                          "Victims rescued: Arrests are a different count."]
    unlabelled = pd.DataFrame({"origin": ["report"] * 2, "panel": ["Arrests (perpetrators)", "Cases"],
                               "period_start": ["2003-01-01", "2004-01-01"], "value": [271.0, 1200.0],
                               "caveat": ["Exceeds the cases.", None]})
    assert catalogue.caveats_of(unlabelled) == ["Arrests, 2003, 271: Exceeds the cases."]
    assert catalogue.caveats_of(unlabelled.iloc[:1]) == ["Exceeds the cases."]  # one point: nothing to tell apart
    text = " ".join(t.get_text() for t in built("enforcement_series", "slide").figure.texts)
    assert "Arrests, 2003, 271: Exceeds the 227 confirmed cases" in " ".join(text.split())


def test_a_range_has_no_invented_midpoint_and_looks_unlike_a_derived_interval():
    frame = pd.DataFrame({"x": [1.0, 2.0], "key": ["a", "b"], "value": [float("nan"), 5.0], "low": [2.0, 4.0],
                          "high": [8.0, 6.0], "qualifier": ["range", "derived"]})
    fig, ax = plt.subplots()
    plots.estimates_over_time(frame, x="x", series_key="key", label="key", colour="key", ax=ax)
    ys = {float(y) for line in ax.get_lines() if len(line.get_xdata()) == 1 for y in line.get_ydata()}
    assert 5.0 in ys  # the derived value's diamond
    assert not any(float(x) == 1.0 and float(y) == 5.0 for line in ax.get_lines()
                   for x, y in zip(line.get_xdata(), line.get_ydata()))  # no marker at the range's middle
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "range as published (no central value)" in labels and "derived value (bar, where drawn: 95% interval)" in labels


def test_range_of_readings_is_drawn_unlike_a_95_percent_interval():
    rows = caveated_estimates.caveated_estimates(built_tables())
    assert set(rows["kind"]) == {"interval", "range"}
    fig, ax = plt.subplots()
    plots.intervals(rows, label="label", group="evidence_grade", colours=GRADE_COLOURS, kind="kind",
                    block="block", ax=ax)
    assert len(ax.collections) == (rows["kind"] == "range").sum()  # a pale band per range, none per interval


def test_forced_or_tricked_stands_apart_from_trafficked_counts():
    rows = caveated_estimates.caveated_estimates(built_tables())
    forced = rows[rows["figure_id"].str.contains("forced")]
    trafficked = rows[rows["figure_id"].str.contains("trafficked")]
    assert set(forced["block"]).isdisjoint(trafficked["block"])
    assert len(set(forced["block"])) == 1 and len(set(trafficked["block"])) == 1


def test_people_who_deliver_are_not_counted_among_people_reached():
    rows = prevention_people_reached.people_reached(built_tables())
    assert set(rows.loc[rows["indicator"].isin(prevention_people_reached.DELIVERERS), "role"]) == {"deliver"}
    assert set(rows.loc[~rows["indicator"].isin(prevention_people_reached.DELIVERERS), "role"]) == {"reached"}
    titles = [ax.get_title(loc="left") for ax in built("prevention_people_reached").figure.axes]
    assert titles == list(prevention_people_reached.ROLES.values())


def test_report_2003_cases_are_named_and_never_joined_to_later_releases():
    rows = enforcement_series.enforcement_series(built_tables())
    report = rows[(rows["origin"] == "report") & rows["indicator"].isin(enforcement_series.CASE_WORDS)]
    assert set(report["note"]) == set(enforcement_series.CASE_WORDS.values())
    later = rows[(rows["origin"] == "external") & (rows["quantity"] == "police_cases")]
    assert set(report["series_key"]).isdisjoint(later["series_key"])


def _frame():
    return pd.DataFrame({
        "year": [1990.5, 1991.5, 1992.5, 1991.5, 1992.5],
        "key": ["Phnom Penh", "Phnom Penh", "Phnom Penh", "Cambodia", "Cambodia"],
        "value": [1.0, 2.0, 3.0, 10.0, 11.0], "low": [float("nan")] * 5, "high": [float("nan")] * 5,
        "qualifier": ["exact"] * 5,
    })


def test_plot_functions_return_the_axes_they_were_given():
    fig, ax = plt.subplots()
    assert plots.estimates_over_time(_frame(), x="year", series_key="key", ax=ax) is ax
    bars = pd.DataFrame({"label": ["a", "b"], "value": [1.0, 2.0], "group": ["x", "y"]})
    fig, ax = plt.subplots()
    assert plots.labelled_bars(bars, label="label", value="value", group="group", ax=ax) is ax
    assert plots.shade_period(ax, 1992.2, 1993.75, "UNTAC") is ax


def test_no_line_spans_two_series():
    frame = _frame()
    fig, ax = plt.subplots()
    plots.estimates_over_time(frame, x="year", series_key="key", ax=ax)
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) > 1]
    assert len(lines) == 2
    for line in lines:
        points = set(zip(line.get_xdata(), line.get_ydata()))
        keys = {k for x, y, k in zip(frame["year"], frame["value"], frame["key"]) if (x, y) in points}
        assert len(keys) == 1 and line.get_gid() == f"series:{keys.pop()}"


def test_bounds_and_ranges_are_never_joined():
    frame = _frame()
    frame.loc[1, "qualifier"] = "lower_bound"
    frame.loc[1, "low"] = 2.0
    frame.loc[2, ["low", "high"]] = [2.5, 3.5]
    fig, ax = plt.subplots()
    plots.estimates_over_time(frame, x="year", series_key="key", ax=ax)
    joined = [line for line in ax.get_lines() if len(line.get_xdata()) > 1]
    assert [list(line.get_xdata()) for line in joined] == [[1991.5, 1992.5]]  # Cambodia only


def test_sex_worker_chart_never_joins_across_geography():
    b = built("sex_worker_estimates")
    data = b.data
    for line in b.figure.axes[0].get_lines():
        if len(set(line.get_xdata())) > 1:  # a join spans years; a vertical line is one point's interval
            key = line.get_gid().removeprefix("series:")
            rows = data[data["series_key"] == key]
            assert set(line.get_xdata()) <= set(rows["year"])
            assert rows["geography"].nunique() == 1


def test_untac_period_comes_from_the_report_figure():
    figures = built_tables()["figures"].set_index("figure_id")
    untac = figures.loc[sex_worker_estimates.CHART.selects["untac"][0]]
    assert (untac["period_start"], untac["period_end"]) == (pd.Timestamp("1992-03-01"), pd.Timestamp("1993-09-30"))
    spans = [p for p in built("sex_worker_estimates").figure.axes[0].patches if p.get_width() > 1]
    assert len(spans) == 1
    assert spans[0].get_x() == pytest.approx(chart_data.decimal_year("1992-03-01"))


def test_external_qualifier_is_the_declared_one_not_guessed_from_text():
    external = built_tables()["external_estimates"]
    points = chart_data.external_points(external)
    assert (points["qualifier"].to_numpy() == external["qualifier"].to_numpy()).all()
    about = points.set_index("figure_id").loc["ext_sex_workers_phnom_penh_1991"]
    assert about["qualifier"] == "approximate" and about["low"] < about["value"] < about["high"]


def test_enforcement_lines_stay_within_one_reporter_and_full_years():
    b = built("enforcement_series")
    data = b.data
    for ax in b.figure.axes:
        for line in ax.get_lines():
            if len(line.get_xdata()) > 1:
                rows = data[data["series_key"] == line.get_gid().removeprefix("series:")]
                assert set(line.get_xdata()) <= set(rows["x"])
                assert rows["reporter"].nunique() == 1 and set(rows["period_kind"]) == {"calendar_year"}


def test_disagreeing_releases_are_both_drawn_side_by_side():
    data = enforcement_series.enforcement_series(built_tables())
    victims_2016 = data[(data["quantity"] == "victims_rescued") & (data["year"] == 2016)]
    assert sorted(victims_2016["value"]) == [244.0, 298.0]
    assert victims_2016["x"].nunique() == 2 and victims_2016["disagrees"].all()
    cases_2017 = data[(data["quantity"] == "police_cases") & (data["year"] == 2017)]  # 151 and 159 agree: both drawn
    assert sorted(cases_2017["value"]) == [151.0, 159.0] and cases_2017["x"].nunique() == 2
    assert not cases_2017["disagrees"].any()


def test_tornado_rows_are_changes_relative_to_the_estimate():
    rows = sensitivity_tornado.tornado_rows(built_tables())
    row = rows[rows["assumption"] == "ratio_after_before"].iloc[0]
    assert row["change_at_low"] == pytest.approx(row["value_at_low"] / row["value"] - 1)
    assert list(rows["span"]) == sorted(rows["span"], reverse=True)


def test_dodge_sets_same_place_and_year_side_by_side():
    frame = pd.DataFrame({"geography": ["Phnom Penh", "Phnom Penh", "Cambodia"], "year": [1992.5, 1992.5, 1992.5]})
    assert chart_data.dodge(frame, ["geography", "year"]).tolist() == [-0.175, 0.175, 0.0]


def test_slide_png_is_16_by_9_and_listed_in_the_sidecar():
    manifest = json.loads((paths.FIGURES / "manifest.json").read_text())
    for chart in manifest["charts"]:
        data = (paths.FIGURES / chart["files"]["slide_png"]).read_bytes()
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (2000, 1125), chart["chart_id"]


def test_figures_by_actor_counts_each_actor_most_first():
    t = built_tables()
    counts = prevention_materials.figures_by_actor(t)
    expected = t["figures"]["actor"].value_counts()
    assert counts.to_dict() == expected.to_dict()
    assert counts.is_monotonic_decreasing and counts.index[0] == expected.index[0]


@pytest.mark.parametrize(("definition", "label"), [
    (None, "Books distributed"), ("", "Books distributed"), ("as_described", "Books distributed"),
    ("copies_handed_out", "Copies handed out"), ("Copies handed to schools", "Copies handed to schools"),
])
def test_outreach_labels_say_what_was_counted_never_a_definition_code(definition, label):
    row = pd.Series({"indicator": "books_distributed", "definition": definition})
    assert prevention_materials.outreach_label(row) == label


def test_one_study_is_drawn_once_with_every_account_listed():
    t = built_tables()
    points = sex_worker_estimates.sex_worker_points(t)
    key = ["origin_id", "geography", "period_start", "period_end", "value"]
    figures = t["figures"][t["figures"]["indicator"] == "sex_workers"]
    external = chart_data.external_points(t["external_estimates"])
    candidates = pd.concat([figures.assign(origin="report"), external[external["indicator"].isin(
        sex_worker_estimates.SEX_WORK_INDICATORS)]], ignore_index=True)
    repeats = candidates[candidates.duplicated(key, keep=False) & candidates["origin_id"].notna()]
    assert not repeats.empty, "the register holds repeats of one study (18,256; the 1992 20,000)"
    marks = sex_worker_estimates.one_mark_per_origin(candidates)
    assert not marks[marks["origin_id"].notna()].duplicated(key).any()
    for _, group in repeats.groupby(key):
        kept = marks.merge(group[key].head(1), on=key)
        assert len(kept) == 1 and kept["origin"].iloc[0] == "report"
        for account in group["citation"].dropna():
            assert account in kept["citation"].iloc[0]
    assert set(points["figure_id"]) <= set(candidates["figure_id"]) | set(sex_worker_estimates.CHART.selects["derived"])
    assert not points[points["figure_id"].isin(repeats["figure_id"]) & (points["origin"] == "external")].shape[0]


def test_an_approximate_figure_is_never_drawn_as_a_derived_value_with_a_95_percent_interval():
    row = pd.Series({"value": 20000.0, "low": 15000.0, "high": 25000.0, "qualifier": "approximate"})
    fig, ax = plt.subplots()
    try:
        plots._draw_point(ax, 1992.5, row, "black")
        assert not ax.containers, "an error bar (the 95% interval encoding) was drawn"
        assert [line.get_marker() for line in ax.lines if line.get_marker() not in ("None", None, "")] == ["o"]
        assert all(line.get_alpha() == 0.45 for line in ax.lines)
        derived = row.copy()
        derived["qualifier"] = "derived"
        plots._draw_point(ax, 1993.5, derived, "black")
        assert len(ax.containers) == 1
    finally:
        plt.close(fig)


@pytest.mark.parametrize("chart_id", ["caveated_estimates", "share_trafficked", "sensitivity_tornado",
                                      "estimate_distributions", "enforcement_2003"])
def test_no_two_drawn_rows_share_a_label(chart_id):
    texts = [" ".join(str(v).split()) for v in built(chart_id).data["label"]]
    assert len(texts) == len(set(texts)), texts


@pytest.mark.parametrize("chart_id", ["share_trafficked", "caveated_estimates", "sensitivity_tornado",
                                      "estimate_distributions"])
def test_credits_follow_lineage_every_account_drawn_is_in_the_source_line(chart_id):
    b = built(chart_id)
    t = built_tables()
    ids = b.data.loc[b.data["origin"] == "estimate", "figure_id"]
    accounts = t["estimates"].loc[t["estimates"]["estimate_id"].isin(ids), "accounts"].dropna()
    publishers = {a.split(":")[0] for cell in accounts for a in cell.split("; ") if not a.startswith("the report")}
    assert publishers, "these charts draw estimates resting on press accounts"
    line = catalogue.source_line(b.sources)
    for publisher in publishers:
        assert publisher in line, publisher
    assert {s["publisher"] for s in b.sources} >= publishers


def test_point_labels_and_alt_text_print_the_shown_values():
    b = built("sex_worker_estimates")
    after = b.data.set_index("figure_id").loc[sex_worker_estimates.CHART.selects["derived"][0]]
    shown = after["shown"].split(" (")[0]
    assert after["note"].startswith(shown) and f"{after['value']:,.0f}" not in after["note"]
    assert shown in b.alt_text and f"{after['value']:,.0f}" not in b.alt_text
    labels = [t.get_text() for ax in b.figure.axes for t in ax.texts if t.get_gid() == "note"]
    assert any(t.startswith(shown) for t in labels)


def test_a_published_range_is_drawn_without_a_centre_even_when_a_table_gives_one():
    row = pd.Series({"value": 90000.0, "low": 80000.0, "high": 100000.0, "qualifier": "range"})
    fig, ax = plt.subplots()
    try:
        plots._draw_point(ax, 2001.5, row, "black")
        assert not ax.containers
        assert not [line for line in ax.lines if 90000.0 in list(line.get_ydata())]
        assert plots._centre(row) == 100000.0
    finally:
        plt.close(fig)


def test_people_trained_on_food_production_are_labelled_as_what_they_are():
    rows = prevention_people_reached.people_reached(built_tables())
    food = rows[rows["figure_id"].str.contains("food")]
    assert len(food) == 1 and "food production" in food["label"].iloc[0]
    texts = [t.get_text() for ax in built("prevention_people_reached").figure.axes for t in ax.texts]
    assert any("food production" in t for t in texts)


def test_the_double_count_caveat_stands_beside_the_second_257():
    b = built("enforcement_2003")
    counts = b.data[b.data["panel"] == "count"].set_index("figure_id")
    assert counts.loc["reports_received_2003", "value"] == counts.loc["suspected_cases_2003", "value"]
    assert "same number as suspected cases" in counts.loc["reports_received_2003", "note"]
    assert counts.loc["suspected_cases_2003", "note"] == ""
    texts = [t.get_text() for t in b.figure.axes[0].texts]
    assert any(t.startswith(" 257  (the same number as suspected cases") for t in texts)


def test_a_release_figure_derived_by_addition_is_derived_on_the_chart_too():
    """296 victims (2017) is 85 + 211 as the article prints them: derived in the external table, so derived
    (not a stated value) in the enforcement series and its CSV."""
    from csecstats import built_tables
    tables = built_tables()
    ext = tables["external_enforcement"].set_index("external_id")
    frame = enforcement_series.enforcement_series(tables).set_index("figure_id")
    derived = set(ext.index[ext["qualifier"] == "derived"])
    assert derived and derived <= set(frame.index)
    assert (frame.loc[sorted(derived), "qualifier"] == "derived").all()
    stated = set(frame.index) & set(ext.index[ext["qualifier"] == "exact"])
    assert not (frame.loc[sorted(stated), "qualifier"] == "derived").any()


def test_a_crowded_log_axis_is_thinned_along_its_log_scale():
    """Thinning a log axis keeps log-spaced ticks (1-2-5, then 1-3, then powers of ten) with at least four in
    view and plain-number labels; evenly spaced values (25, 50, 75, 100) bunch at the top of a log axis."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import LogLocator
    from csecstats.charts.style import thin_log_ticks
    fig, ax = plt.subplots()
    ax.set_yscale("log")
    ax.set_ylim(0.5, 150)
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    assert thin_log_ticks(ax.yaxis)
    shown = [v for v in ax.yaxis.get_majorticklocs() if 0.5 <= v <= 150]
    assert shown == pytest.approx([1, 3, 10, 30, 100])
    assert [ax.yaxis.get_major_formatter()(v, 0) for v in shown] == ["1", "3", "10", "30", "100"]
    assert not thin_log_ticks(ax.yaxis)  # powers of ten alone would show three: the 1-3 ticks stay
    assert [v for v in ax.yaxis.get_majorticklocs() if 0.5 <= v <= 150] == pytest.approx([1, 3, 10, 30, 100])
    plt.close(fig)


def _chart_modules():
    """Every module of ``csecstats.charts``, imported."""
    import importlib
    import pkgutil

    import csecstats.charts as package
    return [importlib.import_module(f"{package.__name__}.{m.name}") for m in pkgutil.iter_modules(package.__path__)]


def test_every_chart_is_one_module_holding_its_data_drawing_and_description():
    from csecstats.charts.chart import Chart
    modules = _chart_modules()
    for chart_id, chart in catalogue.CHARTS.items():
        declaring = [m.__name__ for m in modules if vars(m).get("CHART") is chart]
        assert len(declaring) == 1, f"{chart_id} is declared by {declaring}, expected one module"
        held = {role: f.__module__ for role, f in (("data", chart.data), ("draw", chart.draw),
                                                    ("describe", chart.describe))}
        assert held == dict.fromkeys(held, declaring[0]), f"{chart_id}: {held}"
    declared = {vars(m)["CHART"].chart_id for m in modules if isinstance(vars(m).get("CHART"), Chart)}
    assert declared == set(catalogue.CHARTS), "a module declares a CHART the registry does not list"


def test_every_id_a_chart_selects_is_a_row_of_the_tables_typed_once_in_its_module():
    import inspect
    t = built_tables()
    known = set(t["figures"]["figure_id"]) | set(t["estimates"]["estimate_id"])
    shared = [inspect.getsource(m) for m in (catalogue, chart_data, describe)]
    selected = 0
    for chart in catalogue.CHARTS.values():
        source = inspect.getsource(inspect.getmodule(chart.data))
        for role, ids in chart.selects.items():
            for figure_id in ids:
                selected += 1
                assert figure_id in known, f"{chart.chart_id}: selects['{role}']: {figure_id} is no row of the tables"
                assert source.count(f'"{figure_id}"') == 1, f"{chart.chart_id}: {figure_id} typed more than once"
                assert not any(figure_id in text for text in shared), f"{figure_id} typed outside its chart"
    assert selected >= 13  # sex-worker estimates 2, share trafficked 3, enforcement 2003 8


def test_a_chart_reads_the_ids_it_draws_from_its_declaration():
    """Declaring another id in ``selects`` changes what the chart draws: the selection reads the declaration."""
    import dataclasses
    from csecstats.charts import enforcement_2003
    t = built_tables()
    before = enforcement_2003.enforcement_2003(t)
    declared = enforcement_2003.CHART
    fewer = dict(declared.selects, counts=declared.selects["counts"][:2])
    enforcement_2003.CHART = dataclasses.replace(declared, selects=fewer)
    try:
        after = enforcement_2003.enforcement_2003(t)
    finally:
        enforcement_2003.CHART = declared
    assert list(after.loc[after["panel"] == "count", "figure_id"]) == list(declared.selects["counts"][:2])
    assert len(before[before["panel"] == "count"]) == len(declared.selects["counts"])


@pytest.mark.bytes
def test_charts_drawn_at_once_in_processes_of_their_own_are_the_committed_bytes():
    """``csecstats charts`` draws one chart per core, each in a fresh process: the same files, in the same order."""
    chart_ids = ["share_trafficked", "enforcement_2003"]  # two quick ones; the manifest lists these two only
    apart = export.render_all(chart_ids, workers=2)
    assert [json.loads(apart["manifest.json"])["charts"][i]["chart_id"] for i in (0, 1)] == chart_ids
    names = [n for n in apart if n != "manifest.json"]
    assert names == [n for n in chart_drawings.rendered() if n.split(".")[0] in chart_ids]  # the serial order
    assert len(names) == 14
    differ = [n for n in names if apart[n] != (paths.FIGURES / n).read_bytes()]
    assert not differ, differ


def test_the_charts_command_draws_one_chart_per_core_unless_told(monkeypatch, tmp_path):
    """README: ``csecstats charts`` exports one chart per core; ``--workers N`` sets how many."""
    import os

    from csecstats import cli
    asked = []
    monkeypatch.setattr(export, "export", lambda out, workers=1: asked.append(workers) or [])
    assert cli.main(["charts", "--out", str(tmp_path)]) == 0
    assert cli.main(["charts", "--out", str(tmp_path), "--workers", "3"]) == 0
    assert asked == [os.cpu_count() or 1, 3]


def test_a_chart_prepared_once_is_drawn_at_each_size_as_without_it():
    t = built_tables()
    prepared = catalogue.prepare("prevention_materials", t)
    fields = ("caveats", "sources", "alt_text", "title", "subtitle", "key", "priorities", "dropped", "rows")
    for size in ("report", "slide"):
        shared = catalogue.build("prevention_materials", t, size=size, prepared=prepared)
        own = catalogue.build("prevention_materials", t, size=size)
        assert shared.data.equals(own.data)
        assert [getattr(shared, f) for f in fields] == [getattr(own, f) for f in fields]
        assert shared.figure.get_size_inches().tolist() == own.figure.get_size_inches().tolist()
        plt.close(shared.figure)
        plt.close(own.figure)


def test_each_chart_names_the_data_labels_it_left_off_in_its_json_and_readme(rendered):
    """A label with no free spot by its point is left off the image (``charts.labels``); the chart's JSON and
    README name it, for each size, so a reader of the image alone learns where to find it (its CSV row)."""
    drawn, left = chart_drawings.drawn(), []
    for chart_id in catalogue.CHARTS:
        meta = json.loads(rendered[f"{chart_id}.json"])
        assert meta["labels_left_off"] == {size: list(drawn[chart_id, size].dropped) for size in chart_drawings.SIZES}
        readme = rendered[f"{chart_id}.README.txt"].decode("utf-8")
        named = readme.partition("Data labels left off the image")[2]
        assert all(f"{size}: " in named and all(t in named for t in texts)
                   for size, texts in meta["labels_left_off"].items() if texts)
        assert bool(named) == any(meta["labels_left_off"].values())
        left += [t for texts in meta["labels_left_off"].values() for t in texts]
    assert left  # today the TIP slide's crowded victims panel leaves two off: the README branch is read
