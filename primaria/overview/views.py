from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from primaria.core.decorators import official_required
from primaria.institutions.models import Role
from primaria.institutions.selectors import institution_ids_of
from primaria.queue_tickets.selectors import timing_statistics as queue_statistics
from primaria.requests.models import OPEN_STATUSES
from primaria.satisfaction.selectors import dashboard_context as satisfaction_figures
from primaria.workflow.selectors import overdue_steps

from . import charts, selectors
from .charts import ro_number

PAGE_SIZE = 50
# The overdue and open lists are rendered once for everyone of the same institutions and filters and kept
# this long: many managers watching the page then cost one rendering, and a list is at most this old.
LISTS_SECONDS = 15


@official_required(Role.MAYOR, Role.SECRETARY_GENERAL)
def index(request):
    user = request.user
    departments = list(selectors.departments_of(user))
    department = request.GET.get("compartiment", "")
    department_id = int(department) if department.isdigit() and any(str(d.pk) == department for d in departments) else None
    status = request.GET.get("stare", "")
    status = status if status in OPEN_STATUSES else ""
    sort = request.GET.get("ordine", "")
    sort = sort if sort in selectors.OPEN_SORTS else selectors.DEFAULT_SORT

    open_qs = selectors.open_requests(user, department_id=department_id, status=status, sort=sort)
    wanted = request.GET.get("pagina", "")
    # Counted and read only when the cached lists below have expired; the page number keys them.
    page = SimpleLazyObject(lambda: Paginator(open_qs, PAGE_SIZE).get_page(wanted))

    return render(request, "overview/index.html", {
        **selectors.cached_figures(user),
        "overdue": selectors.overdue_requests(user),  # read only when the cached fragment has expired
        "overdue_limit": selectors.OVERDUE_LIMIT,
        "overdue_limit_slice": f":{selectors.OVERDUE_LIMIT}",
        "overdue_steps": overdue_steps(institution_ids_of(user)),  # likewise read only for a fresh fragment
        "page": page,
        "departments": departments,
        "statuses": [(s.value, s.label) for s in OPEN_STATUSES],
        "sorts": [(key, label) for key, (label, _) in selectors.OPEN_SORTS.items()],
        "filters": {"department": str(department_id or ""), "status": status, "sort": sort},
        "lists_key": "-".join(str(i) for i in sorted(institution_ids_of(user))),
        "page_key": int(wanted) if wanted.isdigit() else 1,
        "lists_seconds": LISTS_SECONDS,
    })


@official_required(Role.MAYOR, Role.SECRETARY_GENERAL)
def dashboard(request):
    """Charts of the figures the city halls report, from the cached dashboard (see selectors.compute_dashboard)."""
    data = selectors.cached_dashboard(request.user)
    # The cached figures are shared by every reader: the months are named here, in the page's language.
    for row in [*data["channels"], *data["paper"]["months"]]:
        row["label"] = selectors.month_label(row["month"])
    return render(request, "overview/dashboard.html", {
        **data,
        "month_labels": [selectors.month_label(m) for m in data["months"]],
        "charts": _charts(data),
        "top_services": selectors.TOP_SERVICES,
        "queue": queue_statistics(institution_ids_of(request.user)),  # the walk-in queue's times (docs/queue.md)
        # Applicants' answers to the survey after closing, over the period chosen (docs/satisfaction.md).
        "satisfaction": satisfaction_figures(request.user, request.GET),
    })


