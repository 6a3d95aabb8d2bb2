package io.github.scorej.plugin.commands;

import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.SamplingSettings;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;

/**
 * The parameters every sampling command shares (DESIGN.md: model, sampler, steps, schedule,
 * seed; class and guidance for class-conditional models), declared once. Macro keys are the
 * fields' names in snake_case, or the {@code key} attribute where a Java name cannot be the key.
 * "default", steps 0 and guidance -1 mean the model card's default.
 */
public abstract class SamplingCommand implements Command {

	/** The bundled model used when none is given. */
	public static final String DEFAULT_MODEL = "gaussian-mixture-edm";

	@Parameter(label = "Model", description = "A bundled model's name, or a model folder (with rdf.yaml)", persist = false)
	private String model = DEFAULT_MODEL;

	@Parameter(label = "Class", description = "Class of a class-conditional model (name or index); empty: unconditional",
			required = false, persist = false, attrs = @Attr(name = "key", value = "class"))
	private String classLabel = "";

	@Parameter(label = "Guidance", description = "Classifier-free guidance scale w: D_u + w(D_c - D_u); 1 = plain conditional; "
			+ "-1: the model card's default (defaults.guidance, else 1)", min = "-1", persist = false)
	private double guidance = -1;

	@Parameter(label = "Sampler", description = "Sampler name (scorej samplers lists them), or default: the model card's",
			persist = false)
	private String sampler = "default";

	@Parameter(label = "Sampler options", description = "name=value pairs, e.g. s_churn=40 s_tmin=0.05", required = false,
			persist = false)
	private String options = "";

	@Parameter(label = "Steps", description = "Number of steps; 0: the model card's", min = "0", persist = false)
	private int steps = 0;

	@Parameter(label = "Schedule", description = "Noise schedule; default: the model card's",
			choices = { "default", "karras", "exponential", "polyexponential", "vp", "sde" }, persist = false)
	private String schedule = "default";

	@Parameter(label = "Seed", description = "Random seed: the same seed gives the same result", persist = false)
	private long seed = 0;

	/** The model named by {@link #model}, with class and guidance applied. */
	protected LoadedModel loadModel() {
		return LoadedModel.load(model, classLabel, guidance < 0 ? null : Double.valueOf(guidance));
	}

	/** The sampling settings these parameters ask for. */
	protected SamplingSettings settings() {
		return new SamplingSettings(sampler, SamplingSettings.parseOptions(options), steps > 0 ? steps : null, schedule, null, null,
				null, seed);
	}
}
