package io.github.scorej.ops.inverse;

import io.github.scorej.ops.classical.Classical;
import io.github.scorej.ops.classical.Metrics;
import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.ops.sde.Sde;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Restoration quality against what users use today: for each task, each clean image is measured
 * (seeded noise), restored by a conditional method (posterior mean of K samples) and by the best
 * classical method with its oracle parameter ({@link Classical#all}), and both are scored by PSNR
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
		c.add(new Case("denoise σ_y=0.2", Problem.of(Problem.Kind.DENOISE), 0.2, 0));
		c.add(new Case("deblur Gaussian σ=2, σ_y=0.02", Problem.of(Problem.Kind.DEBLUR).withPsfSigma(2), 0.02, 0));
		c.add(new Case("super-resolution ×4, σ_y=0.01", Problem.of(Problem.Kind.SUPERRES).withFactor(4), 0.01, 0));
		c.add(new Case("inpaint 70% of pixels missing", Problem.of(Problem.Kind.INPAINT), 0, 0.7));
		c.add(new Case("CT 30 angles", Problem.of(Problem.Kind.CT).withAngles(30), 0, 0));
		c.add(new Case("MRI R=4, 8 centre lines", Problem.of(Problem.Kind.MRI), 0, 0));
		if (channels == 3) c.add(new Case("colorize", Problem.of(Problem.Kind.COLORIZE), 0, 0));
		return c;
	}

	/** A scored restoration of one image. */
	public record Row(String task, String image, String method, double psnr, double ssim, double residual, String classical, double classicalPsnr,
			double classicalSsim, double seconds) {
		public double gain() { return psnr - classicalPsnr; }
	}

	/**
	 * A scored restoration with its images (clipped to the data range where they are images).
	 *
	 * @param measurement what was measured (seeded noise included)
	 * @param posterior the K samples, their mean and std, unclipped
	 * @param mean the posterior mean, clipped
	 * @param classical the best classical result, clipped
	 */
	public record Outcome(Row row, Measurement measurement, Restoration.Posterior posterior, double[] mean, double[] classical) {}

	private RestoreBench() {}

	/** {@link #restore}'s scores only. */
	public static Row run(Denoiser d, Sde sde, Case cs, String image, double[] x, int c, int h, int w, double lo, double hi, ConditionalMethod method,
			Params params, Restoration.Request request, int samples, int maxBatch, Callback callback) {
		return restore(d, sde, cs, image, x, c, h, w, lo, hi, method, params, request, samples, maxBatch, callback).row();
	}

	/**
	 * Runs one case on one clean image x (C×H×W in the model's data range [lo, hi]): measures it
	 * (noise seeded by the request's seed and the image name), restores it, and scores the posterior
	 * mean and the best classical method against x.
	 *
	 * @param method the conditional method; its params
	 * @param request schedule, steps, σ range and seed (the method in it is replaced by {@code method})
	 */
	public static Outcome restore(Denoiser d, Sde sde, Case cs, String image, double[] x, int c, int h, int w, double lo, double hi,
			ConditionalMethod method, Params params, Restoration.Request request, int samples, int maxBatch, Callback callback) {
		SplittableRandom r = new SplittableRandom(request.seed() ^ image.hashCode());
		boolean[][] known = null;
		if (cs.problem().kind() == Problem.Kind.INPAINT) {
			known = new boolean[h][w];
			for (boolean[] row : known)
				for (int i = 0; i < w; i++)
					row[i] = r.nextDouble() >= cs.inpaintFraction();
		}
		LinearOperator a = cs.problem().operator(c, h, w, known);
		Measurement m = Measurement.of(a, x, cs.sigmaY(), r);
		long t0 = System.nanoTime();
		Restoration.Request req = new Restoration.Request(method, params, request.schedule(), request.steps(), request.sigmaMin(), request.sigmaMax(),
				request.rho(), request.seed());
		Restoration.Posterior post = Restoration.run(d, sde, m, req, samples, maxBatch, callback);
		double seconds = (System.nanoTime() - t0) / 1e9;
		double range = hi - lo;
		double[] mean = clip(post.mean(), lo, hi);
		Classical.Best best = Classical.best(a, m.y(), x);
		double[] classical = clip(best.image(), lo, hi);
		Row row = new Row(cs.name(), image, method.name(), Metrics.psnr(mean, x, range), ssim(mean, x, c, h, w, range), post.residual(),
				best.describe(), Metrics.psnr(classical, x, range), ssim(classical, x, c, h, w, range), seconds);
		return new Outcome(row, m, post, mean, classical);
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
