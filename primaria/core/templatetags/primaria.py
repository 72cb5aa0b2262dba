from django import template

register = template.Library()


@register.inclusion_tag("includes/input.html")
def input_field(name, label, values=None, errors=None, type="text", hint="", autocomplete="", required=True):
    """A labelled input with its hint and its error, linked for screen readers."""
    return {
        "name": name, "label": label, "value": (values or {}).get(name, ""), "error": (errors or {}).get(name, ""),
        "type": type, "hint": hint, "autocomplete": autocomplete, "required": required,
    }


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key, "")
