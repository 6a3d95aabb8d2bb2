package io.github.scorej.ops.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Runs the exporter's own tests (models/export/test_*.py: the exporter, and the recipes' regression tests on
 * miniatures of EDM's and score_sde's code) with Debian's Python, so that the build checks them too. Needs python3-torch, python3-onnx and python3-matplotlib
 * (`./scorej test` installs them, or names them and stops); without them this test fails, it does not skip.
 */
class ExporterPythonTest {

	@Test
	void exporterTestsPass() throws IOException, InterruptedException {
		Path root = Path.of("..").toAbsolutePath().normalize();
		Process p = new ProcessBuilder("/usr/bin/python3", "-m", "unittest", "discover", "-s", "models/export")
				.directory(root.toFile()).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		p.waitFor(10, TimeUnit.MINUTES);
		assertEquals(0, p.exitValue(), "models/export tests failed:\n" + out);
	}
}
