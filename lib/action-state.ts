export type ActionState = {
  status: "idle" | "success" | "error";
  message?: string;
  fieldErrors?: Record<string, string[]>;
  /** What the buyer typed, so a form shown again with errors keeps it. Never a password. */
  values?: Record<string, string>;
};

export const idle: ActionState = { status: "idle" };

/** zod issues → `{ field: [messages] }`, for `aria-describedby` errors beside each field. */
export function toFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "form");
    fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
  }
  return fieldErrors;
}
