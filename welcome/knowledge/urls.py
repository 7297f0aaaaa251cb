from django.urls import path

from welcome.knowledge import views
from welcome.knowledge.views import ENTRY_PAGES, GUIDE_PAGES


def editor_urls(prefix: str, history: str, versions: str, pages: views.EditorPages) -> list:
    """The editor pages of one content type: /<prefix>/<slug>/ lists its versions (URL name
    `history`), /<versions>/<pk>/ shows one (URL name `<history>_version` …)."""
    name = history.removesuffix("_history")
    kinds = {"pages": pages}
    return [
        path(f"{prefix}/<slug:slug>/", views.editor_history, kinds, name=history),
        path(f"{prefix}/<slug:slug>/edit/", views.editor_edit, kinds, name=f"{name}_edit"),
        path(f"{versions}/<int:pk>/", views.editor_version, kinds, name=f"{name}_version"),
        *(
            path(
                f"{versions}/<int:pk>/{action}/",
                views.editor_action,
                {**kinds, "action": action},
                name=f"{name}_{action}",
            )
            for action in views.ACTIONS
        ),
    ]


app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("guides/<slug:slug>/", views.guide, name="guide"),
    path("editor/", views.editor_home, name="editor_home"),
    path("editor/new/", views.editor_edit, {"pages": ENTRY_PAGES}, name="editor_new"),
    path("editor/gaps/", views.editor_gaps, name="editor_gaps"),
    *editor_urls("editor/entries", "editor_history", "editor/versions", ENTRY_PAGES),
    *editor_urls("editor/guides", "editor_guide", "editor/guide-versions", GUIDE_PAGES),
    path("<slug:slug>/", views.entry, name="entry"),
    path("<slug:slug>/feedback/", views.feedback, name="feedback"),
]
