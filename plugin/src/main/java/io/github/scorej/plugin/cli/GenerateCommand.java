package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.plugin.core.Generation;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.Provenance;
import io.github.scorej.plugin.io.Outputs;
import io.github.scorej.plugin.io.Tiffs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

	@Mixin
	ClassOptions classes;

	@Option(names = "--out", defaultValue = "generated.tif", description = "Output TIFF. Default: ${DEFAULT-VALUE}.")
	Path out;

	@Override
	public void run() {
		Outputs.check(Map.of(out, "the generated images"), opts.noise == null ? List.of() : List.of(opts.noise));
		LoadedModel m = classes.load(opts);
		int h = size != null ? size : m.height(), w = size != null ? size : m.width();
		m.checkSize(h, w);
		Shape shape = new Shape(count, m.channels(), h, w);
		double[] noise = opts.noise == null ? null : Tiffs.readTensor(opts.noise, shape);
		var settings = opts.settings();
		String label = settings.sampler() != null ? settings.sampler() : m.defaultSampler();
		Callback progress = opts.quiet ? Callback.NONE : new ProgressBar(System.err, label, 1); // generate plans its runs
		ImagePlus imp = Generation.generate(m, settings, shape, noise, opts.raw, opts.rt.batch, progress,
				new Provenance("generate").put("noise", opts.noise == null ? "" : opts.noise));
		try {
			Outputs.write(out, imp);
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e.getMessage(), e);
		}
		spec.commandLine().getOut().printf("wrote %d image(s) of %dx%d, %d channel(s) to %s (NFE %s)%n", count, w, h, m.channels(),
				out.toAbsolutePath(), Provenance.nfe(imp));
	}
}
