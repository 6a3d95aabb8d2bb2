package io.github.scorej.plugin.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code scorej <verb> …}: ScoreJ without a display, over the same engine as the ImageJ commands. */
@Command(name = "scorej", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
		description = "Score-based generative models (diffusion models) on images.",
		subcommands = { GenerateCommand.class, InpaintCommand.class, ColorizeCommand.class, RestoreCommand.class, SamplersCommand.class, ModelsCommand.class, BenchCommand.class, DemoCommand.class, Img2ImgCommand.class, ImageJCommand.class })
public final class Main implements Runnable {

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
		// every numeric option against its declared range, right after parsing and before any model loads
		cl.setExecutionStrategy(parsed -> {
			OptionRanges.check(parsed);
			return new CommandLine.RunLast().execute(parsed);
		});
		CommandLine.IParameterExceptionHandler usage = cl.getParameterExceptionHandler();
		cl.setParameterExceptionHandler((e, rest) -> {
			String line = OptionRanges.oneLine(e);
			if (line == null) return usage.handleParseException(e, rest);
			e.getCommandLine().getErr().println("scorej " + OptionRanges.verbName(e.getCommandLine().getCommandSpec()) + ": " + line);
			return CommandLine.ExitCode.USAGE;
		});
		try {
			return cl.execute(args);
		} catch (OutOfMemoryError e) {
			System.err.println("scorej: " + io.github.scorej.plugin.core.MemoryCheck.outOfMemory(String.join(" ", args)));
			return 1;
		}
	}

	/** Every verb, as {@link #run} parses them. */
	static CommandLine commandLine() {
		CommandLine cl = new CommandLine(new Main());
		cl.addSubcommand(new LikelihoodCommand());
		return cl;
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
