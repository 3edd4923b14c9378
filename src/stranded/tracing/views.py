"""Tracing pages: inquiry intake built for a phone call, lists, person page, match review."""

from __future__ import annotations

from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stranded.core.access import actor, ensure_operation, require_perm
from stranded.core.history import corrections_of
from stranded.core.http import uuid_or_404
from stranded.core.paging import csv_export, paged, wants_csv
from stranded.core.roles import Perm
from stranded.places.mapdata import operation_focus
from stranded.tracing import access
from stranded.tracing.actions import (
    BULK_MOST,
    DecisionError,
    DuplicateError,
    FollowUpError,
    change_person,
    close_as_duplicate,
    close_inquiry,
    complete_follow_up,
    confirm_match,
    decide_matches,
    open_inquiry,
    reject_match,
)
from stranded.tracing.forms import (
    BIRTH_FIELDS,
    CloseInquiryForm,
    InquiryFilterForm,
    InquiryForm,
    PersonForm,
    PersonSearchForm,
    person_initial,
)
from stranded.tracing.index import quick_candidates, warm_index
from stranded.tracing.listing import (
    INQUIRY_COLUMNS,
    MATCH_FILTERS,
    filtered_matches,
    match_choices,
)
from stranded.tracing.matching.rank import clearly_beaten
from stranded.tracing.models import FollowUp, Match, PersonStatus, Source


@require_perm(Perm.EDIT_INQUIRIES)
def inquiry_new(request: HttpRequest) -> HttpResponse:
    operation = ensure_operation(actor(request), Perm.EDIT_INQUIRIES)
    form = InquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        warm_index(operation.pk)
        inquiry = open_inquiry(
            operation=operation,
            inquirer=form.inquirer(),
            sought=form.person_data(operation),
            channel=form.cleaned_data["channel"],
            by=actor(request),
        )
        messages.success(
            request, _("Inquiry %(reference)s recorded.") % {"reference": inquiry.reference}
        )
        return redirect("tracing:inquiry-detail", inquiry_id=inquiry.pk)
    center = operation_focus(operation) or (39.8155, 46.7519)
    return render(request, "tracing/inquiry_new.html", {"form": form, "center": center})


@require_POST
@require_perm(Perm.EDIT_INQUIRIES)
def already_known(request: HttpRequest) -> HttpResponse:
    """Live check while the officer types: is this person known already? (htmx partial)

    A POST of the whole intake form: the names typed never appear in a URL or an access log.
    """
    form = PersonForm(request.POST)
    candidates = []
    if form.is_valid():
        operation = ensure_operation(actor(request), Perm.EDIT_INQUIRIES)
        candidates = quick_candidates(actor(request), form.person_data(operation), limit=5)
    return render(request, "tracing/_already_known.html", {"candidates": candidates})


@require_GET
@require_perm(Perm.VIEW_INQUIRIES)
def inquiry_list(request: HttpRequest) -> HttpResponse:
    form = InquiryFilterForm(request.GET or None)
    inquiries = access.visible_inquiries(actor(request)).select_related("sought")
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            inquiries = inquiries.filter(status=data["status"])
        if data["channel"]:
            inquiries = inquiries.filter(channel=data["channel"])
        if data["reference"]:
            inquiries = inquiries.filter(reference__iexact=data["reference"].strip())
    exports = actor(request).can(Perm.EDIT_INQUIRIES)
    if wants_csv(request):
        if not exports:
            raise Http404
        rows = inquiries.select_related("sought__area", "duplicate_of").order_by("received_at")
        target = ("tracing.inquiry", "list")
        return csv_export(request, rows, INQUIRY_COLUMNS, name="inquiries", target=target)
    page = paged(request, inquiries)
    access.inquiries_listed(actor(request), list(page.object_list))
    access.persons_listed(actor(request), [i.sought for i in page.object_list])
    context = {"form": form, "page": page, "export": exports}
    return render(request, "tracing/inquiry_list.html", context)


