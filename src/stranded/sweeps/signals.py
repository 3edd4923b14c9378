"""What other apps hear from sweeps.

`visit_recorded` is sent inside the visit's transaction, once per new visit (never for a repeated
submission): needs, remains, animals and evacuation turn the visit's structured data into their
own records in their receivers (connected in their AppConfig.ready). A receiver that raises
rolls the visit back: nothing partial is saved.
"""

from django.dispatch import Signal

# kwargs: visit (sweeps.models.Visit), by (the user who recorded it)
visit_recorded = Signal()
