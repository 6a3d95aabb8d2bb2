package io.github.scorej.plugin.cli;

import io.github.scorej.ops.sample.Callback;
import io.github.scorej.plugin.core.ProgressClock;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on the terminal (stderr), redrawn at most 10 times a second. */
final class ProgressBar implements Callback {

	private final PrintStream err;
	private final String label;
	private final ProgressClock clock;

	/** @param runs sampler runs expected, until the job's {@link #plan} says otherwise */
	ProgressBar(PrintStream err, String label, int runs) {
		this.err = err;
		this.label = label;
		this.clock = new ProgressClock(runs);
	}

	@Override
	public void plan(int runs) {
		clock.plan(runs);
	}

	@Override
	public void onStep(int step, int steps, double sigma, double[] x, double[] denoised) {
		int run = clock.run();
		double done = clock.done(step, steps);
		if (!clock.due(step == steps - 1)) return;
		int width = 30, filled = (int) Math.round(done * width);
		err.printf(Locale.ROOT, "\r%s [%s%s] %3.0f%%  %sstep %d/%d  sigma %.4g  %s left ", label, "#".repeat(filled), " ".repeat(width - filled),
				100 * done, clock.runs() > 1 ? "run " + run + "/" + clock.runs() + "  " : "", step + 1, steps, sigma,
				ProgressClock.duration(clock.secondsLeft(done)));
		if (clock.finished()) err.println();
		err.flush();
	}

	/** "label [####      ]  33%  NFE 86, run 2/5, 14 s elapsed, about 40 s left", the bar empty until a run has ended. */
	@Override
	public void onEvaluation(int nfe, double sigma, boolean done) {
		double fraction = clock.evaluated(nfe, done);
		if (!clock.due(done)) return;
		int width = 30, filled = Double.isFinite(fraction) ? (int) Math.round(fraction * width) : 0;
		err.printf(Locale.ROOT, "\r%s [%s%s] %s  %s  sigma %.4g ", label, "#".repeat(filled), " ".repeat(width - filled),
				Double.isFinite(fraction) ? String.format(Locale.ROOT, "%3.0f%%", 100 * fraction) : "   ?", clock.adaptive(nfe), sigma);
		if (clock.finished()) err.println();
		err.flush();
	}
}
