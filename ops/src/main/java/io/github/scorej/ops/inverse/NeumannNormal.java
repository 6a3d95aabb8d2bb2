package io.github.scorej.ops.inverse;

import org.jtransforms.dct.DoubleDCT_2D;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * AAᵀ of a blur with <b>reflecting</b> (Neumann, half-sample symmetric) boundaries on an H×W grid: the
 * convolution with the PSF's autocorrelation h(a, b) = Σ k[i, j]·k[i + a, j + b], the grid mirrored at
 * its edges as scipy's {@code mode='reflect'} does. For an h symmetric in each axis it is diagonalised
 * by the orthonormal 2-D DCT-II, with eigenvalues λ(j₁, j₂) = Σ_{a,b} h(a, b)·cos(πj₁a/H)·cos(πj₂b/W)
 * (Ng, Chan and Tang 1999, "A fast algorithm for deblurring models with Neumann boundary conditions").
 *
 * <p>{@link ValidBlurOperator} preconditions its conjugate gradients with (Λ + δ)⁻¹: AAᵀ of the valid
 * blur is the same convolution with zeros beyond the measurement instead of mirrors, and it differs
 * from the reflecting one less at the edges than the periodic (circulant) one does, which wraps the
 * opposite edge in. For a Gaussian σ = 2 px, δ = 10⁻⁴, a white measurement: 25–28 iterations to a
 * relative residual of 10⁻⁴ at 128² … 1024² against 133–169 with the circulant (site/bench/cg_preconditioners.py).
 * For an h that is not symmetric in each axis (a diagonal motion blur) the cosine sum keeps only its
 * symmetrised part and the circulant is better: {@link #asymmetry} decides.
 */
final class NeumannNormal {

	private final int height, width;
	/** λ(j₁, j₂) ≥ 0, row-major. */
	private final double[] eigenvalues;

	/** The reflecting AAᵀ of {@code psf} on an H×W grid, or null where its autocorrelation is too asymmetric for it ({@link #MAX_ASYMMETRY}). */
	static NeumannNormal of(Psf psf, int height, int width) {
		double[] h = autocorrelation(psf);
		return asymmetry(h, 2 * psf.height() - 1, 2 * psf.width() - 1) <= MAX_ASYMMETRY ? new NeumannNormal(psf, h, height, width) : null;
	}

	private NeumannNormal(Psf psf, double[] h, int height, int width) {
		this.height = height;
		this.width = width;
		int ra = psf.height() - 1, rb = psf.width() - 1, hw = 2 * rb + 1;
		// t[j₁, b] = Σ_a h(a, b)·cos(πj₁a/H), then λ[j₁, j₂] = Σ_b t[j₁, b]·cos(πj₂b/W), folding ±b (cos is even)
		double[] t = new double[height * (rb + 1)];
		for (int j1 = 0; j1 < height; j1++)
			for (int a = -ra; a <= ra; a++) {
				double c = Math.cos(Math.PI * j1 * a / height);
				for (int b = -rb; b <= rb; b++)
					t[j1 * (rb + 1) + Math.abs(b)] += c * h[(a + ra) * hw + b + rb];
			}
		double[] cos = new double[width * (rb + 1)];
		for (int j2 = 0; j2 < width; j2++)
			for (int b = 0; b <= rb; b++)
				cos[j2 * (rb + 1) + b] = Math.cos(Math.PI * j2 * b / width);
		eigenvalues = new double[height * width];
		for (int j1 = 0; j1 < height; j1++)
			for (int j2 = 0; j2 < width; j2++) {
				double s = 0;
				for (int b = 0, o = j1 * (rb + 1), q = j2 * (rb + 1); b <= rb; b++)
					s += t[o + b] * cos[q + b];
				eigenvalues[j1 * width + j2] = Math.max(0, s); // ≥ 0 up to rounding: h is a positive semi-definite kernel
			}
	}

	/**
	 * The PSF's autocorrelation h(a, b) = Σ k[i, j]·k[i + a, j + b], a ∈ [−(ph − 1), ph − 1], b ∈
	 * [−(pw − 1), pw − 1], row-major with (0, 0) at the centre; by an FFT on a 2ph×2pw grid, which lags
	 * this short do not wrap around.
	 */
	static double[] autocorrelation(Psf psf) {
		int ph = psf.height(), pw = psf.width(), gh = 2 * ph, gw = 2 * pw;
		double[] z = new double[2 * gh * gw];
		for (int i = 0; i < ph; i++)
			for (int j = 0; j < pw; j++)
				z[2 * (i * gw + j)] = psf.values()[i * pw + j];
		DoubleFFT_2D fft = new DoubleFFT_2D(gh, gw);
		fft.complexForward(z);
		for (int p = 0; p < gh * gw; p++) {
			z[2 * p] = z[2 * p] * z[2 * p] + z[2 * p + 1] * z[2 * p + 1];
			z[2 * p + 1] = 0;
		}
		fft.complexInverse(z, true);
		int hh = 2 * ph - 1, hw = 2 * pw - 1;
		double[] h = new double[hh * hw];
		for (int a = -(ph - 1); a < ph; a++)
			for (int b = -(pw - 1); b < pw; b++)
				h[(a + ph - 1) * hw + b + pw - 1] = z[2 * (Math.floorMod(a, gh) * gw + Math.floorMod(b, gw))];
		return h;
	}

	/**
	 * ‖h − h↕‖ / ‖h‖ for the PSF's autocorrelation h and its mirror image in the rows (the same as in
	 * the columns: h is point-symmetric): 0 for a Gaussian, a disc or an Airy pattern, 0.02–0.06 for a
	 * measured bead with a few per cent of noise, 0.07–0.3 for coma, 0.86 for an elongated blur along a
	 * diagonal. On 256² measurements the DCT preconditioner needed fewer iterations than the circulant
	 * up to 0.32 and five times more at 0.86; {@link ValidBlurOperator} takes it up to {@link #MAX_ASYMMETRY}.
	 */
	static double asymmetry(Psf psf) {
		return asymmetry(autocorrelation(psf), 2 * psf.height() - 1, 2 * psf.width() - 1);
	}

	/** {@link #asymmetry(Psf)} of an autocorrelation as {@link #autocorrelation} lays it out. */
	private static double asymmetry(double[] h, int hh, int hw) {
		double d = 0, n = 0;
		for (int a = 0; a < hh; a++)
			for (int b = 0; b < hw; b++) {
				double v = h[a * hw + b], m = h[(hh - 1 - a) * hw + b];
				d += (v - m) * (v - m);
				n += v * v;
			}
		return Math.sqrt(d / n);
	}

	/** Largest {@link #asymmetry} for which {@link ValidBlurOperator} preconditions with the reflecting blur. */
	static final double MAX_ASYMMETRY = 0.5;

	/** The DCT plan of the grid, made once per solve and shared by its iterations. */
	DoubleDCT_2D plan() {
		return new DoubleDCT_2D(height, width);
	}

	/** z[0 … HW) ← (Λ + δ)^power z in the DCT basis, in place: power −1 inverts the reflecting AAᵀ + δI, +1 applies it. */
	void multiply(double[] z, double delta, int power, DoubleDCT_2D dct) {
		dct.forward(z, true);
		for (int p = 0; p < eigenvalues.length; p++)
			z[p] = power < 0 ? z[p] / (eigenvalues[p] + delta) : z[p] * (eigenvalues[p] + delta);
		dct.inverse(z, true);
	}

	/** Bytes held: the eigenvalues. */
	long bytes() {
		return 8L * eigenvalues.length;
	}
}
