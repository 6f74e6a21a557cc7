/** Strings of the Parking screens: Korean, then English under the same keys (tsc fails on a gap). */
export const parkingKo = {} as const;

export const parkingEn: Record<keyof typeof parkingKo, string> = {};
