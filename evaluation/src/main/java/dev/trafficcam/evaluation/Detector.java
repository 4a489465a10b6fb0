package dev.trafficcam.evaluation;

import dev.trafficcam.model.ModelDetection;
import java.io.IOException;
import java.util.List;

/** What the evaluation scores: anything that answers a frame's bytes with the Hugging Face detection list. */
public interface Detector {
    /**
     * @param contentType {@code image/jpeg} or {@code image/png}, as a camera sends it
     * @throws IOException when the detector cannot be reached or answers with an error
     */
    List<ModelDetection> detect(byte[] image, String contentType) throws IOException, InterruptedException;

    /** What it is, for the report: a URL, an endpoint's name. */
    String describe();
}
