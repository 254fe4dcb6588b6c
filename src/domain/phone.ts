/** Mainland mobile numbers: 11 digits starting 13–19. */
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/**
 * Normalises a phone number as people and carriers write it (+86, 0086, 86 prefixes,
 * spaces, dashes, full-width digits) to 11 digits; null when it is not a mainland mobile.
 */
export function normalizePhone(raw: string): string | null {
  let digits = raw.normalize('NFKC').replace(/[\s\-()（）]/g, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  if (!/^\d+$/.test(digits)) return null;
  if (digits.length === 15 && digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return MAINLAND_MOBILE.test(digits) ? digits : null;
}

/** 138****5678: enough to recognise a number in logs and notices without exposing it. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '***';
}
