package io.github.scorej.ops.tile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.GaussianMixtureDenoiser;
import io.github.scorej.ops.model.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class TiledDenoiserTest {

	static double[] random(int n, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		double[] x = new double[n];
		for (int i = 0; i < n; i++)
			x[i] = r.nextGaussian();
		return x;
	}

	@Test
	void pixelwiseDenoiserIsUnchangedByTiling() {
		Denoiser exact = GaussianMixtureDenoiser.gaussian(0.1, 0.4);
		Shape shape = new Shape(2, 3, 45, 70); // not multiples of the tile: last tiles flush with the edge
		double[] x = random(shape.size(), 1);
		for (int overlap : new int[] { 0, 4, 8 }) {
			double[] tiled = new TiledDenoiser(exact, 16, overlap, 5).denoise(shape, x, 0.7);
			assertArrayEquals(exact.denoise(shape, x, 0.7), tiled, 1e-12, "overlap " + overlap);
		}
	}

	@Test
	void innerDenoiserSeesOnlyTilesAndEveryPixelIsCovered() {
		List<Shape> seen = new ArrayList<>();
		Denoiser constant = (s, x, sigma, out) -> {
			seen.add(s);
			java.util.Arrays.fill(out, 2.5);
		};
		Shape shape = new Shape(1, 1, 40, 33);
		double[] out = new TiledDenoiser(constant, 16, 6, 4).denoise(shape, new double[shape.size()], 1);
		for (double v : out)
			assertEquals(2.5, v, 1e-12); // weights normalise: a constant estimate stays constant
		for (Shape s : seen) {
			assertEquals(16, s.h());
			assertEquals(16, s.w());
			assertTrue(s.n() <= 4);
		}
		// 40 rows: starts 0, 10, 20, 24; 33 columns: starts 0, 10, 17 → 12 tiles
		assertEquals(12, seen.stream().mapToInt(Shape::n).sum());
	}

	@Test
	void overlapsAreBlendedSmoothly() {
		// a denoiser that returns the tile's own mean: neighbouring tiles disagree, the blend ramps between them
		Denoiser tileMean = (s, x, sigma, out) -> {
			int per = s.itemSize();
			for (int n = 0; n < s.n(); n++) {
				double m = 0;
				for (int i = 0; i < per; i++)
					m += x[n * per + i] / per;
				for (int i = 0; i < per; i++)
					out[n * per + i] = m;
			}
		};
		Shape shape = new Shape(1, 1, 16, 28);
		double[] x = new double[shape.size()];
		for (int i = 0; i < 16; i++)
			for (int j = 0; j < 28; j++)
				x[i * 28 + j] = j; // a ramp: the two tiles have means 7.5 and 19.5
		double[] out = new TiledDenoiser(tileMean, 16, 4, 8).denoise(shape, x, 1);
		double maxJump = 0;
		for (int j = 1; j < 28; j++)
			maxJump = Math.max(maxJump, Math.abs(out[j] - out[j - 1]));
		assertTrue(maxJump <= (19.5 - 7.5) / 4 + 1e-9, "largest step between columns " + maxJump + " (a seam would jump by 12)");
	}

	@Test
	void refusesBadSettings() {
		Denoiser d = GaussianMixtureDenoiser.gaussian(0, 1);
		assertThrows(IllegalArgumentException.class, () -> new TiledDenoiser(d, 16, 16, 1));
		assertThrows(IllegalArgumentException.class, () -> new TiledDenoiser(d, 0, 0, 1));
		assertThrows(IllegalArgumentException.class, () -> new TiledDenoiser(d, 16, 4, 0));
	}
}
