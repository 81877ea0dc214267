"""A caveat speaks of its own figure: a caveat list moved onto another figure is refused when what it says of the
date, the bound, the printed words or the report's warning is not so of that figure. Tried on every real figure
with every real caveat of each kind."""
from __future__ import annotations

import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats.register.caveat_words import INDICATIVE, QUOTED, caveat_problems, figure_caveat_problems, warned_sections
from csecstats.register.figures import read_all
from real_inputs import project_copy, refused, replace_once


@functools.lru_cache(maxsize=1)
def register():
    return read_all()


@functools.lru_cache(maxsize=1)
def warned() -> frozenset[str]:
    return warned_sections(register().report)


def figures() -> list[dict]:
    return register().figures


def caveats_where(test) -> list[dict]:
    """Every distinct real caveat whose text passes ``test``."""
    return list({c["text"]: c for f in figures() for c in f["caveats"] if test(c["text"])}.values())


def problems_with(figure: dict, caveats: list[dict]) -> list[str]:
    """The caveat rule's problems for the register with ``figure`` given ``caveats``, as text."""
    return [str(p) for p in figure_caveat_problems(register(), dict(figure, caveats=caveats), warned())]


def test_every_real_figure_passes_and_the_kinds_are_all_present():
    assert caveat_problems(register()) == []
    assert len(caveats_where(lambda t: t.startswith(("No date is given", "Undated")))) >= 8
    assert len(caveats_where(lambda t: "inferred" in t or "taken from" in t)) >= 8
    assert len(caveats_where(QUOTED.search)) >= 20


def test_a_no_date_caveat_on_a_dated_figure_is_refused():
    undated = caveats_where(lambda t: t.startswith(("No date is given", "Undated")))
    dated = [f for f in figures() if f["period_basis"] != "none"]
    assert len(dated) >= 30
    for figure in dated:
        for caveat in undated:
            found = problems_with(figure, [*figure["caveats"], caveat])
            assert any(f"{figure['figure_id']}: caveats[{len(figure['caveats']) + 1}].text: " in p
                       and f"says no date is given, but period_basis is {figure['period_basis']}" in p
                       for p in found), (figure["figure_id"], caveat["text"])


def test_an_inferred_date_caveat_on_a_figure_whose_date_is_not_inferred_is_refused():
    inferred = caveats_where(lambda t: ("inferred" in t or "taken from" in t)
                             and any(w in t.casefold() for w in ("period", "year", "date")))
    others = [f for f in figures() if f["period_basis"] != "inferred"]
    for figure in others:
        for caveat in inferred:
            assert any("says the date was inferred" in p for p in problems_with(figure, [caveat])), (
                figure["figure_id"], caveat["text"])


def test_a_bound_or_magnitude_caveat_on_a_plain_number_is_refused():
    bound = caveats_where(lambda t: t.startswith(("A lower bound", "An order of magnitude")))
    assert len(bound) == 3
    plain = [f for f in figures() if f["qualifier"] == "exact"]
    for figure in plain:
        for caveat in bound:
            assert any(f"its phrase {figure['phrase']!r}" in p for p in problems_with(figure, [caveat]))


def test_the_reports_warning_belongs_to_the_section_that_gives_it():
    warned = [f for f in figures() if f["section"] == "I"]
    assert len(warned) == 12
    for figure in warned:  # the warning dropped
        kept = [c for c in figure["caveats"] if INDICATIVE not in c["text"]]
        assert any(f"{figure['figure_id']}: caveats: lacks the report's warning" in p
                   for p in problems_with(figure, kept))
    warning = caveats_where(lambda t: INDICATIVE in t)
    for figure in (f for f in figures() if f["section"] != "I"):  # the warning added elsewhere
        assert any(f"{figure['figure_id']}: caveats: carries the report's warning" in p
                   for p in problems_with(figure, [*figure["caveats"], *warning]))


