package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.Restorations;
import io.github.scorej.plugin.io.ImageFiles;
import io.github.scorej.plugin.io.Tiffs;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * What {@code scorej inpaint}, {@code colorize} and {@code restore} share: the sampling options, the
 * restoration options, and the loop over FILES and FOLDERS (every .tif, .tiff and .png in a folder).
 * Each input gives {@code OUT/NAME-restored.tif}, {@code NAME-uncertainty.tif} and, with
 * {@code --keep-samples}, {@code NAME-samples.tif}, each written atomically ({@code --raw}: all 32-bit in the
 * model's data space). A file that fails is
 * reported and skipped; the run ends with a summary line, exit code 1 if anything failed.
 */
abstract class RestoreVerb implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Mixin
	SamplingOptions opts;

	@Option(names = "--method", description = "Conditional sampling method: ddnm_plus, ddnm, ddrm, projection, replacement. Default: the task's (ddrm for denoise and Gaussian deblur, ddnm_plus otherwise; see site/bench/restore.md).")
	String method;

	@Option(names = { "-k", "--samples" }, defaultValue = "4", description = "Posterior samples per image: their mean and per-pixel standard deviation are written. Default: ${DEFAULT-VALUE}.")
	int samples;

	@Option(names = "--keep-samples", description = "Also write the samples (NAME-samples.tif).")
	boolean keepSamples;

	@Option(names = "--sigma-y", defaultValue = "0", description = "Measurement noise (standard deviation) in pixel values; denoise: 0 estimates it. Default: ${DEFAULT-VALUE}.")
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
		List<Path> files = inputs.files();
		LoadedModel m = LoadedModel.load(opts.model, null, null, opts.runtime());
		PrintWriter stdout = spec.commandLine().getOut(), stderr = spec.commandLine().getErr();
		String verb = spec.name();
		List<String> failed = FileBatch.run(files, verb, stderr, (f, imp) -> {
			Callback progress = opts.quiet ? Callback.NONE : new ProgressBar(System.err, f.getFileName().toString(), 1); // the restoration plans its runs
			Restorations.Result r = Restorations.restore(m, opts.settings(), imp, request(imp), opts.rt.batch, progress);
			String name = baseName(f);
			Tiffs.writeAtomically(r.restored(), out.resolve(name + "-restored.tif"));
			Tiffs.writeAtomically(r.uncertainty(), out.resolve(name + "-uncertainty.tif"));
			if (r.samples() != null) Tiffs.writeAtomically(r.samples(), out.resolve(name + "-samples.tif"));
			stdout.printf(Locale.ROOT, "%s -> %s (residual %s)%n", f, out.resolve(name + "-restored.tif"), residuals(r.residuals()));
		});
		return FileBatch.summary(stdout, verb, "restored", files.size(), failed, out);
	}

	/** The files named and every .tif, .tiff and .png of the folders named, each folder's sorted by name. */
	static List<Path> files(List<Path> inputs) {
		List<Path> out = new ArrayList<>();
		for (Path p : inputs) {
			if (!Files.isDirectory(p)) {
				out.add(p);
				continue;
			}
			try (Stream<Path> s = Files.list(p)) {
				s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(tiff?|png)")).sorted()
						.forEach(out::add);
			} catch (IOException e) {
				throw new java.io.UncheckedIOException("cannot list " + p + ": " + e.getMessage(), e);
			}
		}
		return out;
	}

	/** Every n-th file starting at i, for {@code i/n}; all files for null. */
	static List<Path> shard(List<Path> files, String spec) {
		if (spec == null) return files;
		String[] parts = spec.trim().split("/");
		int i, n;
		try {
			if (parts.length != 2) throw new NumberFormatException();
			i = Integer.parseInt(parts[0].trim());
			n = Integer.parseInt(parts[1].trim());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("--shard must be i/n (e.g. 0/4), got '" + spec + "'");
		}
		if (n < 1 || i < 0 || i >= n) throw new IllegalArgumentException("--shard i/n needs 0 <= i < n, got " + spec);
		List<Path> out = new ArrayList<>();
		for (int k = i; k < files.size(); k += n)
			out.add(files.get(k));
		return out;
	}

	static String baseName(Path f) {
		String s = f.getFileName().toString();
		int dot = s.lastIndexOf('.');
		return dot > 0 ? s.substring(0, dot) : s;
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
