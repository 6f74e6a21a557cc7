"""The GIS matching rules: which delivery modes are possible in a service area, and why.

Each area's row of the GIS table (apps.logistics.models.ServiceArea) holds the ground and the drop
points: steepest slope, drone drop point (rooftop / open airspace / none), narrowest path width,
lowest clearance and whether a face-to-face hand-over is possible. Each machine kind's abilities
are the constants below (city plan A1 step 1-3 and A3):

- drone: needs a rooftop pad or open airspace (no flight restriction); slope does not matter;
- robot dog: walks slopes up to 40 %, needs a path at least 0.6 m wide and 0.9 m high;
- four-wheel robot: slopes up to 12 %, paths at least 1.0 m wide, and hands over face to face only;
- collecting from the hub locker with the pick-up code is always possible.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import DeliveryMode, ServiceArea

ROBOT_DOG_MAX_SLOPE = 40.0
ROBOT_DOG_MIN_WIDTH = 0.6
ROBOT_DOG_MIN_HEIGHT = 0.9
ROBOT_MAX_SLOPE = 12.0
ROBOT_MIN_WIDTH = 1.0

# which machine kind serves which mode (the locker needs none)
MACHINE_KIND = {
    DeliveryMode.DRONE: "drone",
    DeliveryMode.ROBOT_DOG: "robot_dog",
    DeliveryMode.ROBOT: "robot",
}


@dataclass(frozen=True)
class ModeOption:
    mode: str
    possible: bool
    reasons: list[str]  # in the request's language
    drop_point: str  # where the parcel is received, in the request's language


def _drone(area: ServiceArea) -> ModeOption:
    if area.drone_drop == ServiceArea.DroneDrop.ROOFTOP:
        return ModeOption(
            DeliveryMode.DRONE,
            True,
            [_("Drones can land on the building's rooftop pad.")],
            _("The rooftop landing pad"),
        )
    if area.drone_drop == ServiceArea.DroneDrop.OPEN_AIRSPACE:
        return ModeOption(
            DeliveryMode.DRONE,
            True,
            [_("The airspace here is open: drones may fly and lower the parcel.")],
            _("An open space without flight restrictions near your door"),
        )
    return ModeOption(
        DeliveryMode.DRONE,
        False,
        [_("Drones may not fly here (flight restrictions) and there is no rooftop pad.")],
        "",
    )


def _robot_dog(area: ServiceArea) -> ModeOption:
    reasons = []
    if area.slope_percent > ROBOT_DOG_MAX_SLOPE:
        reasons.append(
            _("Slopes up to %(max)d %% are fine for the robot dog; here it is %(slope)d %%.")
            % {"max": ROBOT_DOG_MAX_SLOPE, "slope": area.slope_percent}
        )
    if area.path_width_m < ROBOT_DOG_MIN_WIDTH or area.clearance_height_m < ROBOT_DOG_MIN_HEIGHT:
        reasons.append(
            _("The robot dog needs a path %(width).1f m wide and %(height).1f m high.")
            % {"width": ROBOT_DOG_MIN_WIDTH, "height": ROBOT_DOG_MIN_HEIGHT}
        )
    if reasons:
        return ModeOption(DeliveryMode.ROBOT_DOG, False, reasons, "")
    return ModeOption(
        DeliveryMode.ROBOT_DOG,
        True,
        [
            _("The paths are wide and high enough and the slope (%(slope)d %%) is walkable.")
            % {"slope": area.slope_percent}
        ],
        _("Your front door (the path there is wide and high enough)"),
    )


def _robot(area: ServiceArea) -> ModeOption:
    reasons = []
    if area.slope_percent > ROBOT_MAX_SLOPE:
        reasons.append(
            _("The four-wheel robot climbs up to %(max)d %%; here it is %(slope)d %%.")
            % {"max": ROBOT_MAX_SLOPE, "slope": area.slope_percent}
        )
    if area.path_width_m < ROBOT_MIN_WIDTH:
        reasons.append(
            _("The four-wheel robot needs paths at least %(width).1f m wide.")
            % {"width": ROBOT_MIN_WIDTH}
        )
    if not area.face_to_face:
        reasons.append(_("The four-wheel robot hands parcels over in person only."))
    if reasons:
        return ModeOption(DeliveryMode.ROBOT, False, reasons, "")
    return ModeOption(
        DeliveryMode.ROBOT,
        True,
        [_("Flat, wide paths: the four-wheel robot brings large parcels and meets you in person.")],
        _("Face to face: meet the robot and enter the hand-over code"),
    )


def _locker(area: ServiceArea) -> ModeOption:
    hub = area.hub.name if area.hub_id and area.hub else ""
    return ModeOption(
        DeliveryMode.LOCKER,
        True,
        [_("Always possible: collect it at the hub's locker with your pick-up code.")],
        _("The locker at %(hub)s") % {"hub": hub} if hub else _("The hub's locker"),
    )


def options_for_area(*, area: ServiceArea) -> list[ModeOption]:
    """Every mode with whether it is possible in ``area`` and the reasons, drone first."""
    return [_drone(area), _robot_dog(area), _robot(area), _locker(area)]


def mode_possible(*, area: ServiceArea, mode: str) -> bool:
    return any(o.mode == mode and o.possible for o in options_for_area(area=area))
