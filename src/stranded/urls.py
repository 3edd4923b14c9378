from django.urls import include, path

from stranded.api import api
from stranded.core.health import health_view
from stranded.fieldwork.urls import sweeps_urlpatterns as visit_page
from stranded.sweeps.urls import urlpatterns as sweeps_pages

urlpatterns = [
    path("health/", health_view, name="health"),
    path("api/", api.urls),
    path("", include("stranded.core.urls")),
    path("places/", include("stranded.places.urls")),
    path("tracing/", include("stranded.tracing.urls")),
    # The visit page lives in fieldwork and keeps its name, sweeps:visit-new.
    path("sweeps/", include((sweeps_pages + visit_page, "sweeps"))),
    path("evacuation/", include("stranded.evacuation.urls")),
    path("needs/", include("stranded.needs.urls")),
    path("remains/", include("stranded.remains.urls")),
    path("animals/", include("stranded.animals.urls")),
    path("sharing/", include("stranded.interop.urls")),
    path("openrosa/", include("stranded.fieldwork.openrosa_urls")),
]
