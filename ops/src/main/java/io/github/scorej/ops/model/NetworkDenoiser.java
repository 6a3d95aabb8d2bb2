package io.github.scorej.ops.model;

import java.util.Arrays;

import io.github.scorej.ops.model.ModelCard.Preconditioning;
import io.github.scorej.ops.sde.Sde;

/**
 * D(x; σ) from any network kind (k-diffusion's {@code external.py}, EDM's {@code EDMPrecond}).
 * With t = sde.time(σ) and s = s(t) the SDE's scale, the network sees x_in = s·x (VP types:
 * x_t = s·x_σ; 1 for VE, EDM, PFGM++), or x_in = c_in·x under EDM preconditioning, and a time
 * input: t, σ, ln(σ)/4, or the discrete label t(N−1) (vp, subvp) / (1 − t)(N−1) (ve; score_sde's
 * labels, passed unrounded). Its output F becomes
 * <pre>
 *   x0:    D = F
 *   eps:   D = x − σ·F                      (x_t = α x₀ + σ_t ε with α = s, σ_t = sσ)
 *   score: D = x + s·σ²·F                    (F = ∇ log p_t(x_t), x_t = s·x)
 *   v:     D = σ_d²/(σ²+σ_d²)·x − σσ_d/√(σ²+σ_d²)·F   (VP, σ_d = 1: x₀ = α x_t − σ_t v)
 *   EDM:   D = c_skip·x + c_out·F(c_in·x, ·),  c_skip = σ_d²/(σ²+σ_d²), c_out = σσ_d/√(σ²+σ_d²),
 *          c_in = 1/√(σ²+σ_d²)   (Karras et al. 2022, Table 1)
 * </pre>
 * Class-conditional models: classifier-free guidance D = D_u + w(D_c − D_u) (Ho &amp; Salimans 2022)
 * with one network call on a 2N batch, the null class giving D_u; w = 1 is purely conditional
 * (one N batch). Unconditional use of a conditional model feeds the null class.
 * <p>
 * Immutable; {@link #denoise} allocates its float buffers per call and may be used by several
 * threads when the network may.
 */
public final class NetworkDenoiser implements Denoiser {

	private final ModelCard card;
	private final Sde sde;
	private final Network network;
	private final long[] labels;
	private final double guidance;

	/** The unconditional denoiser (null class for a conditional model). */
	public NetworkDenoiser(ModelCard card, Sde sde, Network network) {
		this(card, sde, network, null, 1);
	}

	private NetworkDenoiser(ModelCard card, Sde sde, Network network, long[] labels, double guidance) {
		this.card = card;
		this.sde = sde;
		this.network = network;
		this.labels = labels;
		this.guidance = guidance;
	}

	/**
	 * The class-conditional denoiser with classifier-free guidance scale w.
	 *
	 * @param classLabels one label per batch item, or one label for all
	 * @param w guidance scale: 0 unconditional, 1 conditional, &gt; 1 guided (needs the card's null_class)
	 */
	public NetworkDenoiser withClasses(long[] classLabels, double w) {
		if (!card.conditional())
			throw new IllegalArgumentException(card.file() + ": model '" + card.name() + "' is not class-conditional (no config.scorej.classes)");
		if (classLabels == null || classLabels.length == 0) throw new IllegalArgumentException("need at least one class label");
		for (long l : classLabels)
			if (l < 0 || l >= card.classes().size() && card.nullClass().map(n -> n != l).orElse(true))
				throw new IllegalArgumentException("class label " + l + " is outside 0.." + (card.classes().size() - 1) + " of " + card.name());
		if (w != 1 && card.nullClass().isEmpty())
			throw new IllegalArgumentException(card.file() + ": guidance scale " + w + " needs config.scorej.null_class");
		if (!Double.isFinite(w)) throw new IllegalArgumentException("guidance scale must be finite, got " + w);
		return new NetworkDenoiser(card, sde, network, classLabels.clone(), w);
	}

	public ModelCard card() { return card; }
	public Sde sde() { return sde; }
	public Network network() { return network; }
	public double guidance() { return guidance; }

