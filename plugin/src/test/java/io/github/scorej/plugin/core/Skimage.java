package io.github.scorej.plugin.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * skimage.transform's radon and iradon run by Debian's Python (python3-skimage): the independent
 * projector of the CT tests, so that ScoreJ's operator is never both the simulator and the inverse.
 * Arrays travel as little-endian float64 files. (The same helper as ops' tests; test classes do not cross modules.)
 */
public final class Skimage {

	private Skimage() {}

	/** {@code radon(img, theta, circle)}: the sinogram in skimage's layout, bins × angles, row-major; its rows are {@code length / theta.length}. */
	public static double[] radon(double[] img, int n, double[] theta, boolean circle) {
		return run(String.format(Locale.ROOT, "out = radon(a.reshape(%d, %d), theta=th, circle=%s)", n, n, circle ? "True" : "False"), img, theta);
	}

	/** {@code iradon(sino, theta, output_size=n, filter_name, circle)} of a bins × angles sinogram, row-major. */
	public static double[] iradon(double[] sino, int n, double[] theta, String filter, boolean circle) {
		return run(String.format(Locale.ROOT, "out = iradon(a.reshape(-1, %d), theta=th, output_size=%d, filter_name='%s', circle=%s)", theta.length, n,
				filter, circle ? "True" : "False"), sino, theta);
	}

	private static double[] run(String line, double[] a, double[] theta) {
		try {
			Path dir = Files.createTempDirectory("scorej-skimage");
			write(dir.resolve("a"), a);
			write(dir.resolve("theta"), theta);
			String script = "import numpy as np\nfrom skimage.transform import radon, iradon\n"
					+ "a = np.fromfile('a', '<f8'); th = np.fromfile('theta', '<f8')\n" + line + "\nout.astype('<f8').tofile('out')\n";
			Process p = new ProcessBuilder("/usr/bin/python3", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
			String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0)
				throw new IllegalStateException("skimage (python3-skimage, run by /usr/bin/python3; `./scorej test` installs it) failed:\n" + log);
			byte[] b = Files.readAllBytes(dir.resolve("out"));
			double[] out = new double[b.length / 8];
			ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
			for (String f : new String[] { "a", "theta", "out" })
				Files.delete(dir.resolve(f));
			Files.delete(dir);
			return out;
		} catch (IOException e) {
			throw new IllegalStateException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static void write(Path f, double[] v) throws IOException {
		ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asDoubleBuffer().put(v);
		Files.write(f, b.array());
	}

	/** The sinogram in ScoreJ's order (angle after angle) from skimage's bins × angles. */
	public static double[] transpose(double[] binsAngles, int angles) {
		int bins = binsAngles.length / angles;
		double[] y = new double[binsAngles.length];
		for (int b = 0; b < bins; b++)
			for (int a = 0; a < angles; a++)
				y[a * bins + b] = binsAngles[b * angles + a];
		return y;
	}
}
