package io.github.scorej.plugin.core;

import java.util.Locale;

/**
 * The arithmetic of a progress display, shared by ImageJ's status bar and the terminal's bar: the
 * fraction done over all sampler runs of a job ({@link io.github.scorej.ops.sample.Callback#plan})
 * and the time left, from the time taken so far.
 */
public final class ProgressClock {

	private final long start = System.nanoTime();
	private int runs, run;

	/** @param runs sampler runs expected, until {@link #plan} says otherwise */
	public ProgressClock(int runs) {
		plan(runs);
	}

	public void plan(int runs) {
		this.runs = Math.max(1, runs);
		run = 0;
	}

	/**
	 * Records step {@code step} (0-based) of {@code steps} of the current run and returns the fraction
	 * of the whole job done; the run after the last step of one is the next.
	 */
	public double done(int step, int steps) {
		double done = Math.min(1, (run + (step + 1.0) / steps) / runs);
		if (step == steps - 1) run++;
		return done;
	}

	/** The current run, from 1 (after the last run: the last). */
	public int run() {
		return Math.min(runs, run + 1);
	}

	public int runs() {
		return runs;
	}

	/** Whether the current step is the last of the whole job. */
	public boolean finished() {
		return run >= runs;
	}

	/** Seconds left, from the time taken for the fraction done so far. */
	public double secondsLeft(double done) {
		double elapsed = (System.nanoTime() - start) / 1e9;
		return done > 0 ? elapsed * (1 - done) / done : Double.NaN;
	}

	/** Seconds as a person reads them: "42 s", "3 min 05 s", "1 h 02 min"; "?" when not yet known. */
	public static String duration(double seconds) {
		if (!Double.isFinite(seconds)) return "?";
		long s = Math.round(seconds);
		if (s < 60) return s + " s";
		if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
		return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
	}
}
