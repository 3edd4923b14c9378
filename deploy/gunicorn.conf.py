"""gunicorn's own lines (start, workers, timeouts) in stranded's log format, on stderr.

Used by deploy/systemd/stranded-web.service: gunicorn --config /srv/stranded/deploy/gunicorn.conf.py
gunicorn's access log stays off: stranded writes its own access lines (stranded.core.logs).
"""

import os

from stranded.settings import LOGGING

# The master loads the application and builds the matching indexes before it forks: a worker
# never builds one itself (on a loaded machine that outlasted the 60 s timeout, and the next
# worker started again), it reads what changed since. A preloaded master keeps its code: upgrade
# with `systemctl restart stranded-web`, not a reload.
preload_app = True
os.environ.setdefault("STRANDED_PRELOAD_INDEX", "true")

# gunicorn applies this with logging.config.dictConfig over its defaults: its loggers lose their
# own handlers and hand their records to stranded's (same format, JSON with
# STRANDED_LOG_FORMAT=json).
logconfig_dict = {
    **LOGGING,
    "loggers": {
        **LOGGING["loggers"],
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": True},
    },
}
