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

/**
 * Runs a folder's Python unit tests with Debian's Python ({@code python3 -m unittest discover}) and asserts that they
 * passed, that every test method the files declare ran, and that none skipped itself: Python 3.11's unittest exits 0
 * when it finds no test at all (a file renamed out of its pattern, a class that is no TestCase).
 */
public final class PythonTests {

	private PythonTests() {}

	/**
	 * @param root    the repository's root
	 * @param folder  the folder of the tests, relative to the root
	 * @param pattern the test files' name pattern, as unittest's {@code -p} (a glob)
	 * @param minutes how long they may take
	 */
	public static void run(Path root, String folder, String pattern, int minutes) throws IOException, InterruptedException {
		Process p = new ProcessBuilder("/usr/bin/python3", "-m", "unittest", "discover", "-s", folder, "-p", pattern)
				.directory(root.toFile()).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(minutes, TimeUnit.MINUTES), folder + "/" + pattern + " did not finish:\n" + out);
		assertEquals(0, p.exitValue(), folder + "/" + pattern + " failed:\n" + out);
		String glob = pattern.replace(".", "\\.").replace("*", ".*");
		int declared = 0;
		try (Stream<Path> files = Files.list(root.resolve(folder))) {
			for (Path f : files.filter(f -> f.getFileName().toString().matches(glob)).toList())
				declared += (int) Files.readAllLines(f).stream().filter(l -> l.matches("\\s+def test\\w*\\(self.*")).count();
		}
		Matcher ran = Pattern.compile("Ran (\\d+) tests? in").matcher(out);
		assertTrue(ran.find(), "no unittest summary:\n" + out);
		assertTrue(declared > 0, "no test methods in " + folder + "/" + pattern);
		assertEquals(declared, Integer.parseInt(ran.group(1)), "test methods declared in " + folder + "/" + pattern + " vs run:\n" + out);
		assertFalse(out.contains("skipped="), "a test skipped itself:\n" + out);
	}
}
