package io.github.scorej.ops.schedule;

import io.github.scorej.ops.sde.VeSde;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SchedulesTest {

	@Test
	void karrasEndsAndRho() {
		double[] s = Schedules.karras(18, 0.002, 80, 7);
		assertEquals(19, s.length);
		assertEquals(80, s[0], 1e-12);
		assertEquals(0.002, s[17], 1e-15);
		assertEquals(0, s[18]);
		double mid = Math.pow(Math.pow(80, 1 / 7.0) + 0.5 * (Math.pow(0.002, 1 / 7.0) - Math.pow(80, 1 / 7.0)), 7);
		assertEquals(mid, Schedules.karras(3, 0.002, 80, 7)[1], 1e-12);
		for (int i = 1; i < 18; i++)
			assertTrue(s[i] < s[i - 1]);
	}

	@Test
	void exponentialIsUniformInLogSigma() {
		double[] s = Schedules.exponential(5, 0.01, 100);
		for (int i = 1; i < 5; i++)
			assertEquals(Math.log(100 / 0.01) / 4, Math.log(s[i - 1] / s[i]), 1e-12);
		assertArrayEquals(s, Schedules.polyexponential(5, 0.01, 100, 1), 1e-12);
	}

	/** Lin et al. 2024, Table 2 (1000 training steps, 10 sampling steps), and steps_offset 1 of Stable Diffusion's scheduler. */
	@Test
	void diffusersTimestepsAreTheTableOfLinEtAl() {
		assertArrayEquals(new int[] { 999, 888, 777, 666, 555, 444, 333, 222, 111, 0 }, Schedules.diffusersTimesteps("linspace", 10, 1000, 0));
		assertArrayEquals(new int[] { 900, 800, 700, 600, 500, 400, 300, 200, 100, 0 }, Schedules.diffusersTimesteps("leading", 10, 1000, 0));
		assertArrayEquals(new int[] { 999, 899, 799, 699, 599, 499, 399, 299, 199, 99 }, Schedules.diffusersTimesteps("trailing", 10, 1000, 0));
		assertArrayEquals(new int[] { 901, 801, 701, 601, 501, 401, 301, 201, 101, 1 }, Schedules.diffusersTimesteps("leading", 10, 1000, 1));
		// numpy's rounding: half to even (499.5 -> 500), and arange(1000, 0, -333.33...) - 1
		assertArrayEquals(new int[] { 999, 500, 0 }, Schedules.diffusersTimesteps("linspace", 3, 1000, 0));
		assertArrayEquals(new int[] { 999, 666, 332 }, Schedules.diffusersTimesteps("trailing", 3, 1000, 0));
		assertThrows(IllegalArgumentException.class, () -> Schedules.diffusersTimesteps("leading", 1001, 1000, 0));
		assertThrows(IllegalArgumentException.class, () -> Schedules.diffusersTimesteps("leading", 10, 1000, 100));
		assertThrows(IllegalArgumentException.class, () -> Schedules.diffusersTimesteps("uniform", 10, 1000, 0));
	}

	@Test
	void vpScheduleMatchesTheFormula() {
		double[] s = Schedules.vp(3, 19.9, 0.1, 1e-3);
		double t = (1 + 1e-3) / 2;
		assertEquals(Math.sqrt(Math.exp(19.9 * t * t / 2 + 0.1 * t) - 1), s[1], 1e-12);
		assertEquals(Math.sqrt(Math.exp(19.9 / 2 + 0.1) - 1), s[0], 1e-9);
	}

	@Test
	void sdeScheduleFollowsTheSdeTimeGrid() {
		VeSde ve = new VeSde(0.01, 50);
		double[] s = Schedules.sde(3, ve);
		assertEquals(50, s[0], 1e-12);
		assertEquals(ve.sigma(1e-5), s[2], 1e-15);
		assertEquals(ve.sigma((1 + 1e-5) / 2), s[1], 1e-12);
	}

	@Test
	void oneStepIsTheLargestSigma() {
		assertArrayEquals(new double[] { 80, 0 }, Schedules.karras(1, 0.002, 80, 7), 1e-12);
	}

	@Test
	void badInputIsNamed() {
		var e = assertThrows(IllegalArgumentException.class, () -> Schedules.get("cosine", 10, 0.01, 1, Double.NaN, null));
		assertTrue(e.getMessage().contains("karras"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Schedules.karras(0, 0.01, 1, 7));
		assertTrue(e.getMessage().contains("steps"));
		assertThrows(IllegalArgumentException.class, () -> Schedules.karras(10, 2, 1, 7));
	}
}
