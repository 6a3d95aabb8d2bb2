package io.github.scorej.plugin.cli;

import io.github.scorej.ops.sample.Callback;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on the terminal (stderr), redrawn at most 10 times a second. */
final class ProgressBar implements Callback {

	private final PrintStream err;
	private final String label;
	private final int chunks;
	private int chunk;
	private long last;
	private final long start = System.nanoTime();

	ProgressBar(PrintStream err, String label, int chunks) {
		this.err = err;
		this.label = label;
		this.chunks = chunks;
	}

	@Override
	public void onStep(int step, int steps, double sigma, double[] x, double[] denoised) {
		long now = System.nanoTime();
		boolean end = step == steps - 1;
		if (!end && now - last < 100_000_000L) return;
		last = now;
		double done = (chunk + (step + 1.0) / steps) / chunks;
		int width = 30, filled = (int) Math.round(done * width);
		double elapsed = (now - start) / 1e9, left = done > 0 ? elapsed * (1 - done) / done : 0;
		err.printf(Locale.ROOT, "\r%s [%s%s] %3.0f%%  step %d/%d  sigma %.4g  %.1fs left ", label, "#".repeat(filled),
				" ".repeat(width - filled), 100 * done, step + 1, steps, sigma, left);
		if (end) {
			chunk++;
			if (chunk == chunks) err.println();
		}
		err.flush();
	}
}
