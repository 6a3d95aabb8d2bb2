package io.github.scorej.ops.inverse;

import java.util.Locale;

/**
 * How a user's k-space K (H × W complex values, interleaved (re, im), row-major) is laid out and scaled:
 * K = ν · S_out(DFT(S_in x)), with DFT numpy's unnormalised {@code fft2}, ν = 1 ({@code backward}),
 * 1/√(HW) ({@code ortho}) or 1/(HW) ({@code forward}), and the shifts
 * <ul>
 * <li>{@link Shift#NONE}: none, numpy's {@code np.fft.fft2(x, norm=…)} (k = 0 at index 0);</li>
 * <li>{@link Shift#FFTSHIFT}: {@code np.fft.fftshift(np.fft.fft2(x))} (k = 0 at (H/2, W/2), the image's
 * origin at pixel (0, 0); MATLAB's {@code fftshift(fft2(x))});</li>
 * <li>{@link Shift#CENTRED}: {@code fftshift(fft2(ifftshift(x)))}, fastMRI's {@code fft2c} (with
 * {@code ortho}), k = 0 at (H/2, W/2) and the image's origin at its centre.</li>
 * </ul>
 * {@link MriOperator} works in the centred unitary layout t = fftshift(fft2(ifftshift(x)))/√(HW); this
 * record converts to and from it point by point: the centred position u (frequency f = u − ⌊H/2⌋)
 * holds K at index (f mod H) unshifted, at u otherwise, times the phase e^{2πi·f·⌊H/2⌋/H} of the image
 * shift where the image was not shifted (per axis), times 1/√(HW), 1 or √(HW) for backward, ortho and
 * forward. Unmeasured points need not exist: the conversion is point-wise.
 *
 * <p>Immutable.
 *
 * @param shift where k = 0 and the image's origin lie
 * @param norm the DFT's scaling, numpy's {@code norm}
 */
public record KSpace(Shift shift, Norm norm) {

	/** numpy's default {@code np.fft.fft2(x)}: unshifted, unnormalised. */
	public static final KSpace NUMPY = new KSpace(Shift.NONE, Norm.BACKWARD);
	/** fastMRI's {@code fft2c}: centred, unitary. */
	public static final KSpace FASTMRI = new KSpace(Shift.CENTRED, Norm.ORTHO);

	/** Where k = 0 and the image's origin lie. */
	public enum Shift {
		NONE("none"), FFTSHIFT("fftshift"), CENTRED("centred");

		public final String key;

		Shift(String key) {
			this.key = key;
		}

		/** By key ("center" accepted for "centred"). */
		public static Shift of(String key) {
			String k = key.toLowerCase(Locale.ROOT).trim();
			for (Shift s : values())
				if (s.key.equals(k) || (s == CENTRED && k.equals("centered"))) return s;
			throw new IllegalArgumentException("k-space shift '" + key + "' is not one of none, fftshift, centred");
		}
	}

	/** numpy's {@code norm}: the factor of the forward transform. */
	public enum Norm {
		BACKWARD, ORTHO, FORWARD;

		public final String key = name().toLowerCase(Locale.ROOT);

		public static Norm of(String key) {
			for (Norm n : values())
				if (n.key.equals(key.toLowerCase(Locale.ROOT).trim())) return n;
			throw new IllegalArgumentException("k-space norm '" + key + "' is not one of backward, ortho, forward");
		}
	}

	public KSpace {
		if (shift == null || norm == null) throw new IllegalArgumentException("k-space shift and norm must be given");
	}

	/** The convention from its keys, e.g. ("none", "backward"). */
	public static KSpace of(String shift, String norm) {
		return new KSpace(Shift.of(shift), Norm.of(norm));
	}

