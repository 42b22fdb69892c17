import type { NextConfig } from "next";

const config: NextConfig = {
  serverExternalPackages: ["@electric-sql/pglite", "argon2"],
  poweredByHeader: false,
};

export default config;
