"""Background adapters: look the record up by id, call the action."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from stranded.evacuation.models import Plan, PlanStatus


@task()
def compute_plan(plan_id: str) -> str:
    from stranded.evacuation.actions import compute

    plan = Plan.objects.filter(pk=plan_id, status=PlanStatus.QUEUED).first()
    if plan is None:
        return "gone"
    return compute(plan).status


@task()
def send_outbox_task() -> dict[str, Any]:
    from stranded.evacuation.outbox import send_outbox

    return send_outbox()
