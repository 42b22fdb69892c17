import "server-only";
import { toSVG } from "bwip-js/node";

/** Barcodes drawn lately, by value: most recently used last (a Map keeps insertion order). */
const drawn = new Map<string, string | null>();
/** About 700 bytes each: a few hundred kilobytes at most. */
export const BARCODE_CACHE_SIZE = 500;

/**
 * A tracking number as a Code 128 barcode, drawn on the server as SVG (bars only: the number is shown
 * beside it as text). Stations with scanners find a parcel by its waybill's barcode. Drawing one
 * costs bwip-js 2–4 ms, and Pickup draws every waiting parcel's on every load, so the last
 * BARCODE_CACHE_SIZE are kept in this process's memory (never sent anywhere else).
 */
export function code128Svg(value: string): string | null {
  const kept = drawn.get(value);
  if (kept !== undefined) {
    drawn.delete(value);
    drawn.set(value, kept);
    return kept;
  }
  const svg = draw(value);
  drawn.set(value, svg);
  if (drawn.size > BARCODE_CACHE_SIZE) drawn.delete(drawn.keys().next().value as string);
  return svg;
}

/** How many barcodes are kept now (for tests). */
export function barcodesKept(): number {
  return drawn.size;
}

function draw(value: string): string | null {
  if (!/^[\x20-\x7E]{1,40}$/.test(value)) return null;
  try {
    return toSVG({ bcid: "code128", text: value, height: 14, includetext: false });
  } catch {
    return null;
  }
}
