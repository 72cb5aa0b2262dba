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


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page, label="Pagini", anchor=""):
    """Previous/next links that keep the page's filters (every query parameter but `pagina`)."""
    query = context["request"].GET.copy()
    query.pop("pagina", None)
    return {"page": page, "query": query.urlencode(), "label": label, "anchor": anchor}


@register.filter
def file_size(size):
    """A file's size as people read it, in Romanian: "850 B", "12 kB", "1,4 MB"."""
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    if size < 1000:
        return f"{size} B"
    if size < 1000 * 1000:
        return f"{round(size / 1000)} kB"
    return f"{size / (1000 * 1000):.1f} MB".replace(".", ",")
