package io.github.scorej.ops.sample;

import java.util.List;

/** The σ-space samplers: k-diffusion's family and EDM; PFGM++ is any of them on a PFGM++ task. */
final class SigmaSamplers {

	private SigmaSamplers() {}

	static List<Sampler> list() {
		return List.of(new Euler(), new EulerAncestral(),
				new Heun("heun", "Heun's 2nd-order method, optional churn (Karras et al. 2022, Alg. 2; k-diffusion sample_heun)"),
				new Dpm2(), new Dpm2Ancestral(), new Lms(), new DpmppTwoSAncestral(), new DpmppTwoM(), new DpmppTwoMSde(),
				new DpmppThreeMSde(),
				new Heun("edm", "EDM stochastic sampler: Heun + churn (Karras et al. 2022, Alg. 2; edm generate.py)"));
	}
}
