from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or "" (the category's questions are data, so their field names are too)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
