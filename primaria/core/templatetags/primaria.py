from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

register = template.Library()
PAGES = gettext_lazy("Pagini")


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


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page, label=PAGES, anchor=""):
    """Previous/next links that keep the page's filters (every query parameter but `pagina`)."""
    query = context["request"].GET.copy()
    query.pop("pagina", None)
    return {"page": page, "query": query.urlencode(), "label": label, "anchor": anchor}


@register.filter
def file_size(size):
    """A file's size as people read it, in the page's language: "850 B", "12 kB", "1,4 MB" ("1.4 MB" in English)."""
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    if size < 1000:
        return f"{size} B"
    if size < 1000 * 1000:
        return f"{round(size / 1000)} kB"
    return f"{number_format(round(size / (1000 * 1000), 1), 1)} MB"


@register.filter
def translated_record(record, name="message"):
    """A line kept in a record, in the page's language (primaria.core.phrases)."""
    from primaria.core.phrases import shown

    return shown(record, name)
