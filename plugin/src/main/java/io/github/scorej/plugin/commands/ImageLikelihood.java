package io.github.scorej.plugin.commands;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.scorej.ops.likelihood.Likelihood;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.Likelihoods;
import io.github.scorej.plugin.core.SamplingSettings;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.awt.GraphicsEnvironment;

/**
 * Likelihood (ScoreJ): bits/dim of the image under a model, by the probability-flow ODE
 * ({@link Likelihoods#bitsPerDim}). Adds one row (image, bits/dim, nats, NFE, seconds, values) to
 * ImageJ's Results table, which a macro saves with {@code saveAs("Results", path)}.
 */
@Plugin(type = Command.class, label = "Likelihood (ScoreJ)", headless = true,
		description = "Bits per dimension of an image under a score-based model (probability-flow ODE)")
public class ImageLikelihood implements Command {

	/** The model used when none is given: grey microscopy. */
	public static final String DEFAULT_MODEL = "micro-gray";

	@Parameter(label = "Image", description = "The image to score; it is not modified")
	private ImagePlus image;

	@Parameter(label = "Model", description = "A bundled model's name, or a model folder (with rdf.yaml)", persist = false)
	private String model = DEFAULT_MODEL;

	@Parameter(label = "Options", description = "Likelihood options, name=value: rtol, atol, eps, probes, fd_step", required = false,
			persist = false)
	private String options = "";

	@Parameter(label = "Provider", description = ScoreCommand.PROVIDER_DESCRIPTION, choices = { "auto", "cpu", "cuda" }, persist = false)
	private String provider = "auto";

	@Parameter(label = "Seed", description = "Seeds the Hutchinson probes", persist = false)
	private long seed = 0;

	@Parameter(label = "Bits per dim", type = ItemIO.OUTPUT)
	private double bitsPerDim;

	@Parameter(label = "Nats", type = ItemIO.OUTPUT)
	private double nats;

	@Override
	public void run() {
		Params p = Params.defaults(Likelihood.params()).with(SamplingSettings.parseOptions(options));
		Likelihoods.Score s = Likelihoods.bitsPerDim(LoadedModel.load(model, null, null, io.github.scorej.ops.onnx.OrtNetwork.Options.defaults().withProvider(provider)), image, p, seed, new Progress("Likelihood (ScoreJ)"));
		bitsPerDim = s.bitsPerDim();
		nats = s.nats();
		ResultsTable rt = ResultsTable.getResultsTable();
		addRow(rt, s);
		if (!GraphicsEnvironment.isHeadless()) rt.show("Results");
	}

	/** The row this command adds; the command line writes the same columns. */
	public static void addRow(ResultsTable rt, Likelihoods.Score s) {
		rt.incrementCounter();
		rt.addValue("image", s.image());
		rt.addValue("bits/dim", s.bitsPerDim());
		rt.addValue("nats", s.nats());
		rt.addValue("NFE", s.nfe());
		rt.addValue("seconds", s.seconds());
		rt.addValue("values", s.note());
	}
}
