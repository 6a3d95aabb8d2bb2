package io.github.scorej.plugin.cli;

import io.github.scorej.ops.inverse.Measurement;
import io.github.scorej.ops.problem.CtProblem;
import io.github.scorej.ops.problem.DeblurProblem;
import io.github.scorej.ops.problem.MriProblem;
import io.github.scorej.ops.problem.SuperResolveProblem;
import io.github.scorej.ops.inverse.Restoration;
import io.github.scorej.ops.likelihood.AnomalyMap;
import io.github.scorej.ops.onnx.OrtNetwork;
import io.github.scorej.ops.sample.Generator;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.plugin.core.Generation;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.image.Normalization;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.util.Map;
import java.util.Set;

/**
 * Which declaration ({@link Param}) gives the range of each numeric option of every verb, and the
 * check that runs right after parsing, before any model loads: "--rho: 0 is outside (0, 100]". The
 * ranges themselves are declared once, next to what uses the value (the schedule's in
 * {@link Generator}, σ_y in {@link Measurement}, …), and the ImageJ commands reach the same
 * declarations through the core objects they build ({@code SamplingSettings}, {@code Restorations.Request}).
 * A test checks that every numeric option of every verb is listed here.
 */
final class OptionRanges {

	private OptionRanges() {}

	/** Options that mean the same in every verb that has them. */
	private static final Map<String, Param<?>> COMMON = Map.ofEntries(
			Map.entry("--steps", Generator.STEPS),
			Map.entry("--sigma-min", Generator.SIGMA_MIN),
			Map.entry("--sigma-max", Generator.SIGMA_MAX),
			Map.entry("--rho", Generator.RHO),
			Map.entry("--batch", OrtNetwork.Options.BATCH),
			Map.entry("--threads", OrtNetwork.Options.THREADS),
			Map.entry("--count", Generation.COUNT),
			Map.entry("--guidance", LoadedModel.GUIDANCE),
			Map.entry("--strength", Generation.STRENGTH),
			Map.entry("--sigma-start", Generation.SIGMA_START),
			Map.entry("--low", Normalization.LOW),
			Map.entry("--high", Normalization.HIGH),
			Map.entry("--samples", Restoration.SAMPLES),
			Map.entry("--sigma-y", Measurement.SIGMA_Y),
			Map.entry("--psf-sigma", DeblurProblem.PSF_SIGMA),
			Map.entry("--factor", SuperResolveProblem.FACTOR),
			Map.entry("--angles", CtProblem.ANGLES),
			Map.entry("--acceleration", MriProblem.ACCELERATION),
			Map.entry("--centre-lines", MriProblem.CENTRE_LINES),
			Map.entry("--sigma", AnomalyMap.SIGMA),
			Map.entry("--tile", AnomalyMap.TILE));

	/** Options whose meaning depends on the verb (its qualified name without "scorej "). */
	private static final Map<String, Map<String, Param<?>>> BY_VERB = Map.of(
			"generate", Map.of("--size", Generation.SIZE),
			"restore", Map.of("--size", CtProblem.SIZE),
			"bench", Map.of("--size", Generation.SIZE, "--repeats", BenchCommand.REPEATS),
			"bench restore", Map.of("--size", RestoreBenchCommand.SIZE),
			"likelihood", Map.of("--repeats", AnomalyMap.REPEATS));

	/** Numeric options that take every value of their type: any long is a seed. */
	static final Set<String> ANY_VALUE = Set.of("--seed");

	private static final Set<Class<?>> NUMERIC = Set.of(int.class, Integer.class, long.class, Long.class, double.class, Double.class,
			float.class, Float.class, short.class, Short.class, byte.class, Byte.class);

	/** Whether an option takes a number. */
	static boolean numeric(OptionSpec o) {
		return NUMERIC.contains(o.type());
	}

	/** The declaration of a verb's option, or null where none is listed. */
	static Param<?> declaration(CommandSpec verb, OptionSpec o) {
		String name = o.longestName();
		Map<String, Param<?>> own = BY_VERB.getOrDefault(verbName(verb), Map.of());
		return own.containsKey(name) ? own.get(name) : COMMON.get(name);
	}

	static String verbName(CommandSpec verb) {
		String q = verb.qualifiedName();
		int space = q.indexOf(' ');
		return space < 0 ? q : q.substring(space + 1);
	}

	/**
	 * Checks every numeric option of the verb that runs (given or defaulted) against its declaration,
	 * and --sigma-min ≤ --sigma-max; the error is a {@link OutOfRange} naming the option, the value and the range.
	 */
	static void check(ParseResult parsed) {
		ParseResult pr = parsed;
		while (pr.subcommand() != null)
			pr = pr.subcommand();
		CommandSpec verb = pr.commandSpec();
		CommandLine cl = pr.commandSpec().commandLine();
		for (OptionSpec o : verb.options()) {
			if (!numeric(o)) continue;
			Object value = o.getValue();
			if (value == null || ANY_VALUE.contains(o.longestName())) continue;
			Param<?> p = declaration(verb, o);
			if (p == null) throw new IllegalStateException(o.longestName() + " of 'scorej " + verbName(verb) + "' has no declared range");
			try {
				p.check(o.longestName(), ((Number) value).doubleValue());
			} catch (IllegalArgumentException e) {
				throw new OutOfRange(cl, e.getMessage());
			}
		}
		OptionSpec min = verb.findOption("--sigma-min"), max = verb.findOption("--sigma-max");
		if (min != null && max != null && min.getValue() != null && max.getValue() != null
				&& ((Number) min.getValue()).doubleValue() > ((Number) max.getValue()).doubleValue())
			throw new OutOfRange(cl, "--sigma-min: " + Param.format(((Number) min.getValue()).doubleValue()) + " is above --sigma-max "
					+ Param.format(((Number) max.getValue()).doubleValue()));
	}

	/**
	 * The one line for an error about a numeric option: an {@link OutOfRange}'s message, or for a value that is not a
	 * number of the option's type ("9999999999", "abc") "--steps: '9999999999' is not an integer in [1, 10000]";
	 * null for any other error (picocli then prints its message and the usage).
	 */
	static String oneLine(ParameterException e) {
		if (e instanceof OutOfRange) return e.getMessage();
		if (!(e.getArgSpec() instanceof OptionSpec o) || !numeric(o) || e.getValue() == null) return null;
		Param<?> p = declaration(e.getCommandLine().getCommandSpec(), o);
		boolean integral = p != null ? p.kind() == Param.Kind.INTEGER : o.type() != double.class && o.type() != Double.class;
		return o.longestName() + ": '" + e.getValue() + "' is not " + (integral ? "an integer" : "a number") + (p != null ? " in " + p.range() : "");
	}

	/** A number outside its declared range: reported as one line, "scorej VERB: --OPTION: VALUE is outside RANGE". */
	static final class OutOfRange extends ParameterException {
		private static final long serialVersionUID = 1L;

		OutOfRange(CommandLine cl, String message) {
			super(cl, message);
		}
	}
}
