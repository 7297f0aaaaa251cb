"""Staff pages of the § 81a procedure, mounted at /office/procedures/ (welcome/urls.py)."""

from django.urls import path

from welcome.procedures import office_views as views

app_name = "procedures_office"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("companies/", views.companies, name="companies"),
    path("companies/<int:company_id>/verify/", views.verify_company, name="company_verify"),
    path("<int:application_id>/", views.detail, name="detail"),
    path("<int:application_id>/steps/<slug:name>/", views.take_step, name="step"),
    path(
        "<int:application_id>/documents/<int:document_id>/",
        views.download_document,
        name="document",
    ),
    path(
        "<int:application_id>/documents/<int:document_id>/review/",
        views.review_document,
        name="review",
    ),
]
