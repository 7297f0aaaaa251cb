from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from welcome.api.urls import api
from welcome.portal import views as portal_views

# The admin demands a verified second factor (TOTP), not just a password.
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "Welcome Center Region Hannover"

# A database outage answers 503 in the user's language; every other error the plain 500 page.
handler500 = "welcome.portal.errors.server_error"

urlpatterns = [
    path("healthz", portal_views.healthz, name="healthz"),
    path("livez", portal_views.livez, name="livez"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("welcome.portal.urls")),
    path("accounts/", include("welcome.accounts.urls")),
    path("faq/", include("welcome.knowledge.urls")),
    path("consultation/", include("welcome.consultations.urls")),
    path("office/procedures/", include("welcome.procedures.office_urls")),
    path("office/", include("welcome.cases.urls")),
    path("statistics/", include("welcome.insights.urls")),
    path("employer/", include("welcome.procedures.urls")),
    path("youth/", include("welcome.youth.urls")),
    prefix_default_language=False,
)

# Uploads are never served by URL, not even in development: documents are read through their
# views, which check access and write the audit log.