	/** Stops an in-flight network call (see {@link Network#cancel()}). */
	public void cancel() {
		network.cancel();
	}

	/** The factor of the network input at noise level σ: x_in = factor·x. */
	public double inputScale(double sigma) {
		if (card.preconditioning() == Preconditioning.EDM) return 1 / Math.sqrt(sigma * sigma + card.sigmaData() * card.sigmaData());
		return sde.scale(sde.time(sigma));
	}

	/** The network's time input at noise level σ. */
	public double timeInput(double sigma) {
		double t = sde.time(sigma);
		return switch (card.timeInput()) {
			case T -> t;
			case SIGMA -> sigma;
			case LOG_SIGMA_QUARTER -> Math.log(sigma) / 4;
			case INDEX -> (card.sde().equals("ve") ? 1 - t : t) * (card.numScales() - 1);
		};
	}

	@Override
	public void denoise(Shape shape, double[] x, double sigma, double[] out) {
		if (!(sigma > 0)) throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
		if (x.length != shape.size() || out.length != shape.size())
			throw new IllegalArgumentException("arrays of " + x.length + " and " + out.length + " values do not match shape " + shape);
		int n = shape.n();
		boolean conditional = card.conditional();
		boolean guided = conditional && labels != null && guidance != 1;
		int batch = guided ? 2 * n : n;
		Shape netShape = shape.withBatch(batch);
		double a = inputScale(sigma);
		float[] xin = new float[netShape.size()];
		for (int i = 0; i < x.length; i++)
			xin[i] = (float) (a * x[i]);
		if (guided) System.arraycopy(xin, 0, xin, x.length, x.length);
		float[] t = new float[batch];
		Arrays.fill(t, (float) timeInput(sigma));
		long[] classes = null;
		if (conditional) {
			classes = new long[batch];
			if (labels == null) {
				int nul = card.nullClass().orElseThrow(() -> new IllegalStateException(card.file()
						+ ": model '" + card.name() + "' is class-conditional without null_class: choose classes with withClasses"));
				Arrays.fill(classes, nul);
			} else {
				for (int k = 0; k < n; k++)
					classes[k] = labels[labels.length == 1 ? 0 : k];
				if (guided) Arrays.fill(classes, n, batch, card.nullClass().get());
			}
			if (labels != null && labels.length != 1 && labels.length != n)
				throw new IllegalArgumentException(labels.length + " class labels for a batch of " + n);
		}
		float[] f = new float[netShape.size()];
		network.run(netShape, xin, t, classes, f);
		toDenoised(x, sigma, f, 0, out);
		if (guided) {
			double[] du = new double[x.length];
			toDenoised(x, sigma, f, x.length, du);
			for (int i = 0; i < x.length; i++)
				out[i] = du[i] + guidance * (out[i] - du[i]);
		}
	}

	/** D from the network output f[off ...] for input x. */
	private void toDenoised(double[] x, double sigma, float[] f, int off, double[] out) {
		double s2 = sigma * sigma, sd = card.sigmaData(), sd2 = sd * sd;
		if (card.preconditioning() == Preconditioning.EDM) {
			double cSkip = sd2 / (s2 + sd2), cOut = sigma * sd / Math.sqrt(s2 + sd2);
			for (int i = 0; i < x.length; i++)
				out[i] = cSkip * x[i] + cOut * f[off + i];
			return;
		}
		switch (card.prediction()) {
			case X0 -> {
				for (int i = 0; i < x.length; i++)
					out[i] = f[off + i];
			}
			case EPS -> {
				for (int i = 0; i < x.length; i++)
					out[i] = x[i] - sigma * f[off + i];
			}
			case SCORE -> {
				double c = sde.scale(sde.time(sigma)) * s2;
				for (int i = 0; i < x.length; i++)
					out[i] = x[i] + c * f[off + i];
			}
			case V -> {
				double cSkip = sd2 / (s2 + sd2), cOut = -sigma * sd / Math.sqrt(s2 + sd2);
				for (int i = 0; i < x.length; i++)
					out[i] = cSkip * x[i] + cOut * f[off + i];
			}
		}
	}
}
