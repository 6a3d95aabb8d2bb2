package io.github.scorej.ops.tile;

import io.github.scorej.ops.model.Denoiser;

import java.util.function.LongUnaryOperator;

/**
 * How a denoiser covers an image within a {@link MemoryBudget}: whole ({@code tile == 0}) or in
 * {@code tile × tile} tiles overlapping by {@code overlap} ({@link TiledDenoiser}), {@code perCall}
 * images or tiles per network call, {@code chunk} samples sampled together, and what that costs:
 * {@code javaBytes} of Java arrays and {@code nativeBytes} of ONNX Runtime memory.
 *
 * @param tile tile side, 0 for the whole image
 * @param overlap overlap of neighbouring tiles
 * @param perCall images (whole) or tiles per network call
 * @param chunk samples sampled together (whole image: equal to {@code perCall})
 * @param javaBytes the job's Java arrays
 * @param nativeBytes ONNX Runtime's working memory for one call
 */
public record Tiling(int tile, int overlap, int perCall, int chunk, long javaBytes, long nativeBytes) {

	/** Tile sides tried for a fully convolutional model, largest (fastest: least overlap) first. */
	static final int[] SIDES = { 512, 256, 128, 64 };

	/** Overlap of the tiles of a fully convolutional model: a quarter of the tile, at most this many pixels. */
	static final int MAX_OVERLAP = 32;

	/** Images of at most this many pixels may run whole (one network call per image, no tiles). */
	public static final long WHOLE_IMAGE_PIXELS = 1024L * 1024;

	/**
	 * The work to plan.
	 *
	 * @param h image height (padded as the model runs it)
	 * @param w image width
	 * @param samples samples (or images) to draw
	 * @param maxBatch images per network call at most (the user's cap)
	 * @param nativeBytesPerPixel ONNX Runtime's bytes per pixel per image of a call (the model card's)
	 * @param sizeMultiple a fully convolutional model's size multiple, or 0 for a model that takes only its training size
	 * @param trainingSize the model's (square) training side: the tile of a model that is not fully convolutional, the smallest tile of one that is
	 * @param javaBytes the job's Java arrays for a chunk of that many samples
	 * @param perPixelJava Java bytes per pixel of each tile of a call (the tile copies and their float buffers)
	 */
	public record Job(int h, int w, int samples, int maxBatch, long nativeBytesPerPixel, int sizeMultiple, int trainingSize,
			LongUnaryOperator javaBytes, long perPixelJava) {}

	/**
	 * The whole process's memory for the job at most: the process's base, the Java heap at its maximum
	 * ({@code -Xmx}) and ONNX Runtime's memory for one call. The heap counts whole because the JVM may
	 * commit all of it, and how much it does depends on the collector and on the machine's load: the
	 * same 1024² deblur (Java arrays 328 MB) peaked at 3.59 GiB on a quiet machine and 4.10 GiB on a busy
	 * one, where G1, its collections slowed down, grew the heap further (site/bench/scale.md).
	 */
	public long total(long heapMax) {
		return MemoryBudget.BASE + heapMax + nativeBytes;
	}

	/** Whether this runs whole images. */
	public boolean whole() {
		return tile == 0;
	}

	/** The denoiser this tiling runs: {@code inner} itself, or {@code inner} in tiles. */
	public Denoiser apply(Denoiser inner) {
		return whole() ? inner : new TiledDenoiser(inner, tile, overlap, perCall);
	}

	/**
	 * The fastest tiling whose total fits the budget and whose Java arrays fit the heap: the whole
	 * image (up to {@link #WHOLE_IMAGE_PIXELS}, for a fully convolutional model), else the largest
	 * tile, then the most tiles per call, then the most samples together. When nothing fits, the
	 * smallest tiling (smallest tile, one per call, one sample at a time), whose total the caller
	 * compares with the budget to refuse the job.
	 *
	 * @param heapInUse Java heap in use before the job
	 * @param heapMax the JVM's maximum heap
	 */
	public static Tiling plan(Job j, MemoryBudget budget, long heapInUse, long heapMax) {
		int batch = Math.max(1, Math.min(j.maxBatch(), j.samples())), calls = Math.max(1, Math.min(j.maxBatch(), 16));
		Tiling last = null;
		boolean fc = j.sizeMultiple() > 0;
		if (!fc && j.h() <= j.trainingSize() && j.w() <= j.trainingSize() || fc && (long) j.h() * j.w() <= WHOLE_IMAGE_PIXELS)
			for (int chunk = batch; chunk >= 1; chunk--) {
				last = new Tiling(0, 0, chunk, chunk, j.javaBytes().applyAsLong(chunk) + j.perPixelJava() * chunk * j.h() * j.w(),
						j.nativeBytesPerPixel() * chunk * j.h() * j.w());
				if (last.fits(budget, heapInUse, heapMax)) return last;
			}
		int[] sides = fc ? SIDES : new int[] { j.trainingSize() };
		for (int side : sides) {
			int tile = fc ? Math.max(j.trainingSize(), side / j.sizeMultiple() * j.sizeMultiple()) : side;
			if (fc && tile >= Math.max(j.h(), j.w()) && side != sides[sides.length - 1] && last != null) continue; // no gain over whole
			int overlap = fc ? Math.min(tile / 4, MAX_OVERLAP) : tile / 4;
			if (fc) tile = balanced(Math.max(j.h(), j.w()), tile, overlap, j.sizeMultiple(), j.trainingSize());
			for (int per = calls; per >= 1; per--)
				for (int chunk = batch; chunk >= 1; chunk--) {
					long px = (long) per * Math.min(tile, j.h()) * Math.min(tile, j.w());
					last = new Tiling(tile, overlap, per, chunk, j.javaBytes().applyAsLong(chunk) + j.perPixelJava() * px, j.nativeBytesPerPixel() * px);
					if (last.fits(budget, heapInUse, heapMax)) return last;
				}
			if (tile <= j.trainingSize()) break;
		}
		return last;
	}

	/**
	 * The smallest tile side, a multiple of {@code multiple} and at most {@code max}, that covers n pixels
	 * with as few tiles overlapping by {@code overlap} as tiles of {@code max} would: 1024 pixels take three
	 * tiles of 512 (overlap 32: two cover only 992), or three of 368, 2.4 times fewer pixels through the
	 * network. At least {@code min} (the model's training size).
	 */
	static int balanced(int n, int max, int overlap, int multiple, int min) {
		if (n <= max) return max;
		int count = (n - overlap + max - overlap - 1) / (max - overlap);
		int side = (n + (count - 1) * overlap + count - 1) / count;
		side = (side + multiple - 1) / multiple * multiple;
		return Math.max(min, Math.min(max, side));
	}

	/** Whether the total fits the budget and the Java arrays the heap. */
	public boolean fits(MemoryBudget budget, long heapInUse, long heapMax) {
		return javaBytes <= heapMax - heapInUse && total(heapMax) <= budget.bytes();
	}

	/** "whole images, 4 per call" or "256×256 tiles (overlap 32), 8 per call, 2 samples at a time". */
	public String describe() {
		return whole() ? "whole images, " + perCall + " per call"
				: tile + "x" + tile + " tiles (overlap " + overlap + "), " + perCall + " per call, " + chunk + " sample(s) at a time";
	}
}