@require_GET
@require_perm(Perm.VIEW_INQUIRIES)
def inquiry_detail(request: HttpRequest, inquiry_id: UUID) -> HttpResponse:
    inquiry = access.get_inquiry(actor(request), inquiry_id)
    matches = list(inquiry.matches.select_related("right").order_by("-probability"))
    access.persons_listed(actor(request), [m.right for m in matches])
    # Ranked best first; a candidate another one clearly beats is marked (rank.clearly_beaten).
    beaten = clearly_beaten([m.probability for m in matches])
    context = {
        "inquiry": inquiry,
        "matches": matches,
        "beaten": {m.pk for m, lost in zip(matches, beaten, strict=True) if lost},
        "notes": inquiry.sought.notes.select_related("author"),
        "leads": inquiry.leads.all(),
        "close_form": CloseInquiryForm(),
        "related": access.related_inquiries(actor(request), inquiry),
        "follow_up": inquiry.follow_ups.select_related("done_by").order_by("-created_at").first(),
    }
    return render(request, "tracing/inquiry_detail.html", context)


@require_POST
@require_perm(Perm.EDIT_INQUIRIES)
def inquiry_duplicate(request: HttpRequest, inquiry_id: UUID) -> HttpResponse:
    """Close this inquiry as a duplicate of another about the same person (chosen on the page
    from the inquiries shown as related, never typed)."""
    inquiry = access.get_inquiry(actor(request), inquiry_id, write=True)
    other = access.get_inquiry(actor(request), uuid_or_404(request.POST.get("of")))
    try:
        close_as_duplicate(inquiry=inquiry, of=other, by=actor(request))
    except DuplicateError as error:
        messages.error(request, str(error))
        return redirect("tracing:inquiry-detail", inquiry_id=inquiry.pk)
    messages.success(
        request,
        _("Inquiry %(ref)s closed as a duplicate of %(other)s.")
        % {"ref": inquiry.reference, "other": other.reference},
    )
    return redirect("tracing:inquiry-detail", inquiry_id=other.pk)


@require_POST
@require_perm(Perm.EDIT_INQUIRIES)
def inquiry_close(request: HttpRequest, inquiry_id: UUID) -> HttpResponse:
    inquiry = access.get_inquiry(actor(request), inquiry_id, write=True)
    form = CloseInquiryForm(request.POST)
    if form.is_valid():
        close_inquiry(inquiry=inquiry, reason=form.cleaned_data["reason"], by=actor(request))
    return redirect("tracing:inquiry-detail", inquiry_id=inquiry.pk)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.VIEW_PERSONS, Perm.VIEW_PERSONS_IN_AREAS)
def person_list(request: HttpRequest) -> HttpResponse:
    """Every person this user may see, by status and source, paged; or, for names typed (sent
    by POST: never in a URL), the best matches in any script, ranked by the matcher."""
    persons = access.visible_persons(actor(request)).filter(merged_into__isnull=True)
    status, source = request.GET.get("status", ""), request.GET.get("source", "")
    if status in PersonStatus.values:
        persons = persons.filter(status=status)
    if source in Source.values:
        persons = persons.filter(source=source)
    form = PersonSearchForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        operation = actor(request).operation
        assert operation is not None  # require_perm: a role in an operation
        warm_index(operation.pk)
        found = quick_candidates(actor(request), form.person_data(operation), limit=25)
    page = paged(request, persons.order_by("family_name", "given_name", "pk"))
    if found is None:
        access.persons_listed(actor(request), list(page.object_list))
    context = {
        "form": form,
        "found": found,
        "page": page,
        "status": status,
        "source": source,
        "statuses": PersonStatus.choices,
        "sources": Source.choices,
    }
    return render(request, "tracing/person_list.html", context)


@require_GET
@require_perm(Perm.VIEW_PERSONS, Perm.VIEW_PERSONS_IN_AREAS)
def person_detail(request: HttpRequest, person_id: UUID) -> HttpResponse:
    person = access.get_person(actor(request), person_id)
    context = {
        "person": person,
        "history": person.status_history.select_related("by"),
        "notes": person.notes.select_related("author", "inquiry"),
        "merged_from": person.merged_from.all(),
        "corrections": corrections_of(person),
    }
    return render(request, "tracing/person_detail.html", context)


