package io.github.scorej.plugin.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.Command;

/**
 * The plugin jar as {@code target/fiji/plugins} has it for Fiji ({@code mvn verify}, after {@code package}) carries the
 * documentation site: for every command, Help's page unpacks from the jar, once, to a folder whose tutorial opens
 * complete (its styles, scripts and images beside it), as in Fiji, offline.
 */
class HelpPagesIT {

	@TempDir
	Path cache;

	@Test
	void everyCommandsTutorialUnpacksFromTheJarOnce() throws Exception {
		List<Path> jars;
		try (Stream<Path> s = Files.list(Path.of("target", "fiji", "plugins"))) { // the jar a Fiji gets (FijiLayoutIT)
			jars = s.filter(p -> p.toString().endsWith(".jar")).collect(Collectors.toList());
		}
		assertEquals(1, jars.size(), "the plugin jar in target/fiji/plugins: " + jars);
		try (URLClassLoader jar = new URLClassLoader(new URL[] { jars.get(0).toUri().toURL() }, null)) {
			Path first = null;
			for (Map.Entry<String, Class<? extends Command>> e : Bridge.COMMANDS.entrySet()) {
				Optional<URI> page = CommandHelp.sitePage(e.getKey(), jar, cache);
				String title = CommandParameters.title(e.getValue());
				assertTrue(page.isPresent(), title + ": no page of the site in " + jars.get(0) + " (built without mkdocs?)");
				assertTrue(page.get().getScheme().equals("file"), page.get().toString());
				Path p = Path.of(page.get());
				assertTrue(p.startsWith(cache), p + " is not under " + cache);
				HelpPagesTest.assertTutorial(p, title);
				Path site = p.getParent().getParent();
				if (first == null) {
					first = site;
					Files.writeString(site.resolve("seen.txt"), "unpacked once");
				}
				assertEquals(first, site, "the site was unpacked twice");
				assertTrue(Files.exists(site.resolve("seen.txt")), "the site was unpacked again over the first copy");
			}
			try (Stream<Path> s = Files.list(cache)) {
				List<Path> left = s.collect(Collectors.toList());
				assertEquals(List.of(first), left, "one folder, no part-written ones: " + left);
			}
			assertFalse(Files.exists(first.resolve("plugins.config")), "only the site is unpacked, not the rest of the jar");
		}
	}
}
