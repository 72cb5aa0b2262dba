"""What several browser journeys share: answers by field kind, the request form, and PDF downloads."""

from playwright.sync_api import expect

SERVICE_SLUG = "adeverinta-nomenclatura-stradala"
SERVICE_NAME = "Adeverință de nomenclatură stradală"

# A valid answer for each kind of question a service can ask.
ANSWERS = {
    "text": "Text de test", "long_text": "Un text mai lung, scris pentru test.", "number": "120",
    "date": "2026-11-20", "email": "test@example.ro", "phone": "0722 123 456", "cnp": "1800101350018",
    "cui": "18547290", "iban": "RO49AAAA1B31007593840000", "address": "Str. Florilor nr. 3, Municipiul Demo",
}


def service_fields(slug=SERVICE_SLUG):
    """The service's questions, from the database, in the order the form shows them."""
    from primaria.catalog.models import Service

    service = Service.objects.get(slug=slug)
    return list(service.fields.order_by("order")), list(service.required_documents.select_related("document_type"))


def fill_answers(page, fields, *, skip=(), prefix="id_"):
    """Answer every non-file question (except `skip`) by its kind; return {name: value given}."""
    given = {}
    for field in fields:
        if field.kind == "file" or field.name in skip:
            continue
        locator = page.locator(f"#{prefix}{field.name}")
        if field.kind == "choice":
            value = field.choice_list[1] if len(field.choice_list) > 1 else field.choice_list[0]
            locator.select_option(label=value)
        elif field.kind == "yes_no" and prefix == "id_":
            value = "da"
            page.locator(f"#f-{field.name} input[value=da]").check()
        elif field.kind == "yes_no":
            value = "da"
            locator.select_option(value="da")
        elif field.kind == "date" and prefix == "id_":  # the resident's form asks day, month and year
            value = ANSWERS["date"]
            year, month, day = value.split("-")
            for part, text in (("zi", day), ("luna", month), ("an", year)):
                page.locator(f"[name={field.name}-{part}]").fill(text)
        else:
            value = ANSWERS[field.kind]
            locator.fill(value)
        given[field.name] = value
    return given


def open_service_from_catalog(page, name=SERVICE_NAME):
    page.goto("/servicii/")
    expect(page.get_by_role("heading", name="Servicii online")).to_be_visible()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def download_pdf(page, link):
    """Download a link's target and return (bytes, suggested file name).

    The app serves PDFs inline, so a plain click opens Chromium's viewer; Alt+click is the browser's
    own "download the link" gesture.
    """
    with page.expect_download() as info:
        link.click(modifiers=["Alt"])
    download = info.value
    assert download.failure() is None, download.failure()
    with open(download.path(), "rb") as handle:
        return handle.read(), download.suggested_filename
