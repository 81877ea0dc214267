"""The audit's offset-keeping normalisation (``register.tokens._normalise_mapped``, whole-array selections) gives
what a character-by-character reading gives: the stream ``reader.normalise`` gives, each character at its offset,
each space at the offset where its whitespace began."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from csecstats.register import tokens
from csecstats.source.reader import normalise


def _one_by_one(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """The reference: markers dropped, then each word's characters and the offset after it, one at a time."""
    drop = sorted({m.start(1) for m in re.finditer(r"N(\^)o\b", text)}
                  | {i for m in tokens._MARKS_RE.finditer(text) for i in range(*m.span())})
    kept, kept_offsets, start = [], [], 0
    for i in [*drop, len(text)]:
        kept.append(text[start:i])
        kept_offsets += offsets[start:i]
        start = i + 1
    kept_text, words, out, after = "".join(kept), [], [], 0
    for m in re.finditer(r"\S+", kept_text):
        if words:
            out.append(kept_offsets[after])
        words.append(m.group())
        out += kept_offsets[m.start():m.end()]
        after = m.end()
    return " ".join(words), out


TEXT = st.text(alphabet=st.sampled_from(list("ab N^o*{},1.\t\n\u00a0\u2003\u00b9\u00b2x")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.randoms(use_true_random=False))
def test_the_same_stream_and_offsets_as_one_character_at_a_time(text, rng):
    offsets = [rng.randint(-1, 10_000) for _ in text]
    stream, mapped = tokens._normalise_mapped(text, offsets)
    assert (stream, mapped) == _one_by_one(text, offsets)
    assert stream == normalise(text) and len(mapped) == len(stream)


def test_the_report_body_maps_every_character_to_where_the_file_has_it():
    from csecstats.source.reader import load_report

    report = load_report()
    stream, mapped = tokens.body_stream(report)
    assert len(mapped) == len(stream) > 10_000
    assert all(report.raw_text[o] == c for c, o in zip(stream, mapped) if c != " ")
