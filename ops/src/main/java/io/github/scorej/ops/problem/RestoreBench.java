package io.github.scorej.ops.problem;

import io.github.scorej.ops.classical.Classical;
import io.github.scorej.ops.classical.Metrics;
import io.github.scorej.ops.inverse.LinearOperator;
import io.github.scorej.ops.inverse.Measurement;
import io.github.scorej.ops.inverse.Restoration;
import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.ops.sde.Sde;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Restoration quality against what users use today: for each task, each clean image is measured
 * (seeded noise), restored by a conditional method (posterior mean of K samples) and by the best
 * classical method with its oracle parameter ({@link Problems#classical}), and both are scored by PSNR
 * and SSIM against the clean image (data in the model's range, peak-to-peak = its width).
 */
public final class RestoreBench {

	/**
	 * One benchmark task.
	 *
	 * @param name short label, e.g. "deblur σ=2"
	 * @param problem the measurement
	 * @param sigmaY measurement noise in data units
	 * @param inpaintFraction for inpainting: the fraction of pixels hidden (seeded random)
	 */
	public record Case(String name, Problem problem, double sigmaY, double inpaintFraction) {}

	/** The standard tasks (data in [-1, 1]). */
	public static List<Case> standardCases(int channels) {
		List<Case> c = new ArrayList<>();
		c.add(new Case("denoise σ_y=0.2", new DenoiseProblem(), 0.2, 0));
		c.add(new Case("deblur Gaussian σ=2, σ_y=0.02", new DeblurProblem().withPsfSigma(2).withBoundary(DeblurProblem.Boundary.PERIODIC), 0.02, 0));
		c.add(new Case("super-resolution ×4, σ_y=0.01", new SuperResolveProblem(4), 0.01, 0));
		c.add(new Case("inpaint 70% of pixels missing", new InpaintProblem(), 0, 0.7));
		c.add(new Case("CT 30 angles", new CtProblem().withAngles(30), 0, 0));
		c.add(new Case("MRI R=4, 8 centre lines", new MriProblem(), 0, 0));
		if (channels == 3) c.add(new Case("colorize", new ColorizeProblem(), 0, 0));
		return c;
	}

	/** A scored restoration of one image. */
	public record Row(String task, String image, String method, double psnr, double ssim, double residual, String classical, double classicalPsnr,
			double classicalSsim, double seconds) {
		public double gain() { return psnr - classicalPsnr; }
	}

	/**
	 * One clean image measured for a case, with the best classical restoration already scored: made
	 * once per (case, image) and restored by every method.
	 *
	 * @param x the clean image (C×H×W in the data range [lo, hi])
	 * @param measurement what was measured (seeded noise included)
	 * @param classical the best classical result, clipped to [lo, hi]
	 */
	public record Measured(Case cs, String image, double[] x, int c, int h, int w, double lo, double hi, Measurement measurement, Classical.Best best,
			double[] classical) {

		double range() { return hi - lo; }
	}

	/**
	 * A scored restoration with its images.
	 *
	 * @param posterior the K samples, their mean and std, unclipped
	 * @param mean the posterior mean, clipped
	 */
	public record Outcome(Row row, Measured measured, Restoration.Posterior posterior, double[] mean) {}

	private RestoreBench() {}

	/**
	 * Measures a clean image x (C×H×W in the model's data range [lo, hi]) for a case, with noise (and
	 * an inpainting mask) seeded by {@code seed} and the image name, and finds the best classical
	 * restoration ({@link Problems#classical}, oracle parameter).
	 */
	public static Measured measure(Case cs, String image, double[] x, int c, int h, int w, double lo, double hi, long seed) {
		SplittableRandom r = new SplittableRandom(seed ^ image.hashCode());
		Problem problem = cs.problem();
		if (problem instanceof InpaintProblem inpaint) {
			boolean[][] known = new boolean[h][w];
			int unknown = 0;
			for (boolean[] row : known)
				for (int i = 0; i < w; i++)
					if (!(row[i] = r.nextDouble() >= cs.inpaintFraction())) unknown++;
			problem = inpaint.withMask(known, "random", unknown);
		}
		LinearOperator a = problem.operator(c, h, w);
		Measurement m = Measurement.of(a, x, cs.sigmaY(), r);
		Classical.Best best = Problems.classical(problem, a, m.y(), x).get(0);
		return new Measured(cs, image, x, c, h, w, lo, hi, m, best, clip(best.image(), lo, hi));
	}

	/** Restores a measured image with the request's method and scores the posterior mean and the classical result against the clean image. */
	public static Outcome restore(Denoiser d, Sde sde, Measured m, Restoration.Request request, int samples, int maxBatch, Callback callback) {
		long t0 = System.nanoTime();
		Restoration.Posterior post = Restoration.run(d, sde, m.measurement(), request, samples, maxBatch, callback);
		double seconds = (System.nanoTime() - t0) / 1e9;
		double[] mean = clip(post.mean(), m.lo(), m.hi());
		double range = m.range();
		Row row = new Row(m.cs().name(), m.image(), request.method().name(), Metrics.psnr(mean, m.x(), range), ssim(mean, m.x(), m.c(), m.h(), m.w(), range),
				post.residual(), m.best().describe(), Metrics.psnr(m.classical(), m.x(), range), ssim(m.classical(), m.x(), m.c(), m.h(), m.w(), range),
				seconds);
		return new Outcome(row, m, post, mean);
	}

	/** SSIM where the image is at least the 11×11 window, else NaN. */
	public static double ssim(double[] a, double[] b, int c, int h, int w, double range) {
		return h >= 11 && w >= 11 ? Metrics.ssim(a, b, c, h, w, range) : Double.NaN;
	}

	/** A copy clipped to [lo, hi]. */
	public static double[] clip(double[] v, double lo, double hi) {
		double[] out = new double[v.length];
		for (int i = 0; i < v.length; i++)
			out[i] = Math.min(hi, Math.max(lo, v[i]));
		return out;
	}
}
