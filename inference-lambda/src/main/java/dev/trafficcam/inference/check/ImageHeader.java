package dev.trafficcam.inference.check;

import dev.trafficcam.model.ImageFormat;

/** What an image's header says about it, read without decoding any pixel. */
public record ImageHeader(ImageFormat format, int width, int height) {
    public long pixels() {
        return (long) width * height;
    }
}
