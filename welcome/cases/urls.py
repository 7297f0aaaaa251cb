from django.urls import path

from welcome.cases import team_views, views

app_name = "cases"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("find/", views.find, name="find"),
    path("search/", views.search, name="search"),
    path("bulk/", views.bulk, name="bulk"),
    path("notifications/", team_views.notifications, name="notifications"),
    path("notifications/read/", team_views.notifications_read, name="notifications_read"),
    path(
        "notifications/<int:notification_id>/",
        team_views.notification_open,
        name="notification",
    ),
    path("team/", team_views.team, name="team"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/take/", views.take, name="take"),
    path("<int:case_id>/assign/", views.assign, name="assign"),
    path("<int:case_id>/status/", views.change_status, name="status"),
    path("<int:case_id>/notes/", views.add_note, name="note"),
    path("<int:case_id>/handover/", views.hand_over, name="handover"),
    path("<int:case_id>/triage/accept/", views.accept_proposal, name="accept_proposal"),
    path("<int:case_id>/pathway/", views.pathway_recheck, name="pathway_recheck"),
    path("<int:case_id>/consents/", views.give_consent, name="consent"),
    path(
        "<int:case_id>/consents/<int:consent_id>/withdraw/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("<int:case_id>/documents/", views.upload_document, name="upload"),
    path(
        "<int:case_id>/documents/<int:document_id>/",
        views.download_document,
        name="document",
    ),
    path("<int:case_id>/export/", views.export, name="export"),
    path("<int:case_id>/letters/", views.letter_preview, name="letter_preview"),
    path("<int:case_id>/letters/pdf/", views.letter_pdf, name="letter_pdf"),
    path("<int:case_id>/letters/send/", views.letter_send, name="letter_send"),
]
