package io.github.scorej.ops;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The engine knows no UI, and only its onnx package knows ONNX Runtime (DESIGN.md, module boundaries). */
class ArchitectureTest {

	@Test
	void moduleBoundariesHold() throws IOException {
		Path src = Paths.get("src/main/java/io/github/scorej/ops");
		assertTrue(Files.isDirectory(src), "run from the ops module: " + src.toAbsolutePath());
		List<String> bad = new ArrayList<>();
		int files = 0;
		try (Stream<Path> s = Files.walk(src)) {
			for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".java"))::iterator) {
				files++;
				boolean inOnnx = src.relativize(f).startsWith("onnx");
				for (String line : Files.readAllLines(f)) {
					String l = line.trim();
					if (!l.startsWith("import ")) continue;
					if (l.matches("import (static )?(ij|javax\\.swing|java\\.awt|org\\.scijava\\.ui|org\\.scijava\\.widget)\\..*"))
						bad.add(f + ": " + l);
					if (!inOnnx && l.matches("import (static )?ai\\.onnxruntime\\..*")) bad.add(f + ": " + l);
				}
			}
		}
		assertTrue(files > 10, "found only " + files + " sources");
		assertEquals(List.of(), bad);
	}
}
