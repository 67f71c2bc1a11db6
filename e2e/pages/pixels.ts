/**
 * Pixel checks on screenshots, decoded by the browser itself (no PNG library in the project): the bytes
 * go into the page as base64 and come back as counts. The canvas has no DOM, so this and the test hook
 * are how specs see what was drawn.
 */
import type { Page } from '@playwright/test';

/** Counts over one screenshot, and against a second one when given. */
export interface PixelStats {
  readonly total: number;
  /** Pixels farther than `tolerance` (max channel difference) from the background colour. */
  readonly lit: number;
  /** Distinct lit colours (quantised to 4 bits per channel): a crude "is there more than one state" check. */
  readonly colours: number;
  /** Pixels that differ by more than `tolerance` between the two images (0 without a second image). */
  readonly changed: number;
}

/** Decodes `png` (and `other`) in `page` and counts lit and changed pixels. */
export async function pixelStats(
  page: Page,
  png: Buffer,
  background: readonly [number, number, number],
  other?: Buffer,
  tolerance = 24,
): Promise<PixelStats> {
  return page.evaluate(
    async ({ a, b, bg, tol }) => {
      const decode = async (b64: string): Promise<ImageData> => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const c = new OffscreenCanvas(bmp.width, bmp.height);
        const ctx = c.getContext('2d');
        if (!ctx) throw new Error('no 2d context to decode a screenshot');
        ctx.drawImage(bmp, 0, 0);
        return ctx.getImageData(0, 0, bmp.width, bmp.height);
      };
      const img = await decode(a);
      const cmp = b ? await decode(b) : null;
      const d = img.data;
      let lit = 0;
      let changed = 0;
      const colours = new Set<number>();
      for (let i = 0; i < d.length; i += 4) {
        const r = d[i]!;
        const g = d[i + 1]!;
        const bl = d[i + 2]!;
        if (Math.max(Math.abs(r - bg[0]), Math.abs(g - bg[1]), Math.abs(bl - bg[2])) > tol) {
          lit++;
          colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (bl >> 4));
        }
        if (cmp && cmp.width === img.width && cmp.height === img.height) {
          const e = cmp.data;
          if (Math.max(Math.abs(r - e[i]!), Math.abs(g - e[i + 1]!), Math.abs(bl - e[i + 2]!)) > tol)
            changed++;
        }
      }
      return { total: d.length / 4, lit, colours: colours.size, changed };
    },
    { a: png.toString('base64'), b: other?.toString('base64') ?? null, bg: background, tol: tolerance },
  );
}
