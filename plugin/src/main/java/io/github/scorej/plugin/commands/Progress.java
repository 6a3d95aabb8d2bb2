package io.github.scorej.plugin.commands;

import ij.IJ;
import io.github.scorej.ops.sample.Callback;

/** ImageJ's progress bar and status line for a sampler's steps; Esc cancels between steps. */
final class Progress implements Callback {

	private final String label;
	private long last;

	Progress(String label) {
		this.label = label;
		IJ.resetEscape();
	}

	@Override
	public void onStep(int step, int steps, double sigma, double[] x, double[] denoised) {
		long now = System.nanoTime();
		if (step < steps - 1 && now - last < 100_000_000L) return;
		last = now;
		IJ.showStatus(label + ": step " + (step + 1) + "/" + steps + " (Esc cancels)");
		IJ.showProgress(step + 1, steps);
	}

	@Override
	public boolean isCancelled() {
		return IJ.escapePressed();
	}
}
