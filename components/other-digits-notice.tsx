import { getI18n } from "@/lib/i18n/server";
import type { LineDto } from "@/lib/protection/queries";

// Its own module: Pickup shows it without the special line's copy buttons, whose script would then
// ship with Pickup too (a client component imported anywhere in a page's module graph is sent).
/** Said when the buyer asked for their own last four and this line ends in other digits (shown). */
export async function OtherDigitsNotice({ line }: { line: Pick<LineDto, "ownDigits" | "lastFour"> }) {
  if (line.ownDigits !== "missed") return null;
  const { t } = await getI18n();
  return (
    <p
      data-testid="other-digits"
      className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100"
    >
      {t("line.otherDigits", { lastFour: line.lastFour })}
    </p>
  );
}
