package io.github.scorej.ops.sample;

import io.github.scorej.ops.sde.EdmSde;
import io.github.scorej.ops.sde.PfgmppSde;
import io.github.scorej.ops.sde.Sde;

import java.util.ArrayList;
import java.util.List;

/**
 * DPM-Solver and DPM-Solver++ of orders 1–3, multistep or singlestep, in the SDE's time with
 * α_t = s(t), σ_t = α_t·σ(t), λ_t = ln α_t − ln σ_t = −ln σ(t) and h = λ_t − λ_s. First order:
 * <pre>
 *   DPM-Solver   x_t = (α_t/α_s)·x_s − σ_t·(e^h − 1)·ε_θ(x_s, s)
 *   DPM-Solver++ x_t = (σ_t/σ_s)·x_s − α_t·(e^{−h} − 1)·x_θ(x_s, s)
 * </pre>
 * with x_θ = D(x/α_t; σ(t)) and ε_θ = (x − α_t·x_θ)/σ_t; higher orders add the divided
 * differences of the model outputs. Lu et al. 2022, "DPM-Solver", Algorithms 1–2, and
 * "DPM-Solver++", Algorithms 1–2, and the adaptive DPM-Solver-12/23 (Algorithm 4), following {@code dpm_solver_pytorch.py} (solver_type
 * {@code dpmsolver}) exactly. Deterministic; stateless and thread-safe. Returns x/α at eps.
 */
public final class DpmSolver implements Sampler {

	public static final Param<String> ALGORITHM = Param.choice("algorithm", "dpmsolver++", List.of("dpmsolver", "dpmsolver++"), "noise (dpmsolver) or data (dpmsolver++) prediction");
	public static final Param<Integer> ORDER = Param.integer("order", 2, 1, 3, "solver order");
	public static final Param<String> METHOD = Param.choice("method", "multistep", List.of("multistep", "singlestep", "adaptive"), "multistep, singlestep, or adaptive step size (orders 2-3, ignores the step count)");
	public static final Param<String> SKIP_TYPE = Param.choice("skip_type", "auto", List.of("auto", "logSNR", "time_uniform", "time_quadratic"), "spacing of the time steps (auto: logSNR where the SDE's time is sigma, EDM and PFGM++; time_uniform otherwise)");
	public static final Param<Boolean> LOWER_ORDER_FINAL = Param.bool("lower_order_final", true, "lower the order in the final multistep steps (below 10 steps)");

	public static final Param<Double> ATOL = Param.real("atol", 0.0078, 1e-12, 10, "absolute tolerance of the adaptive solver");
	public static final Param<Double> RTOL = Param.real("rtol", 0.05, 1e-12, 10, "relative tolerance of the adaptive solver");

	@Override public String name() { return "dpm_solver"; }

	/** Runs in the SDE's own time t: the σ schedule's shape is not used. */
	@Override public boolean usesSchedule() { return false; }

	@Override
	public String description() {
		return "DPM-Solver / DPM-Solver++ (Lu et al. 2022), orders 1-3, multistep or singlestep";
	}

	@Override
	public List<Param<?>> params() {
		return List.of(ALGORITHM, ORDER, METHOD, SKIP_TYPE, LOWER_ORDER_FINAL, ATOL, RTOL);
	}

	@Override public boolean stochastic() { return false; }

