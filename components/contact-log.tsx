import { blockCallerAction, unblockCallerAction } from "@/app/(buyer)/actions";
import { ActionDialog } from "@/components/action-dialog";
import { ActionForm } from "@/components/action-form";
import { formatDateTime } from "@/lib/format";
import { getI18n } from "@/lib/i18n/server";
import type { ContactDto } from "@/lib/protection/contacts";

/** Every call and message that came through the order's line: when, who (masked), and what happened. */
export async function ContactLog({ contacts }: { contacts: ContactDto[] }) {
  const { t, locale } = await getI18n();
  if (contacts.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">{t("contacts.empty")}</p>;
  return (
    <ol className="flex flex-col divide-y divide-slate-200 dark:divide-slate-800" aria-label={t("contacts.listLabel")}>
      {contacts.map((contact) => (
        <li key={contact.id} className="flex flex-col gap-1 py-3" data-testid="contact">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p className="font-medium">
              {t(contact.channel === "call" ? "contacts.call" : "contacts.message")} ·{" "}
              {contact.senderStation ?? t(`contacts.kind.${contact.callerKind}`)}{" "}
              <span className="font-digits">{contact.callerMasked}</span>
            </p>
            <time dateTime={contact.at.toISOString()} className="text-sm text-slate-600 dark:text-slate-400">
              {formatDateTime(contact.at, locale)}
            </time>
          </div>
          <p
            className={`text-sm ${contact.outcome === "forwarded" ? "text-emerald-800 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}
            data-testid="contact-outcome"
          >
            {contact.outcome === "forwarded"
              ? t("contacts.forwarded")
              : t("contacts.rejected", { reason: t(`contacts.reason.${contact.reason ?? "ended"}`) })}
          </p>
          {contact.text ? (
            <p className="text-sm wrap-anywhere text-slate-700 dark:text-slate-300">{contact.text}</p>
          ) : null}
          {contact.pickupCode ? (
            <p className="font-digits text-lg font-semibold">
              {t("contacts.pickupCode", { code: contact.pickupCode })}
            </p>
          ) : null}
          {contact.blocked ? (
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-sm font-medium">{t("contacts.blocked")}</span>
              <ActionForm
                action={unblockCallerAction}
                hidden={{ contactEventId: String(contact.id) }}
                label={t("contacts.unblock")}
              />
            </div>
          ) : (
            <div className="self-start">
              <ActionDialog
                trigger={t("contacts.block")}
                triggerClassName="border border-slate-300 bg-white text-slate-900 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700"
                title={t("contacts.blockTitle")}
                action={blockCallerAction}
                hidden={{ contactEventId: String(contact.id) }}
                confirmLabel={t("contacts.blockConfirm")}
                confirmVariant="danger"
              >
                <p>{t("contacts.blockBody", { caller: contact.callerMasked })}</p>
                {contact.senderStation ? (
                  <p className="font-medium">{t("contacts.blockStation", { station: contact.senderStation })}</p>
                ) : null}
              </ActionDialog>
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
