// Likelihood (ScoreJ) on every image of a folder: the bits/dim of each goes into the Results
// table, which is saved as CSV. Here the folder is made first: three small RGB noise images of
// growing contrast (the bundled gaussian-edm model has 3 channels); point dir at your own folder.
// 8-bit and RGB images get the dequantisation offset, so their bits/dim compare with the literature's.
// Headless: ImageJ -batch likelihood_folder.ijm /path/to/results.csv
// expect: rows=3 column=bits/dim column=NFE

out = getArgument();
if (out == "") out = getDirectory("temp") + "scorej_likelihood.csv";
setBatchMode(true);
dir = getDirectory("temp") + "scorej_likelihood_images" + File.separator;
File.makeDirectory(dir);
for (i = 1; i <= 3; i++) {
	newImage("noise" + i, "8-bit black", 24, 16, 1);
	run("Add...", "value=140");
	run("Add Specified Noise...", "standard=" + (20 * i));
	run("RGB Color");
	saveAs("PNG", dir + "noise" + i + ".png");
	close();
}
run("Clear Results");
files = getFileList(dir);
for (i = 0; i < files.length; i++) {
	if (!endsWith(files[i], ".png")) continue;
	open(dir + files[i]);
	run("Likelihood (ScoreJ)", "model=gaussian-edm seed=1");
	close();
}
saveAs("Results", out);
print("saved " + nResults + " rows to " + out);
