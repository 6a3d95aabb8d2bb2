package io.github.scorej.ops.problem;

import io.github.scorej.ops.classical.Classical;
import io.github.scorej.ops.inverse.LinearOperator;
import io.github.scorej.ops.inverse.NoiseModel;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Params;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A restoration task: what was measured (the forward model y = A x + n), with its settings. One
 * record per task, each in its own file with its forward model and conventions in its javadoc;
 * {@link Problems} lists them. A task declares its key and aliases, its parameters with their
 * defaults, its operator, its default method, its geometry (padding, output size), what it writes
 * into the output's provenance and its classical baselines; the command line, the ImageJ commands and
 * the benchmarks ask the task instead of switching on it.
 *
 * <p>Records are immutable: {@link #with(Params)} and the tasks' own {@code withX} give changed copies.
 * A record may also hold what a run learnt from its input (a CT sinogram's geometry, an inpainting
 * mask, MRI's acquired points), so that its provenance is complete.
 */
public sealed interface Problem permits DenoiseProblem, DeblurProblem, SuperResolveProblem, InpaintProblem, ColorizeProblem, CtProblem, MriProblem {

	/** What an input image holds, which decides how it is read into the measurement and what the output looks like. */
	enum Input {
		/** An image of the measurement's grid: the output is an image of the same kind, at the output size. */
		IMAGE,
		/** An image with pixels to fill (a mask marks them): y is A applied to the image. */
		MASKED_IMAGE,
		/** A grey image, or a colour one whose grey copy is measured: the output is RGB. */
		GREY_IMAGE,
		/** A sinogram: the output is a 32-bit reconstruction without spatial calibration. */
		SINOGRAM,
		/** Complex k-space (a 2-slice real/imaginary stack): the output is a 32-bit image. */
		KSPACE
	}

	/** The key of the command line ({@code --task KEY}), the provenance ({@code task=KEY}) and output titles. */
	String key();

	/**
	 * Other names that resolve to this task, the ImageJ dialog's first, e.g. "super-resolve" and "CT";
	 * none by default (the dialog uses the key).
	 */
	default List<String> aliases() {
		return List.of();
	}

	/** The forward model in one line, e.g. "y = PSF * x + noise". */
	String description();

	/** The verb (and ImageJ command) that runs this task: {@code restore}, {@code inpaint} or {@code colorize}. */
	default String verb() {
		return "restore";
	}

	/** What the input image holds. */
	default Input input() {
		return Input.IMAGE;
	}

	/**
	 * The declared parameters (names are macro keys and, with dashes, CLI options), each with its
	 * default; none by default. A task with parameters overrides {@link #values()} and {@link #with} too.
	 */
	default List<Param<?>> params() {
		return List.of();
	}

	/** The current values of {@link #params()}. */
	default Params values() {
		return Params.defaults(params());
	}

	/** A copy with these values of {@link #params()} (others kept). */
	default Problem with(Params values) {
		return this;
	}

	/**
	 * The problem as run on an h×w input with the run's seed: what the input tells (CT: the sinogram's
	 * layout, angles and bins) and what the seed draws (MRI: the line pattern); this problem by default.
	 */
	default Problem forInput(int h, int w, long seed) {
		return this;
	}

	/** The conditional method used when the user names none (a name of {@code Restoration.METHODS}). */
	String defaultMethod();

	/**
	 * The options of {@code method} (a name of {@code Restoration.METHODS}) this task sets unless the user gives
	 * them, name to value as text; none by default (the method's own defaults).
	 */
	default Map<String, String> methodDefaults(String method) {
		return Map.of();
	}

	/** The fewest steps a run of this task takes when the user gives none (else the model card's default); 0: no minimum. */
	default int minimumSteps() {
		return 0;
	}

	/**
	 * Where an h×w input sits in the operator's image and what the output is: the operator's image size
	 * (padded by {@code padding} to what the model takes), the measured size, the output window.
	 */
	Geometry geometry(int h, int w, Geometry.Padding padding);

	/**
	 * The operator for images of C × H × W ({@link DeblurProblem} with valid boundaries: measurements of
	 * H × W, its scene larger by the PSF radius on every side).
	 */
	LinearOperator operator(int c, int h, int w);

	/** The operator of a {@link #geometry}: images of c × g.height × g.width. */
	default LinearOperator operator(int c, Geometry g) {
		return operator(c, g.height(), g.width());
	}

	/**
	 * The measurement y of one input item read at the geometry's measured size (C × measuredHeight ×
	 * measuredWidth values, in pixel units): the item itself by default.
	 */
	default double[] measurement(double[] item, LinearOperator op) {
		return item;
	}

	/**
	 * The noise model of a user's σ_y (the standard deviation of y's noise in the input's pixel units):
	 * a known Gaussian by default; tasks whose noise can be estimated from the image read σ_y ≤ 0 as
	 * "estimate it".
	 */
	default NoiseModel noise(double sigmaY) {
		return new NoiseModel.Gaussian(sigmaY);
	}

	/** Writes the task's settings into a run's provenance, name then value, after {@code task} and {@code operator}. */
	void provenance(BiConsumer<String, Object> info);

	/**
	 * The classical restorations a user would otherwise reach for, each at its oracle parameter where it
	 * has one (chosen by the error to {@code truth}, C×H×W), in any order; see {@link Problems#classical}.
	 *
	 * @param op this task's operator, y a measurement of it
	 */
	List<Classical.Best> baselines(LinearOperator op, double[] y, double[] truth);
}
