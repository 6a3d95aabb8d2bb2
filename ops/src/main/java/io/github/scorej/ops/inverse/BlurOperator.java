package io.github.scorej.ops.inverse;

import org.jtransforms.dht.DoubleDHT_2D;
import org.jtransforms.fft.DoubleFFT_2D;

import java.util.Optional;

/**
 * y = k ⊛ x, the circular convolution of each channel with a normalised point-spread function k
 * (Σ k = 1): y[i, j] = Σ_{a,b} k[a, b]·x[(i − a + ci) mod H, (j − b + cj) mod W] for an h×w PSF
 * centred at (ci, cj), its centroid ({@link Psf}). For a blur whose scene continues past the image's
 * edges (a camera, ImageJ's Gaussian Blur, scipy's default) use {@link ValidBlurOperator}. <b>Boundaries are periodic</b>: the image wraps around
 * at its edges, so that the operator is diagonalised by the 2-D DFT, ŷ(κ) = K(κ)·x̂(κ), with the
 * transfer function K = DFT of the PSF placed on the H×W torus (JTransforms {@link DoubleFFT_2D}).
 * Aᵀ multiplies by the conjugate K̄.
 *
 * <p>A† is a truncated inverse filter: x̂ = ŷ / K(κ) where |K(κ)| &gt; 10⁻³·max|K|, and 0 elsewhere;
 * so A A† y = y only for y whose spectrum vanishes where |K| is below that threshold.
 *
 * <p>SVD, only for a centro-symmetric PSF (k[−p] = k[p] on the torus, e.g. a Gaussian), whose K is
 * real: V is the orthonormal 2-D discrete Hartley basis cas(2π(k_i i/H + k_j j/W))/√(HW)
 * (JTransforms {@link DoubleDHT_2D}), which diagonalises a symmetric convolution with eigenvalues
 * K(κ); s = |K(κ)| for the frequencies above the threshold (rank = their count times C), the sign of
 * K(κ) absorbed in U. Spectral order: the kept frequencies of channel 0, 1, …, then the others.
 * Immutable and safe to share: every call makes its own JTransforms plan.
 */
public final class BlurOperator extends ImageOperator {

	/** Frequencies with |K| ≤ THRESHOLD·max|K| are dropped by A† and the SVD. */
	public static final double THRESHOLD = 1e-3;

	private final String description;
	/** The transfer function K (re, im) in FFT order, H·W each; kim is null where K is real (a centro-symmetric PSF). */
	private final double[] kre, kim;
	private final double cut;
	private final boolean symmetric;
	private final Psf psf;

	private BlurOperator(int channels, int height, int width, Psf psf, String description) {
		super(channels, height, width);
		this.description = description;
		this.psf = psf;
		double[] torus = new double[height * width];
		for (int a = 0; a < psf.height(); a++)
			for (int b = 0; b < psf.width(); b++)
				torus[Math.floorMod(a - psf.centreRow(), height) * width + Math.floorMod(b - psf.centreCol(), width)] += psf.values()[a * psf.width() + b];
		double max = 0, asym = 0;
		for (int i = 0; i < height; i++)
			for (int j = 0; j < width; j++) {
				double v = torus[i * width + j];
				max = Math.max(max, Math.abs(v));
				asym = Math.max(asym, Math.abs(v - torus[(height - i) % height * width + (width - j) % width]));
			}
		symmetric = asym <= 1e-12 * max;
		double[] k = complex(torus, 0);
		new DoubleFFT_2D(height, width).complexForward(k);
		kre = new double[height * width];
		kim = symmetric ? null : new double[height * width];
		double kmax = 0;
		for (int p = 0; p < kre.length; p++) {
			kre[p] = k[2 * p];
			if (kim != null) kim[p] = k[2 * p + 1];
			kmax = Math.max(kmax, Math.hypot(kre[p], im(p)));
		}
		cut = THRESHOLD * kmax;
	}

	/**
	 * A Gaussian blur exp(−r²/2σ²), σ in pixels, on a square support of radius ⌈4σ⌉ (clipped to fit
	 * the image), normalised to sum 1.
	 */
	public static BlurOperator gaussian(int channels, int height, int width, double sigma) {
		Checks.imageSize(channels, height, width);
		return of(channels, height, width, Psf.gaussian(sigma, (Math.min(height, width) - 1) / 2), String.format("Gaussian blur (sigma %g px, periodic)", sigma));
	}

