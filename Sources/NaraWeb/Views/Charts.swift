import Foundation
import Plot

/// Bar charts drawn on the server as SVG: a title and a description for screen readers, every
/// value written beside its bar (colour is never the only carrier of meaning), colours from the
/// Okabe–Ito palette that people with colour-blindness can tell apart, and a data table is
/// always shown next to the chart by the page. Print as they are.
enum Charts {
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

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

    static func clip(_ s: String, _ n: Int = 88) -> String { s.count > n ? String(s.prefix(n - 1)) + "…" : s }

    /// Horizontal bars, one per item, the label above each bar.
    static func bars(id: String, title: String, description: String, bars: [Bar], maxValue: Int64? = nil, target: (value: Int64, text: String)? = nil) -> Node<HTML.BodyContext> {
        let width = 640, left = 4, barMax = 520, rowHeight = 44
        let top = max(1, maxValue ?? bars.map(\.value).max() ?? 1, target?.value ?? 0)
        let height = rowHeight * bars.count + 12 + (target == nil ? 0 : 18)
        var svg = svgHead(id: id, title: title, description: description, width: width, height: height)
        for (i, bar) in bars.enumerated() {
            let y = i * rowHeight + 4
            let w = Int(Int64(barMax) * max(0, bar.value) / top)
            svg += "<text x=\"\(left)\" y=\"\(y + 13)\" class=\"chart-label\">\(escape(clip(bar.label)))</text>"
            svg += "<rect x=\"\(left)\" y=\"\(y + 19)\" width=\"\(max(w, bar.value > 0 ? 2 : 0))\" height=\"18\" fill=\"\(palette[0])\"></rect>"
            svg += "<text x=\"\(left + w + 6)\" y=\"\(y + 33)\" class=\"chart-value\">\(escape(bar.valueText))</text>"
        }
        if let target {
            let x = left + Int(Int64(barMax) * target.value / top)
            svg += "<line x1=\"\(x)\" y1=\"0\" x2=\"\(x)\" y2=\"\(height - 16)\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"6 4\"></line>"
            svg += "<text x=\"\(min(x + 4, width - 150))\" y=\"\(height - 4)\" class=\"chart-value\">Mål: \(escape(target.text))</text>"
        }
        return figure(svg + "</svg>", caption: title)
    }

    /// Grouped horizontal bars: for each group (an option), one bar per series (a year), with a
    /// legend; each bar carries its value and its series name.
    static func groupedBars(id: String, title: String, description: String, series: [String], groups: [Group], maxValue: Int64) -> Node<HTML.BodyContext> {
        let width = 640, left = 4, barMax = 460, barHeight = 16
        let groupHeight = 22 + series.count * (barHeight + 4) + 8
        let legendHeight = 24
        let height = legendHeight + groupHeight * groups.count + 4
        var svg = svgHead(id: id, title: title, description: description, width: width, height: height)
        for (s, name) in series.enumerated() {
            let x = left + s * 110
            svg += "<rect x=\"\(x)\" y=\"4\" width=\"14\" height=\"14\" fill=\"\(palette[s % palette.count])\"></rect>"
            svg += "<text x=\"\(x + 20)\" y=\"16\" class=\"chart-label\">\(escape(name))</text>"
        }
        for (g, group) in groups.enumerated() {
            let y0 = legendHeight + g * groupHeight
            svg += "<text x=\"\(left)\" y=\"\(y0 + 15)\" class=\"chart-label\">\(escape(clip(group.label)))</text>"
            for (s, v) in group.values.enumerated() {
                let y = y0 + 22 + s * (barHeight + 4)
                let w = Int(Int64(barMax) * max(0, v.value) / max(1, maxValue))
                svg += "<rect x=\"\(left + 48)\" y=\"\(y)\" width=\"\(max(w, v.value > 0 ? 2 : 0))\" height=\"\(barHeight)\" fill=\"\(palette[s % palette.count])\"></rect>"
                svg += "<text x=\"\(left)\" y=\"\(y + 12)\" class=\"chart-value\">\(escape(series[s]))</text>"
                svg += "<text x=\"\(left + 54 + w)\" y=\"\(y + 12)\" class=\"chart-value\">\(escape(v.text))</text>"
            }
        }
        return figure(svg + "</svg>", caption: title)
    }

    static func svgHead(id: String, title: String, description: String, width: Int, height: Int) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" aria-labelledby=\"\(id)-t \(id)-d\">"
            + "<title id=\"\(id)-t\">\(escape(title))</title><desc id=\"\(id)-d\">\(escape(description))</desc>"
    }

    static func figure(_ svg: String, caption: String) -> Node<HTML.BodyContext> {
        .raw("<figure class=\"chart-figure\">" + svg + "<figcaption>" + escape(caption) + "</figcaption></figure>")
    }
}
