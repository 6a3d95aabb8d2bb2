package io.github.scorej.ops.tile;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.Shape;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.DoubleArray;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.view.Views;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
 *
 * <p>The flat N×C×H×W arrays are wrapped (not copied) as ImgLib2 {@code ArrayImg}s of X × Y × C × N;
 * a tile is a view ({@code Views.offsetInterval}) copied into the batch and blended back with
 * {@code LoopBuilder}. On an identity denoiser this costs about 3 times the plain array copies it
 * replaced, a few milliseconds per 512² tile against the seconds the network takes for one.
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
		int th = Math.min(tile, h), tw = Math.min(tile, w), c = shape.c(), n = shape.n();
		int[] ys = starts(h, tile, overlap), xs = starts(w, tile, overlap);
		// the flat N×C×H×W arrays as ImgLib2 images of X × Y × C × N (no copy); tiles are views of them
		ArrayImg<DoubleType, DoubleArray> image = ArrayImgs.doubles(x, w, h, c, n);
		double[] acc = new double[shape.size()], wsum = new double[h * w];
		ArrayImg<DoubleType, DoubleArray> sum = ArrayImgs.doubles(acc, w, h, c, n), weights = ArrayImgs.doubles(wsum, w, h);
		// every (item, tile) pair, in calls of at most maxTiles
		int perItem = ys.length * xs.length, total = n * perItem;
		List<RandomAccessibleInterval<DoubleType>> blends = new ArrayList<>(Collections.nCopies(16, null)); // by the tile's neighbours, made once per call
		for (int first = 0; first < total; first += maxTiles) {
			int count = Math.min(maxTiles, total - first);
			Shape ts = new Shape(count, c, th, tw);
			double[] in = new double[ts.size()], den = new double[ts.size()];
			ArrayImg<DoubleType, DoubleArray> batch = ArrayImgs.doubles(in, tw, th, c, count), denoised = ArrayImgs.doubles(den, tw, th, c, count);
			for (int k = 0; k < count; k++)
				LoopBuilder.setImages(region(image, first + k, ys, xs, th, tw), Views.hyperSlice(batch, 3, k)).forEachPixel((a, b) -> b.set(a));
			inner.denoise(ts, in, sigma, den);
			for (int k = 0; k < count; k++) {
				int idx = first + k, t = idx % perItem, ty = t / xs.length, tx = t % xs.length;
				boolean top = ty > 0, bottom = ty < ys.length - 1, left = tx > 0, right = tx < xs.length - 1;
				int sides = (top ? 1 : 0) | (bottom ? 2 : 0) | (left ? 4 : 0) | (right ? 8 : 0);
				if (blends.get(sides) == null) blends.set(sides, blend(th, tw, top, bottom, left, right));
				RandomAccessibleInterval<DoubleType> wt = blends.get(sides);
				RandomAccessibleInterval<DoubleType> into = region(sum, idx, ys, xs, th, tw), from = Views.hyperSlice(denoised, 3, k);
				for (int ch = 0; ch < c; ch++)
					LoopBuilder.setImages(Views.hyperSlice(into, 2, ch), Views.hyperSlice(from, 2, ch), wt).forEachPixel((a, d, v) -> a.set(a.get() + v.get() * d.get()));
				if (idx < perItem) // the weights' sum is the same for every item
					LoopBuilder.setImages(Views.offsetInterval(weights, new long[] { xs[tx], ys[ty] }, new long[] { tw, th }), wt).forEachPixel((a, v) -> a.set(a.get() + v.get()));
			}
		}
		int plane = h * w;
		for (int p = 0; p < out.length; p++)
			out[p] = acc[p] / wsum[p % plane];
	}

	/** The X × Y × C view of tile {@code idx} (item idx / tiles per item, then tiles row by row) of an X × Y × C × N image. */
	private static RandomAccessibleInterval<DoubleType> region(RandomAccessibleInterval<DoubleType> img, int idx, int[] ys, int[] xs, int th, int tw) {
		int perItem = ys.length * xs.length, t = idx % perItem;
		RandomAccessibleInterval<DoubleType> item = Views.hyperSlice(img, 3, idx / perItem);
		return Views.offsetInterval(item, new long[] { xs[t % xs.length], ys[t / xs.length], 0 }, new long[] { tw, th, img.dimension(2) });
	}

	/** The th×tw blending weights {@link #weight}(i)·{@link #weight}(j) of a tile with neighbours on the given sides. */
	private RandomAccessibleInterval<DoubleType> blend(int th, int tw, boolean top, boolean bottom, boolean left, boolean right) {
		double[] v = new double[th * tw];
		for (int i = 0; i < th; i++) {
			double wi = weight(i, th, overlap, top, bottom);
			for (int j = 0; j < tw; j++)
				v[i * tw + j] = wi * weight(j, tw, overlap, left, right);
		}
		return ArrayImgs.doubles(v, tw, th);
	}
}
