package io.github.scorej.plugin.ij1;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.NewImage;
import ij.plugin.frame.Recorder;

import java.awt.Button;
import java.awt.EventQueue;
import java.awt.Graphics;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.image.BufferedImage;
import java.io.File;

/**
 * Drives the ImageJ GUI as a person would, for {@link ImageJMacrosTest}: starts ImageJ with the
 * plugins of {@code args[0]} and the macro recorder open, then plays {@code args[2]}:
 * <ul>
 * <li>{@code generate}: Plugins &gt; ScoreJ &gt; Generate (ScoreJ), a screenshot of the dialog to
 * {@code args[1]}, OK;</li>
 * <li>{@code rgb}: an RGB image open, Image to Image (ScoreJ) with a one-channel model, OK, and
 * OK again when asked whether to run on a grey copy;</li>
 * <li>{@code inpaint}: an 8-bit image with a rectangle selected, Inpaint (ScoreJ), OK with the mask
 * left at "[none]" (the selection is the region to fill);</li>
 * <li>{@code restore}: an 8-bit image, Restore (ScoreJ); prints which fields are greyed out with the
 * task at denoise and again after choosing deblur, then OK;</li>
 * <li>{@code remember}: Generate's model list, a field's description, what its Help button opens in the browser,
 * remembered values and Reset ({@link #remember}).</li>
 * </ul>
 * Then it prints the images, the current image's title and bit depth, and the recorder's text.
 * Needs a display (Xvfb).
 */
public final class GuiDriver {

	/** The file in the plugins folder where the test's {@code xdg-open} writes the URL it was asked to open. */
	static final String BROWSER_LOG = "browser.txt";

	/** Chooses the analytic toy model in the dialog's model list (the commands' defaults are trained models). */
	private static void analyticModel(GenericDialog gd) throws Exception {
		EventQueue.invokeAndWait(() -> modelChoice(gd).select("gaussian-mixture-edm"));
	}

	/** The model list: the choice that offers the bundled models. */
	private static java.awt.Choice modelChoice(GenericDialog gd) {
		for (Object o : gd.getChoices()) {
			java.awt.Choice c = (java.awt.Choice) o;
			for (int i = 0; i < c.getItemCount(); i++)
				if (c.getItem(i).equals("gaussian-mixture-edm")) return c;
		}
		throw new IllegalStateException("no model list");
	}

