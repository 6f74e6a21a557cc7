/** Strings of the civil-request screens: Korean, then English under the same keys (tsc fails on a gap). */
export const civicKo = {} as const;

export const civicEn: Record<keyof typeof civicKo, string> = {};
