package dev.weightinit.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The bench charts (JFreeChart, headless PNG): rates per figure, and rate against size on log axes. */
final class BenchChart {
    private BenchChart() {
    }

    /** Samples/s per (distribution, dtype, size), one bar series per host and device. */
    static byte[] ratesPng(List<BenchReport.Result> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (BenchReport.Result r : results) {
            if (!r.failed()) {
                data.addValue(r.samplesPerSecond() / 1e9, r.host() + " " + r.device(),
                        r.distribution() + " " + r.dtype() + " " + r.size());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("weightinit bench: generation rate", null, "G samples/s", data,
                PlotOrientation.HORIZONTAL, true, false, false);
        int height = Math.max(300, 60 + 18 * data.getColumnCount() * Math.max(1, data.getRowCount()));
        return png(chart, Math.min(height, 4000));
    }

    /** Samples/s against elements, log-log, one line per (host, device, distribution, dtype): where caches give way to memory. */
    static byte[] sizesPng(List<BenchReport.Result> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (BenchReport.Result r : results) {
            if (!r.failed()) {
                String key = r.host() + " " + r.device() + " " + r.distribution() + " " + r.dtype();
                series.computeIfAbsent(key, k -> new XYSeries(k, true, false)).addOrUpdate((double) r.size(), r.samplesPerSecond());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart("weightinit bench: rate against size", "elements", "samples/s", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis elements = new LogAxis("elements");
        LogAxis rate = new LogAxis("samples/s");
        widenSinglePoints(data, elements, true); // before the plot sees the axes: it ranges them at once
        widenSinglePoints(data, rate, false);
        plot.setDomainAxis(elements);
        plot.setRangeAxis(rate);
        return png(chart, 600);
    }

    /**
     * One size (or one rate) gives a log axis of zero width, which JFreeChart refuses ("A positive
     * range length is required"): such an axis spans a factor of 2 either side of the value.
     */
    private static void widenSinglePoints(XYSeriesCollection data, LogAxis axis, boolean domain) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                double v = domain ? data.getXValue(s, i) : data.getYValue(s, i);
                if (v > 0 && Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min == Double.POSITIVE_INFINITY) {
            axis.setRange(1, 10); // nothing timed: an empty chart
        } else if (!(max > min)) {
            axis.setRange(min / 2, max * 2);
        }
    }

    /** The chart as PNG bytes, 1000 pixels wide. */
    private static byte[] png(JFreeChart chart, int height) throws IOException {
        return ChartUtils.encodeAsPNG(chart.createBufferedImage(1000, height));
    }
}