	/**
	 * A blur by a user PSF of {@code psfHeight}×{@code psfWidth} values (row-major), normalised to sum 1
	 * and centred at its centroid ({@link Psf#of}). Refuses an empty, negative, non-finite or all-zero
	 * PSF, and one larger than the image.
	 */
	public static BlurOperator of(int channels, int height, int width, double[] psf, int psfHeight, int psfWidth) {
		Checks.imageSize(channels, height, width);
		if (psfHeight > height || psfWidth > width)
			throw new IllegalArgumentException("PSF " + psfHeight + "×" + psfWidth + " is larger than the image " + height + "×" + width);
		return of(channels, height, width, Psf.of(psf, psfHeight, psfWidth), "blur by a " + psfHeight + "×" + psfWidth + " PSF (periodic)");
	}

	/** A periodic blur by {@code psf} on an H×W torus of any size (a PSF larger than it wraps around), described as given. */
	static BlurOperator wrapped(int channels, int height, int width, Psf psf, String description) {
		return new BlurOperator(channels, height, width, psf, description);
	}

	/** A periodic blur by {@code psf} (which must fit the image), described as given. */
	static BlurOperator of(int channels, int height, int width, Psf psf, String description) {
		Checks.imageSize(channels, height, width);
		psf.fits(height, width);
		return new BlurOperator(channels, height, width, psf, description);
	}

	/** The normalised, centred PSF. */
	public Psf psf() {
		return psf;
	}

	/** True when the PSF is centro-symmetric, so that K is real and {@link #svd()} exists. */
	public boolean symmetric() {
		return symmetric;
	}




	@Override
	public int measurementSize() {
		return imageSize();
	}

	/** Im K at frequency p (0 for a centro-symmetric PSF). */
	private double im(int p) {
		return kim == null ? 0 : kim[p];
	}

	/** Bytes of the transfer function this operator holds: H·W doubles, twice that where K is complex. */
	long spectrumBytes() {
		return 8L * kre.length * (kim == null ? 1 : 2);
	}

	/** The frequency responses G(κ) of {@link #multiply}. */
	enum Filter {
		/** K */
		APPLY,
		/** K̄ */
		ADJOINT,
		/** 1/K where |K| &gt; {@link #THRESHOLD}·max|K|, else 0 */
		PSEUDO_INVERSE,
		/** K̄/(|K|² + nsr) */
		WIENER,
		/** 1/(|K|² + nsr) */
		NORMAL_INVERSE,
		/** |K|² + nsr: A Aᵀ + nsr·I */
		NORMAL
	}

	@Override
	public void apply(double[] x, double[] y) {
		filter(Filter.APPLY, x, y, 0);
	}

	@Override
	public void adjoint(double[] y, double[] x) {
		filter(Filter.ADJOINT, y, x, 0);
	}

	/** x̂ = ŷ / K where |K| &gt; 10⁻³·max|K|, 0 elsewhere (a truncated inverse filter). */
	@Override
	public void pseudoInverse(double[] y, double[] x) {
		filter(Filter.PSEUDO_INVERSE, y, x, 0);
	}

	/**
	 * The Wiener filter x̂ = K̄ ŷ / (|K|² + nsr) with this blur's own transfer function K (white signal
	 * and noise spectra; nsr ≥ 0 a Tikhonov weight, 0 the plain inverse filter with 0 where K vanishes).
	 */
	public void wiener(double[] y, double nsr, double[] x) {
		if (!(nsr >= 0) || Double.isInfinite(nsr)) throw new IllegalArgumentException("nsr must be >= 0 and finite, got " + nsr);
		filter(Filter.WIENER, y, x, nsr);
	}

	private void filter(Filter f, double[] in, double[] out, double nsr) {
		Checks.length("input", in, imageSize());
		Checks.length("output", out, imageSize());
		int n = height * width;
		DoubleFFT_2D fft = new DoubleFFT_2D(height, width); // a plan per call: no shared state between threads
		double[] z = new double[2 * n];
		for (int c = 0; c < channels; c++) {
			for (int p = 0; p < n; p++) {
				z[2 * p] = in[c * n + p];
				z[2 * p + 1] = 0;
			}
			fft.complexForward(z);
			multiply(f, z, nsr);
			fft.complexInverse(z, true);
			for (int p = 0; p < n; p++)
				out[c * n + p] = z[2 * p];
		}
	}

