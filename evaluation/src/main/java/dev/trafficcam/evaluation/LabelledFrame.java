package dev.trafficcam.evaluation;

import dev.trafficcam.model.TrafficClass;
import java.nio.file.Path;
import java.util.List;

/**
 * One frame of a labelled set and its ground truth.
 *
 * @param objects the labelled road users of the six traffic classes
 * @param dontCare regions where a detection is neither right nor wrong: crowds ({@code iscrowd}) and objects of other
 *     categories
 */
public record LabelledFrame(Path image, List<Labelled> objects, List<Box> dontCare) {
    public LabelledFrame {
        objects = List.copyOf(objects);
        dontCare = List.copyOf(dontCare);
    }

    /** One labelled object. */
    public record Labelled(TrafficClass trafficClass, Box box) {}

    /** How many objects of this class are labelled in the frame. */
    public int count(TrafficClass trafficClass) {
        return (int)
                objects.stream().filter(o -> o.trafficClass() == trafficClass).count();
    }
}