def _charts(data) -> dict:
    """The SVG of each chart, drawn from the cached figures (cheap: a few dozen numbers each)."""
    months = [selectors.month_label(m) for m in data["months"]]
    short_months = [f"{selectors.RO_MONTHS[m.month - 1]} {m:%y}" for m in data["months"]]
    period = f"{months[0]} – {months[-1]}"
    filed, handling, on_time = data["filed"], data["handling"], data["on_time"]
    statuses, channels, paper = data["open_by_status"], data["channels"], data["paper"]
    money = data.get("money")
    busiest = max(range(len(months)), key=lambda i: filed["totals"][i]) if filed["total"] else None
    return {
        "filed": charts.column_chart(
            "grafic-depuse", title=_("Cereri depuse pe luni și compartimente, %(period)s") % {"period": period},
            desc=(_("Coloane stivuite, câte una pe lună: %(total)s cereri depuse în total, cele mai multe în "
                    "%(month)s (%(count)s).") % {"total": ro_number(filed["total"]), "month": months[busiest],
                                                 "count": ro_number(filed["totals"][busiest])}
                  if busiest is not None else
                  _("Coloane stivuite, câte una pe lună: %(total)s cereri depuse în total.")
                  % {"total": ro_number(filed["total"])}),
            categories=short_months, stacked=True,
            series=[charts.Series(d["name"], d["counts"]) for d in filed["departments"]]
            or [charts.Series(_("Cereri"), [0] * len(months))],
        ),
        "status": charts.bar_chart(
            "grafic-stari", title=_("Cereri deschise acum, pe stări"),
            desc="; ".join(f"{s['label']}: {ro_number(s['count'])}" for s in statuses) + ".",
            labels=[s["label"] for s in statuses],
            series=[charts.Series(_("Cereri deschise"), [s["count"] for s in statuses])],
        ),
        "handling": charts.bar_chart(
            "grafic-durata", title=_("Durata de soluționare pe servicii (zile), %(period)s") % {"period": period},
            desc=(_("Pentru fiecare serviciu, două bare: durata medie și durata în care s-au soluționat 90%% dintre "
                    "cereri.") % {} + " "
                  + "; ".join(_("%(service)s: medie %(average)s, 90%% %(p90)s zile")
                              % {"service": h["name"], "average": ro_number(h["average_days"], 1),
                                 "p90": ro_number(h["p90_days"], 1)}
                              for h in handling[:3]) + ("…" if len(handling) > 3 else "")),
            labels=[h["name"] for h in handling], decimals=1, unit=" " + _("z"),
            series=[charts.Series(_("Media"), [h["average_days"] for h in handling]),
                    charts.Series(_("90%% soluționate în") % {}, [h["p90_days"] for h in handling])],
        ) if handling else None,
        "on_time": charts.bar_chart(
            "grafic-termen", title=_("Cereri soluționate în termen, pe compartimente, %(period)s") % {"period": period},
            desc=(_("Procentul cererilor soluționate până la termen: %(rate)s%% în total.")
                  % {"rate": ro_number(on_time["rate"], 1)} + " "
                  + "; ".join(f"{d['name']}: {ro_number(d['rate'], 1)}%" for d in on_time["departments"]) + "."),
            labels=[d["name"] for d in on_time["departments"]], x_max=100, unit="%", decimals=0,
            series=[charts.Series(_("În termen"), [d["rate"] for d in on_time["departments"]])],
        ) if on_time["departments"] else None,
        "channels": charts.line_chart(
            "grafic-canale", title=_("Cereri depuse online și la ghișeu, pe luni (%%), %(period)s") % {"period": period},
            desc=(_("Două linii: procentul cererilor depuse online și al celor depuse la ghișeu, în fiecare lună. "
                    "Ultima lună: %(share)s%% online.") % {"share": ro_number(channels[-1]["online_share"], 1)}),
            categories=short_months, y_max=100, unit="%",
            series=[charts.Series(_("Online"), [c["online_share"] for c in channels]),
                    charts.Series(_("La ghișeu"), [c["counter_share"] for c in channels])],
        ),
        "money_days": charts.column_chart(
            "grafic-incasari", title=_("Încasări pe zile, ultimele %(days)s zile (lei)") % {"days": selectors.MONEY_DAYS},
            desc=(_("Coloane stivuite, câte una pe zi: plăți cu cardul online și prin ordin de plată. %(total)s lei în "
                    "total, %(share)s%% cu cardul.") % {"total": ro_number(money["total"]),
                                                       "share": ro_number(money["online_share"], 1)}),
            categories=[f"{d['day']:%d.%m}" if i % 5 == 0 else "" for i, d in enumerate(money["days"])],
            stacked=True, unit=" lei",
            series=[charts.Series(_("Card, online"), [d["card"] for d in money["days"]]),
                    charts.Series(_("Ordin de plată"), [d["transfer"] for d in money["days"]])],
        ) if money and money["total"] else None,
        "money_taxes": charts.bar_chart(
            "grafic-impozite", title=_("Încasări pe impozite și taxe, ultimele 12 luni (lei)"),
            desc="; ".join(f"{t['name']}: {ro_number(t['total'])} lei" for t in money["taxes"]) + ".",
            labels=[t["name"] for t in money["taxes"]], unit=" lei",
            series=[charts.Series(_("Încasat"), [t["total"] for t in money["taxes"]])],
        ) if money and money["taxes"] else None,
        "paper": charts.column_chart(
            "grafic-hartie", title=_("Pagini care nu au mai fost tipărite, pe luni, %(period)s") % {"period": period},
            desc=(_("Coloane stivuite: paginile documentelor încărcate online și ale răspunsurilor transmise "
                    "electronic. %(pages)s pagini în ultimele 12 luni.") % {"pages": ro_number(paper["window_total"])}),
            categories=short_months, stacked=True,
            series=[charts.Series(_("Documente încărcate online"), [m["uploaded"] for m in paper["months"]]),
                    charts.Series(_("Răspunsuri transmise electronic"), [m["issued"] for m in paper["months"]])],
        ),
    }
