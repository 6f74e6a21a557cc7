/** Strings of the Health screens: Korean, then English under the same keys (tsc fails on a gap). */
export const healthKo = {} as const;

export const healthEn: Record<keyof typeof healthKo, string> = {};
