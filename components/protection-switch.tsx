"use client";

import { useActionState } from "react";
import { notifyAction, turnOffAction, turnOnAction } from "@/app/(buyer)/actions";
import { ActionDialog } from "@/components/action-dialog";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/action-state";

function SwitchLook({ on }: { on: boolean }) {
  return (
    <span
      aria-hidden="true"
      className={`relative inline-block h-7 w-12 shrink-0 rounded-full transition-colors ${on ? "bg-brand-600" : "bg-slate-400 dark:bg-slate-600"}`}
    >
      <span
        className={`absolute top-1 h-5 w-5 rounded-full bg-white shadow transition-transform ${on ? "translate-x-6" : "translate-x-1"}`}
      />
    </span>
  );
}

export function ProtectionSwitch({
  enabled,
  eligible,
  liveLines,
  notifyRequested,
}: {
  enabled: boolean;
  eligible: boolean;
  liveLines: number;
  notifyRequested: boolean;
}) {
  const [notifyState, notify] = useActionState(notifyAction, idle);
  if (!eligible && !enabled) {
    return (
      <div className="flex flex-col gap-3">
        <div className="flex items-center gap-3">
          <button
            type="button"
            role="switch"
            aria-checked="false"
            disabled
            aria-describedby="not-available"
            className="inline-flex min-h-11 items-center gap-3 opacity-60"
          >
            <SwitchLook on={false} />
            <span className="font-medium">Order number protection</span>
          </button>
        </div>
        <p
          id="not-available"
          className="rounded-lg bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100"
        >
          Not available to your account yet. We are turning it on for buyers step by step while we test it, and your
          account is not in the test yet. Your orders keep using your real number until then.
        </p>
        {notifyRequested || notifyState.status === "success" ? (
          <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
            {notifyState.message ?? "You asked to be notified. We will tell you when it is available."}
          </p>
        ) : (
          <form action={notify}>
            <SubmitButton variant="secondary">Notify me when available</SubmitButton>
            <FormMessage state={notifyState} />
          </form>
        )}
      </div>
    );
  }
  if (!enabled) {
    return (
      <ActionDialog
        title="Turn on order number protection?"
        trigger={
          <span className="inline-flex items-center gap-3">
            <SwitchLook on={false} />
            <span>Order number protection is off</span>
          </span>
        }
        triggerClassName="-ml-4"
        switchChecked={false}
        action={turnOnAction}
        confirmLabel="Turn on"
      >
        <p>From now on, every new order gets its own special line instead of your mobile number.</p>
        <ul className="list-disc pl-5">
          <li>Merchants and couriers see only the special line, on the order and on the waybill.</li>
          <li>Calls and messages to it reach you; parcel stations ask for its last four digits, shown on Pickup.</li>
          <li>It stops working 15 days after the order completes. You can end it sooner.</li>
          <li>Orders you already placed keep your real number; you can protect an open one by hand.</li>
        </ul>
      </ActionDialog>
    );
  }
  return (
    <ActionDialog
      title="Turn off order number protection?"
      trigger={
        <span className="inline-flex items-center gap-3">
          <SwitchLook on />
          <span>Order number protection is on</span>
        </span>
      }
      triggerClassName="-ml-4"
      switchChecked
      action={turnOffAction}
      extraButtons={
        <>
          <SubmitButton variant="secondary" name="mode" value="keep">
            Keep live lines
          </SubmitButton>
          <SubmitButton variant="danger" name="mode" value="end">
            End them all now
          </SubmitButton>
        </>
      }
    >
      <p>New orders will use your real mobile number.</p>
      <p>
        You have {liveLines} live special line{liveLines === 1 ? "" : "s"}. Choose what happens to them:
      </p>
      <ul className="list-disc pl-5">
        <li>
          <strong>Keep live lines</strong>: they keep working until they end on their own.
        </li>
        <li>
          <strong>End them all now</strong>: they stop at once; orders still on their way fall back to your real number
          so the courier can reach you.
        </li>
      </ul>
    </ActionDialog>
  );
}
