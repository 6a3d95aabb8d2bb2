package io.github.scorej.plugin.cli;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.NewImage;
import ij.io.FileSaver;
import ij.io.TiffDecoder;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import io.github.scorej.plugin.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static io.github.scorej.plugin.cli.CliTest.scorej;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Every input image is read completely or refused (issue 12, findings 2, 8, 9 and 10): truncated and
 * lying TIFFs, corrupt and cut PNGs, NaN pixels and bad noise files, each through the real command line
 * and files written here, with one line naming the file and the reason, no stack trace, no output for
 * it, and the batch going on to the next file.
 */
class InputFilesCliTest {

	@TempDir
	Path dir;

	// --- files ---

	/** An 8-bit ramp written by ImageJ's FileSaver. */
	private Path ramp(Path p, int w, int h) {
		ImagePlus imp = NewImage.createImage("r", w, h, 1, 8, NewImage.FILL_RAMP);
		assertTrue(new FileSaver(imp).saveAsTiff(p.toString()));
		return p;
	}

	/** The first {@code keep} bytes of {@code src} as a new file. */
	private static Path cut(Path src, Path dst, long keep) throws IOException {
		byte[] b = Files.readAllBytes(src);
		assertTrue(keep < b.length);
		return Files.write(dst, Arrays.copyOf(b, (int) keep));
	}

