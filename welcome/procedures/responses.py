"""The procedure's downloads as HTTP responses: attachments that no cache keeps, since each holds
personal data (a worker's document, a PDF with the worker's details, the list of applications).
"""

from __future__ import annotations

import csv

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse

from welcome.procedures.models import Document


def document_file(document: Document) -> FileResponse:
    """An uploaded document, under the name it was uploaded with."""
    response = FileResponse(
        default_storage.open(document.file.name, "rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.original_name,
    )
    response["Cache-Control"] = "no-store"
    return response


def pdf_file(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def csv_file(table: list[list[str]], name: str) -> HttpResponse:
    """A table as CSV, with a byte order mark so spreadsheet programs read UTF-8."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    csv.writer(response).writerows(table)
    return response
