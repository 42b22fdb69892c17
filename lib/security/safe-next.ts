const BASE = "http://same-site.invalid";
// C0, DEL and C1 controls, and the backslash browsers read as a slash.
const UNSAFE = /[\p{Cc}\\]/u;

function decodedForms(value: string): string[] {
  const forms = [value];
  let current = value;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return [];
    }
    if (next === current) break;
    forms.push(next);
    current = next;
  }
  return forms;
}

/**
 * Where to go after signing in: a path on this site, or `fallback`. Every reader of `next` goes
 * through here. Refused: anything not starting with one slash, backslashes and control characters
 * (also when percent-encoded, once or more), and whatever the URL parser would take off-site.
 */
export function safeNext(raw: unknown, fallback = "/orders"): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) return fallback;
  const forms = decodedForms(raw);
  if (forms.length === 0) return fallback;
  for (const form of forms) {
    if (!form.startsWith("/") || form.startsWith("//") || UNSAFE.test(form)) return fallback;
  }
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
