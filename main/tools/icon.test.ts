import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ICON_SIZE, renderSvg } from './make-icon';
import { encodePng, readPngChunks } from './png';

const iconsDir = path.resolve(__dirname, '..', '..', 'assets', 'icons');

describe('PNG encoder', () => {
  it('round-trips pixels through IHDR/IDAT with valid CRCs', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4]);
    const chunks = readPngChunks(encodePng(2, 2, rgba));
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(chunks.every((c) => c.crcOk)).toBe(true);
    const raw = inflateSync(chunks[1]!.data);
    expect([...raw]).toEqual([0, ...rgba.subarray(0, 8), 0, ...rgba.subarray(8)]);
  });
});

describe('committed icon', () => {
  it('assets/icons/icon.png is a valid 512x512 RGBA PNG', () => {
    const chunks = readPngChunks(readFileSync(path.join(iconsDir, 'icon.png')));
    expect(chunks.every((c) => c.crcOk)).toBe(true);
    const ihdr = chunks[0]!;
    expect(ihdr.type).toBe('IHDR');
    expect(ihdr.data.readUInt32BE(0)).toBe(ICON_SIZE);
    expect(ihdr.data.readUInt32BE(4)).toBe(ICON_SIZE);
    expect([ihdr.data[8], ihdr.data[9]]).toEqual([8, 6]);
    const idat = Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
    expect(inflateSync(idat).length).toBe((ICON_SIZE * 4 + 1) * ICON_SIZE);
    expect(chunks.at(-1)?.type).toBe('IEND');
  });

  it('assets/icons/icon.svg matches the generator (regenerate with npx tsx main/tools/make-icon.ts)', () => {
    expect(readFileSync(path.join(iconsDir, 'icon.svg'), 'utf8')).toBe(renderSvg());
  });
});
