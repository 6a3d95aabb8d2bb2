package io.github.scorej.plugin.core;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.scorej.ops.inverse.ConditionalMethod;
import io.github.scorej.ops.inverse.KSpace;
import io.github.scorej.ops.inverse.LinearOperator;
import io.github.scorej.ops.inverse.Measurement;
import io.github.scorej.ops.inverse.MriOperator;
import io.github.scorej.ops.inverse.NoiseModel;
import io.github.scorej.ops.inverse.RegularisedInverse;
import io.github.scorej.ops.inverse.Restoration;
import io.github.scorej.ops.problem.Geometry;
import io.github.scorej.ops.problem.InpaintProblem;
import io.github.scorej.ops.problem.MriProblem;
import io.github.scorej.ops.problem.Problem;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.ops.tile.Tiling;
import io.github.scorej.plugin.image.ImageBatch;
import io.github.scorej.plugin.image.Normalization;
import io.github.scorej.plugin.io.Outputs;
import io.github.scorej.plugin.io.Tiffs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The headless facade of conditional sampling (inpainting, colorization, denoising, deblurring,
 * super-resolution, sparse-view CT, undersampled MRI) that the ImageJ commands, macros and the
 * command line all call: an image and a {@link Problem} in; the posterior mean, its per-pixel
 * standard deviation and optionally the samples out, as new images with their provenance in "Info".
 *
 * <p>Every plane (or every item of a C-channel hyperstack for a C-channel model, as in
 * {@link ImageBatch}) is one measurement y, restored in turn. Intensities: one affine map x′ = s·x + o
 * (percentiles or fixed values, {@link Normalization}, over all the image's channels together) takes
 * the image (inpainting: its known pixels) into the model's data range; the measurement follows through
 * {@link Measurement#affine} (y′ = s·y + o·A𝟙, σ_y′ = s·σ_y) so that the operator stays
 * consistent, and the results are mapped back (the standard deviation by 1/s). For CT and MRI the
 * map is fitted on the pseudo-inverse A†y, the only image there is.
 *
 * <p>Sizes come from the problem's {@link Problem#geometry}: image-shaped measurements (denoise, deblur,
 * inpaint, colorize) give an image of the input's size; deblur with valid boundaries restores a scene
 * larger by the PSF radius on every side (and padded to the model's size multiple), of which the image
 * is the blurred centre, and returns that centre; super-resolution one {@code factor}× larger, CT a
 * {@code size}² image from a sinogram, MRI an H×W image from k-space given as a 2-slice (re, im)
 * stack; how the input is read follows the problem's {@link Problem.Input}. A fully
 * convolutional model runs on the whole image mirror-padded to its size multiple (in tiles above
 * Tiling.WHOLE_IMAGE_PIXELS, and in smaller tiles and batches where the memory budget asks, LoadedModel.plan); any other model runs in overlapping tiles of its training size,
 * blended at every step, on the image mirror-padded to at least that size. The input is never
 * modified.
 */
public final class Restorations {

	private Restorations() {}

	/**
	 * What to restore and how.
	 *
	 * @param problem the task and its operator settings
	 * @param mask inpainting: non-zero where the image is unknown (the first plane is used for every plane); MRI: non-zero
	 *        where k-space was acquired (H×W, in the problem's {@link KSpace} layout), or null for the problem's line pattern drawn
	 *        from the run's seed; else null
	 * @param sigmaY the measurement noise σ_y in the image's pixel units; ≤ 0 where the problem's {@link Problem#noise} estimates it
	 *        (denoising and deblurring): from the image ({@link #estimateNoise}; with a floor: at least the rounding noise of integer
	 *        pixels, {@link #deblurNoiseFloor})
	 * @param method a name of {@link Restoration#METHODS}, or null/"default" for the problem's default
	 * @param samples K, the posterior samples per item
	 * @param keepSamples return the samples as a stack too (when K &gt; 1)
	 * @param normalization how pixel values map to the model's data range
	 * @param raw keep every output in the model's data space (32-bit, not mapped back)
	 * @param noise a float32 TIFF of the initial standard-normal noise (K·C slices of the restored, padded
	 *        H×W), the same for every plane, or null
	 */
	public record Request(Problem problem, ImagePlus mask, double sigmaY, String method, int samples, boolean keepSamples,
			Normalization normalization, boolean raw, java.nio.file.Path noise) {

		/**
		 * Refuses σ_y and K outside their declarations ({@link Measurement#SIGMA_Y}, {@link Restoration#SAMPLES}):
		 * a negative or non-finite σ_y is the user's error, never estimated away.
		 */
		public Request {
			Measurement.SIGMA_Y.check(Measurement.SIGMA_Y.name(), sigmaY);
			Restoration.SAMPLES.check(Restoration.SAMPLES.name(), samples);
		}

		/** The problem with the defaults: no mask, σ_y 0 (denoise: estimated), the problem's method, 4 samples, percentile normalisation. */
		public static Request of(Problem problem) {
			return new Request(problem, null, 0, null, 4, false, Normalization.percentile(), false, null);
		}

		public Request withMask(ImagePlus m) { return new Request(problem, m, sigmaY, method, samples, keepSamples, normalization, raw, noise); }
		public Request withSigmaY(double s) { return new Request(problem, mask, s, method, samples, keepSamples, normalization, raw, noise); }
		public Request withMethod(String m) { return new Request(problem, mask, sigmaY, m, samples, keepSamples, normalization, raw, noise); }
		public Request withSamples(int k, boolean keep) { return new Request(problem, mask, sigmaY, method, k, keep, normalization, raw, noise); }
		public Request withNormalization(Normalization n) { return new Request(problem, mask, sigmaY, method, samples, keepSamples, n, raw, noise); }
		public Request withNoise(java.nio.file.Path z) { return new Request(problem, mask, sigmaY, method, samples, keepSamples, normalization, raw, z); }
		public Request withRaw(boolean r) { return new Request(problem, mask, sigmaY, method, samples, keepSamples, normalization, r, noise); }
	}

	/**
	 * The outputs.
	 *
	 * @param restored the posterior mean, of the input's type and calibration where that makes sense
	 * @param uncertainty the per-pixel posterior standard deviation (32-bit, pixel units)
	 * @param samples the K samples of every item (32-bit, K·items frames of C channels), or null
	 * @param residuals ‖A x̂ − y‖/‖y‖ of every item
	 * @param kspaceMask MRI with a generated line pattern: the acquired points, 255 (8-bit) in the k-space's layout, so that the
	 *        zero-filled baseline can be reproduced; else null
	 */
	public record Result(ImagePlus restored, ImagePlus uncertainty, ImagePlus samples, double[] residuals, ImagePlus kspaceMask) {

		/** The non-null outputs. */
		public List<ImagePlus> images() {
			List<ImagePlus> out = new ArrayList<>(List.of(restored, uncertainty));
			if (samples != null) out.add(samples);
			if (kspaceMask != null) out.add(kspaceMask);
			return out;
		}
	}

	private static final Normalization.Affine IDENTITY = new Normalization.Affine(0, 1, 0, 1);

	/**
	 * Restores every item of {@code input}.
	 *
	 * @param settings steps, schedule, σ range, seed and the method's options ({@code settings.sampler()} must be unset: the
	 *        method is {@code request.method()})
	 * @param maxBatch posterior samples per network call at most
	 */
	public static Result restore(LoadedModel m, SamplingSettings settings, ImagePlus input, Request request, int maxBatch,
			Callback callback) {
		if (input == null || input.getProcessor() == null) throw new IllegalArgumentException("no image: restoration needs an image to start from");
		if (settings.sampler() != null)
			throw new IllegalArgumentException("sampler '" + settings.sampler() + "': restoration samples with a conditional method (method="
					+ String.join("|", Restoration.METHODS.stream().map(ConditionalMethod::name).toList()) + "); leave the sampler at default");
		Problem p = request.problem();
		String method = request.method() == null || request.method().isBlank() || request.method().trim().equalsIgnoreCase("default")
				? p.defaultMethod() : request.method().trim();
		ConditionalMethod cm = Restoration.method(method);
		Restoration.Request how = new Restoration.Request(cm, Params.defaults(cm.params()).with(p.methodDefaults(cm.name())).with(settings.options()),
				settings.schedule() != null ? settings.schedule() : m.defaultSchedule(),
				settings.steps() != null ? settings.steps() : Math.max(m.defaultSteps(), p.minimumSteps()), settings.sigmaMin() != null ? settings.sigmaMin() : m.sigmaMin(),
				settings.sigmaMax() != null ? settings.sigmaMax() : m.sigmaMax(), settings.rho() == null ? Double.NaN : settings.rho(),
				settings.seed());
		Setup s = setup(m, input, request, settings.seed());
		p = s.problem;
		int k = request.samples();
		boolean keep = request.keepSamples() && k > 1;
		Tiling plan = m.plan(s.op.height(), s.op.width(), k, maxBatch,
				chunk -> s.op instanceof RegularisedInverse ri
						? MemoryCheck.ddnm(s.items, s.op.imageSize(), s.op.measurementSize(), (long) s.op.height() * s.op.width(), keep ? k : 0, (int) chunk, ri)
						: MemoryCheck.restoration(s.items, s.op.imageSize(), keep ? k : 0, (int) chunk),
				"restoring " + k + " sample(s) of " + s.items + " plane(s) of " + s.op.width() + "x" + s.op.height());
		int chunk = plan.chunk(); // Restoration.run samples in chunks of this many

		// the measurements in pixel units, then one map into the model's data range
		NoiseModel noise = p.noise(request.sigmaY());
		double[][] ys = new double[s.items][];
		for (int item = 0; item < s.items; item++)
			ys[item] = s.measurement(item);
		Normalization normalization = normalization(request.normalization(), p, input);
		Normalization.Affine map = fit(normalization, s, ys, m);
		s.tensor = null; // the measurements hold what is needed of the input now
		double scale = (map.b() - map.a()) / (map.hi() - map.lo()), offset = map.a() - map.lo() * scale;
		boolean estimated = noise instanceof NoiseModel.Estimated;
		double sigmaY = noise instanceof NoiseModel.Estimated e
				? (e.quantisationFloor() ? Math.max(estimateNoise(input), deblurNoiseFloor(input, map)) : estimateNoise(input))
				: ((NoiseModel.Gaussian) noise).sigma();

		Shape out = new Shape(s.items, s.op.channels(), s.oh, s.ow);
		double[] mean = null, std = null, samples = null; // allocated once the first item is sampled: not held while it samples
		double[] residuals = new double[s.items];
		if (request.noise() != null) how = how.withNoise(Tiffs.readTensor(request.noise(), new Shape(k, s.op.channels(), s.op.height(), s.op.width())));
		int runs = s.items * ((k + chunk - 1) / chunk);
		callback.plan(runs);
		CountedDenoiser counted = new CountedDenoiser(plan.apply(m.denoiser()));
		for (int item = 0; item < s.items; item++) {
			Measurement y = new Measurement(s.op, ys[item], sigmaY).affine(scale, offset);
			ys[item] = null; // y holds the measurement now
			Restoration.Posterior post = Restoration.run(counted, m.sde(), y, how, k, chunk, keep, callback);
			residuals[item] = post.residual();
			Restoration.check(y, post.mean(), m.dataLow(), m.dataHigh()); // a diverged or inconsistent result is an error, not an output
			if (mean == null) {
				mean = new double[out.size()];
				std = new double[out.size()];
				samples = keep ? new double[out.size() * k] : null;
			}
			int per = out.itemSize();
			s.crop(post.mean(), mean, item * per);
			s.crop(post.std(), std, item * per);
			for (int j = 0; keep && j < k; j++) {
				double[] one = Arrays.copyOfRange(post.samples(), j * s.op.imageSize(), (j + 1) * s.op.imageSize());
				s.crop(one, samples, (item * k + j) * per);
			}
		}
		if (!request.raw()) {
			for (int i = 0; i < std.length; i++)
				std[i] /= scale;
			for (int i = 0; keep && i < samples.length; i++)
				samples[i] = map.inverse(samples[i]);
		}

		Provenance info = new Provenance(p.verb()).model(m).put("task", p.key()).put("input", input.getTitle()).put("operator", s.op.describe());
		p.provenance(info::put);
		info.put("sampler", cm.name()).put("method", cm.name()).put("options", how.params()).put("steps", how.steps())
				.put("schedule", how.schedule()).put("sigma_min", how.sigmaMin()).put("sigma_max", how.sigmaMax());
		if (!Double.isNaN(how.rho())) info.put("rho", how.rho());
		info.put("seed", how.seed()).nfe(counted, runs).put("samples", k).put("sigma_y", sigmaY).put("sigma_y_estimated", estimated)
				.put("normalization", normalization.mode().name().toLowerCase(Locale.ROOT))
				.put("normalization_low", normalization.low()).put("normalization_high", normalization.high())
				.put("input_low", map.lo()).put("input_high", map.hi()).put("raw", request.raw()).put("residual", join(residuals)).shape(out);

		String title = input.getTitle();
		ImagePlus restored = request.raw() ? s.renderFloat(mean, Outputs.title(title, "restored"), m.name())
				: s.render(mean, map, Outputs.title(title, "restored"), m.name());
		ImagePlus uncertainty = s.renderFloat(std, Outputs.title(title, "uncertainty"), m.name());
		ImagePlus sampleStack = null;
		if (keep) {
			sampleStack = Tiffs.toImage(Outputs.title(title, "samples"), new Shape(s.items * k, out.c(), s.oh, s.ow), samples, null);
			sampleStack.setCalibration(s.template.getCalibration().copy());
			sampleStack.resetDisplayRange();
		}
		restored.setProperty("Info", info + "scorej.output=mean\n");
		uncertainty.setProperty("Info", info + "scorej.output=std\n");
		if (sampleStack != null) sampleStack.setProperty("Info", info + "scorej.output=samples\n");
		ImagePlus kspaceMask = null;
		if (p instanceof MriProblem mri && request.mask() == null) {
			kspaceMask = KSpaceImages.maskImage(Outputs.title(title, "mask"), mri.kspace().maskFromCentred(((MriOperator) s.op).acquired(), s.oh, s.ow),
					s.ow, s.oh);
			kspaceMask.setProperty("Info", info + "scorej.output=kspace_mask\n");
		}
		return new Result(restored, uncertainty, sampleStack, residuals, kspaceMask);
	}

	/**
	 * An inpainting mask from selections: 255 inside any of the ROIs (the region to fill), 0 elsewhere,
	 * of the image's size.
	 */
	public static ImagePlus maskOf(ImagePlus image, List<Roi> rois) {
		ByteProcessor bp = new ByteProcessor(image.getWidth(), image.getHeight());
		bp.setValue(255);
		for (Roi r : rois)
			bp.fill(r);
		return new ImagePlus(Generation.stripExtension(image.getTitle()) + " mask", bp);
	}

	/**
	 * A robust estimate of white noise σ in pixel units: the median absolute horizontal difference
	 * of neighbours over 0.6745·√2 (the MAD of Gaussian differences), over every plane.
	 */
	static double estimateNoise(ImagePlus imp) {
		ImageStack st = imp.getStack();
		boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		int w = imp.getWidth(), h = imp.getHeight();
		float[] d = new float[st.getSize() * h * (w - 1) * (rgb ? 3 : 1)];
		int n = 0;
		for (int s = 1; s <= st.getSize(); s++) {
			ImageProcessor ip = st.getProcessor(s);
			for (int c = 0; c < (rgb ? 3 : 1); c++)
				for (int y = 0; y < h; y++)
					for (int x = 0; x + 1 < w; x++)
						d[n++] = (float) Math.abs(value(ip, rgb, c, x + 1, y) - value(ip, rgb, c, x, y));
		}
		if (n == 0) return 0;
		Arrays.sort(d, 0, n);
		double sigma = d[n / 2] / (0.6745 * Math.sqrt(2));
		return sigma > 0 ? sigma : 0;
	}

	/**
	 * The least σ_y a deblur assumes: the rounding noise 1/√12 of integer pixels (8-bit, 16-bit, RGB),
	 * else 0.1% of the normalisation's input range.
	 */
	static double deblurNoiseFloor(ImagePlus imp, Normalization.Affine map) {
		return imp.getBitDepth() == 32 ? 1e-3 * (map.hi() - map.lo()) : 1 / Math.sqrt(12);
	}

	private static double value(ImageProcessor ip, boolean rgb, int c, int x, int y) {
		return rgb ? (ip.get(x, y) >> (16 - 8 * c)) & 0xff : ip.getf(x, y);
	}

	/**
	 * The normalisation a run uses: the request's, except that colorization of an 8-bit or RGB image maps the
	 * type's range 0–255 unless fixed values are given. Percentiles of a grey image would stretch the grey to
	 * the model's whole data range, where only black and white (no colour) have that grey level: on 12 held-out
	 * RGB crops that made the colours 3.8 Lab C* against the truth's 26, and 0–255 (what the model was trained
	 * on) 12.0 (site/docs/commands/colorize.md).
	 */
	static Normalization normalization(Normalization asked, Problem p, ImagePlus input) {
		boolean eightBit = input.getBitDepth() == 8 || input.getBitDepth() == 24;
		return p.input() == Problem.Input.GREY_IMAGE && eightBit && asked.mode() == Normalization.Mode.PERCENTILE
				? Normalization.of("fixed", 0, 255) : asked;
	}

	/** One map for every channel: the union of the per-channel ranges, fitted on the input or, for CT and MRI, on A†y. */
	private static Normalization.Affine fit(Normalization n, Setup s, double[][] ys, LoadedModel m) {
		ImagePlus basis = s.input;
		Problem.Input in = s.problem.input();
		if (in == Problem.Input.MASKED_IMAGE) basis = knownValues(s.input, s.hidden);
		if (in == Problem.Input.SINOGRAM || in == Problem.Input.KSPACE) {
			ImageStack st = new ImageStack(s.op.width(), s.op.height());
			int plane = s.op.height() * s.op.width();
			for (double[] y : ys) {
				double[] x = new double[s.op.imageSize()];
				s.op.pseudoInverse(y, x);
				for (int c = 0; c < s.op.channels(); c++) {
					float[] px = new float[plane];
					for (int i = 0; i < plane; i++)
						px[i] = (float) x[c * plane + i];
					st.addSlice(new FloatProcessor(s.op.width(), s.op.height(), px));
				}
			}
			basis = new ImagePlus("A†y", st);
		}
		Normalization.Affine[] maps = n.fit(basis, m.dataLow(), m.dataHigh());
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (Normalization.Affine a : maps) {
			lo = Math.min(lo, a.lo());
			hi = Math.max(hi, a.hi());
		}
		return new Normalization.Affine(lo, hi, m.dataLow(), m.dataHigh());
	}

	/** The known pixels' values (every plane, RGB colours unpacked) as one 32-bit row, so that the hole does not shift percentiles. */
	private static ImagePlus knownValues(ImagePlus imp, boolean[] hidden) {
		boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		int known = 0;
		for (boolean b : hidden)
			if (!b) known++;
		float[] v = new float[known * imp.getStackSize() * (rgb ? 3 : 1)];
		int n = 0;
		for (int s = 1; s <= imp.getStackSize(); s++) {
			ImageProcessor ip = imp.getStack().getProcessor(s);
			for (int i = 0; i < hidden.length; i++)
				if (!hidden[i]) {
					if (rgb) for (int c = 0; c < 3; c++)
						v[n++] = (ip.get(i) >> (16 - 8 * c)) & 0xff;
					else v[n++] = ip.getf(i);
				}
		}
		return new ImagePlus("known pixels", new FloatProcessor(v.length, 1, v));
	}

	private static String join(double[] v) {
		StringBuilder sb = new StringBuilder();
		for (double d : v)
			sb.append(sb.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4g", d));
		return sb.toString();
	}

	/** The operator, the measurements' layout and the output's, for one image. */
	private static final class Setup {
		/** The problem as run ({@link Problem#forInput}: CT's sinogram geometry, MRI's mask given or drawn from the seed, the inpainting mask). */
		Problem problem;
		final ImagePlus input;
		/** The image whose type, dimensions and calibration the restored image takes (at the output size). */
		ImagePlus template;
		LinearOperator op;
		/** The input in pixel units, padded, NCHW (not for MRI). */
		double[] tensor;
		Shape inShape;
		/** k-space of MRI, interleaved (re, im). */
		double[] kspace;
		int items, oh, ow, top, left;
		/** Inpainting: the unknown pixels of the (unpadded) image. */
		boolean[] hidden;
		int unknown;

		Setup(ImagePlus input) {
			this.input = input;
		}

		/** The measurement y of item k, in pixel units. */
		double[] measurement(int k) {
			if (problem.input() == Problem.Input.KSPACE) return KSpaceImages.measurement((MriOperator) op, kspace, input);
			return problem.measurement(Arrays.copyOfRange(tensor, k * inShape.itemSize(), (k + 1) * inShape.itemSize()), op);
		}

		/** Copies the output region of one padded image (C × op.height × op.width) into {@code out} at {@code at}. */
		void crop(double[] x, double[] out, int at) {
			int c = op.channels(), h = op.height(), w = op.width();
			for (int ch = 0; ch < c; ch++)
				for (int y = 0; y < oh; y++)
					System.arraycopy(x, (ch * h + y + top) * w + left, out, at + (ch * oh + y) * ow, ow);
		}

		ImagePlus render(double[] x, Normalization.Affine map, String title, String model) {
			int nc = template.getType() == ImagePlus.COLOR_RGB ? 1 : template.getNChannels();
			Normalization.Affine[] maps = new Normalization.Affine[nc];
			Arrays.fill(maps, map);
			ImagePlus out = ImageBatch.of(template, op.channels(), oh, ow, model).toImage(x, maps, title);
			if (template != input) resetDisplay(out);
			return out;
		}

		ImagePlus renderFloat(double[] x, String title, String model) {
			boolean rgb = template.getType() == ImagePlus.COLOR_RGB;
			ImagePlus t = blank(template, ow, oh, rgb ? 3 : template.getNChannels(), 32, false);
			Normalization.Affine[] maps = new Normalization.Affine[t.getNChannels()];
			Arrays.fill(maps, IDENTITY);
			ImagePlus out = ImageBatch.of(t, op.channels(), oh, ow, model).toImage(x, maps, title);
			resetDisplay(out);
			return out;
		}
	}

	private static void resetDisplay(ImagePlus imp) {
		if (imp instanceof CompositeImage ci) ci.resetDisplayRanges();
		else if (imp.getType() != ImagePlus.COLOR_RGB) imp.resetDisplayRange();
	}

	/** A black image of the given size, type and channels, with the dimensions and calibration of {@code like}. */
	private static ImagePlus blank(ImagePlus like, int w, int h, int channels, int bits, boolean composite) {
		int planes = like.getType() == ImagePlus.COLOR_RGB ? like.getStackSize() : like.getStackSize() / like.getNChannels();
		ImagePlus imp = new ImagePlus(like.getTitle(), ImageStack.create(w, h, planes * channels, bits));
		int nz = like.getNSlices(), nt = like.getNFrames();
		if (planes * channels > 1) imp.setDimensions(channels, nz, nt);
		if (like.isHyperStack() || channels > 1) imp.setOpenAsHyperStack(true);
		imp.setCalibration(like.getCalibration().copy());
		if (composite && channels > 1) imp = new CompositeImage(imp, IJ.COMPOSITE);
		return imp;
	}

	/** The operator and layouts; refuses sizes and channels that do not fit, naming them. */
	private static Setup setup(LoadedModel m, ImagePlus input, Request r, long seed) {
		Problem p = r.problem();
		Problem.Input in = p.input();
		Setup s = new Setup(input);
		int h = input.getHeight(), w = input.getWidth(), mc = m.channels();
		boolean rgb = input.getType() == ImagePlus.COLOR_RGB;
		if (in == Problem.Input.GREY_IMAGE) {
			if (mc != 3) throw new IllegalArgumentException("colorization needs a 3-channel (RGB) model; '" + m.name() + "' has " + mc + " channel(s)");
			if (!rgb && input.getNChannels() > 1)
				throw new IllegalArgumentException("colorization takes a grey image or an RGB one; '" + input.getTitle() + "' has "
						+ input.getNChannels() + " channels");
		}
		if (in == Problem.Input.KSPACE) {
			if (mc != 1) throw new IllegalArgumentException("MRI needs a 1-channel model; '" + m.name() + "' has " + mc);
			if (input.getStackSize() != 2)
				throw new IllegalArgumentException("MRI takes k-space as a 2-slice stack (real, imaginary) of H×W, or the real part with the"
						+ " imaginary part as a second image; '" + input.getTitle() + "' has " + input.getStackSize() + " slice(s)");
			m.checkSize(h, w);
			MriProblem mri = (MriProblem) p;
			if (r.mask() != null) p = mri.withKSpace(mri.kspace(), KSpaceImages.acquired(r.mask(), input), r.mask().getTitle());
		}
		p = p.forInput(h, w, seed);
		Geometry g = p.geometry(h, w, padding(m));
		if (in == Problem.Input.MASKED_IMAGE)
			p = ((InpaintProblem) p).withMask(known(s, m, r.mask(), g.measuredHeight(), g.measuredWidth()), r.mask().getTitle(), s.unknown);
		if (in == Problem.Input.KSPACE) {
			s.kspace = ((MriProblem) p).kspace().toCentred(KSpaceImages.values(input), h, w);
			s.items = 1;
		} else load(s, m, in == Problem.Input.GREY_IMAGE ? (rgb ? 3 : 1) : mc, g.measuredHeight(), g.measuredWidth());
		s.problem = p;
		s.op = p.operator(mc, g);
		if (in == Problem.Input.KSPACE && r.mask() == null) KSpaceImages.requireFull((MriOperator) s.op, s.kspace, input);
		s.oh = g.outHeight();
		s.ow = g.outWidth();
		s.top = g.top();
		s.left = g.left();
		s.template = template(input, in, s.ow, s.oh);
		return s;
	}

	/** The image whose type, dimensions and calibration an output of ow×oh takes. */
	private static ImagePlus template(ImagePlus input, Problem.Input in, int ow, int oh) {
		int h = input.getHeight(), w = input.getWidth(), bits = input.getBitDepth();
		boolean rgb = input.getType() == ImagePlus.COLOR_RGB;
		switch (in) {
			case GREY_IMAGE:
				return bits == 8 || bits == 24 ? blank(input, w, h, 1, 24, false) : blank(input, w, h, 3, bits, true);
			case SINOGRAM: {
				ImagePlus t = blank(input, ow, oh, rgb ? 3 : input.getNChannels(), 32, false);
				t.setCalibration(null);
				return t;
			}
			case KSPACE: {
				ImagePlus t = blank(new ImagePlus("", new FloatProcessor(w, h)), w, h, 1, 32, false);
				t.setCalibration(input.getCalibration().copy());
				return t;
			}
			default: {
				if (oh == h && ow == w) return input;
				// a larger output (super-resolution): the same kind of image, its pixels as many times smaller
				ImagePlus t = blank(input, ow, oh, rgb ? 1 : input.getNChannels(), bits, input.isComposite());
				t.getCalibration().pixelWidth /= (double) ow / w;
				t.getCalibration().pixelHeight /= (double) oh / h;
				return t;
			}
		}
	}

	/** What the model takes: its size multiple (fully convolutional) or at least its training size. */
	private static Geometry.Padding padding(LoadedModel m) {
		return new Geometry.Padding() {
			@Override
			public int[] padded(int h, int w, int factor) {
				return Restorations.padded(m, h, w, factor);
			}

			@Override
			public int square(int n) {
				int field = m.card().fullyConvolutional() ? ImageBatch.padded(n, Math.max(1, m.card().sizeMultiple())) : m.atLeastTrainingSize(n);
				m.checkSize(field, field);
				return field;
			}
		};
	}

	/**
	 * The padded size of an h×w input whose result is {@code f}× larger: a fully convolutional model
	 * takes any multiple of its size multiple (so f·padded must be one), another only its training size.
	 */
	private static int[] padded(LoadedModel m, int h, int w, int f) {
		if (m.card().fullyConvolutional()) {
			int sm = Math.max(1, m.card().sizeMultiple());
			int step = sm / gcd(sm, f);
			return new int[] { ImageBatch.padded(h, step), ImageBatch.padded(w, step) };
		}
		// another model runs in tiles of its training size: the result must be at least that large
		return new int[] { Math.max(h, (m.height() + f - 1) / f), Math.max(w, (m.width() + f - 1) / f) };
	}

	private static int gcd(int a, int b) {
		return b == 0 ? a : gcd(b, a % b);
	}

	/** Reads the input into the padded tensor (pixel units) with {@code channels} channels per item. */
	private static void load(Setup s, LoadedModel m, int channels, int ph, int pw) {
		ImageBatch batch = ImageBatch.of(s.input, channels, ph, pw, m.name());
		Normalization.Affine[] id = new Normalization.Affine[s.input.getType() == ImagePlus.COLOR_RGB ? 1 : s.input.getNChannels()];
		Arrays.fill(id, IDENTITY);
		s.tensor = batch.toTensor(id);
		s.inShape = batch.shape();
		s.items = s.inShape.n();
		s.top = (ph - s.input.getHeight()) / 2;
		s.left = (pw - s.input.getWidth()) / 2;
	}

	/** known[i][j] of the padded image from the mask (non-zero = unknown), mirror-padded like the image; checks the mask. */
	private static boolean[][] known(Setup s, LoadedModel m, ImagePlus mask, int ph, int pw) {
		ImagePlus image = s.input;
		if (mask == null) throw new IllegalArgumentException("inpainting needs a mask (non-zero = the region to fill) or a selection on the image");
		int h = image.getHeight(), w = image.getWidth();
		if (mask.getWidth() != w || mask.getHeight() != h)
			throw new IllegalArgumentException("mask '" + mask.getTitle() + "' is " + mask.getWidth() + "x" + mask.getHeight() + ", the image '"
					+ image.getTitle() + "' is " + w + "x" + h);
		ImageProcessor ip = mask.getStack().getProcessor(1);
		boolean rgb = mask.getType() == ImagePlus.COLOR_RGB;
		float[] v = new float[w * h];
		s.hidden = new boolean[w * h];
		int unknown = 0;
		for (int i = 0; i < v.length; i++)
			if ((rgb ? (ip.get(i) & 0xffffff) != 0 : ip.getf(i) != 0)) {
				v[i] = 1;
				s.hidden[i] = true;
				unknown++;
			}
		if (unknown == 0)
			throw new IllegalArgumentException("mask '" + mask.getTitle() + "' hides no pixel: mark the region to fill with non-zero values (or select it)");
		if (unknown == v.length)
			throw new IllegalArgumentException("mask '" + mask.getTitle() + "' hides every pixel: nothing is known to restore from");
		s.unknown = unknown;
		double[] padded = ImageBatch.of(new ImagePlus("mask", new FloatProcessor(w, h, v)), 1, ph, pw, m.name())
				.toTensor(new Normalization.Affine[] { IDENTITY });
		boolean[][] known = new boolean[ph][pw];
		for (int i = 0; i < ph; i++)
			for (int j = 0; j < pw; j++)
				known[i][j] = padded[i * pw + j] == 0;
		return known;
	}
}
