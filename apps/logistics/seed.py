"""Demo data for `make seed`: the city plan's three parcel hubs (A2: two in the mountainous eastern
living zone, one for the Jangyu apartments that ban ground-level delivery vehicles), their service
areas with a GIS row each, locker banks and lockers, and the A3 fleet (2 four-wheel robots, 2
drones, 1 robot dog), each machine with its signed-device identity.

INVENTED for the demo (the plan names no sites and its area maps are images): hub coordinates,
area boundaries (boxes around the 읍·면·동 centres in apps/logistics/data/gazetteer.csv, which are
real: gimhae_admin_dong_kma_grid.csv), slopes, drop points, lockers and machine specifications.
Every row is marked ``is_demo``. Rows are added when missing and otherwise left as staff edited them
(apps/core/seeding.py); `seed --reset` writes the demo values back."""

from apps.core.devices import services as devices
from apps.core.devices.models import Device
from apps.core.seeding import seed_row

from .models import Hub, Locker, LockerBank, Machine, ServiceArea

SOURCE = "invented for the demo (city plan A1–A3 names no sites)"


def _box(lat: float, lon: float, dlat: float, dlon: float) -> dict:
    ring = [
        [lon - dlon, lat - dlat],
        [lon + dlon, lat - dlat],
        [lon + dlon, lat + dlat],
        [lon - dlon, lat + dlat],
        [lon - dlon, lat - dlat],
    ]
    return {"type": "Polygon", "coordinates": [[[round(x, 5), round(y, 5)] for x, y in ring]]}


# code, name_ko, name_en, lat, lon (invented sites, near the 읍·면·동 centres)
HUBS = [
    ("hub-sangdong", "상동 산간 택배거점", "Sangdong mountain parcel hub", 35.3010, 128.9290),
    ("hub-daedong", "대동 산간 택배거점", "Daedong mountain parcel hub", 35.2420, 128.9760),
    ("hub-jangyu", "장유 아파트 택배거점", "Jangyu apartments parcel hub", 35.1950, 128.8110),
]

# code, name_ko, name_en, kind, hub, centre (the 읍·면·동 centre), half-size (deg), GIS row
AREAS = [
    (
        "east-sangdong",
        "상동면 산간 지역",
        "Sangdong-myeon mountain area",
        ServiceArea.Kind.MOUNTAIN,
        "hub-sangdong",
        (35.3046444, 128.9326972),
        (0.03, 0.035),
        {
            "slope_percent": 28,
            "drone_drop": ServiceArea.DroneDrop.OPEN_AIRSPACE,
            "path_width_m": 0.9,
            "clearance_height_m": 1.8,
            "face_to_face": True,
        },
    ),
    (
        "east-daedong",
        "대동면 산간 지역",
        "Daedong-myeon mountain area",
        ServiceArea.Kind.MOUNTAIN,
        "hub-daedong",
        (35.2391972, 128.982475),
        (0.025, 0.03),
        {
            "slope_percent": 22,
            "drone_drop": ServiceArea.DroneDrop.ROOFTOP,
            "path_width_m": 0.8,
            "clearance_height_m": 2.0,
            "face_to_face": True,
        },
    ),
    (
        "jangyu-apartments",
        "장유 차량 없는 아파트 단지",
        "Jangyu vehicle-free apartments",
        ServiceArea.Kind.VEHICLE_BAN_APARTMENT,
        "hub-jangyu",
        (35.1900, 128.8150),
        (0.022, 0.03),
        {
            # under the Gimhae airport approach: no drone flights
            "slope_percent": 4,
            "drone_drop": ServiceArea.DroneDrop.NONE,
            "path_width_m": 2.5,
            "clearance_height_m": 2.5,
            "face_to_face": True,
        },
    ),
]

# bank code, lockers: (code, size, temperature)
LOCKERS = [
    ("1", [(f"1-{n}", "s", "ambient") for n in range(1, 5)] + [("1-5", "m", "ambient")]),
    (
        "2",
        [("2-1", "m", "ambient"), ("2-2", "l", "ambient"), ("2-3", "m", "chilled")]
        + [("2-4", "s", "chilled"), ("2-5", "m", "frozen")],
    ),
]

# code, name, kind, hub, payload g, range m, device kind (invented specifications)
MACHINES = [
    ("robot-1", "사륜 로봇 1호", Machine.Kind.ROBOT, "hub-jangyu", 30000, 8000, "delivery_robot"),
    ("robot-2", "사륜 로봇 2호", Machine.Kind.ROBOT, "hub-jangyu", 30000, 8000, "delivery_robot"),
    ("drone-1", "배송 드론 1호", Machine.Kind.DRONE, "hub-sangdong", 3000, 12000, "drone"),
    ("drone-2", "배송 드론 2호", Machine.Kind.DRONE, "hub-daedong", 3000, 12000, "drone"),
    ("dog-1", "로봇 개 1호", Machine.Kind.ROBOT_DOG, "hub-sangdong", 5000, 4000, "delivery_robot"),
]


def run(stdout, *, reset: bool = False) -> None:
    hubs = {}
    for code, name_ko, name_en, lat, lon in HUBS:
        hubs[code], _created = seed_row(
            Hub,
            reset=reset,
            code=code,
            defaults={
                "name": name_ko,
                "name_ko": name_ko,
                "name_en": name_en,
                "lat": lat,
                "lon": lon,
                "is_demo": True,
                "source": SOURCE,
            },
        )
        for bank_code, lockers in LOCKERS:
            bank, _created = LockerBank.objects.get_or_create(hub=hubs[code], code=bank_code)
            for locker_code, size, temperature in lockers:
                Locker.objects.get_or_create(
                    bank=bank,
                    code=locker_code,
                    defaults={"size": size, "temperature": temperature},
                )
    for code, name_ko, name_en, kind, hub, centre, half, gis in AREAS:
        seed_row(
            ServiceArea,
            reset=reset,
            code=code,
            defaults={
                "name": name_ko,
                "name_ko": name_ko,
                "name_en": name_en,
                "kind": kind,
                "hub": hubs[hub],
                "geometry": _box(*centre, *half),
                **gis,
                "is_demo": True,
                "source": SOURCE + "; centre from gimhae_admin_dong_kma_grid.csv",
            },
        )
    for code, name, kind, hub, payload, range_m, device_kind in MACHINES:
        machine, _created = seed_row(
            Machine,
            reset=reset,
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "hub": hubs[hub],
                "payload_g": payload,
                "range_m": range_m,
                "lat": hubs[hub].lat,
                "lon": hubs[hub].lon,
                "is_demo": True,
            },
        )
        if machine.device_id is None:
            # the key is issued and not kept: the simulator drives demo machines directly; a real
            # machine gets its key from admin (Core → Devices → Issue a new key)
            device, _secret = devices.device_register(
                name=f"{name} (demo)",
                kind=Device.Kind(device_kind),
                app_label="logistics",
            )
            machine.device = device
            machine.save(update_fields=["device"])
    stdout.write(
        f"logistics: {len(HUBS)} demo hubs, {len(AREAS)} service areas, {len(MACHINES)} machines"
    )
