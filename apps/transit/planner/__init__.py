"""The trip planner: an in-memory timetable per live feed (timetable.py), RAPTOR (raptor.py),
itineraries (plan.py), predicted delays (delays.py) and other apps' legs (providers.py)."""
