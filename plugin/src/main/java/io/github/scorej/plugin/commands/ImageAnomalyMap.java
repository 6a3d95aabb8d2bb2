package io.github.scorej.plugin.commands;

import ij.ImagePlus;
import io.github.scorej.ops.likelihood.Likelihood;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.Likelihoods;
import io.github.scorej.plugin.core.SamplingSettings;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Anomaly Map (ScoreJ): where an image is unlikely under a model, as a new 32-bit image of its size
 * ({@link Likelihoods#anomalyMap}): the per-pixel denoising error at σ, or the bits/dim of each tile.
 */
@Plugin(type = Command.class, label = "Anomaly Map (ScoreJ)", headless = true,
		description = "Per-pixel denoising error or per-tile bits/dim: where the image is unlikely under the model")
public class ImageAnomalyMap implements Command {

	/** The model used when none is given: grey microscopy. */
	public static final String DEFAULT_MODEL = "micro-gray";

	@Parameter(label = "Image", description = "The image to map; it is not modified")
	private ImagePlus image;

	@Parameter(label = "Model", description = "A bundled model's name, or a model folder (with rdf.yaml)", persist = false)
	private String model = DEFAULT_MODEL;

	@Parameter(label = "Mode", description = "denoise: per-pixel denoising error at sigma; tiles: bits/dim of each tile",
			choices = { "denoise", "tiles" }, persist = false)
	private String mode = "denoise";

	@Parameter(label = "Sigma", description = "Noise level of the denoising error, in the model's data units", min = "0", persist = false,
			attrs = @Attr(name = "when", value = "mode=denoise"))
	private double sigma = 0.2;

	@Parameter(label = "Repeats", description = "Noise draws averaged (denoise)", min = "1", persist = false,
			attrs = @Attr(name = "when", value = "mode=denoise"))
	private int repeats = 4;

	@Parameter(label = "Tile", description = "Tile edge in pixels (tiles); a multiple of the model's size multiple", min = "1", persist = false,
			attrs = { @Attr(name = "when", value = "mode=tiles"), @Attr(name = "unit", value = "pixels") })
	private int tile = 16;

	@Parameter(label = "Options", description = "Likelihood options of the tiles, name=value: rtol, atol, eps, probes, fd_step",
			required = false, persist = false, attrs = @Attr(name = "when", value = "mode=tiles"))
	private String options = "";

	@Parameter(label = "Provider", description = ScoreCommand.PROVIDER_DESCRIPTION, choices = { "auto", "cpu", "cuda" }, persist = false)
	private String provider = "auto";

	@Parameter(label = "Seed", description = "Seeds the noise draws and the probes", persist = false)
	private long seed = 0;

	@Parameter(label = "Anomaly map", type = ItemIO.OUTPUT)
	private ImagePlus output;

	@Override
	public void run() {
		Params p = Params.defaults(Likelihood.params()).with(SamplingSettings.parseOptions(options));
		output = Likelihoods.anomalyMap(LoadedModel.load(model, null, null, io.github.scorej.ops.onnx.OrtNetwork.Options.defaults().withProvider(provider)), image, mode, sigma, tile, repeats, p, seed,
				new Progress("Anomaly Map (ScoreJ)"));
	}
}
