package io.github.scorej.plugin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of every {@code scorej} verb (and sub-verb) is named on the documentation site page that teaches the
 * verb (or, for the restoring verbs, in Restore's common options): an option added to the command line without a
 * line in the documentation fails here.
 */
class VerbPagesTest {

	private static final Path DOCS = Path.of("..", "site", "docs").toAbsolutePath().normalize();

	/** The pages of each verb, by its qualified name without "scorej ". */
	private static final Map<String, List<String>> PAGES = Map.ofEntries(
			Map.entry("generate", List.of("commands/generate.md")),
			Map.entry("img2img", List.of("commands/image-to-image.md")),
			Map.entry("restore", List.of("commands/restore.md")),
			Map.entry("inpaint", List.of("commands/inpaint.md", "commands/restore.md")),
			Map.entry("colorize", List.of("commands/colorize.md", "commands/restore.md")),
			Map.entry("likelihood", List.of("commands/likelihood.md", "commands/anomaly-map.md")),
			Map.entry("models", List.of("commands/models.md")),
			Map.entry("samplers", List.of("samplers.md")),
			Map.entry("bench", List.of("benchmarks.md")),
			Map.entry("bench restore", List.of("benchmarks.md")),
			Map.entry("demo", List.of("quickstart.md")),
			Map.entry("imagej", List.of("install.md")));

	@Test
	void everyVerbsOptionsAreOnItsPage() throws IOException {
		List<String> missing = new ArrayList<>();
		TreeSet<String> verbs = new TreeSet<>();
		collect(Main.commandLine(), verbs, missing);
		assertEquals(new TreeSet<>(PAGES.keySet()), verbs, "a verb without a page in VerbPagesTest.PAGES (or one that no longer exists)");
		assertTrue(missing.isEmpty(), String.join("\n", missing));
	}

	private static void collect(CommandLine cl, TreeSet<String> verbs, List<String> missing) throws IOException {
		for (CommandLine sub : cl.getSubcommands().values()) {
			String verb = sub.getCommandSpec().qualifiedName().replaceFirst("^scorej ", "");
			if (!verbs.add(verb)) continue; // an alias
			List<String> pages = PAGES.get(verb);
			if (pages != null) {
				StringBuilder text = new StringBuilder();
				for (String p : pages)
					text.append(Files.readString(DOCS.resolve(p)));
				for (OptionSpec o : sub.getCommandSpec().options()) {
					if (o.usageHelp() || o.versionHelp()) continue;
					// the whole name: --size is not on a page that only has --size-x
					if (!java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(o.longestName()) + "(?![\\w-])").matcher(text).find())
						missing.add("scorej " + verb + " " + o.longestName() + " is not on " + String.join(" or ", pages));
				}
			}
			collect(sub, verbs, missing);
		}
	}
}
