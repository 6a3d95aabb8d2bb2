// Restore (ScoreJ), task=super-resolve: every slice of a stack made factor times larger by posterior
// sampling with the bundled grey model micro-gray (y = factor x factor box average of x). The stack is
// three held-out crops of ScoreJ's test-images/, made small by ImageJ's own Bin (average), which is that
// box average. The calibration follows: the pixel size is divided by the factor.
// Headless: ImageJ -batch superresolve_stack.ijm /path/to/result.tif
// expect: width=64 height=64 slices=3 bits=8 info=scorej.model=micro-gray info=scorej.task=superres info=scorej.factor=2

out = getArgument();
if (out == "") out = getDirectory("temp") + "scorej_superresolve.tif";
setBatchMode(true);
// the held-out images ship beside plugins/ and models/ in the ImageJ folder (Fiji.app, ~/.imagej), else in the scorej.home folder
home = getDirectory("imagej");
if (!File.isDirectory(home + "test-images")) home = getInfo("scorej.home") + File.separator;
images = home + "test-images" + File.separator;
if (!File.isDirectory(images)) {
	print("ScoreJ's test-images/ folder is not in " + home + ": copy it there as README's install steps say");
	exit();
}
names = newArray("cell", "retina", "coins");
for (i = 0; i < names.length; i++) {
	open(images + names[i] + "-held-out.png");
	makeRectangle(16, 16, 64, 64);
	run("Crop");
	run("Bin...", "x=2 y=2 bin=Average");
	rename(names[i]);
}
run("Images to Stack", "name=small title=[] use");
run("Properties...", "unit=micron pixel_width=0.4 pixel_height=0.4 voxel_depth=1");
run("Restore (ScoreJ)", "model=micro-gray task=super-resolve factor=2 sigma_y=1 steps=10 samples=2 seed=1");
saveAs("Tiff", out);
print("saved " + getTitle() + " (" + getWidth() + "x" + getHeight() + "x" + nSlices + ") to " + out);
