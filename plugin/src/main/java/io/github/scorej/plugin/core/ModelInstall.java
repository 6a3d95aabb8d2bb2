package io.github.scorej.plugin.core;

import io.github.scorej.ops.model.Model;
import io.github.scorej.ops.model.ModelCard;
import io.github.scorej.ops.onnx.OrtNetwork;
import io.github.scorej.plugin.io.TempFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Installs a model folder, or a zip of one, into a models folder (ScoreJ's {@code models/}, where
 * {@link BundledModels} finds it by name). The copy is made in a hidden folder beside the target and
 * verified there (the card parses, the weights' SHA-256 matches it, ONNX Runtime loads the graph,
 * finds the card's inputs and outputs, and reproduces the card's test output); only then is it renamed
 * to the card's name. A model that fails leaves nothing behind, and an installed model is replaced only
 * when asked.
 *
 * <p>What stays inside: a model's name is unique among all models of the folder, and a bundled model
 * (any model folder without the {@link #MARKER} an install writes) is never shadowed nor replaced;
 * symbolic links in a source folder are refused, not followed; installed folders and files get the
 * permissions the umask gives any new one ({@link TempFiles}). The staging folder, named
 * {@code .installing-<pid>-<random>}, is removed on any exit the JVM sees (errors, SIGINT, SIGTERM:
 * a shutdown hook), and one whose process is gone (SIGKILL, power loss) is swept by the next install
 * or {@code scorej models} ({@link #sweep}).
 */
public final class ModelInstall {

	private ModelInstall() {}

	/** The file an install writes into the model folder: a model folder without it is a bundled one. */
	public static final String MARKER = ".scorej-installed";

	/** Test hook: milliseconds the install pauses once its copy is staged, so that a test can signal it then. */
	public static final String PAUSE_PROPERTY = "scorej.test.installPauseMs";

	private static final String STAGING = ".installing-", REPLACED = ".replaced-";

	/** An installed model: the card's name and the folder it now lives in. */
	public record Installed(String name, Path folder, String sha256, double testError) {}

	/**
	 * Installs {@code source} (a folder holding {@code rdf.yaml}, or a zip whose root or single top
	 * folder holds it) into {@code models/<card name>}.
	 *
	 * @param replace replace a model of the same name installed before; otherwise that is an error. A
	 *        bundled model's name is refused either way.
	 * @throws IllegalArgumentException naming the source and what is wrong with it
	 */
	public static Installed install(Path source, Path models, boolean replace) {
		if (!Files.exists(source)) throw new IllegalArgumentException(source + ": no such file or folder");
		boolean folder = Files.isDirectory(source);
		if (!folder) checkZip(source);
		try {
			Files.createDirectories(models);
		} catch (IOException e) {
			throw new UncheckedIOException(source + ": not installed: " + e, e);
		}
		sweep(models);
		try (Staging staging = Staging.create(models)) {
			if (folder) copy(source, staging);
			else unzip(source, staging);
			pauseForTests();
			Path staged = cardFolder(staging.dir, source);
			Model m;
			double testError;
			try {
				m = Model.load(staged);
				SamplingSettings.checkDefaults(m.card());
				testError = OrtNetwork.check(m);
			} catch (RuntimeException e) {
				// name the user's files, not the staged copy
				throw new IllegalArgumentException(source + ": not installed: " + String.valueOf(e.getMessage()).replace(staged.toString(), source.toString()), e);
			}
			String name = m.card().name();
			if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*"))
				throw new IllegalArgumentException(source + ": not installed: the card's name '" + name + "' cannot be a folder name");
			Path target = models.resolve(name);
			checkName(source, name, target, models, replace);
			staging.change(() -> commit(staged, target, models, source));
			return new Installed(name, target, m.sha256(), testError);
		} catch (IOException e) {
			throw new UncheckedIOException(source + ": not installed: " + e, e);
		}
	}

	/** Moves the verified copy to its name, setting aside a model installed there before and removing it once the new one is in place. */
	private static void commit(Path staged, Path target, Path models, Path source) throws IOException {
		Files.writeString(staged.resolve(MARKER), "installed by ScoreJ from " + source.toAbsolutePath() + "\n");
		Path old = null;
		if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) { // set aside, removed only once the new one is in place
			old = TempFiles.createTempDirectory(models, REPLACED + ProcessHandle.current().pid() + "-");
			Files.move(target, old.resolve(target.getFileName().toString()));
		}
		try {
			Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
		} catch (IOException e) {
			if (old != null) Files.move(old.resolve(target.getFileName().toString()), target);
			throw e;
		} finally {
			if (old != null) deleteTree(old);
		}
	}

	/** Refuses a name taken by a bundled model, by a folder that is no installed model, or (unless replacing) by an installed one. */
	private static void checkName(Path source, String name, Path target, Path models, boolean replace) {
		boolean installedThere = Files.isRegularFile(target.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
		for (Path m : BundledModels.all(models)) {
			if (installedThere && m.equals(target)) continue;
			if (m.getFileName().toString().equals(name) || name.equals(cardName(m)))
				throw new IllegalArgumentException(source + ": not installed: '" + name + "' is the name of the bundled model in " + m
						+ ", which an installed model never shadows nor replaces (give the card another name)");
		}
		if (!installedThere && Files.exists(target, LinkOption.NOFOLLOW_LINKS))
			throw new IllegalArgumentException(source + ": not installed: its name '" + name + "' is taken by " + target
					+ ", which is no model ScoreJ installed (give the card another name)");
		if (installedThere && !replace)
			throw new IllegalArgumentException(source + ": not installed: a model '" + name + "' is already installed in " + target
					+ " (replace it with replace=true, or --replace)");
	}

	private static String cardName(Path folder) {
		try {
			return ModelCard.read(folder).name();
		} catch (RuntimeException e) {
			return null; // a broken card: its folder name is what finds it
		}
	}

	/** A file to install must be a zip: refused, saying so, when it does not begin with a zip's signature or holds no entry. */
	private static void checkZip(Path file) {
		byte[] head = new byte[4];
		int n = 0;
		try (InputStream in = Files.newInputStream(file)) {
			n = in.readNBytes(head, 0, 4);
		} catch (IOException e) {
			throw new UncheckedIOException(file + ": not installed: cannot read it (" + e + ")", e);
		}
		boolean pk = n == 4 && head[0] == 'P' && head[1] == 'K';
		if (pk && head[2] == 5 && head[3] == 6) throw new IllegalArgumentException(file + ": not installed: an empty zip");
		if (!pk || !(head[2] == 3 && head[3] == 4 || head[2] == 7 && head[3] == 8))
			throw new IllegalArgumentException(file + ": not installed: not a zip file (nor a model folder)");
	}

	/** The folder of the staged copy that holds rdf.yaml: its root, or its single top folder (a zip of a folder). */
	private static Path cardFolder(Path staging, Path source) throws IOException {
		if (Files.isRegularFile(staging.resolve("rdf.yaml"))) return staging;
		List<Path> dirs;
		try (Stream<Path> s = Files.list(staging)) {
			dirs = s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().equals("__MACOSX")).collect(Collectors.toList());
		}
		if (dirs.size() == 1 && Files.isRegularFile(dirs.get(0).resolve("rdf.yaml"))) return dirs.get(0);
		throw new IllegalArgumentException(source + ": not installed: no rdf.yaml at its top (nor in a single folder there)");
	}

	/** Copies a folder's files and folders; a symbolic link or a special file (pipe, device) in it is refused, naming it, before anything is copied. */
	private static void copy(Path source, Staging staging) throws IOException {
		Path from = source.toRealPath(); // the folder the user named, even through a link
		List<Path> paths;
		try (Stream<Path> s = Files.walk(from)) {
			paths = s.collect(Collectors.toList());
		}
		for (Path p : paths) {
			Path named = source.resolve(from.relativize(p).toString());
			if (Files.isSymbolicLink(p))
				throw new IllegalArgumentException(source + ": not installed: " + named + " is a symbolic link (to " + Files.readSymbolicLink(p)
						+ "), which ScoreJ does not follow: put the file itself in the model folder");
			if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
				throw new IllegalArgumentException(source + ": not installed: " + named + " is neither a file nor a folder");
		}
		for (Path p : paths) {
			Path q = staging.dir.resolve(from.relativize(p).toString());
			if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) staging.change(() -> Files.createDirectories(q));
			else try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS); OutputStream out = staging.newFile(q)) {
				in.transferTo(out);
			}
		}
	}

	/** Extracts a zip; an entry that would land outside the folder ("../x", "/x") is an error. */
	private static void unzip(Path zip, Staging staging) throws IOException {
		Path to = staging.dir;
		try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
			for (ZipEntry e; (e = z.getNextEntry()) != null;) {
				Path q = to.resolve(e.getName()).normalize();
				if (!q.startsWith(to) || q.equals(to))
					throw new IllegalArgumentException(zip + ": not installed: the entry '" + e.getName() + "' points outside the model folder");
				if (e.isDirectory()) {
					staging.change(() -> Files.createDirectories(q));
				} else {
					staging.change(() -> Files.createDirectories(q.getParent()));
					try (OutputStream out = staging.newFile(q)) {
						z.transferTo(out);
					} catch (FileAlreadyExistsException x) {
						throw new IllegalArgumentException(zip + ": not installed: the entry '" + e.getName() + "' is there twice");
					}
				}
			}
		} catch (java.util.zip.ZipException e) {
			throw new IllegalArgumentException(zip + ": not installed: not a readable zip (" + e.getMessage() + ")", e);
		}
	}

	private static void pauseForTests() {
		long ms = Long.getLong(PAUSE_PROPERTY, 0L);
		if (ms <= 0) return;
		try {
			Thread.sleep(ms);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Removes what installs that no longer run left in {@code models}: staging folders and models set aside for a replace, named
	 * with the pid of their process; a set-aside model whose name is free again is put back. A folder of a running process
	 * (this one included) stays; one named before ScoreJ recorded the pid is removed once a day old. Best effort: what cannot
	 * be removed now is tried again next time.
	 */
	public static void sweep(Path models) {
		List<Path> entries;
		try (Stream<Path> s = Files.list(models)) {
			entries = s.collect(Collectors.toList());
		} catch (IOException e) {
			return; // no models folder (yet), or unreadable: nothing ScoreJ could sweep
		}
		for (Path e : entries) {
			String n = e.getFileName().toString();
			String rest = n.startsWith(STAGING) ? n.substring(STAGING.length()) : n.startsWith(REPLACED) ? n.substring(REPLACED.length()) : null;
			if (rest == null || !Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS) || !abandoned(e, rest)) continue;
			if (n.startsWith(REPLACED)) putBack(e, models);
			deleteTree(e);
		}
	}

	private static boolean abandoned(Path folder, String rest) {
		int dash = rest.indexOf('-');
		if (dash > 0) {
			try {
				return ProcessHandle.of(Long.parseLong(rest.substring(0, dash))).map(h -> !h.isAlive()).orElse(true);
			} catch (NumberFormatException e) {
				// not a pid: as an old name
			}
		}
		try {
			return Files.getLastModifiedTime(folder).toInstant().isBefore(Instant.now().minus(Duration.ofDays(1)));
		} catch (IOException e) {
			return false;
		}
	}

	private static void putBack(Path holder, Path models) {
		try (Stream<Path> s = Files.list(holder)) {
			for (Path m : s.collect(Collectors.toList())) {
				Path target = models.resolve(m.getFileName().toString());
				if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) Files.move(m, target);
			}
		} catch (IOException e) {
			// left in place: tried again at the next sweep
		}
	}

	/** Deletes a folder tree without following links, tolerating files that vanish meanwhile; best effort. */
	static void deleteTree(Path dir) {
		try {
			Files.walkFileTree(dir, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
					Files.deleteIfExists(f);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path f, IOException e) {
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path d, IOException e) {
					try {
						Files.deleteIfExists(d);
					} catch (IOException x) {
						// not empty (a file appeared) or not ours to remove: the next sweep tries again
					}
					return FileVisitResult.CONTINUE;
				}
			});
		} catch (IOException e) {
			// best effort, as above
		}
	}

	private interface IoAction {
		void run() throws IOException;
	}

	/**
	 * The staging folder of one install, removed on close or, if the JVM exits first (SIGINT, SIGTERM, System.exit), by a
	 * shutdown hook. Every change the install makes in the file system goes through {@link #change}, under the same lock the
	 * hook takes before it removes the folder: after the hook, nothing new is created there, and a commit under way finishes
	 * first.
	 */
	private static final class Staging implements AutoCloseable {
		final Path dir;
		private final Thread hook = new Thread(this::abort, "ScoreJ install cleanup");
		private boolean exiting; // guarded by this

		private Staging(Path dir) {
			this.dir = dir;
		}

		static Staging create(Path models) throws IOException {
			Staging s = new Staging(TempFiles.createTempDirectory(models, STAGING + ProcessHandle.current().pid() + "-"));
			try {
				Runtime.getRuntime().addShutdownHook(s.hook);
			} catch (IllegalStateException e) { // already exiting
				deleteTree(s.dir);
				throw new IOException("ScoreJ is exiting", e);
			}
			return s;
		}

		synchronized void change(IoAction action) throws IOException {
			if (exiting) throw new IOException("ScoreJ is exiting");
			action.run();
		}

		/** A new file in the staging folder (mode 0666 & ~umask), created under the lock; its bytes are written outside it. */
		synchronized OutputStream newFile(Path q) throws IOException {
			if (exiting) throw new IOException("ScoreJ is exiting");
			return Files.newOutputStream(q, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		}

		private void abort() {
			synchronized (this) {
				exiting = true;
			}
			deleteTree(dir);
		}

		@Override
		public void close() {
			try {
				Runtime.getRuntime().removeShutdownHook(hook);
			} catch (IllegalStateException e) {
				return; // exiting: the hook removes the folder
			}
			deleteTree(dir);
		}
	}
}
