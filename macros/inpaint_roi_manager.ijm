// Inpaint (ScoreJ) with the ROI Manager: without a selection on the image, every area ROI in the
// ROI Manager is a region to fill (here two rectangles). The result is a new image; the input and
// the ROIs are left as they were.
// Headless: ImageJ -batch inpaint_roi_manager.ijm /path/to/result.tif
// expect: width=48 height=40 slices=1 bits=32 info=scorej.command=inpaint info=scorej.unknown_pixels=80

out = getArgument();
if (out == "") out = getDirectory("temp") + "scorej_inpaint_rois.tif";
setBatchMode(true);
newImage("cells", "32-bit ramp", 48, 40, 1);
roiManager("reset");
makeRectangle(4, 4, 8, 5);
roiManager("add");
makeRectangle(30, 20, 5, 8);
roiManager("add");
run("Select None");
run("Inpaint (ScoreJ)", "model=gaussian-mixture-edm steps=10 samples=2 seed=1");
saveAs("Tiff", out);
print("saved " + getTitle() + " to " + out);
