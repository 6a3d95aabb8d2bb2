package io.github.scorej.plugin.commands;

import ij.ImagePlus;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.plugin.core.Generation;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.Provenance;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Generate (ScoreJ): new images from a score model, unconditional or of one class, as a 32-bit
 * stack in the model's data range with the run's provenance in its Info.
 */
@Plugin(type = Command.class, label = "Generate (ScoreJ)", headless = true,
		description = "Generate new images from a score-based model")
public class Generate extends SamplingCommand {

	/** The model used when none is given: the class-conditional MNIST digits. */
	public static final String DEFAULT_MODEL = "mnist-digits";

	public Generate() {
		super(DEFAULT_MODEL);
	}

	@Parameter(label = "Count", description = "Number of images", min = "1", persist = false)
	private int count = 4;

	@Parameter(label = "Size", description = "Height and width (fully convolutional models); auto: the training size", min = "0",
			persist = false, attrs = { @Attr(name = "auto", value = "0"), @Attr(name = "unit", value = "pixels") })
	private int size = 0;

	@Parameter(label = "Generated", type = ItemIO.OUTPUT)
	private ImagePlus output;

	@Override
	public void run() {
		if (count < 1) throw new IllegalArgumentException("count must be >= 1, got " + count);
		LoadedModel m = loadModel();
		int h = size > 0 ? size : m.height(), w = size > 0 ? size : m.width();
		try (Progress progress = new Progress("Generate (ScoreJ)", m)) {
			output = Generation.generate(m, settings(), new Shape(count, m.channels(), h, w), null, false, 16, progress, new Provenance("generate"));
		}
	}
}
