package io.github.scorej.ops.inverse;

import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.ops.sample.Task;

import java.util.List;

/**
 * A gradient-free way to sample p(x | y) with an unconditional denoiser: the task's batch holds K
 * posterior samples of the one measured image, and the method returns them in σ-space (data space).
 */
public interface ConditionalMethod {

	String name();

	String description();

	List<Param<?>> params();

	/** Null if the method can use this operator, else why not (e.g. "needs an SVD"). */
	String unsupported(LinearOperator operator);

	double[] sample(Task task, Measurement measurement, Params params);
}
