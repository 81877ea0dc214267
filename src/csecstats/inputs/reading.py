"""Reading input files safely: bounded reads and the one YAML loader.

Every input (register, sources, vocabulary, estimates, exclusions, report,
external tables, SHA256SUMS) is read through ``read_bytes``/``read_text``: the
path is ``stat``-ed first (a folder, FIFO or device is refused, never opened for
a blocking read), its size checked against a limit, then at most that many bytes
are read. Every YAML input is parsed by ``load_yaml``:

* only the types the formats document: text, whole numbers (at most 15 digits),
  decimal numbers, ``true``/``false``, ``null``, lists and mappings;
* a plain value that a YAML 1.1 reader would take as something else (``014``
  octal, ``1:30`` sexagesimal, ``yes``/``no``/``on``/``off``, an unquoted date,
  ``.inf``, ``=``, a number too long to be exact) is refused, so the
  curator quotes it and says what is meant;
* a key repeated in any mapping is refused (the last one would silently win);
* a merge key has one form only, ``<<: *name`` (one anchored mapping; keys written
  beside it replace the copied ones): it lets ``estimates.yml`` declare a shared
  assumption once. Lists of merges and merges of non-mappings are refused;
* explicit tags (``!!python/...``, ``!!binary``, ``!!timestamp``, ``!!set``) are refused;
* more than ``MAX_NODES`` values, nesting deeper than ``MAX_DEPTH``, recursive aliases and aliases that would
  expand to more than ``MAX_ALIAS_NODES`` extra nodes (billion laughs) are
  refused from the parser's events, before any alias is expanded.

A well-formed document is built in one pass over the parser's events (``inputs.yaml_events``); anything
else is read by the full reading (event checks, then the loader's constructors), which names the problem.
"""
from __future__ import annotations

import dataclasses
import hashlib
import math
import os
import re
import stat
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import yaml
from yaml import nodes

from . import patterns
from .errors import Problem, brief
from .yaml_events import UNUSUAL as _UNUSUAL
from .yaml_events import shape_problem
from .yaml_events import built as built_from_events

MAX_INPUT_BYTES = 1_000_000  # the largest real input (the report) is ~40 kB
MAX_DEPTH = 32
MAX_ALIAS_NODES = 10_000
MAX_NODES = 200_000  # the largest real input (figures.yml) has ~10,000; more is refused before building objects

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
INT_RE = re.compile(r"-?(?:0|[1-9][0-9]{0,14})")
FLOAT_RE = re.compile(r"-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?(?:[eE][-+]?[0-9]{1,3})?")
_YAML11 = yaml.resolver.Resolver()  # what a YAML 1.1 reader would make of a plain value
# The first characters its implicit resolvers look at (a plain value starting with any other is text to it, when
# no resolver applies to every first character); ``_construct_str`` asks the resolver only about these.
_YAML11_FIRST = (frozenset(k for k in _YAML11.yaml_implicit_resolvers if k)
                 if None not in _YAML11.yaml_implicit_resolvers and not _YAML11.yaml_path_resolvers else None)
# Plain values a YAML 1.2 (core schema) reader takes as numbers, booleans or null, beyond those above.
_YAML12 = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|Null|NULL|True|TRUE|False|FALSE")
_TYPE_NAMES = {_INT: "a whole number", _FLOAT: "a number", _BOOL: "true/false", _NULL: "null",
               "tag:yaml.org,2002:timestamp": "a date", "tag:yaml.org,2002:merge": "a merge key (<<)",
               "tag:yaml.org,2002:value": "a value key (=)"}


# ---------------------------------------------------------------- bounded reading

def _file_problem(path: Path, field: str, message: str) -> tuple[None, list[Problem]]:
    return None, [Problem(str(path), "(file)", field, message)]


