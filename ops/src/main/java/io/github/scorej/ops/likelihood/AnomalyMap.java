package io.github.scorej.ops.likelihood;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.NoiseSource;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sde.Sde;

/**
 * Per-pixel and per-tile maps of how unlikely an image is under the model, for anomaly detection.
 * <ul>
 * <li>{@link #denoisingError}: e(y, x) = (1/(C·R)) Σ_r Σ_c (D(x + σz_r; σ) − x)²_{c,y,x}, the
 * denoising (score-matching) error at one noise level, averaged over channels and R noise draws
 * (as in the reconstruction-based detectors of Graham et al. 2023, "Denoising diffusion models
 * for out-of-distribution detection", and Wyatt et al. 2022, AnoDDPM): pixels the model cannot
 * restore stand out.</li>
 * <li>{@link #tileBitsPerDim}: the {@link Likelihood} of each tile on its own, which a fully
 * convolutional model allows; the map holds one bits/dim value per tile.</li>
 * </ul>
 * Stateless and thread-safe; the denoiser is used by the calling thread only.
 */
public final class AnomalyMap {

	/** The noise level σ of the denoising-error map, in the model's data units. */
	public static final Param<Double> SIGMA = Param.real("sigma", 0.2, 0, 1e6, "noise level of the denoising error").openBelow();

	/** Noise draws averaged by the denoising-error map. */
	public static final Param<Integer> REPEATS = Param.integer("repeats", 4, 1, 10_000, "noise draws averaged by the denoising error");

	/** Edge of the tile map's square tiles, in pixels. */
	public static final Param<Integer> TILE = Param.integer("tile", 16, 1, 65_536, "tile edge of the tile map");

	private AnomalyMap() {}

	/**
	 * The denoising error map, N images of H×W (NHW order) for a batch of shape [N, C, H, W].
	 *
	 * @param sigma noise level in σ-space (data units of the model)
	 * @param seed seeds the noise z_r, one stream per image
	 * @param repeats R ≥ 1 noise draws averaged
	 * @throws IllegalArgumentException for an x of the wrong size or a non-finite pixel
	 */
	public static double[] denoisingError(Denoiser d, Shape shape, double[] x, double sigma, long seed, int repeats) {
		Likelihood.checkImage(shape, x);
		SIGMA.check(SIGMA.name(), sigma);
		REPEATS.check(REPEATS.name(), repeats);
		int C = shape.c(), plane = shape.h() * shape.w(), size = shape.size();
		NoiseSource noise = new NoiseSource(seed, shape);
		double[] noisy = new double[size], out = new double[size], map = new double[shape.n() * plane];
		for (int r = 0; r < repeats; r++) {
			noise.gaussian(noisy);
			for (int i = 0; i < size; i++)
				noisy[i] = x[i] + sigma * noisy[i];
			d.denoise(shape, noisy, sigma, out);
			for (int i = 0; i < size; i++) {
				double e = out[i] - x[i];
				map[i / (C * plane) * plane + i % plane] += e * e;
			}
		}
		for (int i = 0; i < map.length; i++)
			map[i] /= C * repeats;
		return map;
	}

	/**
	 * The tile map: bits/dim ({@link Likelihood#bitsPerDim}) of each tile×tile tile as an image
	 * of its own; tiles of all images go through the ODE as one batch.
	 *
	 * @param n images
	 * @param rows tiles down (H/tile)
	 * @param cols tiles across (W/tile)
	 * @param result the likelihood of the tile batch; its arrays are in (image, row, col) order
	 */
	public record Tiles(int n, int rows, int cols, Likelihood.Result result) {

		/** bits/dim per tile, an N×rows×cols image. */
		public double[] map() {
			return result.bitsPerDim();
		}
	}

	/**
	 * Bits/dim per tile. The tiles must fit the model (a multiple of its size_multiple).
	 *
	 * @param tile edge of the square tiles; must divide H and W
	 * @throws IllegalArgumentException for an x of the wrong size, a non-finite pixel, or a tile that does not divide the image
	 */
	public static Tiles tileBitsPerDim(Denoiser d, Sde sde, Shape shape, double[] x, int tile, Likelihood.Options o) {
		Likelihood.checkImage(shape, x);
		if (tile < 1 || shape.h() % tile != 0 || shape.w() % tile != 0)
			throw new IllegalArgumentException("tile " + tile + " must divide the image's height " + shape.h() + " and width " + shape.w());
		int rows = shape.h() / tile, cols = shape.w() / tile, C = shape.c(), H = shape.h(), W = shape.w();
		Shape tiles = new Shape(shape.n() * rows * cols, C, tile, tile);
		double[] t = new double[tiles.size()];
		int k = 0;
		for (int n = 0; n < shape.n(); n++)
			for (int ty = 0; ty < rows; ty++)
				for (int tx = 0; tx < cols; tx++)
					for (int c = 0; c < C; c++)
						for (int y = 0; y < tile; y++) {
							System.arraycopy(x, ((n * C + c) * H + ty * tile + y) * W + tx * tile, t, k, tile);
							k += tile;
						}
		return new Tiles(shape.n(), rows, cols, Likelihood.bitsPerDim(d, sde, tiles, t, o));
	}
}
