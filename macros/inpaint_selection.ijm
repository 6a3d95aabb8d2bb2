// Inpaint (ScoreJ): fill the selected region of the current image with posterior samples of the
// bundled grey microscopy model (micro-gray) given the pixels around it. The result ("cell-restored")
// is the samples' mean, of the image's type and size; "cell-uncertainty" holds the per-pixel standard
// deviation. Without a selection, the ROI Manager's ROIs, or mask=[title] of a mask image (non-zero =
// unknown), say where. The image is a held-out crop of ScoreJ's test-images/ (never seen in training).
// Headless: ImageJ -batch inpaint_selection.ijm /path/to/result.tif
// expect: width=64 height=64 slices=1 bits=8 info=scorej.model=micro-gray info=scorej.command=inpaint info=scorej.unknown_pixels=192

out = getArgument();
if (out == "") out = getDirectory("temp") + "scorej_inpaint.tif";
setBatchMode(true);
// the held-out images ship beside plugins/ and models/ in the ImageJ folder (Fiji.app, ~/.imagej), else in the scorej.home folder
home = getDirectory("imagej");
if (!File.isDirectory(home + "test-images")) home = getInfo("scorej.home") + File.separator;
images = home + "test-images" + File.separator;
if (!File.isDirectory(images)) {
	print("ScoreJ's test-images/ folder is not in " + home + ": copy it there as README's install steps say");
	exit();
}
open(images + "cell-held-out.png");
makeRectangle(32, 32, 64, 64);
run("Crop");
rename("cell");
makeRectangle(24, 20, 16, 12);
run("Inpaint (ScoreJ)", "model=micro-gray steps=10 samples=2 seed=1");
saveAs("Tiff", out);
print("saved " + getTitle() + " to " + out);
