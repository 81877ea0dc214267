"""An origin's method text that describes a method it made numbers by ('Undercover observers counted',
'Census: every household enumerated', 'extrapolated') lists that method, unless it says none is described; and a
method it lists that such words describe is one its text describes. Tried on every origin given every real method
text and every set of those methods, and through the build."""
from __future__ import annotations

import re

from csecstats.register.source_words import TEXT_METHODS, UNDESCRIBED, origin_method_problems
from real_inputs import project, project_copy, refused, replace_once


def described(text: str) -> set[str]:
    """The methods a text describes, read plainly: a lower-cased word opening on one of the method's words."""
    words = re.findall(r"[a-z]+", text.lower())
    return {m for m, opening in TEXT_METHODS.items() if any(w.startswith(o) for w in words for o in opening)}


def test_every_origin_given_every_method_text_lists_the_methods_it_describes():
    lineage = project()[0]
    assert origin_method_problems("o.yml", lineage.origins, lineage.methods) == []
    texts = sorted({o["method"] for o in lineage.origins.values()})
    refused_here = 0
    for origin in lineage.origins.values():
        for text in texts:
            moved = {**lineage.origins, origin["id"]: dict(origin, method=text)}
            found = [p for p in origin_method_problems("o.yml", moved, lineage.methods) if " describes " in p.message]
            missing = set() if UNDESCRIBED.search(text) else described(text) - set(origin["methods"])
            assert [(p.entry, p.field) for p in found] == [(origin["id"], "method")] * len(missing), (origin["id"], text)
            refused_here += bool(missing)
    assert refused_here >= 60


def test_the_build_refuses_the_circulated_claim_given_the_observers_count(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/origins.yml", "    method: \"None described: a circulated figure ('guesstimate') the "
                 "field studies of 2002-2008 could not support.\"", "    method: \"Undercover observers counted people "
                 "in sex establishments.\"")
    err = refused(root, tmp_path / "out", capsys)
    lines = [line for line in err.splitlines() if line.strip() and "nothing was written" not in line]
    assert lines == [f"{root / 'data/raw/origins.yml'}: claim_80000_100000: method: 'Undercover observers counted "
                     "people in sex establi...' describes direct_count, but methods lists circulated_claim",
                     f"{root / 'data/raw/origins.yml'}: claim_80000_100000: methods: lists circulated_claim, but its "
                     "method text 'Undercover observers counted people in sex establi...' has none of its words "
                     "('circulat', 'guesstimat')",
                     f"{root / 'data/raw/origins.yml'}: claim_80000_100000: method: 'Undercover observers counted "
                     "people in sex establi...' speaks of nothing its title or producer names ('The 80,000-100,000 "
                     "figure presented at t...')"]


def test_every_origin_given_every_set_of_described_methods_lists_only_those_its_text_describes():
    lineage = project()[0]
    sets = [[], ["direct_count"], ["model_extrapolation"], ["direct_count", "model_extrapolation"]]
    tried = refused_here = 0
    for origin in lineage.origins.values():
        for methods in sets:
            kept = [m for m in origin["methods"] if m not in TEXT_METHODS]
            moved = {**lineage.origins, origin["id"]: dict(origin, methods=kept + methods)}
            found = [p for p in origin_method_problems("o.yml", moved, lineage.methods) if "has none of" in p.message]
            unsaid = set(methods) - described(origin["method"])
            assert [(p.entry, p.field) for p in found] == [(origin["id"], "methods")] * len(unsaid), (origin["id"], methods)
            tried += 1
            refused_here += bool(unsaid)
    assert tried == 4 * len(lineage.origins) and refused_here >= 45, refused_here


def test_the_build_refuses_the_tip_reports_said_to_count_on_site(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/origins.yml", "media reports; definitions and coverage change between years "
                 "(data/raw/breaks.yml).\"\n    methods: []", "media reports; definitions and coverage change between "
                 "years (data/raw/breaks.yml).\"\n    methods: [direct_count]")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/origins.yml'}: us_tip_reports: methods: lists direct_count, but its method text "
            "'Annual narrative compiled from government data, NG...' has none of its words ('counted', 'census', "
            "'enumerat')") in err


