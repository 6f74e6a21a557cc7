/** The Parcels screens (see src/routes.ts). A route at /services/parcels (the tile's slug) makes the home tile live. */
import type { RouteDef } from "../../routes";
import { courierView, staffView } from "./courier";
import { addressView, parcelsView, parcelView, trackView } from "./parcels";

export const LOGISTICS_ROUTES: RouteDef[] = [
  { path: "/services/parcels", title: "parcels.title", view: parcelsView },
  { path: "/services/parcels/address", title: "address.title", view: addressView },
  { path: "/services/parcels/courier", title: "courier.title", view: courierView },
  { path: "/services/parcels/staff", title: "staff.title", view: staffView },
  { path: "/services/parcels/track/:id", title: "track.title", view: (root, p) => trackView(root, p.id) },
  { path: "/services/parcels/:uuid", title: "parcel.title", view: (root, p) => parcelView(root, p.uuid) },
];
