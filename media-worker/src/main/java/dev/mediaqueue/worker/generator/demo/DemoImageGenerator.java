package dev.mediaqueue.worker.generator.demo;

import dev.mediaqueue.model.JobMessage;
import dev.mediaqueue.model.MediaType;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Simulated image job: a 512×512 PNG, a gradient in colours derived from the prompt, painted band by
 * band as "denoising steps", with the prompt and a "demo" label written on it.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class DemoImageGenerator extends DemoGenerator {

    static final int SIZE = 512;

    DemoImageGenerator(DemoProperties properties) {
        super(MediaType.IMAGE, properties);
    }

    @Override
    Rendering begin(JobMessage job) {
        return new ImageRendering(job.userInput(), new Random(seedOf(job)));
    }

    private static final class ImageRendering implements Rendering {

        private final String prompt;
        private final BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        private final Color from;
        private final Color to;

        ImageRendering(String prompt, Random random) {
            this.prompt = prompt;
            this.from = Color.getHSBColor(random.nextFloat(), 0.65f, 0.95f);
            this.to = Color.getHSBColor(random.nextFloat(), 0.8f, 0.35f);
        }

        @Override
        public void step(int step) {
            int top = (step - 1) * SIZE / STEPS;
            int bottom = step * SIZE / STEPS;
            Graphics2D g = image.createGraphics();
            try {
                g.setPaint(new GradientPaint(0, 0, from, SIZE, SIZE, to));
                g.fillRect(0, top, SIZE, bottom - top);
            } finally {
                g.dispose();
            }
        }

        @Override
        public String describe(int step) {
            return "Denoising step " + step + "/" + STEPS;
        }

        @Override
        public String extension() {
            return "png";
        }

        @Override
        public String contentType() {
            return "image/png";
        }

        @Override
        public Map<String, Object> write(Path file) throws IOException {
            Caption.draw(image, prompt);
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IOException("this Java runtime has no PNG writer");
            }
            return Map.of("width", SIZE, "height", SIZE);
        }
    }

    /** The prompt, word-wrapped in a dark box at the bottom, and the demo label at the top. */
    static final class Caption {

        private static final int MARGIN = 24;
        private static final int MAX_LINES = 6;

        private Caption() {
        }

        static void draw(BufferedImage image, String text) {
            Graphics2D g = image.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
                g.setColor(new Color(255, 255, 255, 200));
                g.drawString("DEMO \u00b7 simulated output, not AI", MARGIN, MARGIN + 8);

                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 22));
                FontMetrics metrics = g.getFontMetrics();
                List<String> lines = wrap(text, metrics, image.getWidth() - 2 * MARGIN);
                int lineHeight = metrics.getHeight();
                int boxHeight = lines.size() * lineHeight + MARGIN;
                int boxTop = image.getHeight() - boxHeight - MARGIN / 2;
                g.setColor(new Color(0, 0, 0, 140));
                g.fillRoundRect(MARGIN / 2, boxTop, image.getWidth() - MARGIN, boxHeight, 16, 16);
                g.setColor(Color.WHITE);
                int y = boxTop + MARGIN / 2 + metrics.getAscent();
                for (String line : lines) {
                    g.drawString(line, MARGIN, y);
                    y += lineHeight;
                }
            } finally {
                g.dispose();
            }
        }

        static List<String> wrap(String text, FontMetrics metrics, int width) {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.trim().split("\\s+")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (metrics.stringWidth(candidate) <= width || line.isEmpty()) {
                    line.setLength(0);
                    line.append(candidate);
                } else {
                    lines.add(line.toString());
                    line.setLength(0);
                    line.append(word);
                }
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
            }
            if (lines.size() > MAX_LINES) {
                List<String> shown = new ArrayList<>(lines.subList(0, MAX_LINES));
                shown.set(MAX_LINES - 1, shown.get(MAX_LINES - 1) + " \u2026");
                return shown;
            }
            return lines;
        }
    }
}
