/** The Orders page's "older" link carries a cursor: what it encodes comes back, anything else is no cursor. */
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./queries";

const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
const b64 = (text: string) => Buffer.from(text).toString("base64url");

describe("the orders cursor", () => {
  it("comes back as it went, in a URL-safe form", () => {
    const cursor = { placedAt: new Date("2026-11-30T23:59:59.999Z"), id: ID };
    const raw = encodeCursor(cursor);
    expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(raw, "base64url").toString()).toBe(`2026-11-30T23:59:59.999Z|${ID}`);
    expect(decodeCursor(raw)).toEqual(cursor);
  });

  it("keeps the earliest and latest instants it allows, and reads an upper-case id as the same id", () => {
    expect(decodeCursor(b64(`1970-01-01T00:00:00.000Z|${ID}`))?.placedAt).toEqual(new Date(0));
    expect(decodeCursor(b64(`9999-12-31T23:59:59.999Z|${ID}`))?.placedAt).toEqual(new Date("9999-12-31T23:59:59.999Z"));
    expect(decodeCursor(b64(`2026-01-01T00:00:00Z|${ID.toUpperCase()}`))).toEqual({
      placedAt: new Date("2026-01-01T00:00:00Z"),
      id: ID,
    });
  });

  it("keeps a cursor of exactly 200 characters", () => {
    const raw = b64(`2026-01-01T00:00:00.${"0".repeat(92)}Z|${ID}`);
    expect(raw).toHaveLength(200);
    expect(decodeCursor(raw)).toEqual({ placedAt: new Date("2026-01-01T00:00:00Z"), id: ID });
  });

  it.each([
    ["not a string", 42],
    ["empty", ""],
    // A fraction of 93 digits is still a date JavaScript reads: only the length refuses it.
    ["longer than 200 characters", b64(`2026-01-01T00:00:00.${"0".repeat(93)}Z|${ID}`)],
    ["without an id", b64("2026-01-01T00:00:00.000Z")],
    ["with a third part", b64(`2026-01-01T00:00:00.000Z|${ID}|x`)],
    ["with an id that is no UUID", b64("2026-01-01T00:00:00.000Z|42")],
    ["with a date that is not ISO", b64(`Jan 1 2026|${ID}`)],
    ["with a local time", b64(`2026-01-01T00:00:00.000|${ID}`)],
    ["with text around the date", b64(`x2026-01-01T00:00:00.000Zx|${ID}`)],
    ["with a date that does not exist", b64(`2026-13-45T00:00:00.000Z|${ID}`)],
    ["before 1970", b64(`1969-12-31T23:59:59.999Z|${ID}`)],
    ["after 9999", b64(`+010000-01-01T00:00:00.000Z|${ID}`)],
    // JavaScript reads 24:00 as the next day's midnight: here the first instant of the year 10000.
    ["at 24:00 on the last day of 9999", b64(`9999-12-31T24:00:00.000Z|${ID}`)],
  ])("is no cursor when %s", (_name, raw) => {
    expect(decodeCursor(raw)).toBeNull();
  });
});