def read_bytes(path: Path, limit: int = MAX_INPUT_BYTES) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file of at most ``limit`` bytes, or the problem that stops reading it.

    Parameters
    ----------
    path : Path
        The input file.
    limit : int, default MAX_INPUT_BYTES
        The largest file read.

    Returns
    -------
    tuple of (bytes or None, list of Problem)
        The bytes and no problem, or None and the one problem.
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return _file_problem(path, "(file)", "file not found")
    except OSError as exc:
        return _file_problem(path, "(file)", f"cannot read: {exc.strerror or type(exc).__name__}")
    if stat.S_ISDIR(info.st_mode):
        return _file_problem(path, "(file)", "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        return _file_problem(path, "(file)", "is not a regular file (a FIFO, socket or device); refused")
    if info.st_size > limit:
        return _file_problem(path, "(file)", f"file is {info.st_size} bytes; the limit is {limit} bytes")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return _file_problem(path, "(file)", f"cannot read: {exc.strerror or type(exc).__name__}")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between stat and open
            return _file_problem(path, "(file)", "is not a regular file; refused")
        chunks, size = [], 0
        while size <= limit:
            block = os.read(fd, min(1 << 16, limit + 1 - size))
            if not block:
                break
            chunks.append(block)
            size += len(block)
    finally:
        os.close(fd)
    if size > limit:
        return _file_problem(path, "(file)", f"file is larger than the limit of {limit} bytes")
    data = b"".join(chunks)
    _PARSED[os.path.abspath(path)] = hashlib.sha256(data).hexdigest()
    return data, []


# Absolute path -> SHA-256 of the bytes last read from it in this process: what the build parsed, which
# ``freshness`` records (a file saved while the build ran is recorded as read, so it shows as changed).
_PARSED: dict[str, str] = {}


def parsed_sha256(path: Path) -> str | None:
    """The SHA-256 of the bytes this process last read from ``path`` through ``read_bytes``, or None.

    Parameters
    ----------
    path : Path
        An input file.

    Returns
    -------
    str or None
    """
    return _PARSED.get(os.path.abspath(path))


def decode_text(data: bytes, path: Path) -> tuple[str | None, list[Problem]]:
    """UTF-8 text without a byte-order mark or NUL bytes.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    path : Path
        The file, named in the problem.

    Returns
    -------
    tuple of (str or None, list of Problem)
        The text and no problem, or None and the one problem.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _file_problem(path, "(encoding)", "starts with a byte-order mark; save as UTF-8 without BOM")
    if b"\x00" in data:
        return _file_problem(path, "(encoding)", f"contains a NUL byte at byte {data.index(0)}")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return _file_problem(path, "(encoding)", f"not valid UTF-8 at byte {exc.start}")


def read_text(path: Path, limit: int = MAX_INPUT_BYTES) -> tuple[str | None, list[Problem]]:
    """A bounded read decoded as UTF-8 (no BOM, no NUL), or the problem that stops it.

    Parameters
    ----------
    path : Path
        The input file.
    limit : int, default MAX_INPUT_BYTES
        The largest file read.

    Returns
    -------
    tuple of (str or None, list of Problem)
    """
    data, problems = read_bytes(path, limit)
    if problems:
        return None, problems
    return decode_text(data, Path(path))


# ---------------------------------------------------------------- the YAML loader

class _Loader(_BASE):
    """Safe loader resolving only text, whole and decimal numbers, true/false and null."""

    yaml_implicit_resolvers: dict = {}
    yaml_constructors: dict = {}

    def construct_mapping(self, node, deep=False):
        """A mapping whose keys are text or whole numbers, each at most once; ``<<: *anchor`` copies the
        keys of one anchored mapping, and the keys written beside it replace them."""
        if not isinstance(node, nodes.MappingNode):
            raise yaml.constructor.ConstructorError(None, None, "expected a mapping", node.start_mark)
        mapping: dict = {}
        merged: dict = {}
        first: dict = {}
        for key_node, value_node in node.value:
            is_merge = isinstance(key_node, nodes.ScalarNode) and key_node.value == "<<" and not key_node.style
            key = "<<" if is_merge else self.construct_object(key_node, deep=deep)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise yaml.constructor.ConstructorError(None, None, "a mapping key must be text",
                                                        key_node.start_mark)
            if key in first:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {brief(key)} (first at line {first[key] + 1}); "
                                "each key may appear once", key_node.start_mark)
            first[key] = key_node.start_mark.line
            if is_merge:
                if not isinstance(value_node, nodes.MappingNode):
                    raise yaml.constructor.ConstructorError(
                        None, None, "'<<' takes one alias of a mapping (<<: *name); lists of merges are "
                                    "not supported", value_node.start_mark)
                merged = self.construct_mapping(value_node, deep=True)
            else:
                mapping[key] = self.construct_object(value_node, deep=deep)
        return {**merged, **mapping} if merged else mapping


for _tag, _pattern, _first in (
        (_NULL, r"^(?:~|null|)$", ["~", "n", ""]),
        (_BOOL, r"^(?:true|false)$", ["t", "f"]),
        (_INT, rf"^{INT_RE.pattern}$", list("-0123456789")),
        (_FLOAT, r"^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15}(?:[eE][-+]?[0-9]{1,3})?|[eE][-+]?[0-9]{1,3})$",
         list("-0123456789"))):
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


def _refuse(node, message: str):
    raise yaml.constructor.ConstructorError(None, None, message, node.start_mark)


def _construct_str(loader, node):
    value = loader.construct_scalar(node)
    if not node.style:  # plain (None or "" by parser): would a YAML 1.1 reader take it as something else?
        text_to_it = _YAML11_FIRST is not None and value and value[0] not in _YAML11_FIRST
        other = _STR if text_to_it else _YAML11.resolve(nodes.ScalarNode, value, (True, False))
        if other != _STR:
            what = _TYPE_NAMES.get(other, other)
            if other in (_INT, _FLOAT) and patterns.fullmatch(r"[-+]?[0-9]{16,}(?:\.[0-9]*)?", value):
                _refuse(node, f"number {brief(value)} is too long to be exact (at most 15 digits)")
            _refuse(node, f"plain value {brief(value)} is read as {what} by YAML 1.1 readers; quote it if it "
                          "is text, or write it as this format documents (decimal digits, true/false, null)")
        if _YAML12.fullmatch(value):
            _refuse(node, f"plain value {brief(value)} is read as a number, true/false or null by YAML 1.2 "
                          "readers; quote it if it is text")
    return value


def _strict(tag: str, pattern: re.Pattern, convert):
    def construct(loader, node):
        value = loader.construct_scalar(node)
        if not pattern.fullmatch(value):
            _refuse(node, f"{brief(value)} is not {_TYPE_NAMES[tag]} as this format writes it")
        result = convert(value)
        if isinstance(result, float) and not math.isfinite(result):
            _refuse(node, f"number {brief(value)} is too large")
        return result
    return construct


def _refuse_tag(loader, node):
    _refuse(node, f"tag {brief(node.tag, 80)} is not allowed; inputs hold only text, numbers, true/false, "
                  "null, lists and mappings")


_Loader.add_constructor(_STR, _construct_str)
_Loader.add_constructor(_NULL, _strict(_NULL, re.compile(r"~|null|"), lambda v: None))
_Loader.add_constructor(_BOOL, _strict(_BOOL, re.compile(r"true|false"), lambda v: v == "true"))
_Loader.add_constructor(_INT, _strict(_INT, INT_RE, int))
_Loader.add_constructor(_FLOAT, _strict(_FLOAT, FLOAT_RE, float))
_Loader.add_constructor(_SEQ, yaml.constructor.SafeConstructor.construct_yaml_seq)
_Loader.add_constructor(_MAP, yaml.constructor.SafeConstructor.construct_yaml_map)
_Loader.add_constructor(None, _refuse_tag)


def _with_loader(text: str, read, *args) -> Any:
    """``read(loader, *args)`` within the limits above, over a loader of ``text`` disposed after."""
    loader = _Loader(text)
    try:
        return read(loader, *args, max_depth=MAX_DEPTH, max_nodes=MAX_NODES, max_alias_nodes=MAX_ALIAS_NODES)
    finally:
        loader.dispose()


def _shape_problem(text: str) -> str | None:
    """Nesting too deep, a recursive alias or alias amplification, found from the event stream alone."""
    return _with_loader(text, shape_problem)


def _built(text: str) -> Any:
    """The document built in one pass over the parser's events, or ``_UNUSUAL`` for the full reading."""
    return _with_loader(text, built_from_events)


def _yaml_message(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    what = str(what)
    return f"YAML error{at}: {what[:300]}{'...' if len(what) > 300 else ''}"


def parse_yaml(text: str, path: Path) -> tuple[Any, list[Problem]]:
    """Parse YAML text with the rules above; one ``(yaml)`` problem if they are broken.

    Parameters
    ----------
    text : str
        The YAML document.
    path : Path
        The file, named in the problem.

    Returns
    -------
    tuple of (object, list of Problem)
        The parsed document and no problem, or None and the one problem.
    """
    built = _built(text)
    if built is not _UNUSUAL:
        return built, []
    try:
        shape = _shape_problem(text)
        if shape is None:
            loader = _Loader(text)
            try:
                return loader.get_single_data(), []
            finally:
                loader.dispose()
    except yaml.YAMLError as exc:
        return None, [Problem(str(path), "(file)", "(yaml)", _yaml_message(exc))]
    return None, [Problem(str(path), "(file)", "(yaml)", f"YAML error: {shape}")]


_ONCE: dict[tuple[str, int], tuple[Any, list[Problem]]] | None = None


@contextmanager
def read_once() -> Iterator[None]:
    """Inside this block (one build) each YAML input is read from disk and parsed once.

    A later load of the same file gets a copy of the first parse, so the rules that check a whole document and the
    loader that reads its entries see the same bytes, and no input is read twice.

    Yields
    ------
    None
    """
    global _ONCE
    outer = _ONCE
    _ONCE = {} if outer is None else outer
    try:
        yield
    finally:
        _ONCE = outer


def load_yaml(path: Path, limit: int = MAX_INPUT_BYTES) -> tuple[Any, list[Problem]]:
    """Read and parse one YAML input (bounded read, UTF-8, the loader above); once per ``read_once`` block.

    Inside a block the parse is kept as read and each load (the first one too) gets its own copy of its lists
    and mappings: a caller that changes what it got never changes what the next one reads.

    Parameters
    ----------
    path : Path
        The YAML input.
    limit : int, default MAX_INPUT_BYTES
        The largest file read.

    Returns
    -------
    tuple of (object, list of Problem)
        The parsed document and no problem, or None and the problems that stop it.
    """
    key = (os.path.abspath(path), limit)
    if _ONCE is not None and key in _ONCE:
        data, problems = _ONCE[key]
        return _copied(data), list(problems)
    text, problems = read_text(path, limit)
    result = (None, problems) if problems else _parsed(text, Path(path), copy=_ONCE is None)
    if _ONCE is None:
        return result
    _ONCE[key] = result  # the kept parse, never handed out itself
    return _copied(result[0]), list(result[1])


# SHA-256 of a text -> its parse (the problems without their path), the most recently parsed first out; texts
# of at most _PARSE_CACHE_BYTES. A process that builds or validates again (the tests, a notebook) reads every
# file again but parses again only text it has not seen: the parse is a function of the text alone.
_PARSES: OrderedDict[str, tuple[Any, list[Problem]]] = OrderedDict()
_PARSE_CACHE_ENTRIES, _PARSE_CACHE_BYTES = 64, 256_000


def _parsed(text: str, path: Path, *, copy: bool = True) -> tuple[Any, list[Problem]]:
    """``parse_yaml(text, path)``, from the parse of the same text when this process has one (a copy: no caller
    shares or changes the kept parse; ``copy=False`` for ``load_yaml``, which keeps it and hands out copies)."""
    if len(text) > _PARSE_CACHE_BYTES:
        return parse_yaml(text, path)
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if key not in _PARSES:
        _PARSES[key] = parse_yaml(text, path)
        if len(_PARSES) > _PARSE_CACHE_ENTRIES:
            _PARSES.popitem(last=False)
    _PARSES.move_to_end(key)
    data, problems = _PARSES[key]
    return _copied(data) if copy else data, [dataclasses.replace(p, path=str(path)) for p in problems]


def _copied(data: Any) -> Any:
    """A copy of a parsed document's lists and mappings (its text, numbers, true/false and null are immutable
    and shared): what ``copy.deepcopy`` gives for the only types the loader builds, several times faster."""
    if isinstance(data, dict):
        return {key: _copied(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_copied(value) for value in data]
    return data
