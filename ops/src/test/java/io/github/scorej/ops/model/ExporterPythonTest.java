package io.github.scorej.ops.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Runs the exporter's own tests (models/export/test_*.py: the exporter, and the recipes' regression tests on
 * miniatures of EDM's and score_sde's code) with Debian's Python, so that the build checks them too. Needs python3-torch, python3-onnx and python3-matplotlib
 * (`./scorej test` installs them, or names them and stops); without them this test fails, it does not skip.
 * Every test method the files declare must have run, none skipped: Python 3.11's unittest exits 0 when it
 * finds no test at all (a file renamed out of its test*.py pattern, a class that is no TestCase).
 */
class ExporterPythonTest {

	@Test
	void exporterTestsPass() throws IOException, InterruptedException {
		Path root = Path.of("..").toAbsolutePath().normalize();
		Process p = new ProcessBuilder("/usr/bin/python3", "-m", "unittest", "discover", "-s", "models/export")
				.directory(root.toFile()).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(10, TimeUnit.MINUTES), "models/export tests did not finish:\n" + out);
		assertEquals(0, p.exitValue(), "models/export tests failed:\n" + out);
		int declared = 0;
		try (Stream<Path> files = Files.list(root.resolve("models/export"))) {
			for (Path f : files.filter(f -> f.getFileName().toString().matches("test.*\\.py")).toList())
				declared += (int) Files.readAllLines(f).stream().filter(l -> l.matches("\\s+def test\\w*\\(self.*")).count();
		}
		Matcher ran = Pattern.compile("Ran (\\d+) tests? in").matcher(out);
		assertTrue(ran.find(), "no unittest summary:\n" + out);
		assertTrue(declared > 0, "no test methods in models/export/test*.py");
		assertEquals(declared, Integer.parseInt(ran.group(1)), "test methods declared in models/export/test*.py vs run:\n" + out);
		assertFalse(out.contains("skipped="), "a test skipped itself:\n" + out);
	}
}
