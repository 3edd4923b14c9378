"""One matching index per process, kept current from the database without rebuilds.

Two processes are simulated by two LiveIndex instances of the same operation: what one records,
the other finds at its next search, having read only the rows changed since it last looked.
"""

from __future__ import annotations

from stranded.tracing import index as matcher
from stranded.tracing.actions import merge_persons
from stranded.tracing.index import LiveIndex, to_record
from stranded.tracing.models import Person
from tests.base import StrandedTestCase
from tests.tracing.builders import create_person


class IndexAcrossProcessesTests(StrandedTestCase):
    def setUp(self) -> None:
        for given, family in (
            ("Anahit", "Petrosyan"),
            ("Gevorg", "Sargsyan"),
            ("Hasmik", "Grigoryan"),
        ):
            create_person(self.operation, given_name=given, family_name=family, birth_year=1948)
        self.first, self.second = LiveIndex(self.operation.pk), LiveIndex(self.operation.pk)
        self.first.catch_up()
        self.second.catch_up()

    def found(self, index: LiveIndex, **fields: object) -> list[str]:
        probe = Person(operation=self.operation, **fields)
        return [c.id for c in index.search(to_record(probe))]

    def test_it_finds_a_person_recorded_through_another_process(self) -> None:
        arsen = create_person(
            self.operation, given_name="Arsen", family_name="Hakobyan", birth_year=1941, sex="male"
        )
        self.first.put(arsen)  # the process that recorded him
        self.assertEqual(self.second.catch_up(), 1)
        self.assertEqual(
            self.found(
                self.second, given_name="Արսեն", family_name="Հակոբյան", birth_year=1941, sex="male"
            ),
            [str(arsen.pk)],
        )

    def test_it_reads_only_what_changed(self) -> None:
        self.assertEqual(len(self.second), 3)
        self.assertEqual(self.second.catch_up(), 0)
        create_person(self.operation, given_name="Lusine", family_name="Avetisyan")
        create_person(self.operation, given_name="Karen", family_name="Mkrtchyan")
        self.assertEqual(self.second.catch_up(), 2)
        self.assertEqual(self.second.catch_up(), 0)
        self.assertEqual(len(self.second), 5)

    def test_it_replaces_a_changed_person_and_drops_a_merged_one(self) -> None:
        anahit = Person.objects.get(given_name="Anahit")
        anahit.family_name = "Hovhannisyan"
        anahit.save()
        self.assertEqual(self.second.catch_up(), 1)
        self.assertEqual(
            self.found(
                self.second, given_name="Anahit", family_name="Hovhannisyan", birth_year=1948
            ),
            [str(anahit.pk)],
        )
        self.assertEqual(
            self.found(self.second, given_name="Anahit", family_name="Petrosyan", birth_year=1948),
            [],
        )
        copy = create_person(
            self.operation, given_name="Anahit", family_name="Hovhannisyan", birth_year=1948
        )
        merge_persons(keep=anahit, duplicate=copy, by=self.tracing_officer)
        self.second.catch_up()
        self.assertEqual(
            self.found(
                self.second, given_name="Anahit", family_name="Hovhannisyan", birth_year=1948
            ),
            [str(anahit.pk)],
        )

    def test_it_picks_up_a_row_committed_late_at_the_next_reconciliation(self) -> None:
        from datetime import timedelta

        late = create_person(self.operation, given_name="Vardan", family_name="Avagyan")
        stamped = late.updated_at - matcher.LATE_COMMIT - timedelta(seconds=30)
        Person.objects.filter(pk=late.pk).update(updated_at=stamped)
        self.assertEqual(self.second.catch_up(), 0)  # stamped before the margin: not seen yet
        self.second.reconciled -= matcher.RECONCILE
        self.assertEqual(self.second.catch_up(), 1)
        self.assertIn(str(late.pk), self.second.positions)

    def test_it_keeps_one_index_per_operation_in_a_process(self) -> None:
        index = matcher.index_for(self.operation.pk)
        create_person(self.operation, given_name="Narine", family_name="Harutyunyan")
        self.assertIs(matcher.index_for(self.operation.pk), index)
        self.assertEqual(len(index), 4)
