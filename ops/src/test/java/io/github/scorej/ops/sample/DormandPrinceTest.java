package io.github.scorej.ops.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RK45 against closed forms, forwards and backwards in time. */
class DormandPrinceTest {

	/** y' = (−y₀ t, y₁ cos t): y₀ = e^{−t²/2}, y₁ = e^{sin t}. */
	static final DormandPrince.Rhs F = (t, y, out) -> {
		out[0] = -y[0] * t;
		out[1] = y[1] * Math.cos(t);
	};

	@Test
	void forwardAndBackward() {
		for (double tol : new double[] { 1e-5, 1e-8 }) {
			double[] y = { 1, 1 };
			int[] accepted = { 0 };
			double[] last = { 0 };
			DormandPrince.Result r = DormandPrince.integrate(F, 0, 3, y, tol, tol, (t, s) -> {
				assertTrue(t > last[0]);
				last[0] = t;
				accepted[0]++;
			});
			assertEquals(3, last[0], 0);
			assertEquals(accepted[0], r.steps());
			assertTrue((r.nfe() - 2) % 6 == 0, "nfe " + r.nfe());
			assertEquals(Math.exp(-4.5), y[0], 50 * tol);
			assertEquals(Math.exp(Math.sin(3)), y[1], 50 * tol);
			// and back to the start
			DormandPrince.integrate(F, 3, 0, y, tol, tol, null);
			assertEquals(1, y[0], 100 * tol);
			assertEquals(1, y[1], 100 * tol);
		}
		assertEquals(0, DormandPrince.integrate(F, 1, 1, new double[2], 1e-5, 1e-5, null).nfe());
		assertThrows(IllegalArgumentException.class, () -> DormandPrince.integrate(F, 0, 1, new double[2], 0, 1e-5, null));
	}
}
