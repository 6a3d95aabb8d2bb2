package io.github.scorej.plugin.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.Command;

/**
 * The dialogs' Help opens each command's tutorial of the documentation site, which the build puts among the plugin's
 * classes (plugin/pom.xml, {@code site-in-jar}; needs mkdocs, which {@code ./scorej test} installs): here from the
 * classes folder, in {@link HelpPagesIT} from the packaged jar, in {@link ImageJMacrosTest} through real ImageJ's
 * Help button. Without the site, Help is the page of every field.
 */
class HelpPagesTest {

	@TempDir
	Path cache;

	@Test
	void everyCommandsHelpIsItsTutorialWithItsStylesScriptsAndImages() throws Exception {
		for (Map.Entry<String, Class<? extends Command>> e : Bridge.COMMANDS.entrySet()) {
			Class<? extends Command> c = e.getValue();
			String title = CommandParameters.title(c);
			String help = CommandHelp.help(e.getKey(), title, CommandParameters.of(c), c.getDeclaredConstructor().newInstance());
			assertTrue(help.startsWith("file:"), title + ": Help is not a page of the site (is the site in target/classes? the build "
					+ "needs mkdocs): " + help.substring(0, Math.min(120, help.length())));
			assertTutorial(Path.of(URI.create(help)), title);
		}
	}

	@Test
	void withoutTheSiteHelpIsThePageOfEveryField() throws Exception {
		Class<? extends Command> c = Bridge.COMMANDS.get("generate");
		List<CommandParameters.Item> items = CommandParameters.of(c);
		try (URLClassLoader none = new URLClassLoader(new URL[0], null)) {
			assertEquals(Optional.empty(), CommandHelp.sitePage("generate", none, cache));
			String help = CommandHelp.help("generate", "Generate (ScoreJ)", items, c.getDeclaredConstructor().newInstance(), none, cache);
			assertTrue(help.startsWith("<html>") && help.contains("built without mkdocs"), help);
			for (CommandParameters.Item it : items)
				if (it.isInput() && !it.isService()) assertTrue(help.contains("<tt>" + it.key() + "</tt>"), it.key() + " is not on the page: " + help);
		}
	}

	/**
	 * The page is the command's tutorial (its title starts with the command's name) and every file it refers to (styles,
	 * scripts, images, other pages) is there beside it, so that it opens complete from the disk.
	 */
	static void assertTutorial(Path page, String title) throws IOException {
		assertTrue(Files.isRegularFile(page), title + ": no page " + page);
		String html = Files.readString(page);
		Matcher t = Pattern.compile("<title>([^<]*)</title>").matcher(html);
		String name = title.replace(" (ScoreJ)", "").toLowerCase(Locale.ROOT);
		assertTrue(t.find() && t.group(1).toLowerCase(Locale.ROOT).startsWith(name), title + ": " + page + " is not its tutorial");
		List<String> missing = new ArrayList<>();
		Matcher ref = Pattern.compile("(?:href|src)=\"([^\"#?]*)").matcher(html);
		int local = 0;
		while (ref.find()) {
			String r = ref.group(1);
			if (r.isEmpty() || r.contains(":") || r.startsWith("//")) continue; // an anchor, a web or mail address
			local++;
			if (!Files.exists(page.getParent().resolve(URLDecoder.decode(r, StandardCharsets.UTF_8)).normalize())) missing.add(r);
		}
		assertTrue(local > 10, title + ": " + page + " refers to only " + local + " files");
		assertTrue(missing.isEmpty(), title + ": " + page + " refers to files that are not there: " + missing);
	}
}
