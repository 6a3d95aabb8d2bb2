package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.github.scorej.ops.classical.Metrics;
import io.github.scorej.ops.inverse.ConditionalMethod;
import io.github.scorej.ops.inverse.Problem;
import io.github.scorej.ops.inverse.Restoration;
import io.github.scorej.ops.inverse.RestoreBench;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.plugin.core.BundledModels;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.Provenance;
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
 * ScoreJ's main job on a bundled model and image: a held-out microscopy crop is blurred and noised,
 * restored by the micro-gray prior (posterior mean and uncertainty of K samples), and compared
 * with the best classical deconvolution; everything is written as TIFFs with provenance.
 */
@Command(name = "demo", description = "Deblur a bundled held-out image with a bundled prior; compare with Wiener / Richardson-Lucy.")
final class DemoCommand implements Callable<Integer> {

	@Option(names = "--model", defaultValue = "micro-gray", description = "Prior. Default: ${DEFAULT-VALUE}.")
	String model;

	@Option(names = "--image", defaultValue = "test-images/cell-held-out.png", description = "Clean 8-bit image (relative paths: under ScoreJ's home). Default: ${DEFAULT-VALUE}.")
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

		// the measurement: Gaussian blur σ = 2 px and noise σ_y = 1% of the range; scored as by scorej bench restore
		Problem problem = Problem.of(Problem.Kind.DEBLUR).withPsfSigma(2);
		double sigmaY = 0.01 * (hi - lo);
		RestoreBench.Case cs = new RestoreBench.Case("deblur σ=2", problem, sigmaY, 0);
		ConditionalMethod method = Restoration.method(problem.defaultMethod());
		Params params = Params.defaults(method.params());
		Restoration.Request req = new Restoration.Request(method, params, "karras", steps, m.sigmaMin(), m.sigmaMax(), Double.NaN, seed);
		Callback progress = quiet ? Callback.NONE : new ProgressBar(System.err, "demo " + method.name(), 1);
		RestoreBench.Measured measuredImage = RestoreBench.measure(cs, file.getFileName().toString(), x, 1, h, w, lo, hi, seed);
		RestoreBench.Outcome o = RestoreBench.restore(m.denoiserFor(h, w), m.sde(), measuredImage, req, samples, 16, progress);
		RestoreBench.Row row = o.row();

		double range = hi - lo;
		double[] measured = RestoreBench.clip(measuredImage.measurement().y(), lo, hi);
		String info = new Provenance("demo").model(m).put("method", method.name()).put("options", params).put("steps", steps)
				.put("schedule", "karras").put("seed", seed).put("samples", samples).put("task", "deblur psf_sigma=2 sigma_y=" + sigmaY)
				.put("image", file).put("residual", row.residual()).toString();
		Shape one = new Shape(1, 1, h, w);
		double[][] images = { x, measured, o.mean(), o.posterior().std(), measuredImage.classical() };
		String[] titles = { "clean", "blurred and noisy", "restored (posterior mean)", "uncertainty (posterior std)", row.classical() };
		Map<Path, Outputs.Writer> written = new LinkedHashMap<>();
		for (int i = 0; i < OUTPUTS.length; i++)
			written.put(out.resolve(OUTPUTS[i] + ".tif"), Outputs.tiff(Tiffs.toImage(titles[i], one, images[i], info)));
		Outputs.write(written);
		System.out.printf(Locale.ROOT, "%s, %d×%d, blurred (σ = 2 px) with noise σ_y = %.3f:%n", file.getFileName(), w, h, sigmaY);
		System.out.printf(Locale.ROOT, "  %-34s PSNR %6.2f dB  SSIM %.3f%n", "measured", Metrics.psnr(measured, x, range),
				RestoreBench.ssim(measured, x, 1, h, w, range));
		System.out.printf(Locale.ROOT, "  %-34s PSNR %6.2f dB  SSIM %.3f%n", row.classical(), row.classicalPsnr(), row.classicalSsim());
		System.out.printf(Locale.ROOT, "  %-34s PSNR %6.2f dB  SSIM %.3f  (%s, %d samples, %d steps, %.1f s)%n", "ScoreJ posterior mean", row.psnr(),
				row.ssim(), m.name() + " " + method.name(), samples, steps, row.seconds());
		System.out.println("wrote clean, measured, restored, uncertainty and classical TIFFs to " + out);
		return 0;
	}

	private static final String[] OUTPUTS = { "clean", "measured", "restored", "uncertainty", "classical" };
}
