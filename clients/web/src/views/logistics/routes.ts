/** The Parcels screens (see src/routes.ts). A route at /services/parcels (the tile's slug) makes the home tile live. */
import { lazyMapView, lazyView } from "../../lazy";
import type { RouteDef } from "../../routes";

export const LOGISTICS_ROUTES: RouteDef[] = [
  { path: "/services/parcels", title: "parcels.title", view: lazyMapView(() => import("./parcels").then((m) => m.parcelsView)) },
  { path: "/services/parcels/address", title: "address.title", view: lazyMapView(() => import("./parcels").then((m) => m.addressView)) },
  { path: "/services/parcels/courier", title: "courier.title", view: lazyView(() => import("./courier").then((m) => m.courierView)) },
  { path: "/services/parcels/staff", title: "staff.title", view: lazyView(() => import("./courier").then((m) => m.staffView)) },
  { path: "/services/parcels/track/:id", title: "track.title", view: lazyMapView(() => import("./parcels").then((m) => (root, p) => m.trackView(root, p.id))) },
  { path: "/services/parcels/:uuid", title: "parcel.title", view: lazyMapView(() => import("./parcels").then((m) => (root, p) => m.parcelView(root, p.uuid))) },
];
