"""Retrain the category suggestions on the city's history of reports."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartcity.service_requests import classifier


class Command(BaseCommand):
    help = "Train the report category classifier on the history and print its accuracy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--held-out",
            type=float,
            default=0.2,
            help="share of the history kept aside to measure accuracy",
        )

    def handle(self, *args: object, seed: int, held_out: float, **options: object) -> None:
        if not 0 <= held_out < 0.9:
            raise CommandError("--held-out must be between 0 and 0.9")
        try:
            result = classifier.classifier_train(held_out=held_out, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Trained on {result.samples} distinct reports.")
        if result.top1 is not None:
            self.stdout.write(
                f"Held-out accuracy: top-1 {result.top1:.1%}, top-3 {result.top3:.1%}"
            )
