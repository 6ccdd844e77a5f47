from django.contrib import admin
from django.urls import include, path

from procurement.views.health import healthz

urlpatterns = [
    # No trailing slash and no second address: load balancers and the access rules name exactly
    # /healthz, and a redirect would read as a failure to most probes.
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("procurement.api.urls")),
    path("", include("procurement.urls")),
]
