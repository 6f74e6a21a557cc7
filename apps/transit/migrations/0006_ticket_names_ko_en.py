"""Tickets bought before names were stored in both languages held one rendered name per leg end
and route (the language of the plan request). Give them both: a stop's and a route's names from
the feed, the plan's own "Origin"/"Destination" in each language, any other name as it was."""

from django.db import migrations

ENDS = {
    "출발지": {"ko": "출발지", "en": "Origin"},
    "Origin": {"ko": "출발지", "en": "Origin"},
    "도착지": {"ko": "도착지", "en": "Destination"},
    "Destination": {"ko": "도착지", "en": "Destination"},
}


def _both(ko, en, fallback):
    ko, en = ko or en or fallback, en or ko or fallback
    return {"ko": ko, "en": en}


def forwards(apps, schema_editor):
    TripTicket = apps.get_model("transit", "TripTicket")
    Stop = apps.get_model("transit", "Stop")
    Route = apps.get_model("transit", "Route")
    for ticket in TripTicket.objects.all().iterator():
        legs = ticket.legs or []
        if not legs or all("from_names" in leg for leg in legs):
            continue
        stop_ids = {leg.get(end) for leg in legs for end in ("from", "to")} - {None}
        route_ids = {leg.get("route_id") for leg in legs} - {None}
        # the newest import of the ticket's feed that knows the stop wins
        stops = {
            s.stop_id: (s.name_ko, s.name_en)
            for s in Stop.objects.filter(
                feed__name=ticket.feed_name, stop_id__in=stop_ids
            ).order_by("feed_id")
        }
        routes = {
            r.route_id: (r.short_name_ko, r.short_name_en)
            for r in Route.objects.filter(
                feed__name=ticket.feed_name, route_id__in=route_ids
            ).order_by("feed_id")
        }
        for leg in legs:
            if "from_names" in leg:
                continue
            for end in ("from", "to"):
                name = leg.pop(f"{end}_name", "") or ""
                if leg.get(end) in stops:
                    leg[f"{end}_names"] = _both(*stops[leg[end]], name)
                else:
                    leg[f"{end}_names"] = ENDS.get(name) or {"ko": name, "en": name}
            route = leg.pop("route", "") or ""
            if leg.get("route_id") in routes:
                leg["route_names"] = _both(*routes[leg["route_id"]], route)
            else:
                leg["route_names"] = {"ko": route, "en": route} if route else None
        TripTicket.objects.filter(id=ticket.id).update(legs=legs)


class Migration(migrations.Migration):
    dependencies = [("transit", "0005_fare_names_ko_en")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
