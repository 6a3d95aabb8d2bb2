package io.github.scorej.ops.inverse;

import org.jtransforms.fft.DoubleFFT_1D;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Parallel-beam CT in scikit-image's geometry ({@code skimage.transform.radon}): y = R x,
 * p(θ, t) = Σ_s x(c + t·(cos θ, −sin θ) + s·(sin θ, cos θ)) over unit steps s ∈ ℤ, for each angle θ
 * (degrees, any list; by default n angles 180·a/n over [0, 180)) and each detector bin b with
 * t = b − ⌊bins/2⌋. Points are (column, row); the rotation axis c = (⌊W/2⌋, ⌊H/2⌋) is a pixel centre,
 * as in skimage, and the image is read by bilinear interpolation, 0 outside. With row 0 at the top,
 * θ runs counter-clockwise on screen, the way skimage's does. Any detector width works: skimage's
 * {@code circle=False} gives ⌈√2·N⌉ bins for an N×N image, {@code circle=True} N. Unlike skimage,
 * the line integral is not cut to the detector's inscribed square: it runs over the whole image (a
 * real detector sees every ray), so an image that is zero outside skimage's circle gives the same
 * sinogram. y is C×n×bins, angle after angle; {@link Layout} names how users store it.
 *
 * <p>Aᵀ, the back-projection, spreads each sinogram value back with the projector's bilinear
 * weights: the exact transpose.
 *
 * <p>A† is the minimum-norm regularised least-squares solution x = Aᵀ(AAᵀ + λI)⁻¹y, solved by
 * conjugate gradients (at most {@link #CG_ITERATIONS} iterations, relative residual
 * {@link #CG_TOLERANCE}, λ = 10⁻³·‖A‖² estimated on the constant image). Its A†A is a projection up
 * to λ, with eigenvalues in [0, 1], as DDNM's null-space decomposition needs. Filtered
 * back-projection is not: with n sparse views its A†A amplifies a wave along a measured angle by
 * about π·L·|f|/n (ray length L, frequency f), above 2 for n = 30 at 64 px, and DDNM's repeated
 * (I − A†A) then diverges (outputs of ±10⁸). DDNM+ on a noisy sinogram (σ_y &gt; 0) uses
 * {@link #regularisedInverse} with δ = (σ_y/σ′)² instead, which enforces each spectral component only
 * where the measurement is above its noise: on skimage sinograms with 0.5% noise it turned a 0.6 dB loss
 * to filtered back-projection at 60 angles into a 2.6 dB gain (site/bench/independent.md).
 *
 * <p>{@link #fbp}, the classical baseline and the masked transform's T⁻¹, is skimage's {@code iradon}:
 * each projection is convolved, through a zero-padded FFT along the detector, with the Ram-Lak kernel
 * built in real space, h(0) = 1/4, h(odd k) = −1/(πk)², h(even k) = 0 (Kak &amp; Slaney Eq. 61),
 * optionally times the Shepp-Logan window; the filtered projections are back-projected with linear
 * interpolation, each weighted by its share of [0, π) (π/n for equispaced angles).
 *
 * <p>Masked transform (equispaced angles only): T = the Radon transform at {@link #fullAngles()} = k·n
 * equispaced angles, of which the measured ones are every k-th (computed from the same table, so
 * Λ T x = A x exactly); T⁻¹ = the filtered back-projection of that full-angle sinogram (an
 * approximate inverse); Λ = the measured angles. Immutable and safe to share.
 */
public final class CtOperator extends ImageOperator implements RegularisedInverse {

	/** The window applied to the ramp filter of {@link #fbp}. */
	public enum Filter {
		RAM_LAK, SHEPP_LOGAN
	}

	/** How a sinogram image is stored. */
	public enum Layout {
		/** From the angle count where it tells (one dimension equals it), else an error. */
		AUTO("auto"),
		/** skimage's: detector bins × angles, rows are bins, columns are angles. */
		BINS_ANGLES("bins-angles"),
		/** Transposed: rows are angles, columns are bins. */
		ANGLES_BINS("angles-bins");

		public final String key;

		Layout(String key) {
			this.key = key;
		}

		public static Layout of(String key) {
			String k = key == null ? "auto" : key.toLowerCase(Locale.ROOT).trim().replace('_', '-').replace('×', '-').replace(" ", "");
			for (Layout l : values())
				if (l.key.equals(k)) return l;
			throw new IllegalArgumentException("unknown sinogram layout '" + key + "'; choose auto, bins-angles (skimage: rows are detector bins) or angles-bins (rows are angles)");
		}
	}

	/**
	 * How a sinogram image maps to the operator: which of its dimensions are the angles, and the side
	 * of the reconstructed field.
	 *
	 * @param anglesAreRows true in the angles-bins layout (rows are angles), false in skimage's
	 * @param angles the number of projections
	 * @param bins the detector bins
	 * @param size the reconstructed image's side
	 */
	public record Geometry(boolean anglesAreRows, int angles, int bins, int size) {

		/**
		 * The geometry of a sinogram image of {@code rows} × {@code columns}: {@code angles} projections
		 * (0: not given, then skimage's layout unless {@code layout} says otherwise), told apart from
		 * the bins by the count where it is unambiguous; the field is {@code size} pixels (0: the
		 * detector's width, skimage's {@code circle=True} field). Refuses what fits no geometry, saying
		 * what would fit.
		 *
		 * @param what how the angles were given, for messages (e.g. "--angles 30", "the angle list (18 angles)")
		 */
		public static Geometry of(int rows, int columns, int angles, Layout layout, int size, String what) {
			String dims = "the sinogram is " + columns + "×" + rows + " (columns × rows)";
			boolean byRows;
			if (angles <= 0) byRows = layout == Layout.ANGLES_BINS;
			else if (layout == Layout.BINS_ANGLES) {
				if (columns != angles)
					throw new IllegalArgumentException(dims + ": in the bins-angles layout (skimage's) its " + columns + " columns are the angles, but "
							+ what + " gives " + angles + (rows == angles ? "; its rows match: use --layout angles-bins" : "; give the sinogram's angles"));
				byRows = false;
			} else if (layout == Layout.ANGLES_BINS) {
				if (rows != angles)
					throw new IllegalArgumentException(dims + ": in the angles-bins layout its " + rows + " rows are the angles, but " + what + " gives "
							+ angles + (columns == angles ? "; its columns match: use --layout bins-angles (skimage's)" : "; give the sinogram's angles"));
				byRows = true;
			} else if (rows == angles && columns == angles)
				throw new IllegalArgumentException(dims + " and " + what + " gives " + angles
						+ " angles: rows and columns both fit; say which with --layout bins-angles (skimage's: rows are detector bins) or angles-bins");
			else if (columns == angles) byRows = false;
			else if (rows == angles) byRows = true;
			else
				throw new IllegalArgumentException(dims + ", but " + what + " gives " + angles + " angles: neither its " + rows + " rows nor its "
						+ columns + " columns fit; give the number of projections (--angles " + columns + " for skimage's layout, bins × angles, or --angles "
						+ rows + " --layout angles-bins) or an angle list of that length");
			int n = byRows ? rows : columns, bins = byRows ? columns : rows;
			if (size <= 0) size = bins;
			else if (size > bins)
				throw new IllegalArgumentException("the sinogram's " + bins + " detector bins" + (angles <= 0 ? " (" + (byRows ? "columns" : "rows")
						+ ", " + (byRows ? "angles-bins" : "bins-angles (skimage's)") + " layout)" : "") + " are narrower than the " + size
						+ "-pixel field of --size " + size + ": --size fits up to " + bins + ": " + bins + " (or 0) for skimage's radon(circle=True) of a " + bins
						+ "-pixel image, " + circleFalse(bins) + "; a " + size + "-pixel field needs at least " + size + " bins"
						+ (angles <= 0 ? ", or the other layout (--layout " + (byRows ? "bins-angles" : "angles-bins") + ")" : ""));
			return new Geometry(byRows, n, bins, size);
		}

		/** What --size a skimage radon(circle=False) sinogram of this many bins needs: the N with ⌈√2·N⌉ = bins, if any. */
		private static String circleFalse(int bins) {
			for (int n = (int) Math.floor(bins / Math.sqrt(2)) + 1; n >= Math.max(1, (int) Math.floor(bins / Math.sqrt(2)) - 1); n--)
				if (defaultBins(n, n) == bins) return n + " for radon(circle=False) of a " + n + "-pixel image (⌈√2·" + n + "⌉ = " + bins + " bins)";
			return "no radon(circle=False) sinogram has " + bins + " bins (⌈√2·N⌉ skips it)";
		}
	}

	/** Conjugate-gradient iterations of {@link #pseudoInverse} at most. */
	public static final int CG_ITERATIONS = 100;
	/**
	 * Relative residual at which {@link #pseudoInverse} stops: 33 iterations on average in DDNM on a
	 * 64² phantom at 30 angles (10⁻⁴: 54, the same PSNR, 44.9 dB).
	 */
	public static final double CG_TOLERANCE = 1e-3;

	private final int bins, fullAngles;
	private final double[] theta;
	private final Filter filter;
	/** cos θ, sin θ of the measured angles, and of the full table (null when the angles are not equispaced). */
	private final double[] cos, sin, fullCos, fullSin;
	/** Each measured angle's share of [0, π) in radians, for the back-projection of {@link #fbp}. */
	private final double[] weight;
	private final double[] ramp;
	private final int pad, reach;
	private final double lambda;

	private CtOperator(int channels, int height, int width, double[] theta, int fullAngles, int bins, Filter filter) {
		super(channels, height, width);
		int n = theta.length;
		this.theta = theta.clone();
		this.fullAngles = fullAngles;
		this.bins = bins;
		this.filter = filter;
		cos = new double[n];
		sin = new double[n];
		if (fullAngles > 0) {
			fullCos = new double[fullAngles];
			fullSin = new double[fullAngles];
			for (int i = 0; i < fullAngles; i++) {
				fullCos[i] = Math.cos(Math.PI * i / fullAngles);
				fullSin[i] = Math.sin(Math.PI * i / fullAngles);
			}
			int k = fullAngles / n;
			for (int a = 0; a < n; a++) {
				cos[a] = fullCos[k * a];
				sin[a] = fullSin[k * a];
			}
		} else {
			fullCos = fullSin = null;
			for (int a = 0; a < n; a++) {
				cos[a] = Math.cos(Math.toRadians(theta[a]));
				sin[a] = Math.sin(Math.toRadians(theta[a]));
			}
		}
		weight = shares(theta);
		reach = (int) Math.ceil(Math.hypot(height, width) / 2) + 2;
		pad = Math.max(64, Integer.highestOneBit(Math.max(1, 2 * bins - 1)) << 1);
		ramp = rampFilter(pad, filter);
		double[] one = new double[imageSize()], a1 = new double[measurementSize()];
		Arrays.fill(one, 1);
		radon(one, a1, cos, sin, false);
		double e = 0;
		for (double v : a1)
			e += v * v;
		lambda = 1e-3 * e / imageSize();
	}

	/**
	 * Angles in degrees from text: numbers separated by white space, commas or semicolons; # starts a
	 * comment. {@code source} names the text in messages (e.g. "--angles-file a.txt").
	 */
	public static double[] parseAngles(String text, String source) {
		java.util.List<Double> v = new java.util.ArrayList<>();
		for (String line : text.split("\\R")) {
			int hash = line.indexOf('#');
			for (String tok : (hash >= 0 ? line.substring(0, hash) : line).split("[\\s,;]+")) {
				if (tok.isEmpty()) continue;
				try {
					double d = Double.parseDouble(tok);
					if (!Double.isFinite(d)) throw new NumberFormatException();
					v.add(d);
				} catch (NumberFormatException e) {
					throw new IllegalArgumentException(source + ": '" + tok + "' is not an angle in degrees");
				}
			}
		}
		if (v.isEmpty()) throw new IllegalArgumentException(source + " lists no angle (degrees, one per projection)");
		return v.stream().mapToDouble(Double::doubleValue).toArray();
	}

	/** n equispaced angles over [0, 180), in degrees: 180·a/n (skimage's {@code np.linspace(0, 180, n, endpoint=False)}). */
	public static double[] uniform(int n) {
		if (n < 1) throw new IllegalArgumentException("angles must be >= 1, got " + n);
		double[] t = new double[n];
		for (int a = 0; a < n; a++)
			t[a] = 180.0 * a / n;
		return t;
	}

	/** n equispaced angles, the default detector ({@link #defaultBins}), Ram-Lak filter. */
	public static CtOperator sparseView(int channels, int height, int width, int angles) {
		return of(channels, height, width, uniform(angles), defaultBins(height, width), Filter.RAM_LAK);
	}

	/**
	 * Angles θ in degrees, a detector of {@code bins} bins; equispaced angles also get a masked
	 * transform of n·⌈max(H, W)/n⌉ angles.
	 */
	public static CtOperator of(int channels, int height, int width, double[] theta, int bins, Filter filter) {
		Checks.imageSize(channels, height, width);
		checkAngles(theta, bins);
		int n = theta.length, size = Math.max(height, width);
		int full = equispaced(theta) ? n * Math.max(1, (size + n - 1) / n) : 0;
		return new CtOperator(channels, height, width, theta, full, bins, filter);
	}

	/**
	 * n equispaced angles with a masked transform of {@code fullAngles} (a multiple of n).
	 */
	public static CtOperator of(int channels, int height, int width, int angles, int fullAngles, int bins, Filter filter) {
		Checks.imageSize(channels, height, width);
		double[] theta = uniform(angles);
		checkAngles(theta, bins);
		if (fullAngles < angles || fullAngles % angles != 0)
			throw new IllegalArgumentException("full angles " + fullAngles + " is not a multiple of the " + angles + " measured angles");
		return new CtOperator(channels, height, width, theta, fullAngles, bins, filter);
	}

	private static void checkAngles(double[] theta, int bins) {
		if (theta.length < 1) throw new IllegalArgumentException("angles must be >= 1, got " + theta.length);
		for (double t : theta)
			if (!Double.isFinite(t)) throw new IllegalArgumentException("an angle is not a finite number: " + t);
		if (bins < 1) throw new IllegalArgumentException("detector bins must be >= 1, got " + bins);
	}

	private static boolean equispaced(double[] theta) {
		for (int a = 0; a < theta.length; a++)
			if (Math.abs(theta[a] - 180.0 * a / theta.length) > 1e-6) return false;
		return true;
	}

	/** Each angle's share of the half turn: half the gap to its neighbours, angles taken modulo 180°, in radians. */
	private static double[] shares(double[] theta) {
		int n = theta.length;
		double[] w = new double[n];
		if (n == 1) {
			w[0] = Math.PI;
			return w;
		}
		Integer[] order = new Integer[n];
		double[] mod = new double[n];
		for (int a = 0; a < n; a++) {
			order[a] = a;
			mod[a] = ((theta[a] % 180) + 180) % 180;
		}
		Arrays.sort(order, (p, q) -> Double.compare(mod[p], mod[q]));
		for (int i = 0; i < n; i++) {
			double prev = mod[order[(i + n - 1) % n]] - (i == 0 ? 180 : 0), next = mod[order[(i + 1) % n]] + (i == n - 1 ? 180 : 0);
			w[order[i]] = Math.toRadians((next - prev) / 2);
		}
		return w;
	}

	/** ⌈√2·max(H, W)⌉: skimage's detector for {@code circle=False}, which sees every ray through the image. */
	public static int defaultBins(int height, int width) {
		return (int) Math.ceil(Math.sqrt(2) * Math.max(height, width));
	}

	/** The ramp filter's response: the DFT of the real-space Ram-Lak kernel (Kak &amp; Slaney Eq. 61) on n points. */
	private static double[] rampFilter(int n, Filter filter) {
		double[] h = new double[2 * n];
		h[0] = 0.25;
		for (int k = 1; k < n / 2; k += 2) {
			double v = -1 / (Math.PI * k * Math.PI * k);
			h[2 * k] = v;
			h[2 * (n - k)] = v;
		}
		new DoubleFFT_1D(n).complexForward(h);
		double[] g = new double[n];
		for (int k = 0; k < n; k++) {
			g[k] = h[2 * k];
			if (filter == Filter.SHEPP_LOGAN && k != 0) {
				double w = Math.PI * (k <= n / 2 ? k : k - n) / n;
				g[k] *= Math.sin(w) / w;
			}
		}
		return g;
	}

	public int angles() {
		return theta.length;
	}

	/** The measured angles in degrees. */
	public double[] theta() {
		return theta.clone();
	}

	/** The masked transform's angle count, 0 when the angles are not equispaced (no masked transform). */
	public int fullAngles() {
		return fullAngles;
	}

	public int bins() {
		return bins;
	}

	@Override
	public int measurementSize() {
		return channels * theta.length * bins;
	}

	/**
	 * Checks that a user sinogram (C×angles×bins values, angle after angle) fits this operator,
	 * naming what differs.
	 */
	public void checkSinogram(double[] sinogram, int sinogramAngles, int sinogramBins) {
		if (sinogramAngles != angles())
			throw new IllegalArgumentException("sinogram has " + sinogramAngles + " angles, the operator " + angles());
		if (sinogramBins != bins)
			throw new IllegalArgumentException("sinogram has " + sinogramBins + " detector bins, the operator " + bins);
		if (sinogram.length != measurementSize())
			throw new IllegalArgumentException("sinogram has " + sinogram.length + " values, " + channels + "×" + angles() + "×" + bins
					+ " (C×angles×bins) needs " + measurementSize());
	}

	@Override
	public void apply(double[] x, double[] y) {
		Checks.length("x", x, imageSize());
		Checks.length("y", y, measurementSize());
		radon(x, y, cos, sin, false);
	}

	/** Back-projection with the projector's bilinear weights: the exact transpose of {@link #apply}. */
	@Override
	public void adjoint(double[] y, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		Arrays.fill(x, 0);
		radon(x, y, cos, sin, true);
	}

	/** x = Aᵀ(AAᵀ + λI)⁻¹y by conjugate gradients (see the class comment). */
	@Override
	public void pseudoInverse(double[] y, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		Tikhonov.solve(this, y, lambda, CG_TOLERANCE, CG_ITERATIONS, x);
	}

	/**
	 * x = Aᵀ(AAᵀ + δI)⁻¹y with δ at least the λ of {@link #pseudoInverse}, by conjugate gradients: DDNM+'s
	 * noise-aware data consistency (δ = (σ_y/σ′)²), which trusts each spectral component of the sinogram
	 * only as far as its singular value lifts it above the noise.
	 */
	@Override
	public void regularisedInverse(double[] y, double delta, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		if (!(delta >= 0) || Double.isInfinite(delta)) throw new IllegalArgumentException("delta must be >= 0 and finite, got " + delta);
		Tikhonov.solve(this, y, Math.max(delta, lambda), CG_TOLERANCE, CG_ITERATIONS, x);
	}

	/** The conjugate-gradient solve's vectors (the angles' cosines and sines are small). */
	@Override
	public long workingBytes() {
		return Tikhonov.workingBytes(this);
	}

	/** Filtered back-projection of the measured angles (skimage's {@code iradon}, see the class comment). */
	public void fbp(double[] y, double[] x) {
		Checks.length("y", y, measurementSize());
		Checks.length("x", x, imageSize());
		fbp(y, x, cos, sin, weight);
	}

	/**
	 * Ray-driven projection at the angles (cos, sin): sino += R img, or, when {@code transpose},
	 * img += Rᵀ sino.
	 */
	private void radon(double[] img, double[] sino, double[] cos, double[] sin, boolean transpose) {
		int n = cos.length, plane = height * width, centre = bins / 2;
		double cx = width / 2, cy = height / 2;
		for (int c = 0; c < channels; c++)
			for (int a = 0; a < n; a++) {
				double ct = cos[a], st = sin[a];
				for (int b = 0; b < bins; b++) {
					int out = (c * n + a) * bins + b;
					double t = b - centre, sum = 0, g = transpose ? sino[out] : 0;
					if (transpose && g == 0) continue;
					for (int s = -reach; s <= reach; s++) {
						double u = cx + t * ct + s * st, v = cy - t * st + s * ct;
						if (u <= -1 || v <= -1 || u >= width || v >= height) continue;
						int j0 = (int) Math.floor(u), i0 = (int) Math.floor(v);
						double fu = u - j0, fv = v - i0;
						for (int di = 0; di < 2; di++) {
							int i = i0 + di;
							if (i < 0 || i >= height) continue;
							double wv = di == 0 ? 1 - fv : fv;
							for (int dj = 0; dj < 2; dj++) {
								int j = j0 + dj;
								if (j < 0 || j >= width) continue;
								double w = wv * (dj == 0 ? 1 - fu : fu);
								int p = c * plane + i * width + j;
								if (transpose) img[p] += w * g;
								else sum += w * img[p];
							}
						}
					}
					if (!transpose) sino[out] = sum;
				}
			}
	}

	/** Filtered back-projection of a C×n×bins sinogram at the angles (cos, sin) with back-projection weights w. */
	private void fbp(double[] sino, double[] img, double[] cos, double[] sin, double[] w) {
		int n = cos.length, plane = height * width, centre = bins / 2;
		double cx = width / 2, cy = height / 2;
		DoubleFFT_1D fft = new DoubleFFT_1D(pad);
		double[] q = new double[n * bins], z = new double[2 * pad];
		for (int c = 0; c < channels; c++) {
			for (int a = 0; a < n; a++) {
				Arrays.fill(z, 0);
				for (int b = 0; b < bins; b++)
					z[2 * b] = sino[(c * n + a) * bins + b];
				fft.complexForward(z);
				for (int k = 0; k < pad; k++) {
					z[2 * k] *= ramp[k];
					z[2 * k + 1] *= ramp[k];
				}
				fft.complexInverse(z, true);
				for (int b = 0; b < bins; b++)
					q[a * bins + b] = z[2 * b];
			}
			for (int i = 0; i < height; i++)
				for (int j = 0; j < width; j++) {
					double x = j - cx, y = i - cy, sum = 0;
					for (int a = 0; a < n; a++) {
						double u = x * cos[a] - y * sin[a] + centre;
						int b0 = (int) Math.floor(u);
						double f = u - b0;
						double v = 0;
						if (b0 >= 0 && b0 < bins) v += (1 - f) * q[a * bins + b0];
						if (b0 + 1 >= 0 && b0 + 1 < bins) v += f * q[a * bins + b0 + 1];
						sum += w[a] * v;
					}
					img[c * plane + i * width + j] = sum;
				}
		}
	}

	@Override
	public Optional<MaskedTransform> maskedTransform() {
		if (fullAngles == 0) return Optional.empty();
		int n = angles(), k = fullAngles / n, size = channels * fullAngles * bins;
		boolean[] lambda = new boolean[size];
		for (int c = 0; c < channels; c++)
			for (int a = 0; a < fullAngles; a += k)
				Arrays.fill(lambda, (c * fullAngles + a) * bins, (c * fullAngles + a + 1) * bins, true);
		double[] fullWeight = new double[fullAngles];
		Arrays.fill(fullWeight, Math.PI / fullAngles);
		return Optional.of(new MaskedTransform() {

			@Override
			public int transformSize() {
				return size;
			}

			@Override
			public boolean[] mask() {
				return lambda.clone();
			}

			@Override
			public void forward(double[] x, double[] t) {
				Checks.length("x", x, imageSize());
				Checks.length("full sinogram", t, size);
				radon(x, t, fullCos, fullSin, false);
			}

			@Override
			public void inverse(double[] t, double[] x) {
				Checks.length("full sinogram", t, size);
				Checks.length("x", x, imageSize());
				fbp(t, x, fullCos, fullSin, fullWeight);
			}
		});
	}

	@Override
	public String describe() {
		String angles = fullAngles > 0 ? angles() + " equispaced angles over [0°, 180°)" : angles() + " angles (a list, degrees)";
		return String.format(Locale.ROOT, "parallel-beam CT (%s, %d detector bins, skimage's geometry)", angles, bins);
	}
}
