"""`{% load paging %}{% page_url 3 %}`: the current page's address with another page number."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], number: int) -> str:
    """`?` + the request's query string with `page` replaced (filters kept)."""
    query = context["request"].GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()
