import { getViewer } from "@/lib/dal";
import { getDb } from "@/lib/db";
import { exportAccountData } from "@/lib/privacy/export";
import { confirmPassword } from "@/lib/privacy/reauth";

/** Browsers send Origin on a form POST: one from another site is refused (the session cookie is SameSite=Lax too). */
function crossSite(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/**
 * "Download my data" (PIPL): POST from the account page. With no password the file shows the mobile
 * number masked; with the right password it includes it in full. Anonymous: 401.
 */
export async function POST(request: Request): Promise<Response> {
  const viewer = await getViewer();
  if (!viewer) return Response.json({ error: "unauthenticated" }, { status: 401 });
  if (crossSite(request)) return Response.json({ error: "cross_site" }, { status: 403 });
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return Response.json({ error: "bad_request", message: "Send the account page's form." }, { status: 400 });
  }
  const value = form.get("password");
  const password = typeof value === "string" ? value : "";
  const db = await getDb();
  const now = new Date();
  const includeRealNumber = password.length > 0;
  if (includeRealNumber) {
    const check = await confirmPassword(db, { userId: viewer.id, password, now });
    if (!check.ok) {
      const back = new URL("/account", request.url);
      back.searchParams.set("export", check.reason === "too_many" ? "too-many" : "wrong-password");
      if (check.reason === "too_many") back.searchParams.set("minutes", String(check.minutes));
      return new Response(null, { status: 303, headers: { location: back.pathname + back.search } });
    }
  }
  const data = await exportAccountData(db, { buyerId: viewer.id, includeRealNumber, now });
  if (!data) return Response.json({ error: "unauthenticated" }, { status: 401 });
  const day = now.toISOString().slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="my-data-${day}.json"`,
      "cache-control": "no-store",
    },
  });
}
