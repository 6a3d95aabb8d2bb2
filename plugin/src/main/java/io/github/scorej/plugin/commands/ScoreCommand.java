package io.github.scorej.plugin.commands;

import io.github.scorej.ops.onnx.OrtNetwork;
import io.github.scorej.plugin.core.LoadedModel;
import io.github.scorej.plugin.core.SamplingSettings;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;

import java.util.Map;

/**
 * The parameters every sampling command shares (DESIGN.md: model, steps, schedule, seed), declared
 * once. {@link SamplingCommand} adds what generation uses (class, guidance, sampler, sampler
 * options), {@link RestorationCommand} what the conditional commands use (sigma_y, method, method
 * options, samples, ...). Macro keys are the fields' names in snake_case, or the {@code key}
 * attribute where a Java name cannot be the key. "default" and steps 0 mean the model card's
 * default. Each command passes its own default model to the constructor.
 */
public abstract class ScoreCommand implements Command {

	/** The analytic toy model (no weights): what the command line and About use, never a command's default. */
	public static final String TOY_MODEL = "gaussian-mixture-edm";

	@Parameter(label = "Model", description = "A bundled model's name, or a model folder (with rdf.yaml)", persist = false)
	private String model;

	@Parameter(label = "Steps", description = "Number of steps (network evaluations grow with it); auto: the model card's (inpainting: at least 100)", min = "0", persist = false,
			attrs = @Attr(name = "auto", value = "0"))
	private int steps = 0;

	@Parameter(label = "Schedule", description = "Noise schedule; default: the model card's",
			choices = { "default", "karras", "exponential", "polyexponential", "vp", "sde" }, persist = false)
	private String schedule = "default";

	@Parameter(label = "Seed", description = "Random seed: the same seed gives the same result", persist = false)
	private long seed = 0;

	@Parameter(label = "Provider", description = PROVIDER_DESCRIPTION, choices = { "auto", "cpu", "cuda" }, persist = false)
	private String provider = "auto";

	/** The provider's description, as {@code OrtNetwork.Options.PROVIDER} declares it (a test keeps them equal). */
	public static final String PROVIDER_DESCRIPTION = "ONNX Runtime's execution provider: auto (CUDA where the GPU build and a GPU are there, else CPU), cpu, or cuda (an error where CUDA cannot run)";

	/** @param defaultModel the bundled model used when none is given */
	protected ScoreCommand(String defaultModel) {
		this.model = defaultModel;
	}

	/** The model named by {@link #model}, with a class and guidance (null: none, the card's). */
	protected LoadedModel loadModel(String classLabel, Double guidance) {
		return LoadedModel.load(model, classLabel, guidance, OrtNetwork.Options.defaults().withProvider(provider));
	}

	/** The sampling settings these parameters ask for, with a sampler (null or "default": the card's) and its options. */
	protected SamplingSettings settings(String sampler, Map<String, String> options) {
		return new SamplingSettings(sampler, options, steps > 0 ? steps : null, schedule, null, null, null, seed);
	}
}
