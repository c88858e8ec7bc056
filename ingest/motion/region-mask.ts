// Rasterises ignore regions (normalised polygons) into a per-cell mask at analysis resolution, so
// the per-frame loop only reads one byte per cell. Built once per resolution.

/** A polygon in normalised image coordinates: `[x, y]` in 0..1, origin top-left, at least 3 points. */
export type NormalizedPolygon = ReadonlyArray<readonly [number, number]>;

/**
 * A mask of `width * height` cells, 1 where a cell's centre lies inside any polygon (even-odd
 * rule), then grown by `grow` cells so that a blur of that radius cannot carry change out of a
 * region into the cells around it.
 */
export function rasterizeRegions(polygons: readonly NormalizedPolygon[], width: number, height: number, grow = 0): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (const polygon of polygons) fillPolygon(mask, polygon, width, height);
  return grow > 0 ? dilate(mask, width, height, grow) : mask;
}

function fillPolygon(mask: Uint8Array, polygon: NormalizedPolygon, width: number, height: number): void {
  const n = polygon.length;
  const crossings: number[] = [];
  for (let row = 0; row < height; row++) {
    const y = (row + 0.5) / height;
    crossings.length = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const [xi, yi] = polygon[i];
      const [xj, yj] = polygon[j];
      // Half-open test: a vertex exactly on the scanline counts for one of its two edges only.
      if ((yi > y) !== (yj > y)) crossings.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Cells whose centre (col + 0.5) / width lies in [left, right).
      const first = Math.max(0, Math.ceil(crossings[k] * width - 0.5));
      const end = Math.min(width, Math.ceil(crossings[k + 1] * width - 0.5));
      if (end > first) mask.fill(1, row * width + first, row * width + end);
    }
  }
}

/** Square dilation by `radius` cells. */
function dilate(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      const x0 = Math.max(0, x - radius), x1 = Math.min(width - 1, x + radius);
      for (let yy = Math.max(0, y - radius); yy <= Math.min(height - 1, y + radius); yy++) out.fill(1, yy * width + x0, yy * width + x1 + 1);
    }
  }
  return out;
}
