"""Read YAML the way editors mean it, remembering the line of every value.

PyYAML follows YAML 1.1, where an unquoted `no` is the boolean false: a list of
languages `[sv, no, pl]` would silently lose Norwegian. We resolve scalars by YAML 1.2
rules instead (only true/false are booleans) and keep a map from each value's path to
its line so later stages can report `file:line` without re-reading files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

Path_ = tuple[str | int, ...]


# libyaml's C parser when PyYAML was built with it (the PyPI wheels are): about ten times
# faster than the pure-Python one, with the same nodes, marks and resolvers.
if TYPE_CHECKING:  # checked as SafeLoader: CSafeLoader has the same interface, not the same bases
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader with YAML 1.2 booleans and dates left as text."""

    # The composer asks for every node's tag. PyYAML's resolver also tracks the node's path for
    # path resolvers, which no loader here has, and rebuilds the list of candidates each time.
    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


# Drop YAML 1.1's yes/no/on/off booleans (keep true/false), and leave dates as text:
# the models parse them, so an impossible date like 2010-13-45 gets a proper message.
# Numbers follow YAML 1.2 too: YAML 1.1 reads `reference: 0271` as the octal number 185 and
# `10:30` as 630 (base 60); here a number with a leading zero or a colon stays the text it
# looks like. Amounts are unaffected: the models read them from text as well.
_DROPPED = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.yaml_implicit_resolvers = dict(_Loader.yaml_implicit_resolvers)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)
# The resolver above looks only at these lists, by first character: there are no path resolvers
# and no resolvers for every character (PyYAML's key None) to consult.
assert not _Loader.yaml_path_resolvers and None not in _Loader.yaml_implicit_resolvers


@dataclass(frozen=True)
class YamlProblem:
    line: int | None
    message: str
    hint: str


@dataclass
class YamlDocument:
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of the deepest known value on `path` (a missing key reports its parent)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


class YamlSyntaxError(Exception):
    def __init__(self, problem: YamlProblem):
        super().__init__(problem.message)
        self.problem = problem


