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
_ALIAS = re.compile(r"\*([^\s,\[\]{}]+)")

Path_ = tuple[str | int, ...]
NULLS = {"", "~", "null", "Null", "NULL"}


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
        return node.value.translate(_SHOW) if show else str(node.value)
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
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise YamlProblem(f"cannot read: {exc.strerror or exc}") from None
    return parse_yaml(text)


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
    if exc.problem == "found undefined alias" and problem is not None:
        found = _ALIAS.match(lines[problem.line], problem.column) if problem.line < len(lines) else None
        name = f" *{found.group(1)}" if found else ""
        return YamlProblem(f"invalid YAML: alias{name} names no anchor", problem.line + 1, problem.column + 1)
    if exc.problem == "second occurrence" and problem is not None:
        return YamlProblem("invalid YAML: an anchor name used a second time", problem.line + 1, problem.column + 1)
    # An unclosed bracket or quote is best shown where it was opened (the context mark).
    mark = exc.context_mark or problem
    message = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "invalid YAML"
    message = " ".join(message.translate(_SHOW).split())
    if mark is not None:
        return YamlProblem(f"invalid YAML: {message}", mark.line + 1, mark.column + 1)
    return YamlProblem(f"invalid YAML: {message}")


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
