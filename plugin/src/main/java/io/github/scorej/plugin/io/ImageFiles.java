package io.github.scorej.plugin.io;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.TiffDecoder;
import io.github.scorej.plugin.core.MemoryCheck;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The one way ScoreJ opens an image file a user names: it is read completely or refused, with one
 * line that names the file and the reason, and no stack trace or dialog from the readers.
 * <p>
 * Before ImageJ reads a byte of pixels, a TIFF's header and IFD chain ({@link TiffDecoder}) must
 * lie inside the file, every strip it claims must end inside the file, and its planes must fit
 * ImageJ (at most 2³¹−1 pixels a plane) and Java's memory; a PNG must have a valid signature, an
 * IHDR of a sane size, chunks whose CRC-32 match and an IEND (so a truncated or bit-flipped PNG is
 * refused before javax.imageio sees it). ImageJ then reads the file with its exceptions and its
 * console messages caught: anything it throws or reports becomes the reason. ImageJ fills the rows
 * past a truncated file's end with zeros, and tifffile refuses the same file: these checks make
 * ScoreJ refuse it too.
 * <p>
 * Not thread-safe with other code that redirects {@code System.out}: while a headless ImageJ reads,
 * its console output is captured.
 */
public final class ImageFiles {

	private ImageFiles() {}

	/** ImageJ's pixel arrays are indexed by int: at most this many pixels in one plane. */
	static final long MAX_PLANE_PIXELS = Integer.MAX_VALUE;

	/** An image file that cannot be read completely: the file and why, as one line {@code FILE: reason}. */
	public static final class UnreadableImageException extends IllegalArgumentException {
		private static final long serialVersionUID = 1L;
		private final transient Path file;
		private final String reason;

		UnreadableImageException(Path file, String reason) {
			super(file + ": " + reason);
			this.file = file;
			this.reason = reason;
		}

		/** The file that was refused. */
		public Path file() {
			return file;
		}

		/** Why, without the file's name. */
		public String reason() {
			return reason;
		}
	}

	/** "a link to T, which " for a link whose target is missing, so the message names what is missing; else "". */
	private static String danglingLink(Path file) {
		try {
			return Files.isSymbolicLink(file) ? "a link to " + Files.readSymbolicLink(file) + ", which " : "";
		} catch (java.io.IOException e) {
			return "";
		}
	}

	/**
	 * The image in {@code file}, read completely by ImageJ after the checks above.
	 *
	 * @throws UnreadableImageException naming the file and the reason, for a file that is missing, not
	 *         an image ImageJ reads, truncated, corrupt, or too large for ImageJ or for Java's memory
	 */
	public static ImagePlus open(Path file) {
		if (!Files.exists(file)) throw new UnreadableImageException(file, danglingLink(file) + "does not exist");
		if (!Files.isRegularFile(file)) throw new UnreadableImageException(file, "not a file (a folder or a device)");
		long length;
		byte[] magic = new byte[8];
		int got;
		try (InputStream in = Files.newInputStream(file)) {
			length = Files.size(file);
			got = in.readNBytes(magic, 0, magic.length);
		} catch (IOException e) {
			throw new UnreadableImageException(file, "cannot be read: " + e.getMessage());
		}
		if (length == 0) throw new UnreadableImageException(file, "is empty (0 bytes)");
		try {
			if (got >= 4 && isTiff(magic)) checkTiff(file, length);
			else if (got == 8 && isPng(magic)) checkPng(file, length);
		} catch (IOException e) {
			throw new UnreadableImageException(file, "cannot be read: " + e.getMessage());
		}
		ImagePlus imp = readWithImageJ(file);
		if (imp.getWidth() < 1 || imp.getHeight() < 1)
			throw new UnreadableImageException(file, "ImageJ read an empty " + imp.getWidth() + "x" + imp.getHeight() + " image from it: not an image");
		return imp;
	}

	private static boolean isTiff(byte[] m) {
		return (m[0] == 'I' && m[1] == 'I' && m[2] == 42 && m[3] == 0) || (m[0] == 'M' && m[1] == 'M' && m[2] == 0 && m[3] == 42);
	}

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	private static boolean isPng(byte[] m) {
		for (int i = 0; i < 8; i++)
			if (m[i] != PNG_SIGNATURE[i]) return false;
		return true;
	}

	// --- TIFF ---

