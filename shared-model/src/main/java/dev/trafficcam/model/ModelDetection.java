package dev.trafficcam.model;

/** One object as the model reported it, before filtering: any label, box corners in the frame's pixels. */
public record ModelDetection(String label, double score, double xmin, double ymin, double xmax, double ymax) {}
