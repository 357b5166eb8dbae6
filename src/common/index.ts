export { AmtsklarError, invalidInput, isAmtsklarError, type ErrorCode, type Problem } from './errors.ts';
export { canonicalJson, contentHash, sha256Hex } from './canonical.ts';
export { secureRandomBytes } from './random.ts';
export { berlinDate } from './berlin-date.ts';
