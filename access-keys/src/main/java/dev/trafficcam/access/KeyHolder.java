package dev.trafficcam.access;

/** Who holds a key: a camera, which posts frames, or a viewer, which reads. */
public enum KeyHolder {
    CAMERA("camera"),
    VIEWER("viewer");

    private final String word;

    KeyHolder(String word) {
        this.word = word;
    }

    /** The holder as the operators' API and its problem types name it. */
    public String word() {
        return word;
    }
}
