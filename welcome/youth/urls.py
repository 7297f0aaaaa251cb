from django.urls import path

from welcome.knowledge import views as knowledge_views
from welcome.knowledge.urls import editor_urls
from welcome.youth import figure_views, referral_views, views
from welcome.youth.views import PROGRAMME_PAGES

app_name = "youth"

urlpatterns = [
    path("", views.finder, name="finder"),
    path("programmes/<slug:slug>/request/", referral_views.referral_new, name="referral_new"),
    path("r/<str:token>/", referral_views.referral_public, name="referral"),
    path("r/<str:token>/withdraw/", referral_views.referral_withdraw, name="referral_withdraw"),
    path("referrals/", referral_views.inbox, name="referrals"),
    path("referrals/<int:referral_id>/", referral_views.referral_detail, name="referral_detail"),
    path(
        "referrals/<int:referral_id>/status/",
        referral_views.referral_status,
        name="referral_status",
    ),
    path("training-places/", referral_views.training_offers, name="training_offers"),
    path(
        "training-places/<int:offer_id>/remove/",
        referral_views.training_offer_remove,
        name="training_offer_remove",
    ),
    path("figures/", figure_views.page, name="figures"),
    path("figures/<str:table>.csv", figure_views.export_csv, name="figures_csv"),
    path("editor/", views.editor_home, name="editor_home"),
    path("editor/new/", knowledge_views.editor_edit, {"pages": PROGRAMME_PAGES}, name="editor_new"),
    *editor_urls(PROGRAMME_PAGES, items="editor/programmes", versions="editor/versions"),
]
