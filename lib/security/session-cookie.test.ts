/** Reading the Auth.js session cookie as Auth.js writes it: whole, or split into numbered chunks, under either name. */
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { readSessionClaims } from "./session-cookie";

const PLAIN = "authjs.session-token";
const SECURE = "__Secure-authjs.session-token";

async function token(name: string, claims: Record<string, unknown>) {
  return encode({ token: claims, secret: process.env.AUTH_SECRET as string, salt: name, maxAge: 60 * 60 });
}
const jar = (cookies: [string, string][]) => ({ getAll: () => cookies.map(([name, value]) => ({ name, value })) });

describe("readSessionClaims", () => {
  const userId = randomUUID();
  const sid = randomUUID();

  it("reads the claims of a whole cookie, under the plain name or the __Secure- one", async () => {
    expect(await readSessionClaims(jar([[PLAIN, await token(PLAIN, { sub: userId, sid })]]))).toEqual({ userId, sid });
    expect(await readSessionClaims(jar([[SECURE, await token(SECURE, { sub: userId, sid })]]))).toEqual({
      userId,
      sid,
    });
  });

  it("joins a cookie split into chunks in their numbered order, whatever order they come in, ignoring strays", async () => {
    const value = await token(PLAIN, { sub: userId, sid });
    const third = Math.ceil(value.length / 3);
    const [a, b, c] = [value.slice(0, third), value.slice(third, 2 * third), value.slice(2 * third)];
    const cookies: [string, string][] = [
      [`${PLAIN}.2`, c],
      [`${PLAIN}.x`, "stray"],
      [`${PLAIN}.0`, a],
      [`${PLAIN}.-1`, "stray"],
      [`${PLAIN}.1`, b],
      [`${PLAIN}.1.5`, "stray"],
      [`${PLAIN}x1`, "another cookie"],
    ];
    expect(await readSessionClaims(jar(cookies))).toEqual({ userId, sid });
  });

  it("is anonymous for no cookie, a tampered one, one sealed under the other name, or one without a session id", async () => {
    expect(await readSessionClaims(jar([]))).toBeNull();
    expect(await readSessionClaims(jar([["other", "x"]]))).toBeNull();
    const good = await token(PLAIN, { sub: userId, sid });
    expect(await readSessionClaims(jar([[PLAIN, `${good.slice(0, -2)}xx`]]))).toBeNull();
    expect(await readSessionClaims(jar([[SECURE, good]]))).toBeNull();
    expect(await readSessionClaims(jar([[PLAIN, await token(PLAIN, { sub: userId })]]))).toBeNull();
    expect(await readSessionClaims(jar([[PLAIN, await token(PLAIN, { sid })]]))).toBeNull();
  });
});
