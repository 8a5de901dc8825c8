package dev.mediaqueue.worker.cancel;

import dev.mediaqueue.model.CancelCommand;
import dev.mediaqueue.model.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;

/**
 * Consumes cancel commands from {@code media.control} and flips the job's cancellation token, or
 * remembers the command for a job not running here. A message that is not a cancel command is logged
 * and dropped: redelivering it could never help.
 */
final class ControlListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(ControlListener.class);

    private final CancellationTokens tokens;

    ControlListener(CancellationTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void onMessage(Message message) {
        CancelCommand command;
        try {
            command = WireFormat.read(message.getBody(), CancelCommand.class);
        } catch (WireFormat.MalformedMessageException e) {
            log.warn("Dropping a control message that is not a cancel command: {}", e.getMessage());
            return;
        }
        if (tokens.cancel(command.jobId())) {
            log.info("Cancelling job {}, running here (requested at {})", command.jobId(), command.requestedAt());
        } else {
            log.debug("Remembering the cancel of job {}, not running here", command.jobId());
        }
    }
}
