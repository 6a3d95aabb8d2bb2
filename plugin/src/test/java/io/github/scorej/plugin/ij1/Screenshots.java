package io.github.scorej.plugin.ij1;

import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.process.ByteProcessor;

import java.awt.Button;
import java.awt.Color;
import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Screenshots of the dialog of every command in {@link Bridge#COMMANDS}, for the documentation:
 * starts real ImageJ 1.x, opens a 64×64 sample image, and for each command runs the bridge as its
 * menu entry does, paints the dialog into {@code DIR/<command>.png} and cancels it (the command
 * does not run; a command that asks nothing, About, shows its message window, which is painted and closed). A new command gets its screenshot without any change here. Needs a display:
 *
 * <pre>
 * mvn -o -q -pl plugin test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * xvfb-run -a -s "-screen 0 1280x1024x24" java -cp plugin/target/test-classes:plugin/target/classes:$(cat plugin/target/cp.txt) \
 *     io.github.scorej.plugin.ij1.Screenshots site/img/dialogs
 * </pre>
 *
 * Exits with 1 if a command showed no dialog or an error instead; {@link ScreenshotsTest} runs it.
 */
public final class Screenshots {

	public static void main(String[] args) throws Exception {
		if (args.length != 1) {
			System.err.println("usage: Screenshots OUTPUT_FOLDER");
			System.exit(2);
		}
		Path dir = Files.createDirectories(Paths.get(args[0]));
		new ImageJ();
		ImagePlus sample = new ImagePlus("sample.tif", sample());
		sample.show();
		waitFor(() -> WindowManager.getCurrentImage() == sample, 20_000);
		List<String> failed = new ArrayList<>();
		for (Map.Entry<String, ?> e : Bridge.COMMANDS.entrySet()) {
			String name = e.getKey();
			try {
				Path png = dir.resolve(name + ".png");
				shoot(name, png);
				System.out.println(name + ": " + png + " (" + Files.size(png) + " bytes)");
			} catch (Exception x) {
				failed.add(name);
				System.out.println(name + ": FAILED: " + x.getMessage());
			}
			WindowManager.setCurrentWindow(sample.getWindow()); // the commands' current image
		}
		System.exit(failed.isEmpty() ? 0 : 1);
	}

	/** Runs the bridge for one command on its own thread, as the menu does, and captures then cancels its dialog. */
	private static void shoot(String name, Path png) throws Exception {
		String title = CommandParameters.title(Bridge.COMMANDS.get(name));
		Thread run = new Thread(() -> new Bridge().run(name), "ScoreJ " + name);
		run.start();
		Window[] found = { null };
		waitFor(() -> {
			for (Window w : Window.getWindows())
				if (w instanceof Dialog d && d.isShowing() && title.equals(d.getTitle())) found[0] = w;
			return found[0] != null;
		}, 30_000);
		if (found[0] == null) throw new IllegalStateException("no '" + title + "' dialog appeared");
		Thread.sleep(400); // let it lay out and paint
		Window w = found[0];
		boolean asks = CommandParameters.of(Bridge.COMMANDS.get(name)).stream().anyMatch(i -> i.isInput() && !i.isService());
		if (!(w instanceof GenericDialog) && asks) {
			EventQueue.invokeAndWait(w::dispose);
			throw new IllegalStateException("'" + title + "' showed " + w.getClass().getSimpleName() + " (an error?) instead of its dialog");
		}
		// Under Xvfb there is no window manager, hence no title bar: draw one, so that the picture names its command.
		int bar = 22;
		BufferedImage shot = new BufferedImage(w.getWidth(), w.getHeight() + bar, BufferedImage.TYPE_INT_RGB);
		EventQueue.invokeAndWait(() -> {
			Graphics g = shot.getGraphics();
			g.setColor(new Color(0x3c4a5e));
			g.fillRect(0, 0, shot.getWidth(), bar);
			g.setColor(Color.WHITE);
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
			g.drawString(title, 8, bar - 7);
			g.translate(0, bar);
			g.setColor(w.getBackground() != null ? w.getBackground() : Color.LIGHT_GRAY);
			g.fillRect(0, 0, w.getWidth(), w.getHeight());
			w.paintAll(g);
			g.dispose();
		});
		javax.imageio.ImageIO.write(shot, "png", png.toFile());
		if (w instanceof GenericDialog gd) {
			Button cancel = gd.getButtons()[1];
			EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(cancel, ActionEvent.ACTION_PERFORMED, "Cancel")));
		} else EventQueue.invokeAndWait(w::dispose); // a command that asks nothing (About) shows its message window
		run.join(30_000);
		if (run.isAlive()) throw new IllegalStateException(title + " did not return after Cancel");
	}

	/** A 64×64 8-bit test image: a few soft discs on a gradient. */
	static ByteProcessor sample() {
		ByteProcessor ip = new ByteProcessor(64, 64);
		double[][] discs = { { 20, 22, 9 }, { 44, 18, 6 }, { 38, 44, 12 } };
		for (int y = 0; y < 64; y++)
			for (int x = 0; x < 64; x++) {
				double v = 40 + x;
				for (double[] d : discs)
					v += 140 * Math.exp(-((x - d[0]) * (x - d[0]) + (y - d[1]) * (y - d[1])) / (2 * d[2] * d[2]));
				ip.set(x, y, (int) Math.min(255, v));
			}
		return ip;
	}

	interface Condition {
		boolean holds();
	}

	private static void waitFor(Condition c, long ms) throws InterruptedException {
		for (long t = 0; t < ms && !c.holds(); t += 100)
			Thread.sleep(100);
	}

	private Screenshots() {}
}
