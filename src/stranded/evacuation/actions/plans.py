"""Plans: the planner's scenario frozen (`start_plan`), computed (`compute_plan`: by the worker's
`tasks.compute_plan_task`, or here and now), failed, held by an authority's refusal.

queued -> running -> done or failed -> published (publish.py) -> superseded by the next one.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stranded.core import clock
from stranded.core.audit import record_event
from stranded.core.models import Operation, User
from stranded.evacuation.actions import EvacuationError
from stranded.evacuation.actions.fleet import available_vehicles
from stranded.evacuation.midday import (
    carried_by,
    requests_left,
    trips_under_way,
    vehicle_days,
)
from stranded.evacuation.models import (
    Boarding,
    Destination,
    EvacuationRequest,
    Plan,
    PlanStatus,
    RequestState,
)
from stranded.evacuation.planner import ScenarioError, parse_scenario

DEFAULT_HORIZON_MINUTES = 600  # the daylight window of one day


DEFAULT_DETOUR, DEFAULT_SPEED_KMH, DEFAULT_BOARD_MINUTES = 1.3, 40.0, 5.0


def plannable_requests(operation: Operation, at: datetime) -> Any:
    """Requests with consent, ready by `at`, not yet under way: open, or assigned in the
    published plan with nobody boarded yet (a new plan may replace it). A request without
    consent is never planned."""
    started = Boarding.objects.filter(stop__request=OuterRef("pk")).exclude(
        status=Boarding.Status.EXPECTED
    )
    waiting = Q(state=RequestState.OPEN) | Q(state=RequestState.ASSIGNED) & ~Exists(started)
    return (
        EvacuationRequest.objects.filter(operation=operation, consent=True)
        .filter(waiting)
        .filter(Q(ready_from__isnull=True) | Q(ready_from__lte=at))
        .order_by("created_at", "reference")
    )


def freeze_inputs(
    *, operation: Operation, destination: Destination, starts_at: datetime, settings: dict[str, Any]
) -> dict[str, Any]:
    """The planner scenario for now: the requests ready within the window (each with the
    minute it is ready), the vehicles on shift within it (each with its shift, and where a
    trip under way leaves it), the destination. Trips under way are kept: what they carry is
    not planned again, and their ids are frozen with the inputs for the publication."""
    board = float(settings.get("board_minutes") or DEFAULT_BOARD_MINUTES)
    horizon = float(settings.get("horizon_minutes") or DEFAULT_HORIZON_MINUTES)
    closing = minutes_until_closing(destination, starts_at)
    if closing is not None:
        if closing < 30:
            raise EvacuationError(
                _("plan.starts_at: %(destination)s closes in %(minutes)s min")
                % {"destination": destination, "minutes": f"{closing:.0f}"}
            )
        horizon = min(horizon, closing)
    ends_at = starts_at + timedelta(minutes=horizon)
    kept = list(trips_under_way(operation, clock.now(operation)))
    carried = carried_by(kept)
    groups = requests_left(list(plannable_requests(operation, ends_at)), carried, starts_at, board)
    vehicles = [v for v in available_vehicles(operation, starts_at, ends_at) if sum(v.capacity)]
    if not vehicles:
        raise EvacuationError(_("plan: no vehicle available at the start time"))
    if not groups:
        raise EvacuationError(_("plan: no open request with consent is ready at the start time"))
    base_lat = settings.get("base_lat") or operation.center_lat or groups[0]["lat"]
    base_lon = settings.get("base_lon") or operation.center_lon or groups[0]["lon"]
    rows, bases = vehicle_days(vehicles, kept, starts_at, horizon)
    scenario = {
        "horizon_minutes": horizon,
        "base": {"id": "base", "lat": base_lat, "lon": base_lon},
        "destination": {
            "lat": destination.lat,
            "lon": destination.lon,
            "unload_minutes": destination.unload_minutes,
        },
        "travel": {
            "detour": float(
                settings.get("detour") or operation.setting("evacuation_detour", DEFAULT_DETOUR)
            ),
            "speed_kmh": float(
                settings.get("speed_kmh")
                or operation.setting("evacuation_speed_kmh", DEFAULT_SPEED_KMH)
            ),
        },
        "vehicles": rows,
        "groups": groups,
        "kept_trips": [str(t.pk) for t in kept],
    }
    if bases:
        scenario["bases"] = bases
    try:
        parse_scenario(scenario)
    except ScenarioError as error:
        raise EvacuationError(_("plan: %(error)s") % {"error": error}) from error
    return scenario


def minutes_until_closing(destination: Destination, starts_at: datetime) -> float | None:
    """The window ends when the destination closes (the crossing's opening hours), if set."""
    if destination.closes is None:
        return None
    local = starts_at.astimezone(clock.zone(clock.of(destination)))
    closes = local.replace(
        hour=destination.closes.hour, minute=destination.closes.minute, second=0, microsecond=0
    )
    return (closes - local).total_seconds() / 60


@transaction.atomic
def start_plan(
    *,
    operation: Operation,
    by: User | None,
    seconds: float,
    settings: dict[str, Any],
) -> Plan:
    """Freeze the inputs into a plan, queued: the worker computes it (the caller enqueues
    `tasks.compute_plan_task` in the same transaction), or `compute_plan` here and now (the demo,
    scripts)."""
    destination = settings.get("destination")
    if not isinstance(destination, Destination) or destination.operation_id != operation.pk:
        raise EvacuationError(_("plan.destination: choose a destination of this operation"))
    starts_at = settings.get("starts_at") or clock.now(operation)
    inputs = freeze_inputs(
        operation=operation, destination=destination, starts_at=starts_at, settings=settings
    )
    stored = {k: v for k, v in settings.items() if k not in ("destination", "starts_at")}
    plan = Plan.objects.create(
        operation=operation,
        destination=destination,
        starts_at=starts_at,
        seconds=seconds,
        settings=stored,
        inputs=inputs,
        created_by=by,
        progress={"fraction": 0.0},
    )
    record_event(
        actor=by,
        verb="plan.started",
        target=plan,
        detail={"groups": plan.groups, "vehicles": len(inputs["vehicles"]), "seconds": seconds},
    )
    return plan


def compute_plan(*, plan: Plan) -> Plan:
    """Run the planner on the frozen inputs (not atomic: progress is committed as it comes)."""
    from stranded.evacuation.planner import build_problem, validate
    from stranded.evacuation.planner import plan as run_planner
    from stranded.evacuation.planner.measure import measure
    from stranded.evacuation.planner.problem import unserved_reasons

    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.RUNNING)

    def progress(report: dict[str, float]) -> None:
        fraction = min(1.0, report["elapsed"] / max(plan.seconds, 0.1))
        Plan.objects.filter(pk=plan.pk).update(
            progress={
                "fraction": round(fraction, 3),
                "best_makespan": round(report["best_makespan"], 1),
                "lower_bound": round(report["lower_bound"], 1),
            }
        )

    try:
        scenario = parse_scenario(plan.inputs)
        problem = build_problem(scenario)
        outcome = run_planner(problem, seconds=plan.seconds, progress=progress)
        errors = validate(scenario, outcome.plan)
        figures = measure(
            problem,
            outcome.plan,
            bound_all=outcome.lower_bound,
            seconds=min(5.0, 0.1 * plan.seconds),
        )
    except (ScenarioError, ValueError) as error:
        return _finish(plan, PlanStatus.FAILED, error=str(error)[:500])
    if errors:
        return _finish(plan, PlanStatus.FAILED, error="; ".join(errors[:5]))
    result = {
        **outcome.plan.to_json(),
        "figures": figures,
        "unserved_reasons": unserved_reasons(problem, outcome.plan),
    }
    return _finish(
        plan,
        PlanStatus.DONE,
        result=result,
        makespan_minutes=result["makespan_minutes"],
        lower_bound_minutes=figures["bound_minutes"],
        greedy_makespan_minutes=figures["hand_minutes"],
        evacuated=result["evacuated"],
        unserved=result["unserved"],
    )


def fail_lost_plan(*, plan: Plan) -> Plan:
    """The worker stopped (killed, crashed) while computing this plan: failed, visibly."""
    reason = "the worker stopped while computing this plan (killed or crashed); start it again"
    return _finish(plan, PlanStatus.FAILED, error=reason)


@transaction.atomic
def _finish(plan: Plan, status: str, **fields: Any) -> Plan:
    plan.refresh_from_db()
    plan.status, plan.finished_at = status, timezone.now()
    best = fields.get("makespan_minutes", plan.progress.get("best_makespan"))
    plan.progress = {**plan.progress, "fraction": 1.0, "best_makespan": best}
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.save()
    record_event(
        actor=plan.created_by,
        verb=f"plan.{status}",
        target=plan,
        detail={"makespan_minutes": plan.makespan_minutes, "evacuated": plan.evacuated},
    )
    return plan


def hold_trips(*, plan: Plan, reference: str = "", authority: str = "") -> None:
    """The authority refused the plan's movement (notification `reference`): its trips wait.
    Blank: the refusal was overridden or a later notification replaced it. Called by
    interop.movements, which records who answered and who overrode."""
    plan.refused_reference, plan.refused_authority = reference, authority
    plan.save(update_fields=["refused_reference", "refused_authority"])
