import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { format, resolveConfig } from "prettier";
import { describe, expect, it } from "vitest";
import { TEMPLATE_TYPES, type TemplateType } from "@/lib/document-templates";
import { renderSample } from "./template-preview";
import { defaultTemplate } from "./templates";

/**
 * Golden files per document template: the text of each page and where each run of text sits
 * (x, y, width rounded to a point), for the built-in template laid out with the preview's
 * invented data. A change to the layout layer or a renderer that moves, drops or rewords
 * anything fails here; when the change is meant, write the files again with
 * `UPDATE_GOLDEN=1 npx vitest run server/documents/golden.test.ts` and review their diff.
 */

const INSTITUTION = ["Näidiskeskus OÜ", "Registrikood 12345678", "Tartu mnt 1, Tallinn", "info@example.ee, 600 0000"];

type Box = [string, number, number, number];

async function layoutOf(pdf: Buffer): Promise<{ pages: number; text: string[]; boxes: Box[][] }> {
  const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0, disableFontFace: true, useSystemFonts: false });
  const doc = await task.promise;
  const text: string[] = [];
  const boxes: Box[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const items = (await (await doc.getPage(n)).getTextContent()).items.filter((i) => "str" in i && i.str.trim() !== "");
    const runs = items.map((i) => i as { str: string; transform: number[]; width: number });
    text.push(
      runs
        .map((r) => r.str)
        .join(" ")
        .replace(/\s+/g, " "),
    );
    boxes.push(runs.map((r) => [r.str, Math.round(r.transform[4]!), Math.round(r.transform[5]!), Math.round(r.width)]));
  }
  await task.destroy();
  return { pages: doc.numPages, text, boxes };
}

describe("golden files of the document templates", () => {
  it.each(TEMPLATE_TYPES.map((t) => [t]))("%s keeps its text and layout", async (type: TemplateType) => {
    const pdf = await renderSample(type, defaultTemplate(type), defaultTemplate("attendance"), INSTITUTION);
    const actual = await layoutOf(pdf);
    const file = path.join(import.meta.dirname, "golden", `${type}.json`);
    // Written as Prettier would, so the format check of the suite stays green.
    if (process.env.UPDATE_GOLDEN === "1")
      writeFileSync(file, await format(JSON.stringify(actual), { ...(await resolveConfig(file)), filepath: file }));
    expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    const golden = JSON.parse(readFileSync(file, "utf8")) as typeof actual;
    expect(actual.pages).toBe(golden.pages);
    expect(actual.text).toEqual(golden.text);
    expect(actual.boxes).toEqual(golden.boxes);
  });

  it("notices a moved column: hiding one changes the boxes", async () => {
    const tpl = defaultTemplate("dataset");
    const moved = { ...tpl, shows: (c: string) => c !== "kind" };
    const a = await layoutOf(await renderSample("dataset", tpl, tpl, INSTITUTION));
    const b = await layoutOf(await renderSample("dataset", moved, tpl, INSTITUTION));
    expect(b.text.join(" ")).not.toContain("individuaalne");
    expect(b.boxes).not.toEqual(a.boxes);
  });
});
