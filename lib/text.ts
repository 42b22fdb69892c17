// Embedding, override and isolate controls, the LTR/RTL marks and the Arabic letter mark.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * Text that came from outside (a message, a station name) as it may be shown: without bidi
 * controls, which would reorder what the buyer reads (`【\u202eevil\u202c】` shows as `【live】`).
 */
export function displayText(text: string): string;
export function displayText(text: string | null): string | null;
export function displayText(text: string | null): string | null {
  return text === null ? null : text.replace(BIDI_CONTROLS, "");
}
