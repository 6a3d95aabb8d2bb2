package io.github.scorej.ops.inverse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.scorej.ops.problem.RestoreBench;
import io.github.scorej.ops.sample.Params;

import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On data drawn from the Gaussian prior, denoising at σ_y: the posterior mean of K samples has the
 * expected MSE v(1 + 1/K), v = 1/(1/s² + 1/σ_y²), so the benchmark's PSNR must match it. (On white
 * data a Gaussian filter with an oracle width comes within about 0.1 dB of it: it uses the
 * neighbours as an estimate of the prior mean, so this case cannot show a gain.)
 */
class RestoreBenchTest {

	@BeforeAll
	static void load() {
		ClosedFormPosteriorTest.load();
	}

	@Test
	void posteriorMeanBeatsTheOracleClassicalDenoiserOnPriorData() {
		int c = 3, h = 16, w = 16;
		SplittableRandom r = new SplittableRandom(4);
		double[] x = new double[c * h * w];
		for (int i = 0; i < x.length; i++)
			x[i] = ClosedFormPosteriorTest.M + ClosedFormPosteriorTest.S * r.nextGaussian();
		RestoreBench.Case cs = RestoreBench.standardCases(c).get(0); // denoise σ_y = 0.2
		ConditionalMethod m = Restoration.method("ddnm_plus");
		Restoration.Request req = new Restoration.Request(m, Params.defaults(m.params()), "karras", 50, 0.002, 80, Double.NaN, 3);
		RestoreBench.Row row = RestoreBench.restore(ClosedFormPosteriorTest.denoiser, ClosedFormPosteriorTest.model.sde(),
				RestoreBench.measure(cs, "gaussian", x, c, h, w, -2, 2, 3), req, 16, 16, null).row();
		double s2 = ClosedFormPosteriorTest.S * ClosedFormPosteriorTest.S, v = 1 / (1 / s2 + 1 / (0.2 * 0.2));
		double expected = 10 * Math.log10(16 / (v * (1 + 1.0 / 16)));
		assertTrue(Math.abs(row.psnr() - expected) < 0.5, "posterior mean " + row.psnr() + " dB, expected " + expected);
		assertTrue(Math.abs(row.gain()) < 1, row.classical() + " " + row.classicalPsnr() + " dB");
		assertTrue(row.residual() < 1, "residual " + row.residual());
	}

	/** DDNM+ on a noisy blur (tiny singular values): per-component λ keeps it as good as DDRM. */
	@Test
	void ddnmPlusHandlesIllConditionedNoisyBlur() {
		int c = 3, h = 16, w = 16;
		SplittableRandom r = new SplittableRandom(6);
		double[] x = new double[c * h * w];
		for (int i = 0; i < x.length; i++)
			x[i] = ClosedFormPosteriorTest.M + ClosedFormPosteriorTest.S * r.nextGaussian();
		RestoreBench.Case cs = RestoreBench.standardCases(c).get(1); // deblur σ = 2, σ_y = 0.02
		double[] psnr = new double[2];
		String[] names = { "ddnm_plus", "ddrm" };
		RestoreBench.Measured measured = RestoreBench.measure(cs, "gaussian", x, c, h, w, -2, 2, 3);
		for (int k = 0; k < 2; k++) {
			ConditionalMethod m = Restoration.method(names[k]);
			Restoration.Request req = new Restoration.Request(m, Params.defaults(m.params()), "karras", 30, 0.002, 80, Double.NaN, 3);
			psnr[k] = RestoreBench.restore(ClosedFormPosteriorTest.denoiser, ClosedFormPosteriorTest.model.sde(), measured, req, 4, 4, null).row().psnr();
		}
		assertTrue(psnr[0] > psnr[1] - 1.5, "ddnm_plus " + psnr[0] + " dB, ddrm " + psnr[1] + " dB");
	}
}
