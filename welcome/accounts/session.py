"""The signed-in user and the second-factor device of their session, read in one query.

Every signed-in request needs both: Django's AuthenticationMiddleware reads the user by the
session's user id, then django-otp's OTPMiddleware reads the device by the session's device id —
two queries on every page of the back office and the employer portal (a sixth of the case page,
bench/README). Here the OTP middleware reads the device with its user joined, and the backend
hands Django that user instead of reading it again.

Nothing that decides moves: Django still checks the session's password hash, the backend still
refuses an inactive user (`user_can_authenticate`), and django-otp still drops a device of
another user or one not confirmed. Without a device in the session (between the password and
the second factor) both are read as before.
"""

from __future__ import annotations

import functools
from contextvars import ContextVar

from django.apps import apps
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from welcome.prepared import Prepared

BACKEND = "welcome.accounts.session.SessionDeviceBackend"

# The session's device with its user, while the OTP middleware resolves request.user.
_session_device: ContextVar[Device | None] = ContextVar("session_device", default=None)


class SessionDeviceBackend(ModelBackend):
    """Django's ModelBackend, taking the user already joined to the session's device."""

    def get_user(self, user_id):
        device = _session_device.get()
        if device is None or device.user_id != user_id:
            return super().get_user(user_id)
        user = device.user
        return user if self.user_can_authenticate(user) else None


class SessionDeviceMiddleware(OTPMiddleware):
    """django-otp's OTPMiddleware, reading the device and its user before Django reads the user."""

    def _verify_user_sync(self, request, user):
        token = _session_device.set(_device_with_user(request.session))
        try:
            return super()._verify_user_sync(request, user)  # Django's get_user runs in here
        finally:
            _session_device.reset(token)

    def _device_from_persistent_id(self, persistent_id: str):
        device = _session_device.get()
        if device is not None and device.persistent_id == self._normalize_persistent_id(
            persistent_id
        ):
            return device
        return super()._device_from_persistent_id(persistent_id)


def _device_with_user(session) -> Device | None:
    """The session's device joined to its user, if it is the session user's; else None."""
    persistent_id = session.get(DEVICE_ID_SESSION_KEY)
    user_id = session.get(SESSION_KEY)
    if not (persistent_id and user_id):
        return None
    try:
        label, pk = OTPMiddleware._normalize_persistent_id(persistent_id).rsplit("/", 1)
        model = apps.get_model(label)
        user_id = get_user_model()._meta.pk.to_python(user_id)
        pk = int(pk)
    except (ValueError, LookupError, ValidationError):
        return None
    if not issubclass(model, Device):
        return None
    device = next(iter(_device_query(model)(pk)), None)
    return device if device is not None and device.user_id == user_id else None


@functools.cache  # one per device model (two are installed)
def _device_query(model) -> Prepared:
    """The device by its key with its user joined, compiled once (welcome/prepared.py)."""
    return Prepared(lambda pk: model.objects.select_related("user").filter(pk=pk)[:1])
