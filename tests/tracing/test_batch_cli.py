import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

HEADER = "id,given_name,family_name,father_name,sex,birth_date,place,address\n"
LEFT = HEADER + (
    "a1,Ованес,Оганесян,Ашот,m,1944,Степанакерт,Tigran Mets 12\n"
    "a2,Gulnara,Məmmədova,,f,1950-02,Xankəndi,\n"
    "a3,Armen,Sargsyan,,m,1990-01-01,Shusha,\n"
)
RIGHT = HEADER + (
    "b1,Հովհաննես,Հովհաննիսյան,Աշոտ,male,1944-03-02,Ստեփանակերտ,Tigran Mets 12\n"
    "b2,Гульнара,Мамедова,,female,1950,Ханкенди,\n"
    "b3,Siranush,Petrosyan,,f,1961,Askeran,\n"
)


def files(tmp_path: Path, left: str = LEFT, right: str = RIGHT) -> tuple[Path, Path, Path]:
    (tmp_path / "left.csv").write_text(left, encoding="utf-8")
    (tmp_path / "right.csv").write_text(right, encoding="utf-8")
    return tmp_path / "left.csv", tmp_path / "right.csv", tmp_path / "pairs.csv"


def read_pairs(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_it_links_two_files_across_scripts(tmp_path: Path) -> None:
    left, right, out = files(tmp_path)
    stdout = StringIO()
    call_command(
        "tracing", "link", str(left), str(right), "--out", str(out), "--json", stdout=stdout
    )
    rows = read_pairs(out)
    assert [(r["left_id"], r["right_id"], r["band"]) for r in rows] == [
        ("a1", "b1", "likely"),
        ("a2", "b2", "likely"),
    ]
    assert float(rows[0]["probability"]) >= 0.95
    summary = json.loads(stdout.getvalue())
    assert (summary["pairs"], summary["likely"], summary["possible"]) == (2, 2, 0)


def test_it_dedupes_one_file(tmp_path: Path) -> None:
    both = LEFT + RIGHT.split("\n", 1)[1]
    path = tmp_path / "all.csv"
    path.write_text(both, encoding="utf-8")
    out = tmp_path / "pairs.csv"
    call_command("tracing", "dedupe", str(path), "--out", str(out), stdout=StringIO())
    pairs = {(r["left_id"], r["right_id"]) for r in read_pairs(out) if r["band"] == "likely"}
    assert pairs == {("a1", "b1"), ("a2", "b2")}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("a1,Anna,Avagyan,,f,,,\n", "row 5, column 'id': duplicate id 'a1'"),
        (",Anna,Avagyan,,f,,,\n", "row 5, column 'id': empty"),
        ("a4,Anna,Avagyan,,f,,,,extra\n", "row 5: more fields than columns"),
    ],
)
def test_it_names_the_row_and_column_of_a_structural_fault(
    tmp_path: Path, line: str, message: str
) -> None:
    left, right, out = files(tmp_path, left=LEFT + line)
    with pytest.raises(CommandError, match=message):
        call_command("tracing", "link", str(left), str(right), "--out", str(out))
    assert not out.exists()


def test_it_refuses_bytes_that_are_not_utf8_naming_row_and_column(tmp_path: Path) -> None:
    left, right, out = files(tmp_path)
    left.write_bytes(LEFT.encode() + b"a4,Anna,Av" + b"\xe9gyan,,f,,,\n")
    with pytest.raises(CommandError, match="row 5, column 'family_name': bytes that are not UTF-8"):
        call_command("tracing", "link", str(left), str(right), "--out", str(out))
    assert not out.exists()


def test_it_links_dirty_values_and_counts_them_as_warnings(tmp_path: Path) -> None:
    dirty = HEADER + (
        "a1,Ованес ,Оганесян,Ашот,unknown,1944-03-93,Степанакерт,Tigran Mets 12\n"
        "a2,Gulnara,MəmmədоvaՆ,,f,1950-02,Xankəndi,\n"
    )
    right = RIGHT.replace("1944-03-02", "1944-03-92")
    left, right_path, out = files(tmp_path, left=dirty, right=right)
    stdout = StringIO()
    call_command(
        "tracing", "link", str(left), str(right_path), "--out", str(out), "--json", stdout=stdout
    )
    summary = json.loads(stdout.getvalue())
    reasons = {(w["row"], w["column"], w["reason"]) for w in summary["warnings"]["examples"]}
    assert (2, "given_name", "stray spaces") in reasons
    assert (2, "sex", "not female, male, f or m: compared as text") in reasons
    assert (2, "birth_date", "no date: compared as text") in reasons
    assert (3, "family_name", "mixes scripts") in reasons
    assert (2, "birth_date", "no date: compared as text") in reasons
    assert summary["warnings"]["count"] == 5  # the right file's 1944-03-92 too
    pairs = {(r["left_id"], r["right_id"]) for r in read_pairs(out)}
    assert ("a1", "b1") in pairs


def test_it_keeps_one_partner_per_person_with_one_to_one(tmp_path: Path) -> None:
    twins = HEADER + (
        "a1,Armen,Sargsyan,Ashot,m,1990,Shusha,\na2,Armen,Sargsyan,Ashot,m,1990,Shusha,\n"
    )
    known = HEADER + "b1,Արմեն,Սարգսյան,Աշոտ,m,1990-05-01,Shusha,\n"
    left, right, out = files(tmp_path, left=twins, right=known)
    call_command("tracing", "link", str(left), str(right), "--out", str(out), stdout=StringIO())
    assert {r["left_id"] for r in read_pairs(out)} == {"a1", "a2"}
    call_command(
        "tracing",
        "link",
        str(left),
        str(right),
        "--out",
        str(out),
        "--one-to-one",
        stdout=StringIO(),
    )
    assert [r["right_id"] for r in read_pairs(out)] == ["b1"]


def test_it_refuses_a_file_without_ids(tmp_path: Path) -> None:
    left, right, out = files(tmp_path, left="name,family_name\nAnna,Avagyan\n")
    with pytest.raises(CommandError, match="row 1 \\(header\\): column 'id' is required"):
        call_command("tracing", "link", str(left), str(right), "--out", str(out))


def test_it_accepts_a_file_with_only_ids_and_some_columns(tmp_path: Path) -> None:
    left, right, out = files(tmp_path, left="id,family_name\nx,Оганесян\n")
    call_command("tracing", "link", str(left), str(right), "--out", str(out), stdout=StringIO())
    assert read_pairs(out)[0]["right_id"] == "b1"
