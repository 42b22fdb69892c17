"use client";

import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { Codes } from "@/components/codes";

type WakeLockSentinelLike = { release: () => Promise<void> };

/**
 * "Show at counter": everything a station may ask for one parcel (every code, the last four on the
 * label, the tracking tail, the tracking number as a barcode) full screen, high contrast, keeping the
 * screen awake where the browser allows it.
 */
export function CounterView({
  item,
  codes,
  lastFour,
  trackingNumber,
  trackingTail,
  barcodeSvg,
}: {
  item: string;
  codes: string[];
  lastFour: string;
  trackingNumber: string;
  trackingTail: string;
  /** Code 128 of the tracking number, drawn on the server. */
  barcodeSvg: string | null;
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
        className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800"
      >
        {t("show")}
        <span className="sr-only"> ({item})</span>
      </button>
      <dialog
        ref={ref}
        onClose={release}
        aria-label={t("label", { item })}
        className="m-0 h-dvh max-h-none w-screen max-w-none bg-black p-0 text-white backdrop:bg-black"
      >
        <div className="flex min-h-full flex-col items-center justify-center gap-6 p-5 text-center">
          <p className="text-lg text-slate-200">{item}</p>
          {codes.length > 0 ? (
            <div>
              <p className="text-base uppercase tracking-widest text-slate-300">
                {t("pickupCode", { count: codes.length })}
              </p>
              <Codes
                codes={codes}
                testId="counter-pickup-code"
                className="justify-center text-[clamp(2.5rem,13vw,6rem)] leading-tight"
              />
            </div>
          ) : null}
          <div className="flex flex-wrap items-end justify-center gap-x-10 gap-y-4">
            <div>
              <p className="text-base uppercase tracking-widest text-slate-300">{t("lastFour")}</p>
              <p
                data-testid="counter-last-four"
                className={`font-digits font-bold leading-none ${codes.length > 0 ? "text-[clamp(3rem,16vw,7rem)]" : "text-[clamp(6rem,32vw,14rem)]"}`}
              >
                {lastFour}
              </p>
            </div>
            <div>
              <p className="text-base uppercase tracking-widest text-slate-300">{t("trackingTail")}</p>
              <p
                data-testid="counter-tracking-tail"
                className="font-digits text-[clamp(2rem,10vw,4rem)] font-bold leading-none"
              >
                {trackingTail}
              </p>
            </div>
          </div>
          {barcodeSvg ? (
            <figure className="flex w-full max-w-md flex-col items-center gap-2 rounded-xl bg-white px-6 py-4 text-black">
              <div
                role="img"
                aria-label={t("barcode", { number: trackingNumber })}
                data-testid="counter-barcode"
                className="h-24 w-full [&>svg]:h-full [&>svg]:w-full"
                // biome-ignore lint/security/noDangerouslySetInnerHtml: bars drawn on the server by bwip-js from a validated tracking number
                dangerouslySetInnerHTML={{ __html: barcodeSvg }}
              />
              <figcaption className="font-digits text-lg tracking-wider">{trackingNumber}</figcaption>
            </figure>
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
