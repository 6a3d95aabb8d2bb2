package io.github.scorej.plugin.ij1;

import ij.IJ;
import org.scijava.plugin.Plugin;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What a command's Help button opens. The plugin jar carries the documentation site ({@link #SITE}: the Maven build
 * puts mkdocs' output there where mkdocs is installed), and Help opens the command's tutorial,
 * {@code commands/<command>.html}, in the browser; from a jar, the site is unpacked once (per jar) into a folder of
 * the temporary directory, so that its pages, styles and images open offline. A jar built without mkdocs has no site:
 * Help then shows the page of every field ({@link #html}), made from the same {@code @Parameter} declarations as
 * the dialog and the macro keys: what the command does, then each field with its macro key, default, choices, unit
 * and description.
 */
final class CommandHelp {

	/** The documentation site's folder among the plugin's resources. */
	static final String SITE = "io/github/scorej/plugin/site/";

	private CommandHelp() {}

	/**
	 * What {@code GenericDialog.addHelp} gets: the URL of the command's page of the site (ImageJ opens it in the
	 * browser), or where the jar has no site, the page of every field as HTML (ImageJ shows it in an HTML window).
	 */
	static String help(String name, String title, List<CommandParameters.Item> items, Object defaults) {
		return help(name, title, items, defaults, CommandHelp.class.getClassLoader(), Path.of(System.getProperty("java.io.tmpdir")));
	}

	/** {@link #help(String, String, List, Object)} with the site looked up in {@code loader} and unpacked under {@code cache}. */
	static String help(String name, String title, List<CommandParameters.Item> items, Object defaults, ClassLoader loader, Path cache) {
		return sitePage(name, loader, cache).map(URI::toString).orElseGet(() -> html(name, title, items, defaults));
	}

	/**
	 * The command's page of the site that {@code loader} has: the resource itself when it is a file (a build's
	 * classes folder); the page unpacked under {@code cache} when it is in a jar; empty without a site.
	 */
	static Optional<URI> sitePage(String name, ClassLoader loader, Path cache) {
		String page = "commands/" + page(name) + ".html";
		URL url = loader.getResource(SITE + page);
		if (url == null) return Optional.empty();
		try {
			if (url.getProtocol().equals("file")) return Optional.of(url.toURI());
			if (url.getProtocol().equals("jar")) {
				Path jar = Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
				return Optional.of(unpacked(jar, cache).resolve(page).toUri());
			}
		} catch (IOException | URISyntaxException | RuntimeException e) {
			IJ.log("ScoreJ: cannot open the documentation site of " + url + " (" + e + "); Help shows the page of the fields instead");
		}
		return Optional.empty();
	}

	/**
	 * The site of {@code jar} unpacked in a folder of {@code cache} named after the user and the jar's path, size and
	 * time, so that it is unpacked once per jar; written to a temporary folder first and moved into place whole.
	 */
	static Path unpacked(Path jar, Path cache) throws IOException {
		String key = Integer.toHexString(Objects.hash(jar.toAbsolutePath().toString(), Files.size(jar), Files.getLastModifiedTime(jar).toMillis()));
		Path dir = cache.resolve("scorej-site-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + key);
		if (Files.isDirectory(dir)) return dir;
		Files.createDirectories(cache);
		Path part = Files.createTempDirectory(cache, dir.getFileName() + ".part");
		try {
			try (JarFile jf = new JarFile(jar.toFile())) {
				for (Enumeration<JarEntry> en = jf.entries(); en.hasMoreElements();) {
					JarEntry e = en.nextElement();
					if (e.isDirectory() || !e.getName().startsWith(SITE)) continue;
					Path to = part.resolve(e.getName().substring(SITE.length())).normalize();
					if (!to.startsWith(part)) throw new IOException("an entry outside the site: " + e.getName());
					Files.createDirectories(to.getParent());
					try (InputStream in = jf.getInputStream(e)) {
						Files.copy(in, to);
					}
				}
			}
			Files.move(part, dir, StandardCopyOption.ATOMIC_MOVE);
		} catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
			// another ImageJ unpacked the same jar meanwhile: use its folder
		} finally {
			if (Files.exists(part)) {
				try (Stream<Path> s = Files.walk(part)) {
					s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
				}
			}
		}
		return dir;
	}

	/** The page of every field as HTML (ImageJ's {@code GenericDialog.addHelp} shows text starting with {@code <html>} in an HTML window). */
	static String html(String name, String title, List<CommandParameters.Item> items, Object defaults) {
		Plugin p = defaults.getClass().getAnnotation(Plugin.class);
		StringBuilder sb = new StringBuilder("<html><body style='width:560px'><h2>").append(esc(title)).append("</h2><p>")
				.append(esc(p == null ? "" : p.description())).append(".</p><p>In a macro: <tt>run(\"").append(esc(title))
				.append("\", \"key=value ...\");</tt> Keys not given keep their defaults; the recorder writes the line for you.</p>")
				.append("<table border='1' cellpadding='3' cellspacing='0'><tr><th>field</th><th>macro key</th><th>default</th><th>what it means</th></tr>");
		for (CommandParameters.Item it : items) {
			String choices = CommandDialog.choiceList(it, null), unit = it.attr("unit");
			sb.append("<tr><td>").append(esc(it.label())).append("</td><td><tt>").append(esc(it.key())).append("</tt></td><td>")
					.append(esc(defaultOf(it, defaults))).append("</td><td>").append(esc(it.description()))
					.append(unit == null ? "" : " [" + esc(unit) + "]").append(choices.isEmpty() ? "" : "<br>Choices: " + esc(choices))
					.append(it.when() == null ? "" : "<br>Only when " + esc(it.when().key()) + " is " + esc(String.join(" or ", it.when().values())))
					.append("</td></tr>");
		}
		return sb.append("</table><p>The dialog remembers the last values; Reset puts these defaults back. More, with examples: the page ")
				.append("<tt>commands/").append(page(name)).append(".html</tt> of ScoreJ's documentation site (<tt>site/docs/commands/").append(page(name))
				.append(".md</tt> in its repository); Help shows this page instead where the plugin's jar has no copy of the site (built without mkdocs) or it cannot be unpacked.</p></body></html>").toString();
	}

	/** The site's page name of a command: its plugins.config name with hyphens ("anomaly_map" → "anomaly-map"). */
	static String page(String name) {
		return name.replace('_', '-');
	}

	private static String defaultOf(CommandParameters.Item it, Object defaults) {
		if (Bridge.isImage(it.type())) return it.annotation().required() ? "the current image" : "none";
		String d = CommandDialog.display(it, it.get(defaults));
		return d.isEmpty() ? "(empty)" : d;
	}

	private static String esc(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
