package io.github.scorej.plugin.image;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import io.github.scorej.ops.sample.Param;

import java.util.Arrays;
import java.util.Locale;

/**
 * How pixel values map to the model's data range [a, b]: the affine map x' = a + (x − lo)·(b − a)/(hi − lo),
 * with lo and hi either percentiles of the image's values (CSBDeep's default is 1% and 99.8%) or fixed
 * values, and its inverse to map results back.
 *
 * @param mode {@link Mode#PERCENTILE}: low and high are percentages; {@link Mode#FIXED}: they are pixel values
 * @param low lower percentage or value, mapped to a
 * @param high upper percentage or value, mapped to b
 */
public record Normalization(Mode mode, double low, double high) {

	public enum Mode { PERCENTILE, FIXED }

	/** The two choices users type: {@code percentile} and {@code fixed}. */
	public static final String[] MODES = { "percentile", "fixed" };

	/** The lower percentile or pixel value: finite (a percentile also lies in [0, 100]). */
	public static final Param<Double> LOW = Param.real("low", 1, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
			"percentile (%) or pixel value mapped to the bottom of the data range").openBelow().openAbove();

	/** The upper percentile or pixel value: finite (a percentile also lies in [0, 100]). */
	public static final Param<Double> HIGH = Param.real("high", 99.8, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
			"percentile (%) or pixel value mapped to the top of the data range").openBelow().openAbove();

	public Normalization {
		LOW.check(LOW.name(), low);
		HIGH.check(HIGH.name(), high);
		if (!(low < high)) throw new IllegalArgumentException("normalisation needs low < high, got " + low + " and " + high);
		if (mode == Mode.PERCENTILE && (low < 0 || high > 100))
			throw new IllegalArgumentException("percentiles must lie in [0, 100], got " + low + " and " + high);
	}

	/** Percentiles 1% and 99.8% (CSBDeep). */
	public static Normalization percentile() {
		return new Normalization(Mode.PERCENTILE, 1, 99.8);
	}

	/** {@code percentile} or {@code fixed} with its bounds; the error names the valid words. */
	public static Normalization of(String mode, double low, double high) {
		return switch (mode.trim().toLowerCase(Locale.ROOT)) {
			case "percentile" -> new Normalization(Mode.PERCENTILE, low, high);
			case "fixed" -> new Normalization(Mode.FIXED, low, high);
			default -> throw new IllegalArgumentException("normalization '" + mode + "' is not one of percentile, fixed");
		};
	}

	/**
	 * The maps for one image, one per channel of the image (as CSBDeep normalises channels
	 * independently): each channel's lo and hi over all its planes, sent to the model's data range
	 * [a, b]. An RGB image has one map for its three colours together, which keeps its colour balance.
	 */
	public Affine[] fit(ImagePlus imp, double a, double b) {
		boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		int nc = rgb ? 1 : imp.getNChannels();
		Affine[] out = new Affine[nc];
		for (int c = 0; c < nc; c++)
			out[c] = fit(imp, rgb ? -1 : c, a, b);
		return out;
	}

	private Affine fit(ImagePlus imp, int channel, double a, double b) {
		double lo = low, hi = high;
		if (mode == Mode.PERCENTILE) {
			float[] v = values(imp, channel);
			Arrays.sort(v);
			lo = percentile(v, low);
			hi = percentile(v, high);
		}
		if (!(hi > lo)) hi = lo + 1; // a constant image: any scale will do, keep it finite
		return new Affine(lo, hi, a, b);
	}

	/** x' = a + (x − lo)·(b − a)/(hi − lo), and back. */
	public record Affine(double lo, double hi, double a, double b) {
		public double forward(double x) {
			return a + (x - lo) * (b - a) / (hi - lo);
		}

		public double inverse(double y) {
			return lo + (y - a) * (hi - lo) / (b - a);
		}
	}

	/** numpy's default (linear) percentile of sorted values. */
	static double percentile(float[] sorted, double p) {
		if (sorted.length == 1) return sorted[0];
		double pos = p / 100 * (sorted.length - 1);
		int i = (int) Math.floor(pos);
		if (i >= sorted.length - 1) return sorted[sorted.length - 1];
		double f = pos - i;
		return sorted[i] + f * (sorted[i + 1] - sorted[i]);
	}

	/** The values of one channel of the image (all its planes), or of every plane and colour when channel &lt; 0. */
	private static float[] values(ImagePlus imp, int channel) {
		ImageStack st = imp.getStack();
		int plane = imp.getWidth() * imp.getHeight();
		boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		java.util.List<Integer> planes = new java.util.ArrayList<>();
		for (int s = 1; s <= st.getSize(); s++)
			if (channel < 0 || imp.convertIndexToPosition(s)[0] == channel + 1) planes.add(s);
		float[] v = new float[plane * planes.size() * (rgb ? 3 : 1)];
		int k = 0;
		for (int s : planes) {
			ImageProcessor ip = st.getProcessor(s);
			if (rgb) {
				int[] px = (int[]) ((ColorProcessor) ip).getPixels();
				for (int p : px) {
					v[k++] = (p >> 16) & 0xff;
					v[k++] = (p >> 8) & 0xff;
					v[k++] = p & 0xff;
				}
			} else {
				for (int i = 0; i < plane; i++)
					v[k++] = ip.getf(i);
			}
		}
		return v;
	}
}
