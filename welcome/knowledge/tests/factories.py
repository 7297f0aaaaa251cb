"""Factories with named states for FAQ content, editors and drafts."""

import copy
import itertools

from welcome.accounts.models import User
from welcome.accounts.tests.factories import StaffFactory
from welcome.knowledge.services import (
    entry_draft_save,
    entry_import,
    guide_draft_save,
    guide_import,
)

_numbers = itertools.count(1)


def EditorFactory(**kwargs) -> User:  # noqa: N802 - reads like the other factories
    """A content editor of the Welcome Center, with a confirmed second factor."""
    kwargs.setdefault("institution_id", "welcome-center")
    return StaffFactory(role=User.Role.CONTENT_EDITOR, **kwargs)


def published_entry(
    slug: str | None = None,
    *,
    translations: dict[str, tuple[str, str]] | None = None,
    topic: str = "general",
    audience=("workers",),
    source: str = "§ 18g AufenthG",
    popular: bool = False,
):
    """A published FAQ entry, as load_knowledge makes it (vectors and full-text included)."""
    slug = slug or f"entry-{next(_numbers)}"
    translations = translations or {
        "de": ("Wie beantrage ich die Blaue Karte?", "Bei der **Ausländerbehörde**."),
        "en": ("How do I apply for the EU Blue Card?", "At the **foreigners authority**."),
    }
    entry_import(
        item={
            "slug": slug,
            "topic": topic,
            "audience": list(audience),
            "source": source,
            "reviewed_on": "2026-11-01",
            "popular": popular,
            "translations": {
                code: {"question": question, "answer": answer}
                for code, (question, answer) in translations.items()
            },
        }
    )
    from welcome.knowledge.models import Entry

    return Entry.objects.get(slug=slug)


def draft(*, by, entry=None, slug=None, question="Was kostet die Blaue Karte?", answer="100 €."):
    """An open draft written by `by` (a new entry unless `entry` is given)."""
    return entry_draft_save(
        by=by,
        entry=entry,
        slug=slug or f"draft-{next(_numbers)}",
        topic="blue_card",
        audience=["workers"],
        source="§ 69 AufenthV",
        reviewed_on=__import__("datetime").date(2026, 11, 1),
        translations={"de": (question, answer), "en": ("What does the Blue Card cost?", answer)},
    )


def guide_item(
    slug: str | None = None, *, visa_body: str = "Beim **Konsulat** beantragen."
) -> dict:
    """One guide as a YAML file holds it: two steps in German and English."""
    return {
        "slug": slug or f"guide-{next(_numbers)}",
        "source": "§ 6 AufenthG",
        "reviewed_on": "2026-11-01",
        "title": {"de": "Mit dem Visum einreisen", "en": "Entering with a visa"},
        "summary": {"de": "Vom Antrag bis zur Einreise.", "en": "From application to entry."},
        "steps": [
            {
                "roadmap_step": "visa",
                "title": {"de": "Visum beantragen", "en": "Apply for the visa"},
                "body": {"de": visa_body, "en": "Apply at the **consulate**."},
            },
            {
                "roadmap_step": None,
                "title": {"de": "Einreisen", "en": "Enter Germany"},
                "body": {"de": "Mit Reisepass und Visum.", "en": "With passport and visa."},
            },
        ],
    }


def published_guide(slug: str | None = None, **changes):
    """A published guide with version 1 from the content files, as load_knowledge makes it."""
    from welcome.knowledge.models import Guide

    item = guide_item(slug, **changes)
    guide_import(item=item)
    return Guide.objects.get(slug=item["slug"])


def guide_draft(*, by, guide, visa_body: str = "Jetzt **online** beantragen."):
    """The open draft of `guide` by `by`: the published content with a new German visa text."""
    content = copy.deepcopy(guide.versions.get(state="published").content)
    content["steps"][0]["body"]["de"] = visa_body
    return guide_draft_save(guide=guide, content=content, by=by)


SMALL_CONTENT = [
    (
        "blue-card-apply",
        {
            "de": (
                "Wie beantrage ich die Blaue Karte EU?",
                "Sie beantragen die Blaue Karte EU mit einem Arbeitsvertrag und einem "
                "anerkannten Hochschulabschluss bei der Ausländerbehörde.",
            ),
            "en": (
                "How do I apply for the EU Blue Card?",
                "You apply for the EU Blue Card with an employment contract and a recognised "
                "university degree at the foreigners authority.",
            ),
            "tr": (
                "AB Mavi Kartı için nasıl başvururum?",
                "AB Mavi Kartı için iş sözleşmesi ve tanınmış bir üniversite diplomasıyla "
                "yabancılar dairesine başvurursunuz.",
            ),
        },
    ),
    (
        "recognition-where",
        {
            "de": (
                "Wo beantrage ich die Anerkennung meines Berufsabschlusses?",
                "Die zuständige Stelle finden Sie mit dem Anerkennungs-Finder. Für Berufe der "
                "Industrie ist die IHK FOSA zuständig, für Handwerksberufe die Handwerkskammer.",
            ),
            "en": (
                "Where do I apply for recognition of my vocational qualification?",
                "The Anerkennungs-Finder names the competent body. IHK FOSA handles industrial "
                "occupations, the chamber of crafts handles crafts.",
            ),
        },
    ),
    (
        "family-reunification",
        {
            "de": (
                "Kann meine Familie mit nach Deutschland kommen?",
                "Ehepartner und minderjährige Kinder können nachziehen. Sie brauchen ein Visum "
                "zum Familiennachzug.",
            ),
            "en": (
                "Can my family come with me to Germany?",
                "Spouses and minor children can join you. They need a family reunification visa.",
            ),
        },
    ),
    (
        "address-registration",
        {
            "de": (
                "Wie melde ich meine Wohnung an?",
                "Innerhalb von zwei Wochen nach dem Einzug beim Bürgeramt Ihrer Gemeinde.",
            ),
            "en": (
                "How do I register my address?",
                "Within two weeks of moving in, at the citizens' office of your municipality.",
            ),
        },
    ),
    (
        "opportunity-card-points",
        {
            "de": (
                "Wie viele Punkte brauche ich für die Chancenkarte?",
                "Sie brauchen mindestens 6 Punkte, zum Beispiel für Sprachkenntnisse, "
                "Berufserfahrung und Alter.",
            ),
            "en": (
                "How many points do I need for the Opportunity Card?",
                "You need at least 6 points, for example for language skills, work experience "
                "and age.",
            ),
        },
    ),
]


def small_content():
    """Five published entries in German and English (one also in Turkish)."""
    return {slug: published_entry(slug, translations=t) for slug, t in SMALL_CONTENT}
