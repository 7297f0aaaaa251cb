"""Uploaded files judged by their content: PDF, JPEG or PNG, at most 10 MB, stored under a random
name. Shared by case documents and the § 81a procedure's documents."""

from __future__ import annotations

import hashlib
import logging
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}

logger = logging.getLogger("welcome.files")


class UploadRefused(ValueError):
    """The file cannot be accepted; ``message`` is a sentence in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def sniff_content_type(head: bytes) -> str | None:
    """The real type by magic bytes (never by name): PDF, JPEG or PNG, else None."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def sanitise_file_name(name: str, extension: str) -> str:
    """A display name without paths, control or odd characters, ending in the real extension."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = unicodedata.normalize("NFKC", base)
    stem = base.rsplit(".", 1)[0] if "." in base else base
    cleaned = "".join(c if c.isalnum() or c in "-_ " else "_" for c in stem).strip(" ._")
    cleaned = "_".join(cleaned.split())[:80] or "document"
    return f"{cleaned}.{extension}"


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    display_name: str
    sha256: str

    @property
    def extension(self) -> str:
        return ALLOWED_TYPES[self.content_type]

    def store(self, folder: str) -> str:
        """Save under a random name in ``folder``; returns the storage path.

        A storage that fails to write (a full disk, a read-only or lost volume) refuses the
        upload with a sentence for the user and leaves no part of the file behind: Django's
        file storage keeps what it wrote before the error."""
        path = f"{folder}/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}.{self.extension}"
        try:
            return default_storage.save(path, ContentFile(self.content))
        except OSError as error:
            logger.exception("Upload of %d bytes not stored (%s).", len(self.content), path)
            _remove_partial(path)
            raise UploadRefused(
                _(
                    "The file could not be stored because the server has no room for it at the "
                    "moment. Nothing was saved. Please try again later."
                )
            ) from error


def _remove_partial(path: str) -> None:
    """Delete what a failed save left at ``path``. The name is ours alone (192 random bits), so
    a file there is the broken one."""
    try:
        if default_storage.exists(path):
            default_storage.delete(path)
    except OSError:
        logger.exception("A partial upload could not be removed: %s", path)


def check_upload(upload) -> CheckedFile:
    """Read an uploaded file and accept it only as a real PDF, JPEG or PNG of at most 10 MB."""
    if upload is None:
        raise UploadRefused(_("Please choose a file."))
    if upload.size > MAX_UPLOAD_BYTES:
        raise UploadRefused(_("The file is larger than 10 MB. Please upload a smaller file."))
    if upload.size == 0:
        raise UploadRefused(_("The file is empty."))
    upload.seek(0)
    content = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadRefused(_("The file is larger than 10 MB. Please upload a smaller file."))
    content_type = sniff_content_type(content[:16])
    if content_type is None:
        raise UploadRefused(
            _(
                "%(name)s is not a PDF, JPEG or PNG file (judged by its content, not its name). "
                "Please upload one of these types."
            )
            % {"name": sanitise_file_name(upload.name, "").rstrip(".")}
        )
    return CheckedFile(
        content=content,
        content_type=content_type,
        display_name=sanitise_file_name(upload.name, ALLOWED_TYPES[content_type]),
        sha256=hashlib.sha256(content).hexdigest(),
    )