	/** The IFD chain inside the file, then every IFD's pixels inside the file and of a size ImageJ and Java can hold. */
	private static void checkTiff(Path file, long length) throws IOException {
		walkIfds(file, length);
		FileInfo[] info = quietly(file, "a TIFF whose header ImageJ cannot read", () -> {
			Path abs = file.toAbsolutePath();
			Path dir = abs.getParent();
			return new TiffDecoder(dir == null ? "" : dir + File.separator, abs.getFileName().toString()).getTiffInfo();
		});
		if (info.length == 0) throw new UnreadableImageException(file, "a TIFF with no image in it");
		long memory = 0, total = 0;
		for (int k = 0; k < info.length; k++) {
			FileInfo fi = info[k];
			String ifd = info.length > 1 ? "image " + (k + 1) + " of " + info.length + " " : "";
			if (fi.width < 1 || fi.height < 1)
				throw new UnreadableImageException(file, ifd + "claims a " + fi.width + "x" + fi.height + " image: the header is corrupt");
			long pixels = (long) fi.width * fi.height;
			if (pixels > MAX_PLANE_PIXELS)
				throw new UnreadableImageException(file, ifd + "claims planes of " + fi.width + "x" + fi.height + " = " + pixels
						+ " pixels; ImageJ holds at most " + MAX_PLANE_PIXELS + " pixels in a plane");
			int planes = Math.max(1, fi.nImages);
			boolean compressed = fi.compression > FileInfo.COMPRESSION_NONE;
			if (fi.stripOffsets != null)
				for (int s = 0; s < fi.stripOffsets.length; s++) {
					long start = fi.stripOffsets[s] & 0xffffffffL;
					long size = fi.stripLengths != null && s < fi.stripLengths.length ? fi.stripLengths[s] & 0xffffffffL : 0;
					if (start + size > length)
						throw new UnreadableImageException(file, ifd + "is truncated: strip " + (s + 1) + " of " + fi.stripOffsets.length + " ends at byte "
								+ (start + size) + " but the file has " + length + " bytes");
				}
			if (compressed) {
				if (fi.stripOffsets == null || fi.stripOffsets.length == 0)
					throw new UnreadableImageException(file, ifd + "is compressed but names no strips: the header is corrupt");
			} else {
				// ImageJ reads uncompressed planes contiguously from the offset, planes separated by the gap
				long plane = planeBytes(fi), end = fi.getOffset() + planes * plane + (planes - 1) * Math.max(0, fi.getGap());
				if (end > length)
					throw new UnreadableImageException(file, ifd + "is truncated: its " + planes + " plane(s) of " + fi.width + "x" + fi.height + " ("
							+ plane + " bytes each) end at byte " + end + " but the file has " + length + " bytes");
			}
			memory += pixels * planes * memoryBytes(fi.fileType);
			total += planes;
		}
		requireMemory(file, memory, "reading it (" + total + " plane(s) of " + info[0].width + "x" + info[0].height + ")");
	}

	/** Bytes of one plane in the file, uncompressed, as ImageJ's reader counts them. */
	private static long planeBytes(FileInfo fi) {
		long pixels = (long) fi.width * fi.height;
		return switch (fi.fileType) {
			case FileInfo.BITMAP -> (fi.width + 7L) / 8 * fi.height;
			case FileInfo.GRAY12_UNSIGNED -> pixels * 12 / 8;
			case FileInfo.GRAY10_UNSIGNED -> pixels * 10 / 8;
			case FileInfo.GRAY24_UNSIGNED -> pixels * 3;
			default -> pixels * fi.getBytesPerPixel();
		};
	}

	/** Bytes of one pixel in ImageJ's memory (byte, short, float or int arrays; three short planes for 48-bit RGB). */
	private static long memoryBytes(int fileType) {
		return switch (fileType) {
			case FileInfo.GRAY8, FileInfo.COLOR8, FileInfo.BITMAP -> 1;
			case FileInfo.GRAY16_SIGNED, FileInfo.GRAY16_UNSIGNED, FileInfo.GRAY12_UNSIGNED, FileInfo.GRAY10_UNSIGNED -> 2;
			case FileInfo.RGB48, FileInfo.RGB48_PLANAR -> 6;
			default -> 4;
		};
	}

