package io.github.scorej.plugin.commands;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.ColorProcessor;
import io.github.scorej.ops.likelihood.Likelihood;
import io.github.scorej.ops.sample.Callback;
import io.github.scorej.ops.sample.Params;
import io.github.scorej.plugin.core.Likelihoods;
import io.github.scorej.plugin.core.LoadedModel;
import ij.ImageStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.scijava.command.CommandModule;

import java.util.Random;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Likelihood and Anomaly Map end to end in a real Context, on gaussian-edm: every pixel i.i.d.
 * N(0.1, 0.4²) in [−1, 1], whose exact bits/dim is known in closed form.
 */
public class LikelihoodCommandsTest {

	private static final String MODEL = "gaussian-edm";
	@RegisterExtension
	static final CommandRunner commands = new CommandRunner();

	private static CommandModule run(Class<? extends org.scijava.command.Command> cmd, Object... inputs) {
		return commands.run(cmd, inputs);
	}

	/** An RGB image (the model has 3 channels) whose levels are drawn from the model's own Gaussian, optionally with a white blob. */
	public static ImagePlus gaussianImage(String title, int w, int h, long seed, int blobX, int blobY, int blobR) {
		Random r = new Random(seed);
		int[] px = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				for (int c = 0; c < 3; c++) {
					double v = 0.1 + 0.4 * r.nextGaussian(); // data units
					int k = (int) Math.floor((v + 1) * 128); // the bin of v
					if (blobR > 0 && Math.hypot(x - blobX, y - blobY) <= blobR) k = 255;
					px[y * w + x] |= Math.max(0, Math.min(255, k)) << (16 - 8 * c);
				}
		return new ImagePlus(title, new ColorProcessor(w, h, px));
	}

	/** bits/dim of the RGB image at its bin centres under N(0.1, 0.4²), with offset log₂(256/2) = 7. */
	public static double exactBitsPerDim(ImagePlus imp) {
		int[] px = (int[]) imp.getProcessor().getPixels();
		double s2 = 0.16, logp = 0;
		for (int p : px)
			for (int c = 0; c < 3; c++) {
				double x = -1 + (((p >> (16 - 8 * c)) & 0xff) + 0.5) * 2 / 256.0;
				logp += -0.5 * Math.log(2 * Math.PI * s2) - (x - 0.1) * (x - 0.1) / (2 * s2);
			}
		return -logp / (3 * px.length * Math.log(2)) + 7;
	}

	@Test
	void bitsPerDimMatchesTheClosedFormAndFillsTheResultsTable() {
		ImagePlus imp = gaussianImage("g.tif", 16, 16, 3, 0, 0, 0);
		int[] before = ((int[]) imp.getProcessor().getPixels()).clone();
		ResultsTable.getResultsTable().reset();
		CommandModule m = run(ImageLikelihood.class, "image", imp, "model", MODEL, "seed", 1L);
		double bpd = (Double) m.getOutput("bitsPerDim"), exact = exactBitsPerDim(imp);
		assertEquals(exact, bpd, 0.05, "bits/dim against the closed form");
		assertArrayEquals(before, (int[]) imp.getProcessor().getPixels(), "the input was modified");
		ResultsTable rt = ResultsTable.getResultsTable();
		assertEquals(1, rt.size());
		assertEquals("g.tif", rt.getStringValue("image", 0));
		assertEquals(bpd, rt.getValue("bits/dim", 0), 1e-9);
		assertTrue(rt.getValue("NFE", 0) > 0);
		assertTrue(rt.getStringValue("values", 0).startsWith("8-bit"), rt.getStringValue("values", 0));
		// nats: the negative log-likelihood of the same data, the sign of bits/dim: bits/dim × dimensions × ln 2
		assertEquals(bpd * 3 * 16 * 16 * Math.log(2), rt.getValue("nats", 0), 1e-6 * Math.abs(rt.getValue("nats", 0)));
		assertTrue(rt.getValue("nats", 0) > 0);
	}

	@Test
	void aFloatImageIsPercentileNormalisedWithOffsetZeroAndCropped() {
		ImagePlus rgb = gaussianImage("f", 20, 17, 4, 0, 0, 0);
		ImageStack st = new ImageStack(20, 17);
		for (int c = 0; c < 3; c++)
			st.addSlice(((ColorProcessor) rgb.getProcessor()).getChannel(c + 1, null).convertToFloat());
		ImagePlus imp = new ImagePlus("f", st);
		imp.setDimensions(3, 1, 1);
		ResultsTable.getResultsTable().reset();
		run(ImageLikelihood.class, "image", imp, "model", MODEL);
		String note = ResultsTable.getResultsTable().getStringValue("values", 0);
		assertTrue(note.contains("percentile") && note.contains("offset 0") && note.contains("16x16 crop"), note);
	}

