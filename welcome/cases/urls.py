from django.urls import path

from welcome.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("find/", views.find, name="find"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/take/", views.take, name="take"),
    path("<int:case_id>/assign/", views.assign, name="assign"),
    path("<int:case_id>/status/", views.change_status, name="status"),
    path("<int:case_id>/notes/", views.add_note, name="note"),
    path("<int:case_id>/handover/", views.hand_over, name="handover"),
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
]
