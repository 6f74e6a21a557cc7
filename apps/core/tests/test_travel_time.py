import pytest

from apps.core import travel_time
from apps.core.geo import haversine_m
from apps.core.travel_time import road_leg, road_matrix

CITY_HALL = (35.2285, 128.8894)
INJE_UNIVERSITY = (35.2476, 128.9023)


@pytest.fixture(autouse=True)
def fresh_router():
    travel_time.router_reset()
    yield
    travel_time.router_reset()


def test_a_road_leg_is_the_straight_line_stretched_at_the_kinds_speed():
    straight = haversine_m(*CITY_HALL, *INJE_UNIVERSITY)
    leg = road_leg(CITY_HALL, INJE_UNIVERSITY, kind="bus")
    assert leg.metres == round(straight * 1.3)
    assert leg.seconds == round(straight * 1.3 / (25 / 3.6))
    assert road_leg(CITY_HALL, INJE_UNIVERSITY, kind="car").seconds < leg.seconds


def test_drones_fly_the_straight_line():
    straight = haversine_m(*CITY_HALL, *INJE_UNIVERSITY)
    assert road_leg(CITY_HALL, INJE_UNIVERSITY, kind="drone").metres == round(straight)


def test_speeds_and_detour_come_from_settings(settings):
    settings.IEUM_ROAD_SPEEDS_KPH = {"bus": 50.0}
    settings.IEUM_ROAD_DETOUR_FACTOR = 1.0
    travel_time.router_reset()
    straight = haversine_m(*CITY_HALL, *INJE_UNIVERSITY)
    assert road_leg(CITY_HALL, INJE_UNIVERSITY, kind="bus").seconds == round(straight / (50 / 3.6))
    # kinds the deployment leaves out keep the defaults
    assert road_leg(CITY_HALL, INJE_UNIVERSITY, kind="car").metres == round(straight)


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        road_leg(CITY_HALL, INJE_UNIVERSITY, kind="hovercraft")


def test_the_matrix_is_square_with_a_zero_diagonal_and_matches_single_legs():
    points = [CITY_HALL, INJE_UNIVERSITY, (35.2335, 128.8811)]
    matrix = road_matrix(points, kind="bus")
    assert [len(row) for row in matrix] == [3, 3, 3]
    assert all(matrix[i][i] == 0 for i in range(3))
    assert matrix[0][1] == road_leg(CITY_HALL, INJE_UNIVERSITY, kind="bus").seconds


class FixedRouter:
    def leg(self, origin, destination, *, kind):
        return travel_time.RoadLeg(seconds=42, metres=420)

    def matrix(self, points, *, kind):
        return [[42] * len(points) for _ in points]


def test_a_routing_engine_plugs_in_through_settings(settings):
    settings.IEUM_ROAD_ROUTER = f"{__name__}.FixedRouter"
    travel_time.router_reset()
    assert road_leg(CITY_HALL, INJE_UNIVERSITY).seconds == 42