	/**
	 * Generate's dialog as a person meets it: the model list, a field's description when pointing at it, Help (the
	 * URL ImageJ hands to the browser, {@code xdg-open}); values changed and OK; the dialog again shows them; Reset shows the defaults. Prints what it saw.
	 */
	private static void remember(File shot) throws Exception {
		IJ.doCommand("Generate (ScoreJ)");
		GenericDialog gd = waitForDialog("Generate (ScoreJ)", null);
		java.awt.Choice models = modelChoice(gd);
		StringBuilder names = new StringBuilder();
		for (int i = 0; i < models.getItemCount(); i++)
			names.append(models.getItem(i)).append(' ');
		System.out.println("models: " + names.toString().trim());
		System.out.println("selected: " + models.getSelectedItem());
		java.awt.TextField count = (java.awt.TextField) gd.getNumericFields().get(1), seed = (java.awt.TextField) gd.getNumericFields().get(0);
		EventQueue.invokeAndWait(() -> count.dispatchEvent(new java.awt.event.MouseEvent(count, java.awt.event.MouseEvent.MOUSE_ENTERED,
				System.currentTimeMillis(), 0, 1, 1, 0, false)));
		Thread.sleep(200);
		EventQueue.invokeAndWait(() -> System.out.println("described: " + gd.getTextArea1().getText().replaceAll("\\s+", " ")));
		screenshot(gd, shot);
		Button help = gd.getButtons()[3];
		System.out.println("help button: " + (help != null ? help.getLabel() : "none"));
		EventQueue.invokeLater(() -> gd.actionPerformed(new ActionEvent(help, ActionEvent.ACTION_PERFORMED, "Help")));
		// ImageJ's BrowserLauncher runs xdg-open URL; the test's xdg-open (first on the PATH) writes the URL to this file
		File opened = new File(System.getProperty("plugins.dir"), BROWSER_LOG);
		waitFor(() -> opened.length() > 0);
		System.out.println("help opens: " + (opened.length() > 0 ? java.nio.file.Files.readString(opened.toPath()).trim() : "nothing"));
		analyticModel(gd);
		EventQueue.invokeAndWait(() -> {
			count.setText("3");
			seed.setText("7");
		});
		ok(gd);
		waitFor(() -> WindowManager.getImageCount() >= 1);
		IJ.doCommand("Generate (ScoreJ)");
		GenericDialog again = waitForDialog("Generate (ScoreJ)", gd);
		System.out.println("remembered: model=" + modelChoice(again).getSelectedItem() + " count=" + ((java.awt.TextField) again.getNumericFields().get(1)).getText()
				+ " seed=" + ((java.awt.TextField) again.getNumericFields().get(0)).getText() + " steps=" + ((java.awt.TextField) again.getStringFields().get(0)).getText());
		Button reset = again.getButtons()[2];
		System.out.println("reset button: " + reset.getLabel());
		EventQueue.invokeAndWait(() -> again.actionPerformed(new ActionEvent(reset, ActionEvent.ACTION_PERFORMED, "Reset")));
		GenericDialog fresh = waitForDialog("Generate (ScoreJ)", again);
		System.out.println("after reset: model=" + modelChoice(fresh).getSelectedItem() + " count=" + ((java.awt.TextField) fresh.getNumericFields().get(1)).getText()
				+ " seed=" + ((java.awt.TextField) fresh.getNumericFields().get(0)).getText());
		Button cancel = fresh.getButtons()[1];
		EventQueue.invokeAndWait(() -> fresh.actionPerformed(new ActionEvent(cancel, ActionEvent.ACTION_PERFORMED, "Cancel")));
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("plugins.dir", args[0]);
		new ImageJ();
		new Recorder();
		int expected = 1;
		if (args[2].equals("menu")) { // the ScoreJ menu's items as ImageJ built it, "-" for a separator
			java.awt.Menu plugins = ij.Menus.getMenuBar().getMenu(5);
			for (int i = 0; i < plugins.getItemCount(); i++)
				if (plugins.getItem(i) instanceof java.awt.Menu m && m.getLabel().equals("ScoreJ"))
					for (int j = 0; j < m.getItemCount(); j++)
						System.out.println("menu: " + m.getItem(j).getLabel());
			System.out.println("---end---");
			System.exit(0);
		}
		if (args[2].equals("remember")) {
			remember(new File(args[1]));
			System.out.println("---end---");
			System.exit(0);
		}
		if (args[2].equals("generate")) {
			IJ.doCommand("Generate (ScoreJ)");
			GenericDialog gd = waitForDialog("Generate (ScoreJ)", null);
			screenshot(gd, new File(args[1]));
			analyticModel(gd);
			ok(gd);
		} else if (args[2].equals("inpaint")) {
			ImagePlus cells = NewImage.createByteImage("cells", 24, 16, 1, NewImage.FILL_RAMP);
			cells.show();
			waitFor(() -> WindowManager.getCurrentImage() == cells);
			cells.setRoi(new ij.gui.Roi(4, 4, 6, 6));
			IJ.doCommand("Inpaint (ScoreJ)");
			GenericDialog gd = waitForDialog("Inpaint (ScoreJ)", null);
			screenshot(gd, new File(args[1]));
			analyticModel(gd);
			ok(gd);
			expected = 3;
		} else if (args[2].equals("restore")) {
			ImagePlus cells = NewImage.createByteImage("cells", 24, 16, 1, NewImage.FILL_RAMP);
			cells.show();
			waitFor(() -> WindowManager.getCurrentImage() == cells);
			IJ.doCommand("Restore (ScoreJ)");
			GenericDialog gd = waitForDialog("Restore (ScoreJ)", null);
			System.out.println("denoise: " + enabled(gd));
			java.awt.Choice task = (java.awt.Choice) gd.getChoices().stream().filter(c -> ((java.awt.Choice) c).getSelectedItem().equals("denoise"))
					.findFirst().orElseThrow();
			EventQueue.invokeAndWait(() -> {
				task.select("deblur");
				gd.itemStateChanged(new java.awt.event.ItemEvent(task, java.awt.event.ItemEvent.ITEM_STATE_CHANGED, "deblur",
						java.awt.event.ItemEvent.SELECTED));
			});
			System.out.println("deblur: " + enabled(gd));
			screenshot(gd, new File(args[1]));
			analyticModel(gd);
			ok(gd);
			expected = 3;
		} else {
			ImagePlus rgb = NewImage.createRGBImage("photo", 24, 16, 1, NewImage.FILL_RAMP);
			rgb.show();
			waitFor(() -> WindowManager.getCurrentImage() == rgb);
			IJ.doCommand("Image to Image (ScoreJ)");
			GenericDialog gd = waitForDialog("Image to Image (ScoreJ)", null);
			analyticModel(gd);
			ok(gd);
			GenericDialog ask = waitForDialog("Image to Image (ScoreJ)", gd);
			screenshot(ask, new File(args[1]));
			ok(ask);
			expected = 2;
		}
		int want = expected;
		waitFor(() -> WindowManager.getImageCount() >= want);
		Thread.sleep(500);
		System.out.println("images=" + WindowManager.getImageCount());
		ImagePlus cur = WindowManager.getCurrentImage();
		if (cur != null) System.out.println("title=" + cur.getTitle() + " bits=" + cur.getBitDepth());
		System.out.println("---recorder---");
		System.out.println(Recorder.getInstance() == null ? "(no recorder)" : Recorder.getInstance().getText());
		System.out.println("---end---");
		System.exit(0);
	}

