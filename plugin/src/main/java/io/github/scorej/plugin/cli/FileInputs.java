package io.github.scorej.plugin.cli;

import io.github.scorej.plugin.io.Outputs;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The files a batch verb works on: positional files and folders, {@code --shard i/n} for array jobs, and
 * where each file's outputs go ({@link #plan}): one naming rule ({@link Outputs#stems}) over all the files of
 * the run, checked before any work starts.
 */
final class FileInputs {

	@Option(names = "--shard", paramLabel = "i/n", description = "Process every n-th file starting at i (0 <= i < n), e.g. --shard $SLURM_ARRAY_TASK_ID/8.")
	String shard;

	@Parameters(arity = "1..*", paramLabel = "FILE|FOLDER", description = "Images, or folders of .tif/.tiff/.png images.")
	List<Path> inputs;

	/** Image files by name: .tif, .tiff, .png. */
	static final Predicate<String> IMAGES = name -> name.toLowerCase(Locale.ROOT).matches(".*\\.(tiff?|png)");

	/** Where one run's files go: this shard's files, and each one's outputs by suffix. */
	record Plan(List<Path> files, Map<Path, Map<String, Path>> outputs) {
		/** The output of {@code file} with {@code suffix}, e.g. "-restored.tif". */
		Path output(Path file, String suffix) {
			return outputs.get(file).get(suffix);
		}
	}

	/**
	 * This shard's image files and their outputs {@code OUT/STEM+suffix}, checked: an error before any work if
	 * {@code out} is a file, or if an output would overwrite an input, an option's file ({@code reads}), another
	 * output, or a file ScoreJ did not write.
	 */
	Plan plan(Path out, List<String> suffixes, Collection<Path> reads, PrintWriter stderr, String verb) {
		Outputs.checkFolder("--out", out);
		List<Path> all = expand(inputs, IMAGES, note -> stderr.println("scorej " + verb + ": " + note));
		List<Path> files = shard(all, shard);
		if (files.isEmpty()) throw new IllegalArgumentException("no .tif, .tiff or .png files in " + inputs + (shard == null ? "" : " for shard " + shard));
		Map<Path, String> stems = Outputs.stems(all); // over every shard's files, so that shards agree
		Map<Path, Map<String, Path>> outputs = new LinkedHashMap<>();
		Map<Path, String> described = new LinkedHashMap<>();
		for (Path f : files) {
			Map<String, Path> mine = new LinkedHashMap<>();
			for (String suffix : suffixes) {
				Path o = out.resolve(stems.get(f) + suffix);
				mine.put(suffix, o);
				described.put(o, "the " + suffix.replaceFirst("^-", "").replaceFirst("\\.tif$", "") + " output of " + f);
			}
			outputs.put(f, mine);
		}
		List<Path> read = new ArrayList<>(all);
		read.addAll(reads);
		Outputs.check(described, read);
		return new Plan(files, outputs);
	}

	/**
	 * The files named, and the files of the folders named that pass {@code names} (each folder's in name
	 * order; links are kept, a dangling one included, so that the batch reports it). A file named twice, or
	 * by two paths, is kept once and {@code note}d.
	 */
	static List<Path> expand(List<Path> inputs, Predicate<String> names, java.util.function.Consumer<String> note) {
		Map<Path, Path> byIdentity = new LinkedHashMap<>();
		for (Path p : inputs) {
			List<Path> found = new ArrayList<>();
			if (!Files.isDirectory(p)) found.add(p);
			else
				try (Stream<Path> s = Files.list(p)) {
					s.filter(f -> !Files.isDirectory(f) && names.test(f.getFileName().toString())).sorted().forEach(found::add);
				} catch (IOException e) {
					throw new UncheckedIOException("cannot list " + p + ": " + Outputs.reason(e), e);
				}
			for (Path f : found) {
				Path before = byIdentity.putIfAbsent(identity(f), f);
				if (before != null) note.accept(f + " is the same file as " + before + ": processed once");
			}
		}
		return new ArrayList<>(byIdentity.values());
	}

	private static Path identity(Path f) {
		try {
			return Files.exists(f) ? f.toRealPath() : f.toAbsolutePath().normalize();
		} catch (IOException e) {
			return f.toAbsolutePath().normalize();
		}
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
}
