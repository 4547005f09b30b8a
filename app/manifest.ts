import type { MetadataRoute } from "next";

/** Makes the app installable on a phone or desktop; it opens at the start page in its own window. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Hoolekanne",
    short_name: "Hoolekanne",
    description: "Rehabilitatsiooni- ja hoolekandeasutuse klientide ja töö haldus",
    lang: "et",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#f6f7f9",
    theme_color: "#1f5fae",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
      { src: "/pwa-icon/192", sizes: "192x192", type: "image/png" },
      { src: "/pwa-icon/512", sizes: "512x512", type: "image/png" },
      { src: "/pwa-icon/512", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
