"""Bad input never crashes: generated YAML, front matter and Markdown go through the loaders,
and every input ends in a valid model or in clean problems (a path and a message), never in
an exception of any other kind."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import Problems
from generator.load import yaml_source
from generator.load.config import load_config
from generator.load.content import load_record
from generator.load.pages import read_page
from generator.render.markdown import MarkdownRenderer
from tests.tools.sites import CONFIG, RECORD

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# -- strategies -------------------------------------------------------------------------

# Characters that matter to YAML and Markdown, plus some letters, digits and non-ASCII.
SYNTAX = ":-?[]{},#&*!|>'\"%@`\t\n \\/<>=_.()~+^$"
ALPHABET = st.sampled_from(list(SYNTAX + "abcnoyesTruefalsNl019" + "åøłė€\u00a0\ufeff\u2028\x00\x85"))
yaml_ish_text = st.text(ALPHABET, max_size=200)
any_text = st.text(max_size=300)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates().map(str),
    st.sampled_from(
        [
            "no",
            "yes",
            "on",
            "off",
            "~",
            "null",
            "2010-13-45",
            "2008-10",
            "0271R1",
            "erdf",
            "lead",
            "EUR",
            "PL",
            "1e400",
            ".nan",
            "-.inf",
            "0x1F",
            "0o17",
        ]
    ),
)
KEYS = st.sampled_from(
    [
        "acronym",
        "programme",
        "reference",
        "period",
        "start",
        "end",
        "duration_months",
        "funding",
        "fund",
        "programming_period",
        "co_financing_rate",
        "budget",
        "total",
        "eu_contribution",
        "amount",
        "currency",
        "partners",
        "name",
        "city",
        "country",
        "role",
        "links",
        "url",
        "label",
        "source",
        "file",
        "title",
        "summary",
        "translated_from",
        "lang",
        "version",
        "tables",
        "id",
        "kind",
        "caption",
        "columns",
        "rows",
        "values",
        "groups",
        "en",
        "sv",
        "no",
    ]
)
structures = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.one_of(KEYS, st.text(max_size=8)), children, max_size=5)
    ),
    max_leaves=25,
)


def _dump(data) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError, OverflowError):
        return ""


structured_yaml = structures.map(_dump)


@st.composite
def mutated(draw, text: str):
    """A valid document with a few characters inserted, deleted or replaced."""
    chars = list(text)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        position = draw(st.integers(min_value=0, max_value=len(chars)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        char = draw(ALPHABET)
        if action == "insert" or not chars:
            chars.insert(position, char)
        elif action == "delete":
            del chars[min(position, len(chars) - 1)]
        else:
            chars[min(position, len(chars) - 1)] = char
    return "".join(chars)


@st.composite
def record_like(draw):
    """Records that are mostly right: the real example with values swapped or keys dropped."""
    data = yaml.safe_load(RECORD)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        key = draw(st.sampled_from(sorted(data)))
        choice = draw(st.sampled_from(["drop", "replace", "nest"]))
        if choice == "drop":
            data.pop(key, None)
        elif choice == "replace":
            data[key] = draw(structures)
        else:
            data[key] = {draw(KEYS): draw(structures)}
        if not data:
            break
    return _dump(data)


record_texts = st.one_of(structured_yaml, yaml_ish_text, record_like(), mutated(RECORD), any_text)

PAGE = "---\ntitle: A page\nsummary: One sentence.\ntranslated_from:\n  lang: en\n  version: 0123456789ab\n---\n\n## Text\n\nBody.\n"
front_matters = st.one_of(structured_yaml, yaml_ish_text, any_text)
markdown_bodies = st.one_of(
    any_text,
    st.text(st.sampled_from(list("#*_`[]()!<>|-:=~\\\n &;/\"'abc123")), max_size=300),
)
page_bytes = st.one_of(
    st.tuples(front_matters, markdown_bodies).map(lambda p: f"---\n{p[0]}\n---\n{p[1]}".encode()),
    mutated(PAGE).map(lambda t: t.encode("utf-8")),
    st.binary(max_size=200),
    st.binary(max_size=60).map(lambda b: PAGE.encode("utf-8") + b),
    any_text.map(lambda t: t.encode("utf-8")),
)


# -- helpers ----------------------------------------------------------------------------


def _assert_clean(problems: Problems) -> None:
    for problem in problems.items:
        assert isinstance(problem.path, str) and problem.path, problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert problem.line is None or (isinstance(problem.line, int) and problem.line >= 1), problem
        text = str(problem)
        assert "Traceback" not in text and "object at 0x" not in text, text


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory(prefix="eupages-fuzz-") as tmp:
        root = Path(tmp)
        (root / "site_config.yml").write_text(CONFIG, encoding="utf-8")
        (root / "content" / "projects").mkdir(parents=True)
        (root / "content" / "en").mkdir(parents=True)
        problems = Problems(root=root)
        loaded = load_config(root / "site_config.yml", problems)
        assert loaded is not None and not problems, problems.items
        yield root, loaded


# -- the properties ---------------------------------------------------------------------


@SETTINGS
@given(
    text=st.one_of(yaml_ish_text, structured_yaml, any_text, mutated(CONFIG), mutated(RECORD)),
    first_line=st.integers(min_value=1, max_value=50),
)
def test_yaml_source_load_returns_a_document_or_a_clean_error(text, first_line):
    try:
        doc = yaml_source.load(text, first_line=first_line)
    except yaml_source.YamlSyntaxError as err:
        assert err.problem.message.strip()
        assert err.problem.line is None or err.problem.line >= first_line
        return
    for path, line in doc.lines.items():
        assert isinstance(path, tuple) and line >= first_line
    doc.line_of(("anything", 0, "deeper"))


@SETTINGS
@given(text=record_texts)
def test_load_record_gives_a_record_or_problems_with_a_place(workdir, text):
    root, loaded = workdir
    path = root / "content" / "projects" / "fuzzed-project.yml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    problems = Problems(root=root)
    record = load_record(path, loaded, problems)
    _assert_clean(problems)
    if record is None:
        assert problems.items, "a refused record must say why"
        assert all(p.path == "content/projects/fuzzed-project.yml" for p in problems.items), problems.items
    else:
        assert record.slug == "fuzzed-project"


@SETTINGS
@given(data=page_bytes)
def test_read_page_gives_a_page_or_problems_with_a_place(workdir, data):
    root, _loaded = workdir
    path = root / "content" / "en" / "fuzzed.md"
    path.write_bytes(data)
    problems = Problems(root=root)
    page = read_page(path, "en", "page", "fuzzed", problems)
    _assert_clean(problems)
    if page is None:
        assert problems.items, "a refused page must say why"
        assert all(p.path == "content/en/fuzzed.md" for p in problems.items), problems.items
    else:
        assert page.title and page.summary and page.body_line >= 3
        assert len(page.version) == 12


@SETTINGS
@given(body=markdown_bodies, mode=st.sampled_from(["sanitize", "refuse"]))
def test_markdown_renders_or_is_refused_cleanly(body, mode):
    from generator.errors import ContentError

    try:
        html = MarkdownRenderer(mode).render(body, Path("content/en/fuzzed.md"), first_line=5)
    except ContentError as err:
        assert mode == "refuse"
        for problem in err.problems:
            assert problem.path == "content/en/fuzzed.md" and problem.line >= 5
            assert problem.message == "raw HTML is not allowed here"
        return
    lowered = html.lower()
    assert "<script" not in lowered and "javascript:" not in lowered
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", lowered), html


def test_the_starting_points_are_valid(workdir):
    """The mutations start from a record and a page that load: both outcomes get exercised."""
    root, loaded = workdir
    record_path = root / "content" / "projects" / "good-project.yml"
    record_path.write_text(RECORD, encoding="utf-8")
    page_path = root / "content" / "en" / "good.md"
    page_path.write_text(PAGE, encoding="utf-8")
    problems = Problems(root=root)
    assert load_record(record_path, loaded, problems) is not None, problems.items
    assert read_page(page_path, "en", "page", "good", problems) is not None, problems.items
