"""The employer portal of the § 81a procedure (mounted at /employer/) and the worker's pages.

An application's pages all live under "applications/<id>/"; the dashboard builds its row links
from that prefix instead of reversing once per row.
"""

from django.urls import path

from welcome.procedures import views

app_name = "procedures"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("register/", views.register, name="register"),
    path("colleagues/", views.colleagues, name="colleagues"),
    path("applications/new/", views.application_new, name="new"),
    path("applications/<int:application_id>/", views.application_detail, name="detail"),
    path("applications/<int:application_id>/edit/", views.application_edit, name="edit"),
    path("applications/<int:application_id>/step/", views.transition, name="transition"),
    path("applications/<int:application_id>/family/", views.family_add, name="family_add"),
    path(
        "applications/<int:application_id>/family/<int:member_id>/remove/",
        views.family_remove,
        name="family_remove",
    ),
    path("applications/<int:application_id>/documents/", views.upload, name="upload"),
    path(
        "applications/<int:application_id>/documents/<int:document_id>/",
        views.document_download,
        name="document",
    ),
    path("applications/<int:application_id>/notice/", views.notice_upload, name="notice"),
    path(
        "applications/<int:application_id>/power-of-attorney/send/",
        views.power_of_attorney_send,
        name="poa_send",
    ),
    path(
        "applications/<int:application_id>/power-of-attorney.pdf",
        views.power_of_attorney_pdf,
        name="poa_pdf",
    ),
    path(
        "applications/<int:application_id>/agreement.pdf",
        views.agreement_pdf,
        name="agreement_pdf",
    ),
    # The worker's pages: no login, the signed link (tokens.py) is the key.
    path("worker/<str:token>/", views.worker_status, name="worker_status"),
    path(
        "worker/<str:token>/power-of-attorney/",
        views.power_of_attorney_confirm,
        name="poa_confirm",
    ),
]
