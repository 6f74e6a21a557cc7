/** Strings of the DRT screens: Korean, then English under the same keys (tsc fails on a gap). */
export const drtKo = {} as const;

export const drtEn: Record<keyof typeof drtKo, string> = {};