	@Override
	public double[] sample(Task task, Params params) {
		Sde sde = task.sde();
		boolean pp = params.get(ALGORITHM).equals("dpmsolver++");
		int order = params.get(ORDER), steps = task.steps();
		String skip = skipType(params.get(SKIP_TYPE), sde);
		double tT = SdeSamplers.startTime(task), t0 = sde.eps();
		double[] x = SdeSamplers.initial(task, tT);
		Run r = new Run(task, pp);
		if (params.get(METHOD).equals("adaptive")) {
			x = adaptive(r, x, order, tT, t0, params.get(ATOL), params.get(RTOL));
		} else if (params.get(METHOD).equals("multistep")) {
			if (steps < order) throw new IllegalArgumentException("dpm_solver: multistep order " + order + " needs at least " + order + " steps");
			double[] ts = timeSteps(sde, skip, tT, t0, steps);
			List<double[]> models = new ArrayList<>();
			List<Double> times = new ArrayList<>();
			models.add(r.model(x, ts[0], 0));
			times.add(ts[0]);
			for (int step = 1; step <= steps; step++) {
				// as dpm_solver_pytorch: the order is lowered at the end only for fewer than 10 steps
				int o = step < order ? step : params.get(LOWER_ORDER_FINAL) && steps < 10 ? Math.min(order, steps + 1 - step) : order;
				x = r.multistep(x, models, times, ts[step], o);
				task.step(step - 1, sde.sigma(ts[step]), SdeSamplers.toSigmaSpace(sde, x, ts[step]), r.lastDenoised);
				if (step < steps) {
					models.add(r.model(x, ts[step], step));
					times.add(ts[step]);
					if (models.size() > order) {
						models.remove(0);
						times.remove(0);
					}
				}
			}
		} else {
			List<Integer> orders = new ArrayList<>();
			int K;
			if (order == 3) {
				K = steps / 3 + 1;
				for (int i = 0; i < (steps % 3 == 0 ? K - 2 : K - 1); i++)
					orders.add(3);
				if (steps % 3 == 0) { orders.add(2); orders.add(1); } else orders.add(steps % 3 == 1 ? 1 : 2);
			} else if (order == 2) {
				K = steps % 2 == 0 ? steps / 2 : steps / 2 + 1;
				for (int i = 0; i < (steps % 2 == 0 ? K : K - 1); i++)
					orders.add(2);
				if (steps % 2 != 0) orders.add(1);
			} else {
				K = steps;
				for (int i = 0; i < steps; i++)
					orders.add(1);
			}
			double[] outer;
			if (skip.equals("logSNR")) {
				outer = timeSteps(sde, skip, tT, t0, K);
			} else {
				double[] all = timeSteps(sde, skip, tT, t0, steps);
				outer = new double[orders.size() + 1];
				int c = 0;
				outer[0] = all[0];
				for (int i = 0; i < orders.size(); i++)
					outer[i + 1] = all[c += orders.get(i)];
			}
			for (int step = 0; step < orders.size(); step++) {
				int o = orders.get(step);
				double s = outer[step], t = outer[step + 1];
				double[] inner = timeSteps(sde, skip, s, t, o);
				double ls = lambda(sde, inner[0]), h = lambda(sde, inner[o]) - ls;
				double r1 = o <= 1 ? 0 : (lambda(sde, inner[1]) - ls) / h, r2 = o <= 2 ? 0 : (lambda(sde, inner[2]) - ls) / h;
				x = r.singlestep(x, s, t, o, r1, r2, step, new double[2][]);
				task.step(step, sde.sigma(t), SdeSamplers.toSigmaSpace(sde, x, t), r.lastDenoised);
			}
		}
		return SdeSamplers.toSigmaSpace(sde, x, t0);
	}

	/**
	 * dpm_solver_pytorch's {@code dpm_solver_adaptive} (DPM-Solver-12 and -23, Lu et al. 2022,
	 * Algorithm 4): a lower- and a higher-order singlestep update sharing model calls, the error
	 * E = max over items of RMS((x_high − x_low)/max(atol, rtol·max(|x_low|, |x_prev|))), accepted
	 * if E ≤ 1, then h ← min(θ·h·E^{−1/order}, λ_0 − λ_s) with h_init = 0.05, θ = 0.9, t_err = 1e-5.
	 */
	private static double[] adaptive(Run r, double[] x, int order, double tT, double t0, double atol, double rtol) {
		if (order < 2) throw new IllegalArgumentException("dpm_solver: the adaptive method needs order 2 or 3, got " + order);
		Sde sde = r.sde;
		Task task = r.task;
		int items = task.shape().n(), per = x.length / items;
		double s = tT, ls = lambda(sde, s), l0 = lambda(sde, t0), h = 0.05, theta = 0.9, tErr = 1e-5;
		double[] prev = x;
		int step = 0;
		while (Math.abs(s - t0) > tErr) {
			double t = sde.time(Math.exp(-(ls + h)));
			double[][] models = new double[2][];
			double[] low = order == 2 ? r.singlestep(x, s, t, 1, 0, 0, step, models) : r.singlestep(x, s, t, 2, 1 / 3.0, 0, step, models);
			double[] high = order == 2 ? r.singlestep(x, s, t, 2, 0.5, 0, step, models) : r.singlestep(x, s, t, 3, 1 / 3.0, 2 / 3.0, step, models);
			double E = 0;
			for (int n = 0; n < items; n++) {
				double ss = 0;
				for (int i = n * per; i < (n + 1) * per; i++) {
					double delta = Math.max(atol, rtol * Math.max(Math.abs(low[i]), Math.abs(prev[i])));
					double v = (high[i] - low[i]) / delta;
					ss += v * v;
				}
				E = Math.max(E, Math.sqrt(ss / per));
			}
			if (E <= 1) {
				x = high;
				s = t;
				prev = low;
				ls = lambda(sde, s);
				step++;
			}
			task.evaluation(r.nfe, sde.sigma(s), false);
			h = Math.min(theta * h * Math.pow(E, -1.0 / order), l0 - ls);
		}
		task.evaluation(r.nfe, sde.sigma(s), true);
		return x;
	}