@require_perm(Perm.EDIT_PERSONS)
def person_edit(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """Correct a person's details (a sought person's too); the corrections are listed on the
    person's page."""
    person = access.get_person(actor(request), person_id, write=True)
    initial = person_initial(person)
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.person_data(person.operation)
        data = {k: v for k, v in data.items() if k not in BIRTH_FIELDS}
        if form.data.get("birth", "").strip() != initial["birth"]:
            data.update({**dict.fromkeys(BIRTH_FIELDS), **form.cleaned_data["birth"]})
        warm_index(person.operation_id)
        change_person(person=person, data=data, by=actor(request))
        messages.success(request, _("Details corrected."))
        return redirect("tracing:person-detail", person_id=person.pk)
    return render(
        request,
        "tracing/person_edit.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


@require_GET
@require_perm(Perm.DECIDE_MATCHES)
def match_queue(request: HttpRequest) -> HttpResponse:
    visible = access.visible_matches(actor(request))
    pending, chosen = filtered_matches(visible.to_review(), request.GET)
    counted = None if any(chosen.values()) else visible.count_to_review()
    rows = pending.select_related("left", "right", "inquiry")
    page = paged(request, rows, size=25, counted=counted)
    shown = list(page.object_list)
    access.persons_listed(actor(request), [p for m in shown for p in (m.left, m.right)])
    context = {
        "page": page,
        "chosen": chosen,
        "filters": urlencode({k: v for k, v in chosen.items() if v}),
        **match_choices(),
    }
    return render(request, "tracing/match_queue.html", context)


def _queue_url(filters: str) -> str:
    """Back to the queue as it was filtered (only the filters' own keys: no URL from a form)."""
    asked = QueryDict(filters)
    kept = {k: asked[k] for k in (*MATCH_FILTERS, "size") if asked.get(k)}
    return reverse("tracing:match-queue") + (f"?{urlencode(kept)}" if kept else "")


@require_POST
@require_perm(Perm.DECIDE_MATCHES)
def match_decide_many(request: HttpRequest) -> HttpResponse:
    """Several obvious matches confirmed or rejected at once, each shown with its comparison on
    the queue; each decided (and audited) as if alone."""
    user = actor(request)
    back = _queue_url(request.POST.get("filters", ""))
    chosen = request.POST.getlist("match")[: BULK_MOST + 1]
    decision = request.POST.get("decision", "")
    try:
        if not chosen:
            raise DecisionError(_("tick the matches to decide first"))
        decided = decide_matches(
            matches=access.matches_to_decide(user, chosen), decision=decision, by=user
        )
    except DecisionError as error:
        messages.error(request, str(error))
        return redirect(back)
    count = len(decided)
    if decision == "confirm":
        text = ngettext("%(count)s match confirmed.", "%(count)s matches confirmed.", count)
    else:
        text = ngettext("%(count)s match rejected.", "%(count)s matches rejected.", count)
    messages.success(request, text % {"count": count})
    return redirect(back)


@require_GET
@require_perm(Perm.EDIT_INQUIRIES)
def follow_up_list(request: HttpRequest) -> HttpResponse:
    """The families to tell after a confirmed match (with the contact they gave), oldest first;
    or those told, latest first."""
    user = actor(request)
    status = request.GET.get("status", "")
    status = status if status in FollowUp.Status.values else FollowUp.Status.OPEN
    tasks = access.visible_follow_ups(user).filter(status=status)
    tasks = tasks.order_by("created_at" if status == FollowUp.Status.OPEN else "-done_at", "pk")
    page = paged(request, tasks.select_related("inquiry__matched_person", "done_by"))
    shown = list(page.object_list)
    access.inquiries_listed(user, [t.inquiry for t in shown])
    found = [t.inquiry.matched_person for t in shown if t.inquiry.matched_person]
    access.persons_listed(user, found)
    context = {"page": page, "tasks": shown, "status": status, "statuses": FollowUp.Status}
    return render(request, "tracing/follow_ups.html", context)


@require_POST
@require_perm(Perm.EDIT_INQUIRIES)
def follow_up_done(request: HttpRequest, follow_up_id: UUID) -> HttpResponse:
    task = access.get_follow_up(actor(request), follow_up_id, write=True)
    try:
        complete_follow_up(
            follow_up=task, outcome=request.POST.get("outcome", ""), by=actor(request)
        )
    except FollowUpError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Done: the family of %(reference)s was told.")
            % {"reference": task.inquiry.reference},
        )
    return redirect("tracing:follow-ups")


@require_POST
@require_perm(Perm.DECIDE_MATCHES)
def match_decide(request: HttpRequest, match_id: UUID, decision: str) -> HttpResponse:
    match = access.get_match(actor(request), match_id, write=True)
    if match.decision == Match.Decision.PENDING:
        if decision == "confirm":
            confirm_match(match=match, by=actor(request))
        else:
            reject_match(match=match, by=actor(request))
    return render(request, "tracing/_match_row.html", {"match": match, "show_left": True})