	interface Condition {
		boolean holds();
	}

	private static void waitFor(Condition c) throws InterruptedException {
		for (int i = 0; i < 1200 && !c.holds(); i++)
			Thread.sleep(100);
	}

	/** The showing dialog of that title other than {@code not}. */
	private static GenericDialog waitForDialog(String title, GenericDialog not) throws InterruptedException {
		GenericDialog[] found = { null };
		waitFor(() -> {
			for (Window w : Window.getWindows())
				if (w instanceof GenericDialog g && g != not && g.isShowing() && g.getTitle().equals(title)) found[0] = g;
			return found[0] != null;
		});
		if (found[0] == null) throw new IllegalStateException("no '" + title + "' dialog appeared");
		Thread.sleep(500);
		return found[0];
	}

	/** The dialog's field labels, each followed by "+" if enabled and "-" if greyed out. */
	private static String enabled(GenericDialog gd) throws Exception {
		StringBuilder out = new StringBuilder();
		EventQueue.invokeAndWait(() -> {
			for (java.awt.Component c : gd.getComponents())
				if (c instanceof java.awt.Label l && !l.getText().isBlank()) out.append('[').append(l.getText().trim()).append(c.isEnabled() ? "+" : "-").append(']');
		});
		return out.toString();
	}

	private static void ok(GenericDialog gd) throws Exception {
		Button ok = gd.getButtons()[0];
		EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, "OK")));
	}

	private static void screenshot(GenericDialog gd, File png) throws Exception {
		BufferedImage shot = new BufferedImage(gd.getWidth(), gd.getHeight(), BufferedImage.TYPE_INT_RGB);
		EventQueue.invokeAndWait(() -> {
			Graphics g = shot.getGraphics();
			g.setColor(gd.getBackground() != null ? gd.getBackground() : java.awt.Color.LIGHT_GRAY);
			g.fillRect(0, 0, shot.getWidth(), shot.getHeight());
			gd.paintAll(g);
			g.dispose();
		});
		javax.imageio.ImageIO.write(shot, "png", png);
	}
}
