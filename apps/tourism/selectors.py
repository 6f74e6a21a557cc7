from django.db.models import QuerySet

from apps.core.geo import distance_m

from .models import Place


def place_list(*, category: str | None = None) -> QuerySet[Place]:
    places = Place.objects.all()
    if category:
        places = places.filter(category=category)
    return places


def place_list_near(
    *, lat: float, lon: float, radius_m: float, category: str | None = None, limit: int = 20
) -> list[tuple[Place, float]]:
    """Places within radius_m of a point, nearest first, with their distance in metres."""
    # a coarse bounding box in SQL first (1° lat ≈ 111 km), exact distance in Python after
    box = radius_m / 111_000 * 1.5
    candidates = place_list(category=category).filter(
        lat__range=(lat - box, lat + box), lon__range=(lon - box * 1.3, lon + box * 1.3)
    )
    near = [(p, distance_m((lat, lon), (p.lat, p.lon))) for p in candidates]
    return sorted([pair for pair in near if pair[1] <= radius_m], key=lambda pair: pair[1])[:limit]
