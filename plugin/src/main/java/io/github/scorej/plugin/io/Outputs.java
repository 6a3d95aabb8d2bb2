package io.github.scorej.plugin.io;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.TiffDecoder;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files a run writes, under one rule that cannot lose a user's file:
 * <ul>
 * <li>each input gets an output stem that no other input of the run shares ({@link #stems});</li>
 * <li>before any work starts, the run's outputs are checked ({@link #check}): distinct, none is a file the
 * run reads, none is a folder, and one that exists already was written by ScoreJ (a TIFF with ScoreJ's
 * provenance, a CSV with ScoreJ's header); every clash is listed at once;</li>
 * <li>the outputs of one input are written as a whole ({@link #write}): each to a temporary file beside its
 * target, and only when all are complete are they moved into place; a failure (a full disk) leaves none,
 * and so does Ctrl-C or SIGTERM (a shutdown hook removes the temporary files).</li>
 * </ul>
 * Files are created with the process's umask (0644 under umask 022), as any other program's.
 */
public final class Outputs {

	private Outputs() {}

	/** Temporary files being written, removed if the process is stopped (SIGINT, SIGTERM). */
	private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			for (Path p : PENDING)
				try {
					Files.deleteIfExists(p);
				} catch (IOException ignored) { // the process is ending; nothing else can be done
				}
		}, "scorej-outputs-cleanup"));
	}

	/** How a file's content is written to an open path. */
	public interface Writer {
		void writeTo(Path file) throws IOException;
	}

	/**
	 * The output stem of each input: its file name without extension ({@code a/s.tif → s}); where two
	 * inputs share that, their path relative to the inputs' common folder ({@code a/s}, {@code b/s}: the
	 * outputs go to sub-folders), and where even that is shared ({@code s.tif}, {@code s.png}), the
	 * extension is kept ({@code s_tif}, {@code s_png}).
	 */
	public static Map<Path, String> stems(List<Path> inputs) {
		Map<Path, String> stems = new LinkedHashMap<>();
		for (Path f : inputs)
			stems.put(f, stem(f.getFileName().toString()));
		Map<String, Integer> count = counts(stems.values());
		List<Path> clashing = inputs.stream().filter(f -> count.get(stems.get(f)) > 1).toList();
		if (clashing.isEmpty()) return stems;
		Path common = commonFolder(clashing);
		for (Path f : clashing) {
			Path rel = common.relativize(f.toAbsolutePath().normalize());
			stems.put(f, rel.getParent() == null ? stems.get(f) : rel.getParent().resolve(stems.get(f)).toString());
		}
		Map<String, Integer> again = counts(stems.values());
		for (Path f : clashing)
			if (again.get(stems.get(f)) > 1) {
				String name = f.getFileName().toString();
				int dot = name.lastIndexOf('.');
				stems.put(f, stems.get(f) + (dot > 0 ? "_" + name.substring(dot + 1) : ""));
			}
		return stems;
	}

	/**
	 * The title of an output image, as the command line names its file: the input's title without a short
	 * extension, a hyphen and what it is ("cells.tif" → "cells-restored"), the same in the ImageJ commands and macros.
	 */
	public static String title(String input, String what) {
		return titleStem(input) + "-" + what;
	}

	/** An image's title without a short extension ("cells.tif" → "cells"; "a.b.image" is kept). */
	public static String titleStem(String title) {
		int dot = title.lastIndexOf('.');
		return dot > 0 && title.length() - dot <= 5 ? title.substring(0, dot) : title;
	}

	/** The file name without its extension. */
	public static String stem(String fileName) {
		int dot = fileName.lastIndexOf('.');
		return dot > 0 ? fileName.substring(0, dot) : fileName;
	}

	/**
	 * Refuses, before any work starts, a run whose outputs would collide with each other, overwrite a file
	 * the run reads, replace a folder, or replace a file ScoreJ did not write. The message lists every
	 * clash. {@code outputs} maps each output to a description of what it is ("the result for a.tif"); an
	 * existing CSV is ScoreJ's if its first line is one of {@code csvHeaders}.
	 */
	public static void check(Map<Path, String> outputs, Collection<Path> reads, String... csvHeaders) {
		List<String> clashes = new ArrayList<>();
		Map<Path, String> seen = new HashMap<>();
		for (Map.Entry<Path, String> o : outputs.entrySet()) {
			Path key = identity(o.getKey());
			String before = seen.putIfAbsent(key, o.getValue());
			if (before != null) clashes.add(o.getKey() + " would be both " + before + " and " + o.getValue());
		}
		for (Path read : reads) {
			if (read == null) continue;
			String what = seen.get(identity(read));
			if (what != null) clashes.add(read + " is an input of this run and would be overwritten by " + what);
		}
		for (Path o : outputs.keySet()) {
			if (Files.isDirectory(o)) clashes.add(o + " is a folder");
			else if (Files.exists(o, LinkOption.NOFOLLOW_LINKS) && !writtenByScoreJ(o, List.of(csvHeaders)))
				clashes.add(o + " exists and was not written by ScoreJ");
		}
		if (!clashes.isEmpty())
			throw new IllegalArgumentException("refusing to start, outputs would overwrite files: " + String.join("; ", clashes)
					+ " (choose another --out, or move those files)");
	}

	/** The output folder itself: created if missing; an error naming it if it is a file. */
	public static void checkFolder(String option, Path folder) {
		if (Files.exists(folder) && !Files.isDirectory(folder))
			throw new IllegalArgumentException(option + " " + folder + " is a file, not a folder");
	}

	/** Whether an existing file carries ScoreJ's mark: provenance in a TIFF's Info, or a CSV starting with one of ScoreJ's headers. */
	static boolean writtenByScoreJ(Path file, List<String> csvHeaders) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		try {
			if (name.endsWith(".csv")) {
				try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
					String first = r.readLine();
					return first != null && csvHeaders.contains(first);
				}
			}
			if (!Files.isRegularFile(file)) return false;
			FileInfo[] info = new TiffDecoder(file.toAbsolutePath().getParent().toString() + "/", file.getFileName().toString()).getTiffInfo();
			return info != null && info.length > 0 && info[0].info != null && info[0].info.contains("scorej.version=");
		} catch (IOException | RuntimeException e) {
			return false; // not readable as ScoreJ's: not ours to replace
		}
	}

	/** Writes one TIFF, all or nothing. */
	public static void write(Path target, ImagePlus imp) throws IOException {
		write(Map.of(target, tiff(imp)));
	}

	/** A TIFF writer: a stack as a multi-page TIFF; the Info property travels with it. */
	public static Writer tiff(ImagePlus imp) {
		return file -> {
			FileSaver saver = new FileSaver(imp);
			boolean ok = imp.getStackSize() > 1 ? saver.saveAsTiffStack(file.toString()) : saver.saveAsTiff(file.toString());
			if (!ok) throw new IOException("could not write the TIFF (disk full or no permission?)");
		};
	}

	/** A text writer (CSV). */
	public static Writer text(String content) {
		return file -> Files.writeString(file, content, StandardCharsets.UTF_8);
	}

	/**
	 * Writes a set of outputs as a whole: every one to a temporary file beside its target first; only when
	 * all are complete are they moved into place (a rename, which needs no space). If any write fails, none
	 * is moved and the temporary files are removed. The message names the target that failed and why.
	 */
	public static void write(Map<Path, Writer> outputs) throws IOException {
		Map<Path, Path> temps = new LinkedHashMap<>();
		try {
			for (Map.Entry<Path, Writer> o : outputs.entrySet()) {
				Path target = o.getKey().toAbsolutePath();
				Files.createDirectories(target.getParent());
				Path tmp = createTemp(target);
				temps.put(target, tmp);
				try {
					o.getValue().writeTo(tmp);
				} catch (IOException e) {
					throw new IOException("cannot write " + o.getKey() + ": " + reason(e), e);
				}
				// ImageJ reports some write errors in its log instead of throwing: check the file is all there
				if (Files.size(tmp) == 0) throw new IOException("cannot write " + o.getKey() + ": nothing was written (disk full?)");
			}
			for (Map.Entry<Path, Path> t : temps.entrySet())
				Files.move(t.getValue(), t.getKey(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} finally {
			for (Path tmp : temps.values()) {
				Files.deleteIfExists(tmp);
				PENDING.remove(tmp);
			}
		}
	}

	/** A new empty hidden file beside the target, with the umask's permissions, removed by the shutdown hook if the process stops. */
	private static Path createTemp(Path target) throws IOException {
		// hidden, and ending with the target's name, so that writers that go by the extension (ImageJ's CSV) write the same format
		Path tmp = TempFiles.createTempFile(target.getParent(), ".part-", "-" + target.getFileName());
		PENDING.add(tmp);
		return tmp;
	}

	/** An I/O error's reason in words: NIO's exceptions often carry only the path. */
	public static String reason(Throwable e) {
		if (e instanceof java.nio.file.NoSuchFileException) return "no such file or folder: " + e.getMessage();
		if (e instanceof java.nio.file.AccessDeniedException) return "permission denied: " + e.getMessage();
		if (e instanceof FileAlreadyExistsException) return e.getMessage() + " already exists";
		if (e instanceof java.nio.file.NotDirectoryException) return e.getMessage() + " is not a folder";
		if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null)
			return fse.getReason() + (fse.getFile() != null ? ": " + fse.getFile() : "");
		String m = e.getMessage();
		return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
	}

	/** A path as a key: the real path of an existing file (links and "..": one file, one key), else the normalized absolute path. */
	private static Path identity(Path p) {
		try {
			if (Files.exists(p)) return p.toRealPath();
			Path parent = p.toAbsolutePath().normalize().getParent();
			if (parent != null && Files.isDirectory(parent)) return parent.toRealPath().resolve(p.getFileName());
		} catch (IOException ignored) { // fall back to the plain form
		}
		return p.toAbsolutePath().normalize();
	}

	private static Path commonFolder(List<Path> files) {
		Path common = null;
		for (Path f : files) {
			Path dir = f.toAbsolutePath().normalize().getParent();
			if (common == null) common = dir;
			else
				while (!dir.startsWith(common))
					common = common.getParent();
		}
		return common;
	}

	private static Map<String, Integer> counts(Collection<String> names) {
		Map<String, Integer> c = new HashMap<>();
		for (String n : names)
			c.merge(n, 1, Integer::sum);
		return c;
	}
}
