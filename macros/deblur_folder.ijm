// Restore (ScoreJ), task=deblur, on every image of a folder with the bundled grey microscopy model
// (micro-gray): each result and its uncertainty map go into the folder's "restored" subfolder.
// The folder is the macro's argument; without one (or with a file name, where the last result is also
// saved) the macro makes a folder of two held-out images (ScoreJ's test-images/, never seen in training),
// blurred by ImageJ's own Gaussian Blur (sigma 1.5) with noise, as a microscope would.
// boundary=valid: the scene goes on past the edges, as in a camera; sigma_y is the noise in grey levels.
// Headless: ImageJ -batch deblur_folder.ijm /path/to/folder
// expect: width=64 height=64 slices=1 bits=8 info=scorej.model=micro-gray info=scorej.task=deblur info=scorej.psf_sigma=1.5 info=scorej.boundary=valid

arg = getArgument();
setBatchMode(true);
// the held-out images ship beside plugins/ and models/ in the ImageJ folder (Fiji.app, ~/.imagej), else in the scorej.home folder
home = getDirectory("imagej");
if (!File.isDirectory(home + "test-images")) home = getInfo("scorej.home") + File.separator;
images = home + "test-images" + File.separator;
if (!File.isDirectory(images)) {
	print("ScoreJ's test-images/ folder is not in " + home + ": copy it there as README's install steps say");
	exit();
}
if (arg != "" && File.isDirectory(arg)) {
	dir = arg;
} else {
	dir = getDirectory("temp") + "scorej_deblur_" + d2s(getTime(), 0) + File.separator;
	File.makeDirectory(dir);
	names = newArray("cell", "coins");
	for (i = 0; i < names.length; i++) {
		open(images + names[i] + "-held-out.png");
		makeRectangle(16, 16, 64, 64);
		run("Crop");
		run("Gaussian Blur...", "sigma=1.5");
		run("Add Specified Noise...", "standard=3");
		saveAs("Tiff", dir + names[i] + ".tif");
		close();
	}
}
if (!endsWith(dir, File.separator)) dir = dir + File.separator;
outDir = dir + "restored" + File.separator;
File.makeDirectory(outDir);
files = getFileList(dir);
n = 0;
for (i = 0; i < files.length; i++) {
	if (!endsWith(toLowerCase(files[i]), ".tif") && !endsWith(toLowerCase(files[i]), ".png")) continue;
	open(dir + files[i]);
	input = getImageID();
	name = File.nameWithoutExtension;
	run("Restore (ScoreJ)", "model=micro-gray task=deblur psf_sigma=1.5 boundary=valid sigma_y=3 steps=10 samples=2 seed=1");
	saveAs("Tiff", outDir + name + "-restored.tif");
	restored = getImageID();
	selectImage(name + "-uncertainty");
	saveAs("Tiff", outDir + name + "-uncertainty.tif");
	close();
	selectImage(input);
	close();
	selectImage(restored);
	n++;
}
print("deblurred " + n + " image(s) into " + outDir);
if (arg != "" && !File.isDirectory(arg)) saveAs("Tiff", arg);
