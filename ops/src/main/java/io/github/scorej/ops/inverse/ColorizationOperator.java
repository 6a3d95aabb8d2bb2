package io.github.scorej.ops.inverse;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * y = w_R·R + w_G·G + w_B·B per pixel: a 3-channel image to its grey level (H·W values), with weights w
 * that sum to 1. {@link Grey#MEAN} (1/3 each) is ImageJ's RGB → 8-bit with "weighted RGB conversions" off
 * (its default); {@link Grey#REC601} (0.299, 0.587, 0.114) is ImageJ's weighted conversion, OpenCV's and
 * Pillow's; {@link Grey#REC709} (0.2125, 0.7154, 0.0721) is scikit-image's {@code rgb2gray}.
 *
 * <p>The colour space is decoupled by a fixed orthonormal matrix Q per pixel, d = Q x, whose first row is
 * q₀ = w/|w|; then y = |w|·d₀. For the mean, Q has rows q₀ = (1,1,1)/√3, q₁ = (−2,1,1)/√6,
 * q₂ = (0,1,−1)/√2, the transpose of the matrix M of score_sde's {@code controllable_generation.py}
 * ({@code decouple(x) = einsum('bihw,ij->bjhw', x, M)}); for other weights q₁ is (−2,1,1)/√6 made
 * orthogonal to q₀ (Gram–Schmidt) and q₂ = q₁ × q₀.
 *
 * <p>SVD: V = Qᵀ per pixel (spectral coordinates: the whole d₀ plane, then d₁, then d₂),
 * s = |w| for the H·W coordinates of d₀, U = I. Masked transform: T = diag(|w|, 1, 1)·Q, scaled
 * so that its first channel is the grey level itself and Λ T = A exactly; Λ = that first channel.
 * A† y = w y/|w|² (Moore–Penrose): the grey level in all three channels for the mean, a tinted grey for
 * other weights; {@link #greyCopy} is the grey level in all three channels for any weights (A·greyCopy(y) = y
 * because the weights sum to 1). Immutable and safe to share.
 */
public final class ColorizationOperator extends ImageOperator {

	/** What "grey" means: the weights of R, G and B. */
	public enum Grey {
		/** (R + G + B)/3: ImageJ's default RGB → 8-bit. */
		MEAN("mean", 1 / 3.0, 1 / 3.0, 1 / 3.0),
		/** ITU-R BT.601 luma, 0.299 R + 0.587 G + 0.114 B: ImageJ's weighted conversion, OpenCV, Pillow. */
		REC601("rec601", 0.299, 0.587, 0.114),
		/** ITU-R BT.709 luminance as scikit-image's {@code rgb2gray} has it, 0.2125 R + 0.7154 G + 0.0721 B. */
		REC709("rec709", 0.2125, 0.7154, 0.0721);

		/** The name users type. */
		public final String key;
		private final double[] w;

		Grey(String key, double r, double g, double b) {
			this.key = key;
			this.w = new double[] { r, g, b };
		}

		/** The weights of R, G and B (a copy). */
		public double[] weights() {
			return w.clone();
		}

		/** The grey named {@code name} (any case); the error lists the names. */
		public static Grey of(String name) {
			for (Grey g : values())
				if (g.key.equalsIgnoreCase(name.trim())) return g;
			throw new IllegalArgumentException("grey '" + name + "' is not one of mean, rec601, rec709");
		}
	}

	private static final double R3 = Math.sqrt(3), R6 = Math.sqrt(6), R2 = Math.sqrt(2);
	/** score_sde's decoupling for the mean, exactly. */
	private static final double[][] MEAN_Q = { { 1 / R3, 1 / R3, 1 / R3 }, { -2 / R6, 1 / R6, 1 / R6 }, { 0, 1 / R2, -1 / R2 } };

	private final Grey grey;
	/** |w|, and Q: row k is the k-th decoupled colour direction. */
	private final double norm;
	private final double[][] q;

	/** The operator of the unweighted mean (R + G + B)/3. */
	public ColorizationOperator(int height, int width) {
		this(height, width, Grey.MEAN);
	}

	public ColorizationOperator(int height, int width, Grey grey) {
		super(3, height, width);
		this.grey = grey;
		this.q = grey == Grey.MEAN ? MEAN_Q : basis(grey.w);
		this.norm = grey == Grey.MEAN ? 1 / R3 : Math.sqrt(dot(grey.w, grey.w));
	}

	/** A colorization operator for an image of the given channels; refuses anything but 3. */
	public static ColorizationOperator of(int channels, int height, int width, Grey grey) {
		if (channels != 3) throw new IllegalArgumentException("colorization needs 3 channels (RGB), the image has " + channels);
		return new ColorizationOperator(height, width, grey);
	}

	/** The unweighted mean's operator for an image of the given channels; refuses anything but 3. */
	public static ColorizationOperator of(int channels, int height, int width) {
		return of(channels, height, width, Grey.MEAN);
	}

	/** What grey means here. */
	public Grey grey() {
		return grey;
	}

	/** Q for weights w: q₀ = w/|w|, q₁ = (−2,1,1)/√6 made orthogonal to q₀, q₂ = q₁ × q₀. */
	private static double[][] basis(double[] w) {
		double n = Math.sqrt(dot(w, w));
		double[] q0 = { w[0] / n, w[1] / n, w[2] / n }, q1 = MEAN_Q[1].clone();
		double along = dot(q1, q0);
		for (int k = 0; k < 3; k++)
			q1[k] -= along * q0[k];
		double n1 = Math.sqrt(dot(q1, q1));
		for (int k = 0; k < 3; k++)
			q1[k] /= n1;
		double[] q2 = { q1[1] * q0[2] - q1[2] * q0[1], q1[2] * q0[0] - q1[0] * q0[2], q1[0] * q0[1] - q1[1] * q0[0] };
		return new double[][] { q0, q1, q2 };
	}

	private static double dot(double[] a, double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}

	/** d = Q x per pixel, both 3×H×W (score_sde's {@code decouple} for the mean). */
	public void toDecoupled(double[] x, double[] d) {
		mix(false, x, d);
	}

	/** x = Qᵀ d per pixel, the inverse of {@link #toDecoupled} (score_sde's {@code couple} for the mean). */
	public void fromDecoupled(double[] d, double[] x) {
		mix(true, d, x);
	}

	private void mix(boolean transpose, double[] in, double[] out) {
		if (in.length % 3 != 0 || out.length != in.length)
			throw new IllegalArgumentException("colour arrays must be 3×H×W and of equal length, got " + in.length + " and " + out.length);
		int n = in.length / 3;
		for (int p = 0; p < n; p++) {
			double a = in[p], b = in[n + p], c = in[2 * n + p];
			for (int k = 0; k < 3; k++)
				out[k * n + p] = transpose ? q[0][k] * a + q[1][k] * b + q[2][k] * c : q[k][0] * a + q[k][1] * b + q[k][2] * c;
		}
	}

	@Override
	public int measurementSize() {
		return height * width;
	}

	@Override
	public void apply(double[] x, double[] y) {
		Checks.length("x", x, imageSize());
		Checks.length("y", y, measurementSize());
		double[] w = grey.w;
		int n = measurementSize();
		for (int p = 0; p < n; p++)
			y[p] = grey == Grey.MEAN ? (x[p] + x[n + p] + x[2 * n + p]) / 3 : w[0] * x[p] + w[1] * x[n + p] + w[2] * x[2 * n + p];
	}

	@Override
	public void adjoint(double[] y, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		double[] w = grey.w;
		int n = measurementSize();
		for (int p = 0; p < n; p++)
			for (int k = 0; k < 3; k++)
				x[k * n + p] = grey == Grey.MEAN ? y[p] / 3 : w[k] * y[p];
	}

	/** x = w y/|w|² per pixel (V Σ⁻¹ Uᵀ y): the grey level in every channel for the mean. */
	@Override
	public void pseudoInverse(double[] y, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		double[] w = grey.w;
		double n2 = norm * norm;
		int n = measurementSize();
		for (int p = 0; p < n; p++)
			for (int k = 0; k < 3; k++)
				x[k * n + p] = grey == Grey.MEAN ? y[p] : w[k] * y[p] / n2;
	}

	/** x = the grey level y in all three channels, a solution of A x = y for any weights (the grey copy). */
	public void greyCopy(double[] y, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		int n = measurementSize();
		for (int k = 0; k < 3; k++)
			System.arraycopy(y, 0, x, k * n, n);
	}

	@Override
	public Optional<Svd> svd() {
		int n = measurementSize();
		return Optional.of(new Svd() {

			@Override
			public int rank() {
				return n;
			}

			@Override
			public double[] singularValues() {
				double[] s = new double[n];
				Arrays.fill(s, norm);
				return s;
			}

			@Override
			public void vt(double[] x, double[] c) {
				toDecoupled(x, c);
			}

			@Override
			public void v(double[] c, double[] x) {
				fromDecoupled(c, x);
			}

			@Override
			public void ut(double[] y, double[] u) {
				Checks.length("y", y, n);
				Checks.length("u", u, n);
				System.arraycopy(y, 0, u, 0, n);
			}
		});
	}

	@Override
	public Optional<MaskedTransform> maskedTransform() {
		int n = measurementSize();
		boolean[] lambda = new boolean[3 * n];
		Arrays.fill(lambda, 0, n, true);
		return Optional.of(new MaskedTransform() {

			@Override
			public int transformSize() {
				return 3 * n;
			}

			@Override
			public boolean[] mask() {
				return lambda.clone();
			}

			@Override
			public void forward(double[] x, double[] t) {
				toDecoupled(x, t);
				for (int p = 0; p < n; p++)
					t[p] *= norm;
			}

			@Override
			public void inverse(double[] t, double[] x) {
				double[] d = t.clone();
				for (int p = 0; p < n; p++)
					d[p] /= norm;
				fromDecoupled(d, x);
			}
		});
	}

	@Override
	public String describe() {
		return grey == Grey.MEAN ? "colorization (grey = mean of R, G, B)"
				: String.format(Locale.ROOT, "colorization (grey = %s: %s R + %s G + %s B)", grey.key, grey.w[0], grey.w[1], grey.w[2]);
	}
}