@settings(max_examples=80, deadline=None, derandomize=True)
@given(data=st.data())
def test_a_caveat_quoting_words_its_figure_never_prints_is_refused(data):
    """A caveat quoting words printed neither in the target figure's quote, its paragraph, nor a section the
    caveat names, is refused, naming the words."""
    quoting = caveats_where(lambda t: bool(QUOTED.search(t)) and "read as" not in t and "section" not in t)
    caveat = data.draw(st.sampled_from(quoting), label="caveat")
    figure = data.draw(st.sampled_from(figures()), label="figure")
    report = register().report
    printed = " ".join(" ".join([figure["quote"], *(p.text for p in report.find_quotes(figure["quote"]))]).split())
    printed = printed.casefold()
    unprinted = [w for w in QUOTED.findall(caveat["text"]) if " ".join(w.strip(".\u2026 ").split()).casefold()
                 not in printed]
    found = problems_with(figure, [caveat])
    if unprinted:
        assert any("quotes '" in p and unprinted[0][:20] in p for p in found), (figure["figure_id"], caveat, found)
    else:
        assert not any("quotes '" in p for p in found)


def test_whole_caveat_lists_moved_onto_other_figures_are_mostly_refused():
    """Real figures given other figures' caveat lists (the liar's move; every third pair of the 4,682): at least
    two in three are refused. Most of the rest move a caveat true of both ('No date is given.' between two undated
    figures) or one whose claim no rule reads ('Number of ministries, not of task-force members.')."""
    moves = [(f, g) for f in figures() for g in figures() if f is not g and f["caveats"] != g["caveats"]][::3]
    refused = sum(1 for f, g in moves if problems_with(f, g["caveats"]))
    assert len(moves) >= 1500
    assert refused / len(moves) >= 0.66, (refused, len(moves))


def test_the_build_refuses_a_moved_caveat_and_writes_nothing(tmp_path, capsys):
    figure, lie = "sex_workers_phnom_penh_1997", "Period taken from the previous sentence (January-December 2003)."
    root = project_copy(tmp_path)
    path = root / "data/raw/figures.yml"
    anchor = f"  - id: {figure}\n"
    text = path.read_text(encoding="utf-8")
    caveats = text[text.index(anchor):].index("    caveats:\n") + text.index(anchor) + len("    caveats:\n")
    replace_once(path, text[text.index(anchor):caveats], text[text.index(anchor):caveats]
                 + f'      - {{priority: qualifies, text: "{lie}"}}\n')
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert f"{path}: {figure}: caveats[1].text: " in err


def test_a_footnote_caveat_on_a_figure_away_from_that_footnote_is_refused():
    naming = caveats_where(lambda t: t.startswith("Footnote "))
    assert len(naming) >= 3
    report, tried = register().report, 0
    for figure in figures():
        beside = {figure["footnote"], *(n for p in report.find_quotes(figure["quote"]) for n in p.footnotes)}
        for caveat in naming:
            number = int(caveat["text"].split()[1])
            found = problems_with(figure, [caveat])
            named = any(f"names footnote {number}, which the figure neither cites nor sits beside" in p for p in found)
            assert named == (number not in beside), (figure["figure_id"], caveat["text"])
            tried += number not in beside
    assert tried >= 150


def test_a_share_caveat_on_a_count_is_refused():
    share = caveats_where(lambda t: t.startswith(("Share of", "A share of")))
    assert len(share) >= 3
    for figure in (f for f in figures() if f["kind"] != "share"):
        for caveat in share:
            assert any(f"but the figure is a {figure['kind']}, not a share" in p for p in problems_with(figure, [caveat]))


# Read by eye: the caveat of each figure whose period is inferred that says from what it was read.
SAYS_FROM_WHAT = {
    "untac_staff_cambodia_1992_1993": "Period inferred from UNTAC's deployment",
    "sex_workers_change_phnom_penh_after_untac": "Year inferred from UNTAC's departure",
    "sex_workers_cambodia_2003": "the year is taken from the cited study's date",
    "share_khmer_sex_workers_cambodia_2003": "the year is taken from the cited study's date",
    "share_vietnamese_sex_workers_cambodia_2003": "the year is taken from the cited study's date",
    "share_trafficked_sex_workers_cambodia_2003": "Year taken from the cited study's date",
    "five_year_plan_main_programmes": "Period is the year the plan was adopted",
    "next_npa_duration": "the term 2005-2009 is inferred from the new NPA",
    "national_children_forum_representatives_2004": "Period is the National Children Forum",
    "cosecam_ecpat_npa_review_conference_participations_2004": "Period read from the previous sentence",
    "mowa_prevention_project_components": "Period is the first phase's launch year",
    "mowa_information_campaign_components": "Period is the project's start year",
    "migrant_workers_sent_abroad_since_1998": "the end of the period is taken as the report's writing",
    "cosecam_tour_campaign_participants_2004": "Period taken from the previous sentence",
    "perpetrators_arrested_2003": "Period taken from the previous sentence",
    "victims_rescued_2003": "Period taken from the previous sentence",
    "crc_tot_lawyers_trained_2004": "Period taken from the previous sentence"}


