package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.Provenance;
import io.github.scorej.plugin.core.Restorations;
import io.github.scorej.plugin.io.ImageFiles;
import io.github.scorej.plugin.io.Outputs;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What {@code scorej inpaint}, {@code colorize} and {@code restore} share: the sampling options, the
 * restoration options, and the loop over FILES and FOLDERS (every .tif, .tiff and .png in a folder).
 * Each input gives {@code OUT/NAME-restored.tif}, {@code NAME-uncertainty.tif} and, with
 * {@code --keep-samples}, {@code NAME-samples.tif} (MRI with a generated pattern: {@code NAME-mask.tif}), written
 * together or not at all ({@code --raw}: all 32-bit in the model's data space), named by {@link FileInputs#plan} and checked before any work. A file that fails is
 * reported and skipped; the run ends with a summary line, exit code 1 if anything failed.
 */
abstract class RestoreVerb implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Mixin
	SamplingOptions opts;

	@Option(names = "--method", description = "Conditional sampling method: ddnm_plus, ddnm, ddrm, projection, replacement. Default: the task's (ddrm for denoise and periodic Gaussian deblur, ddnm_plus otherwise; see site/bench/restore.md).")
	String method;

	@Option(names = { "-k", "--samples" }, defaultValue = "4", description = "Posterior samples per image: their mean and per-pixel standard deviation are written. Default: ${DEFAULT-VALUE}.")
	int samples;

	@Option(names = "--keep-samples", description = "Also write the samples (NAME-samples.tif).")
	boolean keepSamples;

	@Option(names = "--sigma-y", defaultValue = "0", description = "Measurement noise (standard deviation) in pixel values; denoise and deblur: 0 estimates it. Default: ${DEFAULT-VALUE}.")
	double sigmaY;

	@Mixin
	NormalizationOptions normalization;

	@Option(names = "--out", defaultValue = "restored", description = "Output folder. Default: ${DEFAULT-VALUE}.")
	Path out;

	@Mixin
	FileInputs inputs;

	/** The request for one image, with this verb's problem. */
	abstract Restorations.Request request(ImagePlus image);

	/** Checks the verb's own options (and reads their files) before any image is read. */
	void prepare() {}

	/** The request's shared part. */
	Restorations.Request shared(Restorations.Request r) {
		return r.withSigmaY(sigmaY).withMethod(method).withSamples(samples, keepSamples).withRaw(opts.raw)
				.withNormalization(normalization.get()).withNoise(opts.noise);
	}

	@Override
	public Integer call() {
		prepare();
		PrintWriter stdout = spec.commandLine().getOut(), stderr = spec.commandLine().getErr();
		String verb = spec.name();
		List<String> suffixes = new ArrayList<>(keepSamples ? List.of(RESTORED, UNCERTAINTY, SAMPLES) : List.of(RESTORED, UNCERTAINTY));
		suffixes.addAll(moreSuffixes());
		FileInputs.Plan plan = inputs.plan(out, suffixes, optionFiles(), stderr, verb);
		LoadedModel m = LoadedModel.load(opts.model, null, null, opts.runtime());
		List<String> failed = FileBatch.run(plan.files(), verb, stderr, (f, imp) -> {
			Callback progress = opts.quiet ? Callback.NONE : new ProgressBar(System.err, f.getFileName().toString(), 1); // the restoration plans its runs
			ImagePlus in = input(imp);
			Restorations.Result r = Restorations.restore(m, opts.settings(), in, request(in), opts.rt.batch, progress);
			Map<Path, Outputs.Writer> written = new LinkedHashMap<>();
			written.put(plan.output(f, RESTORED), Outputs.tiff(r.restored()));
			written.put(plan.output(f, UNCERTAINTY), Outputs.tiff(r.uncertainty()));
			if (r.samples() != null) written.put(plan.output(f, SAMPLES), Outputs.tiff(r.samples()));
			if (r.kspaceMask() != null) written.put(plan.output(f, MASK), Outputs.tiff(r.kspaceMask()));
			Outputs.write(written); // all of this file's outputs, or none
			stdout.printf(Locale.ROOT, "%s -> %s (residual %s, NFE %s)%n", f, plan.output(f, RESTORED), residuals(r.residuals()),
					Provenance.nfe(r.restored()));
		});
		return FileBatch.summary(stdout, verb, "restored", plan.files().size(), failed, out);
	}

	static final String RESTORED = "-restored.tif", UNCERTAINTY = "-uncertainty.tif", SAMPLES = "-samples.tif", MASK = "-mask.tif";

	/** Outputs of this verb's own beyond the restored image, its uncertainty and the samples (MRI: the mask). */
	List<String> moreSuffixes() {
		return List.of();
	}

	/** The image restored from the file read (MRI: the real part joined with its imaginary part). */
	ImagePlus input(ImagePlus read) {
		return read;
	}

	/** The files this verb's options name (noise, mask, PSF): no output may overwrite them. */
	List<Path> optionFiles() {
		List<Path> files = new ArrayList<>();
		if (opts.noise != null) files.add(opts.noise);
		return files;
	}

	private static String residuals(double[] r) {
		StringBuilder sb = new StringBuilder();
		for (double v : r)
			sb.append(sb.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3g", v));
		return sb.toString();
	}

	/** An image file named by an option, read completely ({@link ImageFiles#open}); the error names the option and the file. */
	static ImagePlus open(String option, Path file) {
		try {
			return ImageFiles.open(file);
		} catch (ImageFiles.UnreadableImageException e) {
			throw new IllegalArgumentException(option + " " + e.getMessage(), e);
		}
	}
}
