export type ActionState = {
  status: "idle" | "success" | "error";
  message?: string;
  fieldErrors?: Record<string, string[]>;
  /** What the buyer typed, so a form shown again with errors keeps it. Never a password. */
  values?: Record<string, string>;
};

export const idle: ActionState = { status: "idle" };

/** A pasted pickup notice that fits more than one parcel comes back with them, for the buyer to choose. */
export type PasteState = ActionState & { candidates?: { id: string; label: string }[] };

type Translate = (key: string) => string;

/**
 * zod issues → `{ field: [messages] }`, for errors tied to each field. Schema messages are keys of
 * the `validation` catalogue; anything else (a zod default) becomes the generic "not valid".
 */
export function toFieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  translate: Translate,
  known: Record<string, unknown>,
) {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "form");
    const message = issue.message in known ? translate(issue.message) : translate("invalid");
    fieldErrors[key] = [...(fieldErrors[key] ?? []), message];
  }
  return fieldErrors;
}
