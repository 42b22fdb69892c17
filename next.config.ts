import type { NextConfig } from "next";

const config: NextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "argon2", "twilio", "@alicloud/pop-core"],
  poweredByHeader: false,
  // `npm test` type-checks once before the build (scripts/test.ts); a plain `next build` still does.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === "1" },
  // Static files skip proxy.ts (which sets the CSP and the rest); they still get these two.
  async headers() {
    const headers = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    ];
    const files = ["/_next/static/:path*", "/_next/image", "/favicon.ico", "/icon.svg", "/robots.txt"];
    const icons = ["/icon-192.png", "/icon-512.png", "/icon-maskable-512.png", "/apple-touch-icon.png"];
    return [
      ...[...files, ...icons].map((source) => ({ source, headers })),
      // The service worker (built by `serwist build` after `next build`): always checked for an update,
      // and a policy of its own, since proxy.ts does not see it: it fetches only from this origin.
      {
        source: "/sw.js",
        headers: [
          ...headers,
          { key: "Cache-Control", value: "no-cache" },
          { key: "Content-Security-Policy", value: "default-src 'self'; script-src 'self'; object-src 'none'" },
        ],
      },
    ];
  },
};

export default config;
