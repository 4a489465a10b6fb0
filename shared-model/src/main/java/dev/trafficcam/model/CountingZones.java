package dev.trafficcam.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a camera counts: polygons in image coordinates normalised to 0..1 (x to the right, y down), so that a camera
 * may change its resolution. A detection counts when the bottom-centre of its box, where a vehicle or a person meets
 * the road, lies inside a polygon; without polygons the whole frame counts. Every detection is still listed and stored,
 * with whether it counted.
 *
 * <p>Text form, as operators give it and as it travels in the camera authorizer's context (whose values are strings,
 * never lists): each polygon {@code "x,y x,y x,y ..."}, polygons joined by {@code ";"}.
 *
 * @param polygons each a closed ring of at least 3 points (the last joins the first)
 */
public record CountingZones(List<List<Point>> polygons) {
    /** A point of a polygon, each coordinate 0..1 of the image's width and height. */
    public record Point(double x, double y) {}

    public static final CountingZones WHOLE_FRAME = new CountingZones(List.of());

    /**
     * At most 8 polygons of at most 32 points: about 3 KB of context at the most, within what the authorizer's answer
     * carries with room (docs/OPERATIONS.md, "Counting zones").
     */
    public static final int MAX_POLYGONS = 8;

    public static final int MAX_POINTS = 32;

    public CountingZones {
        polygons = polygons.stream().map(List::copyOf).toList();
    }

    /** Whether every detection counts (no polygon drawn). */
    public boolean wholeFrame() {
        return polygons.isEmpty();
    }

    /**
     * The zones of these polygons, each {@code "x,y x,y x,y ..."}.
     *
     * @throws IllegalArgumentException naming the polygon and what is wrong: fewer than 3 points, a coordinate outside
     *     0..1, edges that cross, no area, too many
     */
    public static CountingZones parse(List<String> polygonTexts) {
        if (polygonTexts.size() > MAX_POLYGONS) {
            throw new IllegalArgumentException(
                    "at most " + MAX_POLYGONS + " polygons per camera, got " + polygonTexts.size());
        }
        List<List<Point>> polygons = new ArrayList<>();
        for (int i = 0; i < polygonTexts.size(); i++) {
            String name = "polygon " + (i + 1) + " '" + polygonTexts.get(i).strip() + "'";
            polygons.add(polygon(name, polygonTexts.get(i)));
        }
        return new CountingZones(polygons);
    }

    /** The zones in their text form ({@link #text()}); empty or null text is the whole frame. */
    public static CountingZones fromText(String text) {
        if (text == null || text.isBlank()) {
            return WHOLE_FRAME;
        }
        return parse(List.of(text.split(";")));
    }

    /** {@code "x,y x,y x,y;x,y ..."}, empty for the whole frame. */
    public String text() {
        List<String> rings = new ArrayList<>();
        for (List<Point> polygon : polygons) {
            List<String> points = new ArrayList<>();
            for (Point p : polygon) {
                points.add(number(p.x()) + "," + number(p.y()));
            }
            rings.add(String.join(" ", points));
        }
        return String.join(";", rings);
    }

    /** Whether a detection with this box, in an image of this size, counts: its bottom-centre is in a zone. */
    public boolean counts(BoundingBox box, int width, int height) {
        if (wholeFrame()) {
            return true;
        }
        double x = (box.xmin() + box.xmax()) / 2.0 / width;
        double y = box.ymax() / (double) height;
        for (List<Point> polygon : polygons) {
            if (inside(polygon, x, y)) {
                return true;
            }
        }
        return false;
    }

    /** Each detection with whether it counts here. */
    public List<Detection> mark(List<Detection> detections, Integer width, Integer height) {
        if (wholeFrame() || width == null || height == null) {
            return detections;
        }
        return detections.stream()
                .map(d -> d.counted(counts(d.box(), width, height)))
                .toList();
    }

    /** Ray casting: crossings of a ray to the right from (x, y). A point on an edge may fall either way. */
    static boolean inside(List<Point> polygon, double x, double y) {
        boolean inside = false;
        for (int i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
            Point a = polygon.get(i);
            Point b = polygon.get(j);
            if ((a.y() > y) != (b.y() > y) && x < (b.x() - a.x()) * (y - a.y()) / (b.y() - a.y()) + a.x()) {
                inside = !inside;
            }
        }
        return inside;
    }

    private static List<Point> polygon(String name, String text) {
        String[] pairs = text.strip().split("\\s+");
        if (text.isBlank() || pairs.length < 3) {
            throw new IllegalArgumentException(name + " has " + (text.isBlank() ? 0 : pairs.length)
                    + " point(s); a polygon needs at least 3, as \"x,y x,y x,y\"");
        }
        if (pairs.length > MAX_POINTS) {
            throw new IllegalArgumentException(
                    name + " has " + pairs.length + " points; at most " + MAX_POINTS + " are allowed");
        }
        List<Point> points = new ArrayList<>();
        for (String pair : pairs) {
            String[] xy = pair.split(",", -1);
            double x;
            double y;
            try {
                if (xy.length != 2) {
                    throw new NumberFormatException();
                }
                x = Double.parseDouble(xy[0]);
                y = Double.parseDouble(xy[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        name + ": '" + pair + "' is not a point \"x,y\" of two numbers from 0 to 1");
            }
            if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
                throw new IllegalArgumentException(name + ": the point " + pair
                        + " is outside the image; coordinates are 0 to 1 of its width and height");
            }
            points.add(new Point(x, y));
        }
        for (int i = 0; i < points.size(); i++) {
            for (int j = i + 1; j < points.size(); j++) {
                boolean adjacent = j == i + 1 || (i == 0 && j == points.size() - 1);
                if (!adjacent
                        && crosses(
                                points.get(i),
                                points.get((i + 1) % points.size()),
                                points.get(j),
                                points.get((j + 1) % points.size()))) {
                    throw new IllegalArgumentException(name + " intersects itself: its edge " + (i + 1) + " crosses"
                            + " its edge " + (j + 1) + "; give the points in order around the zone");
                }
            }
        }
        if (Math.abs(area(points)) < 1e-6) {
            throw new IllegalArgumentException(name + " has no area: its points are on one line");
        }
        return points;
    }

    /** Whether segments ab and cd share a point (touching counts: a polygon may not touch itself either). */
    private static boolean crosses(Point a, Point b, Point c, Point d) {
        double d1 = cross(c, d, a);
        double d2 = cross(c, d, b);
        double d3 = cross(a, b, c);
        double d4 = cross(a, b, d);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
            return true;
        }
        return (d1 == 0 && on(c, d, a))
                || (d2 == 0 && on(c, d, b))
                || (d3 == 0 && on(a, b, c))
                || (d4 == 0 && on(a, b, d));
    }

    private static double cross(Point o, Point a, Point b) {
        return (a.x() - o.x()) * (b.y() - o.y()) - (a.y() - o.y()) * (b.x() - o.x());
    }

    private static boolean on(Point a, Point b, Point p) {
        return Math.min(a.x(), b.x()) <= p.x()
                && p.x() <= Math.max(a.x(), b.x())
                && Math.min(a.y(), b.y()) <= p.y()
                && p.y() <= Math.max(a.y(), b.y());
    }

    private static double area(List<Point> points) {
        double sum = 0;
        for (int i = 0; i < points.size(); i++) {
            Point a = points.get(i);
            Point b = points.get((i + 1) % points.size());
            sum += a.x() * b.y() - b.x() * a.y();
        }
        return sum / 2;
    }

    private static String number(double value) {
        String text = String.format(Locale.ROOT, "%.4f", value);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
