from datetime import date

from django.urls import reverse

from stranded.tracing.actions import open_inquiry
from stranded.tracing.matching.rank import clearly_beaten
from stranded.tracing.models import Inquiry, Match, PersonStatus
from tests.base import StrandedTestCase
from tests.tracing.builders import create_person


class RankCandidatesTests(StrandedTestCase):
    def setUp(self) -> None:
        common = {
            "family_name": "Hovhannisyan",
            "father_name": "Ashot",
            "sex": "male",
            "address": "Tigran Mets 12",
            "status": PersonStatus.LOCATED,
        }
        self.sought_one = create_person(
            self.operation, given_name="Hovhannes", birth_date=date(1944, 3, 2), **common
        )
        self.brother = create_person(
            self.operation, given_name="Hovhannes", birth_date=date(1949, 7, 20), **common
        )
        self.inquiry = open_inquiry(
            operation=self.operation,
            inquirer={"name": "Anahit", "relation": "daughter"},
            sought={
                "given_name": "Ованес",
                "family_name": "Оганесян",
                "father_name": "Ашот",
                "birth_date": date(1944, 3, 2),
                "sex": "male",
                "address": "Tigran Mets 12",
            },
            channel=Inquiry.Channel.PHONE,
            by=self.tracing_officer,
        )

    def test_it_ranks_candidates_and_marks_the_one_clearly_beaten(self) -> None:
        self.login(self.tracing_officer)
        response = self.client.get(reverse("tracing:inquiry-detail", args=[self.inquiry.pk]))
        matches = response.context["matches"]
        self.assertEqual(matches[0].right, self.sought_one)
        brother = Match.objects.get(inquiry=self.inquiry, right=self.brother)
        self.assertEqual(response.context["beaten"], {brother.pk})
        self.assertContains(response, "beaten: another candidate fits far better", count=1)

    def test_it_marks_none_when_no_candidate_stands_out(self) -> None:
        self.assertEqual(clearly_beaten([0.9, 0.8, 0.5]), [False, False, False])
        self.assertEqual(clearly_beaten([0.999, 0.9, 0.2]), [False, True, True])
        self.assertEqual(clearly_beaten([0.2, 0.001]), [False, False])
