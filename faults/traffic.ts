import { readFileSync } from "node:fs";
import path from "node:path";
import { signRelayRequest } from "../lib/relay/sign";

/** One answer the suite saw, with what it acknowledged (if anything) for the lost-write check. */
export type Sample = {
  kind: "page" | "operator" | "action:place" | "action:end" | "relay" | "relay:unsigned";
  at: number;
  ms: number;
  status: number;
  ok: boolean;
  acked?: string;
  problem?: string;
  /** A relay answer's own decision time (its Server-Timing). */
  decideMs?: number;
  /** A relay delivery answered `unavailable`: it must have kept nothing. */
  unavailableId?: string;
  /** A page whose render lost the database and was sent to the outage page. */
  viaRender?: boolean;
};

/** The id of a server action, read from the production build's manifest, by its exported name. */
export function actionId(exportName: string, fileFragment: string): string {
  const manifest = JSON.parse(readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.exportedName === exportName && (entry.filename ?? "").includes(fileFragment)) return id;
  }
  throw new Error(`no server action ${exportName} in ${fileFragment} in the build's manifest`);
}

/** Signs in over Auth.js's own endpoints, as a browser form would, and returns the session cookie. */
export async function signIn(base: string, identifier: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: csrfCookie, "content-type": "application/x-www-form-urlencoded", origin: base },
    body: new URLSearchParams({ identifier, password, csrfToken, callbackUrl: `${base}/orders` }),
  });
  const session = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in as ${identifier} gave no session cookie (status ${response.status})`);
  return session;
}

/** A server action posted as React posts a `useActionState` form: `[prevState, formData]`, the form data under the `_1_` prefix. */
export async function callAction(
  base: string,
  { cookie, id, page, fields }: { cookie: string; id: string; page: string; fields: Record<string, string> },
): Promise<{ status: number; body: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(`_1_${name}`, value);
  // The root comes last, as React sends it: the server resolves it as soon as it arrives.
  form.append("0", JSON.stringify([{ status: "idle" }, "$K1"]));
  // Encoded up front, so that it goes with a Content-Length as a browser's does.
  const encoded = new Response(form);
  const contentType = encoded.headers.get("content-type") ?? "";
  const response = await fetch(`${base}${page}`, {
    method: "POST",
    headers: { cookie, "next-action": id, accept: "text/x-component", origin: base, "content-type": contentType },
    body: Buffer.from(await encoded.arrayBuffer()),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: await response.text() };
}

export async function relayMessage(
  base: string,
  { secret, to, extension, from, text }: { secret: string; to: string; extension: string; from: string; text: string },
): Promise<{ status: number; webhookId: string; answer: Record<string, unknown> | null; decideMs?: number }> {
  const raw = JSON.stringify({ to, extension, from, text });
  const headers = signRelayRequest({ secret, body: raw });
  const response = await fetch(`${base}/api/relay/message`, {
    method: "POST",
    headers,
    body: raw,
    signal: AbortSignal.timeout(10_000),
  });
  const answer = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  const timing = response.headers.get("server-timing")?.match(/decide;dur=([\d.]+)/)?.[1];
  return {
    status: response.status,
    webhookId: headers["webhook-id"] as string,
    answer,
    decideMs: timing === undefined ? undefined : Number(timing),
  };
}

/**
 * A page as a browser gets it. The one redirect a fault may cause is to the outage page (a render that
 * lost the database), which is followed; any other (to sign-in, say) is the answer, and a problem.
 */
export async function fetchPage(
  base: string,
  path: string,
  cookie: string,
): Promise<{ status: number; body: string; viaRender: boolean; location?: string }> {
  const get = (url: string) =>
    fetch(url, { headers: { cookie }, redirect: "manual", signal: AbortSignal.timeout(30_000) });
  let response = await get(`${base}${path}`);
  const location = response.headers.get("location");
  if (response.status >= 300 && response.status < 400 && location) {
    const target = new URL(location, base);
    if (target.pathname !== "/unavailable") return { status: response.status, body: "", viaRender: false, location };
    response = await get(target.toString());
    return { status: response.status, body: await response.text(), viaRender: true };
  }
  return { status: response.status, body: await response.text(), viaRender: false };
}

/** Runs `step` back to back until `until()` says stop; every outcome, thrown or not, is a sample. */
export async function loop(
  samples: Sample[],
  kind: Sample["kind"],
  until: () => boolean,
  step: () => Promise<Omit<Sample, "kind" | "at" | "ms"> | null>,
  pauseMs = 50,
): Promise<void> {
  while (!until()) {
    const at = Date.now();
    try {
      const outcome = await step();
      if (outcome) samples.push({ kind, at, ...outcome, ms: Date.now() - at });
    } catch (error) {
      samples.push({ kind, at, ms: Date.now() - at, status: 0, ok: false, problem: String(error) });
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

/**
 * What an answer must never be during a fault: a stack trace, a 503 other than the unavailable page,
 * or any other 5xx (a render whose query died mid-page must answer the outage page, not an error page).
 */
export function pageProblem(status: number, body: string): string | undefined {
  if (/\n\s+at [^\n]+:\d+:\d+/.test(body)) return "stack trace in the page";
  if (status === 503 && !/Temporarily unavailable|暂时无法使用|"unavailable"/.test(body))
    return "503 without the unavailable page";
  if (status >= 500 && status !== 503) return `status ${status}`;
  return undefined;
}
