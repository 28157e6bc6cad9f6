// Reading screenshots for the visual checks: PPM decoding and finding the
// tray icon's disc by its colour.
export interface Image {
  width: number;
  height: number;
  /** RGB, 3 bytes a pixel, rows top to bottom. */
  rgb: Buffer;
}

/** A binary PPM (P6, maxval 255), as grim -t ppm writes it. */
export function parsePpm(buf: Buffer): Image {
  // Header: P6, width, height, maxval, separated by whitespace, then one whitespace byte.
  const fields: string[] = [];
  let i = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[i]))) i++;
    let f = '';
    while (!/\s/.test(String.fromCharCode(buf[i]))) f += String.fromCharCode(buf[i++]);
    fields.push(f);
  }
  const [magic, w, h, max] = fields;
  if (magic !== 'P6' || max !== '255') throw new Error(`not an 8-bit P6 PPM (${magic}, maxval ${max})`);
  const width = Number(w), height = Number(h);
  return { width, height, rgb: buf.subarray(i + 1, i + 1 + width * height * 3) };
}

/** Pixels in rows 0..rows-1 (and columns x0..x1) near `colour`: how many, and their centre. */
export function near(img: Image, colour: [number, number, number], rows: number, x0 = 0, x1 = img.width): { count: number; x: number; y: number } {
  let count = 0, sx = 0, sy = 0;
  for (let y = 0; y < Math.min(rows, img.height); y++) {
    for (let x = Math.max(0, x0); x < Math.min(img.width, x1); x++) {
      const i = (y * img.width + x) * 3;
      if (Math.abs(img.rgb[i] - colour[0]) + Math.abs(img.rgb[i + 1] - colour[1]) + Math.abs(img.rgb[i + 2] - colour[2]) < 40) {
        count++; sx += x; sy += y;
      }
    }
  }
  return { count, x: Math.round(sx / Math.max(count, 1)), y: Math.round(sy / Math.max(count, 1)) };
}
