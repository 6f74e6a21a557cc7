/** Strings of the Chat screens: Korean, then English under the same keys (tsc fails on a gap). */
export const chatKo = {} as const;

export const chatEn: Record<keyof typeof chatKo, string> = {};
