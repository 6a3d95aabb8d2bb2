package io.github.scorej.plugin.cli;

import io.github.scorej.ops.onnx.OrtNetwork;
import io.github.scorej.plugin.core.SamplingSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The options every sampling verb takes (DESIGN.md, "Command line"). */
final class SamplingOptions {

	/** The default is the verb's ({@link Main#DEFAULT_MODELS}). */
	@Option(names = "--model", description = "Model folder (with rdf.yaml) or bundled model name (see 'scorej models'). Default: ${DEFAULT-VALUE}.")
	String model;

	@Option(names = "--sampler", description = "Sampler name (see 'scorej samplers'); default from the model card.")
	String sampler;

	@Option(names = "--steps", description = "Number of steps; default from the model card (inpainting: at least 100).")
	Integer steps;

	@Option(names = "--schedule", description = "karras, exponential, polyexponential, vp or sde; default from the model card.")
	String schedule;

	@Option(names = "--sigma-min", description = "Smallest noise level of the schedule; default from the model card.")
	Double sigmaMin;

	@Option(names = "--sigma-max", description = "Largest noise level of the schedule; default from the model card.")
	Double sigmaMax;

	@Option(names = "--rho", description = "Schedule exponent (karras: 7, polyexponential: 1).")
	Double rho;

	@Option(names = { "-o", "--option" }, description = "A sampler option, name=value (e.g. -o s_churn=40); see 'scorej samplers'.")
	Map<String, String> samplerOptions = new LinkedHashMap<>();

	@Option(names = "--seed", description = "Random seed; the same seed gives the same result. Default: ${DEFAULT-VALUE}.", defaultValue = "0")
	long seed;

	@Option(names = "--noise", description = "Initial standard-normal noise: a float32 TIFF of N·C slices of H×W.")
	Path noise;

	@Option(names = "--raw", description = "Write the sampler's final tensor in the model's data space, unclipped.")
	boolean raw;

	@Mixin
	RuntimeOptions rt;

	@Option(names = "--quiet", description = "No progress bar.")
	boolean quiet;

	/** ONNX Runtime options from --threads, --batch and --cpu. */
	OrtNetwork.Options runtime() {
		return rt.get();
	}

	/** The settings these options ask for; blanks take the model card's defaults. */
	SamplingSettings settings() {
		return new SamplingSettings(sampler, samplerOptions, steps, schedule, sigmaMin, sigmaMax, rho, seed);
	}
}
