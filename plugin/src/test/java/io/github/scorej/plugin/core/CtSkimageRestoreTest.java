package io.github.scorej.plugin.core;

import io.github.scorej.ops.inverse.Skimage;
import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.scorej.ops.inverse.CtOperator;
import io.github.scorej.ops.problem.Problem;
import io.github.scorej.ops.problem.Problems;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Sparse-view CT from sinograms made by skimage.transform.radon (Debian's Python, an independent
 * projector: no inverse crime), restored with the bundled micro-gray prior on the held-out phantom:
 * the right way up, and better than skimage's own filtered back-projection (best of its filters), for
 * skimage's circle=False (⌈√2·N⌉ bins) and circle=True (N bins) detectors, in skimage's layout (bins
 * × angles) and transposed.
 */
class CtSkimageRestoreTest {

	static final int N = 64, ANGLES = 30;
	private static LoadedModel model;

	@BeforeAll
	static void load() {
		model = LoadedModel.load("micro-gray", null, null);
	}

	/** The central N×N of the held-out phantom in [0, 1]; with {@code circle}, 0 outside skimage's inscribed circle. */
	static double[] phantom(boolean circle) {
		ImageProcessor ip = IJ.openImage("../test-images/phantom-held-out.png").getProcessor();
		int top = (ip.getHeight() - N) / 2, left = (ip.getWidth() - N) / 2;
		double[] x = new double[N * N];
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++) {
				boolean out = circle && (i - N / 2) * (i - N / 2) + (j - N / 2) * (j - N / 2) > (N / 2) * (N / 2);
				x[i * N + j] = out ? 0 : ip.getf(left + j, top + i) / 255.0;
			}
		return x;
	}

	/** A rows × columns 32-bit image of row-major values. */
	static ImagePlus image(String title, double[] v, int rows, int columns) {
		float[] px = new float[v.length];
		for (int i = 0; i < v.length; i++)
			px[i] = (float) v[i];
		return new ImagePlus(title, new FloatProcessor(columns, rows, px));
	}

	static double[] transpose(double[] v, int rows, int columns) {
		double[] t = new double[v.length];
		for (int i = 0; i < rows; i++)
			for (int j = 0; j < columns; j++)
				t[j * rows + i] = v[i * columns + j];
		return t;
	}

	static double psnr(double[] x, double[] truth) {
		double e = 0;
		for (int i = 0; i < x.length; i++)
			e += (x[i] - truth[i]) * (x[i] - truth[i]);
		return 10 * Math.log10(x.length / e);
	}

	static double correlation(double[] a, double[] b) {
		double ma = 0, mb = 0;
		for (int i = 0; i < a.length; i++) {
			ma += a[i] / a.length;
			mb += b[i] / b.length;
		}
		double ab = 0, aa = 0, bb = 0;
		for (int i = 0; i < a.length; i++) {
			ab += (a[i] - ma) * (b[i] - mb);
			aa += (a[i] - ma) * (a[i] - ma);
			bb += (b[i] - mb) * (b[i] - mb);
		}
		return ab / Math.sqrt(aa * bb);
	}

	/** x upside down ({@code rows}) or mirrored left–right (the angle direction reversed). */
	static double[] flipped(double[] x, boolean rows) {
		double[] f = new double[x.length];
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++)
				f[i * N + j] = rows ? x[(N - 1 - i) * N + j] : x[i * N + N - 1 - j];
		return f;
	}

	static double[] pixels(ImagePlus imp) {
		float[] px = (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
		double[] v = new double[px.length];
		for (int i = 0; i < v.length; i++)
			v[i] = px[i];
		return v;
	}

	@ParameterizedTest
	@CsvSource({ "false, bins-angles", "true, angles-bins" })
	void skimageSinogramsReconstructTheRightWayUpAndBeatItsFbp(boolean circle, String layout) {
		double[] truth = phantom(circle), theta = CtOperator.uniform(ANGLES);
		double[] sino = Skimage.radon(truth, N, theta, circle);
		int bins = sino.length / ANGLES;
		assertEquals(circle ? N : CtOperator.defaultBins(N, N), bins);
		ImagePlus in = layout.equals("bins-angles") ? image("sinogram", sino, bins, ANGLES) : image("sinogram", transpose(sino, bins, ANGLES), ANGLES, bins);
		Problem p = Problems.configure(Problems.of("ct"), java.util.Map.of("angles", String.valueOf(ANGLES), "layout", layout.equals("bins-angles") ? "auto" : layout,
				"size", String.valueOf(circle ? 0 : N)));
		SamplingSettings settings = new SamplingSettings(null, null, 12, null, null, null, null, 3);
		Restorations.Result r = Restorations.restore(model, settings, in, Restorations.Request.of(p).withSamples(1, false), 1,
				io.github.scorej.ops.sample.Callback.NONE);
		assertEquals(N, r.restored().getWidth());
		double[] x = pixels(r.restored());
		double fbp = Double.NEGATIVE_INFINITY;
		for (String f : new String[] { "ramp", "shepp-logan", "cosine", "hamming", "hann" })
			fbp = Math.max(fbp, psnr(Skimage.iradon(sino, N, theta, f, circle), truth));
		double ours = psnr(x, truth), c = correlation(x, truth), ud = correlation(x, flipped(truth, true)), lr = correlation(x, flipped(truth, false));
		String what = String.format(Locale.ROOT,
				"circle=%s %s: PSNR %.2f dB (skimage FBP, best filter: %.2f), correlation %.3f (upside down: %.3f, mirrored: %.3f)", circle, layout, ours,
				fbp, c, ud, lr);
		System.out.println(what);
		assertTrue(c > 0.95 && c > Math.max(ud, lr) + 0.02, what);
		assertTrue(ours > fbp + 3, what);
	}
}
