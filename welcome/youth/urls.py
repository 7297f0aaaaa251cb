from django.urls import path

from welcome.knowledge import views as knowledge_views
from welcome.knowledge.urls import editor_urls
from welcome.youth import views
from welcome.youth.views import PROGRAMME_PAGES

app_name = "youth"

urlpatterns = [
    path("", views.finder, name="finder"),
    path("editor/", views.editor_home, name="editor_home"),
    path("editor/new/", knowledge_views.editor_edit, {"pages": PROGRAMME_PAGES}, name="editor_new"),
    *editor_urls(PROGRAMME_PAGES, items="editor/programmes", versions="editor/versions"),
]
