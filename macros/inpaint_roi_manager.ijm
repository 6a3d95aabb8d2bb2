// Inpaint (ScoreJ) with the ROI Manager: without a selection on the image, every area ROI in the
// ROI Manager is a region to fill (here two rectangles on a held-out crop of the moon's surface),
// by the bundled grey model micro-gray. The result is a new image; the input and the ROIs are left as they were.
// Headless: ImageJ -batch inpaint_roi_manager.ijm /path/to/result.tif
// expect: width=64 height=64 slices=1 bits=8 info=scorej.model=micro-gray info=scorej.command=inpaint info=scorej.unknown_pixels=80

out = getArgument();
if (out == "") out = getDirectory("temp") + "scorej_inpaint_rois.tif";
setBatchMode(true);
// the held-out images ship beside plugins/ and models/ in the ImageJ folder (Fiji.app, ~/.imagej), else in the scorej.home folder
home = getDirectory("imagej");
if (!File.isDirectory(home + "test-images")) home = getInfo("scorej.home") + File.separator;
images = home + "test-images" + File.separator;
if (!File.isDirectory(images)) {
	print("ScoreJ's test-images/ folder is not in " + home + ": copy it there as README's install steps say");
	exit();
}
open(images + "moon-held-out.png");
makeRectangle(32, 32, 64, 64);
run("Crop");
roiManager("reset");
makeRectangle(4, 4, 8, 5);
roiManager("add");
makeRectangle(40, 30, 5, 8);
roiManager("add");
run("Select None");
run("Inpaint (ScoreJ)", "model=micro-gray steps=10 samples=2 seed=1");
saveAs("Tiff", out);
print("saved " + getTitle() + " to " + out);
