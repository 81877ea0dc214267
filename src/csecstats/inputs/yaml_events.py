"""A YAML document built in one pass over a PyYAML parser's events, within the reader's limits.

``inputs.reading`` parses every YAML input by counting its events first (nesting, values, alias expansion)
and then parsing the text again, composing nodes and walking them with its loader's constructors. For a
well-formed document, ``built`` makes the same objects from the events the limits are counted from: plain
values resolved and converted by the loader's own resolver and constructors, ``<<: *name`` copying
the keys of one mapping with the keys written beside it replacing them, an alias standing for what its anchor
built. Anything else (a value the rules refuse, a repeated key or anchor, an explicit tag on a collection,
an alias or collection as a key, several documents, a limit reached, a YAML error) gives ``UNUSUAL``: the
full reading then names the problem, as it always has.
"""
from __future__ import annotations

from typing import Any

from yaml import events, nodes

from .errors import brief
from yaml.resolver import BaseResolver

UNUSUAL = object()  # what ``built`` gives for anything but a well-formed document within the limits
_SEQ, _MAP = BaseResolver.DEFAULT_SEQUENCE_TAG, BaseResolver.DEFAULT_MAPPING_TAG
_KEY, _MERGE = object(), object()  # a mapping awaiting a key; a merge key awaiting its mapping


class Unusual(Exception):
    """Raised for anything the full reading must name."""


def built(loader, *, max_depth: int, max_nodes: int, max_alias_nodes: int) -> Any:
    """The document of ``loader``'s events, or ``UNUSUAL``.

    Parameters
    ----------
    loader : yaml loader
        A PyYAML loader over the text, whose ``resolve`` and scalar constructors read each scalar; not disposed here.
    max_depth, max_nodes, max_alias_nodes : int
        The reader's limits, counted as its event checks count them.

    Returns
    -------
    object
        The document (None for an empty stream), or ``UNUSUAL``.
    """
    builder = _Builder(loader, max_depth, max_nodes, max_alias_nodes)
    try:
        while loader.check_event():
            builder.take(loader.get_event())
    except Exception:  # noqa: BLE001  # every failure, a YAML error too, is the full reading's to name
        return UNUSUAL
    return builder.result


def shape_problem(loader, *, max_depth: int, max_nodes: int, max_alias_nodes: int) -> str | None:
    """Nesting deeper than ``max_depth``, a recursive alias, more than ``max_nodes`` values or aliases expanding to
    more than ``max_alias_nodes`` extra nodes, found from ``loader``'s events alone (None when there is none).

    Parameters
    ----------
    loader : yaml loader
        A PyYAML loader over the text; not disposed here.
    max_depth, max_nodes, max_alias_nodes : int

    Returns
    -------
    str or None
    """
    stack: list[list] = [[None, 0]]  # [anchor, expanded size] of each open collection
    sizes: dict[str, int] = {}
    distinct = 0
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, events.CollectionStartEvent):
            if len(stack) > max_depth:
                return f"nesting deeper than {max_depth} levels at line {event.start_mark.line + 1}"
            stack.append([event.anchor, 1])
            distinct += 1
        elif isinstance(event, events.AliasEvent):
            if any(frame[0] == event.anchor for frame in stack):
                return f"recursive alias *{brief(event.anchor, 40)} at line {event.start_mark.line + 1}"
            stack[-1][1] += sizes.get(event.anchor, 1)
        elif isinstance(event, (events.ScalarEvent, events.CollectionEndEvent)):
            anchor, size = (event.anchor, 1) if isinstance(event, events.ScalarEvent) else stack.pop()
            distinct += isinstance(event, events.ScalarEvent)
            if anchor is not None:
                sizes[anchor] = size
            stack[-1][1] += size
        if distinct > max_nodes:
            return f"more than {max_nodes} values (line {event.start_mark.line + 1}); no input needs that many"
        if stack[0][1] - distinct > max_alias_nodes:
            return (f"aliases expand to more than {max_alias_nodes} extra nodes (line "
                    f"{event.start_mark.line + 1}); write the values out instead")
    return None


