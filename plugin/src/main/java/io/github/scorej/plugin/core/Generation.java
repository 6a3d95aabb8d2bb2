package io.github.scorej.plugin.core;

import ij.ImagePlus;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.ops.sample.Generator;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.tile.Tiling;
import io.github.scorej.plugin.image.ImageBatch;
import io.github.scorej.plugin.image.Normalization;
import io.github.scorej.plugin.io.Outputs;
import io.github.scorej.plugin.io.Tiffs;

/**
 * The headless facade that the command line, the ImageJ commands and macros all call: a loaded
 * model and the user's settings in, a new ImagePlus with its provenance in "Info" out. Inputs are
 * never modified.
 */
public final class Generation {

	/** Images per generate run. */
	public static final Param<Integer> COUNT = Param.integer("count", 4, 1, 100_000, "number of images");

	/** Height and width of generated images (fully convolutional models); the memory check bounds it further. */
	public static final Param<Integer> SIZE = Param.integer("size", 32, 1, 16_384, "image height and width");

	/** SDEdit's t₀: how far towards the prior an image is noised. */
	public static final Param<Double> STRENGTH = Param.real("strength", 0.4, 0, 1, "SDEdit's t0: how far towards the prior").openBelow();

	/** The noise level to start image-to-image from; 0: from the strength. See {@link Generator#SIGMA_MAX}. */
	public static final Param<Double> SIGMA_START = Param.real("sigma_start", 0, 0, 1e6, "noise level to start from (0: from the strength)");


	private Generation() {}

	/**
	 * Generates {@code shape.n()} images (unconditional, or of the model's class with guidance) as
	 * a 32-bit stack of N·C planes (a C-channel hyperstack when C &gt; 1) in the model's data range.
	 *
	 * @param noise initial standard-normal noise of {@code shape}, or null for the seed's
	 * @param raw keep the sampler's final tensor as it is instead of clipping it to the data range
	 * @param batch images per network call at most
	 * @param info the provenance to complete (the caller may have put its own keys)
	 */
	public static ImagePlus generate(LoadedModel m, SamplingSettings settings, Shape shape, double[] noise, boolean raw, int batch,
			Callback callback, Provenance info) {
		if (shape.c() != m.channels())
			throw new IllegalArgumentException("model '" + m.name() + "' has " + m.channels() + " channel(s), not " + shape.c());
		COUNT.check(COUNT.name(), shape.n());
		SIZE.check(SIZE.name(), shape.h());
		SIZE.check(SIZE.name(), shape.w());
		m.checkSize(shape.h(), shape.w());
		Tiling plan = m.plan(shape.h(), shape.w(), shape.n(), batch, chunk -> MemoryCheck.generation(shape.n(), shape.itemSize(), (int) chunk),
				"generating " + shape.n() + " image(s) of " + shape.w() + "x" + shape.h());
		int chunk = plan.chunk(); // Generator.generate samples in chunks of this many
		SamplingSettings.Resolved r = settings.resolve(m);
		int runs = (shape.n() + chunk - 1) / chunk;
		callback.plan(runs);
		CountedDenoiser d = new CountedDenoiser(plan.apply(m.denoiser()));
		double[] x = Generator.generate(d, m.sde(), shape, r.request(noise), chunk, callback);
		if (!raw) m.clipToDataRange(x);
		info.model(m).sampling(r).nfe(d, runs).put("raw", raw).shape(shape);
		ImagePlus imp = Tiffs.toImage(Outputs.title(m.name(), "generated"), shape, x, info.toString());
		if (!raw) imp.setDisplayRange(m.dataLow(), m.dataHigh());
		return imp;
	}

	/**
	 * SDEdit image-to-image ({@link Generator#imageToImageAtStrength}, or {@link Generator#imageToImage} from
	 * σ_start): the image is normalised into the model's data range (each channel on its own, an RGB image's
	 * colours together), mirror-padded to the model's size multiple (or its training size), noised and
	 * denoised down the schedule, then cropped and mapped back to a new image of the input's type,
	 * dimensions and calibration.
	 *
	 * @param strength as diffusers' img2img, in (0, 1]: the last ⌊strength·N⌋ of the N steps are run (1: from noise), used
	 *        when {@code sigmaStart} ≤ 0
	 * @param sigmaStart the noise level to start from, or ≤ 0 to derive it from {@code strength}
	 */
	public static ImagePlus imageToImage(LoadedModel m, SamplingSettings settings, ImagePlus input, double strength, double sigmaStart,
			Normalization normalization, Callback callback) {
		STRENGTH.check(STRENGTH.name(), strength);
		SIGMA_START.check(SIGMA_START.name(), sigmaStart);
		var sde = m.sde();
		int ph, pw;
		if (m.card().fullyConvolutional()) {
			ph = ImageBatch.padded(input.getHeight(), m.card().sizeMultiple());
			pw = ImageBatch.padded(input.getWidth(), m.card().sizeMultiple());
		} else {
			ph = m.atLeastTrainingSize(input.getHeight()); // tiles of the training size, blended at every step
			pw = m.atLeastTrainingSize(input.getWidth());
		}
		ImageBatch batch = ImageBatch.of(input, m.channels(), ph, pw, m.name());
		Normalization.Affine[] maps = normalization.fit(input, m.dataLow(), m.dataHigh());
		SamplingSettings.Resolved r = settings.resolve(m);
		Shape shape = batch.shape();
		MemoryCheck.require(MemoryCheck.generation(shape.n(), shape.itemSize(), shape.n()), // every plane at once
				"Image to Image of " + shape.n() + " plane(s) of " + shape.w() + "x" + shape.h());
		callback.plan(1); // every plane in one run
		Generator.Request request = r.request(null);
		double s0 = sigmaStart > 0 ? sigmaStart : Generator.strengthSchedule(sde, request, strength)[0];
		CountedDenoiser d = new CountedDenoiser(m.denoiserFor(ph, pw));
		double[] x = sigmaStart > 0 ? Generator.imageToImage(d, sde, shape, batch.toTensor(maps), sigmaStart, request, callback)
				: Generator.imageToImageAtStrength(d, sde, shape, batch.toTensor(maps), strength, request, callback);
		m.clipToDataRange(x);
		Provenance info = new Provenance("image_to_image").model(m).sampling(r).nfe(d, 1).put("input", input.getTitle()).put("strength", sigmaStart > 0 ? "" : strength)
				.put("start_step", sigmaStart > 0 ? "" : Generator.startStep(r.steps(), strength)).put("sigma_start", s0).put("normalization", normalization.mode().name().toLowerCase(java.util.Locale.ROOT))
				.put("normalization_low", normalization.low()).put("normalization_high", normalization.high()).put("input_low", join(maps, Normalization.Affine::lo))
				.put("input_high", join(maps, Normalization.Affine::hi)).shape(shape);
		ImagePlus out = batch.toImage(x, maps, Outputs.title(input.getTitle(), "img2img"));
		out.setProperty("Info", info.toString());
		return out;
	}

	/** One value per image channel, comma-separated. */
	private static String join(Normalization.Affine[] maps, java.util.function.ToDoubleFunction<Normalization.Affine> f) {
		StringBuilder sb = new StringBuilder();
		for (Normalization.Affine a : maps)
			sb.append(sb.length() == 0 ? "" : ",").append(f.applyAsDouble(a));
		return sb.toString();
	}

	static String stripExtension(String title) {
		return Outputs.titleStem(title);
	}
}
