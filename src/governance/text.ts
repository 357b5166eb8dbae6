/** Small shared text checks for German error messages. */

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const HTTP_URL = /^https?:\/\/[^\s]+$/;

export function isNonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}
