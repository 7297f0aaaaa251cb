"""Who takes part in a § 81a procedure besides the employer: the institutions that pre-check,
the authority (or the Welcome Center recording the steps of one that works elsewhere), and the
body whose time a state counts as. Rules only — no writes; `services` and the pages read them.
"""

from __future__ import annotations

from welcome.procedures import machine
from welcome.procedures.models import Application

PRE_CHECKERS = ("welcome-center", "ihk-hannover", "hwk-hannover")
# Who records the steps of an authority that works outside the platform (its notices).
RECORDER = "welcome-center"


def authority_actor(application: Application) -> str | None:
    """The institution whose staff take the authority's steps in the platform."""
    return authority_actor_of(application.mode, application.authority_id)


def authority_actor_of(mode: str, authority_id: str | None) -> str | None:
    """authority_actor from the two values it reads (for jobs that read values, not rows)."""
    return RECORDER if mode == Application.Mode.RECORDED else authority_id


def notices_expected(application: Application) -> bool:
    """The authority works elsewhere and the filed procedure runs: the employer uploads the
    notices it receives, the Welcome Center records the steps they report."""
    return (
        application.mode == Application.Mode.RECORDED
        and application.state not in machine.BEFORE_FILING
        and application.state not in machine.FINAL
    )


def recorded(application: Application, transition: machine.Transition) -> bool:
    """The step is recorded from the notice of an authority that works elsewhere."""
    return transition.actor == machine.AUTHORITY and application.mode == Application.Mode.RECORDED


def acting_body(application: Application, waiting_for: str, *, authority: str | None = None) -> str:
    """Whose time a state counts as (`Step.acting_body`, read by the statistics and the
    forecast): the institution where the application names one, else the body waited for.
    ``authority`` stands in for the authority of an application not filed yet (the forecast
    asks who will be competent)."""
    if waiting_for == machine.AUTHORITY:
        return (application.authority_id or "") if authority is None else authority
    if waiting_for == machine.PRE_CHECKER:
        return application.pre_checker_id or ""
    if waiting_for == "recognition_body":
        return application.recognition_body
    return waiting_for
