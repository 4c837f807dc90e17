import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;

import javax.imageio.ImageIO;

/**
 * Renders sfnconnect-stepfunctions-logo.svg (the same shapes, in its 256-unit coordinates) as a square PNG of the
 * given size, antialiased (from connector/src/assembly: {@code java RenderLogo.java 512
 * assets/sfnconnect-stepfunctions-logo.png}). No SVG renderer is
 * needed on the build machine; the PNG is committed.
 */
public class RenderLogo {
    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args[0]);
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(size / 256.0, size / 256.0);
        g.setColor(new Color(0x1f2a44));
        g.fill(new RoundRectangle2D.Double(8, 8, 240, 240, 80, 80));
        Color orange = new Color(0xf7a41d);
        g.setColor(orange);
        g.setStroke(new BasicStroke(8, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(68, 72, 68, 108));
        g.draw(new Line2D.Double(68, 108, 44, 140));
        g.draw(new Line2D.Double(68, 108, 92, 140));
        g.fill(new Ellipse2D.Double(50, 42, 36, 36));
        g.fill(new RoundRectangle2D.Double(26, 140, 36, 30, 16, 16));
        g.fill(new RoundRectangle2D.Double(74, 140, 36, 30, 16, 16));
        g.setColor(Color.WHITE);
        g.draw(new Line2D.Double(118, 155, 150, 155));
        Path2D arrow = new Path2D.Double();
        arrow.moveTo(146, 141);
        arrow.lineTo(164, 155);
        arrow.lineTo(146, 169);
        arrow.closePath();
        g.fill(arrow);
        Color blue = new Color(0x5cc8ff);
        for (int i = 0; i < 5; i++) {
            g.setColor(i < 4 ? blue : new Color(0x5c, 0xc8, 0xff, 140));
            g.fill(new RoundRectangle2D.Double(176, 64 + 28 * i, 48, 20, 10, 10));
        }
        g.dispose();
        ImageIO.write(image, "png", new File(args[1]));
    }
}
