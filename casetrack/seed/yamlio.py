"""Read YAML as plain data with every value a string, keeping each node's position.

YAML's implicit typing turns ``no`` into False, ``2021`` into an int and ``2021-13-45`` into
a crash deep inside the constructor. casetrack reads the node tree instead: scalars stay
strings (pydantic converts them), and every key and value keeps its line and column for
error messages.

The node tree comes from PyYAML's ``compose`` with libyaml's C parser (``CSafeLoader``): no
constructor runs, so YAML 1.1's typing never applies, and its nodes carry the same marks.
It composed the 4,999 files of the benchmark seed 35 times as fast as ruamel.yaml's pure
Python round-trip parser (which had been 95 % of validating them). Where PyYAML was built
without libyaml (its wheels have it), its pure-Python ``SafeLoader`` is used: the same tree
for what seed files hold, but it is stricter about tabs inside values.

libyaml reads YAML 1.1, where U+2028, U+2029 and U+0085 are line breaks; in YAML 1.2 they are
text, and text pasted from web pages and word processors has them. They are kept as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.error import MarkedYAMLError, YAMLError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: libyaml's parser when PyYAML has it (its wheels do), else PyYAML's own.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: YAML 1.1's extra line breaks, swapped one for one (columns stay) for noncharacters while
#: libyaml reads the text, and swapped back in every key and value.
_BREAKS = {"\u2028": "\ufdd0", "\u2029": "\ufdd1", "\x85": "\ufdd2"}
_HIDE = str.maketrans(_BREAKS)
_SHOW = str.maketrans({v: k for k, v in _BREAKS.items()})
_STAND_IN = re.compile("[\ufdd0-\ufdd2]")
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)

Path_ = tuple[str | int, ...]
NULLS = {"", "~", "null", "Null", "NULL"}

#: Limits on what a seed file may hold. The bundled seed's largest file is well under 100 KB,
#: its longest value under 2,000 characters and its deepest nesting 7 levels.
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_VALUE_CHARS = 20_000
MAX_DEPTH = 32


@dataclass
class Positions:
    """1-based (line, column) of each value and each mapping key, by path."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def find(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while True:
            if key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]


class YamlProblem(Exception):
    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def _mark(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _convert(node: Node, path: Path_, pos: Positions, show: bool) -> Any:
    pos.values[path] = _mark(node)
    if isinstance(node, ScalarNode):
        if not node.style and node.value in NULLS:  # plain: style None, or "" from libyaml
            return None
        if len(node.value) > MAX_VALUE_CHARS:
            line, col = _mark(node)
            raise YamlProblem(f"a value of {len(node.value):,} characters; the limit is {MAX_VALUE_CHARS:,}", line, col)
        return node.value.translate(_SHOW) if show else str(node.value)
    if len(path) >= MAX_DEPTH:
        line, col = _mark(node)
        raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", line, col)
    if isinstance(node, SequenceNode):
        return [_convert(item, (*path, i), pos, show) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                line, col = _mark(key_node)
                raise YamlProblem("a mapping key must be a plain word", line, col)
            key = key_node.value.translate(_SHOW) if show else str(key_node.value)
            if key == "<<":
                line, col = _mark(key_node)
                raise YamlProblem("merge keys (<<) are not supported in seed files", line, col)
            if key in result:
                line, col = _mark(key_node)
                raise YamlProblem(f"duplicate key {key!r}", line, col)
            pos.keys[(*path, key)] = _mark(key_node)
            result[key] = _convert(value_node, (*path, key), pos, show)
        return result
    line, col = _mark(node)
    raise YamlProblem(f"unsupported YAML node {type(node).__name__}", line, col)


def read_yaml(path: Path) -> tuple[Any, Positions]:
    """Parse one file. Raises :class:`YamlProblem` with a position on any YAML error."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise YamlProblem(f"cannot read: {exc.strerror or exc}", 0, 0) from None
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise YamlProblem(f"the file is larger than {limit} MB, the limit for a seed file", 0, 0)
    return parse_yaml(decode_utf8(data))


def decode_utf8(data: bytes) -> str:
    """The text of ``data``; a :class:`YamlProblem` at the line and column of the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[start : exc.start].decode("utf-8", errors="replace")) + 1
        raise YamlProblem(
            f"not UTF-8 text: byte 0x{data[exc.start]:02X} cannot be read; save the file as UTF-8", line, column
        ) from None
    # Universal newlines, as read_text gave: positions count lines the way editors do.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _problem(text: str, exc: MarkedYAMLError) -> YamlProblem:
    """One line, at the most useful place, for what libyaml reported."""
    problem = exc.problem_mark
    lines = text.split("\n")  # read_text ends every line with "\n"; split once for both uses
    if problem is not None:
        # A tab in an indentation is the likeliest mistake, and libyaml only says "found
        # character that cannot start any token" (or fails further on): name it.
        upto = sum(len(line) + 1 for line in lines[: problem.line + 1])
        tabs = list(_TAB_INDENT.finditer(text, 0, upto))
        if tabs:
            line, col = _position(text, tabs[-1].end() - 1)
            return YamlProblem("invalid YAML: a tab in the indentation (indent with spaces)", line, col)
    # An unclosed bracket or quote is best shown where it was opened (the context mark).
    mark = exc.context_mark or problem
    message = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "invalid YAML"
    message = " ".join(message.translate(_SHOW).split())
    if mark is not None:
        return YamlProblem(f"invalid YAML: {message}", mark.line + 1, mark.column + 1)
    return YamlProblem(f"invalid YAML: {message}")


def _refuse_anchors(text: str) -> None:
    """Refuse anchors and aliases before anything is built from them.

    An alias makes a node appear again wherever it is used, and a few nested ones make a 300-byte
    file ("billion laughs") expand to 10^9 values. Seed files need none. libyaml's event stream
    gives each anchor and alias with its position, and stops at the first one.
    """
    for event in yaml.parse(text, Loader=_LOADER):
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            what = f"aliases (*{anchor})" if isinstance(event, yaml.AliasEvent) else f"anchors (&{anchor})"
            mark = event.start_mark
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            raise YamlProblem(f"YAML {what} are not allowed in seed files; write the value out", line, col)


def parse_yaml(text: str) -> tuple[Any, Positions]:
    pos = Positions()
    odd = _STAND_IN.search(text)
    if odd is not None:
        line, col = _position(text, odd.start())
        raise YamlProblem(f"invalid YAML: the noncharacter U+{ord(odd.group()):04X} is not text", line, col)
    show = any(c in text for c in _BREAKS)
    if show:
        text = text.translate(_HIDE)
    try:
        if "&" in text or "*" in text:
            _refuse_anchors(text)
        node = yaml.compose(text, Loader=_LOADER)
    except MarkedYAMLError as exc:
        raise _problem(text, exc) from None
    except YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {str(exc).splitlines()[0] if str(exc) else exc!r}") from None
    except RecursionError:
        raise YamlProblem("invalid YAML: nested too deeply") from None
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
        # A YAML parser may have unmarked failure modes on pathological input.
        raise YamlProblem(f"invalid YAML: {exc}") from None
    if node is None:
        return None, pos
    try:
        return _convert(node, (), pos, show), pos
    except RecursionError:
        raise YamlProblem("invalid YAML: nested too deeply") from None
