import Plot
import Vapor

/// The page shown for any error outside the API.
struct ErrorPage {
    let status: HTTPResponseStatus
    let reason: String

    func render() -> String {
        let title: String
        switch status.code {
        case 404: title = "Sidan finns inte"
        case 400..<500: title = "Begäran kunde inte utföras"
        default: title = "Något gick fel"
        }
        return Layout.render(title: title,
            .h1(.text(title)),
            .p(.class("lead"), .text(reason)),
            .p(.a(.href(SiteURL.home), .text("Till startsidan")))
        )
    }
}
