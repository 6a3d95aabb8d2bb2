package io.github.scorej.plugin.core;

import ij.ImagePlus;
import io.github.scorej.ops.likelihood.AnomalyMap;
import io.github.scorej.ops.likelihood.Likelihood;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.plugin.image.ImageBatch;
import io.github.scorej.plugin.image.Normalization;
import io.github.scorej.plugin.io.Outputs;
import io.github.scorej.plugin.io.Tiffs;

import java.util.Locale;

/**
 * The headless facade of the likelihood commands (the ImageJ commands and {@code scorej likelihood}
 * call it): bits/dim of an image under a model ({@link Likelihood}) and anomaly maps
 * ({@link AnomalyMap}). How pixel values become model data:
 * <ul>
 * <li>8-bit and RGB images are discrete data: level k goes to the centre of its bin,
 * a + (k + ½)(b − a)/256, and bits/dim carries the dequantisation offset
 * {@link Likelihood#offsetBits log₂(256/(b − a))}, so that the value is comparable to the
 * literature's bits/dim of 8-bit data;</li>
 * <li>16- and 32-bit images are normalised by their 1% and 99.8% percentiles (CSBDeep) and get
 * offset 0: bits/dim of the density in the model's data units, which depends on that normalisation.</li>
 * </ul>
 * Every plane of the image (or every z/t of a C-channel hyperstack for a C-channel model) is one
 * batch item; the image's bits/dim is the mean over its items. Inputs are never modified.
 */
public final class Likelihoods {

	private Likelihoods() {}

	/** The two anomaly maps: per-pixel denoising error, or per-tile bits/dim. */
	public static final String[] MODES = { "denoise", "tiles" };

	/**
	 * One image's score.
	 *
	 * @param bitsPerDim mean bits/dim over the image's items, with the offset
	 * @param nats the negative log-likelihood of the whole image (all items) in nats, of the same data and sign as bits/dim:
	 *        Σ bits/dim × dimensions × ln 2 (so 8-bit data carry the dequantisation offset here too)
	 * @param nfe RK45 right-hand sides (network calls on the whole batch)
	 * @param note how the values were mapped (8-bit dequantised or percentile-normalised) and any crop
	 */
	public record Score(String image, double bitsPerDim, double nats, int nfe, double seconds, String note) {}

	/** True for data with 256 levels per channel (8-bit grey and RGB). */
	static boolean eightBit(ImagePlus imp) {
		return imp.getBitDepth() == 8 || imp.getBitDepth() == 24;
	}

	/** The map into the model's range: bin centres of 8-bit data, else percentiles 1–99.8 %. */
	static Normalization normalization(ImagePlus imp) {
		return eightBit(imp) ? new Normalization(Normalization.Mode.FIXED, -0.5, 255.5) : Normalization.percentile();
	}

	/** What {@link #normalization} did, for the output. */
	static String describe(ImagePlus imp, double offset) {
		return eightBit(imp) ? String.format(Locale.ROOT, "8-bit: bin centres, offset %.4g bits", offset)
				: imp.getBitDepth() + "-bit: percentile 1-99.8% normalisation, offset 0 (density in model units)";
	}

	/**
	 * Bits/dim of {@code imp}, centre-cropped to the largest size the model takes (a multiple of its
	 * size_multiple, or its training size) when it does not fit.
	 *
	 * @param params {@link Likelihood#params()} (its offset_bits is replaced by the input's)
	 * @param seed seeds the Hutchinson probes
	 */
	public static Score bitsPerDim(LoadedModel m, ImagePlus imp, Params params, long seed, Callback callback) {
		check(imp);
		int h = imp.getHeight(), w = imp.getWidth(), ch, cw;
		if (m.card().fullyConvolutional()) {
			int k = Math.max(1, m.card().sizeMultiple());
			ch = h / k * k;
			cw = w / k * k;
		} else {
			ch = m.height();
			cw = m.width();
		}
		if (ch < 1 || cw < 1 || ch > h || cw > w)
			throw new IllegalArgumentException("'" + imp.getTitle() + "' is " + w + "x" + h + ": model '" + m.name() + "' needs at least "
					+ Math.max(cw, Math.max(1, m.card().sizeMultiple())) + "x" + Math.max(ch, Math.max(1, m.card().sizeMultiple())));
		m.checkWholeSize(ch, cw);
		ImageBatch batch = ImageBatch.of(imp, m.channels(), h, w, m.name());
		double[] full = batch.toTensor(normalization(imp).fit(imp, m.dataLow(), m.dataHigh()));
		Shape all = batch.shape(), shape = new Shape(all.n(), all.c(), ch, cw);
		double[] x = crop(full, all, ch, cw);
		double offset = eightBit(imp) ? Likelihood.offsetBits(256, m.dataLow(), m.dataHigh()) : 0;
		Likelihood.Options o = Likelihood.Options.of(params, seed, callback).withOffsetBits(offset);
		long t0 = System.nanoTime();
		Likelihood.Result r = Likelihood.bitsPerDim(m.denoiser(), m.sde(), shape, x, o);
		double seconds = (System.nanoTime() - t0) / 1e9, bpd = 0, nats = 0;
		for (int n = 0; n < shape.n(); n++) {
			bpd += r.bitsPerDim()[n] / shape.n();
			nats += r.bitsPerDim()[n] * shape.itemSize() * Math.log(2);
		}
		String note = describe(imp, offset) + (ch != h || cw != w ? "; centre " + cw + "x" + ch + " crop" : "");
		return new Score(imp.getTitle(), bpd, nats, r.nfe(), seconds, note);
	}

