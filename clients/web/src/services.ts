/** Ieum's services, as tiles on the home screen. Each routes to /services/<slug>. */
import type { MessageKey } from "./i18n";

export interface Service {
  slug: string;
  title: MessageKey;
  body: MessageKey;
  colour: string;
  /** 24×24 stroke icon, drawn in currentColor */
  icon: string;
}

const path = (d: string) =>
  `<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${d}</svg>`;

export const SERVICES: Service[] = [
  {
    slug: "trip",
    title: "service.trip.title",
    body: "service.trip.body",
    colour: "#1f6feb",
    icon: path('<circle cx="6" cy="6" r="2.5"/><circle cx="18" cy="18" r="2.5"/><path d="M8.5 6H15a3 3 0 0 1 0 6H9a3 3 0 0 0 0 6h6.5"/>'),
  },
  {
    slug: "bikes",
    title: "service.bikes.title",
    body: "service.bikes.body",
    colour: "#15803d",
    icon: path('<circle cx="5.5" cy="16.5" r="3.5"/><circle cx="18.5" cy="16.5" r="3.5"/><path d="M5.5 16.5 9 9h6l3.5 7.5M9 9l3 7.5h-6.5M14 5.5h2.5L15 9"/>'),
  },
  {
    slug: "drt",
    title: "service.drt.title",
    body: "service.drt.body",
    colour: "#7c3aed",
    icon: path('<rect x="4" y="4" width="16" height="13" rx="2.5"/><path d="M4 11h16M7.5 20v-3M16.5 20v-3"/><circle cx="8" cy="14" r=".8" fill="currentColor"/><circle cx="16" cy="14" r=".8" fill="currentColor"/>'),
  },
  {
    slug: "parking",
    title: "service.parking.title",
    body: "service.parking.body",
    colour: "#0e7490",
    icon: path('<rect x="4" y="3.5" width="16" height="17" rx="3"/><path d="M10 16.5v-9h3a2.75 2.75 0 0 1 0 5.5h-3"/>'),
  },
  {
    slug: "health",
    title: "service.health.title",
    body: "service.health.body",
    colour: "#dc2626",
    icon: path('<path d="M12 20s-7.5-4.4-7.5-10A4.2 4.2 0 0 1 12 7.4 4.2 4.2 0 0 1 19.5 10c0 5.6-7.5 10-7.5 10Z"/><path d="M7 12.5h3l1.2-2.2 1.8 4 1.2-1.8H17"/>'),
  },
  {
    slug: "chat",
    title: "service.chat.title",
    body: "service.chat.body",
    colour: "#ea580c",
    icon: path('<path d="M4.5 5.5h15v10h-8l-4.5 4v-4h-2.5z"/><path d="M8.5 10.5h.01M12 10.5h.01M15.5 10.5h.01"/>'),
  },
  {
    slug: "welfare",
    title: "service.welfare.title",
    body: "service.welfare.body",
    colour: "#db2777",
    icon: path('<path d="M3.5 13.5h3l3.5 2.5h4a1.5 1.5 0 0 0 0-3h-3M6.5 19.5h7.5l6-4.5a1.6 1.6 0 0 0-2-2.4l-3 2"/><path d="M15.5 4.2a2.2 2.2 0 0 1 3.2 3L16 10l-2.7-2.8a2.2 2.2 0 0 1 2.2-3Z"/>'),
  },
  {
    slug: "tourism",
    title: "service.tourism.title",
    body: "service.tourism.body",
    colour: "#ca8a04",
    icon: path('<path d="M12 21s-6.5-5.6-6.5-11a6.5 6.5 0 0 1 13 0c0 5.4-6.5 11-6.5 11Z"/><circle cx="12" cy="10" r="2.3"/>'),
  },
  {
    slug: "parcels",
    title: "service.parcels.title",
    body: "service.parcels.body",
    colour: "#4b5563",
    icon: path('<path d="M12 3.5 20 7.5v9L12 20.5 4 16.5v-9z"/><path d="M4 7.5l8 4 8-4M12 11.5v9M8 5.5l8 4"/>'),
  },
];

export function serviceBySlug(slug: string): Service | undefined {
  return SERVICES.find((service) => service.slug === slug);
}
