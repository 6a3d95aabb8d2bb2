package io.github.scorej.ops.inverse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static io.github.scorej.ops.inverse.Contracts.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * CT against an independent projector: sinograms made by skimage.transform.radon (Debian's Python),
 * never by ScoreJ's own operator, for skimage's circle=False (⌈√2·N⌉ bins) and circle=True (N bins)
 * detectors, equispaced and irregular angles.
 */
class CtSkimageTest {

	static final int N = 64;

	/** The central N×N of test-images/phantom-held-out.png in [0, 1]; with {@code circle}, 0 outside skimage's inscribed circle. */
	static double[] phantom(boolean circle) {
		try {
			BufferedImage im = ImageIO.read(Path.of("..", "test-images", "phantom-held-out.png").toFile());
			int top = (im.getHeight() - N) / 2, left = (im.getWidth() - N) / 2;
			double[] x = new double[N * N];
			for (int i = 0; i < N; i++)
				for (int j = 0; j < N; j++) {
					boolean out = circle && (i - N / 2) * (i - N / 2) + (j - N / 2) * (j - N / 2) > (N / 2) * (N / 2);
					x[i * N + j] = out ? 0 : (im.getRaster().getSample(left + j, top + i, 0)) / 255.0;
				}
			return x;
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	static double[] irregular() {
		return new double[] { 0, 3, 11, 20, 34, 41, 55, 62, 80, 91, 99, 118, 125, 140, 151, 163, 170, 177 };
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void projectorIsSkimagesRadon(boolean circle) {
		double[] x = phantom(circle);
		for (double[] theta : new double[][] { CtOperator.uniform(30), irregular() }) {
			double[] sk = Skimage.radon(x, N, theta, circle);
			int bins = sk.length / theta.length;
			assertEquals(circle ? N : CtOperator.defaultBins(N, N), bins);
			CtOperator a = CtOperator.of(1, N, N, theta, bins, CtOperator.Filter.RAM_LAK);
			double[] y = Skimage.transpose(sk, theta.length), ours = apply(a, x);
			double err = distance(ours, y) / norm(y);
			assertTrue(err < 1e-3, "circle=" + circle + ", " + theta.length + " angles: relative difference to skimage " + err);
		}
	}
}
