"""The result as a PDF (WeasyPrint), from a self-contained HTML page: no network fetches."""

from __future__ import annotations

import logging
from typing import Any

from django.template.loader import render_to_string


def pdf_html(context: dict[str, Any], request=None) -> str:
    return render_to_string("portal/pathway/result_pdf.html", context, request=request)


def pdf_bytes(html: str) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line per step

    return HTML(string=html, url_fetcher=_refuse).write_pdf()


def _refuse(url: str, *args, **kwargs):
    """The PDF template embeds everything; any fetch would be a mistake (or an SSRF)."""
    raise ValueError(f"The PDF may not fetch {url}")
