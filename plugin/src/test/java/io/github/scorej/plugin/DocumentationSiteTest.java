package io.github.scorej.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The documentation site (site/) builds and renders: site/check_site.py runs Debian's {@code mkdocs build --strict}
 * (a link to a missing page or image fails), checks every link, image and #anchor of the built HTML, and opens
 * every page in headless chromium (selenium), failing on a console error or an image that does not load, and
 * saving a screenshot of each page. Needs mkdocs, chromium, chromium-driver and python3-selenium
 * (`./scorej test` installs them, or names them and stops); without them this test fails, it does not skip.
 */
class DocumentationSiteTest {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	/** The checks themselves find a missing page, image or anchor, a CDN script, a corrupt image and a console error. */
	@Test
	void theChecksFindEachKindOfFault() throws IOException, InterruptedException {
		io.github.scorej.ops.model.PythonTests.run(ROOT, "site", "test_check_site.py", 5);
	}

	@Test
	void siteBuildsStrictlyWithWorkingLinksAndRendersInChromium() throws IOException, InterruptedException {
		Path out = Path.of("target", "site").toAbsolutePath(), shots = Path.of("target", "site-screenshots").toAbsolutePath();
		Process p = new ProcessBuilder("/usr/bin/python3", "site/check_site.py", "--out", out.toString(), "--shots", shots.toString())
				.directory(ROOT.toFile()).redirectErrorStream(true).start();
		String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(5, TimeUnit.MINUTES), "site/check_site.py did not finish:\n" + log);
		assertEquals(0, p.exitValue(), "the documentation site has problems (site/check_site.py):\n" + log);
		long pages, pictures;
		try (Stream<Path> s = Files.walk(out)) {
			pages = s.filter(f -> f.toString().endsWith(".html") && !f.endsWith("404.html")).count();
		}
		try (Stream<Path> s = Files.list(shots)) {
			pictures = s.filter(f -> f.toString().endsWith(".png")).filter(f -> f.toFile().length() > 1000).count();
		}
		assertTrue(Files.isRegularFile(out.resolve("commands/denoise.html")), "no commands/denoise.html in " + out);
		assertEquals(pages, pictures, "a screenshot per page in " + shots + ":\n" + log);
	}
}
