package io.github.scorej.plugin.core;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.Model;
import io.github.scorej.ops.model.ModelCard;
import io.github.scorej.ops.model.NetworkDenoiser;
import io.github.scorej.ops.onnx.OrtNetwork;
import io.github.scorej.ops.sample.Param;
import io.github.scorej.ops.sde.Sde;
import io.github.scorej.ops.tile.Tiling;

import java.util.List;

/**
 * A model ready to sample: its card, SDE, denoiser (with class and guidance applied) and the ONNX
 * Runtime execution provider that runs it ("CPU" or "CUDA"). Shared by the command line and the
 * ImageJ commands.
 */
public record LoadedModel(Model model, Denoiser denoiser, String provider, String classLabel, double guidance) {

	/** Classifier-free guidance scale w: D_u + w(D_c − D_u); 1 is plain conditional, 0 unconditional. */
	public static final Param<Double> GUIDANCE = Param.real("guidance", 1, 0, 100, "classifier-free guidance scale w");


	/**
	 * Loads a model folder or bundled model by name and builds its denoiser.
	 *
	 * @param classLabel a class name or index for a class-conditional model, or null
	 * @param guidance classifier-free guidance scale w (1 = plain conditional), or null for the
	 *        card's default (defaults.guidance, else 1)
	 */
	public static LoadedModel load(String nameOrPath, String classLabel, Double guidance) {
		return load(nameOrPath, classLabel, guidance, OrtNetwork.Options.defaults());
	}

	/** As {@link #load(String, String, Double)} with a given guidance scale. */
	public static LoadedModel load(String nameOrPath, String classLabel, double guidance) {
		return load(nameOrPath, classLabel, Double.valueOf(guidance), OrtNetwork.Options.defaults());
	}

	/**
	 * As {@link #load(String, String, Double)}, with ONNX Runtime options (threads, batch cap, CUDA).
	 * A null guidance means the card's default (defaults.guidance, else 1).
	 */
	public static LoadedModel load(String nameOrPath, String classLabel, Double guidance, OrtNetwork.Options options) {
		if (guidance != null) GUIDANCE.check(GUIDANCE.name(), guidance);
		Model model = Model.load(BundledModels.resolve(nameOrPath));
		OrtNetwork network = OrtNetwork.open(model, options);
		NetworkDenoiser d = model.denoiser(network);
		boolean conditional = classLabel != null && !classLabel.isBlank();
		double w = guidance != null ? guidance : model.card().defaults().guidance();
		if (conditional) d = d.withClasses(new long[] { classIndex(model.card(), classLabel.trim()) }, w);
		else if (guidance != null && guidance != 1)
			throw new IllegalArgumentException("guidance needs a class: guidance mixes the conditional and unconditional denoisers");
		return new LoadedModel(model, d, network.provider(), conditional ? classLabel.trim() : "", conditional ? w : 1);
	}

	private static long classIndex(ModelCard card, String label) {
		List<String> classes = card.classes();
		if (classes.isEmpty()) throw new IllegalArgumentException("model '" + card.name() + "' is not class-conditional: give no class");
		int i = classes.indexOf(label);
		if (i >= 0) return i;
		try {
			int k = Integer.parseInt(label.trim());
			if (k >= 0 && k < classes.size()) return k;
		} catch (NumberFormatException e) {
			// fall through to the error
		}
		throw new IllegalArgumentException("class '" + label + "' is not one of " + String.join(", ", classes) + " (names or indices 0.."
				+ (classes.size() - 1) + ")");
	}

	public ModelCard card() { return model.card(); }
	public String name() { return card().name(); }
	public String sha256() { return model.sha256(); }
	public Sde sde() { return model.sde(); }
	public int channels() { return card().channels(); }
	public int height() { return card().imageSize()[0]; }
	public int width() { return card().imageSize()[1]; }
	public double sigmaMin() { return model.sde().sigmaMin(); }
	public double sigmaMax() { return model.sde().sigmaMax(); }
	public double dataLow() { return card().dataRange()[0]; }
	public double dataHigh() { return card().dataRange()[1]; }
	public String defaultSampler() { return card().defaults().sampler(); }
	public int defaultSteps() { return card().defaults().steps(); }
	public String defaultSchedule() { return card().defaults().schedule(); }

