package io.github.scorej.plugin.cli;

import io.github.scorej.ops.sample.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * "One declaration per parameter" for the command line: every numeric option of every verb has a declared
 * range ({@link OptionRanges}), its default lies in it, and a hostile value is refused by the real command line
 * with one line naming the option, before anything runs.
 */
class OptionRangesTest {

	@TempDir
	Path dir;

	/** Every verb, nested ones (bench restore) included. */
	private static List<CommandSpec> verbs() {
		List<CommandSpec> out = new ArrayList<>();
		collect(Main.commandLine(), out);
		return out;
	}

	private static void collect(CommandLine cl, List<CommandSpec> out) {
		for (CommandLine sub : cl.getSubcommands().values()) {
			if (out.contains(sub.getCommandSpec())) continue; // aliases
			out.add(sub.getCommandSpec());
			collect(sub, out);
		}
	}

	@Test
	void everyNumericOptionOfEveryVerbHasADeclaredRangeThatHoldsItsDefault() {
		int checked = 0;
		for (CommandSpec verb : verbs())
			for (OptionSpec o : verb.options()) {
				if (!OptionRanges.numeric(o) || OptionRanges.ANY_VALUE.contains(o.longestName())) continue;
				Param<?> p = OptionRanges.declaration(verb, o);
				String where = "scorej " + OptionRanges.verbName(verb) + " " + o.longestName();
				assertNotNull(p, where + " has no declared range: add it to OptionRanges");
				assertNotEquals(Param.Kind.BOOLEAN, p.kind(), where);
				assertNotEquals(Param.Kind.CHOICE, p.kind(), where);
				boolean integral = o.type() == int.class || o.type() == Integer.class || o.type() == long.class || o.type() == Long.class;
				assertEquals(integral, p.kind() == Param.Kind.INTEGER, where + ": the option's type and the declaration's kind differ");
				if (o.defaultValue() != null)
					assertTrue(p.contains(Double.parseDouble(o.defaultValue())), where + ": default " + o.defaultValue() + " is outside " + p.range());
				checked++;
			}
		assertTrue(checked >= 30, "only " + checked + " numeric options found");
	}

	@Test
	void hostileNumbersAreRefusedWithOneLineBeforeAnythingRuns() throws IOException {
		int runs = 0;
		for (CommandSpec verb : verbs())
			for (OptionSpec o : verb.options()) {
				if (!OptionRanges.numeric(o) || OptionRanges.ANY_VALUE.contains(o.longestName())) continue;
				boolean integral = o.type() == int.class || o.type() == Integer.class;
				for (String bad : integral ? List.of("2147483647", "-2147483648") : List.of("NaN", "Infinity", "-Infinity")) {
					List<String> args = new ArrayList<>(List.of(OptionRanges.verbName(verb).split(" ")));
					args.add(o.longestName() + "=" + bad);
					for (OptionSpec required : verb.requiredArgs().stream().filter(a -> a instanceof OptionSpec).map(a -> (OptionSpec) a).toList())
						args.addAll(List.of(required.longestName(), dir.resolve("required.tif").toString()));
					if (verb.findOption("--out") != null) args.addAll(List.of("--out", dir.resolve("out").toString()));
					if (verb.findOption("--csv") != null) args.addAll(List.of("--csv", dir.resolve("out.csv").toString()));
					if (!verb.positionalParameters().isEmpty()) args.add(dir.resolve("in.tif").toString());
					CliTest.Result r = CliTest.scorej(args.toArray(String[]::new));
					String what = String.join(" ", args) + "\nstderr: " + r.err();
					assertEquals(CommandLine.ExitCode.USAGE, r.code(), what);
					List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
					assertEquals(1, lines.size(), what);
					assertTrue(lines.get(0).startsWith("scorej " + OptionRanges.verbName(verb) + ": " + o.longestName() + ": "), what);
					assertTrue(lines.get(0).contains(" is outside "), what);
					try (Stream<Path> s = Files.list(dir)) {
						assertEquals(0, s.count(), "nothing written: " + what);
					}
					runs++;
				}
			}
		assertTrue(runs >= 80, "only " + runs + " runs");
	}
}
