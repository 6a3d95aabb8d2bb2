package io.github.scorej.ops.inverse;

import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.ops.sample.Task;

import java.util.List;

/**
 * Denoising Diffusion Null-space Models (Wang et al. 2023, wyhuai/DDNM), in σ-space: with
 * x̂₀ = D(x; σ) and ε = (x − x̂₀)/σ,
 * x̂₀ ← x̂₀ − λ A†(A x̂₀ − y) and x′ = x̂₀ + γ(ηz + √(1 − η²)ε) at the next level σ′ (the DDIM step of
 * the reference divided by √ᾱ′). DDNM: λ = 1, γ = σ′. DDNM+ (noisy measurements, Eq. 19):
 * λ = 1 and γ = √(σ′² − σ_y²) while σ′ ≥ σ_y, then λ = σ′/σ_y and γ = 0 (in σ-space the reference's
 * test σ_t ≥ a_t σ_y reads σ′ ≥ σ_y). γ is the noise level of the range space only (the paper's
 * Σ_t acts through A†A): the noise and ε terms are split into A†A(·) at level γ and the null-space
 * rest at level σ′. The reference's simplified code scales all pixels by γ, which with a Gaussian
 * prior halves the spread of the unmeasured pixels; its γ also multiplies the DDIM noise terms once
 * more. Here γ is the range-space noise level itself, as in the paper. Where the operator has an
 * SVD, DDNM+ applies λ and γ per singular value (see {@link #spectralStep}), which is the paper's
 * general form. Where it has none but a {@link RegularisedInverse} (a blur with valid boundaries, CT),
 * DDNM+ uses its smooth analogue: x̂₀ ← x̂₀ − A†_δ(A x̂₀ − y) with the Tikhonov inverse
 * A†_δ = Aᵀ(AAᵀ + δI)⁻¹ and δ = (σ_y/σ′)², which weights component j by s_j²/(s_j² + σ_y²/σ′²)
 * (≈ 1 where s_jσ′ ≫ σ_y, ≈ (s_jσ′/σ_y)² where s_jσ′ ≪ σ_y, 0 at the last step), and the fresh noise
 * at level σ′ everywhere (the measurement's noise left in the range, at most σ′/2 per component, is
 * not subtracted from it). The scalar rule is used for the others.
 *
 * <p>Time travel (the reference's {@code get_schedule_jump}): with {@code travel_length} L &gt; 0,
 * after every L steps the state is noised back L levels (x ← x + √(σ_back² − σ²) z) and those steps
 * are repeated {@code travel_repeat} times, which harmonises the null-space content with the range.
 */
public final class Ddnm implements ConditionalMethod {

	public static final Param<Double> ETA = Param.real("eta", 0.85, 0, 1, "eta: share of fresh noise in the DDIM step");
	public static final Param<Integer> TRAVEL_LENGTH = Param.integer("travel_length", 0, 0, 1000, "time-travel jump length in steps (0: off)");
	public static final Param<Integer> TRAVEL_REPEAT = Param.integer("travel_repeat", 1, 1, 20, "time-travel repetitions");

	private final boolean plus;

	private Ddnm(boolean plus) {
		this.plus = plus;
	}

	public static Ddnm ddnm() {
		return new Ddnm(false);
	}

	public static Ddnm ddnmPlus() {
		return new Ddnm(true);
	}

	@Override public String name() { return plus ? "ddnm_plus" : "ddnm"; }

	@Override
	public String description() {
		return plus ? "DDNM+: null-space projection scaled for noisy measurements, optional time travel (Wang et al. 2023)"
				: "DDNM: range-null space decomposition with the operator's pseudo-inverse (Wang et al. 2023)";
	}

	@Override public List<Param<?>> params() { return List.of(ETA, TRAVEL_LENGTH, TRAVEL_REPEAT); }

	@Override public String unsupported(LinearOperator a) { return null; }

	/**
	 * Bytes of the arrays {@link #sample} holds beside the operator's own, for an operator without an
	 * SVD whose DDNM+ is not the scalar rule (a {@link RegularisedInverse}, or plain DDNM): per sample of
	 * the chunk the state, the denoised estimate and the noise; per image one item, A†(Ax̂₀ − y) and the
	 * step's noise; and Ax̂₀ − y.
	 *
	 * @param chunk samples sampled together
	 */
	public static long workingBytes(int chunk, long imageSize, long measurementSize) {
		return 8L * ((3L * chunk + 3) * imageSize + measurementSize);
	}

