package io.github.scorej.plugin.cli;

import io.github.scorej.ops.problem.Problem;
import io.github.scorej.ops.problem.Problems;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.plugin.commands.Restore;
import org.junit.jupiter.api.Test;
import org.scijava.plugin.Parameter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The problem registry against both front ends: every task that {@code restore} runs is a choice of
 * the Restore dialog (by its alias or key) and of {@code scorej restore --task}, every choice resolves
 * to one, and every declared task parameter is a CLI option ({@code --name-with-dashes}) and a dialog
 * parameter (macro key {@code name}) with the declared default.
 */
class TaskVocabularyTest {

	private static CommandSpec restoreVerb() {
		return Main.commandLine().getSubcommands().get("restore").getCommandSpec();
	}

	private static Field dialogField(String key) {
		for (Field f : Restore.class.getDeclaredFields())
			if (f.isAnnotationPresent(Parameter.class) && f.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT).equals(key)) return f;
		return null;
	}

	@Test
	void theDialogsTaskChoicesAreTheRegistrysRestoreTasks() throws Exception {
		String[] choices = Restore.class.getDeclaredField("task").getAnnotation(Parameter.class).choices();
		Set<String> keys = new HashSet<>();
		for (String c : choices) {
			Problem p = Problems.of(c);
			assertEquals("restore", p.verb(), c);
			keys.add(p.key());
		}
		List<Problem> restore = Problems.ofVerb("restore");
		assertEquals(restore.size(), choices.length, Arrays.toString(choices));
		for (Problem p : restore) {
			assertTrue(keys.contains(p.key()), p.key() + " is missing from the Restore dialog's task choices");
			String dialogName = p.aliases().isEmpty() ? p.key() : p.aliases().get(0);
			assertTrue(Arrays.asList(choices).contains(dialogName), p.key() + " appears in the dialog as " + dialogName);
		}
	}

	@Test
	void theCommandLineNamesEveryRestoreTask() {
		OptionSpec task = restoreVerb().findOption("--task");
		String help = String.join(" ", task.description());
		for (Problem p : Problems.ofVerb("restore"))
			assertTrue(help.contains(p.key()), "--task's help names " + p.key());
		assertEquals("denoise", task.defaultValue());
		assertEquals("denoise", Problems.of(task.defaultValue()).key());
	}

	@Test
	void everyTaskParameterIsAnOptionAndADialogParameterWithItsDefault() throws Exception {
		CommandSpec verb = restoreVerb();
		int checked = 0;
		for (Problem p : Problems.ofVerb("restore"))
			for (Param<?> q : p.params()) {
				String option = "--" + q.name().replace('_', '-');
				OptionSpec o = verb.findOption(option);
				assertNotNull(o, p.key() + "'s " + q.name() + " has no option " + option);
				assertEquals(normalised(String.valueOf(q.defaultValue())), normalised(o.defaultValue()), option + "'s default");
				Field f = dialogField(q.name());
				assertNotNull(f, p.key() + "'s " + q.name() + " has no Restore dialog parameter");
				f.setAccessible(true);
				assertEquals(normalised(String.valueOf(q.defaultValue())), normalised(String.valueOf(f.get(new Restore()))), q.name() + "'s dialog default");
				checked++;
			}
		assertTrue(checked >= 9, "checked " + checked);
	}

	/** "2" and "2.0" are the same default. */
	private static String normalised(String v) {
		return v.matches("-?\\d+\\.0") ? v.substring(0, v.length() - 2) : v;
	}
}
