"""The result as a PDF, from a self-contained HTML page (``welcome.pdf`` refuses any fetch)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from welcome.pdf import pdf_bytes

__all__ = ["pdf_bytes", "pdf_html"]


def pdf_html(context: dict[str, Any], request=None) -> str:
    return render_to_string("portal/pathway/result_pdf.html", context, request=request)
