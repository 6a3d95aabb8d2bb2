package io.github.scorej.ops.problem;

import io.github.scorej.ops.classical.Classical;
import io.github.scorej.ops.inverse.CtOperator;
import io.github.scorej.ops.inverse.LinearOperator;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sample.Params;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Sparse-view parallel-beam CT in scikit-image's geometry: y = R x + n, the Radon transform
 * ({@link CtOperator}, {@code skimage.transform.radon}: angles in degrees, θ counter-clockwise on
 * screen with row 0 at the top, the rotation axis at pixel (⌊W/2⌋, ⌊H/2⌋), detector bin b at offset
 * b − ⌊bins/2⌋), σ_y in the sinogram's values.
 *
 * <p>The input is a sinogram image: skimage's layout, detector bins × angles (rows are bins), or
 * angles × bins ({@link CtOperator.Layout}); {@code layout} auto tells them apart by the angle count.
 * The angles are {@code angles} equispaced over [0, 180) (skimage's
 * {@code np.linspace(0, 180, n, endpoint=False)}; 0: one per sinogram column, or row in the angles-bins
 * layout) or an explicit list. The output is a 32-bit {@code size}² reconstruction (0: the detector's
 * width, skimage's {@code circle=True} field), centred in the square field the model takes. The
 * intensity map is fitted on A† y. Default method DDNM+; baseline: filtered back-projection (Ram-Lak,
 * skimage's {@code iradon}).
 *
 * @param angles the number of projections (0: from the sinogram)
 * @param theta the angles in degrees, or null for {@code angles} equispaced
 * @param layout how the sinogram image is stored
 * @param size the reconstruction's side, 0 for the detector's width
 * @param sinogram the geometry read from the input ({@link #forInput}), or null before
 */
public record CtProblem(int angles, double[] theta, CtOperator.Layout layout, int size, CtOperator.Geometry sinogram) implements Problem {

	/** Measured angles; 0 where a command takes one per sinogram row. */
	public static final Param<Integer> ANGLES = Param.integer("angles", 0, 0, 100_000, "CT: measured angles; 0: one per sinogram row");

	/** The sinogram's layout. */
	public static final Param<String> LAYOUT = Param.choice("layout", "auto", List.of("auto", "bins-angles", "angles-bins"),
			"CT: auto, bins-angles (skimage's: rows are detector bins) or angles-bins (rows are angles)");

	/** The reconstructed image's side; 0: the one whose detector fits the sinogram's bins. */
	public static final Param<Integer> SIZE = Param.integer("size", 0, 0, 65_536, "CT: side of the reconstruction; 0: from the detector bins");

	public CtProblem {
		ANGLES.check(ANGLES.name(), angles);
		SIZE.check(SIZE.name(), size);
	}

	/** The defaults: angles from the sinogram, auto layout, the detector's width. */
	public CtProblem() {
		this(ANGLES.defaultValue(), null, CtOperator.Layout.of(LAYOUT.defaultValue()), SIZE.defaultValue(), null);
	}

	/** {@code n} equispaced angles. */
	public CtProblem withAngles(int n) {
		return new CtProblem(n, null, layout, size, null);
	}

	/** The measured angles in degrees (null: {@code angles} equispaced) and the sinogram's layout. */
	public CtProblem withAngles(double[] t, CtOperator.Layout l) {
		return new CtProblem(t == null ? angles : t.length, t, l, size, null);
	}

	/** The measured angles in degrees, the list or {@code angles} equispaced over [0, 180). */
	public double[] ctAngles() {
		return theta != null ? theta.clone() : CtOperator.uniform(sinogram != null ? sinogram.angles() : angles);
	}

	@Override
	public String key() {
		return "ct";
	}

	@Override
	public List<String> aliases() {
		return List.of("CT");
	}

	@Override
	public String description() {
		return "sparse-view parallel-beam sinogram";
	}

	@Override
	public Input input() {
		return Input.SINOGRAM;
	}

	@Override
	public List<Param<?>> params() {
		return List.of(ANGLES, LAYOUT, SIZE);
	}

	@Override
	public Params values() {
		return Params.defaults(params()).with(ANGLES, angles).with(LAYOUT, layout.key).with(SIZE, size);
	}

	@Override
	public CtProblem with(Params v) {
		int n = v.get(ANGLES);
		if (theta != null && n > 0 && n != theta.length)
			throw new IllegalArgumentException("angles " + n + " and the angle list (" + theta.length + " angles) disagree; give one");
		return new CtProblem(theta != null ? theta.length : n, theta, CtOperator.Layout.of(v.get(LAYOUT)), v.get(SIZE), null);
	}

	@Override
	public String defaultMethod() {
		return "ddnm_plus";
	}

	/** With the geometry of an h × w sinogram image: its layout, angles and detector bins. */
	@Override
	public CtProblem forInput(int h, int w, long seed) {
		return new CtProblem(angles, theta, layout, size, read(h, w));
	}

	private CtOperator.Geometry read(int h, int w) {
		return CtOperator.Geometry.of(h, w, theta != null ? theta.length : angles, layout, size,
				theta != null ? "the angle list (" + theta.length + " angles)" : "--angles " + angles);
	}

	/** The sinogram as measured (h × w, at its layout), x the size² reconstruction centred in the model's square field. */
	@Override
	public Geometry geometry(int h, int w, Geometry.Padding padding) {
		int n = read(h, w).size(), field = padding.square(n);
		int at = field / 2 - n / 2; // the rotation axis is pixel ⌊side/2⌋ of both
		return new Geometry(field, field, h, w, at, at, n, n);
	}

	@Override
	public LinearOperator operator(int c, int h, int w) {
		return CtOperator.of(c, h, w, ctAngles(), CtOperator.defaultBins(h, w), CtOperator.Filter.RAM_LAK);
	}

	@Override
	public LinearOperator operator(int c, Geometry g) {
		CtOperator.Geometry s = read(g.measuredHeight(), g.measuredWidth());
		return CtOperator.of(c, g.height(), g.width(), theta != null ? theta : CtOperator.uniform(s.angles()), s.bins(), CtOperator.Filter.RAM_LAK);
	}

	/** The sinogram of one item in the operator's order (angle after angle), transposed from skimage's bins × angles; checked. */
	@Override
	public double[] measurement(double[] item, LinearOperator op) {
		CtOperator.Geometry s = sinogram;
		int rows = s.anglesAreRows() ? s.angles() : s.bins(), cols = s.anglesAreRows() ? s.bins() : s.angles(), plane = rows * cols;
		double[] y = item.clone();
		if (!s.anglesAreRows()) // skimage's bins × angles: angle a, bin b at row b, column a
			for (int c = 0; c < op.channels(); c++)
				for (int b = 0; b < rows; b++)
					for (int a = 0; a < cols; a++)
						y[c * plane + a * rows + b] = item[c * plane + b * cols + a];
		((CtOperator) op).checkSinogram(y, s.angles(), s.bins());
		if (layout == CtOperator.Layout.AUTO && angles == 0 && theta == null) checkLayout(item, rows, cols);
		return y;
	}

	/**
	 * A sinogram read in skimage's layout only because nothing said otherwise: refused when its rows, not its
	 * columns, are projections of one object. Every projection of an object has the same total (its mass,
	 * Helgason–Ludwig's zeroth moment), so the sums over the detector are constant along the angles: a
	 * transposed sinogram read as skimage's would give a wrong image without it.
	 */
	private static void checkLayout(double[] item, int rows, int cols) {
		double[] colSums = new double[cols], rowSums = new double[rows];
		for (int b = 0; b < rows; b++)
			for (int a = 0; a < cols; a++) {
				colSums[a] += item[b * cols + a];
				rowSums[b] += item[b * cols + a];
			}
		double byColumns = spread(colSums), byRows = spread(rowSums);
		if (rows > 2 && cols > 2 && byColumns > 0.1 && byRows < 0.02)
			throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
					"the sinogram's rows, not its columns, look like the projections: each projection's total is the same at every angle, and its %d "
							+ "column sums vary by %.0f%% but its %d row sums by %.1f%%: give --layout angles-bins (rows are angles), or the angle count (--angles %d)",
					cols, 100 * byColumns, rows, 100 * byRows, rows));
	}

	/** The relative spread of v: standard deviation over |mean| (infinite for a zero mean). */
	private static double spread(double[] v) {
		double m = 0, q = 0;
		for (double x : v)
			m += x / v.length;
		for (double x : v)
			q += (x - m) * (x - m) / v.length;
		return m == 0 ? Double.POSITIVE_INFINITY : Math.sqrt(q) / Math.abs(m);
	}

	@Override
	public void provenance(BiConsumer<String, Object> info) {
		if (sinogram != null) {
			info.accept("angles", sinogram.angles());
			info.accept("bins", sinogram.bins());
			info.accept("size", sinogram.size());
			info.accept("layout", sinogram.anglesAreRows() ? CtOperator.Layout.ANGLES_BINS.key : CtOperator.Layout.BINS_ANGLES.key);
		} else {
			info.accept("angles", angles);
			info.accept("layout", layout.key);
		}
		if (theta != null) {
			StringBuilder t = new StringBuilder();
			for (double a : theta)
				t.append(t.length() == 0 ? "" : ",").append(BigDecimal.valueOf(a).stripTrailingZeros().toPlainString());
			info.accept("theta", t.toString());
		}
	}

	@Override
	public List<Classical.Best> baselines(LinearOperator op, double[] y, double[] truth) {
		return List.of(Classical.scored("filtered back-projection", Classical.fbp((CtOperator) op, y), truth));
	}
}
