package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import ij.plugin.filter.GaussianBlur;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.scorej.ops.classical.Classical;
import io.github.scorej.ops.classical.Deblurring;
import io.github.scorej.ops.classical.Metrics;
import io.github.scorej.ops.inverse.ConditionalMethod;
import io.github.scorej.ops.inverse.Measurement;
import io.github.scorej.ops.problem.DeblurProblem;
import io.github.scorej.ops.inverse.ValidBlurOperator;
import io.github.scorej.ops.inverse.Restoration;
import io.github.scorej.ops.problem.RestoreBench;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.plugin.core.BundledModels;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.Provenance;
import io.github.scorej.plugin.image.ImageBatch;
import io.github.scorej.plugin.io.ImageFiles;
import io.github.scorej.plugin.io.Outputs;
import io.github.scorej.plugin.io.Tiffs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * ScoreJ's main job on a bundled model and image: a held-out microscopy crop is blurred by ImageJ's own
 * Gaussian Blur (not by ScoreJ's operator: no inverse crime) and noised, restored with valid boundaries
 * by the micro-gray prior (posterior mean and uncertainty of K samples), and compared
 * with the best classical deconvolution; everything is written as TIFFs with provenance.
 */
@Command(name = "demo", description = "Deblur a bundled held-out image with a bundled prior; compare with mirror-padded Wiener / Richardson-Lucy.")
final class DemoCommand implements Callable<Integer> {

	@Option(names = "--model", defaultValue = "micro-gray", description = "Prior. Default: ${DEFAULT-VALUE}.")
	String model;

	@Option(names = "--image", defaultValue = "test-images/coins-held-out.png", description = "Clean 8-bit image (relative paths: under ScoreJ's home). Default: ${DEFAULT-VALUE}.")
	Path image;

	@Option(names = "--samples", defaultValue = "4", description = "Posterior samples K. Default: ${DEFAULT-VALUE}.")
	int samples;

	@Option(names = "--steps", defaultValue = "30", description = "Steps. Default: ${DEFAULT-VALUE}.")
	int steps;

	@Option(names = "--seed", defaultValue = "1", description = "Seed of the noise and the sampler. Default: ${DEFAULT-VALUE}.")
	long seed;

	@Option(names = "--out", defaultValue = "out/demo", description = "Output folder. Default: ${DEFAULT-VALUE}.")
	Path out;

	@Option(names = "--quiet", description = "No progress bar.")
	boolean quiet;

	@Override
	public Integer call() throws IOException {
		LoadedModel m = LoadedModel.load(model, null, null);
		Path file = image.isAbsolute() || Files.exists(image) ? image : BundledModels.home().resolve(image);
		Outputs.checkFolder("--out", out);
		Map<Path, String> outputs = new LinkedHashMap<>();
		for (String name : OUTPUTS)
			outputs.put(out.resolve(name + ".tif"), "the demo's " + name + " image");
		Outputs.check(outputs, List.of(file));
		ImagePlus imp = ImageFiles.open(file);
		if (m.channels() != 1) throw new IllegalArgumentException("the demo needs a 1-channel prior; " + m.name() + " has " + m.channels());
		int mult = Math.max(1, m.card().sizeMultiple()), h = imp.getHeight() / mult * mult, w = imp.getWidth() / mult * mult;
		m.checkSize(h, w);
		ImageProcessor ip = imp.getProcessor().convertToByte(false);
		double lo = m.dataLow(), hi = m.dataHigh();
		double[] x = new double[h * w];
		for (int i = 0; i < h; i++)
			for (int j = 0; j < w; j++)
				x[i * w + j] = lo + (hi - lo) * ip.get(j, i) / 255.0;

		// the measurement as ImageJ makes it (no inverse crime): Process > Filters > Gaussian Blur σ = 2 px
		// (edge pixels extended), then noise σ_y = 1% of the range; restored with valid boundaries
		FloatProcessor blurred = ip.crop().convertToFloatProcessor();
		blurred.setRoi(0, 0, w, h);
		blurred = (FloatProcessor) blurred.crop();
		new GaussianBlur().blurGaussian(blurred, 2, 2, 0.002);
		double sigmaY = 0.01 * (hi - lo);
		java.util.SplittableRandom noise = new java.util.SplittableRandom(seed);
		double[] y = new double[h * w];
		for (int i = 0; i < y.length; i++)
			y[i] = lo + (hi - lo) * blurred.getf(i) / 255.0 + sigmaY * noise.nextGaussian();
		DeblurProblem problem = new DeblurProblem().withPsfSigma(2);
		int r = problem.margin(), sh = ImageBatch.padded(h + 2 * r, mult), sw = ImageBatch.padded(w + 2 * r, mult);
		ValidBlurOperator op = problem.validBlur(1, h, w, sh, sw);
		ConditionalMethod method = Restoration.method(problem.defaultMethod());
		Params params = Params.defaults(method.params());
		Restoration.Request req = new Restoration.Request(method, params, "karras", steps, m.sigmaMin(), m.sigmaMax(), Double.NaN, seed);
		Callback progress = quiet ? Callback.NONE : new ProgressBar(System.err, "demo " + method.name(), 1);
		long start = System.nanoTime();
		Restoration.Posterior post = Restoration.run(m.denoiserFor(sh, sw), m.sde(), new Measurement(op, y, sigmaY), req, samples, 16, progress);
		double seconds = (System.nanoTime() - start) / 1e9;
		double[] mean = RestoreBench.clip(window(op, post.mean()), lo, hi), std = window(op, post.std());
		Classical.Best classical = Deblurring.bestMirrored(op, y, x).get(0);
		double[] classicalImage = RestoreBench.clip(classical.image(), lo, hi);
		double v = classical.parameter();
		String classicalName = String.format(Locale.ROOT, v == Math.rint(v) ? "%s, %s %.0f (oracle)" : "%s, %s %.3g (oracle)", classical.method(),
				classical.parameterName(), v);

		double range = hi - lo;
		double[] measured = RestoreBench.clip(y, lo, hi);
		String info = new Provenance("demo").model(m).put("method", method.name()).put("options", params).put("steps", steps)
				.put("schedule", "karras").put("seed", seed).put("samples", samples)
				.put("task", "deblur psf_sigma=2 boundary=valid sigma_y=" + sigmaY + " (blur: ImageJ Gaussian Blur)")
				.put("operator", op.describe()).put("image", file).put("residual", post.residual()).toString();
		Shape one = new Shape(1, 1, h, w);
		double[][] images = { x, measured, mean, std, classicalImage };
		String[] titles = { "clean", "blurred and noisy", "restored (posterior mean)", "uncertainty (posterior std)", classicalName };
		Map<Path, Outputs.Writer> written = new LinkedHashMap<>();
		for (int i = 0; i < OUTPUTS.length; i++)
			written.put(out.resolve(OUTPUTS[i] + ".tif"), Outputs.tiff(Tiffs.toImage(titles[i], one, images[i], info)));
		Outputs.write(written);
		System.out.printf(Locale.ROOT, "%s, %d×%d, blurred by ImageJ's Gaussian Blur (σ = 2 px) with noise σ_y = %.3f:%n", file.getFileName(), w, h, sigmaY);
		System.out.printf(Locale.ROOT, "  %-50s PSNR %6.2f dB  SSIM %.3f%n", "measured", Metrics.psnr(measured, x, range),
				RestoreBench.ssim(measured, x, 1, h, w, range));
		System.out.printf(Locale.ROOT, "  %-50s PSNR %6.2f dB  SSIM %.3f%n", classicalName, Metrics.psnr(classicalImage, x, range),
				RestoreBench.ssim(classicalImage, x, 1, h, w, range));
		System.out.printf(Locale.ROOT, "  %-50s PSNR %6.2f dB  SSIM %.3f  (%s, %d samples, %d steps, %.1f s)%n", "ScoreJ posterior mean",
				Metrics.psnr(mean, x, range), RestoreBench.ssim(mean, x, 1, h, w, range), m.name() + " " + method.name(), samples, steps, seconds);
		System.out.println("wrote clean, measured, restored, uncertainty and classical TIFFs to " + out);
		return 0;
	}

	/** The measured window of a scene-sized image. */
	private static double[] window(ValidBlurOperator op, double[] scene) {
		int h = op.measuredHeight(), w = op.measuredWidth();
		double[] out = new double[h * w];
		for (int i = 0; i < h; i++)
			System.arraycopy(scene, (op.top() + i) * op.width() + op.left(), out, i * w, w);
		return out;
	}

	private static final String[] OUTPUTS = { "clean", "measured", "restored", "uncertainty", "classical" };
}
