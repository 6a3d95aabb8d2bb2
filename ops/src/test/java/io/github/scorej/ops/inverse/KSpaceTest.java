package io.github.scorej.ops.inverse;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link KSpace} against numpy (Debian's /usr/bin/python3, as ExporterPythonTest): k-space made by numpy's
 * {@code fft2} in every layout and scaling, converted to the operator's centred unitary k-space, must equal
 * {@link MriOperator#kspace}, for even and odd sizes; and back.
 */
class KSpaceTest {

	/** numpy's k-space of x (h × w, row-major) in the given layout, interleaved (re, im). */
	static double[] numpy(double[] x, int h, int w, String shift, String norm) throws IOException, InterruptedException {
		String script = String.join("\n", "import sys, numpy as np",
				"h, w, shift, norm = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]",
				"x = np.array(sys.stdin.read().split(), dtype=float).reshape(h, w)",
				"if shift == 'none': k = np.fft.fft2(x, norm=norm)",
				"elif shift == 'fftshift': k = np.fft.fftshift(np.fft.fft2(x, norm=norm))",
				"else: k = np.fft.fftshift(np.fft.fft2(np.fft.ifftshift(x), norm=norm))",
				"print(' '.join(repr(v) for v in np.stack([k.real, k.imag], -1).ravel()))");
		Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, "" + h, "" + w, shift, norm).redirectErrorStream(true).start();
		StringBuilder in = new StringBuilder();
		for (double v : x)
			in.append(v).append(' ');
		p.getOutputStream().write(in.toString().getBytes(StandardCharsets.UTF_8));
		p.getOutputStream().close();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(60, TimeUnit.SECONDS));
		assertEquals(0, p.exitValue(), out);
		return Arrays.stream(out.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
	}

	@Test
	void numpysLayoutsConvertToTheOperatorsKSpace() throws Exception {
		for (int[] hw : new int[][] { { 6, 8 }, { 5, 7 } }) {
			int h = hw[0], w = hw[1];
			MriOperator a = MriOperator.cartesian(1, h, w, 1, 0, MriOperator.Pattern.EQUISPACED, 0);
			double[] x = new Random(h).doubles(h * w, 0, 1).toArray(), t = new double[2 * h * w];
			a.kspace(x, t);
			for (KSpace.Shift s : KSpace.Shift.values())
				for (KSpace.Norm n : KSpace.Norm.values()) {
					KSpace k = new KSpace(s, n);
					double[] user = numpy(x, h, w, s.key, n.key);
					assertArrayEquals(t, k.toCentred(user, h, w), 1e-9, k + " " + h + "x" + w);
					assertArrayEquals(user, k.fromCentred(t, h, w), 1e-9 * (n == KSpace.Norm.BACKWARD ? h * w : 1), k + " back");
				}
		}
	}

	@Test
	void masksMoveWithTheirPointsAndNamesAreChecked() {
		int h = 5, w = 4;
		boolean[] m = new boolean[h * w];
		m[0] = true; // k = 0 of numpy's layout
		boolean[] c = KSpace.NUMPY.maskToCentred(m, h, w);
		assertTrue(c[(h / 2) * w + w / 2], "k = 0 sits at (H/2, W/2) centred");
		assertArrayEquals(m, KSpace.NUMPY.maskFromCentred(c, h, w));
		assertArrayEquals(m, KSpace.FASTMRI.maskToCentred(m, h, w));
		assertEquals(KSpace.FASTMRI, KSpace.of("centred", "ortho"));
		assertEquals("np.fft.fft2(x)", KSpace.NUMPY.describe());
		assertEquals("k-space shift 'middle' is not one of none, fftshift, centred",
				assertThrows(IllegalArgumentException.class, () -> KSpace.of("middle", "ortho")).getMessage());
		assertEquals("k-space norm 'unitary' is not one of backward, ortho, forward",
				assertThrows(IllegalArgumentException.class, () -> KSpace.of("none", "unitary")).getMessage());
	}
}
