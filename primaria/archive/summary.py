"""The summary sheet (fișa cererii) archived with every closed request: what was asked, by whom, what
happened and when, as a PDF that stays readable without the platform."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from primaria.core.pdf import html_to_pdf


def request_summary_pdf(request) -> bytes:
    from primaria.requests.answers import display_value

    answers = []
    for field in request.service.fields.all():
        if field.name in request.data:
            answers.append((field.label, display_value(field, request.data[field.name])))
    with translation.override("ro"):  # the archived record is Romanian, whatever the page's language
        html = render_to_string("archive/request_summary.html", {
            "req": request, "institution": request.institution, "answers": answers,
            "timeline": request.timeline.filter(public=True).order_by("at", "pk"),
            "attachments": request.attachments.select_related("document"), "printed_at": timezone.localtime(),
        })
    return html_to_pdf(html)
