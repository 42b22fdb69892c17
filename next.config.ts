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
    return ["/_next/static/:path*", "/_next/image", "/favicon.ico", "/icon.svg", "/robots.txt"].map((source) => ({
      source,
      headers,
    }));
  },
};

export default config;
