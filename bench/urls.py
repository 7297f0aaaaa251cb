from django.http import JsonResponse
from django.urls import path

from welcome.urls import urlpatterns as welcome_urlpatterns


def baseline(request):
    """The yardstick: a bare Django JSON view through the same middleware stack (a query
    string, which bench.common adds to make every request new, is ignored)."""
    return JsonResponse({"status": "ok"})


urlpatterns = [path("bench/baseline", baseline), *welcome_urlpatterns]
