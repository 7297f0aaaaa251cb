"""HTML to PDF with WeasyPrint for every document the platform prints (the check's result, the
letters to a person, the employer's agreement): self-contained HTML, no network fetches."""

from __future__ import annotations

import logging


def pdf_bytes(html: str) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line per step

    return HTML(string=html, url_fetcher=_refuse).write_pdf()


def _refuse(url: str, *args, **kwargs):
    """Every template embeds what it shows; any fetch would be a mistake (or an SSRF)."""
    raise ValueError(f"The PDF may not fetch {url}")