	/**
	 * A little-endian TIFF written by hand: one IFD, greyscale of {@code bits} (float for 32), the given
	 * strips (deflate-compressed when {@code zip}), {@code rowsPerStrip} rows each.
	 */
	static byte[] tiff(int w, int h, int bits, boolean zip, int rowsPerStrip, byte[][] strips) {
		int entries = 10, n = strips.length, ifdEnd = 8 + 2 + 12 * entries + 4;
		int offsets = ifdEnd, counts = offsets + 4 * n, data = counts + 4 * n;
		int size = data;
		for (byte[] s : strips)
			size += s.length;
		ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) entries);
		entry(b, 256, 4, 1, w);
		entry(b, 257, 4, 1, h);
		entry(b, 258, 3, 1, bits);
		entry(b, 259, 3, 1, zip ? 8 : 1);
		entry(b, 262, 3, 1, 1);
		entry(b, 273, 4, n, n == 1 ? data : offsets);
		entry(b, 277, 3, 1, 1);
		entry(b, 278, 4, 1, rowsPerStrip);
		entry(b, 279, 4, n, n == 1 ? strips[0].length : counts);
		entry(b, 339, 3, 1, bits == 32 ? 3 : 1);
		b.putInt(0);
		int at = data;
		for (int k = 0; k < n; k++) {
			if (n > 1) {
				b.putInt(offsets + 4 * k, at);
				b.putInt(counts + 4 * k, strips[k].length);
			}
			b.position(at);
			b.put(strips[k]);
			at += strips[k].length;
		}
		return b.array();
	}

	private static void entry(ByteBuffer b, int tag, int type, int count, int value) {
		b.putShort((short) tag).putShort((short) type).putInt(count);
		if (type == 3 && count == 1) b.putShort((short) value).putShort((short) 0);
		else b.putInt(value);
	}

	private static byte[] deflate(byte[] raw) {
		Deflater d = new Deflater();
		d.setInput(raw);
		d.finish();
		byte[] out = new byte[raw.length * 2 + 64];
		int n = d.deflate(out);
		d.end();
		return Arrays.copyOf(out, n);
	}

	/** A PNG written by hand: IHDR (8-bit grey of w×h), the given IDAT payload, and an IEND if asked. */
	static byte[] png(long w, long h, byte[] idat, boolean iend) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
		ByteBuffer ihdr = ByteBuffer.allocate(13).putInt((int) w).putInt((int) h).put((byte) 8).put((byte) 0);
		chunk(out, "IHDR", ihdr.array());
		chunk(out, "IDAT", idat);
		if (iend) chunk(out, "IEND", new byte[0]);
		return bytes.toByteArray();
	}

	private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
		byte[] t = type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
		CRC32 crc = new CRC32();
		crc.update(t);
		crc.update(data);
		out.writeInt(data.length);
		out.write(t);
		out.write(data);
		out.writeInt((int) crc.getValue());
	}

	private static List<String> names(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) return List.of();
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	/** Something was written for {@code good} (a base name), nothing for any of {@code bad}, and no temporary file is left. */
	private static void written(Path out, String good, String... bad) throws IOException {
		List<String> names = names(out);
		assertTrue(names.stream().anyMatch(n -> n.startsWith(good + "-")), "no output for " + good + ": " + names);
		for (String b : bad)
			assertTrue(names.stream().noneMatch(n -> n.contains(b)), "output written for " + b + ": " + names);
		assertTrue(names.stream().noneMatch(n -> n.contains(".part")), "temporary file left: " + names);
	}

	/**
	 * The run failed for {@code bad} only: exit 1, the summary names it, exactly one stderr line names it
	 * and contains every one of {@code reason}, and nothing on either stream looks like a stack trace.
	 */
	private static void refused(CliTest.Result r, String bad, int files, String... reason) {
		assertEquals(1, r.code(), r.out() + r.err());
		assertFalse((r.out() + r.err()).contains("Exception"), "no exception names: " + r.out() + r.err());
		assertFalse((r.out() + r.err()).contains("\tat "), "no stack trace: " + r.out() + r.err());
		List<String> lines = r.err().lines().filter(l -> l.contains(bad)).toList();
		assertEquals(1, lines.size(), "one line names " + bad + ":\n" + r.err());
		for (String word : reason)
			assertTrue(lines.get(0).contains(word), "'" + word + "' missing from: " + lines.get(0));
		assertTrue(r.out().contains((files - 1) + " of " + files + " file(s)") && r.out().contains("1 failed: " + bad), r.out());
	}

	// --- finding 2: a truncated TIFF is refused, for restore and img2img ---

	@Test
	void truncatedTiffIsRefusedAndTheBatchGoesOn() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		Path whole = ramp(dir.resolve("whole.tif"), 32, 24);
		cut(whole, in.resolve("a-cut.tif"), Files.size(whole) - 32 * 6); // the last 6 rows are missing
		ramp(in.resolve("good.tif"), 32, 24);
		Path out = dir.resolve("out");
		CliTest.Result r = scorej("restore", "--task", "denoise", "--model", "gaussian-mixture-edm", "--steps", "4", "--quiet", "--out", out.toString(),
				in.toString());
		refused(r, "a-cut.tif", 2, "truncated", "bytes");
		written(out, "good", "a-cut");

		Path out2 = dir.resolve("out2");
		r = scorej("img2img", "--model", "gaussian-mixture-edm", "--strength", "0.3", "--steps", "4", "--quiet", "--out", out2.toString(), in.toString());
		refused(r, "a-cut.tif", 2, "truncated");
		written(out2, "good", "a-cut");
	}

	@Test
	void truncatedStackAndTruncatedCompressedStripAreRefused() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		// a 16-bit stack written by ImageJ, cut inside its third plane; its first IFD made the last, so
		// that only its description ("images=4") tells how many planes follow
		Path stack = dir.resolve("stack.tif");
		assertTrue(new FileSaver(IJ.createImage("s", "16-bit ramp", 20, 16, 4)).saveAsTiffStack(stack.toString()));
		long offset = new TiffDecoder(dir + File.separator, "stack.tif").getTiffInfo()[0].getOffset();
		ByteBuffer s = ByteBuffer.wrap(Files.readAllBytes(stack)).order(Files.readAllBytes(stack)[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
		int ifd = s.getInt(4);
		s.putInt(ifd + 2 + 12 * (s.getShort(ifd) & 0xffff), 0);
		Files.write(in.resolve("a-stack.tif"), Arrays.copyOf(s.array(), (int) offset + 2 * 20 * 16 * 2 + 100));
		// a deflate-compressed TIFF of two strips, cut inside the second
		byte[][] strips = { deflate(rows(20, 0, 8)), deflate(rows(20, 8, 8)) };
		byte[] z = tiff(20, 16, 8, true, 8, strips);
		Files.write(in.resolve("b-zip.tif"), Arrays.copyOf(z, z.length - strips[1].length / 2));
		ramp(in.resolve("good.tif"), 20, 16);
		Path out = dir.resolve("out");
		CliTest.Result r = scorej("restore", "--task", "denoise", "--model", "gaussian-mixture-edm", "--steps", "4", "--quiet", "--out", out.toString(),
				in.toString());
		assertEquals(1, r.code(), r.out() + r.err());
		assertTrue(r.out().contains("1 of 3 file(s)") && r.out().contains("2 failed: a-stack.tif, b-zip.tif"), r.out());
		assertTrue(r.err().lines().anyMatch(l -> l.contains("a-stack.tif") && l.contains("truncated") && l.contains("4 plane(s)")), r.err());
		assertTrue(r.err().lines().anyMatch(l -> l.contains("b-zip.tif") && l.contains("truncated") && l.contains("strip 2 of 2")), r.err());
		assertFalse((r.out() + r.err()).contains("Exception") || r.err().contains("\tat "), r.out() + r.err());
		written(out, "good", "a-stack", "b-zip");
	}

	/** Rows y0..y0+n of a w-wide 8-bit image whose pixel (x, y) is 7x + 3y mod 256. */
	private static byte[] rows(int w, int y0, int n) {
		byte[] b = new byte[w * n];
		for (int y = 0; y < n; y++)
			for (int x = 0; x < w; x++)
				b[y * w + x] = (byte) ((7 * x + 3 * (y0 + y)) % 256);
		return b;
	}

	// --- finding 8: lying headers and corrupt PNGs give one line, no stack trace ---

	@Test
	void tiffAndPngClaiming60000x60000AreRefusedWithTheNumbers() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		Files.write(in.resolve("a-huge.tif"), tiff(60000, 60000, 32, false, 60000, new byte[][] { new byte[16] }));
		ramp(in.resolve("good.tif"), 16, 16);
		Path out = dir.resolve("out");
		CliTest.Result r = scorej("restore", "--task", "denoise", "--model", "gaussian-mixture-edm", "--steps", "4", "--quiet", "--out", out.toString(),
				in.toString());
		refused(r, "a-huge.tif", 2, "60000x60000", "2147483647");
		written(out, "good", "a-huge");

		Path png = Files.createDirectories(dir.resolve("png"));
		Files.write(png.resolve("a-huge.png"), png(60000, 60000, deflate(new byte[60001]), true));
		Files.copy(in.resolve("good.tif"), png.resolve("good.tif"));
		Path out2 = dir.resolve("out2");
		r = scorej("img2img", "--model", "gaussian-mixture-edm", "--strength", "0.3", "--steps", "4", "--quiet", "--out", out2.toString(), png.toString());
		refused(r, "a-huge.png", 2, "60000x60000");
		written(out2, "good", "a-huge");
	}

	@Test
	void pngWithABadCrcOrWithoutIendIsRefused() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		byte[] raw = new byte[17 * 12]; // 12 rows of filter byte 0 + 16 grey pixels
		for (int y = 0; y < 12; y++)
			for (int x = 0; x < 16; x++)
				raw[y * 17 + 1 + x] = (byte) (x * 16 + y);
		byte[] good = png(16, 12, deflate(raw), true);
		byte[] flipped = good.clone();
		flipped[33 + 8 + 5] ^= 0x10; // a byte of IDAT's data: its CRC no longer matches
		Files.write(in.resolve("a-crc.png"), flipped);
		Files.write(in.resolve("b-noend.png"), png(16, 12, deflate(raw), false));
		Files.write(in.resolve("good.png"), good);
		Path out = dir.resolve("out");
		CliTest.Result r = scorej("img2img", "--model", "gaussian-mixture-edm", "--strength", "0.3", "--steps", "4", "--quiet", "--out", out.toString(),
				in.toString());
		assertEquals(1, r.code(), r.out() + r.err());
		assertTrue(r.out().contains("1 of 3 file(s)") && r.out().contains("2 failed: a-crc.png, b-noend.png"), r.out());
		assertEquals(1, r.err().lines().filter(l -> l.contains("a-crc.png") && l.contains("CRC") && l.contains("IDAT")).count(), r.err());
		assertEquals(1, r.err().lines().filter(l -> l.contains("b-noend.png") && l.contains("IEND") && l.contains("truncated")).count(), r.err());
		assertFalse((r.out() + r.err()).contains("Exception") || (r.out() + r.err()).contains("\tat "), r.out() + r.err());
		written(out, "good", "a-crc", "b-noend");
	}

	@Test
	void validCompressedMultiStripTiffsAndPngStillRead() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		byte[] all = rows(20, 0, 16);
		Files.write(in.resolve("zip.tif"), tiff(20, 16, 8, true, 6, new byte[][] { deflate(rows(20, 0, 6)), deflate(rows(20, 6, 6)), deflate(rows(20, 12, 4)) }));
		Files.write(in.resolve("strips.tif"), tiff(20, 16, 8, false, 8, new byte[][] { rows(20, 0, 8), rows(20, 8, 8) }));
		float[] f = new float[20 * 16];
		ByteBuffer fb = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < f.length; i++)
			fb.putFloat(f[i] = (all[i] & 0xff) / 255f - 0.5f);
		byte[] fl = fb.array();
		Files.write(in.resolve("float.tif"), tiff(20, 16, 32, false, 8, new byte[][] { Arrays.copyOf(fl, fl.length / 2), Arrays.copyOfRange(fl, fl.length / 2, fl.length) }));
		ByteProcessor bp = new ByteProcessor(20, 16, all.clone());
		assertTrue(new FileSaver(new ImagePlus("p", bp)).saveAsPng(in.resolve("imagej.png").toString()));
		for (String name : new String[] { "zip.tif", "strips.tif", "imagej.png" }) {
			ImagePlus imp = ImageFiles.open(in.resolve(name));
			assertEquals(20, imp.getWidth(), name);
			assertEquals(16, imp.getHeight(), name);
			assertArrayEquals(all, (byte[]) imp.getProcessor().getPixels(), name);
		}
		assertArrayEquals(f, (float[]) ImageFiles.open(in.resolve("float.tif")).getProcessor().getPixels());
		Path out = dir.resolve("out");
		CliTest.Result r = scorej("img2img", "--model", "gaussian-mixture-edm", "--strength", "0.3", "--steps", "4", "--quiet", "--out", out.toString(),
				in.toString());
		assertEquals(0, r.code(), r.out() + r.err());
		assertTrue(r.out().contains("4 of 4 file(s)"), r.out());
		for (String base : new String[] { "float", "imagej", "strips", "zip" })
			written(out, base);
	}

	// --- finding 9 (file half): non-finite user data is named as the user's ---

	@Test
	void nanAndInfinitePixelsAreNamedAsTheUsersNotTheNetworks() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		FloatProcessor fp = new FloatProcessor(24, 16);
		for (int i = 0; i < 24 * 16; i++)
			fp.setf(i, i / 384f);
		fp.setf(5, 7, Float.NaN);
		fp.setf(9, 11, Float.POSITIVE_INFINITY);
		assertTrue(new FileSaver(new ImagePlus("nan", fp)).saveAsTiff(in.resolve("a-nan.tif").toString()));
		ramp(in.resolve("good.tif"), 24, 16);
		Path out = dir.resolve("out");
		CliTest.Result r = scorej("img2img", "--model", "gaussian-mixture-edm", "--strength", "0.3", "--steps", "4", "--quiet", "--out", out.toString(),
				in.toString());
		refused(r, "a-nan.tif", 2, "2 pixels", "NaN or infinite", "x=5, y=7, slice 1");
		assertFalse(r.err().contains("network"), r.err());
		written(out, "good", "a-nan");

		Path out2 = dir.resolve("out2");
		r = scorej("restore", "--task", "denoise", "--model", "gaussian-mixture-edm", "--steps", "4", "--quiet", "--out", out2.toString(), in.toString());
		refused(r, "a-nan.tif", 2, "2 pixels", "x=5, y=7, slice 1");
		written(out2, "good", "a-nan");
	}

	@Test
	void nanInTheNoiseFileIsNamedAsTheFiles() {
		ImageStack st = new ImageStack(32, 32);
		Random rnd = new Random(1);
		for (int s = 0; s < 2; s++) {
			float[] v = new float[32 * 32];
			for (int i = 0; i < v.length; i++)
				v[i] = (float) rnd.nextGaussian();
			st.addSlice(new FloatProcessor(32, 32, v));
		}
		st.getProcessor(2).setf(3, 4, Float.NaN);
		Path noise = dir.resolve("noise.tif"), out = dir.resolve("g.tif");
		assertTrue(new FileSaver(new ImagePlus("z", st)).saveAsTiffStack(noise.toString()));
		CliTest.Result r = scorej("generate", "--model", CliTest.TOY, "-n", "2", "--steps", "4", "--noise", noise.toString(), "--out", out.toString(), "--quiet");
		assertEquals(1, r.code(), r.out() + r.err());
		assertTrue(r.err().contains("noise file " + noise) && r.err().contains("1 value(s) that are NaN or infinite")
				&& r.err().contains("x=3, y=4, slice 2"), r.err());
		assertFalse(r.err().contains("network") || r.err().contains("Exception") || r.err().contains("\tat "), r.err());
		assertFalse(Files.exists(out));
	}

	// --- finding 10 (file half): the noise file must be 32-bit and not constant ---

	@Test
	void anIntegerOrConstantNoiseFileIsRefused() {
		Path zero8 = dir.resolve("zero8.tif"), zero32 = dir.resolve("zero32.tif"), out = dir.resolve("g.tif");
		assertTrue(new FileSaver(NewImage.createByteImage("z", 32, 32, 1, NewImage.FILL_BLACK)).saveAsTiff(zero8.toString()));
		CliTest.Result r = scorej("generate", "--model", CliTest.TOY, "-n", "1", "--steps", "4", "--noise", zero8.toString(), "--out", out.toString(), "--quiet");
		assertEquals(1, r.code(), r.out() + r.err());
		assertTrue(r.err().contains("noise file " + zero8) && r.err().contains("8-bit") && r.err().contains("32-bit float"), r.err());
		assertFalse(Files.exists(out));

		assertTrue(new FileSaver(NewImage.createFloatImage("z", 32, 32, 1, NewImage.FILL_BLACK)).saveAsTiff(zero32.toString()));
		r = scorej("generate", "--model", CliTest.TOY, "-n", "1", "--steps", "4", "--noise", zero32.toString(), "--out", out.toString(), "--quiet");
		assertEquals(1, r.code(), r.out() + r.err());
		assertTrue(r.err().contains("noise file " + zero32) && r.err().contains("constant"), r.err());
		assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
		assertFalse(Files.exists(out));
	}
}
