package dev.trafficcam.inference.detector;

import dev.trafficcam.model.ImageFormat;
import dev.trafficcam.model.ModelDetection;
import java.util.List;

/** Something that finds objects in a frame: in AWS, a SageMaker endpoint. */
public interface ObjectDetector {

    /** The name the answer is reported under (the endpoint name). */
    String name();

    /**
     * Finds objects in the frame's raw bytes.
     *
     * @throws ModelCallException when the model fails, answers nonsense or runs out of time
     */
    List<ModelDetection> detect(byte[] image, ImageFormat format);
}
