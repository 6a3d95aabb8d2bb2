package io.github.scorej.plugin.ij1;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scijava.command.Command;

/**
 * Every ImageJ command has its page on the documentation site at a stable address,
 * {@code site/docs/commands/<id>.md} ({@code <id>}: its {@code Launcher("…")} argument of plugins.config with
 * '-' for '_', built to {@code commands/<id>.html}), and that page names every macro key of the command, in
 * backquotes as the pages write keys: a key added to a command without a line in its tutorial fails here.
 */
class CommandPagesTest {

	private static final Path DOCS = Path.of("..", "site", "docs", "commands").toAbsolutePath().normalize();

	@Test
	void everyCommandHasAPageThatNamesEveryMacroKey() throws IOException {
		List<String> missing = new ArrayList<>();
		for (Map.Entry<String, Class<? extends Command>> e : Bridge.COMMANDS.entrySet()) {
			Path page = DOCS.resolve(e.getKey().replace('_', '-') + ".md");
			if (!Files.isRegularFile(page)) {
				missing.add(CommandParameters.title(e.getValue()) + ": no page " + page);
				continue;
			}
			String text = Files.readString(page);
			for (CommandParameters.Item item : CommandParameters.of(e.getValue()))
				if (item.isInput() && !item.isService() && !text.contains("`" + item.key() + "`"))
					missing.add(CommandParameters.title(e.getValue()) + ": macro key `" + item.key() + "` is not on " + DOCS.getParent().relativize(page));
		}
		assertTrue(missing.isEmpty(), String.join("\n", missing));
	}
}
