from django.urls import include, path

from stranded.api import api
from stranded.health import health_view

urlpatterns = [
    path("health/", health_view, name="health"),
    path("api/", api.urls),
    path("", include("stranded.core.urls")),
    path("places/", include("stranded.places.urls")),
    path("tracing/", include("stranded.tracing.urls")),
    path("sweeps/", include("stranded.sweeps.urls")),
    path("evacuation/", include("stranded.evacuation.urls")),
    path("needs/", include("stranded.needs.urls")),
    path("remains/", include("stranded.remains.urls")),
    path("animals/", include("stranded.animals.urls")),
    path("sharing/", include("stranded.interop.urls")),
    path("openrosa/", include("stranded.sweeps.openrosa_urls")),
]
