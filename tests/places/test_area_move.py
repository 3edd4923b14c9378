"""Area and Address moved from sweeps to places in the state only: the rows stay where they were.

The migrations keep the tables (sweeps_area, sweeps_address), point every foreign key at the
places models and rename the two content types, so that an area recorded before the move is the
same row, with the same id, after it.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from stranded.needs.models import Need
from stranded.places.models import Address, Area
from stranded.sweeps.models import AreaEvent, Visit
from stranded.tracing.models import Person
from tests.base import StrandedTransactionTestCase

BEFORE_THE_MOVE = [("places", "0002_place_kind_hamlet")]
OLD_SWEEPS = [("sweeps", "0002_list_indexes"), *BEFORE_THE_MOVE]


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


class AreaMoveTests(StrandedTransactionTestCase):
    def test_it_keeps_the_table_names(self) -> None:
        self.assertEqual(Area._meta.db_table, "sweeps_area")
        self.assertEqual(Address._meta.db_table, "sweeps_address")
        tables = connection.introspection.table_names()
        self.assertIn("sweeps_area", tables)
        self.assertIn("sweeps_address", tables)
        self.assertNotIn("places_area", tables)
        self.assertNotIn("places_address", tables)

    def test_it_points_every_foreign_key_at_places(self) -> None:
        for model, field in [
            (AreaEvent, "area"),
            (Visit, "area"),
            (Visit, "address"),
            (Person, "area"),
            (Need, "area"),
            (Need, "address"),
        ]:
            target = model._meta.get_field(field).related_model
            self.assertEqual(target._meta.label, f"places.{field.capitalize()}", model)

    def test_it_keeps_an_area_recorded_before_the_move(self) -> None:
        content_type = ContentType.objects.get(app_label="places", model="area").pk
        try:
            old = migrate(BEFORE_THE_MOVE).loader.project_state(OLD_SWEEPS).apps
            OldArea = old.get_model("sweeps", "Area")
            OldAddress = old.get_model("sweeps", "Address")
            area = OldArea.objects.create(
                operation_id=self.operation.pk,
                code="KHA-01-01",
                kind="cell",
                geometry={"type": "Polygon", "coordinates": []},
                center_lat=39.8,
                center_lon=46.7,
                min_lat=39.7,
                min_lon=46.6,
                max_lat=39.9,
                max_lon=46.8,
                team_id=self.team.pk,
            )
            OldAddress.objects.create(
                operation_id=self.operation.pk, area=area, text="Tumanyan 12", key="k"
            )
            self.assertEqual(
                ContentType.objects.filter(app_label="sweeps", model="area").get().pk,
                content_type,
            )
        finally:
            migrate(latest())
        ContentType.objects.clear_cache()

        moved = Area.objects.get(pk=area.pk)
        self.assertEqual((moved.code, moved.team), ("KHA-01-01", self.team))
        self.assertEqual(list(moved.addresses.values_list("text", flat=True)), ["Tumanyan 12"])
        self.assertEqual(ContentType.objects.get_for_model(Area).pk, content_type)
        self.assertFalse(ContentType.objects.filter(app_label="sweeps", model="area").exists())
