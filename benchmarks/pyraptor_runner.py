"""Runs inside the separate pyraptor virtualenv (pyraptor pins pandas<2, which cannot import with
the project's numpy 2). Reads {"feed": folder, "date": "YYYYMMDD", "agency": name, "rounds": n,
"queries": [[from_stop_id, to_stop_id, seconds_since_midnight], ...]} on stdin and prints one JSON
object per query: seconds taken, arrival (or null) and legs [trip_short_name, from, to, dep, arr]."""

import json
import sys
import time

from loguru import logger

logger.remove()  # pyraptor logs every round at debug level

from pyraptor.gtfs.timetable import gtfs_to_pyraptor_timetable, read_gtfs_timetable  # noqa: E402
from pyraptor.model.raptor import (  # noqa: E402
    RaptorAlgorithm,
    best_stop_at_target_station,
    reconstruct_journey,
)


def main() -> None:
    job = json.load(sys.stdin)
    started = time.perf_counter()
    timetable = gtfs_to_pyraptor_timetable(
        read_gtfs_timetable(job["feed"], job["date"], [job["agency"]])
    )
    print(json.dumps({"build_s": time.perf_counter() - started}), flush=True)
    for origin, destination, dep_secs in job["queries"]:
        started = time.perf_counter()
        result = {"arrival": None, "legs": []}
        try:
            from_station = timetable.stations.get(origin)
            to_station = timetable.stations.get(destination)
            if from_station is not None and to_station is not None:
                bag = RaptorAlgorithm(timetable).run(from_station.stops, dep_secs, job["rounds"])
                best = bag[job["rounds"]]
                stop = best_stop_at_target_station(to_station.stops, best)
                if stop != 0:
                    journey = reconstruct_journey(stop, best)
                    result["legs"] = [
                        [
                            int(leg.trip.hint),
                            str(leg.from_stop.id),
                            str(leg.to_stop.id),
                            int(leg.dep),
                            int(leg.arr),
                        ]
                        for leg in journey.legs
                        if leg.trip is not None
                    ]
                    result["arrival"] = int(best[stop].earliest_arrival_time)
        except Exception as exc:  # report, keep going
            result["error"] = f"{type(exc).__name__}: {exc}"
        result["seconds"] = time.perf_counter() - started
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
