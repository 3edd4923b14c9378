"""Messages to families: queued by the hand-over (`queue_message`), sent by a pluggable channel.

`settings.STRANDED_OUTBOX_CHANNEL` names a class with `send(message)`; it raises to fail. The
default "log" channel marks a message sent and logs only its id: no contact, no text.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from stranded.core.audit import record_event

if TYPE_CHECKING:
    from stranded.core.models import Operation
    from stranded.evacuation.models import OutboxMessage
    from stranded.tracing.models import Inquiry

logger = logging.getLogger(__name__)
DEFAULT_CHANNEL = "stranded.evacuation.outbox.LogChannel"


class Channel(Protocol):
    name: str

    def send(self, message: Any) -> None: ...


class LogChannel:
    name = "log"

    def send(self, message: Any) -> None:
        logger.info("outbox message %s delivered to the log channel", message.pk)


def channel() -> Channel:
    cls = import_string(getattr(settings, "STRANDED_OUTBOX_CHANNEL", DEFAULT_CHANNEL))
    return cls()  # type: ignore[no-any-return]


def channel_name() -> str:
    return channel().name


def queue_message(*, operation: Operation, inquiry: Inquiry, text: str) -> OutboxMessage:
    """A message to the family behind `inquiry`, queued for the channel; sent by send_outbox."""
    from stranded.evacuation.models import OutboxMessage

    return OutboxMessage.objects.create(
        operation=operation,
        inquiry=inquiry,
        channel=channel_name(),
        recipient=inquiry.inquirer_contact,
        text=text,
    )


def send_outbox(*, limit: int = 200) -> dict[str, int]:
    """Send queued messages, each in its own transaction; a failure is kept with its reason."""
    from stranded.evacuation.models import OutboxMessage

    sender = channel()
    counts = {"sent": 0, "failed": 0}
    ids = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED).values_list(
            "pk", flat=True
        )[:limit]
    )
    for pk in ids:
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=OutboxMessage.Status.QUEUED)
                .first()
            )
            if message is None:
                continue
            message.attempts += 1
            try:
                if not message.recipient:
                    raise ValueError("no contact for the family")
                sender.send(message)
            except Exception as error:  # any channel failure is kept, not raised
                message.status, message.error = OutboxMessage.Status.FAILED, str(error)[:200]
            else:
                message.status, message.sent_at = OutboxMessage.Status.SENT, timezone.now()
            message.save(update_fields=["status", "error", "attempts", "sent_at"])
            counts[message.status] += 1
            record_event(
                actor=None,
                verb=f"outbox.{message.status}",
                target=message,
                detail={"channel": message.channel},
            )
    return counts
