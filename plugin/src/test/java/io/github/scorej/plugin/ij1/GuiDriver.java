package io.github.scorej.plugin.ij1;

import ij.IJ;
import ij.ImageJ;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

import java.awt.Button;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Drives the ImageJ GUI as a person would, for {@link ImageJMacrosTest}: starts ImageJ with the
 * plugins of {@code args[0]}, opens the macro recorder, chooses Plugins > ScoreJ > Generate (ScoreJ),
 * takes a screenshot of the dialog to {@code args[1]}, clicks OK, waits for the new image, and
 * prints the recorder's text between markers. Needs a display (Xvfb).
 */
public final class GuiDriver {

	public static void main(String[] args) throws Exception {
		System.setProperty("plugins.dir", args[0]);
		new ImageJ();
		new Recorder();
		IJ.doCommand("Generate (ScoreJ)");
		GenericDialog gd = null;
		for (int i = 0; i < 600 && gd == null; i++) {
			for (Window w : Window.getWindows())
				if (w instanceof GenericDialog g && g.isShowing() && g.getTitle().equals("Generate (ScoreJ)")) gd = g;
			Thread.sleep(100);
		}
		if (gd == null) throw new IllegalStateException("no Generate (ScoreJ) dialog appeared");
		Thread.sleep(500);
		java.awt.image.BufferedImage shot = new java.awt.image.BufferedImage(gd.getWidth(), gd.getHeight(),
				java.awt.image.BufferedImage.TYPE_INT_RGB);
		GenericDialog shown = gd;
		java.awt.EventQueue.invokeAndWait(() -> {
			java.awt.Graphics g = shot.getGraphics();
			shown.paintAll(g);
			g.dispose();
		});
		javax.imageio.ImageIO.write(shot, "png", new File(args[1]));
		Button ok = gd.getButtons()[0];
		GenericDialog dialog = gd;
		java.awt.EventQueue.invokeAndWait(() -> dialog.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, "OK")));
		for (int i = 0; i < 1200 && WindowManager.getImageCount() == 0; i++)
			Thread.sleep(100);
		Thread.sleep(500);
		System.out.println("images=" + WindowManager.getImageCount());
		if (WindowManager.getImageCount() > 0) System.out.println("title=" + WindowManager.getCurrentImage().getTitle());
		System.out.println("---recorder---");
		System.out.println(Recorder.getInstance() == null ? "(no recorder)" : Recorder.getInstance().getText());
		System.out.println("---end---");
		Path log = Paths.get(args[1] + ".log");
		Files.writeString(log, IJ.getLog() == null ? "" : IJ.getLog());
		System.exit(0);
	}
}
