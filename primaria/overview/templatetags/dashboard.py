from django import template

from primaria.overview.charts import ro_number

register = template.Library()


@register.filter
def ro(value, decimals=0):
    """A number written the Romanian way: 1.234.567 or 3,5 (with the given decimals); None → —."""
    return ro_number(value, int(decimals))
