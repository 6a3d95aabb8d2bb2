package io.github.scorej.plugin.commands;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.plugin.core.LoadedModel;

import java.awt.event.KeyEvent;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Esc stops a network call in flight, not only between sampler steps. */
class ProgressTest {

	@AfterEach
	void release() {
		IJ.resetEscape();
	}

	@Test
	void escapeTerminatesTheRunningNetworkCall() {
		LoadedModel m = LoadedModel.load("bench-convnet-random", null, null); // a network of realistic cost
		Shape big = new Shape(16, 1, 256, 256);
		double[] x = new double[big.size()];
		try (Progress p = new Progress("test", m)) {
			new Thread(() -> {
				try {
					Thread.sleep(300);
				} catch (InterruptedException e) {
					return;
				}
				IJ.setKeyDown(KeyEvent.VK_ESCAPE);
			}).start();
			// one call takes seconds on 2 cores; on a fast GPU calls may end before Esc, so call until one is stopped
			CancellationException e = assertThrows(CancellationException.class, () -> {
				for (long end = System.nanoTime() + 60_000_000_000L; System.nanoTime() < end;)
					m.denoiser().denoise(big, x, 1.0);
			});
			// the message of OrtNetwork's terminated run, not of a sampler noticing Esc between steps
			assertTrue(e.getMessage().contains("network run") || e.getMessage().equals("cancelled"), e.getMessage());
		}
	}
}
