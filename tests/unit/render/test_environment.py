"""Templates read plain dicts through a shortcut: the same values and errors as Jinja's own lookup."""

from __future__ import annotations

import jinja2
import pytest

from generator.render.environment import _Environment


def render(env: jinja2.Environment, source: str, **context) -> str:
    return env.from_string(source).render(**context)


@pytest.fixture(params=[_Environment, jinja2.Environment], ids=["eupages", "jinja"])
def env(request):
    return request.param(autoescape=True, undefined=jinja2.StrictUndefined)


def test_a_dict_key_reads_as_jinja_reads_it(env):
    item = {"url": "/a?b=1&c=2", "label": "<Home>", "current": False}
    assert render(env, '<a href="{{ item.url }}">{{ item.label }}</a>{{ item.current }}', item=item) == (
        '<a href="/a?b=1&amp;c=2">&lt;Home&gt;</a>False'
    )


def test_a_dict_method_is_still_the_method(env):
    """`label_of.update(...)` in partials/chart.html; a key named like a method loses, as in Jinja."""
    source = "{% set d = {'items': 'key'} %}{% set _ = d.update({'x': 1}) %}{{ d.x }} {{ d.items() | list | length }}"
    assert render(env, source) == "1 2"


def test_a_missing_key_is_an_error_naming_it(env):
    with pytest.raises(jinja2.UndefinedError, match="has no attribute 'title'"):
        render(env, "{{ page.title }}", page={"summary": "x"})


def test_other_objects_are_untouched(env):
    class Card:
        title = "T"

    assert render(env, "{{ card.title }} {{ pair.0 }}", card=Card(), pair=("a", "b")) == "T a"
