/** Field names of card data: they go from the browser to BigCommerce's payments endpoint, never to us. */
const CARD_FIELDS = /^(number|card_?number|cardholder_name|cvv|cvc|cvv2|verification_value|expiry_month|expiry_year|exp_month|exp_year|pan)$/i;

/** 13 to 19 digits, optionally grouped by single spaces or dashes, as a card number is written. */
const PAN_SHAPE = /^\d(?:[ -]?\d){12,18}$/;

const passesLuhn = (digits: string): boolean => {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
};

/**
 * A value written as a card number would be: 13–19 digits that pass the Luhn check. A value starting
 * with `+` is an E.164 phone number, which can pass Luhn by chance, so it is not taken for one.
 */
export const looksLikeCardNumber = (value: string): boolean => {
  const trimmed = value.trim();
  if (trimmed.length < 13 || trimmed.length > 37 || !PAN_SHAPE.test(trimmed)) return false;
  return passesLuhn(trimmed.replace(/[ -]/g, ''));
};

/**
 * Where in a shopper's input card data sits — a card field's name, or a free-text value that is a card
 * number — as a dotted path, or null. Walks with its own stack (no recursion, no path copies): the input
 * guard has bounded depth and size before this runs, and the walk stays linear in the input.
 */
export const findCardData = (input: unknown): string | null => {
  const stack: Array<{ value: unknown; path: string }> = [{ value: input, path: '' }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (looksLikeCardNumber(value)) return path || 'value';
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [key] of entries) if (CARD_FIELDS.test(key)) return path ? `${path}.${key}` : key;
    // Reversed onto the stack, so that the walk reads keys in their order, as a reader would.
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, inner] = entries[index];
      stack.push({ value: inner, path: path ? `${path}.${key}` : key });
    }
  }
  return null;
};
