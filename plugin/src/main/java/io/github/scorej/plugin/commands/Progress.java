package io.github.scorej.plugin.commands;

import ij.IJ;
import io.github.scorej.ops.model.NetworkDenoiser;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.ProgressClock;

/**
 * ImageJ's progress bar and status line for a sampler's steps, or an adaptive solver's function evaluations. Esc cancels: between steps through
 * {@link #isCancelled()} and, for a network model, within a network call too: a watcher thread polls
 * Esc and terminates the ONNX Runtime run in flight ({@link NetworkDenoiser#cancel()}), so a long call
 * on a large image stops at once. Close it when the run ends.
 */
final class Progress implements Callback, AutoCloseable {

	private final String label;
	private final Thread watcher;
	private final ProgressClock clock = new ProgressClock(1);

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
	public void plan(int runs) {
		clock.plan(runs);
	}

	/** "step 12/30, run 2/8, 1 min 20 s left" in the status line, the fraction of the whole job in the bar. */
	@Override
	public void onStep(int step, int steps, double sigma, double[] x, double[] denoised) {
		int run = clock.run();
		double done = clock.done(step, steps);
		if (!clock.due(step == steps - 1)) return;
		IJ.showStatus(label + ": step " + (step + 1) + "/" + steps + (clock.runs() > 1 ? ", run " + run + "/" + clock.runs() : "") + ", "
				+ ProgressClock.duration(clock.secondsLeft(done)) + " left (Esc cancels)");
		IJ.showProgress(done);
	}

	/** "NFE 86, run 2/5, 14 s elapsed, about 40 s left" for an adaptive solver; the bar moves once a run has ended. */
	@Override
	public void onEvaluation(int nfe, double sigma, boolean done) {
		double fraction = clock.evaluated(nfe, done);
		if (!clock.due(done)) return;
		IJ.showStatus(label + ": " + clock.adaptive(nfe) + " (Esc cancels)");
		if (Double.isFinite(fraction)) IJ.showProgress(fraction);
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
