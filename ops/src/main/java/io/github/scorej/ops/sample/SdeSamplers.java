package io.github.scorej.ops.sample;

import java.util.List;

/** The samplers that run in the SDE's own time: score_sde's PC and ODE samplers, ALD, DDIM, DPM-Solver. */
final class SdeSamplers {

	private SdeSamplers() {}

	static List<Sampler> list() {
		return List.of();
	}
}
