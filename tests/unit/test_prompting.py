from __future__ import annotations

import pytest

from summarise import SchemaTypeError
from summarise.prompting import PromptTemplate
from summarise.schema_types import get_schema_type

HOSTILE = "Intro {{ 7*7 }} and {% include 'x' %} and {{ ''.__class__.__mro__ }} {# c #} end."


def test_article_text_reaches_the_prompt_unrendered() -> None:
    messages = get_schema_type("news").template.render(article=HOSTILE, hints=None)
    assert [m["role"] for m in messages] == ["system", "user"]
    assert HOSTILE in messages[1]["content"]
    assert "49" not in messages[1]["content"]


def test_an_undefined_variable_is_an_error_not_an_empty_string() -> None:
    template = PromptTemplate(
        name="t",
        source="{% block system %}s{% endblock %}{% block user %}{{ artcle }}{% endblock %}",
    )
    with pytest.raises(SchemaTypeError, match="artcle"):
        template.render(article="x")


def test_the_sandbox_blocks_python_internals() -> None:
    template = PromptTemplate(
        name="t",
        source="{% block system %}s{% endblock %}"
        "{% block user %}{{ article.__class__.__mro__ }}{% endblock %}",
    )
    with pytest.raises(SchemaTypeError):
        template.render(article="x")


def test_templates_must_define_both_message_blocks() -> None:
    with pytest.raises(SchemaTypeError, match="user"):
        PromptTemplate(name="t", source="{% block system %}s{% endblock %}")


def test_a_syntax_error_names_the_template_and_line() -> None:
    with pytest.raises(SchemaTypeError, match=r"'broken'.*line 2"):
        PromptTemplate(name="broken", source="{% block system %}\n{% if %}{% endblock %}")


def test_the_hash_follows_the_source() -> None:
    source = "{% block system %}a{% endblock %}{% block user %}{{ article }}{% endblock %}"
    assert (
        PromptTemplate(name="a", source=source).sha256
        == PromptTemplate(name="b", source=source).sha256
    )
    assert (
        PromptTemplate(name="a", source=source).sha256
        != PromptTemplate(name="a", source=source + " ").sha256
    )