	/**
	 * z ← G·z for one channel's spectrum z (H·W interleaved (re, im) pairs in JTransforms' FFT order)
	 * and the response G of {@code f} ({@code nsr} for WIENER, NORMAL_INVERSE and NORMAL).
	 */
	void multiply(Filter f, double[] z, double nsr) {
		for (int p = 0; p < kre.length; p++) {
			double gr = kre[p], gi = f == Filter.APPLY ? im(p) : -im(p);
			if (f == Filter.PSEUDO_INVERSE) {
				double m2 = gr * gr + gi * gi;
				boolean kept = Math.sqrt(m2) > cut;
				gr = kept ? gr / m2 : 0;
				gi = kept ? gi / m2 : 0;
			} else if (f == Filter.NORMAL_INVERSE) {
				gr = 1 / (gr * gr + gi * gi + nsr);
				gi = 0;
			} else if (f == Filter.NORMAL) {
				gr = gr * gr + gi * gi + nsr;
				gi = 0;
			} else if (f == Filter.WIENER) {
				double den = gr * gr + gi * gi + nsr;
				gr = den > 0 ? gr / den : 0;
				gi = den > 0 ? gi / den : 0;
			}
			double re = z[2 * p], im = z[2 * p + 1];
			z[2 * p] = re * gr - im * gi;
			z[2 * p + 1] = re * gi + im * gr;
		}
	}

	/** The H·W values of a starting at off, as an interleaved complex array with zero imaginary parts. */
	private double[] complex(double[] a, int off) {
		int n = height * width;
		double[] z = new double[2 * n];
		for (int p = 0; p < n; p++)
			z[2 * p] = a[off + p];
		return z;
	}

	@Override
	public Optional<Svd> svd() {
		if (!symmetric) return Optional.empty();
		int n = height * width, d = imageSize();
		int kept = 0;
		for (int p = 0; p < n; p++)
			if (Math.abs(kre[p]) > cut) kept++;
		// order[j] = frequency of spectral coordinate j within a channel, kept ones first
		int[] order = new int[n];
		int first = 0, rest = kept;
		for (int p = 0; p < n; p++)
			order[Math.abs(kre[p]) > cut ? first++ : rest++] = p;
		int k = kept, rank = channels * k;
		double scale = 1 / Math.sqrt(n);
		return Optional.of(new Svd() {

			@Override
			public int rank() {
				return rank;
			}

			@Override
			public double[] singularValues() {
				double[] s = new double[rank];
				for (int c = 0; c < channels; c++)
					for (int j = 0; j < k; j++)
						s[c * k + j] = Math.abs(kre[order[j]]);
				return s;
			}

			/** Index in c of the spectral coordinate for frequency order[j] of channel ch. */
			private int slot(int ch, int j) {
				return j < k ? ch * k + j : rank + ch * (n - k) + j - k;
			}

			@Override
			public void vt(double[] x, double[] c) {
				Checks.length("x", x, d);
				Checks.length("c", c, d);
				double[] h = new double[n];
				DoubleDHT_2D dht = new DoubleDHT_2D(height, width);
				for (int ch = 0; ch < channels; ch++) {
					System.arraycopy(x, ch * n, h, 0, n);
					dht.forward(h);
					for (int j = 0; j < n; j++)
						c[slot(ch, j)] = scale * h[order[j]];
				}
			}

			@Override
			public void v(double[] c, double[] x) {
				Checks.length("c", c, d);
				Checks.length("x", x, d);
				double[] h = new double[n];
				DoubleDHT_2D dht = new DoubleDHT_2D(height, width);
				for (int ch = 0; ch < channels; ch++) {
					for (int j = 0; j < n; j++)
						h[order[j]] = scale * c[slot(ch, j)];
					dht.forward(h); // the orthonormal Hartley transform is its own inverse
					System.arraycopy(h, 0, x, ch * n, n);
				}
			}

			@Override
			public void ut(double[] y, double[] u) {
				Checks.length("y", y, d);
				Checks.length("u", u, rank);
				double[] h = new double[n];
				DoubleDHT_2D dht = new DoubleDHT_2D(height, width);
				for (int ch = 0; ch < channels; ch++) {
					System.arraycopy(y, ch * n, h, 0, n);
					dht.forward(h);
					for (int j = 0; j < k; j++)
						u[ch * k + j] = Math.signum(kre[order[j]]) * scale * h[order[j]];
				}
			}
		});
	}

	@Override
	public String describe() {
		return description;
	}
}
