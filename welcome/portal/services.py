"""Writes of the portal: saving, re-checking and erasing pathway-check results (only when asked)."""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from welcome.audit.services import audit_log
from welcome.law import LAW_CODE_VERSION, RULES_VERSION, ProfileError, parameters
from welcome.pathway import check
from welcome.portal.models import SavedResult
from welcome.portal.pathway.changes import changes

logger = logging.getLogger("welcome.portal")


def retention() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "PATHWAY_RESULT_RETENTION_DAYS", 180))


@transaction.atomic
def saved_result_create(
    *,
    profile: dict[str, Any],
    language: str,
    email: str = "",
    result_id: uuid.UUID | None = None,
) -> SavedResult:
    """Evaluate the answers again on the server and keep the result as made, with its trace.

    ``email`` (optional, validated by the form) is where we write once when a change in the
    rules changes the outcome; it is erased with the result. ``result_id`` is only for demo
    content with known links; otherwise a random UUID.
    Raises ``welcome.law.ProfileError`` when the answers are not valid.
    """
    full, dependencies = _evaluated(profile, language)
    trace = full.pop("trace")
    now = timezone.now()
    saved = SavedResult.objects.create(
        id=result_id or uuid.uuid4(),
        profile=profile,
        evaluation=full,
        trace=trace,
        rules_version=RULES_VERSION,
        language=language,
        email=email,
        created_at=now,
        expires_at=now + retention(),
        **dependencies,
    )
    audit_log(
        actor=None,
        action="pathway_result.saved",
        obj=saved,
        reason="visitor asked",
        email_given=bool(email),
    )
    return saved


@transaction.atomic
def saved_result_delete(*, saved: SavedResult) -> None:
    """The visitor erases their saved result before it expires."""
    audit_log(actor=None, action="pathway_result.deleted", obj=saved, reason="visitor asked")
    saved.delete()


@transaction.atomic
def saved_results_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Erase every saved result past its expiry; returns how many (safe to run twice)."""
    deleted, _ = SavedResult.objects.filter(expires_at__lte=now or timezone.now()).delete()
    if deleted:
        audit_log(actor=None, action="pathway_result.purged", reason="expired", count=deleted)
    return deleted


@transaction.atomic
def saved_result_forget_email(*, saved: SavedResult) -> None:
    """The visitor withdraws their wish to be told of changes: the address is erased at once."""
    SavedResult.objects.filter(pk=saved.pk).update(email="")
    saved.email = ""
    audit_log(actor=None, action="pathway_result.email_erased", obj=saved, reason="visitor asked")


def _stale(now: dt.datetime):
    """Saved results made under other rules than today's, and not yet expired."""
    return SavedResult.objects.exclude(rules_version=RULES_VERSION).filter(expires_at__gt=now)


