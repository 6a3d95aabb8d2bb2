package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import io.github.scorej.ops.inverse.ConditionalMethod;
import io.github.scorej.ops.inverse.LinearOperator;
import io.github.scorej.ops.problem.Problems;
import io.github.scorej.ops.inverse.Restoration;
import io.github.scorej.ops.problem.RestoreBench;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.plugin.core.BundledModels;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.image.ImageBatch;
import io.github.scorej.plugin.image.Normalization;
import io.github.scorej.plugin.io.ImageFiles;
import io.github.scorej.plugin.io.Outputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code scorej bench restore}: restoration quality against the best classical method
 * ({@link RestoreBench}) on held-out images, one markdown row per task and conditional method
 * (means over the images), and per task a verdict: is the gain at least {@link #TARGET_DB} dB?
 */
@Command(name = "restore", description = "Restoration PSNR/SSIM of conditional methods against the best classical method, on held-out images, "
		+ "with measurements simulated by ScoreJ's own operators (for measurements made by scipy/skimage: site/bench/independent.py).")
final class RestoreBenchCommand implements Runnable {

	/** The gain over the best classical method that counts as worth it. */
	static final double TARGET_DB = 1;

	@Spec
	CommandSpec spec;

	@Option(names = "--model", defaultValue = "micro-gray", description = "Model folder or bundled name. Default: ${DEFAULT-VALUE}.")
	String model;

	@Option(names = "--images", defaultValue = "test-images", description = "Folder of *-held-out.png (1-channel model) or *-held-out-rgb.png (3 channels); "
			+ "a relative folder not found here is looked up in ScoreJ's home. Default: ${DEFAULT-VALUE}.")
	Path images;

	/** The centre crop's side: at least SSIM's 11-pixel window. */
	static final Param<Integer> SIZE = Param.integer("size", 64, 11, 4096, "centre crop, height and width");

	@Option(names = "--size", defaultValue = "64", description = "Centre crop, height and width. Default: ${DEFAULT-VALUE}.")
	int size;

	@Option(names = "--samples", defaultValue = "4", description = "Posterior samples per image; their mean is scored. Default: ${DEFAULT-VALUE}.")
	int samples;

	@Option(names = "--steps", defaultValue = "30", description = "Sampler steps. Default: ${DEFAULT-VALUE}.")
	int steps;

	@Option(names = "--methods", split = ",", defaultValue = "ddnm_plus,ddrm", description = "Conditional methods. Default: ${DEFAULT-VALUE}.")
	List<String> methods;

	@Option(names = "--tasks", split = ",", description = "Tasks by kind: denoise, deblur, superres, inpaint, ct, mri, colorize. Default: all.")
	List<String> tasks;

	@Option(names = "--seed", defaultValue = "0", description = "Seed of the measurements and the samplers. Default: ${DEFAULT-VALUE}.")
	long seed;

	@Mixin
	RuntimeOptions rt;

	@Option(names = "--csv", description = "Also write every (task, image, method) row as CSV.")
	Path csv;

	@Option(names = "--quiet", description = "No progress bar.")
	boolean quiet;

	@Override
	public void run() {
		PrintWriter out = spec.commandLine().getOut();
		if (csv != null) Outputs.check(Map.of(csv, "the --csv table"), List.of(), CSV_HEADER);
		LoadedModel m = LoadedModel.load(model, null, null, rt.get());
		m.checkSize(size, size);
		int c = m.channels();
		Map<String, double[]> clean = images(m);
		List<ConditionalMethod> chosen = methods.stream().map(Restoration::method).toList();
		List<String> kinds = tasks == null ? null : tasks.stream().map(t -> Problems.of(t).key()).toList();
		List<RestoreBench.Row> rows = new ArrayList<>();
		out.println("measurements simulated by ScoreJ's own operators (the inverse crime: conventions that differ from the world's stay unseen); "
				+ "for measurements made by scipy/skimage run /usr/bin/python3 site/bench/independent.py");
		out.printf(Locale.ROOT, "model %s, %d image(s) of %dx%d, %d channel(s), %d sample(s), %d steps, schedule %s%n%n", m.name(), clean.size(), size,
				size, c, samples, steps, m.defaultSchedule());
		out.println("| task | method | PSNR | SSIM | best classical | PSNR | SSIM | gain dB | target met |");
		out.println("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | --- |");
		Map<String, String> verdicts = new LinkedHashMap<>();
		for (RestoreBench.Case cs : RestoreBench.standardCases(c)) {
			if (kinds != null && !kinds.contains(cs.problem().key())) continue;
			// measured, and restored classically, once per image: every method then restores the same measurement
			List<RestoreBench.Measured> measured = new ArrayList<>();
			for (Map.Entry<String, double[]> e : clean.entrySet())
				measured.add(RestoreBench.measure(cs, e.getKey(), e.getValue(), c, size, size, m.dataLow(), m.dataHigh(), seed));
			LinearOperator operator = measured.get(0).measurement().operator(); // its kind is all a method's support depends on
			double bestGain = Double.NEGATIVE_INFINITY;
			String best = null;
			for (ConditionalMethod method : chosen) {
				if (method.unsupported(operator) != null) continue;
				Restoration.Request request = new Restoration.Request(method, Params.defaults(method.params()), m.defaultSchedule(), steps, m.sigmaMin(),
						m.sigmaMax(), Double.NaN, seed);
				List<RestoreBench.Row> mine = new ArrayList<>();
				int chunks = clean.size() * ((samples + rt.batch - 1) / rt.batch);
				Callback progress = quiet ? Callback.NONE : new ProgressBar(System.err, cs.problem().key() + " " + method.name(), chunks);
				for (RestoreBench.Measured one : measured)
					mine.add(RestoreBench.restore(m.denoiserFor(size, size), m.sde(), one, request, samples, rt.batch, progress).row());
				rows.addAll(mine);
				double psnr = mean(mine, RestoreBench.Row::psnr), ssim = mean(mine, RestoreBench.Row::ssim);
				double cPsnr = mean(mine, RestoreBench.Row::classicalPsnr), cSsim = mean(mine, RestoreBench.Row::classicalSsim), gain = psnr - cPsnr;
				String classical = mostCommon(mine.stream().map(RestoreBench.Row::classical).toList());
				out.printf(Locale.ROOT, "| %s | %s | %.2f | %.3f | %s | %.2f | %.3f | %+.2f | %s |%n", cs.name(), method.name(), psnr, ssim, classical, cPsnr,
						cSsim, gain, gain >= TARGET_DB ? "yes" : "no");
				out.flush();
				if (gain > bestGain) {
					bestGain = gain;
					best = String.format(Locale.ROOT, "%s: %s, %+.2f dB over %s", cs.name(), method.name(), gain, classical);
				}
			}
			verdicts.put(cs.name(), best == null ? cs.name() + ": no chosen method supports this operator"
					: best + (bestGain >= TARGET_DB ? ": target met" : ": target not met (needs +" + TARGET_DB + " dB)"));
		}
		out.println();
		verdicts.values().forEach(out::println);
		if (csv != null) writeCsv(rows);
	}

	/** The held-out images, centre-cropped to size×size and mapped from [0, 255] to the model's data range, by file name. */
	Map<String, double[]> images(LoadedModel m) {
		Path dir = images;
		if (!Files.isDirectory(dir) && !dir.isAbsolute()) dir = BundledModels.home().resolve(images);
		if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--images " + images + " is not a folder");
		String suffix = m.channels() == 3 ? "-held-out-rgb.png" : "-held-out.png";
		Map<String, double[]> out = new LinkedHashMap<>();
		List<Path> files;
		try (Stream<Path> s = Files.list(dir)) {
			files = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
		} catch (IOException e) {
			throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
		}
		for (Path f : files) {
			ImagePlus imp = ImageFiles.open(f);
			if (imp.getWidth() < size || imp.getHeight() < size) {
				System.err.println("scorej bench restore: skipping " + f.getFileName() + ": " + imp.getWidth() + "x" + imp.getHeight()
						+ " is smaller than --size " + size);
				continue;
			}
			ImageProcessor ip = imp.getProcessor();
			if (m.channels() == 1 && imp.getType() != ImagePlus.GRAY8) ip = ip.convertToByte(imp.getType() != ImagePlus.COLOR_RGB);
			if (m.channels() == 3 && imp.getType() != ImagePlus.COLOR_RGB) ip = ip.convertToRGB();
			ip.setRoi((imp.getWidth() - size) / 2, (imp.getHeight() - size) / 2, size, size);
			ImagePlus crop = new ImagePlus(f.getFileName().toString(), ip.crop());
			Normalization.Affine[] maps = new Normalization(Normalization.Mode.FIXED, 0, 255).fit(crop, m.dataLow(), m.dataHigh());
			out.put(f.getFileName().toString(), ImageBatch.of(crop, m.channels(), size, size, m.name()).toTensor(maps));
		}
		if (out.isEmpty()) throw new IllegalArgumentException("no *" + suffix + " images in " + dir + " (for a " + m.channels() + "-channel model)");
		return out;
	}

	static final String CSV_HEADER = "task,image,method,psnr,ssim,residual,classical,classical_psnr,classical_ssim,gain_db,seconds";

	private void writeCsv(List<RestoreBench.Row> rows) {
		StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
		for (RestoreBench.Row r : rows)
			sb.append(String.format(Locale.ROOT, "\"%s\",\"%s\",%s,%.4f,%.5f,%.5g,\"%s\",%.4f,%.5f,%.4f,%.3f%n", r.task(), r.image(), r.method(), r.psnr(),
					r.ssim(), r.residual(), r.classical(), r.classicalPsnr(), r.classicalSsim(), r.gain(), r.seconds()));
		try {
			Outputs.write(Map.of(csv, Outputs.text(sb.toString())));
		} catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
		spec.commandLine().getOut().println("wrote " + rows.size() + " row(s) to " + csv.toAbsolutePath());
	}

	private static double mean(List<RestoreBench.Row> rows, java.util.function.ToDoubleFunction<RestoreBench.Row> f) {
		return rows.stream().mapToDouble(f).average().orElse(Double.NaN);
	}

	private static String mostCommon(List<String> names) {
		return names.stream().collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting())).entrySet().stream()
				.max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
	}
}
