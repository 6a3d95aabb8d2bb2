package io.github.scorej.plugin.core;

import io.github.scorej.ops.model.Model;
import io.github.scorej.ops.onnx.OrtNetwork;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Installs a model folder, or a zip of one, into a models folder (ScoreJ's {@code models/}, where
 * {@link BundledModels} finds it by name). The copy is made in a hidden folder beside the target and
 * verified there (the card parses, the weights' SHA-256 matches it, ONNX Runtime loads the graph,
 * finds the card's inputs and outputs, and reproduces the card's test output); only then is it renamed to the card's name. A model that
 * fails leaves nothing behind, and an installed model is replaced only when asked.
 */
public final class ModelInstall {

	private ModelInstall() {}

	/** An installed model: the card's name and the folder it now lives in. */
	public record Installed(String name, Path folder, String sha256, double testError) {}

	/**
	 * Installs {@code source} (a folder holding {@code rdf.yaml}, or a {@code .zip} whose root or
	 * single top folder holds it) into {@code models/<card name>}.
	 *
	 * @param replace replace a model of the same name already there; otherwise that is an error
	 * @throws IllegalArgumentException naming the source and what is wrong with it
	 */
	public static Installed install(Path source, Path models, boolean replace) {
		if (!Files.exists(source)) throw new IllegalArgumentException(source + ": no such file or folder");
		boolean zip = Files.isRegularFile(source) && source.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip");
		if (!zip && !Files.isDirectory(source))
			throw new IllegalArgumentException(source + ": not a model folder nor a .zip of one");
		Path staging = null;
		try {
			Files.createDirectories(models);
			staging = Files.createTempDirectory(models, ".installing-");
			if (zip) unzip(source, staging);
			else copy(source, staging);
			Path folder = cardFolder(staging, source);
			Model m;
			double testError;
			try {
				m = Model.load(folder);
				testError = OrtNetwork.check(m);
			} catch (RuntimeException e) {
				// name the user's files, not the staged copy
				throw new IllegalArgumentException(source + ": not installed: " + String.valueOf(e.getMessage()).replace(folder.toString(), source.toString()), e);
			}
			String name = m.card().name();
			if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*"))
				throw new IllegalArgumentException(source + ": not installed: the card's name '" + name + "' cannot be a folder name");
			Path target = models.resolve(name);
			if (Files.exists(target) && !replace)
				throw new IllegalArgumentException(source + ": not installed: a model '" + name + "' is already installed in " + target
						+ " (replace it with replace=true, or --replace)");
			Path old = null;
			if (Files.exists(target)) { // set aside, removed only once the new one is in place
				old = Files.createTempDirectory(models, ".replaced-");
				Files.move(target, old.resolve(name));
			}
			try {
				Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
			} catch (IOException e) {
				if (old != null) Files.move(old.resolve(name), target);
				throw e;
			} finally {
				if (old != null) delete(old);
			}
			return new Installed(name, target, m.sha256(), testError);
		} catch (IOException e) {
			throw new UncheckedIOException(source + ": not installed: " + e, e);
		} finally {
			if (staging != null && Files.exists(staging)) delete(staging);
		}
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

	private static void copy(Path from, Path to) throws IOException {
		try (Stream<Path> s = Files.walk(from)) {
			for (Path p : s.collect(Collectors.toList())) {
				Path q = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(q);
				else Files.copy(p, q, StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

	/** Extracts a zip; an entry that would land outside the folder ("../x", "/x") is an error. */
	private static void unzip(Path zip, Path to) throws IOException {
		try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
			for (ZipEntry e; (e = z.getNextEntry()) != null;) {
				Path q = to.resolve(e.getName()).normalize();
				if (!q.startsWith(to) || q.equals(to))
					throw new IllegalArgumentException(zip + ": not installed: the entry '" + e.getName() + "' points outside the model folder");
				if (e.isDirectory()) {
					Files.createDirectories(q);
				} else {
					Files.createDirectories(q.getParent());
					try {
						Files.copy(z, q);
					} catch (FileAlreadyExistsException x) {
						throw new IllegalArgumentException(zip + ": not installed: the entry '" + e.getName() + "' is there twice");
					}
				}
			}
		} catch (java.util.zip.ZipException e) {
			throw new IllegalArgumentException(zip + ": not installed: not a readable zip (" + e.getMessage() + ")", e);
		}
	}

	private static void delete(Path dir) {
		try (Stream<Path> s = Files.walk(dir)) {
			for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList()))
				Files.deleteIfExists(p);
		} catch (IOException e) {
			throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
		}
	}
}
