package io.github.scorej.ops.problem;

import io.github.scorej.ops.classical.Classical;
import io.github.scorej.ops.classical.Upsampling;
import io.github.scorej.ops.inverse.LinearOperator;
import io.github.scorej.ops.inverse.SuperResolutionOperator;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Params;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Super-resolution: y[c, i, j] = (1/f²) Σ_{a,b &lt; f} x[c, f·i + a, f·j + b] + n, the f×f box
 * average of the unknown image x ({@link SuperResolutionOperator}, ddrm's convention: pixel (i, j) of
 * y covers pixels f·i … f·i + f − 1 of x, no half-pixel shift), n ~ N(0, σ_y² I) with σ_y in the
 * input's pixel values. The output is f× larger than the input (its pixel size divided by f); the
 * input is mirror-padded so that f times its size is one the model takes. Default method DDNM+;
 * baseline: bicubic interpolation (Keys, a = −0.5).
 *
 * @param factor f
 */
public record SuperResolveProblem(int factor) implements Problem {

	/** The result is factor× larger. */
	public static final Param<Integer> FACTOR = Param.integer("factor", 4, 2, 64, "super-resolve: the result is factor times larger");

	public SuperResolveProblem {
		FACTOR.check(FACTOR.name(), factor);
	}

	/** The default: ×4. */
	public SuperResolveProblem() {
		this(FACTOR.defaultValue());
	}

	@Override
	public String key() {
		return "superres";
	}

	@Override
	public List<String> aliases() {
		return List.of("super-resolve");
	}

	@Override
	public String description() {
		return "y = f×f box average of x + noise";
	}

	@Override
	public List<Param<?>> params() {
		return List.of(FACTOR);
	}

	@Override
	public Params values() {
		return Params.defaults(params()).with(FACTOR, factor);
	}

	@Override
	public SuperResolveProblem with(Params v) {
		return new SuperResolveProblem(v.get(FACTOR));
	}

	@Override
	public String defaultMethod() {
		return "ddnm_plus";
	}

	@Override
	public Geometry geometry(int h, int w, Geometry.Padding padding) {
		int f = factor;
		int[] ps = padding.padded(h, w, f);
		return new Geometry(f * ps[0], f * ps[1], ps[0], ps[1], f * ((ps[0] - h) / 2), f * ((ps[1] - w) / 2), f * h, f * w);
	}

	@Override
	public LinearOperator operator(int c, int h, int w) {
		return new SuperResolutionOperator(c, h, w, factor);
	}

	@Override
	public void provenance(BiConsumer<String, Object> info) {
		info.accept("factor", factor);
	}

	@Override
	public List<Classical.Best> baselines(LinearOperator op, double[] y, double[] truth) {
		return List.of(Classical.scored("bicubic", Upsampling.bicubic((SuperResolutionOperator) op, y), truth));
	}
}
