package io.github.scorej.plugin.cli;

import io.github.scorej.ops.sample.Sampler;
import io.github.scorej.ops.sample.Samplers;
import io.github.scorej.plugin.commands.Colorize;
import io.github.scorej.plugin.commands.Generate;
import io.github.scorej.plugin.commands.ImageLikelihood;
import io.github.scorej.plugin.commands.ImageToImage;
import io.github.scorej.plugin.commands.Inpaint;
import io.github.scorej.plugin.commands.Restore;
import io.github.scorej.plugin.core.SamplingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.scorej.plugin.cli.CliTest.scorej;
import static org.junit.jupiter.api.Assertions.*;

/** Command-line conventions (issue 14, item 6): help on every verb, short errors, what samplers prints, defaults. */
class CliConventionsTest {

	@TempDir
	Path dir;

	/** Every verb and sub-verb picocli knows, as typed after "scorej" (a verb added later is covered too). */
	private static List<String> verbs(CommandLine cl) {
		List<String> all = new ArrayList<>();
		for (CommandLine sub : cl.getSubcommands().values()) {
			String name = OptionRanges.verbName(sub.getCommandSpec());
			if (!all.contains(name)) all.add(name);
			for (String deeper : verbs(sub))
				if (!all.contains(deeper)) all.add(deeper);
		}
		return all;
	}

	@Test
	void helpWorksOnEveryVerb() {
		List<String> verbs = verbs(Main.commandLine());
		assertTrue(verbs.containsAll(List.of("generate", "inpaint", "colorize", "restore", "img2img", "likelihood", "models", "samplers",
				"bench", "bench restore", "demo", "imagej")), verbs.toString());
		for (String verb : verbs)
			for (String help : List.of("--help", "-h")) {
				List<String> args = new ArrayList<>(List.of(verb.split(" ")));
				args.add(help);
				CliTest.Result r = scorej(args.toArray(String[]::new));
				String what = "scorej " + String.join(" ", args) + "\nstdout: " + r.out() + "\nstderr: " + r.err();
				assertEquals(0, r.code(), what);
				assertTrue(r.out().contains("Usage: scorej " + verb), what);
				assertFalse((r.out() + r.err()).contains("WARN"), what);
				assertFalse((r.out() + r.err()).contains("Unknown option"), what);
				assertFalse(r.err().contains("Missing required"), what);
			}
		CliTest.Result r = scorej("--version");
		assertTrue(r.code() == 0 && r.out().startsWith("ScoreJ "), r.out() + r.err());
	}

