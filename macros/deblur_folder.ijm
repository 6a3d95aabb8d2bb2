// Restore (ScoreJ), task=deblur, on every TIFF of a folder: each result and its uncertainty map are
// saved into the folder's "restored" subfolder. The folder is the macro's argument; without one
// (or with a file name, where the last result is also saved) the macro makes a temporary folder of
// three blurred test images.
// Headless: ImageJ -batch deblur_folder.ijm /path/to/folder
// expect: width=40 height=32 slices=1 bits=16 info=scorej.task=deblur info=scorej.psf_sigma=1.5 info=scorej.boundary=valid

arg = getArgument();
setBatchMode(true);
if (arg != "" && File.isDirectory(arg)) {
	dir = arg;
} else {
	dir = getDirectory("temp") + "scorej_deblur_" + getTime() + File.separator;
	File.makeDirectory(dir);
	for (i = 1; i <= 3; i++) {
		newImage("cells" + i, "16-bit ramp", 40, 32, 1);
		run("Gaussian Blur...", "sigma=1.5");
		run("Add Specified Noise...", "standard=" + 20 * i);
		saveAs("Tiff", dir + "cells" + i + ".tif");
		close();
	}
}
if (!endsWith(dir, File.separator)) dir = dir + File.separator;
outDir = dir + "restored" + File.separator;
File.makeDirectory(outDir);
files = getFileList(dir);
n = 0;
for (i = 0; i < files.length; i++) {
	if (!endsWith(toLowerCase(files[i]), ".tif") && !endsWith(toLowerCase(files[i]), ".tiff")) continue;
	open(dir + files[i]);
	input = getImageID();
	name = File.nameWithoutExtension;
	run("Restore (ScoreJ)", "model=gaussian-mixture-edm task=deblur psf_sigma=1.5 boundary=valid sigma_y=20 steps=10 samples=2 seed=1");
	saveAs("Tiff", outDir + name + "-restored.tif");
	restored = getImageID();
	selectImage(name + " uncertainty (deblur)");
	saveAs("Tiff", outDir + name + "-uncertainty.tif");
	close();
	selectImage(input);
	close();
	selectImage(restored);
	n++;
}
print("deblurred " + n + " image(s) into " + outDir);
if (arg != "" && !File.isDirectory(arg)) saveAs("Tiff", arg);
