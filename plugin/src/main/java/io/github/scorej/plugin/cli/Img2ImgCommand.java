package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.plugin.core.Generation;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.Provenance;
import io.github.scorej.plugin.image.Normalization;
import io.github.scorej.plugin.io.Outputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code scorej img2img FILES|FOLDERS}: SDEdit, the same as the Image to Image command, over files; bad files are reported and skipped. */
@Command(name = "img2img", description = "SDEdit: noise images to sigma_start and denoise them back with a score model (as Image to Image (ScoreJ)).")
final class Img2ImgCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Mixin
	SamplingOptions opts;

	@Mixin
	ClassOptions classes;

	@Option(names = "--strength", defaultValue = "0.4", description = "How much to change, in (0, 1], as diffusers' img2img: the last strength·N of the N steps are run (1: from noise). Default: ${DEFAULT-VALUE}.")
	double strength;

	@Option(names = "--sigma-start", defaultValue = "0", description = "The exact noise level to start from, all --steps run from it down to sigma_min (overrides --strength when > 0).")
	double sigmaStart;

	@Mixin
	NormalizationOptions normalization;

	@Option(names = "--out", defaultValue = "img2img", description = "Output folder. Default: ${DEFAULT-VALUE}.")
	Path out;

	@Mixin
	FileInputs inputs;

	@Override
	public Integer call() {
		if (opts.noise != null) throw new IllegalArgumentException("--noise is for generate; img2img draws its noise from --seed");
		PrintWriter stdout = spec.commandLine().getOut(), stderr = spec.commandLine().getErr();
		FileInputs.Plan plan = inputs.plan(out, List.of(SUFFIX), List.of(), stderr, "img2img");
		Normalization norm = normalization.get();
		LoadedModel m = classes.load(opts);
		List<String> failed = FileBatch.run(plan.files(), "img2img", stderr, (f, imp) -> {
			Callback progress = opts.quiet ? Callback.NONE : new ProgressBar(System.err, f.getFileName().toString(), 1);
			ImagePlus result = Generation.imageToImage(m, opts.settings(), imp, strength, sigmaStart, norm, progress);
			Path target = plan.output(f, SUFFIX);
			Outputs.write(target, result);
			stdout.println(f + " -> " + target + " (NFE " + Provenance.nfe(result) + ")");
		});
		return FileBatch.summary(stdout, "img2img", "written", plan.files().size(), failed, out);
	}

	private static final String SUFFIX = "-img2img.tif";
}
