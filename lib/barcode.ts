import "server-only";
import { toSVG } from "bwip-js/node";

/**
 * A tracking number as a Code 128 barcode, drawn on the server as SVG (bars only: the number is shown
 * beside it as text). Stations with scanners find a parcel by its waybill's barcode.
 */
export function code128Svg(value: string): string | null {
  if (!/^[\x20-\x7E]{1,40}$/.test(value)) return null;
  try {
    return toSVG({ bcid: "code128", text: value, height: 14, includetext: false });
  } catch {
    return null;
  }
}