	/** λ_t = −ln σ(t). */
	static double lambda(Sde sde, double t) {
		return -Math.log(sde.sigma(t));
	}

	/** dpm_solver_pytorch's {@code get_time_steps}: N + 1 times from tT to t0. */
	/**
	 * {@code auto}: dpm_solver_pytorch's default {@code time_uniform} where the SDE's time is its own (VP, sub-VP, VE,
	 * whose σ is geometric in t), {@code logSNR} where the time is σ itself (EDM, PFGM++): uniform σ steps from 80
	 * spend all but a few on the largest noise levels, and the error stops falling with more steps.
	 */
	static String skipType(String chosen, Sde sde) {
		if (!chosen.equals("auto")) return chosen;
		return sde instanceof EdmSde || sde instanceof PfgmppSde ? "logSNR" : "time_uniform";
	}

	static double[] timeSteps(Sde sde, String skip, double tT, double t0, int n) {
		double[] out;
		switch (skip) {
			case "logSNR":
				out = SdeSamplers.linspace(lambda(sde, tT), lambda(sde, t0), n + 1);
				for (int i = 0; i <= n; i++)
					out[i] = sde.time(Math.exp(-out[i]));
				return out;
			case "time_quadratic":
				out = SdeSamplers.linspace(Math.sqrt(tT), Math.sqrt(t0), n + 1);
				for (int i = 0; i <= n; i++)
					out[i] *= out[i];
				return out;
			default:
				return SdeSamplers.linspace(tT, t0, n + 1);
		}
	}

	/** Per-run state: the task, the prediction kind and the latest σ-space denoised image. */
	private static final class Run {
		final Task task;
		final Sde sde;
		final boolean pp;
		double[] lastDenoised;
		int nfe;

		Run(Task task, boolean pp) {
			this.task = task;
			this.sde = task.sde();
			this.pp = pp;
		}

		double alpha(double t) { return sde.scale(t); }
		double sig(double t) { return sde.scale(t) * sde.sigma(t); }

		/** x_θ(x, t) for DPM-Solver++, ε_θ(x, t) for DPM-Solver. */
		double[] model(double[] x, double t, int step) {
			double a = alpha(t), s = sig(t);
			double[] in = new double[x.length], d = new double[x.length];
			for (int i = 0; i < x.length; i++)
				in[i] = x[i] / a;
			task.denoise(in, sde.sigma(t), d, step);
			nfe++;
			lastDenoised = d;
			if (pp) return d.clone();
			double[] eps = new double[x.length];
			for (int i = 0; i < x.length; i++)
				eps[i] = (x[i] - a * d[i]) / s;
			return eps;
		}

		/** x_t = A·x + Σ c_j·m_j. */
		static double[] combine(double A, double[] x, double[] c, double[]... m) {
			double[] out = new double[x.length];
			for (int i = 0; i < x.length; i++) {
				double v = A * x[i];
				for (int j = 0; j < m.length; j++)
					v += c[j] * m[j][i];
				out[i] = v;
			}
			return out;
		}

