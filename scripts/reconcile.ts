/**
 * `npm run reconcile`: compares our live lines with the bindings Alibaba holds on our host numbers,
 * unbinds what should not be live, queues binds and expiration fixes for the rest (the worker sends
 * them), and prints each difference. Needs TELEPHONY_PROVIDER=alibaba and the database the app uses.
 * No number is printed but host numbers, which are public.
 */
import { isAlibaba } from "@/lib/alibaba/config";
import { reconcile } from "@/lib/alibaba/reconcile";
import { openConfiguredDb } from "@/lib/db/runtime";

async function main() {
  if (!isAlibaba()) throw new Error("npm run reconcile needs TELEPHONY_PROVIDER=alibaba");
  const handle = await openConfiguredDb({ max: 2 });
  try {
    const report = await reconcile(handle.db);
    console.info(
      `[reconcile] ${report.hosts} host number(s); live here ${report.ourLive}, live at Alibaba ${report.providerLive}; ${report.drifts.length} difference(s)`,
    );
    for (const drift of report.drifts) {
      const where = "host" in drift ? ` ${drift.host} ext ${drift.extension}` : "";
      const line = "bindingId" in drift ? ` line ${drift.bindingId}` : "";
      console.info(`[reconcile]   ${drift.kind}${where}${line}`);
    }
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(`[reconcile] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
