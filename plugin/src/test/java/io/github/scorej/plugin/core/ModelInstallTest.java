package io.github.scorej.plugin.core;

import io.github.scorej.ops.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
		assertTrue(msg.contains("not a model folder nor a .zip"), msg);
		Path notZip = Files.writeString(dir.resolve("fake.zip"), "hello");
		msg = assertThrows(IllegalArgumentException.class, () -> ModelInstall.install(notZip, models(), false)).getMessage();
		assertTrue(msg.contains("fake.zip: not installed"), msg);
		assertEquals(List.of(), listing());
	}
}
