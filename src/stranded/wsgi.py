import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stranded.settings")
application = get_wsgi_application()

if os.environ.get("STRANDED_PRELOAD_INDEX", "").lower() in {"1", "true", "yes", "on"}:
    # gunicorn --preload: the master builds the matching indexes once, before it forks its
    # workers; each worker (and each one started again after a crash or a timeout) begins with
    # them and reads only what changed since (stranded.core.serving).
    from stranded.tracing.index import preload_indexes

    preload_indexes()
