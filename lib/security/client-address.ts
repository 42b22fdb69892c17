import http from "node:http";
import https from "node:https";

/**
 * The client's address: the socket's peer, or, behind `hops` proxies that each append the address
 * they saw to X-Forwarded-For, the entry that many places left of the socket. Anything further left
 * is whatever the client claimed.
 */
export function resolveClientAddress({
  forwardedFor,
  socketAddress,
  hops,
}: {
  forwardedFor: string | string[] | undefined;
  socketAddress: string | undefined;
  hops: number;
}): string {
  const listed = [forwardedFor ?? []]
    .flat()
    .flatMap((value) => value.split(","))
    .map((part) => part.trim())
    .filter(Boolean);
  const chain = [...listed, socketAddress || "unknown"];
  return chain[Math.max(0, chain.length - 1 - Math.floor(hops))].slice(0, 64);
}

type HookState = { hops: number };
const HOOK = Symbol.for("onp.clientAddressHook");

/**
 * Route handlers, server actions and Auth.js only see headers: Next 16 has no `request.ip`, and
 * `next start` fills in X-Forwarded-For from the socket only when the client sent none, so a forged
 * one reaches the app as is. The socket is visible only to the Node server itself, so each incoming
 * request's X-Forwarded-For is replaced here, before Next reads it, by the one trusted address.
 */
export function installClientAddressHook(hops: number): void {
  const global = globalThis as { [HOOK]?: HookState };
  if (global[HOOK]) {
    global[HOOK].hops = hops;
    return;
  }
  const state: HookState = { hops };
  global[HOOK] = state;
  for (const Server of [http.Server, https.Server]) {
    const emit = Server.prototype.emit;
    Server.prototype.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const request = args[0] as http.IncomingMessage;
        request.headers["x-forwarded-for"] = resolveClientAddress({
          forwardedFor: request.headers["x-forwarded-for"],
          socketAddress: request.socket?.remoteAddress,
          hops: state.hops,
        });
        delete request.headers["x-real-ip"];
      }
      return Reflect.apply(emit, this, [event, ...args]);
    } as typeof emit;
  }
}