	@Override
	public double[] sample(Task task, Measurement m, Params p) {
		LinearOperator a = m.operator();
		double eta = p.get(ETA), sy = m.sigmaY();
		int L = p.get(TRAVEL_LENGTH), repeat = p.get(TRAVEL_REPEAT), items = task.shape().n(), per = task.shape().itemSize();
		double[] s = task.sigmas(), x = task.initialSigma(), d = new double[x.length], z = new double[x.length];
		double[] item = new double[per], ax = new double[a.measurementSize()], back = new double[per];
		double[] fresh = new double[per];
		boolean split = plus && sy > 0;
		Svd svd = split ? a.svd().orElse(null) : null;
		RegularisedInverse tikhonov = split && svd == null && a instanceof RegularisedInverse t ? t : null;
		double[] rangeFresh = split && svd == null && tikhonov == null ? new double[per] : null; // only the scalar DDNM+ rule splits the noise
		double[] yBar = null, cd = null, cf = null;
		if (svd != null) {
			yBar = new double[svd.rank()];
			svd.ut(m.y(), yBar);
			for (int j = 0; j < yBar.length; j++)
				yBar[j] /= svd.singularValues()[j];
			cd = new double[per];
			cf = new double[per];
		}
		int steps = task.steps();
		int[] travelled = new int[steps + 1];
		for (int i = 0; i < steps; i++) {
			double sigma = s[i], next = s[i + 1];
			task.denoise(x, sigma, d, i);
			double lambda = 1, gamma = next;
			if (plus && sy > 0) {
				if (next >= sy) gamma = Math.sqrt(next * next - sy * sy);
				else {
					lambda = next / sy;
					gamma = 0;
				}
			}
			task.noise().gaussian(z);
			if (svd != null) {
				spectralStep(svd, yBar, sy, eta, sigma, next, x, d, z, item, fresh, cd, cf, items, per);
				task.step(i, sigma, x, d);
				continue;
			}
			for (int n = 0; n < items; n++) {
				a.apply(Items.get(d, n, item), ax);
				for (int k = 0; k < ax.length; k++)
					ax[k] -= m.y()[k];
				if (tikhonov == null) a.pseudoInverse(ax, back);
				else if (next > 0) tikhonov.regularisedInverse(ax, sy * sy / (next * next), back);
				else java.util.Arrays.fill(back, 0); // δ = ∞: the last step keeps the denoised mean, as λ_j = 0 in spectralStep
				// the step's noise: η·z + √(1 − η²)·ε, at level γ in the range of A†A and σ′ in its null space
				for (int k = 0, o = n * per; k < per; k++, o++)
					fresh[k] = eta * z[o] + Math.sqrt(1 - eta * eta) * (x[o] - d[o]) / sigma;
				if (split && tikhonov == null) {
					a.apply(fresh, ax);
					a.pseudoInverse(ax, rangeFresh);
				}
				for (int k = 0, o = n * per; k < per; k++, o++) {
					double x0 = d[o] - lambda * back[k];
					d[o] = x0;
					if (next == 0) x[o] = x0;
					else if (tikhonov != null) x[o] = x0 + next * fresh[k];
					else if (split) x[o] = x0 + gamma * rangeFresh[k] + next * (fresh[k] - rangeFresh[k]);
					else x[o] = x0 + gamma * fresh[k];
				}
			}
			task.step(i, sigma, x, d);
			// time travel: after every L steps (not at the end), go back L levels and redo them
			if (L > 0 && next > 0 && (i + 1) % L == 0 && i + 1 >= L && travelled[i + 1] < repeat) {
				travelled[i + 1]++;
				int j = i + 1 - L;
				double up = Math.sqrt(s[j] * s[j] - next * next);
				task.noise().gaussian(z);
				for (int k = 0; k < x.length; k++)
					x[k] += up * z[k];
				i = j - 1;
			}
		}
		return x;
	}

	/**
	 * DDNM+ through the SVD: per spectral component j with singular value s_j, λ_j = 1 while
	 * s_jσ′ ≥ σ_y, else s_jσ′/σ_y, and range noise γ_j = √(σ′² − (λ_jσ_y/s_j)²). With one λ for all
	 * components (the scalar rule) an ill-conditioned operator such as a blur amplifies the
	 * measurement noise through its small singular values; per component it cannot.
	 */
	private static void spectralStep(Svd svd, double[] yBar, double sy, double eta, double sigma, double next, double[] x, double[] d,
			double[] z, double[] item, double[] fresh, double[] cd, double[] cf, int items, int per) {
		double[] sv = svd.singularValues();
		int rank = svd.rank();
		for (int n = 0; n < items; n++) {
			for (int k = 0, o = n * per; k < per; k++, o++)
				fresh[k] = eta * z[o] + Math.sqrt(1 - eta * eta) * (x[o] - d[o]) / sigma;
			svd.vt(Items.get(d, n, item), cd);
			svd.vt(fresh, cf);
			for (int j = 0; j < per; j++) {
				double gamma = next;
				if (j < rank) {
					double sj = sv[j], lambda = sj * next >= sy ? 1 : sj * next / sy;
					cd[j] -= lambda * (cd[j] - yBar[j]);
					double left = lambda * sy / sj;
					gamma = Math.sqrt(Math.max(next * next - left * left, 0));
				}
				cf[j] = next > 0 ? cd[j] + gamma * cf[j] : cd[j];
			}
			svd.v(cd, item);
			Items.put(item, d, n);
			svd.v(cf, item);
			Items.put(item, x, n);
		}
	}
}