	/**
	 * An anomaly map of {@code imp}: a new 32-bit stack, one plane per batch item, of the image's
	 * size, with its provenance in Info. The image is mirror-padded to what the model (and the tile) needs.
	 * <ul>
	 * <li>{@code denoise}: the per-pixel denoising error at σ ({@link AnomalyMap#denoisingError}), in
	 * squared model data units, averaged over {@code repeats} noise draws;</li>
	 * <li>{@code tiles}: bits/dim of each tile×tile tile ({@link AnomalyMap#tileBitsPerDim}), every
	 * pixel holding its tile's value.</li>
	 * </ul>
	 */
	public static ImagePlus anomalyMap(LoadedModel m, ImagePlus imp, String mode, double sigma, int tile, int repeats, Params params, long seed,
			Callback callback) {
		check(imp);
		boolean tiles = switch (mode.trim().toLowerCase(Locale.ROOT)) {
			case "denoise" -> false;
			case "tiles" -> true;
			default -> throw new IllegalArgumentException("anomaly map '" + mode + "' is not one of denoise, tiles");
		};
		int h = imp.getHeight(), w = imp.getWidth(), ph, pw;
		if (tiles) {
			AnomalyMap.TILE.check(AnomalyMap.TILE.name(), tile);
			m.checkWholeSize(tile, tile);
			ph = ImageBatch.padded(h, tile);
			pw = ImageBatch.padded(w, tile);
		} else if (m.card().fullyConvolutional()) {
			ph = ImageBatch.padded(h, m.card().sizeMultiple());
			pw = ImageBatch.padded(w, m.card().sizeMultiple());
		} else {
			ph = m.atLeastTrainingSize(h); // tiles of the training size beyond it
			pw = m.atLeastTrainingSize(w);
		}
		ImageBatch batch = ImageBatch.of(imp, m.channels(), ph, pw, m.name());
		double[] x = batch.toTensor(normalization(imp).fit(imp, m.dataLow(), m.dataHigh()));
		Shape shape = batch.shape();
		int N = shape.n();
		double[] map = new double[N * ph * pw];
		double offset = eightBit(imp) ? Likelihood.offsetBits(256, m.dataLow(), m.dataHigh()) : 0;
		Provenance info = new Provenance("anomaly_map").model(m).put("input", imp.getTitle()).put("mode", tiles ? "tiles" : "denoise");
		if (tiles) {
			Likelihood.Options o = Likelihood.Options.of(params, seed, callback).withOffsetBits(offset);
			AnomalyMap.Tiles t = AnomalyMap.tileBitsPerDim(m.denoiser(), m.sde(), shape, x, tile, o);
			double[] v = t.map();
			for (int n = 0; n < N; n++)
				for (int y = 0; y < ph; y++)
					for (int xx = 0; xx < pw; xx++)
						map[(n * ph + y) * pw + xx] = v[(n * t.rows() + y / tile) * t.cols() + xx / tile];
			info.put("tile", tile).put("likelihood_options", params).put("offset_bits", offset).put("nfe", t.result().nfe()).put("runs", 1);
		} else {
			if (callback.isCancelled()) throw new java.util.concurrent.CancellationException();
			map = AnomalyMap.denoisingError(m.denoiserFor(ph, pw), shape, x, sigma, seed, repeats);
			callback.step(0, 1, sigma, x, x);
			info.put("sigma", sigma).put("repeats", repeats).put("nfe", repeats).put("runs", 1);
		}
		info.put("seed", seed).put("values", describe(imp, offset)).shape(shape);
		int top = (ph - h) / 2, left = (pw - w) / 2;
		double[] cropped = new double[N * h * w];
		for (int n = 0; n < N; n++)
			for (int y = 0; y < h; y++)
				System.arraycopy(map, (n * ph + y + top) * pw + left, cropped, (n * h + y) * w, w);
		String title = Outputs.title(imp.getTitle(), "anomaly-" + (tiles ? "tiles" : "denoise")); // as scorej likelihood --anomaly-map names its file
		ImagePlus out = Tiffs.toImage(title, new Shape(N, 1, h, w), cropped, info.toString());
		out.setCalibration(imp.getCalibration().copy()); // the map lies on the image's pixels
		if (N == imp.getStackSize() && N > 1) out.setDimensions(imp.getNChannels(), imp.getNSlices(), imp.getNFrames());
		return out;
	}

	/** The centred ch×cw crop of every plane of x. */
	private static double[] crop(double[] x, Shape s, int ch, int cw) {
		if (ch == s.h() && cw == s.w()) return x;
		int top = (s.h() - ch) / 2, left = (s.w() - cw) / 2, planes = s.n() * s.c();
		double[] out = new double[planes * ch * cw];
		for (int p = 0; p < planes; p++)
			for (int y = 0; y < ch; y++)
				System.arraycopy(x, (p * s.h() + y + top) * s.w() + left, out, (p * ch + y) * cw, cw);
		return out;
	}

	private static void check(ImagePlus imp) {
		if (imp == null || imp.getWidth() == 0 || imp.getProcessor() == null) throw new IllegalArgumentException("no image: open one first");
	}
}
