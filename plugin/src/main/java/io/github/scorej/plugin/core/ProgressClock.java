package io.github.scorej.plugin.core;

import java.util.Locale;

/**
 * The arithmetic of a progress display, shared by ImageJ's status bar and the terminal's bar: the
 * fraction done over all sampler runs of a job ({@link io.github.scorej.ops.sample.Callback#plan})
 * and the time left, from the time taken so far.
 * <p>
 * An adaptive solver ({@link #evaluated}) has no step count: the display shows its NFE and the time
 * elapsed. Only once a run has ended is there a measured rate (seconds and evaluations per run), and
 * then the fraction and time left of the later runs are estimated from it.
 */
public final class ProgressClock {

	private final long start = System.nanoTime();
	private int runs, run;
	private int lastRunNfe;
	private long runsEndedNanos;
	private long shown = Long.MIN_VALUE;

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

	/**
	 * Records {@code nfe} evaluations so far of the current run of an adaptive solver ({@code done}: the
	 * run ended) and returns the estimated fraction of the whole job done: whole runs ended, plus a part
	 * of the current one from the NFE of the last ended run (at most 99 % of a run until it ends); NaN
	 * while no run has ended, when nothing is known of how much is left.
	 */
	public double evaluated(int nfe, boolean done) {
		if (done) {
			run++;
			lastRunNfe = nfe;
			runsEndedNanos = System.nanoTime() - start;
			return Math.min(1, (double) run / runs);
		}
		if (lastRunNfe == 0) return Double.NaN;
		return Math.min(1, (run + Math.min(0.99, (double) nfe / lastRunNfe)) / runs);
	}

	/**
	 * Whether to show progress now: at most ten times a second, and always at the end of a run ({@code end}),
	 * so that a sampler's hundreds of steps do not each repaint a status bar or a terminal line.
	 */
	public boolean due(boolean end) {
		long now = System.nanoTime();
		if (!end && shown != Long.MIN_VALUE && now - shown < 100_000_000L) return false;
		shown = now;
		return true;
	}

	/** Seconds since the clock started. */
	public double elapsed() {
		return (System.nanoTime() - start) / 1e9;
	}

	/**
	 * An adaptive solver's progress in words: "NFE 86, run 2/5, 14 s elapsed, about 40 s left" (the time
	 * left only when a run has ended, from the mean time of the runs ended so far).
	 */
	public String adaptive(int nfe) {
		String left = "";
		if (run > 0) {
			double perRun = runsEndedNanos / 1e9 / run, sinceRunEnd = elapsed() - runsEndedNanos / 1e9;
			left = ", about " + duration(Math.max(0, perRun * (runs - run) - sinceRunEnd)) + " left";
		}
		return "NFE " + nfe + (runs > 1 ? ", run " + run() + "/" + runs : "") + ", " + duration(elapsed()) + " elapsed" + left;
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
