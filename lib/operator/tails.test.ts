import { describe, expect, it } from "vitest";
import { placeOrder } from "@/lib/protection/orders";
import { setOwnLastFour, turnProtectionOn } from "@/lib/protection/setting";
import { drivers } from "@/lib/testing/db";
import { addPool, makeBuyer, SAMPLE_ORDER } from "@/lib/testing/protection";
import { useProtectionDb } from "@/lib/testing/suite";
import { getTailHealth, hostsForShare } from "./tails";

describe("host numbers for a share of the lines asking for their own last four", () => {
  it("is zero with no demand, and the busiest tail when every line counts", () => {
    expect(hostsForShare([])).toBe(0);
    expect(hostsForShare([1, 1, 1])).toBe(1);
    expect(hostsForShare([3], 1)).toBe(3);
  });

  it("lets the last 1 % go: one busy tail among many quiet ones", () => {
    // 104 lines: H = 3 serves 102 (98 %), H = 4 serves 103 (99.04 %).
    expect(hostsForShare([5, ...Array(99).fill(1)])).toBe(4);
    expect(hostsForShare([5, ...Array(99).fill(1)], 0.98)).toBe(3);
  });
});

const NOW = new Date("2025-05-01T00:00:00.000Z");

describe.each(drivers())("the operator's view of own last fours, on $name", ({ open }) => {
  const suite = useProtectionDb(open);

  it("counts per last four what was asked, missed and held, and the host numbers it would take", async () => {
    await addPool(suite.db, { host: "17300000001", size: 100 });
    // 0077 first: a 0042 buyer who misses takes a random free slot, which could be 0077's.
    for (const tail of ["0077", "0042", "0042", "0042"]) {
      const buyer = await makeBuyer(suite.db, { list: "allow", lastFour: tail });
      await turnProtectionOn(suite.db, { buyerId: buyer.id, now: NOW });
      await setOwnLastFour(suite.db, { buyerId: buyer.id, on: true, now: NOW });
      await placeOrder(suite.db, { ...SAMPLE_ORDER, buyerId: buyer.id, merchantId: suite.merchantId, now: NOW });
    }
    // Someone who did not ask is no demand.
    const other = await makeBuyer(suite.db, { list: "allow", lastFour: "0042" });
    await turnProtectionOn(suite.db, { buyerId: other.id, now: NOW });
    await placeOrder(suite.db, { ...SAMPLE_ORDER, buyerId: other.id, merchantId: suite.merchantId, now: NOW });

    const health = await getTailHealth(suite.db, { now: NOW });
    expect(health).toEqual({
      hosts: 1,
      askingBuyers: 4,
      asked: 4,
      missed: 2,
      holding: 4,
      busiest: 3,
      // Demands [3, 1]: H = 2 serves 3 of 4, H = 3 serves all.
      needed: 3,
      exhausted: [{ tail: "0042", asked: 3, missed: 2, holding: 3 }],
    });
  });
});
