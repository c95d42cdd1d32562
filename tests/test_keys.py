"""Page keys change with everything a page shows, and refuse what they cannot cover."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from digest.keys import page_key
from digest.models import DeadlineKind


@dataclass(frozen=True)
class Linked:
    digest: str


def test_keys_follow_every_part_and_its_order():
    base = page_key("notice.html", {"notice": Linked("a"), "today": dt.date(2021, 4, 16), "kind": DeadlineKind.APPLY})
    assert base == page_key("notice.html", {"notice": Linked("a"), "today": dt.date(2021, 4, 16),
                                            "kind": DeadlineKind.APPLY})
    assert base != page_key("notice.html", {"notice": Linked("b"), "today": dt.date(2021, 4, 16),
                                            "kind": DeadlineKind.APPLY})
    assert base != page_key("notice.html", {"notice": Linked("a"), "today": dt.date(2021, 4, 17),
                                            "kind": DeadlineKind.APPLY})
    assert page_key([Linked("a"), Linked("b")]) != page_key([Linked("b"), Linked("a")])
    assert page_key([Linked("a"), Linked("b")]) != page_key([Linked("a"), Linked("c")])  # every item of a long list
    # where one value ends and the next begins is part of the key
    assert page_key(["ab", "c"]) != page_key(["a", "bc"]) and page_key([["a"], "b"]) != page_key(["a", ["b"]])
    assert page_key(1) != page_key("1") and page_key(None) != page_key("None")


def test_a_value_the_keys_do_not_know_is_refused():
    with pytest.raises(TypeError, match="cannot cover object"):
        page_key({"site": object()})


def test_a_templates_version_follows_the_templates_it_names_however_deep_or_circular(tmp_path: Path):
    from digest.render import template_versions

    sources = {"page.html": '{% extends "base.html" %}', "base.html": "{%- import 'macros.html' as m %}",
               "macros.html": "<b>", "any.html": "{% include layout %}",
               "tree.html": '{% include "branch.html" %}', "branch.html": '{% from "tree.html" import x %}'}
    for name, source in sources.items():
        (tmp_path / name).write_text(source, encoding="utf-8")

    def changed_by(name: str) -> set[str]:
        before = template_versions(tmp_path)
        (tmp_path / name).write_text(sources[name] + " ", encoding="utf-8")
        return {n for n, version in template_versions(tmp_path).items() if before[n] != version}

    assert changed_by("macros.html") == {"macros.html", "base.html", "page.html", "any.html"}
    assert changed_by("branch.html") == {"branch.html", "tree.html", "any.html"}
    assert changed_by("page.html") == {"page.html", "any.html"}
