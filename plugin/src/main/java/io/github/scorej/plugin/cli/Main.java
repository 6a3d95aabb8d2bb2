package io.github.scorej.plugin.cli;

import io.github.scorej.ops.tile.MemoryBudget;
import io.github.scorej.plugin.commands.Colorize;
import io.github.scorej.plugin.commands.Generate;
import io.github.scorej.plugin.commands.ImageLikelihood;
import io.github.scorej.plugin.commands.ImageToImage;
import io.github.scorej.plugin.commands.Inpaint;
import io.github.scorej.plugin.commands.Restore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

import java.util.Map;

/** {@code scorej <verb> …}: ScoreJ without a display, over the same engine as the ImageJ commands. */
@Command(name = "scorej", versionProvider = Main.VersionProvider.class,
		description = "Score-based generative models (diffusion models) on images.",
		subcommands = { GenerateCommand.class, InpaintCommand.class, ColorizeCommand.class, RestoreCommand.class, SamplersCommand.class, ModelsCommand.class, BenchCommand.class, DemoCommand.class, Img2ImgCommand.class, ImageJCommand.class })
public final class Main implements Runnable {

	/** -h/--help on every verb (picocli copies an inherited option into each subcommand, present and future). */
	@Option(names = { "-h", "--help" }, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help and exit.")
	boolean help;

	@Option(names = { "-V", "--version" }, versionHelp = true, description = "Print ScoreJ's version and exit.")
	boolean version;

	/**
	 * The model {@code --model} names when it is not given, by verb: the bundled real model that fits the verb,
	 * the same constant as the ImageJ command's default.
	 */
	static final Map<String, String> DEFAULT_MODELS = Map.of("generate", Generate.DEFAULT_MODEL, "inpaint", Inpaint.DEFAULT_MODEL,
			"colorize", Colorize.DEFAULT_MODEL, "restore", Restore.DEFAULT_MODEL, "img2img", ImageToImage.DEFAULT_MODEL,
			"likelihood", ImageLikelihood.DEFAULT_MODEL);

	public static void main(String[] args) {
		boolean imagej = args.length > 0 && args[0].equals("imagej");
		if (!imagej) System.setProperty("java.awt.headless", "true");
		if (System.getProperty("java.util.logging.SimpleFormatter.format") == null)
			System.setProperty("java.util.logging.SimpleFormatter.format", "scorej: %5$s%n");
		int code = run(args);
		if (!imagej || code != 0) System.exit(code); // ImageJ's windows keep it running; it exits by itself

	}

	/** Runs a command line and returns its exit code; errors are one clear line, not a stack trace. */
	public static int run(String... args) {
		CommandLine cl = commandLine();
		cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
			cmd.getErr().println("scorej " + cmd.getCommandName() + ": " + message(e));
			if (System.getenv("SCOREJ_DEBUG") != null) e.printStackTrace(cmd.getErr());
			return e instanceof java.util.concurrent.CancellationException ? 130 : 1;
		});
		// every numeric option against its declared range, and the sampling settings, right after parsing and before any model loads
		cl.setExecutionStrategy(parsed -> {
			OptionRanges.check(parsed);
			checkSettings(parsed);
			return new CommandLine.RunLast().execute(parsed);
		});
		cl.setParameterExceptionHandler((e, rest) -> {
			CommandLine failed = e.getCommandLine();
			String verb = "scorej " + OptionRanges.verbName(failed.getCommandSpec());
			String line = OptionRanges.oneLine(e);
			if (line != null || valueError(e)) { // a wrong value: one line, no usage
				failed.getErr().println(verb + ": " + (line != null ? line : e.getMessage().replace("option option", "option")));
			} else { // an unknown option, a missing parameter: picocli's message, its suggestions, where help is
				failed.getErr().println(verb + ": " + e.getMessage());
				CommandLine.UnmatchedArgumentException.printSuggestions(e, failed.getErr());
				failed.getErr().println("see '" + failed.getCommandSpec().qualifiedName() + " --help'");
			}
			failed.getErr().flush();
			return CommandLine.ExitCode.USAGE;
		});
		String budget = System.getProperty(MemoryBudget.PROPERTY); // --memory sets it for this command line only
		try {
			return cl.execute(args);
		} catch (OutOfMemoryError e) {
			System.err.println("scorej: " + io.github.scorej.plugin.core.MemoryCheck.outOfMemory(String.join(" ", args)));
			return 1;
		} finally {
			if (budget == null) System.clearProperty(MemoryBudget.PROPERTY);
			else System.setProperty(MemoryBudget.PROPERTY, budget);
		}
	}

	/** Every verb, as {@link #run} parses them. */
	static CommandLine commandLine() {
		CommandLine cl = new CommandLine(new Main());
		cl.addSubcommand(new LikelihoodCommand());
		cl.setDefaultValueProvider(Main::defaultModel);
		return cl;
	}

	/** {@link #DEFAULT_MODELS} for a sampling verb's {@code --model}; null for every other option (its own default). */
	private static String defaultModel(ArgSpec arg) {
		if (!(arg instanceof OptionSpec o) || !o.longestName().equals("--model") || arg.command() == null) return null;
		return DEFAULT_MODELS.get(OptionRanges.verbName(arg.command()));
	}

	/** Whether a parse error is about the value an option or parameter was given (not a missing or unknown one). */
	private static boolean valueError(ParameterException e) {
		return e.getArgSpec() != null && e.getValue() != null && !(e instanceof CommandLine.MissingParameterException)
				&& !(e instanceof CommandLine.UnmatchedArgumentException);
	}

	/**
	 * The verb's sampling settings (sampler name and options, schedule, and a schedule the sampler would ignore), checked as
	 * the ImageJ commands check them, before any model loads: an error is one line and exit code 2, like a number out of range.
	 */
	private static void checkSettings(CommandLine.ParseResult parsed) {
		CommandLine.ParseResult pr = parsed;
		while (pr.subcommand() != null)
			pr = pr.subcommand();
		if (pr.isUsageHelpRequested() || pr.isVersionHelpRequested()) return;
		CommandSpec verb = pr.commandSpec();
		for (CommandSpec mixin : verb.mixins().values())
			if (mixin.userObject() instanceof SamplingOptions o)
				try {
					o.settings();
				} catch (IllegalArgumentException e) {
					throw new OptionRanges.OutOfRange(verb.commandLine(), e.getMessage());
				}
	}

	static String message(Throwable e) {
		if (e instanceof java.io.UncheckedIOException && e.getCause() != null && e.getMessage() != null && e.getMessage().equals(e.getCause().toString()))
			e = e.getCause();
		return io.github.scorej.plugin.io.Outputs.reason(e);
	}

	/** picocli's --version: the jar's version. */
	static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
		@Override
		public String[] getVersion() {
			return new String[] { "ScoreJ " + io.github.scorej.plugin.core.Version.get() };
		}
	}

	@Override
	public void run() {
		new CommandLine(this).usage(System.out);
	}
}
