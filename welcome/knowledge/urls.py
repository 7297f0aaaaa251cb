from django.urls import path

from welcome.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("guides/<slug:slug>/", views.guide, name="guide"),
    path("editor/", views.editor_home, name="editor_home"),
    path("editor/new/", views.editor_new, name="editor_new"),
    path("editor/gaps/", views.editor_gaps, name="editor_gaps"),
    path("editor/entries/<slug:slug>/", views.editor_history, name="editor_history"),
    path("editor/entries/<slug:slug>/edit/", views.editor_edit, name="editor_edit"),
    path("editor/versions/<int:pk>/", views.editor_version, name="editor_version"),
    path("editor/versions/<int:pk>/publish/", views.editor_publish, name="editor_publish"),
    path("editor/versions/<int:pk>/discard/", views.editor_discard, name="editor_discard"),
    path("editor/versions/<int:pk>/restore/", views.editor_restore, name="editor_restore"),
    path("editor/guides/<slug:slug>/", views.editor_guide, name="editor_guide"),
    path("editor/guides/<slug:slug>/edit/", views.editor_guide_edit, name="editor_guide_edit"),
    path(
        "editor/guide-versions/<int:pk>/", views.editor_guide_version, name="editor_guide_version"
    ),
    path(
        "editor/guide-versions/<int:pk>/publish/",
        views.editor_guide_publish,
        name="editor_guide_publish",
    ),
    path(
        "editor/guide-versions/<int:pk>/discard/",
        views.editor_guide_discard,
        name="editor_guide_discard",
    ),
    path(
        "editor/guide-versions/<int:pk>/restore/",
        views.editor_guide_restore,
        name="editor_guide_restore",
    ),
    path("<slug:slug>/", views.entry, name="entry"),
    path("<slug:slug>/feedback/", views.feedback, name="feedback"),
]
