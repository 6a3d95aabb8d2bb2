package io.github.scorej.plugin.cli;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.Shape;

/** Counts the calls of a denoiser and the time spent inside them. */
final class TimedDenoiser implements Denoiser {

	private final Denoiser inner;
	long calls, nanos;

	TimedDenoiser(Denoiser inner) {
		this.inner = inner;
	}

	@Override
	public void denoise(Shape shape, double[] x, double sigma, double[] out) {
		long t0 = System.nanoTime();
		inner.denoise(shape, x, sigma, out);
		nanos += System.nanoTime() - t0;
		calls++;
	}
}
