import autocannon from "autocannon";
import { signIn } from "./common";

const base = process.argv[2];
const seconds = Number(process.argv[3] ?? 10);
const paths = process.argv.slice(4);
const cookie = await signIn(base, "demo@example.com", "protect-my-number");
for (const path of paths) {
  const r = await autocannon({ url: `${base}${path}`, connections: 8, duration: seconds, headers: { cookie } });
  console.log(path, r.requests.average, r.latency.p50, r.latency.p99, r.non2xx);
}
