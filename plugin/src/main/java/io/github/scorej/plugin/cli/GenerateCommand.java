package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import io.github.scorej.ops.model.NetworkDenoiser;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.Generator;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.ops.sample.Sampler;
import io.github.scorej.plugin.io.Tiffs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;

/** {@code scorej generate}: unconditional or class-conditional samples, written as a float32 TIFF stack. */
@Command(name = "generate", description = "Generate images from a score model.")
final class GenerateCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Mixin
	SamplingOptions opts;

	@Option(names = { "-n", "--count" }, defaultValue = "4", description = "Number of images. Default: ${DEFAULT-VALUE}.")
	int count;

	@Option(names = "--size", description = "Image height and width (fully convolutional models); default: the training size.")
	Integer size;

	@Option(names = "--class", description = "Class label of a class-conditional model (name or index).")
	String classLabel;

	@Option(names = "--guidance", description = "Classifier-free guidance scale w: D_u + w(D_c − D_u). Default: the card's defaults.guidance, else 1.")
	Double guidance;

	@Option(names = "--out", defaultValue = "generated.tif", description = "Output TIFF. Default: ${DEFAULT-VALUE}.")
	Path out;

	@Option(names = "--quiet", description = "No progress bar.")
	boolean quiet;

	@Override
	public void run() {
		if (count < 1) throw new IllegalArgumentException("--count must be >= 1, got " + count);
		LoadedModel m = LoadedModel.load(opts.model, classLabel, guidance, opts.runtime());
		int h = size != null ? size : m.height(), w = size != null ? size : m.width();
		m.checkSize(h, w);
		Shape shape = new Shape(count, m.channels(), h, w);
		Sampler sampler = opts.resolveSampler(m.defaultSampler());
		Params params = opts.resolveParams(sampler);
		int steps = opts.steps != null ? opts.steps : m.defaultSteps();
		String schedule = opts.schedule != null ? opts.schedule : m.defaultSchedule();
		double sMin = opts.sigmaMin != null ? opts.sigmaMin : m.sigmaMin(), sMax = opts.sigmaMax != null ? opts.sigmaMax : m.sigmaMax();
		double[] noise = opts.noise == null ? null : Tiffs.readTensor(opts.noise, shape);
		Generator.Request req = new Generator.Request(sampler, params, schedule, steps, sMin, sMax,
				opts.rho == null ? Double.NaN : opts.rho, opts.seed, noise);
		int chunks = (count + opts.batch - 1) / opts.batch;
		var err = System.err;
		double[] x = Generator.generate(m.denoiser(), m.sde(), shape, req, opts.batch,
				quiet ? io.github.scorej.ops.sample.Callback.NONE : new ProgressBar(err, sampler.name(), chunks));
		if (!opts.raw) m.clipToDataRange(x);
		String info = String.format(Locale.ROOT,
				"ScoreJ %s%nscorej.command=generate%nscorej.model=%s%nscorej.model_sha256=%s%nscorej.sampler=%s%nscorej.options=%s%n"
						+ "scorej.steps=%d%nscorej.schedule=%s%nscorej.sigma_min=%s%nscorej.sigma_max=%s%nscorej.seed=%d%n"
						+ "scorej.class=%s%nscorej.guidance=%s%nscorej.noise=%s%nscorej.raw=%s%nscorej.shape=%s%n",
				Version.get(), m.name(), m.sha256(), sampler.name(), params, steps, schedule, sMin, sMax, opts.seed,
				classLabel == null ? "" : classLabel,
				m.denoiser() instanceof NetworkDenoiser nd && classLabel != null ? String.valueOf(nd.guidance()) : "", opts.noise == null ? "" : opts.noise, opts.raw, shape);
		ImagePlus imp = Tiffs.toImage(m.name() + " samples", shape, x, info);
		if (!opts.raw) imp.setDisplayRange(m.dataLow(), m.dataHigh());
		try {
			Tiffs.writeAtomically(imp, out);
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
		}
		spec.commandLine().getOut().printf("wrote %d image(s) of %dx%d, %d channel(s) to %s%n", count, w, h, m.channels(),
				out.toAbsolutePath());
	}
}
