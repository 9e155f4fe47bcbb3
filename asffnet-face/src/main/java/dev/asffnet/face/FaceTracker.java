package dev.asffnet.face;

import dev.asffnet.api.FaceBox;
import dev.asffnet.api.FaceDetector;
import dev.asffnet.api.FaceImage;
import dev.asffnet.api.InvalidInputException;
import dev.asffnet.api.Landmarks;
import dev.asffnet.api.NoFaceFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Face detection for a sequence of frames (a film, a burst, a folder of similar shots): each face of the
 * previous frame is followed into the next one by the 68-point net in its box, so the face detector runs only
 * on the key frames {@code 0, N, 2N, ...} ({@code N = redetectEvery}, to pick up faces that entered), when the
 * frame size changes, and when a followed face is lost. The boxes of frame {@code k} therefore depend only on
 * the frames from its key frame to {@code k}: a resumed run that feeds those frames again gets the same boxes.
 * A face counts as followed when, in its previous box, the
 * landmarks of one pass of the net are plausible, agree under mirroring
 * ({@link FaceFrontEnd#confidence} at least {@link FaceFrontEnd#MIN_CONFIDENCE}) and their
 * {@linkplain FaceFrontEnd#refinementBox refinement box} overlaps the previous box by at least
 * {@value #MIN_IOU} (IoU); that box, with the previous score, is the face's box in the new frame.
 *
 * <p>Pass the boxes to {@link dev.asffnet.api.Restorer#restorePhoto(FaceImage, List, List)}. One tracker per
 * sequence; calls are serialised. Closing it does not close the front end.
 */
public final class FaceTracker implements FaceDetector {
    /** Frames between two runs of the face detector by default. */
    public static final int DEFAULT_REDETECT_EVERY = 25;
    /** Least overlap of a followed face's new box with its previous box. */
    public static final double MIN_IOU = 0.4;

    private final FaceFrontEnd front;
    private final int redetectEvery;
    private List<FaceBox> previous = List.of();
    private int width = -1;
    private int height = -1;
    private long next;
    private long detections;
    private long followed;

    /**
     * @param front the front end whose detector and landmark net are used; not closed by this tracker
     * @param redetectEvery run the detector at least every this many frames (1: on every frame)
     * @throws InvalidInputException if {@code front} is null or {@code redetectEvery < 1}
     */
    public FaceTracker(FaceFrontEnd front, int redetectEvery) {
        if (front == null) {
            throw new InvalidInputException("front is null: pass the FaceFrontEnd whose nets follow the faces");
        }
        if (redetectEvery < 1) {
            throw new InvalidInputException("redetectEvery must be at least 1 (detect on every frame), got "
                    + redetectEvery);
        }
        this.front = front;
        this.redetectEvery = redetectEvery;
    }

    /**
     * The faces of the next frame of the sequence: those of the previous frame followed into it, or the
     * detector's boxes (as {@link FaceFrontEnd#faces}) when the detector is due or a face was lost.
     *
     * @param frame the next frame
     * @return the face boxes, best first; empty when the detector finds none
     */
    @Override
    public synchronized List<FaceBox> detect(FaceImage frame) {
        if (frame == null) {
            throw new InvalidInputException("frame is null");
        }
        boolean due = next++ % redetectEvery == 0 || previous.isEmpty()
                || frame.width() != width || frame.height() != height;
        Optional<List<FaceBox>> kept = due ? Optional.empty() : follow(frame);
        if (kept.isPresent()) {
            followed++;
            previous = kept.get();
        } else {
            previous = front.faces(frame);
            detections++;
        }
        width = frame.width();
        height = frame.height();
        return previous;
    }

    /** Every previous face followed into {@code frame}, or empty when one is lost. */
    private Optional<List<FaceBox>> follow(FaceImage frame) {
        List<FaceBox> out = new ArrayList<>(previous.size());
        for (FaceBox b : previous) {
            Landmarks l;
            try {
                l = front.followPass(frame, b);
            } catch (NoFaceFoundException e) {
                return Optional.empty();
            }
            FaceBox r = FaceFrontEnd.refinementBox(l);
            if (r.iou(b) < MIN_IOU || front.confidence(frame, b, l) < FaceFrontEnd.MIN_CONFIDENCE) {
                return Optional.empty();
            }
            out.add(new FaceBox(r.x(), r.y(), r.width(), r.height(), b.score()));
        }
        return Optional.of(List.copyOf(out));
    }

    /**
     * Counts a frame of the sequence that is not looked at (unreadable, or already restored and not needed for
     * a later frame of its key-frame block): the frames after it, up to the next key frame, get the detector.
     */
    public synchronized void skip() {
        next++;
        previous = List.of();
    }

    /** @return how many frames were passed to {@link #detect} or {@link #skip} */
    public synchronized long frames() {
        return next;
    }

    /**
     * @param frame index of a frame in the sequence
     * @return whether that frame is a key frame (the detector runs on it)
     */
    public boolean isKeyFrame(long frame) {
        return frame % redetectEvery == 0;
    }

    /** @return the key-frame interval N */
    public int redetectEvery() {
        return redetectEvery;
    }

    /** @return how many frames the face detector ran on */
    public synchronized long detections() {
        return detections;
    }

    /** @return how many frames had their faces followed from the previous frame instead */
    public synchronized long followed() {
        return followed;
    }

    /** Does nothing: the front end belongs to the caller. */
    @Override
    public void close() {
        // the front end is the caller's
    }
}