	/**
	 * The sizes the model runs on, whole or in tiles ({@link #denoiserFor}): a fully convolutional model
	 * takes any multiple of its size multiple; another, any size at least its (square) training size,
	 * in overlapping tiles of that size.
	 */
	public void checkSize(int h, int w) {
		if (card().fullyConvolutional()) {
			checkWholeSize(h, w);
			return;
		}
		if (height() != width())
			throw new IllegalArgumentException("model '" + name() + "' is not fully convolutional and not square (" + width() + "x" + height()
					+ "): it takes only " + width() + "x" + height() + " images (ScoreJ tiles only square training sizes), got " + w + "x" + h);
		if (h < height() || w < width())
			throw new IllegalArgumentException("model '" + name() + "' is not fully convolutional: it takes images of at least " + width() + "x"
					+ height() + " (larger ones in tiles of that size), got " + w + "x" + h);
	}

	/** The sizes one network call takes (the likelihood, which tiles would make inexact): a multiple of the size multiple, or the training size. */
	public void checkWholeSize(int h, int w) {
		ModelCard c = card();
		if (c.fullyConvolutional()) {
			int m = Math.max(1, c.sizeMultiple());
			if (h % m != 0 || w % m != 0 || h < m || w < m)
				throw new IllegalArgumentException("model '" + name() + "' needs image sizes that are multiples of " + m + ", got " + w + "x" + h);
		} else if (h != height() || w != width()) {
			throw new IllegalArgumentException("model '" + name() + "' is not fully convolutional: it takes only " + width() + "x" + height()
					+ " images, got " + w + "x" + h);
		}
	}

	/** Java bytes per pixel of each tile of a network call: the tile's copy and estimate (doubles) and their float buffers. */
	static final long TILE_JAVA_BYTES = 32;

	/**
	 * The fastest way to run {@code samples} samples of an h×w image within the memory budget
	 * ({@link MemoryCheck#budget()}): the whole image for a fully convolutional model up to
	 * {@link Tiling#WHOLE_IMAGE_PIXELS} pixels, else overlapping tiles blended at every step
	 * ({@link io.github.scorej.ops.tile.TiledDenoiser}): tiles of the training size for a model that
	 * takes only that size (the image must be at least that large: pad it with {@link #atLeastTrainingSize}),
	 * tiles of 512 down to 64 for a fully convolutional one; then as many tiles per network call (at
	 * most {@code maxBatch}, 16) and samples at a time as fit. Refuses the job, naming budget and need,
	 * when even the smallest tiling does not fit.
	 *
	 * @param javaBytes the job's Java arrays when sampling that many samples at a time
	 * @param what the job, for the refusal
	 */
	public Tiling plan(int h, int w, int samples, int maxBatch, java.util.function.LongUnaryOperator javaBytes, String what) {
		ModelCard c = card();
		checkSize(h, w);
		Tiling.Job job = new Tiling.Job(h, w, samples, maxBatch, c.nativeBytesPerPixel(), c.fullyConvolutional() ? Math.max(1, c.sizeMultiple()) : 0,
				height(), javaBytes, TILE_JAVA_BYTES * channels());
		return MemoryCheck.require(job, what);
	}

	/** The denoiser for images of h×w, one sample at a time: {@link #plan} with no Java arrays of its own counted. */
	public Denoiser denoiserFor(int h, int w) {
		return plan(h, w, 1, 16, chunk -> 0, "the network on " + w + "x" + h + " images").apply(denoiser);
	}

	/** For a model that is not fully convolutional: n, raised to its training size if smaller (pad the image so far). */
	public int atLeastTrainingSize(int n) {
		return card().fullyConvolutional() ? n : Math.max(n, height());
	}

	/** Clips to the card's data range, in place. */
	public void clipToDataRange(double[] x) {
		double lo = dataLow(), hi = dataHigh();
		for (int i = 0; i < x.length; i++)
			x[i] = Math.min(hi, Math.max(lo, x[i]));
	}
}
