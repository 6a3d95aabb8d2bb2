package io.github.scorej.plugin.cli;

import io.github.scorej.ops.problem.Problems;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.plugin.commands.Colorize;
import io.github.scorej.plugin.commands.Generate;
import io.github.scorej.plugin.commands.ImageAnomalyMap;
import io.github.scorej.plugin.commands.ImageLikelihood;
import io.github.scorej.plugin.commands.ImageToImage;
import io.github.scorej.plugin.commands.Inpaint;
import io.github.scorej.plugin.commands.Models;
import io.github.scorej.plugin.commands.Restore;
import io.github.scorej.plugin.ij1.CommandParameters;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * "One declaration per parameter" between the two faces of ScoreJ: every input of an ImageJ command (a SciJava
 * {@code @Parameter}, its macro key) and the option of the command-line verb that runs the same code agree in
 * name (the key in snake_case is the option in kebab-case, or a rename listed here), default and range (both
 * the engine's {@link Param}, as {@link OptionRanges} lists it). Fails on any drift, naming the pair.
 */
class ParameterTwinsTest {

	/** Each ImageJ command and the verb that runs the same code. */
	private static final Map<Class<?>, String> VERBS = Map.of(Generate.class, "generate", ImageToImage.class, "img2img", Inpaint.class,
			"inpaint", Colorize.class, "colorize", Restore.class, "restore", ImageLikelihood.class, "likelihood", ImageAnomalyMap.class,
			"likelihood", Models.class, "models");

	/** Macro keys whose option has another name: released names on both sides. */
	private static final Map<String, String> RENAMED = Map.of("options", "--option", "show_samples", "--keep-samples", "angle_list",
			"--angles-file", "mode", "--anomaly-map");

	/**
	 * Inputs with no option of their own, and why: the image is the verb's FILE argument; the command line has
	 * no models dialog's model field, since {@code scorej models NAME} takes it as an argument; a ROI is ImageJ's.
	 */
	private static final Set<String> IMAGEJ_ONLY = Set.of("Models.model", "Models.source", "Models.action");

	/** Pairs whose defaults differ by design, and why. */
	private static final Set<String> OWN_DEFAULT = Set.of(
			"ImageAnomalyMap.mode" // the verb scores bits/dim unless --anomaly-map names a map; Anomaly Map's own command always makes one
	);

	/** Values a command reads as "the model card's" or "automatic", which the command line writes as no option at all. */
	private static final Set<String> UNSET = Set.of("default", "0", "-1", "");

	private static CommandSpec verb(String name) {
		CommandSpec spec = Main.commandLine().getSubcommands().get(name).getCommandSpec();
		assertNotNull(spec, "no verb " + name);
		return spec;
	}

	private static String text(Object v) {
		if (v == null) return "";
		if (v instanceof Number n) return Param.format(n.doubleValue());
		if (v instanceof Boolean b) return b ? "true" : "";
		return v.toString();
	}

	private static String optionDefault(OptionSpec o) {
		if (o.defaultValue() != null) return o.type() == String.class ? o.defaultValue() : text(Double.valueOf(o.defaultValue()));
		Object initial = o.initialValue();
		return initial instanceof Map<?, ?> m && m.isEmpty() ? "" : text(initial);
	}

	@Test
	void everyCommandInputHasTheSameNameDefaultAndRangeAsItsOption() throws Exception {
		List<String> drift = new ArrayList<>();
		int pairs = 0;
		for (Map.Entry<Class<?>, String> e : VERBS.entrySet()) {
			Class<?> cmd = e.getKey();
			CommandSpec verb = verb(e.getValue());
			Object fresh = cmd.getDeclaredConstructor().newInstance();
			boolean first = true;
			for (CommandParameters.Item it : CommandParameters.of(cmd)) {
				if (!it.isInput() || it.isService()) continue;
				boolean image = ij.ImagePlus.class.isAssignableFrom(it.type());
				if (image && first) { // the current image: the verb's FILE arguments
					first = false;
					continue;
				}
				String where = cmd.getSimpleName() + "." + it.key();
				if (IMAGEJ_ONLY.contains(where)) continue;
				String name = RENAMED.getOrDefault(it.key(), "--" + it.key().replace('_', '-'));
				OptionSpec o = verb.findOption(name);
				if (o == null) {
					drift.add(where + ": 'scorej " + e.getValue() + "' has no " + name);
					continue;
				}
				pairs++;
				if (image) continue; // an open image's title against a file: no default to compare
				// defaults: the same value, or both "unset" (the card's, automatic)
				String mine = text(it.get(fresh)), theirs = optionDefault(o);
				if (it.key().equals("task")) { // the dialog's name and the option's key of the same task
					mine = Problems.of(mine).key();
					theirs = Problems.of(theirs).key();
				}
				boolean bothUnset = UNSET.contains(mine) && UNSET.contains(theirs);
				if (!bothUnset && !mine.equals(theirs) && !OWN_DEFAULT.contains(where) && !(it.key().equals("model") && theirs.isEmpty()))
					drift.add(where + ": default '" + mine + "' but " + name + " '" + theirs + "'");
				// ranges: the command's bounds are the option's declaration (a "default" marker may sit just below)
				if (!OptionRanges.numeric(o) || OptionRanges.ANY_VALUE.contains(o.longestName())) continue;
				Param<?> p = OptionRanges.declaration(verb, o);
				String min = it.annotation().min(), max = it.annotation().max();
				if (Double.isFinite(p.min()) && (min.isEmpty() || Double.parseDouble(min) != p.min() && !UNSET.contains(min)))
					drift.add(where + ": min '" + min + "' but " + name + " is declared " + p.range());
				if (Double.isFinite(p.max()) && !max.isEmpty() && Double.parseDouble(max) != p.max())
					drift.add(where + ": max '" + max + "' but " + name + " is declared " + p.range());
				if (!p.name().equals(it.key()) && !(it.key().equals("size") && p.name().equals("size")))
					drift.add(where + ": declared as '" + p.name() + "'");
			}
		}
		assertEquals(List.of(), drift, "drift between the ImageJ commands and the command line");
		assertTrue(pairs >= 40, "only " + pairs + " pairs");
	}

	/** The provider: the engine's declaration ({@code OrtNetwork.Options.PROVIDER}) gives every command's field and the option. */
	@Test
	void theProviderIsTheEnginesDeclaration() throws Exception {
		Param<String> p = io.github.scorej.ops.onnx.OrtNetwork.Options.PROVIDER;
		assertEquals(p.description(), io.github.scorej.plugin.commands.ScoreCommand.PROVIDER_DESCRIPTION);
		for (Class<?> cmd : List.of(Generate.class, ImageToImage.class, Inpaint.class, Colorize.class, Restore.class, ImageLikelihood.class,
				ImageAnomalyMap.class)) {
			CommandParameters.Item it = CommandParameters.of(cmd).stream().filter(i -> i.key().equals("provider")).findFirst()
					.orElseThrow(() -> new AssertionError(cmd.getSimpleName() + " has no provider"));
			assertEquals(p.choices(), List.of(it.annotation().choices()), cmd.getSimpleName());
			assertEquals(p.defaultValue(), it.get(cmd.getDeclaredConstructor().newInstance()), cmd.getSimpleName());
			assertEquals(p.description(), it.description(), cmd.getSimpleName());
		}
		OptionSpec o = verb("generate").findOption("--provider");
		assertEquals(p.defaultValue(), o.defaultValue());
		assertTrue(String.join(" ", o.description()).startsWith(p.description()), String.join(" ", o.description()));
	}

	/** The choices a dialog offers are what the command line (and the engine behind both) accepts. */
	@Test
	void taskChoicesAreTheEnginesTasks() {
		for (CommandParameters.Item it : CommandParameters.of(Restore.class))
			if (it.key().equals("task"))
				for (String choice : it.annotation().choices())
					assertDoesNotThrow(() -> Problems.of(choice), choice);
	}
}
