"""A line kept as a phrase in a message's context (`primaria.core.phrases`), in the language being rendered."""

from django import template

from primaria.core.phrases import translated

register = template.Library()


@register.simple_tag
def phrase_line(key, params, written):
    """`{% phrase_line subject_key subject_params subject %}`: the phrase translated, or the text as written."""
    return translated(key or "", params if isinstance(params, dict) else {}, written or "")
