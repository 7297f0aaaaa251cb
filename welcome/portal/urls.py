from django.urls import path

from welcome.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
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
