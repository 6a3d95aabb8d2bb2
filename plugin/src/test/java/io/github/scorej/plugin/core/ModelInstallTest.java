package io.github.scorej.plugin.core;

import io.github.scorej.ops.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** Installing model folders and zips: verified before they land, named by their card, nothing left behind on failure. */
class ModelInstallTest {

	@TempDir
	Path dir;

	private Path models() {
		return dir.resolve("models");
	}

	/** What the models folder holds, hidden entries included. */
	private List<String> listing() throws IOException {
		if (!Files.isDirectory(models())) return List.of();
		try (Stream<Path> s = Files.list(models())) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	/** Zips {@code folder} with its files under {@code prefix} (e.g. "toy/" or ""). */
	private static Path zip(Path folder, String prefix, Path zip) throws IOException {
		try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(os); Stream<Path> s = Files.list(folder)) {
			for (Path f : s.sorted().collect(Collectors.toList())) {
				z.putNextEntry(new ZipEntry(prefix + f.getFileName()));
				Files.copy(f, z);
				z.closeEntry();
			}
		}
		return zip;
	}

	@Test
	void aFolderAndAZipLandUnderTheCardsName() throws IOException {
		Path folder = TestModels.renamed(dir.resolve("src/some folder"), "toy-copy");
		ModelInstall.Installed a = ModelInstall.install(folder, models(), false);
		assertEquals("toy-copy", a.name());
		assertEquals(models().resolve("toy-copy"), a.folder());
		assertEquals("toy-copy", Model.load(a.folder()).card().name());
		assertTrue(Files.isRegularFile(folder.resolve("model.onnx")), "the source stays");

		Path zipped = zip(TestModels.renamed(dir.resolve("src/z"), "toy-zip"), "wrapped/", dir.resolve("toy.zip"));
		ModelInstall.Installed b = ModelInstall.install(zipped, models(), false);
		assertEquals("toy-zip", Model.load(b.folder()).card().name());
		assertEquals(List.of("toy-copy", "toy-zip"), listing(), "no staging folder left");
	}

	@Test
	void anInstalledNameIsReplacedOnlyWhenAsked() throws IOException {
		Path folder = TestModels.renamed(dir.resolve("src/a"), "toy-copy");
		ModelInstall.install(folder, models(), false);
		String msg = assertThrows(IllegalArgumentException.class, () -> ModelInstall.install(folder, models(), false)).getMessage();
		assertTrue(msg.contains("already installed") && msg.contains("replace"), msg);
		Files.writeString(models().resolve("toy-copy").resolve("marker"), "old");
		ModelInstall.install(folder, models(), true);
		assertFalse(Files.exists(models().resolve("toy-copy").resolve("marker")), "the old folder was replaced");
		assertEquals(List.of("toy-copy"), listing());
	}

	@Test
	void weightsThatDoNotMatchTheCardAreNotInstalled() throws IOException {
		Path folder = TestModels.renamed(dir.resolve("src/bad"), "bad-weights");
		byte[] w = Files.readAllBytes(folder.resolve("model.onnx"));
		w[w.length / 2] ^= 1;
		Files.write(folder.resolve("model.onnx"), w);
		String msg = assertThrows(IllegalArgumentException.class, () -> ModelInstall.install(folder, models(), false)).getMessage();
		assertTrue(msg.startsWith(folder + ": not installed:") && msg.contains("SHA-256 mismatch"), msg);
		assertTrue(msg.contains(folder.resolve("model.onnx").toString()), "names the user's file, not the staged copy: " + msg);
		assertEquals(List.of(), listing());
	}

	@Test
	void aGraphOnnxRuntimeCannotLoadIsNotInstalled() throws IOException {
		Path folder = TestModels.renamed(dir.resolve("src/garbage"), "garbage");
		Files.writeString(folder.resolve("model.onnx"), "not an onnx graph");
		String sha = Model.sha256(folder.resolve("model.onnx"));
		Path card = folder.resolve("rdf.yaml");
		Files.writeString(card, Files.readString(card).replaceAll("[0-9a-f]{64}", sha));
		String msg = assertThrows(IllegalArgumentException.class, () -> ModelInstall.install(folder, models(), false)).getMessage();
		assertTrue(msg.startsWith(folder + ": not installed:"), msg);
		assertEquals(List.of(), listing());
	}

