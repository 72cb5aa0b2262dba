"""HTML to PDF, one way for every document the platform prints (proofs, answers, receipts, certificates,
archive sheets).

PDF/A-2a: the archival format the law on electronic archiving asks for, at its accessible level "a". WeasyPrint
then writes a tagged PDF: a structure tree of headings, paragraphs, lists, tables with their header cells and
figures with their text alternative (the `alt` of an image), the document's language (from `<html lang>`),
and its title (from `<title>`) shown by readers in place of the file name. Screen readers read the document in
order; a signature added later (PAdES, an incremental update) leaves all of this as it was.
"""

PDF_VARIANT = "pdf/a-2a"


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant=PDF_VARIANT)
