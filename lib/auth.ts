import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { eq } from "drizzle-orm";
import NextAuth, { type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { verifyCredentials } from "@/lib/accounts";
import { getDb } from "@/lib/db";
import { isUnavailableError } from "@/lib/db/availability";
import { authSessions } from "@/lib/db/schema";
import { isEmbedded, secrets } from "@/lib/env";
import { authLogger } from "@/lib/security/auth-log";
import { clientIp, throttledSignIn } from "@/lib/security/rate-limit";
import { isSessionLive } from "@/lib/security/sessions";
import { signInSchema } from "@/lib/validation";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: "buyer" | "operator" } & DefaultSession["user"];
  }
  interface User {
    role?: "buyer" | "operator";
  }
}

const sessionCheck = new AsyncLocalStorage<{ failures: unknown[] }>();

/**
 * auth(), except that a session whose check could not reach the database (its row unread: revoked or
 * not is unknown) throws that failure instead of reading as signed out: the visitor gets the outage
 * page or message, not the sign-in page, and nothing runs as them.
 */
export async function authOrUnavailable() {
  const state = { failures: [] as unknown[] };
  const session = await sessionCheck.run(state, () => auth());
  if (!session?.user.id && state.failures.length > 0) throw state.failures[0];
  return session;
}

/** Sessions end at the latest this long after sign-in, whatever the cookie says. */
export const SESSION_MAX_AGE_S = 7 * 24 * 60 * 60;

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: secrets().AUTH_SECRET,
  // The embedded demo runs straight from `next start` on localhost; a real deployment sets AUTH_TRUST_HOST itself.
  trustHost: process.env.AUTH_TRUST_HOST === "true" || isEmbedded() || process.env.NODE_ENV !== "production",
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/sign-in" },
  logger: authLogger,
  providers: [
    Credentials({
      // No `credentials` fields: they only describe Auth.js's own sign-in page, which this app does not
      // use (pages.signIn); `authorize` gets the whole posted form either way and validates it.
      async authorize(raw, request) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) return null;
        const db = await getDb();
        const attempt = { identifier: parsed.data.identifier, ip: clientIp(request.headers), now: new Date() };
        const account = await throttledSignIn(db, attempt, () => verifyCredentials(db, parsed.data));
        if (!account) return null;
        return { id: account.id, name: account.name, email: account.email, role: account.role };
      },
    }),
  ],
  callbacks: {
    /** Each JWT names a session row; revoking the row (sign-out) ends the session even if the cookie is replayed. */
    async jwt({ token, user }) {
      const db = await getDb();
      if (user?.id) {
        const [row] = await db
          .insert(authSessions)
          .values({ userId: user.id, expiresAt: new Date(Date.now() + SESSION_MAX_AGE_S * 1000) })
          .returning({ id: authSessions.id });
        return { ...token, sub: user.id, sid: row.id, role: user.role };
      }
      if (typeof token.sid !== "string") return null;
      try {
        return (await isSessionLive(db, { sid: token.sid, now: new Date() })) ? token : null;
      } catch (error) {
        // Auth.js answers "no session" for any error here; authOrUnavailable() says why instead.
        if (isUnavailableError(error)) sessionCheck.getStore()?.failures.push(error);
        throw error;
      }
    },
    session({ session, token }) {
      session.user.id = String(token.sub);
      session.user.role = token.role === "operator" ? "operator" : "buyer";
      return session;
    },
  },
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid !== "string") return;
      const db = await getDb();
      await db.update(authSessions).set({ revokedAt: new Date() }).where(eq(authSessions.id, sid));
    },
  },
}));
