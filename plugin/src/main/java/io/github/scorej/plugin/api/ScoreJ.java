package io.github.scorej.plugin.api;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import io.github.scorej.ops.problem.InpaintProblem;
import io.github.scorej.ops.problem.Problem;
import io.github.scorej.ops.problem.Problems;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.plugin.core.Generation;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.Provenance;
import io.github.scorej.plugin.core.Restorations;
import io.github.scorej.plugin.core.SamplingSettings;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import java.util.Map;

/**
 * ScoreJ for scripts (Groovy, Jython, BeanShell in Fiji's script editor) on ImgLib2 images: restore,
 * inpaint and generate, each a call of the same facade the menus, macros and command line use
 * ({@link Restorations#restore}, {@link Generation#generate}), with ImgLib2 images in and out.
 *
 * <pre>
 * s = ScoreJ.load("micro-gray").steps(20).samples(4).seed(1)
 * r = s.restore(img, "denoise")         // img: any RandomAccessibleInterval of real values, X × Y [× planes]
 * r.mean(); r.std()                      // Img&lt;FloatType&gt;s of the input's dimensions
 * </pre>
 *
 * An input of X × Y × planes… is restored plane by plane (a C-channel model takes X × Y × C). Results
 * are 32-bit: an {@code ArrayImg} (a single plane wraps the restored pixels without a copy) or, above
 * {@link #ARRAY_LIMIT} pixels, a {@code CellImg} of one plane per cell. Instances are immutable: every
 * setter returns a new one; they share the loaded model and may be used from several threads.
 */
public final class ScoreJ {

	/** Results with more pixels than this are {@code CellImg}s of one plane per cell; smaller ones {@code ArrayImg}s. */
	public static final long ARRAY_LIMIT = Integer.MAX_VALUE - 8;

	private final LoadedModel model;
	private final Integer steps;
	private final long seed;
	private final int samples;
	private final Map<String, String> options;

	private ScoreJ(LoadedModel model, Integer steps, long seed, int samples, Map<String, String> options) {
		this.model = model;
		this.steps = steps;
		this.seed = seed;
		this.samples = samples;
		this.options = Map.copyOf(options);
	}

	/** A bundled model by name ({@code micro-gray}, {@code histo-rgb}, …) or a model folder, with the card's defaults and 4 samples. */
	public static ScoreJ load(String modelNameOrFolder) {
		return new ScoreJ(LoadedModel.load(modelNameOrFolder, null, null), null, 0, 4, Map.of());
	}

	/** The same with this many sampling steps. */
	public ScoreJ steps(int n) { return new ScoreJ(model, n, seed, samples, options); }

	/** The same with this seed (the same seed gives the same result). */
	public ScoreJ seed(long s) { return new ScoreJ(model, steps, s, samples, options); }

	/** The same with K posterior samples per image (their mean is the result, their spread the uncertainty). */
	public ScoreJ samples(int k) { return new ScoreJ(model, steps, seed, k, options); }

	/** The same with the method's or sampler's options by name, e.g. {@code ["eta": "0.85"]}. */
	public ScoreJ options(Map<String, String> o) { return new ScoreJ(model, steps, seed, samples, o); }

	/** The model's name. */
	public String model() { return model.name(); }

	/**
	 * A restoration's outputs.
	 *
	 * @param mean the posterior mean, of the input's dimensions (super-resolution: larger)
	 * @param std its per-pixel standard deviation
	 * @param info the provenance (model, sampler, steps, seed, …) as ImageJ's "Info" text
	 */
	public record Restored(Img<FloatType> mean, Img<FloatType> std, String info) {}

	/** Restores with the task's defaults: {@code denoise}, {@code deblur} (Gaussian PSF σ = 2, valid boundaries), {@code superres} (×4). */
	public <T extends RealType<T>> Restored restore(RandomAccessibleInterval<T> image, String task) {
		return restore(image, Problems.of(task));
	}

	/** Restores with a problem of the user's settings, e.g. {@code new DeblurProblem().withPsfSigma(1.5)}. */
	public <T extends RealType<T>> Restored restore(RandomAccessibleInterval<T> image, Problem problem) {
		return run(image, Restorations.Request.of(problem));
	}

