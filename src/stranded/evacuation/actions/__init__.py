"""Every change of evacuation records: atomic, audited, named verb_noun; a module for each thing
acted on.

- requests.py: requests for evacuation (created, from a visit's persons, cancelled)
- fleet.py: vehicles and destinations
- plans.py: a plan's scenario frozen and computed (`compute_plan`; the worker's task
  `tasks.compute_plan_task` runs it), failed, held by an authority's refusal
- publish.py: a plan published: trips, stops, boardings expected, manifests
- boarding.py: boarded / no-show per person on the trip day
- handover.py: the hand-over at the destination, in steps that each write one app's records

Request states: open -> assigned (a published plan puts it on a trip) -> boarded / no-show ->
handed over; cancelled at any time before boarding. Plans: queued -> running -> done or failed
-> published (one per operation) -> superseded by the next one published.
"""

from __future__ import annotations


class EvacuationError(ValueError):
    """A change the records do not allow; the message names the record and field."""


class CapacityError(EvacuationError):
    pass
