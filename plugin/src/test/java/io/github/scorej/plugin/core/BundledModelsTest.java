package io.github.scorej.plugin.core;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Where bundled models are found without scorej.home: beside ScoreJ's own classes or jar. */
class BundledModelsTest {

	@Test
	void homeDefaultsToTheFolderAboveTheCodeThatHoldsModels() {
		String old = System.getProperty("scorej.home");
		System.clearProperty("scorej.home");
		try {
			Path home = BundledModels.home();
			String env = System.getenv("SCOREJ_HOME");
			if (env != null && !env.isBlank()) {
				assertEquals(Path.of(env), home, "SCOREJ_HOME comes before the code's location");
				return;
			}
			assertTrue(Files.isDirectory(home.resolve("models").resolve("analytic")), home.toString());
			assertEquals("gaussian-mixture-edm", BundledModels.resolve("gaussian-mixture-edm").getFileName().toString());
		} finally {
			if (old != null) System.setProperty("scorej.home", old);
		}
	}
}
