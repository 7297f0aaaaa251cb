"""Cases in named business states, opened through the real service (routing, consent, timeline)."""

from welcome.cases.services import case_open

ALL_PURPOSES = ("advice", "pre_check", "case_handling")


def open_case(**overrides):
    """A residence request from Hannover (→ ABH LHH) with consent for the inbox, unless overridden.

    `consent_for=[...]` lists institutions the person consented to (all purposes); the default is
    the Welcome Center and whatever the routing picks is covered by passing it explicitly.
    """
    consent_for = overrides.pop("consent_for", ("welcome-center", "abh-lhh", "abh-region"))
    arguments = {
        "topic": "residence",
        "requester_kind": "worker",
        "person": {
            "name": "Amina Haddad",
            "email": "amina@example.org",
            "phone": "+212 600 000000",
            "nationality": "Moroccan",
        },
        "municipality": "Hannover",
        "occupation_isco": None,
        "language": "en",
        "channel": "email",
        "summary": "I start as a nurse in Hannover and need a residence permit.",
        "data": {},
        "consents": [(i, p) for i in consent_for for p in ALL_PURPOSES],
        "source": "consultation_request",
        "by": None,
    }
    arguments.update(overrides)
    return case_open(**arguments)


class FakeUpload:
    """A minimal stand-in for an uploaded file (name, size, read, seek)."""

    def __init__(self, name: str, content: bytes):
        import io

        self.name = name
        self._buffer = io.BytesIO(content)
        self.size = len(content)

    def read(self, *args):
        return self._buffer.read(*args)

    def seek(self, *args):
        return self._buffer.seek(*args)


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64
