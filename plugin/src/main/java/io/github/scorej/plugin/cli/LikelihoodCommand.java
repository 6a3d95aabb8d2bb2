package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.scorej.ops.likelihood.Likelihood;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.plugin.commands.ImageLikelihood;
import io.github.scorej.plugin.core.Likelihoods;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.Provenance;
import io.github.scorej.plugin.io.Outputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code scorej likelihood FILES|FOLDERS}: bits/dim of each image as a table (and CSV), or with
 * {@code --anomaly-map} an anomaly map TIFF per image; the same code as the Likelihood and Anomaly
 * Map commands ({@link Likelihoods}). Files that cannot be read or scored are reported and skipped,
 * and the exit code is then 1.
 */
@Command(name = "likelihood", description = "Bits/dim of images under a model (probability-flow ODE), or anomaly maps.")
final class LikelihoodCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Parameters(arity = "1..*", paramLabel = "FILE|FOLDER", description = "Images, or folders whose images (not sub-folders) are scored.")
	List<Path> inputs;

	/** The default is the verb's ({@link Main#DEFAULT_MODELS}). */
	@Option(names = "--model", description = "Model folder or bundled name (see 'scorej models'). Default: ${DEFAULT-VALUE}.")
	String model;

	@Option(names = { "-o", "--option" }, description = "A likelihood option, name=value: rtol, atol, eps, probes, fd_step (e.g. -o probes=4).")
	Map<String, String> options = new LinkedHashMap<>();

	@Option(names = "--seed", defaultValue = "0", description = "Seeds the Hutchinson probes and the noise draws. Default: ${DEFAULT-VALUE}.")
	long seed;

	@Option(names = "--csv", description = "Also write the table as CSV.")
	Path csv;

	@Option(names = "--anomaly-map", description = "Write an anomaly map per image instead: denoise (per-pixel denoising error at --sigma) or tiles (bits/dim per --tile).")
	String anomalyMap;

	@Option(names = "--sigma", defaultValue = "0.2", description = "Noise level of the denoising error. Default: ${DEFAULT-VALUE}.")
	double sigma;

	@Option(names = "--repeats", defaultValue = "4", description = "Noise draws averaged by the denoising error. Default: ${DEFAULT-VALUE}.")
	int repeats;

	@Option(names = "--tile", defaultValue = "16", description = "Tile edge of the tile map. Default: ${DEFAULT-VALUE}.")
	int tile;

	@Option(names = "--out", defaultValue = ".", description = "Folder for the anomaly maps (<name>-anomaly-<mode>.tif). Default: ${DEFAULT-VALUE}.")
	Path out;

	@Mixin
	RuntimeOptions rt;

	@Option(names = "--quiet", description = "No progress bar.")
	boolean quiet;

	@Override
	public Integer call() throws IOException {
		PrintWriter stdout = spec.commandLine().getOut(), stderr = spec.commandLine().getErr();
		Params params = Params.defaults(Likelihood.params()).with(options);
		if (anomalyMap != null && !List.of(Likelihoods.MODES).contains(anomalyMap))
			throw new IllegalArgumentException("--anomaly-map '" + anomalyMap + "' is not one of " + String.join(", ", Likelihoods.MODES));
		List<Path> files = FileInputs.expand(inputs, name -> !name.startsWith("."), note -> stderr.println("scorej likelihood: " + note));
		if (files.isEmpty()) throw new IllegalArgumentException("no files in " + inputs);
		Map<Path, String> stems = Outputs.stems(files), outputs = new LinkedHashMap<>();
		if (anomalyMap != null) {
			Outputs.checkFolder("--out", out);
			for (Path f : files)
				outputs.put(mapFile(stems, f), "the anomaly map of " + f);
		} else if (csv != null) outputs.put(csv, "the --csv table");
		Outputs.check(outputs, files, CSV_HEADER);
		LoadedModel m = LoadedModel.load(model, null, null, rt.get());
		Callback progress = quiet ? Callback.NONE : new ProgressBar(System.err, anomalyMap == null ? "likelihood" : "anomaly map", files.size());
		ResultsTable rt = new ResultsTable();
		rt.showRowNumbers(false);
		if (anomalyMap == null)
			stdout.printf("%-30s %10s %14s %6s %9s  %s%n", "image", "bits/dim", "nats", "NFE", "seconds", "values");
		List<String> skipped = FileBatch.run(files, "likelihood", stderr, (f, imp) -> {
			imp.setTitle(f.getFileName().toString());
			if (anomalyMap == null) {
				Likelihoods.Score s = Likelihoods.bitsPerDim(m, imp, params, seed, progress);
				ImageLikelihood.addRow(rt, s);
				stdout.printf(Locale.ROOT, "%-30s %10.4f %14.2f %6d %9.2f  %s%n", s.image(), s.bitsPerDim(), s.nats(), s.nfe(), s.seconds(), s.note());
			} else {
				ImagePlus map = Likelihoods.anomalyMap(m, imp, anomalyMap, sigma, tile, repeats, params, seed, progress);
				Path target = mapFile(stems, f);
				Outputs.write(target, map);
				stdout.println("wrote " + target.toAbsolutePath() + " (NFE " + Provenance.nfe(map) + ")");
			}
			stdout.flush();
		});
		if (csv != null && anomalyMap == null) {
			Outputs.write(Map.of(csv, file -> { // ImageJ's own CSV, as the Likelihood command's table saves it
				if (!rt.save(file.toString())) throw new IOException("ImageJ could not save the table");
			}));
			stdout.println("wrote " + rt.size() + " row(s) to " + csv.toAbsolutePath());
		}
		if (!skipped.isEmpty()) stderr.println("scorej likelihood: " + skipped.size() + " of " + files.size() + " file(s) skipped: "
				+ String.join(", ", skipped));
		return skipped.isEmpty() ? 0 : 1;
	}

	/** The anomaly map of {@code f}: {@code OUT/STEM-anomaly-MODE.tif}. */
	private Path mapFile(Map<Path, String> stems, Path f) {
		return out.resolve(stems.get(f) + "-anomaly-" + anomalyMap + ".tif");
	}

	/** The first line ImageJ writes for the table of {@link ImageLikelihood#addRow}; a later run may replace a CSV that starts with it. */
	static final String CSV_HEADER = "image,bits/dim,nats,NFE,seconds,values";
}
