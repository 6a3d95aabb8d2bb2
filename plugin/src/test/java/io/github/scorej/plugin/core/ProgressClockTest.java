package io.github.scorej.plugin.core;

import ij.ImagePlus;
import ij.gui.NewImage;
import io.github.scorej.ops.problem.Problems;
import io.github.scorej.ops.sample.Callback;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Progress over every sampler run of a job: the plan a restoration announces, and the fraction and time it gives. */
class ProgressClockTest {

	/** Shown at once, then not again within a tenth of a second unless a run ends. */
	@Test
	void progressIsShownAtMostTenTimesASecondAndAtEveryEnd() throws InterruptedException {
		ProgressClock c = new ProgressClock(1);
		assertTrue(c.due(false), "the first step");
		assertFalse(c.due(false), "a step right after");
		assertTrue(c.due(true), "the end of a run");
		Thread.sleep(120);
		assertTrue(c.due(false), "a step a tenth of a second later");
	}

	@Test
	void theFractionCoversEveryRun() {
		ProgressClock c = new ProgressClock(1);
		c.plan(3);
		for (int run = 1; run <= 3; run++)
			for (int step = 0; step < 10; step++) {
				assertEquals(run, c.run());
				double done = c.done(step, 10);
				assertEquals(((run - 1) + (step + 1) / 10.0) / 3, done, 1e-12);
			}
		assertTrue(c.finished());
		assertEquals(0, c.secondsLeft(1.0), 0);
		assertTrue(Double.isNaN(c.secondsLeft(0)));
		assertEquals("42 s", ProgressClock.duration(42.2));
		assertEquals("3 min 05 s", ProgressClock.duration(185));
		assertEquals("1 h 02 min", ProgressClock.duration(3720));
		assertEquals("?", ProgressClock.duration(Double.NaN));
	}

	/**
	 * An adaptive solver: no fraction and no time left until a run has ended; then the fraction of the later
	 * runs from the last run's NFE (never a whole run before it ends), and the time left from the measured time per run.
	 */
	@Test
	void anAdaptiveSolverShowsItsNfeAndEstimatesOnlyFromAMeasuredRun() throws InterruptedException {
		ProgressClock c = new ProgressClock(1);
		c.plan(4);
		assertTrue(Double.isNaN(c.evaluated(10, false)));
		assertTrue(c.adaptive(10).matches("NFE 10, run 1/4, \\d+ s elapsed"), c.adaptive(10));
		Thread.sleep(20);
		assertEquals(0.25, c.evaluated(80, true), 1e-12);
		assertEquals((1 + 40 / 80.0) / 4, c.evaluated(40, false), 1e-12);
		assertEquals((1 + 0.99) / 4, c.evaluated(200, false), 1e-12, "a run is never done before it ends");
		assertTrue(c.adaptive(200).matches("NFE 200, run 2/4, \\d+ s elapsed, about \\d+ s left"), c.adaptive(200));
		for (int run = 2; run <= 4; run++)
			c.evaluated(80, true);
		assertTrue(c.finished());
		assertTrue(c.adaptive(80).endsWith("about 0 s left"), c.adaptive(80));
	}

	/** A 3-plane stack, 5 samples in batches of 2: 3 × 3 runs announced, and that many runs of steps reported. */
	@Test
	void aRestorationPlansItsRuns() {
		LoadedModel m = LoadedModel.load("gaussian-mixture-edm", null, null);
		ImagePlus stack = NewImage.createByteImage("stack", 16, 16, 3, NewImage.FILL_RAMP);
		List<Integer> plans = new ArrayList<>();
		int[] lastSteps = { 0 };
		Callback record = new Callback() {
			@Override
			public void plan(int runs) {
				plans.add(runs);
			}

			@Override
			public void onStep(int step, int steps, double sigma, double[] x, double[] denoised) {
				if (step == steps - 1) lastSteps[0]++;
			}
		};
		SamplingSettings settings = new SamplingSettings(null, null, 4, null, null, null, null, 1);
		// σ_y 40 grey levels: the mixture of constant images cannot fit a ramp, and at σ_y 5 the guard refuses the result
		Restorations.restore(m, settings, stack, Restorations.Request.of(Problems.of("denoise")).withSigmaY(40).withSamples(5, false),
				2, record);
		assertEquals(List.of(9), plans);
		assertEquals(9, lastSteps[0]);
	}
}