	/** The card's test output is what the network must give for its test input: another output fails the install. */
	@Test
	void aNetworkThatMissesItsTestOutputIsNotInstalled() throws IOException {
		Path folder = TestModels.renamed(dir.resolve("src/wrong"), "wrong-output");
		Files.copy(folder.resolve("test_x.npy"), folder.resolve("test_out.npy"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		String msg = assertThrows(IllegalArgumentException.class, () -> ModelInstall.install(folder, models(), false)).getMessage();
		assertTrue(msg.contains("does not reproduce the test output") && msg.contains("relative error"), msg);
		assertEquals(List.of(), listing());
	}

	@Test
	void badSourcesAreNamed() throws IOException {
		Path slip = dir.resolve("slip.zip");
		try (OutputStream os = Files.newOutputStream(slip); ZipOutputStream z = new ZipOutputStream(os)) {
			z.putNextEntry(new ZipEntry("../evil.txt"));
			z.write("x".getBytes());
			z.closeEntry();
		}
		String msg = assertThrows(IllegalArgumentException.class, () -> ModelInstall.install(slip, models(), false)).getMessage();
		assertTrue(msg.contains("'../evil.txt' points outside"), msg);
		assertFalse(Files.exists(dir.resolve("evil.txt")));
		assertEquals(List.of(), listing());

		Path empty = Files.createDirectories(dir.resolve("empty"));
		msg = assertThrows(IllegalArgumentException.class, () -> ModelInstall.install(empty, models(), false)).getMessage();
		assertTrue(msg.contains("no rdf.yaml"), msg);
		Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
		msg = assertThrows(IllegalArgumentException.class, () -> ModelInstall.install(text, models(), false)).getMessage();
		assertTrue(msg.contains("notes.txt: not installed: not a zip file (nor a model folder)"), msg);
		Path notZip = Files.writeString(dir.resolve("fake.zip"), "hello");
		msg = assertThrows(IllegalArgumentException.class, () -> ModelInstall.install(notZip, models(), false)).getMessage();
		assertTrue(msg.contains("fake.zip: not installed"), msg);
		assertEquals(List.of(), listing());
	}

	/** Finding 6: a bundled model's name is never taken by an installed one, with or without replace; nor is a folder that is no installed model. */
	@Test
	void aBundledNameIsNeitherTakenNorReplaced() throws IOException {
		TestModels.copy("gaussian-mixture-edm", models().resolve("analytic").resolve("gaussian-mixture-edm"), c -> c);
		Path topLevel = TestModels.renamed(models().resolve("toy-bundled"), "toy-bundled"); // laid out like models/micro-gray
		Files.writeString(topLevel.resolve("notes.txt"), "bundled");
		Path scripts = Files.createDirectories(models().resolve("train"));
		Files.writeString(scripts.resolve("train.py"), "print('mine')");
		List<String> before = listing();
		for (String name : List.of("gaussian-mixture-edm", "toy-bundled"))
			for (boolean replace : new boolean[] { false, true }) {
				Path source = TestModels.renamed(dir.resolve("src-" + name + "-" + replace), name);
				String msg = assertThrows(IllegalArgumentException.class, () -> ModelInstall.install(source, models(), replace)).getMessage();
				assertTrue(msg.startsWith(source + ": not installed:") && msg.contains("'" + name + "'") && msg.contains("bundled"), msg);
				assertFalse(msg.contains("\n"), "one line: " + msg);
			}
		Path train = TestModels.renamed(dir.resolve("src-train"), "train");
		String msg = assertThrows(IllegalArgumentException.class, () -> ModelInstall.install(train, models(), true)).getMessage();
		assertTrue(msg.contains(models().resolve("train").toString()), msg);
		assertEquals("print('mine')", Files.readString(scripts.resolve("train.py")), "a folder that is no installed model stays");
		assertEquals("bundled", Files.readString(topLevel.resolve("notes.txt")), "the bundled model stays");
		assertEquals(before, listing());
	}

	/** Finding 11: SIGTERM while a real `scorej models --action install` has its staged copy leaves no staging folder. */
	@Test
	void aTerminatedInstallLeavesNoStagingFolder() throws IOException, InterruptedException {
		Path source = TestModels.renamed(dir.resolve("src/slow"), "toy-slow");
		Path home = dir, log = dir.resolve("install.log");
		String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process p = new ProcessBuilder(javaBin, "-Dscorej.home=" + home, "-D" + ModelInstall.PAUSE_PROPERTY + "=60000", "-cp",
				System.getProperty("java.class.path"), io.github.scorej.plugin.cli.Main.class.getName(), "models", "--action", "install",
				source.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			long deadline = System.nanoTime() + 60_000_000_000L;
			while (!fullCopy(source)) {
				assertTrue(p.isAlive(), "the install ended before it was signalled: " + Files.readString(log) + listing());
				assertTrue(System.nanoTime() < deadline, "no full staged copy within 60 s: " + listing());
				Thread.sleep(5);
			}
			p.destroy(); // SIGTERM
			assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "did not exit on SIGTERM");
		} finally {
			p.destroyForcibly();
		}
		assertEquals(List.of(), listing(), "after SIGTERM (exit " + p.exitValue() + "): " + Files.readString(log));
	}

	/** A hidden staging folder in the models folder holding a complete copy of every file of {@code source}. */
	private boolean fullCopy(Path source) throws IOException {
		for (String name : listing()) {
			if (!name.startsWith(".installing-")) continue;
			boolean all = true;
			try (Stream<Path> s = Files.list(source)) {
				for (Path f : s.collect(Collectors.toList())) {
					Path c = models().resolve(name).resolve(f.getFileName().toString());
					all &= Files.isRegularFile(c) && Files.size(c) == Files.size(f);
				}
			} catch (java.nio.file.NoSuchFileException e) {
				return false;
			}
			if (all) return true;
		}
		return false;
	}

	/**
	 * Finding 11, the other half: a staging folder left by a process that no longer runs (SIGKILL, power loss) is swept by the next
	 * install; one of a running process is not; a model set aside for a replace that never finished is put back.
	 */
	@Test
	void theNextInstallSweepsStagingOfDeadProcessesOnly() throws IOException, InterruptedException {
		Process gone = new ProcessBuilder("true").start();
		gone.waitFor();
		long dead = gone.pid(), alive = ProcessHandle.current().pid();
		Path stale = TestModels.renamed(models().resolve(".installing-" + dead + "-x1"), "stale");
		Path running = TestModels.renamed(models().resolve(".installing-" + alive + "-x2"), "running");
		Path setAside = TestModels.renamed(models().resolve(".replaced-" + dead + "-x3").resolve("kept"), "kept");
		Files.writeString(setAside.resolve(".scorej-installed"), "");
		ModelInstall.install(TestModels.renamed(dir.resolve("src/next"), "toy-next"), models(), false);
		assertFalse(Files.exists(stale), "the dead process's staging is swept");
		assertTrue(Files.isRegularFile(running.resolve("rdf.yaml")), "a running install's staging stays");
		assertEquals("kept", Model.load(models().resolve("kept")).card().name(), "the model set aside is put back");
		assertEquals(List.of(running.getFileName().toString(), "kept", "toy-next"), listing());
	}

	/** Finding 12: the installed folders and files have the permissions the umask gives any new folder and file (0755 and 0644 under 022). */
	@Test
	void installedPermissionsFollowTheUmask() throws IOException {
		Set<PosixFilePermission> folderMode = Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("plain-folder")));
		Set<PosixFilePermission> fileMode = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain-file")));
		Path folder = TestModels.renamed(dir.resolve("src/perm"), "toy-perm");
		Files.setPosixFilePermissions(folder.resolve("rdf.yaml"), PosixFilePermissions.fromString("rw-------"));
		Path zipped = zip(TestModels.renamed(dir.resolve("src/permzip"), "toy-permzip"), "", dir.resolve("perm.zip"));
		for (Path installed : List.of(ModelInstall.install(folder, models(), false).folder(), ModelInstall.install(zipped, models(), false).folder()))
			try (Stream<Path> s = Files.walk(installed)) {
				for (Path p : s.collect(Collectors.toList()))
					assertEquals(PosixFilePermissions.toString(Files.isDirectory(p) ? folderMode : fileMode),
							PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
			}
	}

