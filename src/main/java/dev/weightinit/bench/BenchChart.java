package dev.weightinit.bench;

import java.io.IOException;
import java.nio.file.Path;
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
    static void write(List<BenchReport.Result> results, Path png) throws IOException {
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
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, Math.min(height, 4000));
    }

    /** Samples/s against elements, log-log, one line per (host, device, distribution, dtype): where caches give way to memory. */
    static void writeSizes(List<BenchReport.Result> results, Path png) throws IOException {
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
        plot.setDomainAxis(new LogAxis("elements"));
        plot.setRangeAxis(new LogAxis("samples/s"));
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 600);
    }
}
