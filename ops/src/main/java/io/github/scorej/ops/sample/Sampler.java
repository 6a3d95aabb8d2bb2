package io.github.scorej.ops.sample;

import java.util.List;

/**
 * One sampling algorithm. Implementations are stateless and thread-safe: all per-run state lives
 * in local variables of {@link #sample}. Each declares its options once, in {@link #params()}.
 */
public interface Sampler {

	/** The name users type: {@code euler}, {@code dpmpp_2m}, {@code pc}, … */
	String name();

	/** One line: what it is and where it comes from (paper, algorithm number). */
	String description();

	/** The sampler's own options, with defaults and ranges. */
	List<Param<?>> params();

	/** True if the sampler draws fresh noise after its initial draw (SDE samplers, ancestral samplers). */
	boolean stochastic();

	/**
	 * False for a sampler that runs in the SDE's own time t (score_sde's PC and ODE samplers, DDIM, DPM-Solver):
	 * it steps on its own grid from T to ε and takes from the task's σ schedule only the step count (and, from a
	 * start image, the first σ), so a schedule asked for by name would be ignored.
	 */
	default boolean usesSchedule() {
		return true;
	}

	/**
	 * Runs the sampler and returns the final state in σ-space (the data, x₀-estimate at σ = 0).
	 *
	 * @throws java.util.concurrent.CancellationException if the task's callback cancels
	 * @throws NonFiniteException if the network returns NaN or infinity
	 */
	double[] sample(Task task, Params params);

	/** The defaults of {@link #params()}. */
	default Params defaults() {
		return Params.defaults(params());
	}
}
