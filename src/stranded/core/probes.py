"""A 404 on the URL of a record that exists is a probe, however it was refused.

`get_visible` logs the records a user's role may open but whose area or operation hides them.
A role that may not open such records at all (a driver on a person's page) is refused earlier, by
`require_perm` or `ensure`, before any record is looked up; `record_denied_lookup` logs those
too, from the URL's record ids, once the view has answered 404 (AuditContextMiddleware).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from stranded.core.audit import probe_pending, record_probe
from stranded.core.models import User

# URL id names whose model is not simply the name in the URL's app.
ALIASES = {
    ("evacuation", "request"): "evacuationrequest",
    ("interop", "request"): "sharingrequest",
    ("interop", "notification"): "movementnotification",
    ("animals", "inquiry"): "petinquiry",
    ("core", "request"): "rolerequest",
    ("core", "credential"): "phonecredential",
}
API_APPS = {"sharing": "interop"}


def record_denied_lookup(request: HttpRequest, response: HttpResponse) -> None:
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if response.status_code != 404 or match is None or probe_pending():
        return
    if not (isinstance(user, User) and user.is_authenticated):
        return
    app = _app(request, match.namespace)
    for name, value in match.kwargs.items():
        model = _model(app, name[:-3]) if name.endswith("_id") else None
        if model is not None and _exists(model, value):
            record_probe(actor=user, target=(_label(model), str(value)))


def _app(request: HttpRequest, namespace: str) -> str:
    if namespace.startswith("api"):
        parts = request.path.split("/")
        app = parts[2] if len(parts) > 2 else ""
        return API_APPS.get(app, app)
    return namespace.split(":")[0]


def _model(app: str, name: str) -> type[Model] | None:
    name = ALIASES.get((app, name), name)
    models = [m for m in apps.get_models() if m._meta.model_name == name]
    in_app = [m for m in models if m._meta.app_label == app]
    found = in_app or models
    return found[0] if len(found) == 1 else None


def _exists(model: type[Model], value: Any) -> bool:
    try:
        return model._default_manager.filter(pk=value).exists()
    except (ValidationError, ValueError, TypeError):
        return False


def _label(model: type[Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"
