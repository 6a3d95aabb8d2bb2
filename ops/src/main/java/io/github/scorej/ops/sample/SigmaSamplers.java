package io.github.scorej.ops.sample;

import java.util.List;

/** The σ-space samplers: k-diffusion's family, EDM, PFGM++. */
final class SigmaSamplers {

	private SigmaSamplers() {}

	static List<Sampler> list() {
		return List.of();
	}
}
