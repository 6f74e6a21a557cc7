"""Write the hosts' settlement for a period as CSV (docs/parking.md, "Payouts")."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.parking import payouts


class Command(BaseCommand):
    help = "Settlement CSV of what the city owes each parking host (default: last month)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help="First day, YYYY-MM-DD (included).")
        parser.add_argument("--to", dest="end", help="Last day, YYYY-MM-DD (excluded).")
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")

    def handle(self, *args, start=None, end=None, output=None, **options):
        if bool(start) != bool(end):
            raise CommandError("Give both --from and --to, or neither (last month).")
        try:
            if start:
                first, last = date.fromisoformat(start), date.fromisoformat(end)
            else:
                first, last = payouts.previous_month(timezone.localdate())
        except ValueError as exc:
            raise CommandError(f"Dates are YYYY-MM-DD: {exc}") from None
        if last <= first:
            raise CommandError("--to must be after --from.")
        text = payouts.settlement_csv(start=first, end=last)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            self.stdout.write(f"Wrote {output}")
        else:
            self.stdout.write(text, ending="")
