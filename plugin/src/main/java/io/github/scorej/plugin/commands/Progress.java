package io.github.scorej.plugin.commands;

import ij.IJ;
import io.github.scorej.ops.model.NetworkDenoiser;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.plugin.core.LoadedModel;

/**
 * ImageJ's progress bar and status line for a sampler's steps. Esc cancels: between steps through
 * {@link #isCancelled()} and, for a network model, within a network call too: a watcher thread polls
 * Esc and terminates the ONNX Runtime run in flight ({@link NetworkDenoiser#cancel()}), so a long call
 * on a large image stops at once. Close it when the run ends.
 */
final class Progress implements Callback, AutoCloseable {

	private final String label;
	private final Thread watcher;
	private long last;

	Progress(String label) {
		this(label, null);
	}

	Progress(String label, LoadedModel model) {
		this.label = label;
		IJ.resetEscape();
		if (model != null && model.denoiser() instanceof NetworkDenoiser nd) {
			watcher = new Thread(() -> {
				try {
					while (!IJ.escapePressed())
						Thread.sleep(50);
					nd.cancel();
				} catch (InterruptedException e) {
					// the run ended
				}
			}, "ScoreJ Esc watcher");
			watcher.setDaemon(true);
			watcher.start();
		} else watcher = null;
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

	@Override
	public void close() {
		if (watcher != null) watcher.interrupt();
	}
}
