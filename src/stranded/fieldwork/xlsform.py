"""The visit form for ODK Collect, KoBoCollect and Enketo, as an XLSForm and as an XForm.

One definition, three uses: `stranded forms xlsform visit` writes it as a workbook, the OpenRosa
server hands pyxform's XForm of it to the phones, and the tests submit instances built from that
same XForm. Field names are the keys `clean_visit` reads, so a submission becomes a visit with no
mapping table in between (see submissions.py).

Labels are in English, Armenian, Russian and Azerbaijani. Choice lists: the operation's areas and
the team's open leads (filtered by the chosen area). A lead is shown by its inquiry reference and
address only: no names go onto tablets that can be lost; the team reads who is sought in the
browser worklist.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from pyxform.xls2xform import convert

from stranded.core.models import Operation, Team
from stranded.sweeps.models import Area, Outcome, Utility, VisitPerson

FORM_ID = "stranded_visit"
LANGUAGES = ("English (en)", "Armenian (hy)", "Russian (ru)", "Azerbaijani (az)")
SPECIES = ("dog", "cat", "horse", "cow", "sheep_goat", "chickens", "other")

Label = tuple[str, str, str, str]  # en, hy, ru, az

LABELS: dict[str, Label] = {
    "visited_at": ("Time of the visit", "Այցի ժամը", "Время посещения", "Ziyarət vaxtı"),
    "area": ("Area", "Տարածք", "Участок", "Ərazi"),
    "lead": ("Lead (inquiry)", "Հետք (հարցում)", "Зацепка (запрос)", "İz (sorğu)"),
    "address": ("Address", "Հասցե", "Адрес", "Ünvan"),
    "location": ("Location", "Գտնվելու վայրը", "Местоположение", "Yer"),
    "outcome": ("Outcome", "Արդյունք", "Результат", "Nəticə"),
    "electricity": ("Electricity", "Էլեկտրականություն", "Электричество", "Elektrik"),
    "water": ("Water", "Ջուր", "Вода", "Su"),
    "gas": ("Gas", "Գազ", "Газ", "Qaz"),
    "persons": ("Person present", "Ներկա անձ", "Присутствующий человек", "Olan şəxs"),
    "given_name": ("Given name", "Անուն", "Имя", "Ad"),
    "family_name": ("Family name", "Ազգանուն", "Фамилия", "Soyad"),
    "father_name": ("Father's name", "Հայրանուն", "Отчество", "Ata adı"),
    "sex": ("Sex", "Սեռ", "Пол", "Cins"),
    "birth_year": ("Year of birth", "Ծննդյան տարի", "Год рождения", "Doğum ili"),
    "age_years": ("Age (years, if no year)", "Տարիք", "Возраст", "Yaş"),
    "phone": ("Phone", "Հեռախոս", "Телефон", "Telefon"),
    "condition": ("Condition", "Վիճակ", "Состояние", "Vəziyyət"),
    "wants_to_leave": (
        "Wants to leave?",
        "Ցանկանու՞մ է մեկնել",
        "Хочет уехать?",
        "Getmək istəyir?",
    ),
    "consent_to_leave": (
        "Consents to evacuation (asked and recorded)?",
        "Համաձայն է տարհանմանը՞",
        "Согласен на эвакуацию?",
        "Təxliyəyə razıdır?",
    ),
    "mobility": ("Travels", "Տեղափոխում", "Перевозка", "Daşınma"),
    "needs": ("Need", "Կարիք", "Потребность", "Ehtiyac"),
    "kind": ("Kind of need", "Կարիքի տեսակ", "Вид потребности", "Ehtiyacın növü"),
    "urgency": ("Urgency", "Հրատապություն", "Срочность", "Təcililik"),
    "note": ("Note", "Նշում", "Примечание", "Qeyd"),
    "animals": ("Animals seen", "Տեսած կենդանիներ", "Замеченные животные", "Görülən heyvanlar"),
    "species": ("Species", "Տեսակ", "Вид", "Növ"),
    "count": ("How many", "Քանակ", "Сколько", "Neçə"),
    "animal_condition": ("Condition", "Վիճակ", "Состояние", "Vəziyyət"),
    "animal_needs": ("Needs", "Կարիքներ", "Нужды", "Ehtiyaclar"),
    "remains": ("Deceased found", "Հայտնաբերված մահացած", "Найден умерший", "Tapılan mərhum"),
    "remains_count": ("Number of bodies", "Դիերի քանակ", "Число тел", "Cəsədlərin sayı"),
    "remains_condition": ("Condition", "Վիճակ", "Состояние", "Vəziyyət"),
    "effects": ("Personal effects", "Անձնական իրեր", "Личные вещи", "Şəxsi əşyalar"),
    "notes": ("Notes", "Նշումներ", "Заметки", "Qeydlər"),
}

CHOICE_LABELS: dict[str, dict[str, Label]] = {
    "outcome": {
        Outcome.NO_ANSWER: ("No answer", "Պատասխան չկա", "Нет ответа", "Cavab yoxdur"),
        Outcome.EMPTY: ("Empty", "Դատարկ", "Пусто", "Boşdur"),
        Outcome.PERSONS_PRESENT: ("Persons present", "Մարդիկ կան", "Есть люди", "İnsanlar var"),
        Outcome.DECEASED_FOUND: (
            "Deceased found", "Մահացած է հայտնաբերվել", "Найден умерший", "Mərhum tapıldı"
        ),
        Outcome.REFUSED: ("Refused entry", "Մուտքը մերժվեց", "Отказ во входе", "Giriş rədd edildi"),
        Outcome.DAMAGED: ("Building damaged", "Շենքը վնասված է", "Здание повреждено",
                          "Bina zədələnib"),
    },
    "utility": {
        Utility.WORKING: ("Working", "Աշխատում է", "Работает", "İşləyir"),
        Utility.NOT_WORKING: ("Not working", "Չի աշխատում", "Не работает", "İşləmir"),
        Utility.UNKNOWN: ("Unknown", "Անհայտ", "Неизвестно", "Məlum deyil"),
    },
    "sex": {
        "female": ("Female", "Իգական", "Женский", "Qadın"),
        "male": ("Male", "Արական", "Мужской", "Kişi"),
        "unknown": ("Unknown", "Անհայտ", "Неизвестно", "Məlum deyil"),
    },
    "yes_no": {
        "yes": ("Yes", "Այո", "Да", "Bəli"),
        "no": ("No", "Ոչ", "Нет", "Xeyr"),
    },
    "condition": {
        VisitPerson.Condition.WELL: ("Well", "Լավ", "Хорошее", "Yaxşı"),
        VisitPerson.Condition.NEEDS_CARE: (
            "Needs care", "Խնամքի կարիք ունի", "Нуждается в уходе", "Qayğıya ehtiyacı var"
        ),
        VisitPerson.Condition.CRITICAL: ("Critical", "Ծանր", "Тяжёлое", "Ağır"),
        VisitPerson.Condition.UNKNOWN: ("Unknown", "Անհայտ", "Неизвестно", "Məlum deyil"),
    },
    "mobility": {
        "seated": ("Seated", "Նստած", "Сидя", "Oturaq"),
        "wheelchair": ("Wheelchair", "Սայլակով", "На коляске", "Əlil arabasında"),
        "stretcher": ("Stretcher", "Պատգարակով", "На носилках", "Xərəkdə"),
    },
    "need_kind": {
        "medical_care": ("Medical care", "Բժշկական օգնություն", "Медицинская помощь",
                         "Tibbi yardım"),
        "medicines": ("Medicines", "Դեղեր", "Лекарства", "Dərmanlar"),
        "food": ("Food", "Սնունդ", "Еда", "Qida"),
        "drinking_water": ("Drinking water", "Խմելու ջուր", "Питьевая вода", "İçməli su"),
        "electricity": ("Electricity", "Էլեկտրականություն", "Электричество", "Elektrik"),
        "gas_heating": ("Gas or heating", "Գազ կամ ջեռուցում", "Газ или отопление",
                        "Qaz və ya istilik"),
        "shelter": ("Shelter", "Ապաստան", "Жильё", "Sığınacaq"),
        "winter_clothing_fuel": ("Winter clothing and fuel", "Ձմեռային հագուստ և վառելիք",
                                 "Зимняя одежда и топливо", "Qış geyimi və yanacaq"),
        "mobility_aid": ("Mobility aid", "Շարժման օժանդակ միջոց", "Средство передвижения",
                         "Hərəkət vasitəsi"),
        "psychosocial": ("Psychosocial support", "Հոգեսոցիալական աջակցություն",
                         "Психосоциальная поддержка", "Psixososial dəstək"),
    },
    "urgency": {
        "low": ("Low", "Ցածր", "Низкая", "Aşağı"),
        "medium": ("Medium", "Միջին", "Средняя", "Orta"),
        "high": ("High", "Բարձր", "Высокая", "Yüksək"),
        "critical": ("Critical", "Կրիտիկական", "Критическая", "Kritik"),
    },
    "species": {
        "dog": ("Dog", "Շուն", "Собака", "İt"),
        "cat": ("Cat", "Կատու", "Кошка", "Pişik"),
        "horse": ("Horse", "Ձի", "Лошадь", "At"),
        "cow": ("Cow", "Կով", "Корова", "İnək"),
        "sheep_goat": ("Sheep or goat", "Ոչխար կամ այծ", "Овца или коза", "Qoyun və ya keçi"),
        "chickens": ("Chickens", "Հավեր", "Куры", "Toyuqlar"),
        "other": ("Other", "Այլ", "Другое", "Digər"),
    },
    "animal_need": {
        "food": ("Food", "Կեր", "Корм", "Yem"),
        "water": ("Water", "Ջուր", "Вода", "Su"),
        "veterinary_care": ("Veterinary care", "Անասնաբուժական օգնություն",
                            "Ветеринарная помощь", "Baytarlıq yardımı"),
    },
}  # fmt: skip

# type, name, label key, extra columns
Row = tuple[str, str, str, dict[str, str]]
SURVEY: list[Row] = [
    ("dateTime", "visited_at", "visited_at", {"required": "yes", "default": "now()"}),
    ("select_one area", "area", "area", {"required": "yes"}),
    ("select_one lead", "lead", "lead", {"choice_filter": "area=${area} or area=''"}),
    ("text", "address", "address", {}),
    ("geopoint", "location", "location", {}),
    ("select_one outcome", "outcome", "outcome", {"required": "yes"}),
    ("select_one utility", "electricity", "electricity", {"default": "unknown"}),
    ("select_one utility", "water", "water", {"default": "unknown"}),
    ("select_one utility", "gas", "gas", {"default": "unknown"}),
    ("begin_repeat", "persons", "persons", {"relevant": "${outcome}='persons_present'"}),
    ("text", "given_name", "given_name", {}),
    ("text", "family_name", "family_name", {"required": "yes"}),
    ("text", "father_name", "father_name", {}),
    ("select_one sex", "sex", "sex", {}),
    ("integer", "birth_year", "birth_year", {"constraint": ". >= 1900 and . <= 2100"}),
    ("integer", "age_years", "age_years", {"constraint": ". >= 0 and . <= 120"}),
    ("text", "phone", "phone", {}),
    ("select_one condition", "condition", "condition", {"default": "unknown"}),
    ("select_one yes_no", "wants_to_leave", "wants_to_leave", {}),
    (
        "select_one yes_no", "consent_to_leave", "consent_to_leave",
        {"relevant": "${wants_to_leave}='yes'"},
    ),
    ("select_one mobility", "mobility", "mobility", {"relevant": "${wants_to_leave}='yes'"}),
    ("end_repeat", "", "", {}),
    ("begin_repeat", "needs", "needs", {}),
    ("select_one need_kind", "kind", "kind", {"required": "yes"}),
    ("select_one urgency", "urgency", "urgency", {"default": "medium"}),
    ("text", "note", "note", {}),
    ("end_repeat", "", "", {}),
    ("begin_repeat", "animals", "animals", {}),
    ("select_one species", "species", "species", {"required": "yes"}),
    ("integer", "count", "count", {"default": "1", "constraint": ". >= 1"}),
    ("text", "condition", "animal_condition", {}),
    ("select_multiple animal_need", "needs", "animal_needs", {}),
    ("end_repeat", "", "", {}),
    ("begin_repeat", "remains", "remains", {"relevant": "${outcome}='deceased_found'"}),
    ("integer", "count", "remains_count", {"default": "1", "constraint": ". >= 1"}),
    ("text", "condition", "remains_condition", {}),
    ("text", "effects", "effects", {}),
    ("end_repeat", "", "", {}),
    ("text", "notes", "notes", {}),
]  # fmt: skip
EXTRA_COLUMNS = ("required", "relevant", "constraint", "default", "choice_filter")


@dataclass
class FormChoices:
    """The per-operation (and per-team) part of the form."""

    areas: list[tuple[str, str]]  # code, label
    leads: list[tuple[str, str, str]]  # id, label, area code

    @property
    def version(self) -> str:
        digest = hashlib.sha256(
            json.dumps([self.areas, self.leads], ensure_ascii=False).encode()
        ).hexdigest()
        return digest[:12]


def choices_for(operation: Operation, team: Team | None) -> FormChoices:
    """The operation's areas; the open leads in the areas the team holds (all open leads of the
    operation when no team is named, for a coordinator's copy)."""
    from stranded.tracing.models import Lead

    areas = [
        (a.code, f"{a.code} · {a.name}" if a.name else a.code)
        for a in Area.objects.of(operation).order_by("rank", "code")
    ]
    leads = Lead.objects.filter(operation=operation, status=Lead.Status.OPEN, area__isnull=False)
    if team is not None:
        leads = leads.filter(area__in=Area.objects.held_by(team))
    rows = []
    for lead in leads.select_related("inquiry", "area").order_by("area__code", "created_at"):
        code = lead.area.code if lead.area else ""
        rows.append((str(lead.pk), f"{lead.inquiry.reference} · {lead.address or code}", code))
    return FormChoices(areas=areas, leads=rows)


