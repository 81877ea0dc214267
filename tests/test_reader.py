"""The reader: headings, page-split sentences, footnotes and markers."""
import pytest

from csecstats.inputs.fingerprint import FingerprintError
from csecstats.source.reader import load_report, markers_in, normalise, parse_report_text, read_report, strip_markers


@pytest.fixture(scope="module")
def report():
    return load_report()


def test_sections_in_order(report):
    assert report.section_ids() == ("front", "I", "I.1", "I.2", "II", "II.A", "II.B", "II.C", "II.D",
                                    "II.D.1", "II.D.2", "II.D.3", "II.D.4", "II.E", "III", "IV")


def test_footnotes_keyed_by_number(report):
    assert sorted(report.footnotes) == list(range(1, 16))
    assert report.footnotes[4] == "UNICEF, The Trafficking and Prostitution of Children in Cambodia: A Situation Report (1995)."
    assert report.footnotes[12] == "UNIAP, 2004"
    assert report.footnotes[9] == "Ibid."


def test_page_split_sentence_rejoined(report):
    para = report.find_quote("due to being under-age (meaning under age 16, as per the current Cambodian law on trafficking)")
    assert para is not None and para.section == "I"
    assert "meaning under age 16, as per" in para.text
    assert "Steinfatt" not in para.text  # the footnote block between the halves is gone
    assert para.footnotes == (5,)
    assert len(para.lines) == 2


@pytest.mark.parametrize("start, end", [
    ("in making agreements", "with several countries"),
    ("the model is being", "revised to link it more"),
    ("Wathnakpheap, WV-C", "conducted awareness raising campaigns"),
    ("In particular, there needs to", "be consistent monitoring"),
    ("the Five-Year NPA against Trafficking and the", "Commercial Sexual Exploitation of Children, has facilitated"),
    ("from where their", "families are located"),
])
def test_every_page_break_rejoined(report, start, end):
    assert report.contains(f"{start} {end}")


def test_markers_detached_from_numbers(report):
    para = report.find_quote("427 victims were rescued")
    assert "427 victims were rescued." in para.text
    assert "rescued12" not in para.text and "¹²" not in para.text
    assert para.footnotes == (12,)


def test_marker_list_and_numero():
    assert markers_in("children^{14,15}.") == (14, 15)
    assert strip_markers("children^{14,15}.") == "children."
    assert strip_markers("Sub-Decree N^o 40, 13 May") == "Sub-Decree No 40, 13 May"
    assert markers_in("Sub-Decree N^o 40") == ()
    assert markers_in("rescued¹²") == (12,)


def test_normalise_collapses_whitespace_and_emphasis():
    assert normalise("  **An orderly**\n repatriation ⁵ ") == "An orderly repatriation"


def test_paragraph_text_has_no_footnote_bodies(report):
    assert "Second Five Year Socioeconomic Development Plan" not in report.body_text
    assert "There are an estimated 88,000 Cambodian women in Thailand." in report.body_text


def test_bullets_not_joined_to_next_bullet():
    r = parse_report_text("I – BACKGROUND\n\n- 3) fight against HIV/AIDS and\n- 4) child protection.\n")
    assert [p.text for p in r.paragraphs] == ["- 3) fight against HIV/AIDS and", "- 4) child protection."]


def test_changed_report_refused(tmp_path):
    from csecstats.inputs import paths
    copy = tmp_path / paths.REPORT_FILE.name
    copy.write_bytes(paths.REPORT_FILE.read_bytes().replace(b"427 victims", b"428 victims"))
    (tmp_path / "SHA256SUMS").write_bytes((paths.RAW / "SHA256SUMS").read_bytes())
    with pytest.raises(FingerprintError, match="file changed"):
        read_report(copy)
