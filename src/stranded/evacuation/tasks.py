"""Background adapters: look the record up by id, call the action."""

from __future__ import annotations

from django_tasks import task

from stranded.evacuation.actions.plans import compute_plan, fail_lost_plan
from stranded.evacuation.models import Plan, PlanStatus


@task()
def compute_plan_task(plan_id: str) -> str:
    """Runs `compute_plan` in the worker; enqueued with the plan that `start_plan` made."""
    active = [PlanStatus.QUEUED, PlanStatus.RUNNING]
    plan = Plan.objects.filter(pk=plan_id, status__in=active).first()
    if plan is None:
        return "gone"
    if plan.status == PlanStatus.RUNNING:
        # A worker stopped (kill -9, crash) in the middle of this plan and stranded.core.worker
        # queued the task again: the plan is failed with the reason, never left running.
        return fail_lost_plan(plan=plan).status
    return compute_plan(plan=plan).status
