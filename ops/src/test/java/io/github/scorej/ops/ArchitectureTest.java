package io.github.scorej.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** DESIGN.md: nothing outside io.github.scorej.ops.onnx imports ONNX Runtime; the engine imports no UI. */
class ArchitectureTest {

	static final Path SOURCES = Path.of("src", "main", "java", "io", "github", "scorej", "ops");

	@Test
	void onlyOnnxPackageImportsOnnxRuntime() throws IOException {
		assertEquals(List.of(), offenders("ai.onnxruntime", SOURCES.resolve("onnx")));
	}

	@Test
	void engineImportsNoUi() throws IOException {
		assertEquals(List.of(), offenders("ij.", null));
		assertEquals(List.of(), offenders("javax.swing", null));
		assertEquals(List.of(), offenders("java.awt", null));
		assertEquals(List.of(), offenders("org.scijava.ui", null));
	}

	private static List<String> offenders(String pkg, Path allowed) throws IOException {
		try (Stream<Path> files = Files.walk(SOURCES)) {
			return files.filter(f -> f.toString().endsWith(".java"))
					.filter(f -> allowed == null || !f.startsWith(allowed))
					.filter(f -> {
						try {
							return Files.readAllLines(f).stream().anyMatch(l -> l.startsWith("import " + pkg) || l.startsWith("import static " + pkg));
						} catch (IOException e) {
							throw new RuntimeException(e);
						}
					}).map(Path::toString).sorted().toList();
		}
	}
}
