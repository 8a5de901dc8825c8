package dev.mediaqueue.gateway.delivery;

import dev.mediaqueue.gateway.results.ResultUrls;
import dev.mediaqueue.model.JobStatusView;
import dev.mediaqueue.model.StatusEvent;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A status view with its version: {@code attempt-seq-state}, plus the queue position and ETA when the
 * view has them, so the tag changes whenever anything a client sees changes. Quoted it is the
 * {@code ETag}; bare it is the {@code id} of the event stream's events.
 */
public record TaggedStatus(JobStatusView view, String eventId) {

    /**
     * The signed view of {@code event}, a job's newest status, tagged with the event's place in the job's
     * history and, when it has signed result URLs, their expiry (so the tag changes when the URLs do).
     */
    public static TaggedStatus of(StatusEvent event, ResultUrls.Signed signed) {
        TaggedStatus tagged = of(event, signed.view());
        return signed.version() == null ? tagged : new TaggedStatus(tagged.view(), tagged.eventId() + "-" + signed.version());
    }

    /** The view of {@code event}, a job's newest status, tagged with the event's place in the job's history. */
    public static TaggedStatus of(StatusEvent event, JobStatusView view) {
        StringBuilder id = new StringBuilder()
                .append(event.attempt()).append('-').append(event.seq()).append('-').append(event.state().wireName());
        if (view.queuePosition() != null) {
            id.append("-p").append(view.queuePosition());
        }
        if (view.etaSeconds() != null) {
            id.append("-e").append(view.etaSeconds());
        }
        return new TaggedStatus(view, id.toString());
    }

    /** The view of a job in a terminal state, which has no queue position, ETA or poll advice. */
    public static TaggedStatus ofFinished(StatusEvent event, ResultUrls urls) {
        if (!event.state().isTerminal()) {
            throw new IllegalArgumentException("job " + event.jobId() + " is " + event.state().wireName() + ", not finished");
        }
        return of(event, urls.sign(JobStatusView.of(event, null, null, 0)));
    }

    public String etag() {
        return '"' + eventId + '"';
    }

    public boolean isTerminal() {
        return view.status().isTerminal();
    }

    /**
     * Whether an {@code If-None-Match} value names this version: any of its tags, compared weakly (a
     * proxy that compresses may hand the client {@code W/"…"}), or {@code *}.
     */
    public boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String candidate = tag.strip();
            if (candidate.startsWith("W/")) {
                candidate = candidate.substring(2);
            }
            if (candidate.equals("*") || unquoted(candidate).equals(eventId)) {
                return true;
            }
        }
        return false;
    }

    /** 304 without a body when the client holds this version, else 200 with the view; never cached. */
    public ResponseEntity<JobStatusView> answer(String ifNoneMatch) {
        if (matches(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).cacheControl(CacheControl.noStore()).eTag(etag()).build();
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).eTag(etag()).body(view);
    }

    private static String unquoted(String tag) {
        return tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"") ? tag.substring(1, tag.length() - 1) : tag;
    }
}