	private static int argmax(float[] v) {
		int best = 0;
		for (int i = 1; i < v.length; i++)
			if (v[i] > v[best]) best = i;
		return best;
	}

	/** Grey 8-, 16- and 32-bit stacks with a one-channel model: a finite bits/dim, and a map of every plane on the image's calibration. */
	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(ints = { 8, 16, 32 })
	void greyStacksOfEveryDepth(int bits) {
		ImagePlus imp = RestorationCommandsTest.image(bits, 24, 16, 3, 7);
		imp.getCalibration().pixelWidth = 0.25;
		imp.getCalibration().setUnit("µm");
		Object before = imp.getStack().getProcessor(2).getPixelsCopy();
		ResultsTable.getResultsTable().reset();
		double bpd = (Double) run(ImageLikelihood.class, "image", imp, "model", "gaussian-mixture-edm").getOutput("bitsPerDim");
		assertTrue(Double.isFinite(bpd), "bits/dim " + bpd);
		ImagePlus map = (ImagePlus) run(ImageAnomalyMap.class, "image", imp, "model", "gaussian-mixture-edm", "repeats", 1).getOutput("output");
		assertEquals(24, map.getWidth());
		assertEquals(16, map.getHeight());
		assertEquals(3, map.getStackSize());
		assertEquals(32, map.getBitDepth());
		assertEquals(0.25, map.getCalibration().pixelWidth, 0);
		assertEquals("µm", map.getCalibration().getUnit());
		assertTrue(java.util.Objects.deepEquals(before, imp.getStack().getProcessor(2).getPixels()), "the input was modified");
	}

	@Test
	void denoisingErrorIsHighestOnTheOutlierBlob() {
		ImagePlus imp = gaussianImage("blob", 30, 24, 5, 20, 8, 3);
		ImagePlus out = (ImagePlus) run(ImageAnomalyMap.class, "image", imp, "model", MODEL, "mode", "denoise", "sigma", 0.2, "repeats", 8)
				.getOutput("output");
		assertEquals(30, out.getWidth());
		assertEquals(24, out.getHeight());
		assertEquals(32, out.getBitDepth());
		int i = argmax((float[]) out.getProcessor().getPixels());
		assertTrue(Math.hypot(i % 30 - 20, i / 30 - 8) <= 3, "maximum at " + i % 30 + "," + i / 30);
		String info = (String) out.getProperty("Info");
		for (String key : new String[] { "scorej.command=anomaly_map", "scorej.model=gaussian-edm", "scorej.model_sha256=", "scorej.sigma=0.2",
				"scorej.mode=denoise" })
			assertTrue(info.contains(key), key + " missing from\n" + info);
	}

	@Test
	void tileBitsPerDimIsHighestOnTheTileWithTheBlob() {
		ImagePlus imp = gaussianImage("blob", 32, 16, 6, 20, 4, 3);
		ImagePlus out = (ImagePlus) run(ImageAnomalyMap.class, "image", imp, "model", MODEL, "mode", "tiles", "tile", 8).getOutput("output");
		assertEquals(32, out.getWidth());
		assertEquals(16, out.getHeight());
		float[] v = (float[]) out.getProcessor().getPixels();
		int i = argmax(v);
		assertEquals(2, i % 32 / 8, "tile column");
		assertEquals(0, i / 32 / 8, "tile row");
		assertEquals(v[15 * 32 + 15], v[8 * 32 + 8], 0, "pixels of one tile share its value");
		assertTrue(((String) out.getProperty("Info")).contains("scorej.tile=8"));
	}

	@Test
	void progressIsReportedAndCancelStopsTheOde() {
		LoadedModel m = LoadedModel.load(MODEL, null, null);
		ImagePlus imp = gaussianImage("c", 8, 8, 7, 0, 0, 0);
		Params p = Params.defaults(Likelihood.params());
		int[] calls = { 0 };
		Callback cancel = new Callback() {
			@Override
			public void onStep(int step, int steps, double sigma, double[] x, double[] denoised) {}

			@Override
			public void onEvaluation(int nfe, double sigma, boolean done) {
				calls[0]++;
			}

			@Override
			public boolean isCancelled() {
				return calls[0] >= 2;
			}
		};
		assertThrows(CancellationException.class,
				() -> Likelihoods.bitsPerDim(m, imp, p, 0, cancel));
		assertEquals(2, calls[0], "cancelled after the second function evaluation");
		assertThrows(CancellationException.class,
				() -> Likelihoods.anomalyMap(m, imp, "tiles", 0.2, 8, 1, p, 0, cancel));
	}
}