	/** K in the operator's centred unitary layout (2·H·W values, interleaved) from K in this layout. */
	public double[] toCentred(double[] k, int h, int w) {
		Checks.length("k-space", k, 2 * h * w);
		double s = unitary(h, w);
		double[] t = new double[k.length];
		for (int u = 0; u < h; u++)
			for (int v = 0; v < w; v++) {
				int from = 2 * index(u, v, h, w), to = 2 * (u * w + v);
				double a = phase(u, v, h, w), c = Math.cos(a), sn = Math.sin(a);
				t[to] = s * (c * k[from] - sn * k[from + 1]);
				t[to + 1] = s * (sn * k[from] + c * k[from + 1]);
			}
		return t;
	}

	/** The inverse of {@link #toCentred}: K in this layout from the operator's centred unitary k-space. */
	public double[] fromCentred(double[] t, int h, int w) {
		Checks.length("k-space", t, 2 * h * w);
		double s = 1 / unitary(h, w);
		double[] k = new double[t.length];
		for (int u = 0; u < h; u++)
			for (int v = 0; v < w; v++) {
				int from = 2 * (u * w + v), to = 2 * index(u, v, h, w);
				double a = -phase(u, v, h, w), c = Math.cos(a), sn = Math.sin(a);
				k[to] = s * (c * t[from] - sn * t[from + 1]);
				k[to + 1] = s * (sn * t[from] + c * t[from + 1]);
			}
		return k;
	}

	/** A sampling mask (H·W, row-major) in this layout moved to the centred layout. */
	public boolean[] maskToCentred(boolean[] m, int h, int w) {
		if (m.length != h * w) throw new IllegalArgumentException("k-space mask has " + m.length + " points, the k-space " + h + "×" + w);
		boolean[] out = new boolean[m.length];
		for (int u = 0; u < h; u++)
			for (int v = 0; v < w; v++)
				out[u * w + v] = m[index(u, v, h, w)];
		return out;
	}

	/** A centred sampling mask moved to this layout. */
	public boolean[] maskFromCentred(boolean[] m, int h, int w) {
		if (m.length != h * w) throw new IllegalArgumentException("k-space mask has " + m.length + " points, the k-space " + h + "×" + w);
		boolean[] out = new boolean[m.length];
		for (int u = 0; u < h; u++)
			for (int v = 0; v < w; v++)
				out[index(u, v, h, w)] = m[u * w + v];
		return out;
	}

	/** The numpy expression this layout is, e.g. "np.fft.fft2(x)". */
	public String describe() {
		String n = norm == Norm.BACKWARD ? "" : ", norm='" + norm.key + "'";
		return switch (shift) {
			case NONE -> "np.fft.fft2(x" + n + ")";
			case FFTSHIFT -> "np.fft.fftshift(np.fft.fft2(x" + n + "))";
			case CENTRED -> "np.fft.fftshift(np.fft.fft2(np.fft.ifftshift(x)" + n + "))";
		};
	}

	/** The factor from this scaling to the unitary one. */
	private double unitary(int h, int w) {
		double n = (double) h * w;
		return switch (norm) {
			case BACKWARD -> 1 / Math.sqrt(n);
			case ORTHO -> 1;
			case FORWARD -> Math.sqrt(n);
		};
	}

	/** Where centred position (u, v) lies in this layout. */
	private int index(int u, int v, int h, int w) {
		if (shift != Shift.NONE) return u * w + v;
		return Math.floorMod(u - h / 2, h) * w + Math.floorMod(v - w / 2, w);
	}

	/** The phase e^{2πi(f·⌊H/2⌋/H + g·⌊W/2⌋/W)} of the centred image's shift, 0 when this layout shifted the image too. */
	private double phase(int u, int v, int h, int w) {
		if (shift == Shift.CENTRED) return 0;
		long f = Math.floorMod(u - h / 2, h), g = Math.floorMod(v - w / 2, w);
		return 2 * Math.PI * ((double) (f * (h / 2) % h) / h + (double) (g * (w / 2) % w) / w);
	}
}
