package io.github.scorej.plugin.core;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.Shape;

/** Counts the calls of a denoiser (the NFE) and the time spent inside them. Not thread-safe. */
public final class TimedDenoiser implements Denoiser {

	private final Denoiser inner;
	/** Calls so far, and nanoseconds spent in them. */
	public long calls, nanos;

	public TimedDenoiser(Denoiser inner) {
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