# Read by eye: stated periods whose caveats say what they are too ('Period is the document's issue date').
SAYS_WHAT_ITS_PERIOD_IS = {"cambodia_fit_for_children_priorities", "mowa_prevention_project_duration",
                           "mowa_information_campaign_duration"}


def test_an_inferred_period_whose_caveats_say_from_what_loses_them_is_refused():
    """Every figure of an inferred period, given every other figure's caveat list: refused with 'no caveat says
    from what' exactly when that list says nothing of where a period is read from (the lists of the inferred
    figures, and of three stated ones saying what their period is); every inferred figure's own caveats say it."""
    inferred = [f for f in figures() if f["period_basis"] == "inferred"]
    assert {f["figure_id"] for f in inferred} == set(SAYS_FROM_WHAT)
    assert all(any(SAYS_FROM_WHAT[f["figure_id"]] in c["text"] for c in f["caveats"]) for f in inferred)
    tried = 0
    for figure in inferred:
        for other in figures():
            found = [p for p in problems_with(figure, other["caveats"]) if "no caveat says from what" in p]
            says = other["figure_id"] in SAYS_FROM_WHAT or other["figure_id"] in SAYS_WHAT_ITS_PERIOD_IS
            assert bool(found) == (not says), (figure["figure_id"], other["figure_id"])
            tried += bool(found)
    assert tried >= 500


