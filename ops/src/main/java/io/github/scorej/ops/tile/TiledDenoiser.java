package io.github.scorej.ops.tile;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.Shape;

/**
 * Runs a denoiser on overlapping tiles and blends their estimates, so that images larger than a
 * model's training size (or than memory allows) are denoised in pieces. Because the blending happens
 * inside D(x; σ), at every step of every sampler, the tiles agree on their overlaps as the sampling
 * proceeds and the result has no seams (the approach of MultiDiffusion, Bar-Tal et al. 2023).
 *
 * <p>Tiles are {@code tile × tile} (smaller only when the image is), start every {@code tile −
 * overlap} pixels and the last one in each direction is flush with the image edge. Each tile's
 * weight is 1 in its interior and falls linearly to 1/(overlap+1) across the overlap on sides that
 * have a neighbouring tile, and the blended estimate is Σ wₜ Dₜ / Σ wₜ; on a denoiser that acts pixel
 * by pixel the result equals the untiled one exactly. All tiles of a batch go to the inner denoiser
 * in calls of at most {@code maxTiles} tiles.
 */
public final class TiledDenoiser implements Denoiser {

	private final Denoiser inner;
	private final int tile, overlap, maxTiles;

	/**
	 * @param tile tile side, a multiple of the model's size multiple
	 * @param overlap overlap of neighbouring tiles, 0 ≤ overlap &lt; tile
	 * @param maxTiles tiles per call of the inner denoiser (≥ 1)
	 */
	public TiledDenoiser(Denoiser inner, int tile, int overlap, int maxTiles) {
		if (tile < 1) throw new IllegalArgumentException("tile size must be >= 1, got " + tile);
		if (overlap < 0 || overlap >= tile) throw new IllegalArgumentException("tile overlap must be in 0.." + (tile - 1) + ", got " + overlap);
		if (maxTiles < 1) throw new IllegalArgumentException("tiles per call must be >= 1, got " + maxTiles);
		this.inner = inner;
		this.tile = tile;
		this.overlap = overlap;
		this.maxTiles = maxTiles;
	}

	/** Start offsets of the tiles along an axis of length n. */
	static int[] starts(int n, int tile, int overlap) {
		if (n <= tile) return new int[] { 0 };
		int step = tile - overlap, count = (n - tile + step - 1) / step + 1;
		int[] s = new int[count];
		for (int i = 0; i < count; i++)
			s[i] = Math.min(i * step, n - tile);
		return s;
	}

	/** Blending weight of position i in a tile of length len whose low/high sides border another tile. */
	static double weight(int i, int len, int overlap, boolean low, boolean high) {
		double w = 1;
		if (low && overlap > 0) w = Math.min(w, (i + 1.0) / (overlap + 1));
		if (high && overlap > 0) w = Math.min(w, (len - i) / (overlap + 1.0));
		return w;
	}

	@Override
	public void denoise(Shape shape, double[] x, double sigma, double[] out) {
		int h = shape.h(), w = shape.w();
		if (h <= tile && w <= tile) {
			inner.denoise(shape, x, sigma, out);
			return;
		}
		int th = Math.min(tile, h), tw = Math.min(tile, w), c = shape.c();
		int[] ys = starts(h, tile, overlap), xs = starts(w, tile, overlap);
		double[] wy = new double[th], wx = new double[tw];
		double[] acc = new double[shape.size()], wsum = new double[h * w];
		// every (item, tile) pair, in calls of at most maxTiles
		int perItem = ys.length * xs.length, total = shape.n() * perItem;
		for (int first = 0; first < total; first += maxTiles) {
			int count = Math.min(maxTiles, total - first);
			Shape ts = new Shape(count, c, th, tw);
			double[] in = new double[ts.size()], den = new double[ts.size()];
			for (int k = 0; k < count; k++)
				copyTile(x, shape, in, ts, k, first + k, ys, xs);
			inner.denoise(ts, in, sigma, den);
			for (int k = 0; k < count; k++) {
				int idx = first + k, item = idx / perItem, t = idx % perItem, ty = t / xs.length, tx = t % xs.length;
				for (int i = 0; i < th; i++)
					wy[i] = weight(i, th, overlap, ty > 0, ty < ys.length - 1);
				for (int j = 0; j < tw; j++)
					wx[j] = weight(j, tw, overlap, tx > 0, tx < xs.length - 1);
				for (int ch = 0; ch < c; ch++)
					for (int i = 0; i < th; i++) {
						long src = ((long) k * c + ch) * th * tw + (long) i * tw;
						long dst = (((long) item * c + ch) * h + ys[ty] + i) * w + xs[tx];
						for (int j = 0; j < tw; j++)
							acc[(int) (dst + j)] += wy[i] * wx[j] * den[(int) (src + j)];
					}
				if (item == 0)
					for (int i = 0; i < th; i++)
						for (int j = 0; j < tw; j++)
							wsum[(ys[ty] + i) * w + xs[tx] + j] += wy[i] * wx[j];
			}
		}
		int plane = h * w;
		for (int p = 0; p < out.length; p++)
			out[p] = acc[p] / wsum[p % plane];
	}

	private static void copyTile(double[] x, Shape shape, double[] in, Shape ts, int k, int idx, int[] ys, int[] xs) {
		int perItem = ys.length * xs.length, item = idx / perItem, t = idx % perItem;
		int y0 = ys[t / xs.length], x0 = xs[t % xs.length], c = shape.c(), h = shape.h(), w = shape.w(), th = ts.h(), tw = ts.w();
		for (int ch = 0; ch < c; ch++)
			for (int i = 0; i < th; i++)
				System.arraycopy(x, (int) ((((long) item * c + ch) * h + y0 + i) * w + x0), in, (int) (((long) k * c + ch) * th * tw + (long) i * tw), tw);
	}
}
