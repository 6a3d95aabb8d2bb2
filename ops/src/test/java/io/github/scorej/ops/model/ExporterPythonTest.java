package io.github.scorej.ops.model;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Runs the exporter's own tests (models/export/test_*.py: the exporter, and the recipes' regression tests on
 * miniatures of EDM's and score_sde's code) with Debian's Python, so that the build checks them too. Needs python3-torch, python3-onnx and python3-matplotlib
 * (`./scorej test` installs them, or names them and stops); without them this test fails, it does not skip.
 * Every test method the files declare must have run, none skipped ({@link PythonTests}).
 */
class ExporterPythonTest {

	@Test
	void exporterTestsPass() throws IOException, InterruptedException {
		PythonTests.run(Path.of("..").toAbsolutePath().normalize(), "models/export", "test*.py", 10);
	}
}
