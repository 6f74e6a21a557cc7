/** Shared by the DRT screens. */
import "../../i18n/drt";
import { t, type MessageKey } from "../../i18n";

export const DRT = "/services/drt";

export function classLabel(value: string | null | undefined): string {
  return value === "citizen" ? t("drt.class.citizen") : value === "student" ? t("drt.class.student") : "-";
}

export function statusLabel(status: string): string {
  return t(`drt.status.${status}` as MessageKey);
}

export function currentPosition(): Promise<{ lat: number; lon: number } | null> {
  if (!("geolocation" in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  });
}
