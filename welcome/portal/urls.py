from django.urls import path

from welcome.portal import views
from welcome.portal.pathway import views as pathway

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("pathway/", pathway.wizard, name="pathway"),
    path("pathway/result/", pathway.result, name="pathway_result"),
    path("pathway/result/pdf/", pathway.result_pdf, name="pathway_pdf"),
    path("pathway/save/", pathway.save, name="pathway_save"),
    path("pathway/saved/<uuid:result_id>/", pathway.saved, name="pathway_saved"),
    path("pathway/saved/<uuid:result_id>/pdf/", pathway.saved_pdf, name="pathway_saved_pdf"),
    path(
        "pathway/saved/<uuid:result_id>/delete/",
        pathway.saved_delete,
        name="pathway_saved_delete",
    ),
    path(
        "pathway/saved/<uuid:result_id>/forget-email/",
        pathway.saved_forget_email,
        name="pathway_saved_forget_email",
    ),
    path("who-is-responsible/", views.responsible, name="responsible"),
    path("imprint/", views.page, {"template": "portal/imprint.html"}, name="imprint"),
    path("privacy/", views.page, {"template": "portal/privacy.html"}, name="privacy"),
    path(
        "accessibility/",
        views.page,
        {"template": "portal/accessibility.html"},
        name="accessibility",
    ),
]