class _Builder:
    """The objects of one document, built event by event, with the counts of the reader's event checks."""

    def __init__(self, loader, max_depth: int, max_nodes: int, max_alias_nodes: int):
        self.loader, self.resolve, self.constructors = loader, loader.resolve, loader.yaml_constructors
        self.made: dict[tuple, Any] = {}  # (tag, text, implicit, style) of a scalar -> the value made of it
        self.limits = (max_depth, max_nodes, max_alias_nodes)
        self.shape: list[list] = [[None, 0]]  # [anchor, expanded size] of each open collection
        self.sizes: dict[str, int] = {}
        self.distinct = self.documents = 0
        self.anchors: dict[str, Any] = {}
        # each open collection: [list or written keys, anchor, merged keys, keys seen, key awaiting a value]
        self.open: list[list] = []
        self.result = None
        self.steps = {events.ScalarEvent: self.scalar_event, events.AliasEvent: self.alias,
                      events.SequenceStartEvent: self.start, events.MappingStartEvent: self.start,
                      events.SequenceEndEvent: self.end, events.MappingEndEvent: self.end,
                      events.DocumentStartEvent: self.document}

    def scalar(self, event) -> Any:
        """What the loader makes of a scalar event: its tag resolved as the composer resolves it, then the value
        the constructor of that tag makes (its refusal raises); once per tag, text, implicitness and style, as
        field names and vocabulary repeat throughout an input."""
        key = (event.tag, event.value, event.implicit, event.style)
        found = self.made.get(key, _KEY)
        if found is _KEY:
            tag = event.tag
            if tag is None or tag == "!":
                tag = self.resolve(nodes.ScalarNode, event.value, event.implicit)
            if tag in (_SEQ, _MAP) or tag not in self.constructors:
                raise Unusual
            found = self.made[key] = self.constructors[tag](self.loader, nodes.ScalarNode(tag, event.value,
                                                                                          style=event.style))
        return found

    def take(self, event) -> None:
        step = self.steps.get(type(event))
        if step is not None:
            step(event)

    def document(self, event) -> None:
        self.documents += 1
        if self.documents > 1:
            raise Unusual

    def scalar_event(self, event) -> None:
        self.distinct += 1
        if event.anchor is not None:
            self.sizes[event.anchor] = 1
        self.shape[-1][1] += 1
        if self.open and self.open[-1][4] is _KEY:
            self.key(self.open[-1], event)
        else:
            self.add(self.scalar(event), event.anchor)

    def key(self, frame: list, event) -> None:
        """A mapping's key: text or a whole number, once; a plain ``<<`` merges the mapping that follows."""
        if event.value == "<<" and not event.style:
            if event.anchor is not None:
                raise Unusual
            key, seen = _MERGE, "<<"
        else:
            key = seen = self.scalar(event)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise Unusual
        if seen in frame[3]:
            raise Unusual
        frame[3][seen], frame[4] = None, key
        if event.anchor is not None:
            self.anchor(event.anchor, key)

    def alias(self, event) -> None:
        if any(frame[0] == event.anchor for frame in self.shape) or event.anchor not in self.anchors:
            raise Unusual  # recursive, or undefined
        self.shape[-1][1] += self.sizes.get(event.anchor, 1)
        if self.open and self.open[-1][4] is _KEY:
            raise Unusual  # an alias as a key
        self.add(self.anchors[event.anchor], None)

    def start(self, event) -> None:
        if len(self.shape) > self.limits[0]:
            raise Unusual
        self.shape.append([event.anchor, 1])
        self.distinct += 1
        mapping = type(event) is events.MappingStartEvent
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(nodes.MappingNode if mapping else nodes.SequenceNode, None, event.implicit)
        if tag != (_MAP if mapping else _SEQ) or (self.open and self.open[-1][4] is _KEY):
            raise Unusual  # an explicit tag, or a collection as a key
        self.open.append([{} if mapping else [], event.anchor, None, {}, _KEY if mapping else None])

    def end(self, event) -> None:
        anchor, size = self.shape.pop()
        if anchor is not None:
            self.sizes[anchor] = size
        self.shape[-1][1] += size
        written, anchor, merged, _, waiting = self.open.pop()
        if waiting is not _KEY and waiting is not None:
            raise Unusual
        self.add({**merged, **written} if merged else written, anchor)

    def anchor(self, name: str, value: Any) -> None:
        if name in self.anchors:
            raise Unusual  # a repeated anchor
        self.anchors[name] = value

    def add(self, value: Any, anchor: str | None) -> None:
        """A finished value: checked against the limits, anchored, and put where it belongs."""
        _, max_nodes, max_alias_nodes = self.limits
        if self.distinct > max_nodes or self.shape[0][1] - self.distinct > max_alias_nodes:
            raise Unusual
        if anchor is not None:
            self.anchor(anchor, value)
        if not self.open:
            self.result = value
            return
        frame = self.open[-1]
        if frame[4] is None:
            frame[0].append(value)
        elif frame[4] is _MERGE:
            if not isinstance(value, dict):
                raise Unusual
            frame[2], frame[4] = dict(value), _KEY
        else:
            frame[0][frame[4]], frame[4] = value, _KEY
