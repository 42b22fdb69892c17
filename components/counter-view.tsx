"use client";

import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";

type WakeLockSentinelLike = { release: () => Promise<void> };

/**
 * "Show at counter": one line's last four digits (and pickup code) full screen, high contrast,
 * keeping the screen awake where the browser allows it.
 */
export function CounterView({
  lastFour,
  pickupCode,
  title,
}: {
  lastFour: string;
  pickupCode: string | null;
  title: string;
}) {
  const t = useTranslations("counter");
  const ref = useRef<HTMLDialogElement>(null);
  const lock = useRef<WakeLockSentinelLike | null>(null);
  const [awake, setAwake] = useState<"on" | "unsupported" | "idle">("idle");

  async function open() {
    ref.current?.showModal();
    const wakeLock = (
      navigator as Navigator & { wakeLock?: { request: (type: "screen") => Promise<WakeLockSentinelLike> } }
    ).wakeLock;
    try {
      if (!wakeLock) throw new Error("unsupported");
      lock.current = await wakeLock.request("screen");
      setAwake("on");
    } catch {
      setAwake("unsupported");
    }
  }

  function release() {
    lock.current?.release().catch(() => {});
    lock.current = null;
    setAwake("idle");
  }

  // Let go of the wake lock if the page goes away while the view is open.
  useEffect(
    () => () => {
      lock.current?.release().catch(() => {});
    },
    [],
  );

  return (
    <>
      <button
        type="button"
        onClick={open}
        className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-3 text-sm font-semibold text-white hover:bg-brand-800"
      >
        {t("show")}
        <span className="sr-only"> ({title})</span>
      </button>
      <dialog
        ref={ref}
        onClose={release}
        aria-label={t("label", { lastFour })}
        className="m-0 h-dvh max-h-none w-screen max-w-none bg-black p-0 text-white backdrop:bg-black"
      >
        <div className="flex h-full flex-col items-center justify-center gap-8 p-6 text-center">
          <p className="text-xl text-slate-200">{title}</p>
          <div>
            <p className="text-lg uppercase tracking-widest text-slate-300">{t("lastFour")}</p>
            <p
              data-testid="counter-last-four"
              className="font-digits text-[clamp(6rem,32vw,14rem)] font-bold leading-none"
            >
              {lastFour}
            </p>
          </div>
          {pickupCode ? (
            <div>
              <p className="text-lg uppercase tracking-widest text-slate-300">{t("pickupCode")}</p>
              <p
                data-testid="counter-pickup-code"
                className="font-digits text-[clamp(3rem,14vw,7rem)] font-bold leading-none"
              >
                {pickupCode}
              </p>
            </div>
          ) : null}
          <p className="text-sm text-slate-300" role="status">
            {awake === "on" ? t("awake") : awake === "unsupported" ? t("noWakeLock") : ""}
          </p>
          <button
            type="button"
            onClick={() => ref.current?.close()}
            className="min-h-11 rounded-lg border border-white px-6 text-lg font-semibold"
          >
            {t("close")}
          </button>
        </div>
      </dialog>
    </>
  );
}
