import { ImageResponse } from "next/og";

const SIZES = ["192", "512"] as const;
export const dynamic = "force-static";
export const generateStaticParams = () => SIZES.map((size) => ({ size }));

/**
 * The app icon as PNG in the sizes phones install from, drawn from the same shape as icon.svg
 * (an H on the brand blue) at build time; the padding keeps it whole inside a maskable circle.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ size: string }> }) {
  const { size } = await params;
  const px = SIZES.includes(size as (typeof SIZES)[number]) ? Number(size) : 192;
  const bar = Math.round(px * 0.1);
  return new ImageResponse(
    <div style={{ width: "100%", height: "100%", display: "flex", alignItems: "center", justifyContent: "center", background: "#1f5fae" }}>
      <div style={{ position: "relative", width: px * 0.46, height: px * 0.5, display: "flex" }}>
        <div style={{ position: "absolute", left: 0, top: 0, width: bar, height: "100%", background: "#fff", borderRadius: bar / 2 }} />
        <div style={{ position: "absolute", right: 0, top: 0, width: bar, height: "100%", background: "#fff", borderRadius: bar / 2 }} />
        <div
          style={{
            position: "absolute",
            left: 0,
            top: (px * 0.5 - bar) / 2,
            width: "100%",
            height: bar,
            background: "#fff",
            borderRadius: bar / 2,
          }}
        />
      </div>
    </div>,
    { width: px, height: px },
  );
}
