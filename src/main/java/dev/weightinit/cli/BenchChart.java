package dev.weightinit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** The bench chart: samples/s per (distribution, dtype, size), one bar series per host and device. */
final class BenchChart {
    private BenchChart() {
    }

    static void write(List<BenchReport.Result> results, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (BenchReport.Result r : results) {
            if (!r.status().equals("FAILED")) {
                data.addValue(r.samplesPerSecond() / 1e9, r.host() + " " + r.device(),
                        r.distribution() + " " + r.dtype() + " " + r.size());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("weightinit bench: generation rate", null, "G samples/s", data,
                PlotOrientation.HORIZONTAL, true, false, false);
        int height = Math.max(300, 60 + 18 * data.getColumnCount() * Math.max(1, data.getRowCount()));
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, Math.min(height, 4000));
    }
}
