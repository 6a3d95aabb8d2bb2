package io.github.scorej.plugin.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Copies of the checkout's analytic models for tests, with their card edited. */
public final class TestModels {

	private TestModels() {}

	/** Copies {@code models/analytic/<name>} into {@code to} (created) and rewrites its rdf.yaml with {@code card}. */
	public static Path copy(String name, Path to, UnaryOperator<String> card) {
		try {
			Files.createDirectories(to);
			try (Stream<Path> files = Files.list(Path.of("..", "models", "analytic", name))) {
				for (Path f : (Iterable<Path>) files::iterator)
					Files.copy(f, to.resolve(f.getFileName()));
			}
			Path yaml = to.resolve("rdf.yaml");
			Files.writeString(yaml, card.apply(Files.readString(yaml)));
			return to;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A copy of the toy model gaussian-mixture-edm whose card is named {@code newName}. */
	public static Path renamed(Path to, String newName) {
		return copy("gaussian-mixture-edm", to, c -> c.replaceFirst("(?m)^name: .*$", "name: " + newName));
	}
}
