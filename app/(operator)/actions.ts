"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { HOST_STATUSES, ROLLOUT_LISTS } from "@/lib/db/schema";
import { withOperator } from "@/lib/operator/action";
import { addHostNumber, setHostStatus } from "@/lib/operator/hosts";
import { addRolloutAccount, removeRolloutAccount, setRolloutPercentage } from "@/lib/operator/rollout";
import { formatHost } from "@/lib/protection/rules";
import { decimalInt } from "@/lib/validation";

// Schema messages are keys of the `operator.validation` catalogue.

const emailSchema = z
  .string({ error: "emailInvalid" })
  .trim()
  .toLowerCase()
  .min(1, "emailInvalid")
  .max(254, "emailInvalid")
  .pipe(z.email("emailInvalid"));

function refresh() {
  revalidatePath("/operator");
}

export const setRolloutPercentageAction = withOperator(
  z.object({
    percentage: decimalInt("percentageNumber", { max: 100 }),
  }),
  async ({ operator, db, now, input, t }) => {
    const result = await setRolloutPercentage(db, { operator, percentage: input.percentage, now });
    if (!result.ok) return { status: "error", message: t("operator.validation.percentageNumber") };
    refresh();
    return {
      status: "success",
      message: result.changed
        ? t("operator.rollout.saved", { percentage: input.percentage, previous: result.previous })
        : t("operator.rollout.unchanged", { percentage: input.percentage }),
    };
  },
);

export const addRolloutAccountAction = withOperator(
  z.object({ email: emailSchema, list: z.enum(ROLLOUT_LISTS, { error: "listRequired" }) }),
  async ({ operator, db, now, input, t }) => {
    const result = await addRolloutAccount(db, { operator, email: input.email, list: input.list, now });
    if (!result.ok) {
      const message = t("operator.validation.emailInvalid");
      return { status: "error", message, fieldErrors: { email: [message] } };
    }
    refresh();
    const list = t(`operator.listNames.${input.list}`);
    if (!result.changed)
      return { status: "success", message: t("operator.rollout.alreadyListed", { email: input.email, list }) };
    if (result.previous) {
      const from = t(`operator.listNames.${result.previous}`);
      return { status: "success", message: t("operator.rollout.moved", { email: input.email, from, list }) };
    }
    return { status: "success", message: t("operator.rollout.added", { email: input.email, list }) };
  },
);

export const removeRolloutAccountAction = withOperator(
  z.object({ email: emailSchema }),
  async ({ operator, db, now, input, t }) => {
    const result = await removeRolloutAccount(db, { operator, email: input.email, now });
    if (!result.ok || !result.previous) {
      return { status: "error", message: t("operator.rollout.notListed", { email: input.email }) };
    }
    refresh();
    const list = t(`operator.listNames.${result.previous}`);
    return { status: "success", message: t("operator.rollout.removed", { email: input.email, list }) };
  },
);

export const addHostAction = withOperator(
  z.object({
    number: z.string({ error: "hostInvalid" }).trim().min(1, "hostInvalid").max(24, "hostInvalid"),
    // Absent (an older form): today's 4 digits.
    extensionWidth: decimalInt("widthInvalid", { min: 1, max: 4 }).default(4),
  }),
  async ({ operator, db, now, input, t }) => {
    const result = await addHostNumber(db, {
      operator,
      number: input.number,
      extensionWidth: input.extensionWidth,
      now,
    });
    if (!result.ok) {
      const message =
        result.reason === "duplicate"
          ? t("operator.hosts.duplicate", { number: input.number })
          : result.reason === "invalid_width"
            ? t("operator.validation.widthInvalid")
            : t("operator.validation.hostInvalid");
      const field = result.reason === "invalid_width" ? "extensionWidth" : "number";
      return { status: "error", message, fieldErrors: { [field]: [message] }, values: { number: input.number } };
    }
    refresh();
    return {
      status: "success",
      message: t("operator.hosts.added", { number: formatHost(result.number), slots: result.slots }),
    };
  },
);

export const setHostStatusAction = withOperator(
  z.object({
    hostId: decimalInt("hostMissing", { min: 1 }),
    status: z.enum(HOST_STATUSES, { error: "statusInvalid" }),
  }),
  async ({ operator, db, now, input, t }) => {
    const result = await setHostStatus(db, { operator, hostId: input.hostId, status: input.status, now });
    if (!result.ok) return { status: "error", message: t("operator.hosts.missing") };
    refresh();
    const status = t(`operator.statusNames.${input.status}`);
    return {
      status: "success",
      message: t(result.changed ? "operator.hosts.changed" : "operator.hosts.unchanged", {
        number: formatHost(result.number),
        status,
      }),
    };
  },
);