# --------------------------------------------------------------- the document a method text speaks of

def content(text) -> set[str]:
    plain = set("the a an of and or in to by for with as on at its it their from into is are be was were not no any all "
                "this that here held described method methods none what how year years".split())
    return {w[:6] for w in re.findall(r"[a-z]+", str(text).lower()) if w not in plain and len(w) > 2}


def test_every_origin_given_every_other_method_text_speaks_of_its_own_document():
    lineage = project()[0]
    refused_here = tried = 0
    for origin in lineage.origins.values():
        own = content(f"{origin.get('title') or ''} {origin.get('producer') or ''}")
        for other in lineage.origins.values():
            if other is origin:
                continue
            moved = {**lineage.origins, origin["id"]: dict(origin, method=other["method"])}
            found = [p for p in origin_method_problems("o.yml", moved, lineage.methods) if "speaks of nothing" in p.message]
            expected = bool(content(other["method"])) and not content(other["method"]) & own
            assert [(p.entry, p.field) for p in found] == [(origin["id"], "method")] * expected, (origin["id"], other["id"])
            tried += 1
            refused_here += expected
    assert tried == len(lineage.origins) * (len(lineage.origins) - 1) and refused_here >= 250, refused_here


def test_the_build_refuses_the_tip_reports_given_the_fact_sheets_method(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/origins.yml", "    method: \"Annual narrative compiled from government data, NGO and "
                 "media reports; definitions and coverage change between years (data/raw/breaks.yml).\"",
                 "    method: \"Not described; the fact sheet cites a footnoted source this copy does not show.\"")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/origins.yml'}: us_tip_reports: method: 'Not described; the fact sheet cites a "
            "footnoted so...' speaks of nothing its title or producer names ('Trafficking in Persons Report, "
            "Cambodia ...')") in err


def test_the_build_refuses_the_police_records_given_the_tip_reports_method(tmp_path, capsys):
    """Both print 'years' (the records' 'later years via press releases', the reports' 'change between years'):
    a word that says nothing of which document a text speaks of."""
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/origins.yml", '    method: "Administrative records of the police department: what '
                 'it recorded, not how much trafficking there was."', "    method: \"Annual narrative compiled from "
                 "government data, NGO and media reports; definitions and coverage change between years.\"")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/origins.yml'}: national_police_records: method: 'Annual narrative compiled from "
            "government data, NG...' speaks of nothing its title or producer names") in err, err


# --------------------------------------------------------------- methods a text must name to list them

def test_every_origin_given_every_method_lists_only_those_whose_words_its_text_prints():
    """``LISTED_METHODS``: a venue survey names venues, an agency's records are records or a compilation, a
    circulated claim is circulated (or described as none); every origin given each of those methods in turn."""
    from csecstats.register.source_words import LISTED_METHODS, UNDESCRIBED_METHODS
    lineage = project()[0]
    tried = refused_here = 0
    for origin in lineage.origins.values():
        for method, opening in LISTED_METHODS.items():
            moved = {**lineage.origins, origin["id"]: dict(origin, methods=[*origin["methods"], method])}
            found = [p for p in origin_method_problems("o.yml", moved, lineage.methods)
                     if "has none of" in p.message and p.message.startswith(f"lists {method},")]
            words = re.findall(r"[a-z]+", origin["method"].lower())
            said = any(w.startswith(o) for w in words for o in opening) or (
                method in UNDESCRIBED_METHODS and UNDESCRIBED.search(origin["method"]))
            assert [(p.entry, p.field) for p in found] == ([] if said else [(origin["id"], "methods")]), \
                (origin["id"], method)
            tried += 1
            refused_here += not said
    assert tried == 3 * len(lineage.origins) and refused_here >= 40, refused_here


