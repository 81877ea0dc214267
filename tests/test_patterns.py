"""Patterns built from the inputs' words are compiled once per process (``inputs.patterns``), whatever size another
library gives ``re``'s own cache (NumPy's f2py, imported by SciPy, sets it to 50), and answer as ``re`` does."""
from __future__ import annotations

import os
import re
import traceback

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csecstats import build
from csecstats.inputs import patterns
from real_inputs import data_outputs


def test_a_build_run_again_in_one_process_compiles_no_pattern_again(monkeypatch):
    first = data_outputs()  # built once in this process (or already, by another test)
    re.purge()  # re's own cache emptied, as another library's patterns would push the build's out of it
    compiled = []
    real = re._compiler.compile

    def spy(pattern, flags):  # a pattern the project's own code asks for (not a library's, nor a warning filter's)
        caller = next((f for f in traceback.extract_stack()[-2::-1]
                       if not f.filename.endswith(("re/__init__.py", "re/_compiler.py", "warnings.py"))), None)
        if caller is not None and f"{os.sep}csecstats{os.sep}" in caller.filename:
            compiled.append(pattern)
        return real(pattern, flags)
    monkeypatch.setattr(re._compiler, "compile", spy)
    assert build.data_outputs() == first
    assert compiled == [], f"{len(compiled)} patterns compiled again, e.g. {compiled[:3]}"


def test_one_pattern_is_compiled_once():
    text = r"(?<![\d,.])2,?750(?![\d]|[.,]\d)"
    assert patterns.compiled(text) is patterns.compiled(text)
    assert patterns.compiled(text, re.IGNORECASE) is not patterns.compiled(text)
    assert patterns.compiled.cache_info().maxsize == patterns.CACHED


NUMBERS = st.integers(min_value=0, max_value=99_999)
WORDS = st.sampled_from(["the", "children", "Phnom Penh", "NGO", "of", "1,074", "2750", "2,750", ".", ",", "-"])


@given(value=NUMBERS, parts=st.lists(st.one_of(WORDS, NUMBERS.map(str), NUMBERS.map("{:,}".format)), max_size=8),
       ignore=st.booleans())
@pytest.mark.parametrize("name", ["search", "match", "fullmatch", "findall", "split"])
def test_each_function_answers_as_re_does(name, value, parts, ignore):
    text = rf"(?<![\d,.]){value:,}(?![\d]|[.,]\d)".replace(",", ",?") + "|children"
    string = " ".join(parts)
    flags = re.IGNORECASE if ignore else 0
    ours, theirs = getattr(patterns, name)(text, string, flags=flags), getattr(re, name)(text, string, flags=flags)
    same = (lambda m: m and (m.span(), m.group())) if name in ("search", "match", "fullmatch") else (lambda x: x)
    assert same(ours) == same(theirs)
    spans = [m.span() for m in patterns.finditer(text, string, flags)]
    assert spans == [m.span() for m in re.finditer(text, string, flags)]
    assert patterns.sub(text, "N", string, flags=flags) == re.sub(text, "N", string, flags=flags)
