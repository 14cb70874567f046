package dev.weightinit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.text.StringEscapeUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
import java.util.Locale;


/**
 * {@code bench.html}: one self-contained, well-formed XHTML page (charts embedded as data URIs)
 * with the machines and devices (driver, compute units, certification), the command lines that
 * made each report, and every figure with what bounds it. Stateless.
 */
final class BenchHtml {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchHtml() {
    }

    static String page(BenchReport report, byte[] ratesPng, byte[] sizesPng) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"utf-8\"/>")
                .append("<title>weightinit bench</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td.l,th.l{text-align:left}")
                .append(".noisy{color:#b00}</style></head><body>\n<h1>weightinit bench</h1>\n");
        html.append("<h2>Machines and devices</h2>\n<table><tr><th class=\"l\">report</th><th class=\"l\">host</th><th class=\"l\">cpu</th>")
                .append("<th>cores</th><th class=\"l\">device</th><th class=\"l\">driver</th><th>compute units</th>")
                .append("<th class=\"l\">certified</th><th class=\"l\">command</th></tr>\n");
        for (JsonNode entry : entries(report)) {
            JsonNode host = entry.path("host");
            for (JsonNode device : entry.path("devices")) {
                html.append("<tr><td class=\"l\">").append(text(entry.path("file").asText("this run")))
                        .append("</td><td class=\"l\">").append(text(host.path("name").asText()))
                        .append("</td><td class=\"l\">").append(text(host.path("cpu").asText()))
                        .append("</td><td>").append(host.path("cores").asInt())
                        .append("</td><td class=\"l\">").append(text(device.path("id").asText() + " " + device.path("description").asText()))
                        .append("</td><td class=\"l\">").append(text(device.path("driver").asText("-")))
                        .append("</td><td>").append(text(device.path("compute_units").asText("-")))
                        .append("</td><td class=\"l\">").append(text(device.path("certified").asText("-")))
                        .append("</td><td class=\"l\"><code>").append(text(command(entry.path("command")))).append("</code></td></tr>\n");
            }
        }
        html.append("</table>\n<h2>Figures</h2>\n<p>").append(text(BenchReport.CEILING_NOTE)).append("</p>\n<table><tr>");
        for (String header : List.of("host", "device", "distribution", "dtype")) {
            html.append("<th class=\"l\">").append(header).append("</th>");
        }
        for (String header : List.of("elements", "status", "median ms", "±95%", "runs", "samples/s", "GB/s", "ceiling GB/s", "of write",
                "raw samples/s", "of raw", "ns per sample per CU", "driver fill GB/s", "read-back GB/s")) {
            html.append("<th>").append(header).append("</th>");
        }
        html.append("<th class=\"l\">ceiling</th></tr>\n");
        for (BenchReport.Result r : report.results()) {
            boolean timed = !r.failed();
            html.append(r.noisy() ? "<tr class=\"noisy\">" : "<tr>");
            for (String cell : List.of(r.host(), r.device(), r.distribution(), r.dtype())) {
                html.append("<td class=\"l\">").append(text(cell)).append("</td>");
            }
            html.append("<td>").append(text(Long.toString(r.size()))).append("</td><td>").append(text(r.status())).append("</td>");
            for (String cell : timed ? List.of(f("%.3f", r.medianSeconds() * 1e3), f("%.1f%%", 100 * r.relativeHalfWidth()),
                    Integer.toString(r.runs()), f("%.4g", r.samplesPerSecond()), f("%.3f", r.gigabytesPerSecond()),
                    f("%.3f", r.ceilingBytesPerSecond() / 1e9), f("%.0f%%", 100 * r.fractionOfCeiling()), f("%.4g", r.rawSamplesPerSecond()),
                    f("%.0f%%", 100 * r.fractionOfRaw()), f("%.3f", r.nanosPerSamplePerUnit()), f("%.3f", r.driverFillBytesPerSecond() / 1e9),
                    f("%.3f", r.readBackBytesPerSecond() / 1e9)) : List.of("-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-")) {
                html.append("<td>").append(text(cell)).append("</td>");
            }
            html.append("<td class=\"l\">").append(text(String.valueOf(r.ceiling()))).append("</td></tr>\n");
        }
        html.append("</table>\n<h2>Charts</h2>\n<p><img alt=\"generation rate\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(ratesPng)).append("\"/></p>\n<p><img alt=\"rate against size\" ")
                .append("src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(sizesPng)).append("\"/></p>\n")
                .append("</body></html>\n");
        return html.toString();
    }

    private static List<JsonNode> entries(BenchReport report) {
        JsonNode document = JSON.valueToTree(report.document());
        if (document.has("reports")) {
            return java.util.stream.StreamSupport.stream(document.get("reports").spliterator(), false).toList();
        }
        return List.of(document);
    }

    private static String command(JsonNode command) {
        if (!command.isArray()) {
            return "-";
        }
        StringBuilder text = new StringBuilder("weightinit bench");
        command.forEach(a -> text.append(' ').append(a.asText()));
        return text.toString();
    }

    private static String f(String format, double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, format, value);
    }

    /**
     * Text for the page: every interpolated value goes through this one escaping function, Commons
     * Text's XML 1.0 escaping ({@code & < > " '} as entities every HTML and XML reader knows; the page
     * stays well-formed XHTML).
     */
    static String text(String value) {
        return StringEscapeUtils.escapeXml10(value);
    }

}