	/** Finding 13: a symbolic link in the source (here to a file and a folder outside it) is refused by name, not followed. */
	@Test
	void symbolicLinksInTheSourceAreRefused() throws IOException {
		Path secret = Files.writeString(dir.resolve("secret.txt"), "not part of any model");
		Path outside = Files.createDirectories(dir.resolve("outside"));
		Files.writeString(outside.resolve("data.txt"), "elsewhere");
		for (String[] link : new String[][] { { "extra.txt", secret.toString() }, { "more", outside.toString() } }) {
			Path folder = TestModels.renamed(dir.resolve("src/link-" + link[0]), "toy-link");
			Path l = Files.createSymbolicLink(folder.resolve(link[0]), Path.of(link[1]));
			String msg = assertThrows(IllegalArgumentException.class, () -> ModelInstall.install(folder, models(), false)).getMessage();
			assertTrue(msg.startsWith(folder + ": not installed:") && msg.contains(l.toString()) && msg.contains("symbolic link"), msg);
			assertEquals(List.of(), listing());
		}
		// the source named by a link is the user's choice: followed
		Path real = TestModels.renamed(dir.resolve("src/real"), "toy-via-link");
		Path named = Files.createSymbolicLink(dir.resolve("via-link"), real);
		assertEquals("toy-via-link", ModelInstall.install(named, models(), false).name());
	}

	/** Finding 14 (zip half): a .zip that is not a zip is said to be one, not a zip without rdf.yaml. */
	@Test
	void aFileThatIsNoZipIsSaidToBeNone() throws IOException {
		Path notZip = Files.writeString(dir.resolve("model.zip"), "hello, not a zip");
		String msg = assertThrows(IllegalArgumentException.class, () -> ModelInstall.install(notZip, models(), false)).getMessage();
		assertTrue(msg.startsWith(notZip + ": not installed:") && msg.contains("not a zip"), msg);
		assertFalse(msg.contains("rdf.yaml"), msg);
		Path empty = dir.resolve("empty.zip");
		Files.write(empty, new byte[] { 'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }); // an end record only
		msg = assertThrows(IllegalArgumentException.class, () -> ModelInstall.install(empty, models(), false)).getMessage();
		assertTrue(msg.contains("empty.zip: not installed:") && msg.contains("empty"), msg);
		assertEquals(List.of(), listing());
	}
}
