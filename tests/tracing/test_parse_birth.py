from datetime import date

import pytest
from django import forms

from stranded.tracing.forms import parse_birth

TODAY = date(2023, 10, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1943-05-02", {"birth_date": date(1943, 5, 2), "birth_year": 1943}),
        ("1943-05", {"birth_year": 1943}),
        ("1943", {"birth_year": 1943}),
        ("about 80", {"age_years": 80, "age_on": TODAY}),
        ("~80", {"age_years": 80, "age_on": TODAY}),
        ("около 80 лет", {"age_years": 80, "age_on": TODAY}),
        ("մոտ 80", {"age_years": 80, "age_on": TODAY}),
        ("təxminən 80", {"age_years": 80, "age_on": TODAY}),
        ("Təxminən 80 yaşında", {"age_years": 80, "age_on": TODAY}),
        ("80", {"age_years": 80, "age_on": TODAY}),
        ("", {}),
    ],
)
def test_it_reads_dates_years_and_ages(text: str, expected: dict[str, object]) -> None:
    assert parse_birth(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("2030", "out of range"),
        ("2024-01-01", "in the future"),
        ("about 180", "out of range"),
        ("last spring", "write a date"),
    ],
)
def test_it_names_what_is_wrong(text: str, error: str) -> None:
    with pytest.raises(forms.ValidationError, match=error):
        parse_birth(text, today=TODAY)
