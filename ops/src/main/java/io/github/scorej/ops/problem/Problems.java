package io.github.scorej.ops.problem;

import io.github.scorej.ops.classical.Classical;
import io.github.scorej.ops.inverse.LinearOperator;
import io.github.scorej.ops.sample.Params;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The registry of restoration tasks, each with its defaults: a new task is its own file and one line
 * here. Names resolve case-insensitively, by key or alias.
 */
public final class Problems {

	/** Every task with its defaults, in the order the command line lists them. */
	public static final List<Problem> ALL = List.of(
			new DenoiseProblem(),
			new DeblurProblem(),
			new SuperResolveProblem(),
			new CtProblem(),
			new MriProblem(),
			new InpaintProblem(),
			new ColorizeProblem());

	private Problems() {}

	/** The task named {@code name} (a key or an alias, any case), with its defaults; the error lists the keys. */
	public static Problem of(String name) {
		String n = name.toLowerCase(Locale.ROOT).trim();
		for (Problem p : ALL)
			if (p.key().equals(n) || p.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(n))) return p;
		throw new IllegalArgumentException("unknown task '" + name + "'; choose one of " + keys(ALL, ", "));
	}

	/** The tasks run by {@code verb} (restore, inpaint, colorize). */
	public static List<Problem> ofVerb(String verb) {
		return ALL.stream().filter(p -> p.verb().equals(verb)).toList();
	}

	/** "denoise, deblur, …": the keys of {@code problems}, the last two joined by {@code last} (", " or " or "). */
	public static String keys(List<Problem> problems, String last) {
		String all = problems.stream().map(Problem::key).collect(Collectors.joining(", "));
		int at = all.lastIndexOf(", ");
		return at < 0 ? all : all.substring(0, at) + last + all.substring(at + 2);
	}

	/**
	 * {@code p} with the values of its parameters found in {@code options} (by name, as text); options
	 * that are not its parameters are ignored, so that one set of options configures any task.
	 */
	public static Problem configure(Problem p, Map<String, String> options) {
		Params v = p.values();
		for (Map.Entry<String, String> e : options.entrySet())
			if (v.has(e.getKey())) v = v.with(e.getKey(), e.getValue());
		return p.with(v);
	}

	/** A x. */
	static double[] apply(LinearOperator op, double[] x) {
		double[] y = new double[op.measurementSize()];
		op.apply(x, y);
		return y;
	}

	/**
	 * The task's classical baselines ({@link Problem#baselines}), best (smallest error to the truth)
	 * first: what a diffusion method has to beat.
	 *
	 * @param y a measurement of {@code op}; truth the ground truth of the output's size
	 */
	public static List<Classical.Best> classical(Problem p, LinearOperator op, double[] y, double[] truth) {
		if (y.length != op.measurementSize())
			throw new IllegalArgumentException("measurement has " + y.length + " values, expected " + op.measurementSize());
		List<Classical.Best> out = new ArrayList<>(p.baselines(op, y, truth));
		out.sort(Comparator.comparingDouble(Classical.Best::mse));
		return out;
	}
}