	/**
	 * The provider is chosen at run time: cpu runs and records CPU; cuda either runs on CUDA or fails with one line
	 * saying why (this CPU build, no GPU), never silently on the CPU; an unknown provider names the choices.
	 */
	@Test
	void theProviderIsChosenAtRunTime(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
		java.nio.file.Path cpu = dir.resolve("cpu.tif"), cuda = dir.resolve("cuda.tif");
		CliTest.Result r = scorej("generate", "--model", CliTest.TOY, "-n", "1", "--steps", "2", "--provider", "cpu", "--quiet", "--out", cpu.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(String.valueOf(ij.IJ.openImage(cpu.toString()).getProperty("Info")).contains("scorej.provider=CPU"));
		r = scorej("generate", "--model", CliTest.TOY, "-n", "1", "--steps", "2", "--provider", "cuda", "--quiet", "--out", cuda.toString());
		if (r.code() == 0) assertTrue(String.valueOf(ij.IJ.openImage(cuda.toString()).getProperty("Info")).contains("scorej.provider=CUDA"));
		else {
			assertTrue(r.err().contains("provider cuda: CUDA cannot run") && r.err().lines().count() == 1, r.err());
			assertFalse(java.nio.file.Files.exists(cuda));
		}
		r = scorej("generate", "--model", CliTest.TOY, "--provider", "gpu", "--out", cuda.toString());
		assertNotEquals(0, r.code());
		assertTrue(r.err().contains("'gpu'") && r.err().contains("auto, cpu, cuda"), r.err());
	}

	/** A wrong value is one line naming the option, exit code 2; nothing about usage, nothing written. */
	@Test
	void aWrongValueIsOneLineWithoutUsage() throws java.io.IOException {
		Path out = dir.resolve("x.tif");
		for (String[] bad : new String[][] { { "-o", "s_churn" }, { "--quiet=maybe" }, { "--sampler", "magic" }, { "--schedule", "cosine" },
				{ "--sampler", "heun", "-o", "s_churn=-1" } }) {
			List<String> args = new ArrayList<>(List.of("generate", "--model", CliTest.TOY, "--out", out.toString()));
			args.addAll(List.of(bad));
			CliTest.Result r = scorej(args.toArray(String[]::new));
			String what = String.join(" ", args) + "\nstderr: " + r.err() + "\nstdout: " + r.out();
			assertEquals(CommandLine.ExitCode.USAGE, r.code(), what);
			List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
			assertEquals(1, lines.size(), what);
			assertTrue(lines.get(0).startsWith("scorej generate: "), what);
			assertFalse(r.out().contains("Usage"), what);
		}
		// an unknown option: picocli's message and where help is, not the whole usage
		CliTest.Result r = scorej("generate", "--stpes", "3");
		assertEquals(CommandLine.ExitCode.USAGE, r.code());
		assertTrue(r.err().contains("Unknown option") && r.err().contains("--steps") && r.err().contains("see 'scorej generate --help'"), r.err());
		assertFalse(r.err().contains("Usage:"), r.err());
		assertTrue(r.err().lines().count() <= 3, r.err());
		assertFalse(Files.exists(out));
	}

	/** samplers prints each option as -o name=default, every one of which the sampler accepts, and generate runs with one. */
	@Test
	void samplersPrintsTheFormTheVerbsAccept() {
		CliTest.Result r = scorej("samplers");
		assertEquals(0, r.code(), r.err());
		assertFalse(r.out().contains("--s-churn"), r.out());
		Pattern option = Pattern.compile("^ +-o ([a-z][a-z_0-9]*)=(\\S+) .*");
		Sampler current = null;
		int found = 0;
		for (String line : r.out().lines().toList()) {
			if (!line.isEmpty() && !line.startsWith(" ") && Samplers.names().contains(line.split(" ")[0])) current = Samplers.get(line.split(" ")[0]);
			Matcher m = option.matcher(line);
			if (!m.matches()) continue;
			assertNotNull(current, line);
			Sampler s = current;
			String name = m.group(1), value = m.group(2);
			assertTrue(s.params().stream().anyMatch(p -> p.name().equals(name)), line + ": not an option of " + s.name());
			assertDoesNotThrow(() -> s.defaults().with(new java.util.LinkedHashMap<>(Map.of(name, value))), s.name() + ": " + line);
			found++;
		}
		assertTrue(found >= 20, "only " + found + " options printed:\n" + r.out());
		assertTrue(r.out().contains("-o s_tmax=inf"), r.out());
		Path out = dir.resolve("g.tif");
		CliTest.Result g = scorej("generate", "--model", CliTest.TOY, "--sampler", "euler", "-o", "s_tmax=inf", "-o", "s_churn=0", "-n", "1",
				"--steps", "3", "--quiet", "--out", out.toString());
		assertEquals(0, g.code(), g.err());
		assertTrue(Files.exists(out));
	}

	/** A sampler that runs in the SDE's time refuses a schedule by name, on the command line and in the shared settings. */
	@Test
	void sdeTimeSamplersRefuseASchedule() {
		for (String sampler : List.of("pc", "ode", "ddim", "dpm_solver")) {
			CliTest.Result r = scorej("generate", "--model", CliTest.TOY, "--sampler", sampler, "--schedule", "karras", "--out",
					dir.resolve("x.tif").toString());
			assertEquals(CommandLine.ExitCode.USAGE, r.code(), r.err());
			assertTrue(r.err().contains("sampler '" + sampler + "' runs in the SDE's own time t and ignores schedule 'karras'")
					&& r.err().contains("heun"), r.err());
			assertEquals(1, r.err().lines().count(), r.err());
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
					() -> new SamplingSettings(sampler, Map.of(), 10, "exponential", null, null, null, 0));
			assertTrue(e.getMessage().contains("ignores schedule 'exponential'"), e.getMessage());
		}
		assertFalse(Samplers.get("pc").usesSchedule());
		assertTrue(Samplers.get("ald").usesSchedule(), "ald steps down the σ schedule");
		new SamplingSettings("pc", Map.of(), 10, "sde", null, null, null, 0); // its own time grid: accepted
		new SamplingSettings("pc", Map.of(), 10, "default", null, null, null, 0);
		new SamplingSettings("heun", Map.of(), 10, "karras", null, null, null, 0);
		assertFalse(scorej("samplers").out().lines().filter(l -> l.startsWith("heun")).findFirst().orElseThrow().contains("SDE"));
	}

	/** --model defaults to the bundled real model of the verb, the same constant as the ImageJ command's. */
	@Test
	void modelDefaultsToTheVerbsBundledModel() {
		Map<String, String> expected = Map.of("generate", Generate.DEFAULT_MODEL, "inpaint", Inpaint.DEFAULT_MODEL, "colorize",
				Colorize.DEFAULT_MODEL, "restore", Restore.DEFAULT_MODEL, "img2img", ImageToImage.DEFAULT_MODEL, "likelihood",
				ImageLikelihood.DEFAULT_MODEL);
		assertEquals("mnist-digits", expected.get("generate"));
		assertEquals("histo-rgb", expected.get("colorize"));
		assertEquals("micro-gray", expected.get("restore"));
		for (var e : expected.entrySet()) {
			CommandLine cl = Main.commandLine();
			String verb = e.getKey();
			List<String> args = verb.equals("generate") ? List.of(verb) : verb.equals("inpaint") ? List.of(verb, "--mask", "m.tif", "in.tif") : List.of(verb, "in.tif");
			cl.parseArgs(args.toArray(String[]::new));
			assertEquals(e.getValue(), cl.getSubcommands().get(verb).getCommandSpec().findOption("--model").getValue(), verb);
			assertTrue(scorej(e.getKey(), "--help").out().contains("Default: " + e.getValue()), e.getKey());
		}
		// the grey default on a colour image says which model to use
		Path rgb = dir.resolve("rgb.tif");
		assertTrue(new ij.io.FileSaver(ij.IJ.createImage("rgb", "RGB ramp", 32, 32, 1)).saveAsTiff(rgb.toString()));
		CliTest.Result r = scorej("restore", "--steps", "2", "-k", "1", "--quiet", "--out", dir.resolve("o").toString(), rgb.toString());
		assertEquals(1, r.code(), r.err());
		assertTrue(r.err().contains("micro-gray") && r.err().contains("--model histo-rgb"), r.err());
	}
}