def workbook(choices: FormChoices, *, title: str = "Field visit") -> Workbook:
    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    label_columns = [f"label::{language}" for language in LANGUAGES]
    survey.append(["type", "name", *label_columns, *EXTRA_COLUMNS])
    for kind, name, key, extra in SURVEY:
        texts = list(LABELS[key]) if key else ["", "", "", ""]
        survey.append([kind, name, *texts, *(extra.get(c, "") for c in EXTRA_COLUMNS)])
    sheet = book.create_sheet("choices")
    sheet.append(["list_name", "name", *label_columns, "area"])
    for list_name, options in CHOICE_LABELS.items():
        for value, labels in options.items():
            sheet.append([list_name, str(value), *labels, ""])
    for code, text in choices.areas:
        sheet.append(["area", code, text, text, text, text, ""])
    if not choices.leads:
        # pyxform needs at least one choice per list: a placeholder nobody can pick.
        sheet.append(["lead", "none", "-", "-", "-", "-", "-"])
    for lead_id, text, area in choices.leads:
        sheet.append(["lead", lead_id, text, text, text, text, area])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language", "instance_name"])
    settings.append(
        [title, FORM_ID, choices.version, LANGUAGES[0], "concat(${area}, ' ', ${outcome})"]
    )
    return book


def xlsx_bytes(choices: FormChoices) -> bytes:
    buffer = io.BytesIO()
    workbook(choices).save(buffer)
    return buffer.getvalue()


def xform(choices: FormChoices) -> str:
    """pyxform's XForm (XML) of the workbook."""
    result = convert(xlsform=io.BytesIO(xlsx_bytes(choices)), file_type=".xlsx", form_name=FORM_ID)
    return str(result.xform)


def describe(choices: FormChoices) -> dict[str, Any]:
    return {
        "form_id": FORM_ID,
        "version": choices.version,
        "areas": len(choices.areas),
        "leads": len(choices.leads),
        "languages": list(LANGUAGES),
    }
