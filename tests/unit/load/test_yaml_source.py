"""Reading YAML as editors mean it: YAML 1.2 scalars, and the same values PyYAML's own
constructor gives (the reader makes plain scalars itself, for speed)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.load import yaml_source
from generator.load.yaml_source import load

REPO = Path(__file__).resolve().parents[3]


class _ReferenceLoader(yaml_source._Loader):
    """The same resolvers, with PyYAML's own resolving and constructing of every value."""

    resolve = yaml.resolver.BaseResolver.resolve
    descend_resolver = yaml.resolver.BaseResolver.descend_resolver
    ascend_resolver = yaml.resolver.BaseResolver.ascend_resolver


def _reference(text: str):
    loader = _ReferenceLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("languages: [sv, no, pl]", {"languages": ["sv", "no", "pl"]}),  # YAML 1.1 would say False
        ("a: yes\nb: off", {"a": "yes", "b": "off"}),
        ("a: true\nb: False\nc: TRUE", {"a": True, "b": False, "c": True}),
        ("reference: 0271", {"reference": "0271"}),  # not octal 185
        ("time: 10:30", {"time": "10:30"}),  # not base-60 630
        ("n: -42\nm: +7\nz: 0", {"n": -42, "m": 7, "z": 0}),
        ("big: 1_000", {"big": "1_000"}),
        ("x: 2.50\ny: .5\nz: .inf", {"x": 2.5, "y": 0.5, "z": float("inf")}),
        ("start: 2010-10-01", {"start": "2010-10-01"}),  # the models parse dates
        ("a: ~\nb: null\nc:", {"a": None, "b": None, "c": None}),
        ("a: ''\nb: 'true'\nc: \"12\"", {"a": "", "b": "true", "c": "12"}),
        ("a: !!str 12\nb: !!int 0x1F\nc: !!bool yes\nd: !!float 1", {"a": "12", "b": 31, "c": True, "d": 1.0}),
        ("12: twelve", {"12": "twelve"}),  # field names are text
    ],
)
def test_scalars_are_read_by_yaml_1_2_rules(text, expected):
    assert load(text).data == expected


def _shipped_yaml() -> list[Path]:
    content = REPO / "content"
    return sorted(content.glob("projects/*.yml")) + [REPO / "site_config.yml"]


@pytest.mark.parametrize("path", _shipped_yaml(), ids=lambda path: path.name)
def test_every_shipped_record_reads_as_pyyaml_constructs_it(path):
    text = path.read_text(encoding="utf-8")
    got = load(text).data
    expected = _reference(text)
    assert got == expected
    assert _types(got) == _types(expected)  # 1 and True and 1.0 are equal in Python; types tell them apart


def test_anchors_and_explicit_tags_read_as_pyyaml_constructs_them():
    text = "base: &b {amount: '12.50', currency: EUR}\ncopy: *b\nbinary: !!binary aGVsbG8=\n"
    assert load(text).data == _reference(text)


def test_every_value_keeps_its_line():
    doc = load("title: x\npartners:\n  - name: A\n    country: SE\n", first_line=3)
    assert doc.lines[("title",)] == 3
    assert doc.lines[("partners", 0, "country")] == 6


def _types(value):
    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_types(item) for item in value]
    return type(value).__name__
