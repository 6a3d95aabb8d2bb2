// Image to Image (ScoreJ): SDEdit on the current image. Noise it part way (strength) and let the
// model denoise it back; the result is a new image of the same type, size and calibration, and the
// input is left as it was.
// Headless: ImageJ -batch image_to_image.ijm /path/to/result.tif
// expect: width=60 height=44 slices=3 bits=16 info=scorej.command=image_to_image info=scorej.strength=0.4

out = getArgument();
if (out == "") out = getDirectory("temp") + "scorej_image_to_image.tif";
setBatchMode(true);
newImage("ramp", "16-bit ramp", 60, 44, 3);
run("Add Specified Noise...", "stack standard=3000");
run("Properties...", "unit=micron pixel_width=0.5 pixel_height=0.5 voxel_depth=1");
input = getImageID();
run("Image to Image (ScoreJ)", "model=gaussian-mixture-edm strength=0.4 steps=12 seed=2 normalization=percentile low=1 high=99.8");
if (getImageID() == input) exit("Image to Image (ScoreJ) made no new image");
saveAs("Tiff", out);
print("saved " + getTitle() + " to " + out);
