import type { ComponentPropsWithoutRef, ElementType } from "react";

const SURFACE = "rounded-2xl bg-white shadow-sm dark:bg-slate-900";
const PADDING = { sm: "p-4", md: "p-5", lg: "p-6" } as const;

type Padding = keyof typeof PADDING;
type CardProps<T extends ElementType> = { as?: T; padding?: Padding } & Omit<ComponentPropsWithoutRef<T>, "as">;

function classes(...parts: (string | undefined)[]): string {
  return parts.filter(Boolean).join(" ");
}

/** The white, outlined panel every page is built of; `as` picks the element (section, article, li…). */
export function Card<T extends ElementType = "div">({ as, padding = "md", className, ...props }: CardProps<T>) {
  const Tag: ElementType = as ?? "div";
  return (
    <Tag
      className={classes(SURFACE, "ring-1 ring-slate-200 dark:ring-slate-800", PADDING[padding], className)}
      {...props}
    />
  );
}

/** A list's empty state: the card's surface without its outline, in muted text. */
export function EmptyCard({
  padding = "lg",
  className,
  ...props
}: { padding?: Padding } & ComponentPropsWithoutRef<"p">) {
  return (
    <p className={classes(SURFACE, "text-slate-600 dark:text-slate-400", PADDING[padding], className)} {...props} />
  );
}
