/**
 * `npx tsx scripts/icons.ts`: draws public/icon.svg into the PNG icons the web app manifest names
 * (192 and 512 px, and a maskable 512 px with the safe-zone padding) and public/favicon.ico (a PNG
 * inside an ICO, which every browser reads), with the system Chromium. The outputs are committed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { chromium } from "@playwright/test";
import { ensureBrowser, systemChromium } from "./browser";

const svg = readFileSync("public/icon.svg", "utf8");

async function render(size: number, { padding = 0, background = "transparent" } = {}): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const inner = size - 2 * padding;
  await page.setContent(
    `<body style="margin:0;background:${background}"><img src="data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}" style="display:block;margin:${padding}px;width:${inner}px;height:${inner}px"></body>`,
  );
  const png = await page.screenshot({ omitBackground: background === "transparent" });
  await page.close();
  return png;
}

/** An ICO file holding one PNG image (the format allows PNG payloads since Windows Vista). */
function ico(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header.writeUInt8(size >= 256 ? 0 : size, 6);
  header.writeUInt8(size >= 256 ? 0 : size, 7);
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, png]);
}

await ensureBrowser();
const browser = await chromium.launch({ executablePath: systemChromium(), args: ["--no-sandbox"] });
try {
  writeFileSync("public/icon-192.png", await render(192));
  writeFileSync("public/icon-512.png", await render(512));
  // Maskable: the artwork within the central 80 % circle, on the icon's own blue.
  writeFileSync("public/icon-maskable-512.png", await render(512, { padding: 52, background: "#1d4ed8" }));
  writeFileSync("public/apple-touch-icon.png", await render(180, { padding: 0, background: "#1d4ed8" }));
  writeFileSync("public/favicon.ico", ico(await render(48), 48));
} finally {
  await browser.close();
}