def _evaluated(
    profile: dict[str, Any], language: str, *, today: dt.date | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The evaluation JSON with its trace in ``language``, and what it depended on besides the
    answers (the fields a re-check compares, see ``_unchanged``)."""
    with parameters.recording() as reads, translation.override(language):
        full = check.as_json(check.evaluation_of(check.parse(profile, today=today)), trace=True)
    return full, {
        "law_code_version": LAW_CODE_VERSION,
        "figures_read": [
            [name, on.isoformat() if on else None]
            for name, on in sorted(reads, key=lambda read: (read[0], read[1] or dt.date.min))
        ],
        "figures_digest": parameters.reads_digest(reads),
    }


def _evaluate_again(saved: SavedResult) -> tuple[dict[str, Any], dict[str, Any]]:
    """The same answers on the same evaluation date (a result saved without a date was made for
    the day it was saved), under the current rules, in the visitor's language — so a change is
    the rules' doing, not the calendar's. Raises ProfileError or ValueError when the current
    rules refuse the answers or the date."""
    evaluated_on = dt.date.fromisoformat(saved.evaluation["evaluated_on"])
    return _evaluated(saved.profile, saved.language, today=evaluated_on)


def _unchanged(
    law_code_version: str, figures_read: list, figures_digest: str, digests: dict[str, str]
) -> bool:
    """Whether an evaluation must come out the same under the current rules: the same rule code,
    and every figure it read answers as before (``digests`` remembers them for one run)."""
    if not figures_digest or law_code_version != LAW_CODE_VERSION:
        return False
    # Equal digests under the old files mean equal reads: the old digest keys the new one.
    if figures_digest not in digests:
        reads = {(name, dt.date.fromisoformat(on) if on else None) for name, on in figures_read}
        digests[figures_digest] = parameters.reads_digest(reads)
    return digests[figures_digest] == figures_digest


def saved_result_recheck(*, result_id: uuid.UUID) -> bool | None:
    """Re-evaluate one saved result if it was made under other rules; answers whether its
    outcome changed (None: nothing to do — already re-checked, expired, deleted or being
    re-checked by another run)."""
    changed, _failed = _recheck_rows([result_id])
    return changed.get(result_id)


def _recheck_rows(ids: list[uuid.UUID]) -> tuple[dict[uuid.UUID, bool], int]:
    """Re-evaluate the saved results ``ids`` made under other rules, in one transaction: which
    of them changed their outcome, and how many failed to evaluate (kept for the next run).

    The rows are locked while they are evaluated (those another run holds are skipped), so two
    runs at once re-check a result once; the new evaluation replaces the old one, which is kept
    as ``previous_evaluation`` when the outcome changed, and an e-mail becomes due then. One
    transaction for the batch instead of one per row: the commit is a disk flush.
    """
    now = timezone.now()
    changed: dict[uuid.UUID, bool] = {}
    failed = 0
    with transaction.atomic():
        stale = _stale(now).select_for_update(skip_locked=True).filter(pk__in=ids)
        # The old trace is replaced unread; the previous evaluation is only ever written here.
        for saved in stale.defer("trace", "previous_evaluation"):
            try:
                full, dependencies = _evaluate_again(saved)
            except (ProfileError, ValueError):
                # The current rules refuse these answers or this date: keep the result as made,
                # and do not try again until the rules change once more.
                logger.warning(
                    "A saved result could not be re-checked under rules %s.", RULES_VERSION
                )
                SavedResult.objects.filter(pk=saved.pk).update(
                    rules_version=RULES_VERSION, rechecked_at=now
                )
                changed[saved.pk] = False
                continue
            except Exception:
                failed += 1
                logger.exception(
                    "A saved result could not be re-checked; the next run tries again."
                )
                continue
            trace = full.pop("trace")
            changed[saved.pk] = bool(changes(saved.evaluation, full))
            fields = ["evaluation", "trace", "rules_version", "rechecked_at", *dependencies]
            for name, value in dependencies.items():
                setattr(saved, name, value)
            if changed[saved.pk]:
                saved.previous_evaluation = saved.evaluation
                saved.changed_at = now
                saved.change_mailed_at = None
                fields += ["previous_evaluation", "changed_at", "change_mailed_at"]
            saved.evaluation, saved.trace = full, trace
            saved.rules_version, saved.rechecked_at = RULES_VERSION, now
            saved.save(update_fields=fields)
    return changed, failed


RECHECK_BATCH = 200


def saved_results_stale_exist() -> bool:
    """Whether any saved result waits for a re-check (one query)."""
    return _stale(timezone.now()).exists()


def saved_results_recheck(
    *, batch_size: int = RECHECK_BATCH, seconds: float | None = None
) -> dict[str, int]:
    """Re-check every saved result made under other rules, a batch of ids at a time; stops
    after ``seconds`` (checked between batches) so a periodic run leaves the rest to the next
    one. A result made by the same rule code whose figures all answer as before is marked
    re-checked without evaluating it (in one UPDATE per batch); every other one is evaluated
    again in a transaction of its own. Safe to run twice and to stop at any point: a re-checked
    row carries the current rules version and is not read again. Answers the counts."""
    started = time.monotonic()
    now = timezone.now()
    rechecked = changed = failed = 0
    after = None
    digests: dict[str, str] = {}  # old digest → new digest, for this run
    while seconds is None or time.monotonic() - started < seconds:
        stale = _stale(now).order_by("pk")
        if after is not None:
            stale = stale.filter(pk__gt=after)
        rows = list(
            stale.values_list("pk", "law_code_version", "figures_read", "figures_digest")[
                :batch_size
            ]
        )
        ids = [row[0] for row in rows]
        # Results whose evaluation cannot have changed take the new rules version in one
        # statement; only the others are evaluated again, one by one.
        same = [row[0] for row in rows if _unchanged(*row[1:], digests)]
        if same:
            rechecked += (
                _stale(now)
                .filter(pk__in=same)
                .update(rules_version=RULES_VERSION, rechecked_at=now)
            )
        skipped = set(same)
        results, batch_failed = _recheck_rows([pk for pk in ids if pk not in skipped])
        rechecked += len(results)
        changed += sum(results.values())
        failed += batch_failed
        if len(ids) < batch_size:
            break
        after = ids[-1]
    if rechecked:
        audit_log(
            actor=None,
            action="pathway_result.rechecked",
            reason="rules changed",
            count=rechecked,
            changed=changed,
            rules_version=RULES_VERSION,
        )
    return {"rechecked": rechecked, "changed": changed, "failed": failed}
