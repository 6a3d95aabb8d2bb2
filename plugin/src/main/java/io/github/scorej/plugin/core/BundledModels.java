package io.github.scorej.plugin.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds a model folder by path, or by name among the models bundled under {@code <scorej.home>/models}.
 * The home is the system property {@code scorej.home}, else the environment variable
 * {@code SCOREJ_HOME}, else the nearest folder above ScoreJ's own jar or classes that holds a
 * {@code models} folder (the repository checkout, or an ImageJ folder where models were put
 * beside {@code plugins}), else the working directory.
 */
public final class BundledModels {

	private BundledModels() {}

	public static Path home() {
		String home = System.getProperty("scorej.home");
		if (home == null || home.isBlank()) home = System.getenv("SCOREJ_HOME");
		if (home != null && !home.isBlank()) return Paths.get(home);
		Path found = besideCode();
		return found != null ? found : Paths.get(".");
	}

	private static Path besideCode() {
		try {
			var source = BundledModels.class.getProtectionDomain().getCodeSource();
			if (source == null) return null;
			Path p = Paths.get(source.getLocation().toURI()).toAbsolutePath();
			for (int up = 0; up < 4 && p != null; up++, p = p.getParent())
				if (Files.isDirectory(p.resolve("models"))) return p;
		} catch (java.net.URISyntaxException | SecurityException | IllegalArgumentException e) {
			// no usable code location: fall back to the working directory
		}
		return null;
	}

	/** All bundled model folders (those with an rdf.yaml, not in hidden folders such as an install in progress), sorted by name. */
	public static List<Path> all() {
		return all(home().resolve("models"));
	}

	/** The model folders under {@code root} (bundled and installed), as {@link #all()} finds them, sorted. */
	public static List<Path> all(Path root) {
		if (!Files.isDirectory(root)) return List.of();
		try (Stream<Path> s = Files.walk(root, 3)) {
			return s.filter(p -> p.getFileName().toString().equals("rdf.yaml")).map(Path::getParent)
					.filter(p -> !root.relativize(p).toString().startsWith(".") && !p.getFileName().toString().startsWith(".")).sorted()
					.collect(Collectors.toList());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The folder of {@code nameOrPath}: a folder holding rdf.yaml, or the name of a bundled model. */
	public static Path resolve(String nameOrPath) {
		Path p = Paths.get(nameOrPath);
		if (Files.isRegularFile(p.resolve("rdf.yaml"))) return p;
		if (p.getFileName() != null && p.getFileName().toString().equals("rdf.yaml") && Files.isRegularFile(p)) return p.getParent();
		for (Path m : all())
			if (m.getFileName().toString().equals(nameOrPath)) return m;
		throw new IllegalArgumentException("no model '" + nameOrPath + "': not a folder with rdf.yaml, nor a bundled model ("
				+ all().stream().map(m -> m.getFileName().toString()).collect(Collectors.joining(", ")) + ")");
	}
}
