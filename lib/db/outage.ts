import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { noteDbError } from "./availability";
import { REQUEST_PATH_HEADER, UNAVAILABLE_PATH } from "./unavailable-page";

/**
 * For a page or layout that reads the database. A render can fail only with a 500 in Next (its status
 * is fixed before a server component runs, vercel/next.js discussion 53225), so a render that lost the
 * database (a connection-class error, after the one retry of lone reads) marks it down and redirects
 * to the outage page, which answers 503 "temporarily unavailable" and links back to this path. Any
 * other error, and Next's own (redirect, notFound), goes on as it was.
 */
export function unavailableOnOutage<P>(render: (props: P) => Promise<ReactNode>): (props: P) => Promise<ReactNode> {
  // Called once per page module, at its top level: the same component on every render.
  return async (props: P) => {
    try {
      return await render(props);
    } catch (error) {
      if (!noteDbError(error)) throw error;
      const path = (await headers()).get(REQUEST_PATH_HEADER) ?? "/";
      redirect(`${UNAVAILABLE_PATH}?next=${encodeURIComponent(path)}`);
    }
  };
}
