import Foundation
import Plot

/// Bar charts that use the page's width: labels and values are text at the page's own size (never
/// scaled down with the drawing), each bar a small SVG whose width is a percentage, so the chart
/// reads the same at 1280 px and at 375 px. Every value is written beside its bar (colour is never
/// the only carrier of meaning), colours come from the Okabe–Ito palette that people with
/// colour-blindness can tell apart, a target line is named in a legend rather than on the line, and
/// the page always shows a data table next to the chart, which screen readers use instead of the
/// drawing (the figure carries a title and a description). The styles allow no inline CSS, so
/// sizes live in SVG attributes.
enum Charts {
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    /// The longest bar takes this share of the row, leaving room for its value after it.
    static let barShare = 0.68

    struct Bar: Sendable {
        let label: String
        let value: Int64
        let valueText: String
    }

    struct Group: Sendable {
        let label: String
        /// One value per series, in the order of `series`.
        let values: [(value: Int64, text: String)]
    }

    static func escape(_ s: String) -> String { XLSX.escape(s) }

    /// A label shortened to `n` characters, for places that name a chart in a sentence.
    static func clip(_ s: String, _ n: Int = 88) -> String { s.count > n ? String(s.prefix(n - 1)) + "…" : s }

    /// Horizontal bars, one per item, the label above each bar.
    static func bars(id: String, title: String, description: String, bars: [Bar], maxValue: Int64? = nil, target: (value: Int64, text: String)? = nil) -> Node<HTML.BodyContext> {
        let top = max(1, maxValue ?? bars.map(\.value).max() ?? 1, target?.value ?? 0)
        let targetAt = target.map { percent($0.value, of: top) }
        let rows = bars.map { bar in
            "<div class=\"chart-row\"><div class=\"chart-label\">\(escape(bar.label))</div>"
                + barRow(value: bar.value, of: top, text: bar.valueText, colour: palette[0], targetAt: targetAt) + "</div>"
        }.joined()
        let legend = target.map {
            "<p class=\"chart-legend\"><svg width=\"28\" height=\"14\" aria-hidden=\"true\" focusable=\"false\"><line x1=\"2\" y1=\"7\" x2=\"26\" y2=\"7\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"6 4\"></line></svg> Streckad linje: målet \(escape($0.text))</p>"
        } ?? ""
        return figure(id: id, title: title, description: description, body: rows + legend)
    }

    /// Grouped horizontal bars: for each group (an option), one bar per series (a year), with a
    /// legend; each bar carries its value and its series name.
    static func groupedBars(id: String, title: String, description: String, series: [String], groups: [Group], maxValue: Int64) -> Node<HTML.BodyContext> {
        let legend = "<ul class=\"chart-legend chart-series\">" + series.enumerated().map { s, name in
            "<li>" + swatch(palette[s % palette.count]) + " " + escape(name) + "</li>"
        }.joined() + "</ul>"
        let body = groups.map { group in
            "<div class=\"chart-group\"><div class=\"chart-label\">\(escape(group.label))</div>"
                + group.values.enumerated().map { s, v in
                    "<div class=\"chart-row chart-row-series\"><span class=\"chart-series-name\">\(escape(series[s]))</span>"
                        + barRow(value: v.value, of: max(1, maxValue), text: v.text, colour: palette[s % palette.count], targetAt: nil)
                        + "</div>"
                }.joined() + "</div>"
        }.joined()
        return figure(id: id, title: title, description: description, body: legend + body)
    }

    static func percent(_ value: Int64, of top: Int64) -> Double {
        Double(max(0, min(value, top))) / Double(top) * barShare * 100
    }

    static func number(_ x: Double) -> String { String(format: "%.2f", x) }

    /// One bar as wide as its share of the row and its value just after it, as text of the page
    /// (so its contrast can be measured), over a dashed target line drawn across the whole row.
    static func barRow(value: Int64, of top: Int64, text: String, colour: String, targetAt: Double?) -> String {
        let width = percent(value, of: top)
        let shown = value > 0 ? max(width, 0.4) : 0
        var row = "<div class=\"chart-track\">"
        if let targetAt {
            row += "<svg class=\"chart-target\" width=\"100%\" height=\"100%\" aria-hidden=\"true\" focusable=\"false\">"
                + "<line x1=\"\(number(targetAt))%\" y1=\"0\" x2=\"\(number(targetAt))%\" y2=\"100%\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"6 4\"></line></svg>"
        }
        row += "<svg class=\"chart-bar\" width=\"\(number(shown))%\" height=\"18\" aria-hidden=\"true\" focusable=\"false\">"
            + "<rect width=\"100%\" height=\"18\" fill=\"\(colour)\"></rect></svg>"
        row += "<span class=\"chart-value\">\(escape(text))</span></div>"
        return row
    }

    static func swatch(_ colour: String) -> String {
        "<svg width=\"14\" height=\"14\" aria-hidden=\"true\" focusable=\"false\"><rect width=\"14\" height=\"14\" fill=\"\(colour)\"></rect></svg>"
    }

    /// The chart as a figure: screen readers get its title and description (and the page's table);
    /// the drawing itself is hidden from them.
    static func figure(id: String, title: String, description: String, body: String) -> Node<HTML.BodyContext> {
        .raw("<figure class=\"chart-figure\" aria-labelledby=\"\(escape(id))-t\" aria-describedby=\"\(escape(id))-d\">"
            + "<p class=\"visually-hidden\" id=\"\(escape(id))-d\">\(escape(description))</p>"
            + "<div class=\"chart\" id=\"\(escape(id))\" aria-hidden=\"true\">" + body + "</div>"
            + "<figcaption id=\"\(escape(id))-t\">\(escape(title))</figcaption></figure>")
    }
}
