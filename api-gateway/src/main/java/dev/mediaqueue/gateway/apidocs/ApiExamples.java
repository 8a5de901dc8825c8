package dev.mediaqueue.gateway.apidocs;

/**
 * Example bodies for the API description, and the names of the shared problem responses that
 * operations refer to ({@code @ApiResponse(ref = ApiExamples.NOT_FOUND)}).
 */
public final class ApiExamples {

    private ApiExamples() {
    }

    public static final String BAD_REQUEST = "#/components/responses/BadRequest";
    public static final String NOT_FOUND = "#/components/responses/NotFound";
    public static final String STILL_LOADING = "#/components/responses/StillLoading";
    public static final String BROKER_REFUSED = "#/components/responses/BrokerRefused";
    public static final String TOO_LARGE = "#/components/responses/ContentTooLarge";
    public static final String UNSUPPORTED_MEDIA_TYPE = "#/components/responses/UnsupportedMediaType";
    public static final String TOO_MANY_REQUESTS = "#/components/responses/TooManyRequests";

    public static final String START_REQUEST = """
            {"media_type": "video", "config_id": "wan-2.1", "user_input": "A red Bauhaus house at dusk, soft light",
             "language": "en", "priority": "high", "params": {"steps": 30, "duration_ms": 20000}}""";

    public static final String JOB_ACCEPTED = """
            {"job_id": "3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55", "status": "queued",
             "status_url": "/api/job/3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55/status",
             "events_url": "/api/job/3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55/events",
             "cancel_url": "/api/job/3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55/cancel", "poll_after_ms": 2000}""";

    public static final String STATUS_QUEUED = """
            {"job_id": "3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55", "status": "queued", "progress": 0, "message": "Queued",
             "result": null, "error": null, "error_type": null, "created_at": "2026-01-01T10:00:00Z",
             "started_at": null, "completed_at": null, "updated_at": "2026-01-01T10:00:00Z", "media_type": "video",
             "priority": "high", "attempt": 0, "queue_position": 3, "eta_seconds": 360, "preview_url": null,
             "batch_id": null, "poll_after_ms": 2750}""";

    public static final String STATUS_RUNNING = """
            {"job_id": "3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55", "status": "running", "progress": 45,
             "message": "Sampling step 14/30", "result": null, "error": null, "error_type": null,
             "created_at": "2026-01-01T10:00:00Z", "started_at": "2026-01-01T10:05:12Z", "completed_at": null,
             "updated_at": "2026-01-01T10:06:40Z", "media_type": "video", "priority": "high", "attempt": 1,
             "queue_position": null, "eta_seconds": 90, "preview_url": null, "batch_id": null, "poll_after_ms": 1000}""";

    public static final String STATUS_COMPLETED = """
            {"job_id": "3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55", "status": "completed", "progress": 100,
             "message": "Done", "result": {"output_url": "/exports/3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55.gif?exp=1795885200&sig=gEbjQz5Gy0NS3uQUVJsxCdk-A_gPth89sEMqs4VcL1c",
             "content_type": "image/gif", "size_bytes": 482113, "metadata": {"width": 320, "height": 180, "frames": 24}},
             "error": null, "error_type": null, "created_at": "2026-01-01T10:00:00Z",
             "started_at": "2026-01-01T10:05:12Z", "completed_at": "2026-01-01T10:08:02Z",
             "updated_at": "2026-01-01T10:08:02Z", "media_type": "video", "priority": "high", "attempt": 1,
             "queue_position": null, "eta_seconds": null, "preview_url": null, "batch_id": null, "poll_after_ms": 0}""";

    public static final String EVENT_STREAM = """
            retry: 1000
            id: 0-0-queued-p0-e60
            event: status
            data: {"job_id":"3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55","status":"queued","progress":0,…,"poll_after_ms":2000}

            id: 1-0-running-e60
            event: status
            data: {"job_id":"3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55","status":"running","progress":0,…}

            :keep-alive

            id: 1-7-completed
            event: status
            data: {"job_id":"3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55","status":"completed","progress":100,…}
            """;

    public static final String CANCEL_CONFLICT = """
            {"type": "about:blank", "title": "Conflict", "status": 409,
             "detail": "job 3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55 is already completed and can no longer be cancelled",
             "instance": "/api/job/3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55/cancel",
             "job": {"job_id": "3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55", "status": "completed", "progress": 100}}""";

    public static final String JOB_LIST = """
            {"jobs": [{"job_id": "3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55", "status": "running", "progress": 40,
                       "message": "Sampling step 12/30", "media_type": "video", "priority": "high", "attempt": 1,
                       "created_at": "2026-11-28T12:00:00Z", "poll_after_ms": 1000}]}""";

    public static final String BATCH_ACCEPTED = """
            {"batch_id": "c0a1e7d2-51f4-4a8e-9a0b-6f3d2e1c4b77",
             "job_ids": ["3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55", "8b2d4f6a-1c3e-4a5b-9d7f-0e2c4a6b8d1f"],
             "status_url": "/api/job/batch/c0a1e7d2-51f4-4a8e-9a0b-6f3d2e1c4b77"}""";

    public static final String BATCH_STATUS = """
            {"batch_id": "c0a1e7d2-51f4-4a8e-9a0b-6f3d2e1c4b77", "total": 2,
             "counts": {"queued": 0, "running": 1, "completed": 1, "failed": 0, "cancelled": 0},
             "items": [{"job_id": "3f1c2a9e-8d1b-4f57-9a7e-2c6d0b1e4a55", "status": "completed", "progress": 100},
                       {"job_id": "8b2d4f6a-1c3e-4a5b-9d7f-0e2c4a6b8d1f", "status": "running", "progress": 40}]}""";

    public static final String QUEUE_HEALTH = """
            {"broker": "up",
             "queues": {"image": {"depth": 0, "consumers": 1, "oldest_age_seconds": 0},
                        "video": {"depth": 12, "consumers": 2, "oldest_age_seconds": 214},
                        "audio": {"depth": 0, "consumers": 1, "oldest_age_seconds": 0}},
             "jobs": {"queued": 12, "running": 3, "completed": 5120, "failed": 14, "cancelled": 9},
             "checked_at": "2026-11-28T12:00:05Z"}""";
}
