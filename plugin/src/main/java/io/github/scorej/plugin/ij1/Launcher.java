package io.github.scorej.plugin.ij1;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The class {@code plugins.config} names for every ScoreJ menu entry ({@code Launcher("generate")}
 * etc.). It uses nothing but ImageJ 1.x, so it loads even when a jar ScoreJ needs is missing from
 * ImageJ's {@code jars/} folder, and then says which jar; otherwise it hands over to {@link Bridge}.
 * (Bridge itself could not: it is made of SciJava types, so without scijava-common ImageJ would fail
 * to load it and stay silent.)
 */
public final class Launcher implements PlugIn {

	/** One class from each library the commands load, and the jar it comes in. */
	static final Map<String, String> LIBRARIES = new LinkedHashMap<>();
	static {
		LIBRARIES.put("org.scijava.Context", "scijava-common");
		LIBRARIES.put("org.scijava.parsington.Variable", "parsington");
		LIBRARIES.put("io.github.scorej.ops.model.Model", "scorej-ops");
		LIBRARIES.put("ai.onnxruntime.OrtEnvironment", "onnxruntime");
		LIBRARIES.put("org.yaml.snakeyaml.Yaml", "snakeyaml");
		LIBRARIES.put("org.jtransforms.fft.DoubleFFT_2D", "JTransforms");
		LIBRARIES.put("pl.edu.icm.jlargearrays.LargeArray", "JLargeArrays");
		LIBRARIES.put("org.apache.commons.math3.util.FastMath", "commons-math3");
	}

	/** Where the jars go, as README's install steps say: the folders of ScoreJ's download (plugin/target/fiji). */
	static final String INSTALL = "Fiji: copy the jars of ScoreJ's jars/ folder into Fiji.app/jars. Plain ImageJ (and Debian's imagej, "
			+ "~/.imagej): copy the jars of ScoreJ's jars/ and imagej-jars/ folders into ImageJ's plugins/jars. Then restart ImageJ.";

	@Override
	public void run(String arg) {
		List<String> missing = missing(Launcher.class.getClassLoader());
		if (!missing.isEmpty()) {
			fail("ScoreJ", "ScoreJ cannot start: ImageJ lacks the jar" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
					+ ". " + INSTALL, isMacro());
			return;
		}
		try {
			// by name: a class literal would make this class depend on Bridge's SciJava types
			PlugIn bridge = (PlugIn) Class.forName("io.github.scorej.plugin.ij1.Bridge", true, Launcher.class.getClassLoader())
					.getDeclaredConstructor().newInstance();
			bridge.run(arg);
		} catch (ReflectiveOperationException e) {
			fail("ScoreJ", "ScoreJ's plugin jar is damaged: " + e, isMacro());
		}
	}

	/** The jars (by name) whose classes the loader cannot find, in {@link #LIBRARIES} order. */
	static List<String> missing(ClassLoader loader) {
		List<String> out = new ArrayList<>();
		for (Map.Entry<String, String> e : LIBRARIES.entrySet()) {
			try {
				Class.forName(e.getKey(), false, loader);
			} catch (ClassNotFoundException | LinkageError x) {
				out.add(e.getValue());
			}
		}
		return out;
	}

	/** Run from a macro (options given), in batch mode, or headless: no dialog may open. */
	static boolean isMacro() {
		return Macro.getOptions() != null || Interpreter.isBatchMode() || GraphicsEnvironment.isHeadless();
	}

	/** An error dialog from a menu; from a macro, a log line and the macro aborted. */
	static void fail(String title, String message, boolean macro) {
		if (macro) {
			IJ.log(title + ": " + message);
			Macro.abort();
			Interpreter.abort();
		} else {
			IJ.error(title, wrap(message));
		}
	}

	/** Breaks a message into lines of about 70 characters for a dialog. */
	static String wrap(String text) {
		StringBuilder out = new StringBuilder();
		int line = 0;
		for (String word : text.split(" ")) {
			if (line > 0 && line + word.length() > 70) {
				out.append('\n');
				line = 0;
			} else if (line > 0) {
				out.append(' ');
				line++;
			}
			out.append(word);
			line += word.length();
		}
		return out.toString();
	}
}