def test_the_build_refuses_an_inferred_period_whose_caveats_are_dropped(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/raw/figures.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: mowa_prevention_project_components\n")
    block = text[start:text.index("\n  - id:", start + 5)]
    caveats = block[block.index("    caveats:\n"):]
    replace_once(path, block, block.replace(caveats, "    caveats: []\n"))
    err = refused(root, tmp_path / "out", capsys)
    assert f"{path}: mowa_prevention_project_components: caveats: its period is inferred, but no caveat says from " \
           "what" in err


def test_a_vague_phrase_given_any_caveat_list_without_its_magnitude_reading_is_refused():
    """Every figure read from a phrase such as 'hundreds of', given every figure's caveat list: refused with 'no
    caveat says so' exactly when the list has no "An order of magnitude" caveat (the vague figures' own do)."""
    vague = [f for f in figures() if any(w in f["phrase"] for w in ("dozens of", "hundreds of", "thousands of"))]
    assert len(vague) >= 2
    tried = 0
    for figure in vague:
        for other in figures():
            found = [p for p in problems_with(figure, other["caveats"]) if "order of magnitude, but no caveat" in p]
            says = any(c["text"].startswith("An order of magnitude") for c in other["caveats"])
            assert bool(found) == (not says), (figure["figure_id"], other["figure_id"])
            tried += bool(found)
    assert tried >= 100


def test_the_build_refuses_thousands_of_staff_whose_magnitude_caveat_is_dropped(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/raw/figures.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: untac_staff_cambodia_1992_1993\n")
    block = text[start:text.index("\n  - id:", start + 5)]
    replace_once(path, block, block.replace('      - {priority: reading, text: "An order of magnitude, not a count."}\n',
                                            ""))
    err = refused(root, tmp_path / "out", capsys)
    assert f"{path}: untac_staff_cambodia_1992_1993: caveats: its phrase 'thousands of' gives an order of " \
           "magnitude" in err, err


def test_a_caveat_calling_the_value_a_year_or_a_count_not_a_year_goes_with_the_figures_unit():
    """Every figure given each real caveat saying its value is a calendar year, or a count printed like a year ('a
    count, not a year'): refused exactly when the figure's unit says otherwise (the ILO phase's end year's caveats
    moved onto Wathnakpheap's 1903 people trained)."""
    year = caveats_where(lambda t: "value is a calendar year" in t)
    count = caveats_where(lambda t: "not a year" in t)
    assert len(year) == len(count) == 1
    refused_count = 0
    for figure in figures():
        for caveat, is_year in ((year[0], True), (count[0], False)):
            found = [p for p in problems_with(figure, [caveat]) if "but the figure's unit is" in p]
            assert bool(found) == ((figure["unit"] == "calendar_year") != is_year), (figure["figure_id"], is_year)
            refused_count += bool(found)
    assert refused_count == len(figures())


def test_the_build_refuses_people_trained_whose_caveat_calls_them_a_calendar_year(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data/raw/figures.yml"
    replace_once(path, "Printed without a thousands separator ('1903'); a count, not a year.",
                 "The value is a calendar year (a planned end), not a count.")
    err = refused(root, tmp_path / "out", capsys)  # exit 2, nothing written
    assert (f"{path}: wathnakpheap_people_trained_food_production: caveats[3].text: 'The value is a calendar year (a "
            "planned end), not ...', but the figure's unit is persons") in err


def _printed_months(figure: dict) -> set[tuple[str, str]]:
    """(month's first three letters, year) of every month-and-year the figure's quote or paragraph prints, read
    here by splitting words, not by the rule's pattern."""
    report = register().report
    words = " ".join([figure["quote"], *(p.text for p in report.find_quotes(figure["quote"]))]).replace("-", " ").split()
    clean = [w.strip(".,;:()'").casefold() for w in words]
    months = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    return {(w[:3], y) for i, w in enumerate(clean) for y in clean[i + 1:i + 3]
            if w[:3] in months and w.isalpha() and y.isdigit() and len(y) == 4}


def test_every_caveat_printing_a_month_not_saying_how_a_date_was_inferred_is_refused_on_any_figure_not_printing_it():
    dated = caveats_where(lambda t: "2002" in t or "2004" in t)
    monthly = [c for c in dated if c["text"].startswith("No date is given") and any(
        m.title() in c["text"] for m in ("august", "may", "october"))]
    assert len(monthly) >= 3  # 'the related training workshop was in August 2002', 'created on 13 May 2002', ...
    tried = refused_count = 0
    for figure in figures()[::2]:
        if figure["period_basis"] != "none":
            continue  # the caveats tried here say no date is given: only an undated figure may carry them
        for caveat in monthly:
            month = next(m for m in ("August 2002", "May 2002", "October 2004") if m in caveat["text"])
            found = [p for p in problems_with(figure, [caveat]) if f"prints {month}, which neither" in p]
            printed = (month[:3].casefold(), month[-4:]) in _printed_months(figure)
            assert bool(found) == (not printed), (figure["figure_id"], caveat["text"], found)
            tried += 1
            refused_count += bool(found)
    assert tried >= 20 and refused_count >= 15


def test_a_caveat_saying_how_a_date_was_inferred_may_name_a_month_the_report_does_not():
    untac = next(f for f in figures() if f["figure_id"] == "untac_staff_cambodia_1992_1993")
    assert any("September 1993" in c["text"] for c in untac["caveats"])
    assert problems_with(untac, untac["caveats"]) == []


def test_the_build_refuses_the_commit_task_force_given_the_workshops_caveat(tmp_path, capsys):
    root = project_copy(tmp_path)
    path = root / "data" / "raw" / "figures.yml"
    replace_once(path, '      - {priority: qualifies, text: "No date is given; composition presumably as at the report '
                       '(2004)."}\n      - {priority: reading, text: "Number of ministries, not of task-force members."}',
                 '      - {priority: qualifies, text: "No date is given; the related training workshop was in August '
                 '2002."}')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{path}: commit_task_force_ministries: caveats[1].text: 'No date is given; the related training workshop "
            "wa...' prints August 2002, which neither its quote nor its paragraph prints") in err, err