	/** Every IFD of the chain starts, and its entries and next-IFD offset end, inside the file; the chain has no loop. */
	private static void walkIfds(Path file, long length) throws IOException {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer b = ByteBuffer.allocate(8);
			read(ch, b, 0, 8, file, length, "its header");
			ByteOrder order = b.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
			long ifd = b.order(order).getInt(4) & 0xffffffffL;
			Set<Long> seen = new HashSet<>();
			for (int k = 1; ifd != 0; k++) {
				if (!seen.add(ifd)) throw new UnreadableImageException(file, "IFD " + k + " points back to an earlier one: the file is corrupt");
				if (ifd + 2 > length)
					throw new UnreadableImageException(file, "is truncated: IFD " + k + " starts at byte " + ifd + " but the file has " + length + " bytes");
				read(ch, b, ifd, 2, file, length, "IFD " + k);
				int entries = b.order(order).getShort(0) & 0xffff;
				long next = ifd + 2 + 12L * entries;
				if (next + 4 > length)
					throw new UnreadableImageException(file, "is truncated: IFD " + k + " (" + entries + " entries) ends at byte " + (next + 4)
							+ " but the file has " + length + " bytes");
				read(ch, b, next, 4, file, length, "IFD " + k);
				ifd = b.order(order).getInt(0) & 0xffffffffL;
			}
		}
	}

	private static void read(FileChannel ch, ByteBuffer b, long at, int n, Path file, long length, String what) throws IOException {
		b.clear().limit(n);
		while (b.hasRemaining())
			if (ch.read(b, at + b.position()) < 0)
				throw new UnreadableImageException(file, "is truncated inside " + what + " (the file has " + length + " bytes)");
		b.flip();
	}

	// --- PNG ---

	/** Signature, IHDR first and of a sane size, every chunk inside the file with its CRC-32, image data, and an IEND. */
	private static void checkPng(Path file, long length) throws IOException {
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
			in.skipNBytes(8);
			long at = 8;
			boolean data = false;
			String last = "the signature";
			byte[] buffer = new byte[1 << 16], type = new byte[4];
			CRC32 crc = new CRC32();
			for (int k = 0;; k++) {
				if (at == length) throw new UnreadableImageException(file, "is truncated: it ends after " + last + " without an IEND chunk");
				if (length - at < 12)
					throw new UnreadableImageException(file, "is truncated: it ends inside a chunk at byte " + at + " (" + length + " bytes)");
				long size = in.readInt() & 0xffffffffL;
				in.readFully(type);
				String name = new String(type, StandardCharsets.ISO_8859_1);
				if (size > Integer.MAX_VALUE)
					throw new UnreadableImageException(file, "chunk " + name + " at byte " + at + " claims " + size + " bytes: the file is corrupt");
				if (at + 12 + size > length)
					throw new UnreadableImageException(file, "is truncated: chunk " + name + " at byte " + at + " claims " + size
							+ " bytes but the file ends at byte " + length);
				if (k == 0 && (!name.equals("IHDR") || size != 13))
					throw new UnreadableImageException(file, "a PNG whose first chunk is " + name + " (" + size + " bytes), not a 13-byte IHDR: corrupt");
				crc.reset();
				crc.update(type);
				byte[] ihdr = k == 0 ? new byte[13] : null;
				for (long left = size; left > 0;) {
					int n = (int) Math.min(buffer.length, left);
					in.readFully(buffer, 0, n);
					crc.update(buffer, 0, n);
					if (ihdr != null) System.arraycopy(buffer, 0, ihdr, 0, 13);
					left -= n;
				}
				long stored = in.readInt() & 0xffffffffL;
				if (stored != crc.getValue())
					throw new UnreadableImageException(file, String.format(Locale.ROOT,
							"is corrupt: chunk %s at byte %d fails its CRC check (stored %08x, computed %08x)", name, at, stored, crc.getValue()));
				if (ihdr != null) checkIhdr(file, ihdr);
				if (name.equals("IDAT")) data = true;
				if (name.equals("IEND")) break;
				last = "chunk " + name + " at byte " + at;
				at += 12 + size;
			}
			if (!data) throw new UnreadableImageException(file, "a PNG without image data (no IDAT chunk)");
		} catch (EOFException e) {
			throw new UnreadableImageException(file, "is truncated (it ended while being checked)");
		}
	}

	private static void checkIhdr(Path file, byte[] ihdr) {
		ByteBuffer b = ByteBuffer.wrap(ihdr);
		long w = b.getInt(0) & 0xffffffffL, h = b.getInt(4) & 0xffffffffL;
		int depth = ihdr[8], colour = ihdr[9];
		if (w < 1 || h < 1 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE)
			throw new UnreadableImageException(file, "a PNG that claims a " + w + "x" + h + " image: the header is corrupt");
		if (w * h > MAX_PLANE_PIXELS)
			throw new UnreadableImageException(file, "claims " + w + "x" + h + " = " + w * h + " pixels; ImageJ holds at most " + MAX_PLANE_PIXELS
					+ " pixels in a plane");
		// javax.imageio's image, then ImageJ's copy of it: ints for colour, bytes or shorts for grey
		long perPixel = colour == 0 ? (depth == 16 ? 4 : 2) : 8;
		requireMemory(file, w * h * perPixel, "reading it (" + w + "x" + h + ")");
	}

	// --- ImageJ ---

	/** ImageJ's reading of the file, with what it throws, reports through its exception handler, or prints, as the reason. */
	private static ImagePlus readWithImageJ(Path file) {
		return quietly(file, "not an image ImageJ can read", () -> IJ.openImage(file.toString()));
	}

	private interface Reading<T> {
		T read() throws IOException;
	}

	/**
	 * Runs a reader of ImageJ's with its exception handler and, without an ImageJ window, its console
	 * output captured; a null result, any exception, handled exception or printed message refuses the
	 * file ({@code failed} and what ImageJ said).
	 */
	private static synchronized <T> T quietly(Path file, String failed, Reading<T> reading) {
		Throwable[] handled = new Throwable[1];
		IJ.ExceptionHandler previous = exceptionHandler();
		IJ.setExceptionHandler(e -> {
			if (handled[0] == null) handled[0] = e;
		});
		boolean console = IJ.getInstance() == null;
		PrintStream out = System.out, err = System.err;
		ByteArrayOutputStream said = new ByteArrayOutputStream();
		if (console) {
			PrintStream capture = new PrintStream(said, true, StandardCharsets.UTF_8);
			System.setOut(capture);
			System.setErr(capture);
		}
		T result;
		try {
			IJ.redirectErrorMessages(true);
			result = reading.read();
		} catch (IOException | RuntimeException | StackOverflowError e) {
			throw new UnreadableImageException(file, failed + " (" + describe(e) + ")");
		} catch (OutOfMemoryError e) {
			throw new UnreadableImageException(file, MemoryCheck.outOfMemory("reading it"));
		} finally {
			IJ.redirectErrorMessages(false);
			IJ.setExceptionHandler(previous);
			if (console) {
				System.setOut(out);
				System.setErr(err);
			}
		}
		if (handled[0] instanceof OutOfMemoryError) throw new UnreadableImageException(file, MemoryCheck.outOfMemory("reading it"));
		if (handled[0] != null) throw new UnreadableImageException(file, failed + " (" + describe(handled[0]) + ")");
		String message = words(said.toString(StandardCharsets.UTF_8));
		if (result == null) throw new UnreadableImageException(file, failed + (message.isEmpty() ? "" : " (ImageJ: " + message + ")"));
		if (!message.isEmpty()) throw new UnreadableImageException(file, "ImageJ reported a problem while reading it: " + message);
		return result;
	}

	/** What went wrong, in words: the exception's message without Java class names, or a plain phrase. */
	private static String describe(Throwable e) {
		String m = e.getMessage() == null ? "" : words(e.getMessage());
		return m.isEmpty() ? "its reader failed" : m;
	}

	/**
	 * A reader's message on one line: its lines joined, without stack frames or "java.x.SomeException: "
	 * prefixes, at most 300 characters.
	 */
	static String words(String text) {
		StringBuilder sb = new StringBuilder();
		for (String line : text.split("\\R")) {
			String t = line.strip();
			if (t.startsWith("at ") || t.startsWith("...")) continue;
			t = t.replaceAll("\\b(?:[A-Za-z_$][\\w$]*\\.)*[A-Za-z_$][\\w$]*(?:Exception|Error)\\b:?\\s*", "").strip();
			if (!t.isEmpty()) sb.append(sb.length() == 0 ? "" : " ").append(t);
		}
		String s = sb.toString();
		return s.length() <= 300 ? s : s.substring(0, 297) + "...";
	}

	/** {@link MemoryCheck#require} as a refusal of the file. */
	private static void requireMemory(Path file, long bytes, String what) {
		try {
			MemoryCheck.require(bytes, what);
		} catch (IllegalArgumentException e) {
			throw new UnreadableImageException(file, e.getMessage());
		}
	}

	/** ImageJ's current exception handler, to put back (ImageJ has no getter; null if it cannot be read). */
	private static IJ.ExceptionHandler exceptionHandler() {
		try {
			Field f = IJ.class.getDeclaredField("exceptionHandler");
			f.setAccessible(true);
			return (IJ.ExceptionHandler) f.get(null);
		} catch (ReflectiveOperationException | RuntimeException e) {
			return null;
		}
	}
}