def test_the_build_refuses_the_household_survey_said_to_be_a_survey_of_venues(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/origins.yml", "    method: \"Household survey of child domestic workers.\"\n"
                 "    methods: []", "    method: \"Household survey of child domestic workers.\"\n"
                 "    methods: [venue_survey]")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/origins.yml'}: nis_2003: methods: lists venue_survey, but its method text "
            "'Household survey of child domestic workers.' has none of its words ('venue')") in err


def test_every_origin_given_every_method_text_says_none_is_described_only_where_its_title_names_no_survey():
    lineage = project()[0]
    texts = sorted({o["method"] for o in lineage.origins.values()})
    titled = {o for o, spec in lineage.origins.items() if re.search(r"(?i)\b(survey|census)\b", spec["title"])}
    assert titled == {"steinfatt_baker_2008", "nis_2003", "cips_2004", "census_1998", "census_2008", "census_2019"}
    refused_here = 0
    for origin in lineage.origins.values():
        for text in texts:
            moved = {**lineage.origins, origin["id"]: dict(origin, method=text)}
            found = [p for p in origin_method_problems("o.yml", moved, lineage.methods) if "its title names" in p.message]
            expected = origin["id"] in titled and bool(UNDESCRIBED.search(text))
            assert [(p.entry, p.field) for p in found] == ([(origin["id"], "method")] if expected else []), (origin["id"], text)
            refused_here += expected
    assert refused_here >= 30


def test_the_build_refuses_the_child_domestic_workers_survey_said_to_describe_no_method(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/origins.yml", '    method: "Household survey of child domestic workers."',
                 '    method: "None described."')
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/origins.yml'}: nis_2003: method: 'None described.' says no method is described, but "
            "its title names one (survey)") in err, err


# --------------------------------------------------------------- an origin's own records are its method

def test_every_origin_given_every_method_text_without_compiling_lists_its_own_records():
    """``OWN_RECORDS``: an origin compiling no other whose method text speaks of records or a compilation (and does
    not say no method is described) lists an administrative count; tried on every origin given every real method
    text, with its methods as they are and emptied, compiling and not."""
    from csecstats.register.source_words import LISTED_METHODS, OWN_RECORDS
    lineage = project()[0]
    texts = sorted({o["method"] for o in lineage.origins.values()})
    opening = LISTED_METHODS["administrative_count"]
    assert OWN_RECORDS == ("administrative_count",)
    tried = refused_here = 0
    for origin in lineage.origins.values():
        for text in texts:
            for methods in (origin["methods"], []):
                for compiles in ([], ["national_police_records"]):
                    moved = {**lineage.origins,
                             origin["id"]: dict(origin, method=text, methods=methods, compiles=compiles)}
                    found = [p for p in origin_method_problems("o.yml", moved, lineage.methods)
                             if "compiles no other origin" in p.message]
                    words = re.findall(r"[a-z]+", text.lower())
                    expected = (not compiles and "administrative_count" not in methods and not UNDESCRIBED.search(text)
                                and any(w.startswith(o) for w in words for o in opening))
                    assert [(p.entry, p.field) for p in found] == ([(origin["id"], "methods")] if expected else []), \
                        (origin["id"], text, methods, compiles)
                    tried += 1
                    refused_here += expected
    assert refused_here >= 60 and tried == 4 * len(texts) * len(lineage.origins), refused_here


def test_the_build_refuses_the_report_compiled_from_ministries_given_no_method(tmp_path, capsys):
    root = project_copy(tmp_path)
    replace_once(root / "data/raw/origins.yml", "    methods: [administrative_count]\n    counted: \"Activities, plans",
                 "    methods: []\n    counted: \"Activities, plans")
    err = refused(root, tmp_path / "out", capsys)
    assert (f"{root / 'data/raw/origins.yml'}: report_2004: methods: none, but its method text 'Government progress "
            "report compiled from ministrie...' speaks of its own administrative_count (compil...) and it compiles no "
            "other origin") in err
    assert not (tmp_path / "out").exists()