	/** Fills the pixels where {@code mask} is non-zero (the mask has the image's X × Y). */
	public <T extends RealType<T>, M extends RealType<M>> Restored inpaint(RandomAccessibleInterval<T> image, RandomAccessibleInterval<M> mask) {
		return run(image, Restorations.Request.of(new InpaintProblem()).withMask(toImagePlus(mask, "mask", 1)));
	}

	/** {@code count} images of h × w (× C for a C-channel model) from the prior, in the model's data range. */
	public Img<FloatType> generate(int count, int h, int w) {
		ImagePlus imp = Generation.generate(model, settings(null), new Shape(count, model.channels(), h, w), null, false, 16, Callback.NONE,
				new Provenance("generate"));
		return toImg(imp);
	}

	private <T extends RealType<T>> Restored run(RandomAccessibleInterval<T> image, Restorations.Request request) {
		Restorations.Result r = Restorations.restore(model, settings(null), toImagePlus(image, "image", model.channels()),
				request.withSamples(samples, false), 16, Callback.NONE);
		return new Restored(toImg(r.restored()), toImg(r.uncertainty()), String.valueOf(r.restored().getProperty("Info")));
	}

	private SamplingSettings settings(String sampler) {
		return new SamplingSettings(sampler, options, steps, null, null, null, null, seed);
	}

	/**
	 * A 32-bit ImagePlus of the image's values, X × Y planes in ImgLib2's flat order; the third axis is
	 * the channel axis when it has the model's C &gt; 1 channels.
	 */
	static ImagePlus toImagePlus(RandomAccessibleInterval<? extends RealType<?>> img, String title, int channels) {
		if (img.numDimensions() < 2) throw new IllegalArgumentException(title + " has " + img.numDimensions() + " dimension(s); ScoreJ needs X × Y [× more]");
		long w = img.dimension(0), h = img.dimension(1), planes = Intervals.numElements(img) / (w * h);
		if (w * h > Integer.MAX_VALUE - 8 || planes > Integer.MAX_VALUE)
			throw new IllegalArgumentException(title + " has planes of " + w + "x" + h + ": more pixels than ImageJ holds in one plane");
		ImageStack stack = new ImageStack((int) w, (int) h);
		Cursor<? extends RealType<?>> c = Views.flatIterable(img).cursor();
		for (long p = 0; p < planes; p++) {
			float[] px = new float[(int) (w * h)];
			for (int i = 0; i < px.length; i++)
				px[i] = c.next().getRealFloat();
			stack.addSlice(new FloatProcessor((int) w, (int) h, px));
		}
		ImagePlus imp = new ImagePlus(title, stack);
		if (channels > 1 && img.numDimensions() >= 3 && img.dimension(2) == channels) imp.setDimensions(channels, (int) (planes / channels), 1);
		return imp;
	}

	/** The ImagePlus's values as an ImgLib2 image of X × Y [× planes]: an ArrayImg (one plane: its pixels, not copied), or a CellImg above {@link #ARRAY_LIMIT}. */
	static Img<FloatType> toImg(ImagePlus imp) {
		return toImg(imp, ARRAY_LIMIT);
	}

	static Img<FloatType> toImg(ImagePlus imp, long arrayLimit) {
		int w = imp.getWidth(), h = imp.getHeight(), planes = imp.getStackSize();
		if (planes == 1 && imp.getProcessor() instanceof FloatProcessor fp) return ArrayImgs.floats((float[]) fp.getPixels(), w, h);
		long[] dims = planes == 1 ? new long[] { w, h } : new long[] { w, h, planes };
		Img<FloatType> out = (long) w * h * planes <= arrayLimit ? ArrayImgs.floats(dims)
				: new CellImgFactory<>(new FloatType(), w, h, 1).create(dims);
		Cursor<FloatType> c = Views.flatIterable(out).cursor();
		for (int p = 1; p <= planes; p++) {
			var ip = imp.getStack().getProcessor(p);
			for (int i = 0; i < w * h; i++)
				c.next().set(ip.getf(i));
		}
		return out;
	}
}
