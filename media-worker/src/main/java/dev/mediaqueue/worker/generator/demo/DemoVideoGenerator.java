package dev.mediaqueue.worker.generator.demo;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.w3c.dom.Node;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Simulated video job: a looping animated GIF, 256×256, one frame per step: a ball circling over a
 * gradient whose colours come from the prompt.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class DemoVideoGenerator extends DemoGenerator {

    static final int SIZE = 256;
    static final int FRAME_DELAY_CENTISECONDS = 10;

    DemoVideoGenerator(DemoProperties properties) {
        super(MediaType.VIDEO, properties);
    }

    @Override
    Rendering begin(JobMessage job) {
        return new VideoRendering(new Random(seedOf(job)));
    }

    private static final class VideoRendering implements Rendering {

        private final List<BufferedImage> frames = new ArrayList<>(STEPS);
        private final float hue;
        private final Color ball;

        VideoRendering(Random random) {
            this.hue = random.nextFloat();
            this.ball = Color.getHSBColor(random.nextFloat(), 0.9f, 1f);
        }

        @Override
        public void step(int step) {
            double phase = 2 * Math.PI * (step - 1) / STEPS;
            BufferedImage frame = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = frame.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                float shift = (float) (step - 1) / STEPS * 0.2f;
                g.setPaint(new GradientPaint(0, 0, Color.getHSBColor(hue + shift, 0.6f, 0.9f),
                        SIZE, SIZE, Color.getHSBColor(hue + 0.5f + shift, 0.7f, 0.3f)));
                g.fillRect(0, 0, SIZE, SIZE);
                int radius = 24;
                int x = (int) (SIZE / 2 + Math.cos(phase) * SIZE / 3) - radius;
                int y = (int) (SIZE / 2 + Math.sin(phase) * SIZE / 3) - radius;
                g.setColor(ball);
                g.fillOval(x, y, 2 * radius, 2 * radius);
                g.setColor(Color.WHITE);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
                g.drawString("DEMO \u00b7 simulated", 8, 18);
            } finally {
                g.dispose();
            }
            frames.add(frame);
        }

        @Override
        public String describe(int step) {
            return "Rendering frame " + step + "/" + STEPS;
        }

        @Override
        public String extension() {
            return "gif";
        }

        @Override
        public String contentType() {
            return "image/gif";
        }

        @Override
        public Map<String, Object> write(Path file) throws IOException {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
            if (!writers.hasNext()) {
                throw new IOException("this Java runtime has no GIF writer");
            }
            ImageWriter writer = writers.next();
            try (ImageOutputStream stream = ImageIO.createImageOutputStream(file.toFile())) {
                writer.setOutput(stream);
                writer.prepareWriteSequence(null);
                for (BufferedImage frame : frames) {
                    writer.writeToSequence(new IIOImage(frame, null, animationMetadata(writer, frame)), null);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
            return Map.of("width", SIZE, "height", SIZE, "frames", frames.size(),
                    "duration_ms", frames.size() * FRAME_DELAY_CENTISECONDS * 10);
        }

        /** Frame metadata: the delay to the next frame and, in the NETSCAPE2.0 extension, loop forever. */
        private static IIOMetadata animationMetadata(ImageWriter writer, BufferedImage frame) throws IOException {
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
            String format = metadata.getNativeMetadataFormatName();
            IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);

            IIOMetadataNode control = child(root, "GraphicControlExtension");
            control.setAttribute("disposalMethod", "none");
            control.setAttribute("userInputFlag", "FALSE");
            control.setAttribute("transparentColorFlag", "FALSE");
            control.setAttribute("delayTime", Integer.toString(FRAME_DELAY_CENTISECONDS));
            control.setAttribute("transparentColorIndex", "0");

            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0});
            child(root, "ApplicationExtensions").appendChild(loop);

            metadata.setFromTree(format, root);
            return metadata;
        }

        private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
            for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node.getNodeName().equals(name)) {
                    return (IIOMetadataNode) node;
                }
            }
            IIOMetadataNode created = new IIOMetadataNode(name);
            parent.appendChild(created);
            return created;
        }
    }
}
