/** Strings of the Parcels screens: Korean, then English under the same keys (tsc fails on a gap). */
export const logisticsKo = {} as const;

export const logisticsEn: Record<keyof typeof logisticsKo, string> = {};
