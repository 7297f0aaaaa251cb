from django.urls import path

from welcome.knowledge import views
from welcome.knowledge.views import ENTRY_PAGES, GUIDE_PAGES


def editor_urls(pages: views.EditorPages, *, items: str, versions: str) -> list:
    """The editor pages of one content type: `items`/<slug>/ lists an item's versions, with
    edit/ beside it; `versions`/<pk>/ shows one version, with its actions beside it."""
    kwargs = {"pages": pages}
    name, history = pages.url_name.split(":")[1], pages.history_url.split(":")[1]
    return [
        path(f"{items}/<slug:slug>/", views.editor_history, kwargs, name=history),
        path(f"{items}/<slug:slug>/edit/", views.editor_edit, kwargs, name=f"{name}_edit"),
        path(f"{versions}/<int:pk>/", views.editor_version, kwargs, name=f"{name}_version"),
        *(
            path(
                f"{versions}/<int:pk>/{action}/",
                views.editor_action,
                {**kwargs, "action": action},
                name=f"{name}_{action}",
            )
            for action in views.ACTIONS
        ),
    ]


app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("guides/<slug:slug>/", views.guide, name="guide"),
    path("topics/<slug:topic>/", views.topic, name="topic"),
    path("editor/", views.editor_home, name="editor_home"),
    path("editor/new/", views.editor_edit, {"pages": ENTRY_PAGES}, name="editor_new"),
    path("editor/gaps/", views.editor_gaps, name="editor_gaps"),
    *editor_urls(ENTRY_PAGES, items="editor/entries", versions="editor/versions"),
    *editor_urls(GUIDE_PAGES, items="editor/guides", versions="editor/guide-versions"),
    path("<slug:slug>/", views.entry, name="entry"),
    path("<slug:slug>/feedback/", views.feedback, name="feedback"),
]
