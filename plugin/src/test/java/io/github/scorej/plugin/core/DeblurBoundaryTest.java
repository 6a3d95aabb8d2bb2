package io.github.scorej.plugin.core;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.filter.GaussianBlur;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.scorej.ops.classical.Deblurring;
import io.github.scorej.ops.inverse.BlurOperator;
import io.github.scorej.ops.problem.DeblurProblem;
import io.github.scorej.ops.sample.Callback;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Deblurring of blurs made by other tools (no inverse crime): ImageJ's own Gaussian Blur (edge pixels
 * extended) and a scipy-style {@code gaussian_filter(mode='reflect')} written out in the test, σ = 2 px,
 * noise 1% of 255, rounded to 8 bits, on a held-out 64×64 crop, restored with the bundled micro-gray
 * prior and Restore's defaults (valid boundaries, DDNM+, σ_y estimated). The old periodic operator
 * gave a border frame several dB worse than the interior on these images.
 */
class DeblurBoundaryTest {

	private static final int N = 64, BAND = 8;
	private static LoadedModel model;
	private static float[] clean;

	@BeforeAll
	static void load() {
		model = LoadedModel.load("micro-gray", null, null);
		ImagePlus imp = IJ.openImage("../test-images/coins-held-out.png");
		ImageProcessor ip = imp.getProcessor().convertToByte(false);
		ip.setRoi((ip.getWidth() - N) / 2, (ip.getHeight() - N) / 2, N, N); // the centre of the held-out image
		clean = (float[]) ip.crop().convertToFloatProcessor().getPixels();
	}

	/** y + noise σ 2.55 (seeded), rounded and clipped to 8 bits. */
	private static ImagePlus noisy8bit(float[] blurred, String title) {
		Random r = new Random(7);
		float[] v = blurred.clone();
		for (int i = 0; i < v.length; i++)
			v[i] = (float) Math.max(0, Math.min(255, Math.round(v[i] + 2.55 * r.nextGaussian())));
		return new ImagePlus(title, new FloatProcessor(N, N, v).convertToByteProcessor(false));
	}

	/** scipy.ndimage.gaussian_filter(x, 2, mode='reflect', truncate=4): separable, d c b a | a b c d | d c b a. */
	private static float[] reflectBlur(float[] x) {
		int r = 8;
		double[] k = new double[2 * r + 1];
		double s = 0;
		for (int i = -r; i <= r; i++)
			s += k[i + r] = Math.exp(-i * i / 8.0);
		float[] rows = new float[x.length], out = new float[x.length];
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++) {
				double a = 0;
				for (int d = -r; d <= r; d++)
					a += k[d + r] / s * x[i * N + reflect(j + d)];
				rows[i * N + j] = (float) a;
			}
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++) {
				double a = 0;
				for (int d = -r; d <= r; d++)
					a += k[d + r] / s * rows[reflect(i + d) * N + j];
				out[i * N + j] = (float) a;
			}
		return out;
	}

	private static int reflect(int i) {
		return i < 0 ? -i - 1 : i >= N ? 2 * N - i - 1 : i;
	}

	/** PSNR (peak 255) over the outer band (band = true) or the interior. */
	private static double psnr(double[] x, boolean band) {
		double se = 0;
		int n = 0;
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++) {
				boolean outer = i < BAND || j < BAND || i >= N - BAND || j >= N - BAND;
				if (outer != band) continue;
				double e = Math.min(255, Math.max(0, x[i * N + j])) - clean[i * N + j];
				se += e * e;
				n++;
			}
		return 10 * Math.log10(255 * 255 / (se / n));
	}

	private static double psnr(double[] x) {
		double se = 0;
		for (int i = 0; i < x.length; i++)
			se += Math.pow(Math.min(255, Math.max(0, x[i])) - clean[i], 2);
		return 10 * Math.log10(255 * 255 / (se / x.length));
	}

	private static double[] pixels(ImagePlus imp) {
		ImageProcessor ip = imp.getProcessor();
		double[] v = new double[ip.getPixelCount()];
		for (int i = 0; i < v.length; i++)
			v[i] = ip.getf(i);
		return v;
	}

	/**
	 * An honest classical baseline: Richardson–Lucy on the image mirror-padded by 16 px (so that the
	 * periodic FFT blur sees no jump at the edges), with the oracle iteration count, cropped back.
	 */
	private static double richardsonLucy(double[] y) {
		int p = 16, n = N + 2 * p;
		double[] pad = new double[n * n];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
				pad[i * n + j] = y[mirror(i - p) * N + mirror(j - p)];
		BlurOperator op = BlurOperator.gaussian(1, n, n, 2);
		double best = 0;
		for (int it : new int[] { 2, 5, 10, 20, 40, 80 }) {
			double[] x = Deblurring.richardsonLucy(op, pad, it), c = new double[N * N];
			for (int i = 0; i < N; i++)
				System.arraycopy(x, (i + p) * n + p, c, i * N, N);
			best = Math.max(best, psnr(c));
		}
		return best;
	}

	private static int mirror(int i) {
		return reflect(i);
	}

	private static void restoresWithoutFrame(ImagePlus measured) {
		double[] y = pixels(measured);
		SamplingSettings settings = new SamplingSettings(null, null, 20, null, null, null, null, 3);
		Restorations.Result r = Restorations.restore(model, settings, measured,
				Restorations.Request.of(new DeblurProblem().withPsfSigma(2)).withSamples(2, false), 2, Callback.NONE);
		double[] x = pixels(r.restored());
		double band = psnr(x, true), interior = psnr(x, false), whole = psnr(x), before = psnr(y), rl = richardsonLucy(y);
		String report = String.format("%s: PSNR blurred %.2f, restored %.2f (band %.2f, interior %.2f), Richardson-Lucy %.2f dB", measured.getTitle(),
				before, whole, band, interior, rl);
		System.out.println(report);
		assertTrue(band >= interior - 2, "no border frame: " + report);
		assertTrue(whole >= before + 2, "restored beats the blurred input: " + report);
		assertTrue(whole >= rl, "restored at least as good as Richardson-Lucy: " + report);
		String info = (String) r.restored().getProperty("Info");
		assertTrue(info.contains("scorej.boundary=valid") && info.contains("scorej.method=ddnm_plus") && info.contains("sigma_y_estimated=true"), info);
	}

	@Test
	void restoresAnImageJGaussianBlur() {
		FloatProcessor f = new FloatProcessor(N, N, clean.clone());
		new GaussianBlur().blurGaussian(f, 2, 2, 0.002); // edge pixels extended beyond the image
		restoresWithoutFrame(noisy8bit((float[]) f.getPixels(), "ImageJ Gaussian Blur"));
	}

	@Test
	void restoresAReflectBlur() {
		restoresWithoutFrame(noisy8bit(reflectBlur(clean), "gaussian_filter reflect"));
	}
}
