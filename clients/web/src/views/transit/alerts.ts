/** Service alerts: a banner on the planner and stop pages. */

/** The active alerts as a banner (nothing until the alerts API is available). */
export function alertsBanner(): HTMLElement | null {
  return null;
}
