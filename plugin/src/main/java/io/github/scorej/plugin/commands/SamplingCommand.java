package io.github.scorej.plugin.commands;

import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.SamplingSettings;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;

/**
 * The parameters of the generating commands (Generate, Image to Image) on top of
 * {@link ScoreCommand}'s: class and guidance for class-conditional models, the sampler and its
 * options. Guidance -1 means the model card's default.
 */
public abstract class SamplingCommand extends ScoreCommand {

	@Parameter(label = "Class", description = "Class of a class-conditional model (name or index); empty: unconditional",
			required = false, persist = false, attrs = @Attr(name = "key", value = "class"))
	private String classLabel = "";

	@Parameter(label = "Guidance", description = "Classifier-free guidance scale w: D_u + w(D_c - D_u); 1 = plain conditional; "
			+ "auto: the model card's default (defaults.guidance, else 1)", min = "-1", persist = false, attrs = @Attr(name = "auto", value = "-1"))
	private double guidance = -1;

	@Parameter(label = "Sampler", description = "Sampler name (scorej samplers lists them), or default: the model card's",
			persist = false)
	private String sampler = "default";

	@Parameter(label = "Sampler options", description = "name=value pairs, e.g. s_churn=40 s_tmin=0.05", required = false,
			persist = false)
	private String options = "";

	/** @param defaultModel the bundled model used when none is given */
	protected SamplingCommand(String defaultModel) {
		super(defaultModel);
	}

	/** The model, with class and guidance applied. */
	protected LoadedModel loadModel() {
		return loadModel(classLabel, guidance < 0 ? null : Double.valueOf(guidance));
	}

	/** The sampling settings these parameters ask for. */
	protected SamplingSettings settings() {
		return settings(sampler, SamplingSettings.parseOptions(options));
	}
}
