package io.github.scorej.plugin.cli;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import io.github.scorej.ops.model.Model;
import io.github.scorej.plugin.core.ModelInstall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code scorej train} (the launcher runs models/train/train_images.py with Debian's Python) on a tiny
 * folder of mixed images: 8- and 16-bit, grey and RGB, a 16-bit stack, sides from 30 to 96, some smaller
 * than the training crop. Two iterations fine-tuned from histo-rgb (the folder has RGB images), one more
 * resumed from the checkpoint, and the folder it writes is verified and installed by ScoreJ. Needs
 * python3-torch, python3-onnx, python3-skimage, python3-tifffile and python3-matplotlib
 * ({@code ./scorej test} installs them); without them it fails, it does not skip.
 */
class TrainCliTest {

	@TempDir
	Path dir;

	private record Run(int code, String out) {}

	/** {@code ../scorej train ARGS}: the launcher itself, as a user runs it. */
	private static Run train(String... args) throws IOException, InterruptedException {
		List<String> cmd = new ArrayList<>(List.of("bash", Path.of("..", "scorej").toAbsolutePath().normalize().toString(), "train"));
		cmd.addAll(List.of(args));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(3, TimeUnit.MINUTES), "scorej train did not finish:\n" + out);
		return new Run(p.exitValue(), out);
	}

	/** Smooth random blobs, so that the images are images rather than white noise. */
	private static void paint(ImageProcessor ip, Random r, double max) {
		double[][] blobs = new double[6][];
		for (int i = 0; i < blobs.length; i++)
			blobs[i] = new double[] { r.nextDouble() * ip.getWidth(), r.nextDouble() * ip.getHeight(), 3 + 8 * r.nextDouble() };
		for (int y = 0; y < ip.getHeight(); y++)
			for (int x = 0; x < ip.getWidth(); x++) {
				double v = 0;
				for (double[] b : blobs)
					v += Math.exp(-((x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1])) / (2 * b[2] * b[2]));
				ip.putPixelValue(x, y, Math.min(max, max * (0.1 + 0.8 * v + 0.02 * r.nextGaussian())));
			}
	}

	private static ColorProcessor rgb(int w, int h, Random r) {
		ColorProcessor c = new ColorProcessor(w, h);
		ByteProcessor[] ch = new ByteProcessor[3];
		for (int i = 0; i < 3; i++) {
			ch[i] = new ByteProcessor(w, h);
			paint(ch[i], r, 255);
		}
		c.setRGB((byte[]) ch[0].getPixels(), (byte[]) ch[1].getPixels(), (byte[]) ch[2].getPixels());
		return c;
	}

	private Path folder() {
		Path images = dir.resolve("my images");
		Random r = new Random(3);
		try {
			Files.createDirectories(images);
			ByteProcessor grey8 = new ByteProcessor(56, 40);
			paint(grey8, r, 255);
			assertTrue(new FileSaver(new ImagePlus("g8", grey8)).saveAsPng(images.resolve("grey8.png").toString()));
			ShortProcessor grey16 = new ShortProcessor(48, 72);
			paint(grey16, r, 4095); // 12 bits used of 16, as cameras write
			assertTrue(new FileSaver(new ImagePlus("g16", grey16)).saveAsTiff(images.resolve("grey16.tif").toString()));
			assertTrue(new FileSaver(new ImagePlus("c", rgb(64, 64, r))).saveAsPng(images.resolve("colour.png").toString()));
			assertTrue(new FileSaver(new ImagePlus("c", rgb(90, 30, r))).saveAsTiff(images.resolve("colour-small.tiff").toString()));
			ImageStack st = new ImageStack(96, 40);
			for (int i = 0; i < 2; i++) {
				ShortProcessor s = new ShortProcessor(96, 40);
				paint(s, r, 65535);
				st.addSlice(s);
			}
			assertTrue(new FileSaver(new ImagePlus("stack", st)).saveAsTiffStack(images.resolve("stack16.tif").toString()));
			Files.writeString(images.resolve("notes.txt"), "not an image: ignored");
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
		return images;
	}

	@Test
	void aMixedFolderTrainsResumesAndGivesAModelScoreJVerifiesAndInstalls() throws Exception {
		Path images = folder();
		Path a = dir.resolve("out/first"), b = dir.resolve("out/second"), run = dir.resolve("out/first-run");
		String[] quick = { "--check", "none", "--cover", "0", "--threads", "1", "--crop", "32", "--batch", "2" };

		List<String> args = new ArrayList<>(List.of(images.toString(), "--out", a.toString(), "--iters", "2"));
		args.addAll(List.of(quick));
		Run first = train(args.toArray(String[]::new));
		assertEquals(0, first.code, first.out);
		assertTrue(first.out.contains("5 files") && first.out.contains("3 channel(s)"), first.out);
		assertTrue(first.out.contains("init histo-rgb (weights rebuilt from its model.onnx"), first.out);
		String split = Files.readString(run.resolve("split.json"));
		String heldOut = split.substring(split.indexOf("\"held_out\""));
		String held = List.of("grey8.png", "grey16.tif", "colour.png", "colour-small.tiff", "stack16.tif").stream()
				.filter(heldOut::contains).findFirst().orElseThrow(() -> new AssertionError(split));
		assertEquals(1, split.split(held, -1).length - 1, "a held-out file is not also trained on: " + split);
		assertTrue(Files.readString(a.resolve("rdf.yaml")).contains(held), "the card names the held-out file");

		args = new ArrayList<>(List.of(images.toString(), "--out", b.toString(), "--run", run.toString(), "--resume", "--iters", "3"));
		args.addAll(List.of(quick));
		Run second = train(args.toArray(String[]::new));
		assertEquals(0, second.code, second.out);
		assertTrue(second.out.contains("resumed at iteration 2") && second.out.contains("trained 3 iterations"), second.out);
		assertTrue(Files.readString(b.resolve("README.md")).contains(held));
		assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.resolve("model.onnx")), Files.readAllBytes(b.resolve("model.onnx"))),
				"the resumed iteration changed the weights");

		CliTest.Result v = CliTest.scorej("models", "--action", "verify", b.toString());
		assertEquals(0, v.code(), v.out() + v.err());
		assertTrue(v.out().contains("second: ok"), v.out());
		ModelInstall.Installed in = ModelInstall.install(b, dir.resolve("models"), false);
		assertEquals("second", in.name());
		assertEquals(3, Model.load(in.folder()).card().channels());

		Run again = train(images.toString(), "--out", a.toString(), "--iters", "1");
		assertNotEquals(0, again.code, again.out);
		assertTrue(again.out.strip().endsWith("exists: choose a new --out (nothing is overwritten)"), again.out);
	}

	@Test
	void aNetworkOfAnotherArchitectureIsNotFineTuned() throws Exception {
		Path out = dir.resolve("digits-tuned");
		Run r = train(folder().toString(), "--out", out.toString(), "--channels", "1", "--init", "mnist-digits", "--iters", "1");
		assertNotEquals(0, r.code, r.out);
		assertTrue(r.out.contains("mnist-digits/model.onnx is not models/train/unet.py's network") && r.out.contains("--init scratch"), r.out);
		assertFalse(Files.exists(out));
		assertFalse(Files.exists(dir.resolve("digits-tuned-run").resolve("ckpt.pt")));
	}
}