def load(text: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document; `first_line` shifts lines for front matter inside Markdown."""
    if "\t" in text:
        _refuse_tabs(text, first_line)
    loader = None
    try:
        loader = _Loader(text)  # the pure-Python reader refuses control characters right here
        node = loader.get_single_node()
        doc = YamlDocument(None)
        if node is not None:
            doc.data = _build(loader, node, (), doc.lines, first_line - 1)
        return doc
    except yaml.MarkedYAMLError as err:
        raise YamlSyntaxError(_explain(err, text, first_line - 1)) from None
    except yaml.reader.ReaderError:
        raise YamlSyntaxError(_unprintable(text, first_line)) from None
    except yaml.YAMLError as err:  # errors without a position
        raise YamlSyntaxError(
            YamlProblem(first_line, f"this is not valid YAML ({err})", "check the indentation and quotes")
        ) from None
    finally:
        if loader is not None:
            loader.dispose()


def _build(loader: _Loader, node: yaml.Node, path: Path_, lines: dict, offset: int) -> Any:
    lines[path] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node)
            if not isinstance(key, (str, int)):
                raise _positioned(
                    key_node,
                    offset,
                    "a field name must be plain text",
                    "write the name before the colon without brackets",
                )
            key = str(key)
            if key in result:
                raise _positioned(key_node, offset, f"the field '{key}' is written twice", "keep one of them")
            lines[path + (key,)] = key_node.start_mark.line + 1 + offset
            result[key] = _build(loader, value_node, path + (key,), lines, offset)
            lines[path + (key,)] = key_node.start_mark.line + 1 + offset
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, path + (i,), lines, offset) for i, item in enumerate(node.value)]
    return _scalar(loader, node)


# Plain scalars are made straight from their text: PyYAML's constructor is most of the cost of
# reading a record, and its bookkeeping is for anchors and collections, which a scalar has no
# part in. Only text our resolvers above would give each tag is made here (an explicit
# `!!int 0x1F` or `!!bool yes` still goes to the constructor, as does every other tag).
_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{name}" for name in ("str", "int", "bool", "null"))
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_BOOLS = {text: value for value in (True, False) for text in (str(value), str(value).lower(), str(value).upper())}


def _scalar(loader: _Loader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        if tag == _INT and _PLAIN_INT.match(text):
            return int(text)
        if tag == _BOOL and text in _BOOLS:
            return _BOOLS[text]
        if tag == _NULL:
            return None
    return loader.construct_object(node, deep=True)


def _positioned(node: yaml.Node, offset: int, message: str, hint: str) -> YamlSyntaxError:
    return YamlSyntaxError(YamlProblem(node.start_mark.line + 1 + offset, message, hint))


def _refuse_tabs(text: str, first_line: int) -> None:
    for number, line in enumerate(text.splitlines(), start=first_line):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise YamlSyntaxError(
                YamlProblem(
                    number,
                    "this line is indented with a tab; YAML allows only spaces",
                    "replace the tab with spaces (two per level is usual)",
                )
            )


def _unprintable(text: str, first_line: int) -> YamlProblem:
    """A control character (NUL, U+001F …) that YAML does not allow anywhere in a file."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found is None:
        return YamlProblem(
            first_line,
            "this file contains a character YAML does not allow",
            "delete invisible control characters (they often come with pasted text)",
        )
    line = text.count("\n", 0, found.start()) + first_line
    return YamlProblem(
        line,
        f"this line contains the invisible control character U+{ord(found.group()):04X}, which YAML does not allow",
        "delete it (it often comes with text pasted from another program)",
    )


def _explain(err: yaml.MarkedYAMLError, text: str, offset: int) -> YamlProblem:
    """Turn PyYAML's parser wording into what an editor should type instead."""
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 + offset if mark else None
    problem = err.problem or ""
    unclosed = _unclosed_quote(text, mark.line if mark else len(text.splitlines()))
    if unclosed is not None:
        return YamlProblem(
            unclosed + 1 + offset, "a quote is opened but never closed", "close the quotation mark on the same line"
        )
    lines = text.splitlines()
    source_line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "mapping values are not allowed" in problem:
        return YamlProblem(
            line,
            "a colon followed by a space inside a value that is not in quotes",
            f"put the whole value in double quotes, e.g. {_quoted_example(source_line)}",
        )
    if "found character '\\t'" in problem or "\\t" in problem:
        return YamlProblem(line, "a tab character where YAML expects spaces", "replace the tab with spaces")
    quoted = _text_after_quote(lines, mark.line if mark else len(lines) - 1)
    if quoted is not None:
        number, message, hint = quoted
        return YamlProblem(number + 1 + offset, message, hint)
    context = err.context or ""
    if "flow mapping" in context or "flow sequence" in context:
        start = err.context_mark.line if err.context_mark else (mark.line if mark else 0)
        close = "}" if "mapping" in context else "]"
        opened = "{" if close == "}" else "["
        return YamlProblem(
            start + 1 + offset,
            f"the {opened} … {close} on this line is not closed, or a value inside needs quotes",
            f"end it with {close} on the same line, and put any value that contains ': ', ',' or"
            f" '{close}' in double quotes",
        )
    if "expected alphabetic or numeric character" in problem:
        return YamlProblem(
            line,
            "YAML reads a value that starts with * or & as a reference to another value",
            "put the whole value in double quotes",
        )
    if "expected '-' indicator" in problem:
        return YamlProblem(
            line,
            "this line is not lined up with the item above it",
            "in a list item, start every field in the same column as the first field after '- '",
        )
    if "could not find expected ':'" in problem or "expected <block end>" in problem or "expected key" in problem:
        return YamlProblem(
            line,
            "the indentation or a missing colon breaks the structure here",
            "check that this line is indented like its neighbours and that each field has 'name: value'",
        )
    if "found unexpected end of stream" in problem or "while scanning a quoted scalar" in (err.context or ""):
        return YamlProblem(line, "a quote is opened but never closed", "close the quotation mark on the same line")
    if "found undefined alias" in problem or "found character" in problem:
        return YamlProblem(
            line,
            f"YAML cannot read this: {problem}",
            "put the value in double quotes if it starts with *, &, @, ` or %",
        )
    return YamlProblem(
        line, f"this is not valid YAML: {problem or err}", "check the indentation and quotes on this line"
    )


_QUOTED = re.compile(r"""^\s*(?:-\s+)?(?P<key>\w[\w .-]*):\s+(?P<q>['"])(?P<rest>.*)$""")


def _text_after_quote(lines: list[str], upto: int) -> tuple[int, str, str] | None:
    """`title: 'It's new'` and `title: "Baltic" region`: the quote ends the value early."""
    for number in range(min(upto, len(lines) - 1), -1, -1):
        match = _QUOTED.match(lines[number])
        if not match:
            continue
        key, quote, rest = match["key"].strip(), match["q"], match["rest"].split(" #", 1)[0].rstrip()
        inner = rest.replace("''", "") if quote == "'" else rest.replace('\\"', "")
        end = inner.find(quote)
        if end == -1 or end == len(inner) - 1:
            continue  # closed at the end of the line (or not closed: reported elsewhere)
        value = rest[:-1] if rest.endswith(quote) else rest
        if quote == "'":
            return (
                number,
                "an apostrophe inside single quotes ends the text too early",
                f'put the value in double quotes instead, e.g. {key}: "{value}"',
            )
        return (
            number,
            "there is more text after the closing quotation mark",
            f"put the whole value in single quotes, e.g. {key}: '{quote}{value}', or use typographic"
            " quotation marks (“…”) inside the text",
        )
    return None


def _unclosed_quote(text: str, upto: int) -> int | None:
    """The first line before the error with an odd number of double quotes: the parser
    only notices a missing closing quote lines later, where it makes no sense to an editor."""
    for number, line in enumerate(text.splitlines()[: upto + 1]):
        content = line.split(" #", 1)[0].replace('\\"', "")
        if content.lstrip().startswith("#"):
            continue
        if content.count('"') % 2 == 1 and "'" not in content:
            return number
    return None


def _quoted_example(line: str) -> str:
    key, _, value = line.strip().partition(": ")
    if key and value:
        value = value.replace('"', '\\"')
        return f'{key}: "{value}"'
    return 'title: "Creative Metropoles: policies for creative industries"'
