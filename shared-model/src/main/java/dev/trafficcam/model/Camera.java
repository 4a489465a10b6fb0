package dev.trafficcam.model;

import java.util.Objects;

/**
 * A camera, known by where it stands. The triple (address, city, country) is its identity: it is what the frame's file
 * name carries and what the database keeps unique.
 */
public record Camera(String address, String city, String country) {
    public Camera {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(city, "city");
        Objects.requireNonNull(country, "country");
    }
}
