// Image to Image (ScoreJ): SDEdit on the current image with the bundled grey model micro-gray. Noise it
// part way (strength) and let the model denoise it back; the result is a new image of the same type, size
// and calibration ("camera-img2img"), and the input is left as it was. The image is a held-out crop of
// ScoreJ's test-images/ with added noise.
// Headless: ImageJ -batch image_to_image.ijm /path/to/result.tif
// expect: width=64 height=64 slices=1 bits=8 info=scorej.model=micro-gray info=scorej.command=image_to_image info=scorej.strength=0.3

out = getArgument();
if (out == "") out = getDirectory("temp") + "scorej_image_to_image.tif";
setBatchMode(true);
// the held-out images ship beside plugins/ and models/ in the ImageJ folder (Fiji.app, ~/.imagej), else in the scorej.home folder
home = getDirectory("imagej");
if (!File.isDirectory(home + "test-images")) home = getInfo("scorej.home") + File.separator;
images = home + "test-images" + File.separator;
if (!File.isDirectory(images)) {
	print("ScoreJ's test-images/ folder is not in " + home + ": copy it there as README's install steps say");
	exit();
}
open(images + "camera-held-out.png");
makeRectangle(32, 32, 64, 64);
run("Crop");
run("Add Specified Noise...", "standard=12");
run("Properties...", "unit=micron pixel_width=0.5 pixel_height=0.5 voxel_depth=1");
input = getImageID();
run("Image to Image (ScoreJ)", "model=micro-gray strength=0.3 steps=12 seed=2 normalization=percentile low=1 high=99.8");
if (getImageID() == input) exit("Image to Image (ScoreJ) made no new image");
saveAs("Tiff", out);
print("saved " + getTitle() + " to " + out);