		/** The multistep update of order o from the last o model outputs. */
		double[] multistep(double[] x, List<double[]> models, List<Double> times, double t, int o) {
			int n = models.size();
			double[] m0 = models.get(n - 1);
			double tp0 = times.get(n - 1), lt = lambda(sde, t), lp0 = lambda(sde, tp0), h = lt - lp0;
			double A = pp ? sig(t) / sig(tp0) : Math.exp(Math.log(alpha(t)) - Math.log(alpha(tp0)));
			double c = pp ? alpha(t) : sig(t);
			if (o == 1) {
				double phi1 = pp ? Math.expm1(-h) : Math.expm1(h);
				return combine(A, x, new double[] { -c * phi1 }, m0);
			}
			double[] m1 = models.get(n - 2);
			double lp1 = lambda(sde, times.get(n - 2)), h0 = lp0 - lp1, r0 = h0 / h;
			if (o == 2) {
				double phi1 = pp ? Math.expm1(-h) : Math.expm1(h);
				// D1_0 = (m0 − m1)/r0; x_t = A x − c φ1 m0 − ½ c φ1 D1_0
				double k = -0.5 * c * phi1 / r0;
				return combine(A, x, new double[] { -c * phi1 + k, -k }, m0, m1);
			}
			double[] m2 = models.get(n - 3);
			double lp2 = lambda(sde, times.get(n - 3)), h1 = lp1 - lp2, r1 = h1 / h;
			double[] d10 = new double[x.length], d1 = new double[x.length], d2 = new double[x.length];
			for (int i = 0; i < x.length; i++) {
				d10[i] = (m0[i] - m1[i]) / r0;
				double d11 = (m1[i] - m2[i]) / r1;
				d1[i] = d10[i] + r0 / (r0 + r1) * (d10[i] - d11);
				d2[i] = (d10[i] - d11) / (r0 + r1);
			}
			if (pp) {
				double phi1 = Math.expm1(-h), phi2 = phi1 / h + 1, phi3 = phi2 / h - 0.5;
				return combine(A, x, new double[] { -c * phi1, c * phi2, -c * phi3 }, m0, d1, d2);
			}
			double phi1 = Math.expm1(h), phi2 = phi1 / h - 1, phi3 = phi2 / h - 0.5;
			return combine(A, x, new double[] { -c * phi1, -c * phi2, -c * phi3 }, m0, d1, d2);
		}

		/**
		 * One singlestep update of order o from s to t, intermediate points at λ_s + r·h. {@code
		 * models} holds the model outputs at s and s1: used if set, filled if null.
		 */
		double[] singlestep(double[] x, double s, double t, int o, double r1, double r2, int step, double[][] models) {
			double ls = lambda(sde, s), h = lambda(sde, t) - ls;
			double[] ms = models[0] != null ? models[0] : (models[0] = model(x, s, step));
			if (o == 1) return firstOrder(x, s, t, ms);
			if (o == 2) {
				if (r1 == 0) r1 = 0.5;
				double s1 = sde.time(Math.exp(-(ls + r1 * h)));
				double[] ms1 = models[1] != null ? models[1] : (models[1] = model(firstOrder(x, s, s1, ms), s1, step));
				double[] xt = firstOrder(x, s, t, ms);
				double phi1 = pp ? Math.expm1(-h) : Math.expm1(h), c = pp ? alpha(t) : sig(t);
				double k = -0.5 / r1 * c * phi1;
				for (int i = 0; i < x.length; i++)
					xt[i] += k * (ms1[i] - ms[i]);
				return xt;
			}
			if (r1 == 0) r1 = 1 / 3.0;
			if (r2 == 0) r2 = 2 / 3.0;
			double s1 = sde.time(Math.exp(-(ls + r1 * h))), s2 = sde.time(Math.exp(-(ls + r2 * h)));
			double[] ms1 = models[1] != null ? models[1] : (models[1] = model(firstOrder(x, s, s1, ms), s1, step));
			double[] xs2 = firstOrder(x, s, s2, ms);
			double phi22 = pp ? Math.expm1(-r2 * h) / (r2 * h) + 1 : Math.expm1(r2 * h) / (r2 * h) - 1;
			double k2 = pp ? r2 / r1 * alpha(s2) * phi22 : -r2 / r1 * sig(s2) * phi22;
			for (int i = 0; i < x.length; i++)
				xs2[i] += k2 * (ms1[i] - ms[i]);
			double[] ms2 = model(xs2, s2, step);
			double[] xt = firstOrder(x, s, t, ms);
			double phi2 = pp ? Math.expm1(-h) / h + 1 : Math.expm1(h) / h - 1;
			double k = pp ? 1 / r2 * alpha(t) * phi2 : -1 / r2 * sig(t) * phi2;
			for (int i = 0; i < x.length; i++)
				xt[i] += k * (ms2[i] - ms[i]);
			return xt;
		}

		/** The first-order update from s to t with model output m at s. */
		double[] firstOrder(double[] x, double s, double t, double[] m) {
			double h = lambda(sde, t) - lambda(sde, s);
			if (pp) return combine(sig(t) / sig(s), x, new double[] { -alpha(t) * Math.expm1(-h) }, m);
			return combine(Math.exp(Math.log(alpha(t)) - Math.log(alpha(s))), x, new double[] { -sig(t) * Math.expm1(h) }, m);
		}
	}
}
