import { signIn } from "./common";

const base = process.argv[2];
const cookie = await signIn(base, "demo@example.com", "protect-my-number");
for (const path of ["/orders", "/pickup", "/privacy", "/sign-in"]) {
  const html = await (await fetch(`${base}${path}`, { headers: { cookie } })).text();
  const flight = [...html.matchAll(/self\.__next_f\.push\(\[1,"((?:[^"\\]|\\.)*)"\]\)/g)].map((m) => m[1]).join("");
  console.log(
    path,
    "html",
    html.length,
    "flight",
    flight.length,
    "common.",
    (flight.match(/validation/g) ?? []).length,
  );
}
