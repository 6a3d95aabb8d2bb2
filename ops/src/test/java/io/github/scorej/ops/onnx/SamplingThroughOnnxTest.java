package io.github.scorej.ops.onnx;

import io.github.scorej.ops.model.Denoiser;
import io.github.scorej.ops.model.GaussianMixtureDenoiser;
import io.github.scorej.ops.model.Model;
import io.github.scorej.ops.model.Shape;
import io.github.scorej.ops.sample.NoiseSource;
import io.github.scorej.ops.sample.Sampler;
import io.github.scorej.ops.sample.Samplers;
import io.github.scorej.ops.sample.Task;
import io.github.scorej.ops.schedule.Schedules;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Whole sampling runs through ONNX Runtime: on every analytic model (each SDE family, prediction
 * kind and time input), a deterministic σ-space sampler and an SDE-time sampler give, from the
 * same noise, what they give on the exact float64 denoiser, up to the network's float32 rounding.
 */
class SamplingThroughOnnxTest {

	@ParameterizedTest
	@MethodSource("io.github.scorej.ops.onnx.OrtNetworkTest#analyticModels")
	void samplersAgreeWithTheExactDenoiser(Path folder) {
		Model model = Model.load(folder);
		Denoiser onnx = model.denoiser(OrtNetwork.open(model, OrtNetworkTest.OPTIONS));
		GaussianMixtureDenoiser exact = OrtNetworkTest.exact(model);
		int c = model.card().channels();
		Shape shape = new Shape(3, c, 8, 8);
		double[] z = new NoiseSource(21, shape).gaussian(shape.size());
		for (String name : new String[] { "dpmpp_2m", "dpm_solver" }) {
			Sampler s = Samplers.get(name);
			double sMax = model.sde().sigmaMax(), sMin = Math.max(model.sde().sigmaMin(), 1e-3);
			double[] sigmas = Schedules.karras(12, sMin, sMax, 7);
			double[] a = s.sample(new Task(onnx, model.sde(), shape, sigmas, new NoiseSource(0, shape, z)), s.defaults());
			double[] b = s.sample(new Task(exact, model.sde(), shape, sigmas, new NoiseSource(0, shape, z)), s.defaults());
			double worst = 0;
			for (int i = 0; i < a.length; i++)
				worst = Math.max(worst, Math.abs(a[i] - b[i]));
			assertTrue(worst < 2e-3, model.card().name() + " " + name + ": largest difference " + worst);
		}
	}
}
