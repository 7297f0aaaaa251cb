from django.urls import path

from welcome.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.public, name="public"),
    path("office/", views.office, name="office"),
    path("data/<slug:table>.csv", views.export_csv, name="csv"),
    path("data.json", views.export_json, name="json"),
]
